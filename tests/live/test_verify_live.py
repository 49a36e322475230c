"""`stockgate verify-live` against served twins standing in for a staging store, in other processes.

A clean twin conforms; a twin with a planted conformance bug (the ``corrupt-field`` fault: every
``enabled`` of a source answered as a string) is found, with a request that reproduces it; a 429 with
Retry-After is waited out; the budget holds; nothing written names the host or a credential.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.live.conftest import OAUTH, PLANTED, in_process, stockgate

FAST = ("--rate", "50/s", "--examples", "1")


def test_a_conforming_store_exits_0(demo_store: str) -> None:
    url = demo_store
    done = stockgate("verify-live", "magento@2.4.8", "--target", url, "--max-requests", "40", *FAST,
                     "--format", "json", env=OAUTH)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] and report["sent"] == 40 and report["findings"] == []
    assert next(iter(report["checked"])) == "GET /V1/products"  # what the connector calls (its surface) first


def test_a_planted_conformance_bug_is_found_and_reported_without_host_or_credentials(
        store: Callable[..., str], tmp_path: Path) -> None:
    url = store("magento@2.4.8", "--fault", PLANTED)
    reports = tmp_path / "reports"
    done = stockgate("verify-live", "magento@2.4.8", "--target", url, "--max-requests", "30", *FAST,
                     "--report-dir", str(reports), env=OAUTH)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr
    data = json.loads((reports / "verify-live.json").read_text())
    finding = data["findings"][0]
    assert finding["operation"] == "GET /V1/inventory/sources"
    assert "/items/0/enabled: 'yes' is not of type 'boolean'" in finding["problem"]
    assert finding["request"].startswith("GET /rest/default/V1/inventory/sources")
    assert {f["operation"] for f in data["findings"]} == {"GET /V1/inventory/sources"}  # nothing else is blamed
    assert sorted(p.name for p in reports.iterdir()) == ["verify-live.json", "verify-live.junit.xml",
                                                           "verify-live.md", "verify-live.txt"]
    assert "<failure" in (reports / "verify-live.junit.xml").read_text()
    assert "| `GET /V1/inventory/sources` | 200 |" in (reports / "verify-live.md").read_text()
    host = url.split("//")[1]
    for text in [p.read_text() for p in reports.iterdir()] + [done.stdout, done.stderr]:
        for planted in (host, *OAUTH.values()):
            assert planted not in text


def test_retry_after_is_honoured_within_the_budget(store: Callable[..., str]) -> None:
    url = store("magento@2.4.8", "--fault", "http-429@/V1/inventory/sources,retry_after=1,times=1")
    done = stockgate("verify-live", "magento@2.4.8", "--target", url, "--max-requests", "5", *FAST,
                     "--operation", "GET /V1/inventory/sources", "--format", "json", env=OAUTH)
    report = json.loads(done.stdout)
    assert done.returncode == 0, done.stdout + done.stderr
    assert report["waited_seconds"] == 1 and report["checked"] == {"GET /V1/inventory/sources": 2}
    assert report["sent"] == 3  # the 429, its retry, the generated case


@pytest.mark.parametrize(("argv", "says"), [
    (("magento@2.4.8", "--rate", "0"), "--rate"),
    (("magento@2.4.8", "--max-requests", "0"), "--max-requests"),
    (("magento@2.4.8", "--operation", "POST /V1/inventory/source-items"), "read-only run sends GET"),
    (("lightspeed@2026-07", "--registers", "0"), "--registers 0"),
    (("magento@2.4.8", "--registers", "2"), "Lightspeed only"),
    (("magento@9.9.9",), "unknown version magento@9.9.9"),
])
def test_usage_errors_are_one_line_exit_2(argv: tuple[str, ...], says: str, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = in_process(monkeypatch, capsys, "verify-live", *argv, "--target", "http://127.0.0.1:9", env=OAUTH)
    assert code == 2 and says in err and len(err.strip().splitlines()) == 1, err


def test_no_credentials_is_exit_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = in_process(monkeypatch, capsys, "verify-live", "magento@2.4.8", "--target", "http://127.0.0.1:9")
    assert code == 2 and "STOCKGATE_MAGENTO_TOKEN" in err


LIGHTSPEED = {"STOCKGATE_LIGHTSPEED_TOKEN": "stockgate-demo-token"}


def test_lightspeed_keeps_to_half_its_rate_limit_and_finds_a_planted_bug(store: Callable[..., str]) -> None:
    url = store("lightspeed@2026-07", "--fault", "corrupt-field@/products,method=GET,times=0,field=sku,value=42")
    done = stockgate("verify-live", "lightspeed@2026-07", "--target", url, "--max-requests", "12", *FAST,
                     "--registers", "3", "--format", "json", env=LIGHTSPEED)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr
    assert "at most 475 per 300 s (half the rate limit)" in done.stderr  # (300 x 3 + 50) // 2
    report = json.loads(done.stdout)
    assert next(iter(report["checked"])) == "GET /outlets"  # the connector's operations first
    finding = next(f for f in report["findings"] if f["operation"] == "GET /products")
    assert "/data/0/sku: 42 is not of type 'string'" in finding["problem"]
    assert finding["request"] == "GET /api/2026-07/products?page_size=5"
    assert LIGHTSPEED["STOCKGATE_LIGHTSPEED_TOKEN"] not in done.stdout + done.stderr


def test_allow_writes_creates_a_run_named_test_sku_lists_it_and_checks_each_answer(store: Callable[..., str]) -> None:
    from stockgate.live.client import StoreClient
    from stockgate.target import magento_store

    url = store("magento@2.4.8")
    done = stockgate("verify-live", "magento@2.4.8", "--target", url, "--max-requests", "30", *FAST,
                     "--operation", "GET /V1/products", "--allow-writes", "--format", "json", env=OAUTH)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    report = json.loads(done.stdout)
    product, stocked = report["writes"]
    sku = product.split()[1]
    assert sku.startswith("sg-") and sku.endswith("-1") and f"source item {sku} on source default" in stocked
    assert {"POST /V1/products", "GET /V1/products/{sku}", "POST /V1/inventory/source-items",
            "GET /V1/inventory/source-items"} <= set(report["checked"])
    reader = StoreClient(target=magento_store(url, OAUTH))
    answer = reader.get(f"/rest/default/V1/products/{sku}")  # it is in the store, and stays there
    assert answer.status_code == 200 and answer.json()["status"] == 2
    reader.close()
    plain = stockgate("verify-live", "magento@2.4.8", "--target", url, "--max-requests", "10", *FAST,
                      "--operation", "GET /V1/products", "--format", "json", env=OAUTH)
    assert json.loads(plain.stdout)["writes"] == [] and "read-only" in plain.stderr
