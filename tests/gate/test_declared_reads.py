"""A command: connector declares its reads in a file (--reads), merged into the surface its run derives.

Issue 16 item 2. Planted: the --to contract (a copy of magento 2.4.9) retypes ``total_count`` of the source item list,
which tests/connectors/stock_command.py pages by but never sends on. Inferred reads miss it (the
change is info, the gate passes); declared, the change blocks and the consumer line says where the
reads came from. A bad reads file is one line and exit 2, before any scenario runs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from stockgate.cli import main
from tests.gate.test_sent_rules import _write

FROM, TO = "magento@2.4.8,lightspeed@2026-10", "magento@2.4.9,lightspeed@2026-10"
ONE = "per-location/sale-moves-only-its-source"
CONNECTOR = Path(__file__).resolve().parents[1] / "connectors" / "stock_command.py"
OP = "GET /V1/inventory/source-items"


def _retype_total_count(doc: dict[str, Any]) -> None:
    doc["definitions"]["inventory-api-data-source-item-search-results-interface"]["properties"]["total_count"][
        "type"] = "string"


def _reads_file(path: Path, operation: str = OP, **extra: Any) -> Path:
    use = {"platform": "magento", "operation": operation, "read": ["items[].sku", "total_count"], **extra}
    path.write_text(yaml.safe_dump({"surface_format": 1, "connector": "stock_command", "operations": [use]}))
    return path


def _gate(capsys: pytest.CaptureFixture[str], tmp_path: Path, contracts: Path, *argv: str) -> tuple[int, str, Any]:
    code = main(["gate", "--from", FROM, "--to", TO, "--report-dir", str(tmp_path / "reports"), "--jobs", "1",
                 "--contracts-dir", str(contracts), "--scenario", ONE, "--cassettes", str(tmp_path / "none"),
                 "--connector", f"command:{sys.executable} {CONNECTOR}", *argv])
    out, err = capsys.readouterr()
    data = json.loads((tmp_path / "reports" / "gate.json").read_text()) if code in (0, 1) else None
    return code, out + err, data


def _total_count(data: Any) -> dict[str, Any]:
    return next(c for d in data["diffs"] for c in d["changes"]
                if c["operation"] == OP and c["field"] == "total_count" and c["rule"] == "response-property-retyped")


def test_declared_reads_are_merged_and_block_what_inference_missed(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, contracts_copy: Path) -> None:
    _write(contracts_copy, _retype_total_count)
    code, out, data = _gate(capsys, tmp_path, contracts_copy)
    change = _total_count(data)
    assert (change["severity"], change["why"]) == ("info", "the connector does not read it"), change
    assert "reads inferred for" in data["consumer"] and "declared" not in data["consumer"]
    assert code == 0, out

    reads = _reads_file(tmp_path / "reads.yaml")
    code, out, data = _gate(capsys, tmp_path, contracts_copy, "--reads", str(reads))
    change = _total_count(data)
    assert (change["severity"], change["why"], change["blocking"]) == ("breaking", "the connector reads it", True)
    assert f"reads declared in {reads} for 1 operation(s) ({OP}); otherwise inferred for" in data["consumer"]
    assert code == 1, out
    assert any(c["rule"] == "response-property-retyped" for d in data["diffs"] for c in d["changes"]
               if c["blocking"])


@pytest.mark.parametrize(("write", "words"), [
    (lambda p: _reads_file(p, "GET /V1/inventory/source-item"), "did you mean 'GET /V1/inventory/source-items'"),
    (lambda p: _reads_file(p, reads=["x"]), "reads"),
    (lambda p: p.write_text("surface_format: 1\nconnector: x\n"), "operations"),
    (lambda p: p, "no such file"),
], ids=["unknown-operation", "unknown-key", "missing-key", "missing-file"])
def test_a_bad_reads_file_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                 write: Any, words: str) -> None:
    path = tmp_path / "reads.yaml"
    write(path)
    code = main(["gate", "--from", FROM, "--to", TO, "--report-dir", str(tmp_path / "reports"), "--scenario", ONE,
                 "--reads", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and words in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "gate " not in out, (out, err)


def test_reads_go_with_the_observed_consumer_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    reads = _reads_file(tmp_path / "reads.yaml")
    code = main(["gate", "--from", FROM, "--to", TO, "--report-dir", str(tmp_path / "r"), "--consumer", "none",
                 "--reads", str(reads)])
    _out, err = capsys.readouterr()
    assert code == 2 and "--reads" in err and "--consumer observed" in err, err
