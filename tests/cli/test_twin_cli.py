"""`stockgate twin serve` on real loopback HTTP, and `stockgate twin coverage`, as users run them."""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256, Client

from stockgate.cli import main

CMD = [sys.executable, "-m", "stockgate"]


def _ready(proc: subprocess.Popen[str], timeout: float = 60.0) -> str:
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    if not sel.select(timeout):
        proc.kill()
        pytest.fail(f"no READY line within {timeout} s; stderr: {proc.stderr.read() if proc.stderr else ''}")
    line = proc.stdout.readline()
    assert line.startswith("READY http://127.0.0.1:"), line
    return line.split()[1]


@pytest.fixture
def served(request: pytest.FixtureRequest) -> Iterator[tuple[subprocess.Popen[str], str]]:
    extra = getattr(request, "param", [])
    proc = subprocess.Popen([*CMD, "twin", "serve", "magento@2.4.9", "--port", "0", *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        yield proc, _ready(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)  # drains and closes the pipes


def test_serve_answers_oauth_signed_requests_and_stops_on_sigterm(served: tuple[subprocess.Popen[str], str]) -> None:
    proc, base = served
    url = f"{base}/rest/default/V1/inventory/get-product-salable-quantity/TS-RED-S/2"
    client = Client("stockgate-demo-consumer-key", client_secret="stockgate-demo-consumer-secret",
                    resource_owner_key="stockgate-demo-token", resource_owner_secret="stockgate-demo-token-secret",
                    signature_method=SIGNATURE_HMAC_SHA256)  # Magento refuses HMAC-SHA1 (auth.oauth1_signature)
    _uri, headers, _ = client.sign(url)
    r = httpx.get(url, headers=headers)
    assert (r.status_code, r.json()) == (200, 8)
    assert httpx.get(url).status_code == 401  # unsigned: anonymous, refused by ACL
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(20) == 0


@pytest.mark.parametrize("served", [["--clock", "frozen"]], indirect=True)
def test_a_frozen_twin_dates_its_answers_on_its_own_clock(served: tuple[subprocess.Popen[str], str]) -> None:
    """Retry-After dates are on the twin's clock: so is Date, or a client computes a wait from two clocks."""
    _proc, base = served
    answer = httpx.get(f"{base}/rest/default/V1/store/storeConfigs")
    assert answer.headers.get_list("date") == ["Mon, 05 Jan 2026 09:00:00 GMT"]


@pytest.mark.parametrize("served", [["--profile", "integration-bearer-on", "--fault",
                                     "lost-response@/V1/order/*/refund,method=POST", "--fault",
                                     "http-429@/V1/inventory/*,retry_after=30,times=2"]], indirect=True)
def test_serve_injects_faults_over_real_http(served: tuple[subprocess.Popen[str], str]) -> None:
    _proc, base = served
    auth = {"Authorization": "Bearer stockgate-demo-token"}
    url = f"{base}/rest/V1/inventory/get-product-salable-quantity/MUG-BLK/2"
    assert [httpx.get(url, headers=auth).status_code for _ in range(3)] == [429, 429, 200]
    with httpx.Client(base_url=f"{base}/rest/default/V1") as c:
        cart = c.post("/guest-carts").json()
        c.post(f"/guest-carts/{cart}/items", json={"cartItem": {"sku": "MUG-BLK", "qty": 1}})
        address = {"firstname": "A", "lastname": "B", "street": ["1"], "city": "C", "country_id": "US",
                   "postcode": "1", "telephone": "1"}
        c.post(f"/guest-carts/{cart}/shipping-information", json={"addressInformation": {
            "shipping_address": address, "shipping_carrier_code": "flatrate", "shipping_method_code": "flatrate"}})
        order = c.post(f"/guest-carts/{cart}/payment-information",
                       json={"email": "a@example.com", "paymentMethod": {"method": "checkmo"}}).json()
        c.post(f"/order/{order}/invoice", headers=auth, json={})
        with pytest.raises(httpx.TransportError):  # the connection drops after the credit memo is written
            c.post(f"/order/{order}/refund", headers=auth, json={"items": [{"order_item_id": 1, "qty": 1}]})
        assert c.get("/creditmemos?searchCriteria=", headers=auth).json()["total_count"] == 1


def test_serve_stops_on_sigint(served: tuple[subprocess.Popen[str], str]) -> None:
    proc, _base = served
    proc.send_signal(signal.SIGINT)
    assert proc.wait(20) == 0


def test_serve_on_a_busy_port_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(["twin", "serve", "magento@2.4.8", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"stockgate: error: cannot listen on 127.0.0.1:{port}") and err.count("\n") == 1


@pytest.mark.parametrize("argv", [
    ["twin", "serve", "magento@9.9.9"],
    ["twin", "serve", "magento@2.4.8", "--seed", "nope"],
    ["twin", "serve", "magento@2.4.8", "--profile", "limits"],
    ["twin", "serve", "magento@2.4.8", "--port", "70000"],
    ["twin", "serve", "magento@2.4.8", "--fault", "http-429"],
    ["twin", "serve", "magento@2.4.8", "--fault", "boom@/V1/*"],
    ["twin", "serve", "magento@2.4.8", "--fault", "latency@/V1/*,sconds=3"],
    ["twin", "serve", "lightspeed@2026-07", "--seed", "nope"],
], ids=["version", "seed", "profile", "port", "fault-shape", "fault-kind", "fault-key", "lightspeed-seed"])
def test_bad_arguments_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("stockgate: error: ") and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("version", ["2.4.5", "2.4.6", "2.4.7", "2.4.8", "2.4.9"])
def test_connector_coverage_is_complete_for_every_magento_version(capsys: pytest.CaptureFixture[str],
                                                                  version: str) -> None:
    assert main(["twin", "coverage", f"magento@{version}", "--connector-only", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    missing = [r["operation"] for r in report["operations"] if not (r["implemented"] and r["in_contract"])]
    assert missing == []
    assert report["percent"] == 100.0


def test_coverage_text_names_the_gap_when_a_route_is_missing(capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Planted: a twin without the refund route reports it missing."""
    from stockgate.twins.magento.app import MagentoApp

    real = MagentoApp.operations
    monkeypatch.setattr(MagentoApp, "operations",
                        lambda self: [o for o in real(self) if o != "POST /V1/order/{orderId}/refund"])
    assert main(["twin", "coverage", "magento@2.4.8", "--connector-only"]) == 0
    out = capsys.readouterr().out
    assert "POST /V1/order/{orderId}/refund" in out and "71 of 72" in out


CONTRACT_REFS = [*(f"magento@{v}" for v in ("2.4.5", "2.4.6", "2.4.7", "2.4.8", "2.4.9")),
                 *(f"lightspeed@{v}" for v in ("2.0", "2026-01", "2026-04", "2026-07", "2026-10"))]


@pytest.mark.parametrize("ref", CONTRACT_REFS)
def test_coverage_lists_every_contract_operation_once(capsys: pytest.CaptureFixture[str], ref: str) -> None:
    """Issue 15: coverage is over the whole contract, not the operations the reference connector calls."""
    from stockgate.contracts import load_contract

    contract = load_contract(ref)
    assert main(["twin", "coverage", ref, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    listed = [row["operation"] for row in report["operations"]]
    assert len(listed) == len(set(listed)) == len(contract.operations)
    assert set(listed) == set(contract.operations)
    emulated = sum(row["emulated"] for row in report["operations"])
    assert all(row["answer"] == ("emulated" if row["emulated"] else "501") for row in report["operations"])
    assert (report["total"], report["emulated"], report["not_emulated"]) == (len(listed), emulated,
                                                                             len(listed) - emulated)
    assert report["percent"] == round(100 * emulated / len(listed), 1) and 0 < report["percent"] < 100
    areas = report["areas"]
    assert sum(a["total"] for a in areas) == len(listed) and sum(a["emulated"] for a in areas) == emulated
    for area in areas:
        rows = [r for r in report["operations"] if r["area"] == area["area"]]
        assert (len(rows), sum(r["emulated"] for r in rows)) == (area["total"], area["emulated"]), area["area"]
    relevant = [a for a in areas if a["connector_relevant"]]
    share = report["connector_relevant"]
    assert share["areas"] == [a["area"] for a in relevant]
    assert (share["total"], share["emulated"]) == (sum(a["total"] for a in relevant),
                                                   sum(a["emulated"] for a in relevant))
    assert share["percent"] > report["percent"]  # the twin emulates what connectors touch first


def test_coverage_counts_what_the_twin_answers_not_a_list(capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Planted: a twin without the refund route reports one operation fewer, the refund answered 501 (credit memos)."""
    from stockgate.twins.magento.app import MagentoApp

    real = MagentoApp.operations
    monkeypatch.setattr(MagentoApp, "operations",
                        lambda self: [o for o in real(self) if o != "POST /V1/order/{orderId}/refund"])
    assert main(["twin", "coverage", "magento@2.4.8", "--format", "json"]) == 0
    planted = json.loads(capsys.readouterr().out)
    monkeypatch.undo()
    assert main(["twin", "coverage", "magento@2.4.8", "--format", "json"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert planted["emulated"] == full["emulated"] - 1
    row = next(r for r in planted["operations"] if r["operation"] == "POST /V1/order/{orderId}/refund")
    assert (row["answer"], row["area"]) == ("501", "sales/creditmemos")


def test_coverage_text_shows_areas_and_both_percentages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["twin", "coverage", "magento@2.4.8"]) == 0
    out = capsys.readouterr().out
    assert "GET /V1/stockStatuses/{productSku}" in out  # every operation is listed, by area
    area_lines = {line.split()[0]: line for line in out.splitlines() if line.startswith(("inventory ", "catalog-"))}
    assert {"inventory", "catalog-inventory"} <= set(area_lines)
    last = out.strip().splitlines()[-1]
    assert "of 594 operations of magento@2.4.8's contract" in out and "connector-relevant areas" in last


def test_lightspeed_serve_answers_with_rate_limit_headers_and_as_of_routing() -> None:
    proc = subprocess.Popen([*CMD, "twin", "serve", "lightspeed@2026-10", "--as-of", "2027-02-15", "--profile",
                             "registers-2", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        base = _ready(proc)
        auth = {"Authorization": "Bearer stockgate-demo-token"}
        r = httpx.get(f"{base}/api/2026-10/outlets", headers=auth)
        assert (r.status_code, r.headers["x-ratelimit-limit"]) == (200, "650")
        assert httpx.get(f"{base}/api/2026-01/inventory", headers=auth).status_code == 404  # served by 2026-04 now
        assert httpx.post(f"{base}/api/2026-01/inventory", headers=auth, json={"size": 1}).status_code == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=10)


def test_connector_coverage_is_complete_for_lightspeed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["twin", "coverage", "lightspeed@2026-07", "--connector-only", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["percent"] == 100.0
    assert all(r["implemented"] for r in report["operations"] if "not served" not in r["note"])


def test_as_of_is_refused_for_magento(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["twin", "serve", "magento@2.4.8", "--as-of", "2027-01-01"]) == 2
    assert "Lightspeed twins only" in capsys.readouterr().err
