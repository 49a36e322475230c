"""`contracts pull` and `contracts list` as issue 20's outsider QA run found them: a --contracts-dir
without index.toml hinted "leave it out" (pull cannot), an HTML page given as --file read as "must be
a mapping (got str)", and a pulled Lightspeed version inherited the release's support window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.live.conftest import in_process, lightspeed_document

ROOT = Path(__file__).resolve().parents[2]


def test_pull_into_a_folder_without_index_does_not_hint_leaving_it_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    document = tmp_path / "api.json"
    document.write_bytes((ROOT / "contracts" / "lightspeed" / "2026-07" / "openapi.json").read_bytes())
    code, _, err = in_process(monkeypatch, capsys, "contracts", "pull", "lightspeed", "--file", str(document),
                              "--as", "2027-01", "--contracts-dir", str(empty))
    assert code == 2 and "no index.toml" in err and err.count("\n") == 1, err
    assert "leave it out" not in err and "stockgate contracts copy DIR" in err, err
    code, _, err = in_process(monkeypatch, capsys, "contracts", "list", "--contracts-dir", str(empty))
    assert code == 2 and "leave it out for the shipped contracts" in err, err  # reading: the hint still holds


@pytest.mark.parametrize(("suffix", "body"), [
    (".html", "<!doctype html><html><head><title>Maintenance</title></head><body><h1>Back soon</h1></body></html>"),
    (".json", "<!DOCTYPE html>\n<html><body>Sign in</body></html>"),
    (".yaml", "  <html><body>Sign in</body></html>"),
])
def test_an_html_page_as_file_says_so(suffix: str, body: str, *, contracts: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / f"page{suffix}"
    page.write_text(body)
    code, _, err = in_process(monkeypatch, capsys, "contracts", "pull", "lightspeed", "--file", str(page),
                              "--as", "2027-01", "--contracts-dir", str(contracts))
    assert code == 2 and err.count("\n") == 1, err
    assert f"--file {page}" in err or f"--file {page.name}" in err or "--file" in err, err
    assert "looks like an HTML page" in err and "(got str)" not in err, err
    assert not (contracts / "lightspeed" / "2027-01").exists()


def test_a_pulled_lightspeed_version_has_an_unknown_support_window(
        contracts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    document = tmp_path / "api-2027-01.json"
    data = json.loads(lightspeed_document("2027-01"))
    data["info"]["version"] = "2026-10"
    document.write_text(json.dumps(data))
    code, out, err = in_process(monkeypatch, capsys, "contracts", "pull", "lightspeed", "--file", str(document),
                                "--as", "2027-01", "--contracts-dir", str(contracts))
    assert code == 0, err
    code, out, err = in_process(monkeypatch, capsys, "contracts", "list", "--format", "json",
                                "--contracts-dir", str(contracts))
    assert code == 0, err
    rows = {row["ref"]: row for row in json.loads(out)["contracts"]}
    pulled = rows["lightspeed@2027-01"]
    assert pulled["support_ends"] == "unknown", pulled
    assert "pulled" in pulled["support_source"] and "2026-10" in pulled["support_source"], pulled
    assert rows["lightspeed@2026-10"]["support_ends"] == "2027-10"


def test_the_gates_contract_evidence_labels_a_pulled_hash_as_pulled(
        contracts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from types import SimpleNamespace

    from stockgate.gate.run import _contracts

    document = tmp_path / "api-2027-01.json"
    document.write_bytes(lightspeed_document("2027-01"))
    code, _, err = in_process(monkeypatch, capsys, "contracts", "pull", "lightspeed", "--file", str(document),
                              "--as", "2027-01", "--contracts-dir", str(contracts))
    assert code == 0, err
    monkeypatch.setenv("STOCKGATE_CONTRACTS_DIR", str(contracts))
    pair = SimpleNamespace
    shown = _contracts(SimpleNamespace(before=pair(magento="2.4.8", lightspeed="2026-07"),
                                       after=pair(magento="2.4.8", lightspeed="2027-01")))  # type: ignore[arg-type]
    import hashlib

    pulled = shown["lightspeed@2027-01"]
    assert pulled["status"] == "pulled" and "published_sha256" not in pulled, pulled
    assert pulled["pulled_sha256"] == hashlib.sha256(document.read_bytes()).hexdigest()
    assert "pulled_sha256" not in shown["lightspeed@2026-07"] and shown["lightspeed@2026-07"]["published_sha256"]
