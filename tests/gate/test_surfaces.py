"""The surface the gate filters by is the connector's on --to, with reads known or inferred, never assumed total."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from stockgate.cli import main
from stockgate.scenarios.usage import reused_fields


def _gate(capsys: pytest.CaptureFixture[str], tmp_path: Path, before: str, after: str,
          *argv: str) -> tuple[int, str, dict[str, Any]]:
    code = main(["gate", "--from", before, "--to", after, "--report-dir", str(tmp_path / "reports"), "--jobs", "1",
                 "--cassettes", str(tmp_path / "no-cassettes"), *argv])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return code, out, json.loads((tmp_path / "reports" / "gate.json").read_text())


@pytest.mark.parametrize(("before", "after"), [
    ("magento@2.4.9,lightspeed@2026-01", "magento@2.4.9,lightspeed@2026-04"),
    ("magento@2.4.9,lightspeed@2.0", "magento@2.4.9,lightspeed@2026-01"),
], ids=["2026-01-to-2026-04", "2.0-to-2026-01"])
def test_the_reference_connector_passes_the_lightspeed_upgrades_it_handles(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, before: str, after: str) -> None:
    """It switches GET /inventory to POST (2026-04) and sales to date versions (2026-01): not blocked for that."""
    code, out, data = _gate(capsys, tmp_path, before, after)
    assert code == 0, "\n".join(line for line in out.splitlines() if "BLOCKS" in line)
    assert all(s["outcome"] in ("passed", "fixed") for s in data["scenarios"])
    assert "observed on --to in this run; reads observed" in data["consumer"]


def test_a_python_connector_on_httpx_has_its_reads_traced(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    """2.4.7 renames discounts[].rule_id in /V1/products answers: a connector that never reads it is not blocked."""
    code, out, data = _gate(capsys, tmp_path, "magento@2.4.6,lightspeed@2026-01", "magento@2.4.7,lightspeed@2026-01",
                            "--connector", "python:tests.mutants.adapters:RestocksDamaged",
                            "--scenario", "per-location/sale-moves-only-its-source")
    assert "reads traced" in data["consumer"], data["consumer"]
    assert "discounts[].rule_id" not in "\n".join(line for line in out.splitlines() if "BLOCKS" in line)
    assert code == 0, out


def _entry(path: str, body: Any = None, answer: Any = None, query: str = "") -> Any:
    return SimpleNamespace(path=path, query=query, request_body=body, response_body=answer)


def test_reads_are_inferred_from_values_later_requests_carry() -> None:
    entries = [_entry("/api/2026-07/products", answer={"data": [{"id": "prod-123", "name": "Mug", "active": True}]}),
               _entry("/api/2026-07/products/prod-123/inventory", answer={"data": []}),
               _entry("/rest/V1/x", body={"sku": "MUG-BLK"}, answer={"sku": "MUG-BLK", "id": 7})]
    assert reused_fields(entries) == {0: {"data[].id"}}  # the name is never sent on; the last answer has no sequel
