"""The drift report's wording (unit: a hand-made run, no simulation): partial runs, the outage, cadence, peak times."""

from __future__ import annotations

import datetime as dt
import json

from stockgate.drift.config import DriftConfig, Outage
from stockgate.drift.html import render_html
from stockgate.drift.measure import summarize
from stockgate.drift.model import DayEnd, Incident, MeasuredSale, Raw
from stockgate.drift.report import as_json, render_markdown, render_text

CONFIG = DriftConfig(stores=2, skus=200, daily_orders=100, days=2)


def sales(end: float) -> list[MeasuredSale]:
    """A sale every 10 min, reflected 2 min later; those in 12:00-14:00 are peak sales."""
    return [MeasuredSale(n=n, sku=f"S{n}", outlet="Outlet 1", qty=1, at=at, reflected_at=at + 120,
                         peak=43200 <= at % 86400 < 50400) for n, at in enumerate(range(600, int(end) - 600, 600))]


def interrupted(end: float = 86040.0, day_ends: list[DayEnd] | None = None) -> Raw:
    return Raw(end=end, sales=sales(end), interrupted=True, day_ends=day_ends or [],
               traffic={"POST /V1/inventory/source-items": [300.0, 600.0, 12600.0]},
               counts={"POS sales": len(sales(end))})


def render(config: DriftConfig, raw: Raw) -> tuple[str, str, str, dict[str, object]]:
    summary = summarize(raw, seed=1, minutes_per_fix=config.minutes_per_fix)
    return (render_text(config, summary, raw), render_markdown(config, summary, raw),
            render_html(config, summary, raw), as_json(config, summary, raw))


def test_an_interrupted_run_gives_no_band_verdict_and_a_readable_span() -> None:
    text, md, page, data = render(CONFIG, interrupted())
    for shown in (text, md, page):
        assert "INCOMPLETE" in shown and "GREEN" not in shown, shown
        assert "23.9 h of 2 days" in shown
    assert "0.995" not in text
    assert "manual fixes" in text and "not known: no day ended before the interrupt" in text
    assert "h/week" not in text.split("manual fixes", 1)[1].splitlines()[0]
    assert "p50 2.0 min" in text  # the measured numbers are still shown
    assert data["band"]["colour"] == "INCOMPLETE" and data["manual_fixes"] is None  # type: ignore[index]


def test_an_interrupted_run_counts_fixes_of_the_days_that_ended_only() -> None:
    ended = [DayEnd(day=0, at=86400.0, cells=6, units=6.0)]
    text, *_ = render(CONFIG, interrupted(end=86400 + 36000, day_ends=ended))
    line = next(x for x in text.splitlines() if "manual fixes" in x)
    assert "from 1 day that ended" in line and "3.5 h/week" in line  # 6 x 5 min = 0.5 h a day


def test_the_outage_is_in_the_header_and_in_the_reason_when_it_mattered() -> None:
    start = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
    config = DriftConfig(stores=2, skus=200, daily_orders=100, days=1, outage=Outage(start=start, seconds=7200))
    raw = Raw(end=86400.0, sales=sales(86400.0), counts={"ticks skipped (outage)": 24},
              incidents=[Incident(kind="oversell", at=40000.0, sku="S1", lag=3000.0)])
    text, md, page, _data = render(config, raw)
    for shown in (text, md, page):
        assert "connector down 2026-12-07 10:00-12:00 UTC (2 h outage)" in shown, shown
    assert "RED" in text
    reason = next(x for x in text.splitlines() if x.startswith("RED"))
    assert "outage" in reason


def test_without_an_outage_the_reason_does_not_mention_one() -> None:
    text, *_ = render(DriftConfig(stores=2, skus=200, daily_orders=100, days=1), Raw(end=86400.0, sales=sales(86400)))
    assert "outage" not in text


def test_pushes_are_labelled_as_intervals_between_pushes_with_why() -> None:
    text, md, *_ = render(CONFIG, Raw(end=86400.0 * 2, sales=sales(86400.0 * 2),
                                      traffic={"POST /V1/inventory/source-items": [300.0, 600.0, 12600.0]}))
    assert "interval between inventory pushes" in text
    assert "only when a run has a change to send" in text and "only when a run has a change to send" in md


def test_the_peak_sample_shows_the_time_of_day_a_sale_closed() -> None:
    _text, md, _page, _data = render(CONFIG, Raw(end=86400.0 * 2, sales=sales(86400.0 * 2)))
    assert "| closed |" in md and "closed (s)" not in md
    assert "day 1 12:" in md or "day 2 12:" in md or "day 1 13:" in md


def test_the_header_says_the_pos_rate_is_the_base_rate() -> None:
    raw = Raw(end=86400.0 * 2, sales=sales(86400.0 * 2), counts={"POS sales": 700})
    text, *_ = render(CONFIG, raw)
    assert "333 POS sales/day asked (base rate)" in text
    assert "2 days" in text and "700 POS sales closed" in text
    json.dumps(_data_of(CONFIG, raw))


def _data_of(config: DriftConfig, raw: Raw) -> dict[str, object]:
    return render(config, raw)[3]

