"""``stockgate selftest``: whether a merchant is in the risky zone for a Magento <-> Lightspeed connector.

Each dimension gets a light by fixed thresholds (issue 19): stores <= 3 green, 4-5 amber, > 5
warning; SKUs < 10,000 green, 10,000-20,000 amber, > 20,000 warning; daily orders < 1,000 green,
1,000-5,000 amber, > 5,000 warning; any complexity flag is a warning. All green: a connector or a
native path can work, and four mapping checks say whether the chosen one does. Any warning: measure
the drift over a business week before trusting a connector.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field

FLAGS = {
    "regulated": "regulated goods (age checks, serial or lot tracking)",
    "erp": "an ERP also writes stock or orders",
    "loyalty": "a loyalty programme spans web and store",
    "frequent-returns": "returns are frequent",
    "multi-warehouse": "more than one warehouse ships web orders",
}
LIGHTS = ("green", "amber", "warning")
CHECKS = (
    ("reservations honoured", "stockgate run --scenario 'reservations/*'"),
    ("per-location accuracy", "stockgate run --scenario 'per-location/*'"),
    ("returns -> credit memo + restock", "stockgate run --scenario 'returns/*'"),
    ("upgrade resilience and retries under API limits",
     "stockgate run --scenario 'api-limits/*' --scenario 'upgrades/*' && stockgate gate"),
)


@dataclass(frozen=True, slots=True)
class Dimension:
    """One answer, its light and the rule that gave it."""

    name: str
    value: str  # as a person reads it: "25,000"
    light: str
    rule: str
    number: int | None = None  # the answer as a number (JSON gives this), None for a flag


@dataclass(frozen=True, slots=True)
class Assessment:
    """The lights, the outcome and what to run next."""

    dimensions: tuple[Dimension, ...]
    outcome: str  # green | amber | warning
    summary: str
    next_steps: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, object]:
        """Plain data for --format json."""
        return {"outcome": self.outcome, "summary": self.summary,
                "dimensions": [{"name": d.name, "value": d.value if d.number is None else d.number,
                                "light": d.light, "rule": d.rule}
                               for d in self.dimensions],
                "next": [{"check": name, "command": command} for name, command in self.next_steps]}


def _light(value: int, green_below: int, amber_up_to: int) -> str:
    if value < green_below:
        return "green"
    return "amber" if value <= amber_up_to else "warning"


def assess(stores: int, skus: int, daily_orders: int, flags: tuple[str, ...] = ()) -> Assessment:
    """The self-test for these answers (numbers already checked non-negative, flags known)."""
    dimensions = [
        Dimension("stores", f"{stores:,}", _light(stores, 4, 5), "<= 3 green, 4-5 amber, > 5 warning", stores),
        Dimension("SKUs", f"{skus:,}", _light(skus, 10_000, 20_000),
                  "< 10,000 green, 10,000-20,000 amber, > 20,000 warning", skus),
        Dimension("daily orders", f"{daily_orders:,}", _light(daily_orders, 1_000, 5_000),
                  "< 1,000 green, 1,000-5,000 amber, > 5,000 warning", daily_orders),
    ]
    dimensions += [Dimension(f"flag {name}", FLAGS[name], "warning", "any complexity flag is a warning")
                   for name in flags]
    outcome = max((d.light for d in dimensions), key=LIGHTS.index)
    checks = tuple(CHECKS)
    if outcome == "green":
        summary = ("All green: a connector or a native path can work. Run the four mapping checks on the "
                   "one you choose.")
        return Assessment(tuple(dimensions), outcome, summary, checks)
    drift = ("7-day drift test, simulated through the twins and the reference connector (add --connector SPEC "
             "for yours)", drift_command(stores, skus, daily_orders))
    if outcome == "amber":
        summary = ("Amber: workable with care. Run the four mapping checks, and measure the drift over a week "
                   "before you trust the sync at this size.")
        return Assessment(tuple(dimensions), outcome, summary, (*checks, drift))
    risky = ", ".join(d.name for d in dimensions if d.light == "warning")
    summary = (f"In the risky zone ({risky}). Measure how far stock drifts over a business "
               "week before you trust a connector, then run the four mapping checks.")
    return Assessment(tuple(dimensions), outcome, summary, (drift, *checks))


def drift_command(stores: int, skus: int, daily_orders: int) -> str:
    """The drift test's command line, prefilled from the answers."""
    args = ["stockgate", "drift", "simulate", "--stores", str(stores), "--skus", str(skus),
            "--daily-orders", str(daily_orders), "--days", "7"]
    return " ".join(shlex.quote(a) for a in args)


def render_text(assessment: Assessment) -> str:
    """The console report: one light per line, the outcome, the next steps."""
    marks = {"green": "GREEN  ", "amber": "AMBER  ", "warning": "WARNING"}
    lines = [f"  {marks[d.light]} {d.name}: {d.value}  ({d.rule})" for d in assessment.dimensions]
    lines += ["", f"{marks[assessment.outcome].strip()}: {assessment.summary}", "", "Next:"]
    lines += [f"  - {name}:\n      {command}" for name, command in assessment.next_steps]
    return "\n".join(lines) + "\n"


def render_markdown(assessment: Assessment) -> str:
    """The same as a Markdown table, for a ticket or a PR comment."""
    icon = {"green": "🟢 green", "amber": "🟠 amber", "warning": "🔴 warning"}
    lines = [f"**Self-test: {icon[assessment.outcome]}** — {assessment.summary}", "",
             "| dimension | answer | light | rule |", "|---|---|---|---|"]
    lines += [f"| {d.name} | {d.value} | {icon[d.light]} | {d.rule} |" for d in assessment.dimensions]
    lines += ["", "Next:", ""] + [f"- {name}: `{command}`" for name, command in assessment.next_steps]
    return "\n".join(lines) + "\n"
