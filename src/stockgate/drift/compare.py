"""``--compare``: two connector configurations on the same seeded week, side by side."""

from __future__ import annotations

from typing import Any

from stockgate.drift.config import DriftConfig
from stockgate.drift.measure import Summary
from stockgate.drift.model import Raw
from stockgate.drift.report import as_json, headline, lines

Run = tuple[DriftConfig, Summary, Raw]


def _name(config: DriftConfig) -> str:
    schedule = ",".join(f"{k}={v / 60:g}m" for k, v in sorted(config.schedule.items()))
    return f"{config.connector} ({schedule})"


def render_text(a: Run, b: Run) -> str:
    """Both runs' figures in two columns, then both bands."""
    rows = list(zip(lines(*a), lines(*b), strict=True))
    width = max(len(value) for (_, value), _ in rows)
    out = [f"Drift test (simulated), compared: {headline(*a)}", "", f"  {'':<48} A: {_name(a[0])}",
           f"  {'':<48} B: {_name(b[0])}", ""]
    out += [f"  {label:<48} A: {va:<{width}}\n  {'':<48} B: {vb}" for (label, va), (_, vb) in rows]
    out += ["", f"A {a[1].band.colour}: {a[1].band.reason}.", f"B {b[1].band.colour}: {b[1].band.reason}."]
    return "\n".join(out) + "\n"


def render_markdown(a: Run, b: Run) -> str:
    """A table with a column per configuration."""
    out = ["# Drift test (simulated): compared", "", headline(*a), "",
           f"| measure | A: {_name(a[0])} | B: {_name(b[0])} |", "|---|---|---|",
           f"| band | {a[1].band.colour} | {b[1].band.colour} |"]
    out += [f"| {label.strip()} | {va} | {vb} |" for (label, va), (_, vb) in zip(lines(*a), lines(*b), strict=True)]
    out += ["", f"- A: {a[1].band.reason}.", f"- B: {b[1].band.reason}."]
    return "\n".join(out) + "\n"


def as_json_pair(a: Run, b: Run) -> dict[str, Any]:
    """Both documents (without the per-sale lists: those are in each run's drift.json)."""
    docs = []
    for run in (a, b):
        document = as_json(*run)
        document.pop("sales")
        docs.append(document)
    return {"a": docs[0], "b": docs[1]}
