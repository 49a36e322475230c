"""The drift test's reports: console text, drift.json (every measured sale, every incident), drift.md, drift.html."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stockgate.drift.config import DriftConfig
from stockgate.drift.measure import Spread, Summary
from stockgate.drift.model import Raw


def _m(seconds: float) -> str:
    return f"{seconds / 60:.1f} min"


def _spread(s: Spread) -> str:
    text = f"p50 {_m(s.p50)}, p95 {_m(s.p95)}, max {_m(s.max)} over {s.count:,}"
    return text + (f" ({s.open:,} not reflected by the end: lower bounds)" if s.open else "")


def headline(config: DriftConfig, summary: Summary, raw: Raw) -> str:
    """What was simulated, in one line."""
    span = f"{summary.days:g} of {config.days} day(s)" + (" (interrupted: partial report)" if raw.interrupted else "")
    return (f"{config.stores} stores, {config.skus:,} SKUs, {config.daily_orders:,} web orders/day, "
            f"{config.pos_per_day:,} POS sales/day, {span}, connector {config.connector}, seed {config.seed}")


def lines(config: DriftConfig, summary: Summary, raw: Raw) -> list[tuple[str, str]]:
    """(label, value) rows every format shows."""
    rows = [("delay per POS sale", _spread(summary.delay)),
            ("  20 sampled from peak hours", _spread(summary.peak))]
    rows += [(f"cadence: {c.operation}", f"median {_m(c.median)}, max {_m(c.max)} over {c.runs:,} runs")
             for c in summary.cadence]
    rows += [("oversells", f"{summary.incidents.get('oversell', 0):,} ({summary.oversells_after_delay:,} after a "
                           "delay over 5 min)"),
             ("negative salable quantity", f"{summary.incidents.get('negative-salable', 0):,} occurrence(s)"),
             ("undersells", f"{summary.incidents.get('undersell', 0):,} web order(s) refused while units existed"),
             ("unshippable web orders", f"{summary.incidents.get('unshippable', 0):,}"),
             ("manual fixes", f"{summary.fixes:,} (day-end cells that disagree, {summary.units_off:g} unit(s) off; "
                              f"returns with no credit memo) = {summary.staff_hours:.1f} staff h at "
                              f"{config.minutes_per_fix:g} min per fix, {summary.staff_hours_week:.1f} h/week"),
             ("catalog lag (price changes)", _spread(summary.catalog)),
             ("catalog lag (new products)", _spread(summary.new_products)),
             ("web orders missed (new product not on the site)", f"{summary.missed_new:,}"),
             ("web orders at a stale price", f"{summary.stale_orders:,} ({summary.stale_amount:,.2f} off in total)")]
    return rows


def render_text(config: DriftConfig, summary: Summary, raw: Raw) -> str:
    """The console summary."""
    out = [f"Drift test (simulated): {headline(config, summary, raw)}", ""]
    out += [f"  {label:<48} {value}" for label, value in lines(config, summary, raw)]
    out += ["", f"{summary.band.colour}: {summary.band.reason}."]
    if raw.connector_notes:
        out += ["", "The connector reported:"] + [f"  {note}" for note in raw.connector_notes[:10]]
    return "\n".join(out) + "\n"


def render_markdown(config: DriftConfig, summary: Summary, raw: Raw) -> str:
    """drift.md: the same as a table, and the peak-hour sample."""
    icon = {"GREEN": "🟢 GREEN", "AMBER": "🟠 AMBER", "RED": "🔴 RED"}[summary.band.colour]
    out = [f"# Drift test (simulated): {icon}", "", f"{summary.band.reason}.", "", headline(config, summary, raw), "",
           "| measure | value |", "|---|---|"]
    out += [f"| {label.strip()} | {value} |" for label, value in lines(config, summary, raw)]
    out += ["", "## 20 POS sales sampled from peak hours", "", "| sale | SKU | outlet | closed (s) | delay |",
            "|---|---|---|---|---|"]
    out += [f"| {s['n']} | {s['sku']} | {s['outlet']} | {s['closed_at']:.0f} | {_m(s['delay_s'])}"
            f"{'' if s['reflected'] else ' (not reflected)'} |" for s in summary.peak_sample]
    out += ["", "## Events", ""] + [f"- {kind}: {n:,}" for kind, n in sorted(summary.counts.items())]
    return "\n".join(out) + "\n"


def as_json(config: DriftConfig, summary: Summary, raw: Raw) -> dict[str, Any]:
    """drift.json: the figures, every measured sale with its times, every incident, every catalog change."""
    return {
        "band": {"colour": summary.band.colour, "reason": summary.band.reason},
        "config": {"stores": config.stores, "skus": config.skus, "daily_orders": config.daily_orders,
                   "pos_sales_per_day": config.pos_per_day, "days": config.days, "return_rate": config.return_rate,
                   "connector": config.connector, "schedule_s": config.schedule, "magento": config.magento,
                   "lightspeed": config.lightspeed, "seed": config.seed, "start": config.start.isoformat(),
                   "minutes_per_fix": config.minutes_per_fix, "faults_per_tick": config.faults,
                   "outage": None if config.outage is None else {"start": config.outage.start.isoformat(),
                                                                 "seconds": config.outage.seconds}},
        "interrupted": raw.interrupted, "simulated_s": raw.end,
        "delay": summary.delay.as_dict(), "peak_sample": summary.peak_sample, "peak": summary.peak.as_dict(),
        "cadence": [c.as_dict() for c in summary.cadence],
        "incidents_by_kind": summary.incidents, "oversells_after_delay_over_5_min": summary.oversells_after_delay,
        "manual_fixes": summary.fixes, "units_off": summary.units_off, "staff_hours": round(summary.staff_hours, 3),
        "staff_hours_per_week": round(summary.staff_hours_week, 3),
        "catalog_lag": summary.catalog.as_dict(), "new_product_lag": summary.new_products.as_dict(),
        "missed_new_product_orders": summary.missed_new, "stale_price_orders": summary.stale_orders,
        "stale_price_amount": summary.stale_amount, "counts": summary.counts,
        "day_ends": [{"day": d.day + 1, "cells": d.cells, "units": d.units, "per_outlet": d.per_outlet,
                      "uncredited_returns": d.uncredited} for d in raw.day_ends],
        "sales": [s.as_dict(raw.end) for s in raw.sales],
        "incidents": [i.as_dict() for i in raw.incidents],
        "catalog_changes": [c.as_dict() for c in raw.changes],
        "connector_notes": raw.connector_notes,
    }


def write_reports(folder: Path, config: DriftConfig, summary: Summary, raw: Raw) -> list[Path]:
    """drift.json, drift.md and drift.html into ``folder`` (each written atomically)."""
    from stockgate.drift.html import render_html
    from stockgate.safewrite import write_atomic

    writers: dict[str, Callable[[], str]] = {
        "drift.json": lambda: json.dumps(as_json(config, summary, raw), indent=1) + "\n",
        "drift.md": lambda: render_markdown(config, summary, raw),
        "drift.html": lambda: render_html(config, summary, raw),
    }
    paths = []
    for name, render in writers.items():
        path = folder / name
        write_atomic(path, render())
        paths.append(path)
    return paths
