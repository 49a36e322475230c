"""`stockgate diff` as users run it: verdicts and exit codes, formats, accepted changes, bad input."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from stockgate.cli import main

UPGRADE = ["lightspeed@2026-01", "lightspeed@2026-04"]  # the inventory redesign: blocks the reference connector
METHOD_MOVED = "de3e97ded69c"  # operation-method-changed GET /inventory, 2026-01 -> 2026-04


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_blocking_upgrade_exits_1_and_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, *UPGRADE)
    assert code == 1
    assert out.splitlines()[1].startswith("FAIL: 2 blocking change(s)")
    assert f"[{METHOD_MOVED}] breaking operation-method-changed GET /inventory: GET -> POST (the connector calls it)" \
        in out
    assert "what to do: send the new method" in out and "Derived contracts" in out


def test_a_harmless_upgrade_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "magento@2.4.6", "magento@2.4.7")
    assert code == 0 and "PASS: nothing blocks" in out and "info change(s) not shown (--all lists them)" in out
    code, out, _ = _run(capsys, "magento@2.4.6", "magento@2.4.7", "--fail-on", "risky")
    assert code == 1 and "inventory.sku_whitespace_rejected" in out  # risky blocks when asked to


def test_without_a_consumer_every_change_keeps_its_rule_severity(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "magento@2.4.6", "magento@2.4.7", "--consumer", "none", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["consumer"] == "" and data["counts"]["breaking"] > 50


def test_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(capsys, *UPGRADE, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["passed"] is False and data["derived_contracts"] == UPGRADE
    assert {c["fingerprint"] for c in data["changes"] if c["blocking"]} >= {METHOD_MOVED}
    code, out, _ = _run(capsys, *UPGRADE, "--format", "junit")
    suite = ET.fromstring(out.split("\n", 1)[1])
    assert suite.get("failures") == "2" and len(suite.findall("testcase/failure")) == 2
    code, out, _ = _run(capsys, *UPGRADE, "--format", "md", "--output", str(tmp_path / "diff.md"))
    assert out.startswith("FAIL: 2 blocking") and (tmp_path / "diff.md").read_text().startswith("## Contract diff")
    assert not list(tmp_path.glob(".tmp-*"))


def test_an_accepted_change_is_shown_with_its_reason_and_does_not_block(capsys: pytest.CaptureFixture[str],
                                                                         tmp_path: Path) -> None:
    code, out, _ = _run(capsys, *UPGRADE, "--format", "json")
    blocking = [c["fingerprint"] for c in json.loads(out)["changes"] if c["blocking"]]
    accepted = tmp_path / "accepted.yaml"
    accepted.write_text("accepted_format: 1\naccepted:\n" + "".join(
        f"  - fingerprint: {f}\n    reason: \"v5 reads POST /inventory on 2026-04+\"\n    expires: 2099-12-31\n"
        for f in blocking))
    code, out, _ = _run(capsys, *UPGRADE, "--accepted", str(accepted))
    assert code == 0 and "2 accepted" in out and "accepted until 2099-12-31:" in out and "v5 reads POST" in out


def test_an_expired_acceptance_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    accepted = tmp_path / "accepted.yaml"
    accepted.write_text(f"accepted_format: 1\naccepted:\n  - fingerprint: {METHOD_MOVED}\n"
                        "    reason: \"v5 reads POST /inventory on 2026-04+\"\n    expires: 2020-01-31\n")
    code, out, _ = _run(capsys, *UPGRADE, "--accepted", str(accepted))
    assert code == 1 and "accepted-expired" in out and "accepted until 2020-01-31" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["magento@2.4.6", "lightspeed@2026-07"], "two platforms"),
    (["magento@2.4.6", "magento@9.9.9"], "9.9.9"),
    (["magento@2.4.6", "magento@2.4.7", "--consumer", "nope.yaml"], "--consumer nope.yaml: no surface file"),
    (["magento@2.4.6", "magento@2.4.7", "--accepted", "nope.yaml"], "--accepted nope.yaml: no such file"),
    (["magento@2.4.6", "magento@2.4.7", "--format", "xml"], "invalid choice: 'xml'"),
])
def test_bad_arguments_get_one_message_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                  message: str) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2 and message in err and "Traceback" not in err and out == ""


@pytest.mark.parametrize(("text", "message"), [
    ("accepted_format: 1\naccepted:\n  - fingerprint: xyz\n    reason: \"long enough reason\"\n"
     "    expires: 2027-01-01\n", "accepted[0].fingerprint"),
    ("accepted_format: 1\naccepted:\n  - fingerprint: 0123456789ab\n    reason: \"long enough reason\"\n"
     "    expires: 2027-02-30\n", "not a calendar date"),
    ("accepted_format: 1\naccepted:\n  - fingerprint: 0123456789ab\n    reson: \"long enough reason\"\n"
     "    expires: 2027-01-01\n", "reason"),
])
def test_a_malformed_accepted_file_names_file_line_and_key(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                           text: str, message: str) -> None:
    accepted = tmp_path / "accepted.yaml"
    accepted.write_text(text)
    code, _out, err = _run(capsys, "magento@2.4.6", "magento@2.4.7", "--accepted", str(accepted))
    assert code == 2 and f"{accepted}:" in err and message in err


def test_a_dangling_ref_in_a_contract_is_a_data_error(capsys: pytest.CaptureFixture[str], contracts_copy: Path) -> None:
    import hashlib
    import re

    document = contracts_copy / "magento" / "2.4.9" / "openapi.yaml"
    document.write_text(document.read_text().replace("#/definitions/sales-data-order-item-interface",
                                                     "#/definitions/sales-data-order-item-interfaces", 1))
    digest = hashlib.sha256(document.read_bytes()).hexdigest()
    index = contracts_copy / "index.toml"
    index.write_text(re.sub(r'(ref = "magento@2\.4\.9"[^\[]*?sha256 = ")[0-9a-f]{64}', rf"\g<1>{digest}",
                            index.read_text(), flags=re.S))
    code, _out, err = _run(capsys, "magento@2.4.8", "magento@2.4.9", "--contracts-dir", str(contracts_copy))
    assert code == 2 and "magento@2.4.9" in err and "a $ref points at nothing" in err
    assert "sales-data-order-item-interfaces" in err and "Traceback" not in err
