"""Issue 20's second outsider QA walk (README only, wheel install) on the merchant's-own-store path.

Each test is one thing the walk found: a Magento schema pulled as Lightspeed, a one-operation document
accepted, POST /inventory (a read) never checked, pacing reported as Retry-After waits, "connector"
meaning two things, an INCOMPLETE twin check exiting like DIFFERS, a store's non-conforming value
seeded into the twin and blamed on it, .hypothesis/ written into the current folder, --registers out of
range, twin check refusing --format md, and four messages that said the wrong thing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from stockgate.contracts import load_contract
from tests.live.conftest import OAUTH, PLANTED, in_process, lightspeed_document

ROOT = Path(__file__).resolve().parents[2]
LIGHTSPEED = {"STOCKGATE_LIGHTSPEED_TOKEN": "stockgate-demo-token"}


def _pull_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], contracts: Path, path: Path,
               name: str = "2027-01") -> tuple[int, str, str]:
    return in_process(monkeypatch, capsys, "contracts", "pull", "lightspeed", "--file", str(path), "--as", name,
                      "--contracts-dir", str(contracts))


def test_a_magento_schema_pulled_as_lightspeed_is_refused(contracts: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = (contracts / "index.toml").read_text()
    code, out, err = _pull_file(monkeypatch, capsys, contracts, ROOT / "contracts/magento/2.4.8/openapi.yaml")
    assert code == 2 and "Magento" in err and err.count("\n") == 1 and out == "", err
    assert (contracts / "index.toml").read_text() == before and not (contracts / "lightspeed/2027-01").exists()


def test_a_document_without_the_connectors_operations_is_refused(
        contracts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    tiny = tmp_path / "tiny.yaml"
    tiny.write_text("openapi: 3.0.1\ninfo: {title: t, version: '2027-01'}\nservers: [{url: 'https://x/api/2027-01'}]\n"
                    "paths:\n  /outlets:\n    get: {responses: {'200': {description: ok}}}\n")
    code, out, err = _pull_file(monkeypatch, capsys, contracts, tiny)
    assert code == 2 and err.count("\n") == 1 and out == "", err
    assert "connector calls" in err and "GET /products" in err and "missing" in err, err
    assert not (contracts / "lightspeed/2027-01").exists()


def test_a_whole_lightspeed_document_still_pulls(contracts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "api-2027-01.json"
    document.write_bytes(lightspeed_document("2027-01"))
    code, _, err = _pull_file(monkeypatch, capsys, contracts, document)
    assert code == 0, err
    profile = (contracts / "lightspeed/2027-01/profile.yaml").read_text()
    assert "input_limits" not in profile and "rate_limit" in profile  # a Lightspeed example fact (item 14)


def test_a_lightspeed_read_sent_as_post_is_checked_read_only_and_a_write_is_still_refused() -> None:
    from stockgate.live.client import Limits, Refused, StoreClient
    from stockgate.live.verify import api_prefix, ordered_operations, post_reads
    from stockgate.target import lightspeed_store

    contract = load_contract("lightspeed@2026-07")
    profile = contract.profile()
    assert post_reads(contract, profile) == ["POST /inventory"]
    order = ordered_operations(contract, False, api_prefix(contract, "default"), profile)
    assert "POST /inventory" in order and "POST /sales" not in order
    assert order.index("POST /inventory") < order.index("GET /brands")  # the connector's read: early
    sent: list[str] = []
    transport = httpx.MockTransport(lambda r: (sent.append(f"{r.method} {r.url.path}"),
                                               httpx.Response(200, json=[]))[1])
    target = lightspeed_store("http://127.0.0.1:9", LIGHTSPEED)
    client = StoreClient(target=target, platform="lightspeed", transport=transport, strict=False,
                         limits=Limits(rate=1000, reads_by_post=("/api/2026-07/inventory",)))
    client.request("POST", "/api/2026-07/inventory", body=b'{"size": 5}')
    with pytest.raises(Refused):
        client.request("POST", "/api/2026-07/sales", body=b"{}")
    with pytest.raises(Refused):
        client.request("PUT", "/api/2026-07/inventory", body=b"{}")
    assert sent == ["POST /api/2026-07/inventory"]


def test_pacing_and_retry_after_waits_are_reported_apart() -> None:
    from stockgate.live.report import headline
    from stockgate.live.verify import VerifyResult

    result = VerifyResult(ref="lightspeed@2026-07", store="staging:abc", budget=200, rate=2.0, writes_allowed=False,
                          sent=200, waited=0.0, paced=212.5, planned=1, checked={"GET /outlets": 1})
    line = headline(result)
    assert "paced 212 s to keep half the rate limit" in line and "Retry-After" not in line, line
    result.waited = 3
    assert "waited 3 s on Retry-After" in headline(result)


def test_the_plan_says_how_long_the_budget_takes_at_that_pace() -> None:
    from stockgate.live.verify import budget_seconds

    assert 290 <= budget_seconds(200, 2.0, (175, 300.0)) <= 320  # 200 requests, one register: about 5 min
    assert budget_seconds(10, 2.0, None) == pytest.approx(4.5)


def test_the_gate_note_names_the_contracts_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from types import SimpleNamespace

    from stockgate.gate.run import _extension_notes

    monkeypatch.setenv("STOCKGATE_CONTRACTS_DIR", str(tmp_path / "my-contracts"))
    report = SimpleNamespace(platform="magento", from_version="2.4.8", to_version="my-staging",
                             changes=[SimpleNamespace(extension=True)], extensions=list)
    notes = _extension_notes([report], {"magento@my-staging": {"status": "pulled"}})
    assert f"--contracts-dir {tmp_path / 'my-contracts'}" in notes[0], notes


def test_verify_live_and_diff_agree_on_what_the_connector_calls() -> None:
    from stockgate.live.verify import api_prefix, connector_first

    contract = load_contract("magento@2.4.8")
    mine = [op for op in connector_first(contract, api_prefix(contract, "default")) if op.startswith("GET ")]
    assert set(mine) == {"GET /V1/creditmemos", "GET /V1/orders", "GET /V1/orders/{id}", "GET /V1/products"}, mine


def test_the_report_calls_the_rest_connector_areas() -> None:
    from stockgate.live.report import FORMATS
    from stockgate.live.verify import VerifyResult

    result = VerifyResult(ref="magento@2.4.8", store="staging:abc", budget=5, rate=2.0, writes_allowed=False,
                          planned=3, order=["GET /V1/products", "GET /V1/inventory/sources", "GET /V1/x"],
                          connector=["GET /V1/products"], connector_area=["GET /V1/inventory/sources"],
                          checked={"GET /V1/products": 1, "GET /V1/inventory/sources": 1})
    text = FORMATS["text"][1](result)
    assert "GET /V1/inventory/sources (1 answer(s), connector area)" in text, text
    assert "GET /V1/products (1 answer(s), connector)" in text


def test_a_small_twin_check_budget_is_exit_2_and_writes_nothing(demo_store: str, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = in_process(monkeypatch, capsys, "twin", "check", "magento@2.4.8", "--target", demo_store,
                                "--rate", "50/s", "--max-requests", "5", "--report-dir", str(tmp_path / "r"),
                                env=OAUTH)
    assert code == 2 and err.count("\n") == 1 and "--max-requests" in err and out == "", err
    assert not (tmp_path / "r").exists() or not any((tmp_path / "r").iterdir())


def test_a_store_value_its_contract_forbids_is_not_seeded_into_the_twin(store: Callable[..., str],
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    url = store("magento@2.4.8", "--fault", PLANTED)
    _, out, _ = in_process(monkeypatch, capsys, "twin", "check", "magento@2.4.8", "--target", url, "--rate",
                           "50/s", "--format", "json", env=OAUTH)
    report = json.loads(out)
    blamed = [d for c in report["comparisons"] for d in c["differences"] if "store boolean, twin string" in d]
    assert not blamed, blamed
    assert any("where its contract says boolean" in line for line in report["store_not_conforming"]), report


def test_twin_check_writes_md_to_stdout(demo_store: str, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = in_process(monkeypatch, capsys, "twin", "check", "magento@2.4.8", "--target", demo_store,
                                "--rate", "50/s", "--format", "md", env=OAUTH)
    assert code == 0 and out.startswith("# twin check magento@2.4.8"), err


def test_registers_outside_1_to_1000_is_refused(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    for count in ("5000", "0"):
        code, _, err = in_process(monkeypatch, capsys, "verify-live", "lightspeed@2026-07", "--target",
                                  "http://127.0.0.1:9", "--registers", count, env=LIGHTSPEED)
        assert code == 2 and "1 to 1000" in err and err.count("\n") == 1, err


def test_verify_live_leaves_no_hypothesis_folder(demo_store: str, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("STOCKGATE_", "HYPOTHESIS_"))}
    env.update(OAUTH, STOCKGATE_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-m", "stockgate", "verify-live", "magento@2.4.8", "--target", demo_store,
                           "--rate", "50/s", "--max-requests", "6", "--examples", "2"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode in (0, 1), done.stderr
    assert not (tmp_path / ".hypothesis").exists()  # the generator's files go under the cache folder
    assert (tmp_path / "cache" / "hypothesis").is_dir()


def test_messages_say_what_is_wrong(tmp_path: Path, contracts: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x\n")
    code, _, err = in_process(monkeypatch, capsys, "contracts", "copy", str(afile))
    assert code == 2 and "is a file" in err, err
    code, _, err = in_process(monkeypatch, capsys, "verify-live", "magento@2.4.8", "--target", "http://127.0.0.1:9",
                              "--operation", "GET /V1/nope", env=OAUTH)
    assert code == 2 and "?;" not in err, err
    binary = tmp_path / "bin.json"
    binary.write_bytes(bytes([0xA7, 0x00, 0xFF, 0x10]) * 25)
    code, _, err = _pull_file(monkeypatch, capsys, contracts, binary)
    assert code == 2 and "not text" in err and "0xa7" not in err, err
