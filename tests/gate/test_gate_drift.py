"""`stockgate gate --drift`: the simulated week on both sides; a worse band blocks, the same band passes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stockgate.errors import UsageError
from stockgate.gate.drift import DriftSize, findings

SIDE = {"pair": "magento@2.4.8,lightspeed@2026-07", "reason": "r", "p95_delay_s": 60.0}


@pytest.mark.parametrize(("before", "after", "blocking", "kinds"), [
    ("GREEN", "GREEN", None, 0), ("AMBER", "GREEN", None, 0), ("GREEN", "AMBER", True, 1),
    ("AMBER", "RED", True, 1), ("GREEN", "INCOMPLETE", False, 1), ("INCOMPLETE", "RED", False, 1),
])
def test_a_worse_band_blocks_and_an_incomparable_side_is_risky(before: str, after: str, blocking: bool | None,
                                                              kinds: int) -> None:
    out = findings({**SIDE, "band": before}, {**SIDE, "band": after}, DriftSize())
    assert len(out) == kinds
    if out:
        assert out[0].blocking is blocking and out[0].kind == "drift"
        assert after in out[0].actual


def test_sizes_parse_and_bad_ones_are_named() -> None:
    assert DriftSize.parse("") == DriftSize()
    assert DriftSize.parse("skus=100, days=1,daily-orders=50") == DriftSize(skus=100, days=1, daily_orders=50)
    with pytest.raises(UsageError, match="expected KEY=N pairs"):
        DriftSize.parse("sku=100")
    with pytest.raises(UsageError, match="'many' is not a whole number"):
        DriftSize.parse("days=many")


def _gate(tmp_path: Path, *argv: str) -> tuple[int, dict[str, object], str]:
    from stockgate.cli import main

    reports = tmp_path / "reports"
    code = main(["gate", *argv, "--jobs", "1", "--report-dir", str(reports), "--quiet"])
    return code, json.loads((reports / "gate.json").read_text()), (reports / "gate.md").read_text()


def test_the_reference_connector_keeps_its_band_across_an_upgrade(tmp_path: Path) -> None:
    code, document, md = _gate(tmp_path, "--from", "magento@2.4.7,lightspeed@2026-07", "--to",
                               "magento@2.4.8,lightspeed@2026-07", "--scenario", "reservations/web-order-counted-once",
                               "--drift", "skus=120,daily-orders=100,days=1")
    drift = document["drift"]
    assert isinstance(drift, dict) and drift["from"]["band"] == drift["to"]["band"] == "GREEN", drift
    assert code == 0 and not [f for f in document["findings"] if f["kind"] == "drift"]  # type: ignore[index]
    assert "drift week (2 stores, 120 SKUs" in md


@pytest.mark.long  # about 5 minutes (nox -s long): the broken side's week is slow
def test_a_connector_the_upgrade_breaks_blocks_on_its_worse_band(tmp_path: Path) -> None:
    """The planted failure: the indie connector that keeps the 2.0 inventory read, gated onto 2026-04."""
    from tests.connectors.indie.mutants import spec

    code, document, _ = _gate(tmp_path, "--from", "magento@2.4.9,lightspeed@2026-01", "--to",
                              "magento@2.4.9,lightspeed@2026-04", "--scenario", "reservations/web-order-counted-once",
                              "--connector", spec("old-inventory-read"), "--drift", "skus=120,daily-orders=100,days=1")
    drift = [f for f in document["findings"] if f["kind"] == "drift"]  # type: ignore[union-attr]
    assert code == 1 and drift and drift[0]["blocking"], document["drift"]


def test_a_bad_size_is_one_line_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from stockgate.cli import main

    code = main(["gate", "--drift", "stores=0", "--report-dir", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2 and "--stores 0: expected 1" in err and err.count("\n") == 1, err
