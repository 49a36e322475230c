"""The risk band's boundaries, exactly as issue 19 words them (unit: no simulation)."""

from __future__ import annotations

import pytest

from stockgate.drift.measure import band, percentile

MIN = 60.0


@pytest.mark.parametrize(("p95", "hours", "late", "colour"), [
    (30 * MIN, 4.99, 0, "GREEN"),  # delay at the top of 15-30 min, fixes under 5 h
    (15 * MIN, 0.0, 0, "GREEN"),
    (30 * MIN + 1, 0.0, 0, "AMBER"),  # a second over 30 min
    (30 * MIN, 5.0, 0, "AMBER"),  # exactly 5 h: not under (GREEN), not over (RED)
    (30 * MIN, 5.01, 0, "RED"),  # manual reconciliation over 5 h a week
    (0.0, 0.0, 1, "RED"),  # an oversell after a delay over 5 min
    (60 * MIN, 0.0, 0, "AMBER"),
], ids=["30min-4.99h", "15min", "30min+1s", "5h-exactly", "5.01h", "late-oversell", "60min"])
def test_band_edges(p95: float, hours: float, late: int, colour: str) -> None:
    result = band(p95, hours, late)
    assert result.colour == colour
    assert result.reason and "\n" not in result.reason


def test_band_says_whether_within_15_min() -> None:
    assert "within 15 min" in band(15 * MIN, 0, 0).reason
    assert "over 15" in band(15 * MIN + 1, 0, 0).reason


def test_oversell_lag_edge_is_strictly_over_5_min() -> None:
    from stockgate.drift.measure import summarize
    from stockgate.drift.model import Incident, MeasuredSale, Raw

    def colour(lag: float) -> str:
        raw = Raw(end=86400.0, incidents=[Incident(kind="oversell", at=10.0, sku="A", units=1, lag=lag)],
                  sales=[MeasuredSale(n=1, sku="A", outlet="o", qty=1, at=5.0, peak=True, reflected_at=65.0)])
        return summarize(raw, seed=1, minutes_per_fix=5).band.colour

    assert colour(300.0) == "GREEN"  # 5 min exactly is not "over 5 min"
    assert colour(300.001) == "RED"


def test_a_run_that_measured_no_pos_sale_gets_no_green() -> None:
    from stockgate.drift.measure import summarize
    from stockgate.drift.model import Raw

    summary = summarize(Raw(end=86400.0), seed=1, minutes_per_fix=5)
    assert summary.band.colour == "INCOMPLETE" and "no POS sale was measured" in summary.band.reason


def test_percentile_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile([], 95) == 0.0
