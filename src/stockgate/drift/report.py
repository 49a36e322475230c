"""The drift test's reports: console text, drift.json (every measured sale, every incident), drift.md, drift.html."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stockgate.drift.config import DriftConfig, show_days
from stockgate.drift.measure import Cadence, Spread, Summary
from stockgate.drift.model import Raw


def _m(seconds: float) -> str:
    return f"{seconds / 60:.1f} min"


def _spread(s: Spread) -> str:
    text = f"p50 {_m(s.p50)}, p95 {_m(s.p95)}, max {_m(s.max)} over {s.count:,}"
    return text + (f" ({s.open:,} not reflected by the end: lower bounds)" if s.open else "")


def clock(seconds: float) -> str:
    """Virtual seconds since the start as ``day 1 12:01:04``."""
    whole = int(seconds)
    return f"day {whole // 86400 + 1} {whole % 86400 // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def span(config: DriftConfig, raw: Raw) -> str:
    """``7 days``, or ``23.9 h of 2 days (interrupted: partial report)``."""
    if raw.interrupted:
        return f"{raw.end / 3600:.1f} h of {show_days(config.days)} (interrupted: partial report)"
    return show_days(config.days)


def kind(config: Any) -> str:
    """``simulated`` (drift simulate) or ``observed`` (drift observe: a real store pair, read-only)."""
    return str(getattr(config, "kind", "simulated"))


def headline(config: DriftConfig, summary: Summary, raw: Raw) -> str:
    """What was simulated, in one line: the POS rate asked and the sales the run closed, the outage if any."""
    if kind(config) == "observed":
        return _observed_headline(config, summary, raw)
    closed = summary.counts.get("POS sales")
    realised = "" if closed is None else (
        f"; {closed:,} POS sales closed (the lunch peak and the promotion afternoon add sales, Sundays have "
        "fewer, a sale finding the shelf empty is not made: the counts are under Events)")
    outage = "" if config.outage is None else f", connector down {config.outage.window()}"
    return (f"{config.stores} stores, {config.skus:,} SKUs, {config.daily_orders:,} web orders/day, "
            f"{config.pos_per_day:,} POS sales/day asked (base rate), {span(config, raw)}{outage}, "
            f"connector {config.connector}, seed {config.seed}{realised}")


def _observed_headline(config: Any, summary: Summary, raw: Raw) -> str:
    done = f"{_span(raw.end)} of {_span(config.seconds)}" + (" (interrupted: partial report)"
                                                              if raw.interrupted else "")
    closed = summary.counts.get("POS sales", 0)
    return (f"stores {config.stores}, read-only, {done}; {closed:,} POS sales followed, {summary.delay.count:,} "
            f"sampled from peak hours and polled every {config.poll:g} s (delays are to within one poll); "
            f"{config.links}")


def _span(seconds: float) -> str:
    """``40 s``, ``12.5 min``, ``3.2 h``, ``7.0 days``."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h" if seconds < 2 * 86400 else f"{seconds / 86400:.1f} days"


def verdict(config: DriftConfig, summary: Summary, raw: Raw) -> str:
    """The band's one-sentence reason, saying so when the outage mattered (incidents in it or right after it)."""
    reason = summary.band.reason
    if config.outage is None or summary.band.colour == "GREEN":
        return reason
    begin = (config.outage.start - config.start).total_seconds()
    until = begin + config.outage.seconds + max(config.schedule.values())  # the first runs after it catch up
    during = [i for i in raw.incidents if begin <= i.at < until and i.kind != "disagreement"]
    longest = max(raw.sales, key=lambda s: s.delay(raw.end), default=None)
    parts = []
    if during:
        parts.append(f"{len(during):,} of the {len(raw.incidents):,} incident(s) happened during the connector "
                     f"outage {config.outage.window()} or its catch-up")
    if longest is not None and begin <= longest.at < begin + config.outage.seconds:
        parts.append(f"the longest delay ({_m(longest.delay(raw.end))}) is a sale closed during the outage")
    return reason + ("; " + "; ".join(parts) if parts else "")


def _cadence(c: Cadence) -> tuple[str, str]:
    if c.operation == "inventory push":
        return ("interval between inventory pushes",
                f"median {_m(c.median)}, max {_m(c.max)} over {c.runs:,} pushes (a push happens only when a run has "
                "a change to send: quiet hours and closed stores stretch it; the runs themselves: inventory read)")
    return (f"cadence: {c.operation}", f"median {_m(c.median)}, max {_m(c.max)} over {c.runs:,} runs")


def _fixes(config: DriftConfig, summary: Summary) -> str:
    if summary.staff_hours_week is None:
        return ("not known: no day ended before the interrupt (a day's disagreements are counted at its end; "
                f"{summary.incidents.get('uncredited-return', 0):,} return(s) without a credit memo so far)")
    scope = f" from {show_days(summary.days_ended)} that ended" if summary.days_ended < summary.days else ""
    return (f"{summary.fixes:,} (day-end cells that disagree, {summary.units_off:g} unit(s) off; returns with no "
            f"credit memo){scope} = {summary.staff_hours:.1f} staff h at {config.minutes_per_fix:g} min per fix, "
            f"{summary.staff_hours_week:.1f} h/week")


def lines(config: Any, summary: Summary, raw: Raw) -> list[tuple[str, str]]:
    """(label, value) rows every format shows."""
    rows = [("delay per POS sale", _spread(summary.delay)),
            ("  20 sampled from peak hours", _spread(summary.peak))]
    rows += [_cadence(c) for c in summary.cadence]
    if kind(config) == "observed":
        rows = [(label, value) for label, value in rows if label != "cadence: inventory read"]
    rows += [("oversells", f"{summary.incidents.get('oversell', 0):,} ({summary.oversells_after_delay:,} after a "
                           "delay over 5 min)"),
             ("negative salable quantity", f"{summary.incidents.get('negative-salable', 0):,} occurrence(s)"),
             ("undersells", f"{summary.incidents.get('undersell', 0):,} web order(s) refused while units existed"),
             ("unshippable web orders", f"{summary.incidents.get('unshippable', 0):,}"),
             ("manual fixes", _fixes(config, summary)),
             ("catalog lag (price changes)", _spread(summary.catalog)),
             ("catalog lag (new products)", _spread(summary.new_products)),
             ("web orders missed (new product not on the site)", f"{summary.missed_new:,}"),
             ("web orders at a stale price", f"{summary.stale_orders:,} ({summary.stale_amount:,.2f} off in total)")]
    if kind(config) == "observed":
        from stockgate.drift.observe import UNMEASURED, observed_push

        rows = [(label, UNMEASURED.get(label, value)) for label, value in rows]
        rows = [(label, observed_push(config, summary) if label == "interval between inventory pushes" else value)
                for label, value in rows]
    return rows


def render_text(config: DriftConfig, summary: Summary, raw: Raw) -> str:
    """The console summary."""
    out = [f"Drift test ({kind(config)}): {headline(config, summary, raw)}", ""]
    out += [f"  {label:<48} {value}" for label, value in lines(config, summary, raw)]
    out += ["", f"{summary.band.colour}: {verdict(config, summary, raw)}."]
    if raw.connector_notes:
        out += ["", "The connector reported:"] + [f"  {note}" for note in raw.connector_notes[:10]]
    return "\n".join(out) + "\n"


def render_markdown(config: DriftConfig, summary: Summary, raw: Raw) -> str:
    """drift.md: the same as a table, and the peak-hour sample."""
    icon = {"GREEN": "🟢 GREEN", "AMBER": "🟠 AMBER", "RED": "🔴 RED", "INCOMPLETE": "⚪ INCOMPLETE"}
    out = [f"# Drift test ({kind(config)}): {icon[summary.band.colour]}", "", f"{verdict(config, summary, raw)}.", "",
           headline(config, summary, raw), "",
           "| measure | value |", "|---|---|"]
    out += [f"| {label.strip()} | {value} |" for label, value in lines(config, summary, raw)]
    out += ["", "## 20 POS sales sampled from peak hours", "", "| sale | SKU | outlet | closed | delay |",
            "|---|---|---|---|---|"]
    out += [f"| {s['n']} | {s['sku']} | {s['outlet']} | {clock(s['closed_at'])} | {_m(s['delay_s'])}"
            f"{'' if s['reflected'] else ' (not reflected)'} |" for s in summary.peak_sample]
    out += ["", "## Events", ""] + [f"- {kind}: {n:,}" for kind, n in sorted(summary.counts.items())]
    return "\n".join(out) + "\n"


def _config_json(config: Any) -> dict[str, Any]:
    """drift.json's ``config``: what was simulated, or what was observed (ObserveConfig.as_json)."""
    if kind(config) == "observed":
        return dict(config.as_json())
    return {"stores": config.stores, "skus": config.skus, "daily_orders": config.daily_orders,
            "pos_sales_per_day": config.pos_per_day, "days": config.days, "return_rate": config.return_rate,
            "connector": config.connector, "schedule_s": config.schedule, "magento": config.magento,
            "lightspeed": config.lightspeed, "seed": config.seed, "start": config.start.isoformat(),
            "minutes_per_fix": config.minutes_per_fix, "faults_per_tick": config.faults,
            "outage": None if config.outage is None else {"start": config.outage.start.isoformat(),
                                                          "seconds": config.outage.seconds}}


def as_json(config: DriftConfig, summary: Summary, raw: Raw) -> dict[str, Any]:
    """drift.json: the figures, every measured sale with its times, every incident, every catalog change."""
    return {
        "band": {"colour": summary.band.colour, "reason": verdict(config, summary, raw)},
        "config": _config_json(config),
        "interrupted": raw.interrupted, "simulated_s": raw.end,
        "delay": summary.delay.as_dict(), "peak_sample": summary.peak_sample, "peak": summary.peak.as_dict(),
        "cadence": [c.as_dict() for c in summary.cadence],
        "incidents_by_kind": summary.incidents, "oversells_after_delay_over_5_min": summary.oversells_after_delay,
        "days_ended": summary.days_ended,
        "manual_fixes": None if summary.staff_hours_week is None else summary.fixes, "units_off": summary.units_off,
        "staff_hours": round(summary.staff_hours, 3),
        "staff_hours_per_week": None if summary.staff_hours_week is None else round(summary.staff_hours_week, 3),
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
