"""drift.html: one self-contained page, its charts drawn by matplotlib (Agg) and inlined as SVG.

Charts: the delay distribution with p95 and max marked, units off per outlet at each day's end,
the oversell / negative-salable timeline, the cadence histogram; the band is a badge. SVG output is
made deterministic (no date, fixed ids and hash salt) so the same run gives the same bytes.
"""

from __future__ import annotations

import html
import io
import itertools
from typing import Any

from stockgate.drift.config import DriftConfig
from stockgate.drift.measure import Summary
from stockgate.drift.model import Raw
from stockgate.drift.report import clock, headline, kind, lines, verdict

COLOURS = {"GREEN": "#1a7f37", "AMBER": "#b35900", "RED": "#c62828", "INCOMPLETE": "#6e7781"}


def _figure(width: float = 7.0, height: float = 2.8) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "stockgate-drift"
    matplotlib.rcParams["svg.fonttype"] = "none"  # text as text: smaller, selectable
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def delay_chart(raw: Raw, summary: Summary) -> str:
    """Histogram of delays (minutes) with p95 and max marked."""
    figure = _figure()
    axes = figure.subplots()
    delays = [s.delay(raw.end) / 60 for s in raw.sales] or [0.0]
    axes.hist(delays, bins=40, color="#4c72b0")
    for value, label, style in ((summary.delay.p95, "p95", "--"), (summary.delay.max, "max", ":")):
        axes.axvline(value / 60, color="#c62828", linestyle=style, label=f"{label} {value / 60:.1f} min")
    axes.set_xlabel("delay from POS sale to Magento salable quantity (min)")
    axes.set_ylabel("sales")
    axes.legend()
    return _svg(figure)


def drift_chart(raw: Raw) -> str:
    """Units off per outlet at each day's end."""
    figure = _figure()
    axes = figure.subplots()
    outlets = list(raw.day_ends[0].per_outlet) if raw.day_ends else []
    days = [d.day + 1 for d in raw.day_ends]
    for outlet in outlets:
        axes.plot(days, [d.per_outlet.get(outlet, 0.0) for d in raw.day_ends], marker="o", label=outlet)
    axes.set_xlabel("day's end")
    axes.set_ylabel("units off (Magento vs POS)")
    if outlets and len(outlets) <= 12:
        axes.legend(fontsize="small", ncols=4)
    return _svg(figure)


def incident_chart(raw: Raw) -> str:
    """Oversells and negative salable quantities over the week."""
    figure = _figure()
    axes = figure.subplots()
    for row, (incident, colour) in enumerate((("oversell", "#c62828"), ("negative-salable", "#b35900"),
                                          ("undersell", "#4c72b0"))):
        times = [i.at / 86400 for i in raw.incidents if i.kind == incident]
        axes.scatter(times, [row] * len(times), color=colour, s=12, label=f"{incident} ({len(times)})")
    axes.set_yticks([0, 1, 2], ["oversell", "negative salable", "undersell"])
    axes.set_xlim(0, max(raw.end / 86400, 1.0))
    axes.set_xlabel("day")
    return _svg(figure)


def cadence_chart(raw: Raw) -> str:
    """Histogram of the intervals between inventory pushes and between order pulls."""
    from stockgate.drift.measure import CADENCE

    figure = _figure()
    axes = figure.subplots()
    for name, operations in CADENCE.items():
        instants = sorted({t for op in operations for t in raw.traffic.get(op, [])})
        gaps = [(b - a) / 60 for a, b in itertools.pairwise(instants)]
        if gaps:
            axes.hist(gaps, bins=30, alpha=0.6, label=name)
    axes.set_xlabel("interval between runs (min)")
    axes.set_ylabel("runs")
    if axes.get_legend_handles_labels()[0]:  # nothing to show before the connector's second run (Ctrl-C)
        axes.legend()
    return _svg(figure)


CSS = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}
.badge{display:inline-block;padding:.3rem .9rem;border-radius:1rem;color:#fff;font-weight:700}
table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}
figure{margin:1.5rem 0}svg{max-width:100%;height:auto}"""


def render_html(config: DriftConfig, summary: Summary, raw: Raw) -> str:
    """The page."""
    e = html.escape
    colour = summary.band.colour
    rows = "".join(f"<tr><th>{e(label.strip())}</th><td>{e(value)}</td></tr>" for label, value in
                   lines(config, summary, raw))
    sample = "".join(f"<tr><td>{s['n']}</td><td>{e(s['sku'])}</td><td>{e(s['outlet'])}</td>"
                     f"<td>{clock(s['closed_at'])}</td>"
                     f"<td>{s['delay_s'] / 60:.1f} min{'' if s['reflected'] else ' (not reflected)'}</td></tr>"
                     for s in summary.peak_sample)
    charts = (("Delay per POS sale", delay_chart(raw, summary)), ("Drift over the week per outlet", drift_chart(raw)),
              ("Oversells and negative salable quantity", incident_chart(raw)),
              ("Sync cadence as observed", cadence_chart(raw)))
    figures = "".join(f"<figure><figcaption>{e(title)}</figcaption>{svg}</figure>" for title, svg in charts)
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Drift test: {colour}</title>"
            f"<style>{CSS}</style></head><body><h1>Drift test ({kind(config)}) "
            f"<span class=badge style=\"background:{COLOURS[colour]}\">{colour}</span></h1>"
            f"<p>{e(verdict(config, summary, raw))}.</p><p>{e(headline(config, summary, raw))}</p><table>{rows}</table>"
            f"{figures}<h2>20 POS sales sampled from peak hours</h2><table><tr><th>sale</th><th>SKU</th>"
            f"<th>outlet</th><th>closed</th><th>delay</th></tr>{sample}</table></body></html>\n")
