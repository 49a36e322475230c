"""The figures the seed's 7-day procedure asks for, and the risk band, computed from what a run observed.

Band (issue 19, exactly): **GREEN** when the delay is within 15-30 min and manual fixes take under
5 h a week; **RED** when delays over 5 min caused oversells, or manual reconciliation takes over
5 h a week; **AMBER** otherwise. Read as: the delay judged is the p95 over every POS sale, and
"within 15-30 min" is at most 30 min (the top of the tolerance the seed gives; the report also says
whether it is within 15); an oversell was caused by a delay over 5 min when the oversold SKU's oldest
POS sale not yet reflected in Magento had been waiting more than 300 s. Staff hours are the day-end
fixes (each disagreeing SKU x location cell, each return of a web order with no credit memo) times
the minutes per fix, scaled to seven days.

An interrupted run (Ctrl-C) gets no band: **INCOMPLETE**, with the figures measured so far. Its staff
hours count only the days that ended (a day's disagreements are counted at its end): none ended, none known.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field
from typing import Any

from stockgate.drift.model import Raw

GREEN_DELAY = 30 * 60.0  # s: the top of "15-30 min"
STRICT_DELAY = 15 * 60.0
OVERSELL_DELAY = 5 * 60.0  # s: "delays over 5 min caused oversells"
STAFF_HOURS = 5.0  # per week: GREEN below, RED above
SAMPLE = 20


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass(frozen=True, slots=True)
class Spread:
    """p50, p95 and max of some seconds, with how many and how many are lower bounds."""

    count: int
    p50: float
    p95: float
    max: float
    open: int = 0  # not reflected by the end: their delay is a lower bound

    @classmethod
    def of(cls, values: list[float], open_count: int = 0) -> Spread:
        """The spread of ``values``."""
        return cls(len(values), percentile(values, 50), percentile(values, 95), max(values, default=0.0), open_count)

    def as_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"count": self.count, "p50_s": round(self.p50, 3), "p95_s": round(self.p95, 3),
                "max_s": round(self.max, 3), "not_reflected_by_end": self.open}


@dataclass(frozen=True, slots=True)
class Band:
    """GREEN, AMBER or RED with the one-sentence reason."""

    colour: str  # GREEN | AMBER | RED | INCOMPLETE (interrupted: no verdict)
    reason: str


def band(p95_delay: float, staff_hours_week: float, oversells_after_delay: int, oversells: int = 0) -> Band:
    """The risk band by the issue's thresholds (see the module docstring for the reading)."""
    if oversells_after_delay:
        return Band("RED", f"{oversells_after_delay} oversell(s) happened while a POS sale of the SKU had waited "
                    f"over 5 min to reach Magento")
    if staff_hours_week > STAFF_HOURS:
        return Band("RED", f"manual reconciliation takes {staff_hours_week:.1f} h a week (over 5 h)")
    if p95_delay <= GREEN_DELAY and staff_hours_week < STAFF_HOURS:
        strict = "within 15 min" if p95_delay <= STRICT_DELAY else "within 30 min but over 15"
        extra = f"; {oversells} oversell(s) came within 5 min of a sale" if oversells else ""
        return Band("GREEN", f"95 % of POS sales reached Magento's salable quantity in {_minutes(p95_delay)} "
                    f"({strict}) and manual fixes take {staff_hours_week:.1f} h a week (under 5 h){extra}")
    if p95_delay > GREEN_DELAY:
        return Band("AMBER", f"95 % of POS sales took up to {_minutes(p95_delay)} to reach Magento (over 30 min), "
                    "though no oversell followed a delay over 5 min")
    return Band("AMBER", f"manual fixes take exactly {staff_hours_week:.1f} h a week (not under 5 h, not over)")


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min"


@dataclass(frozen=True, slots=True)
class Cadence:
    """Intervals between the connector's runs of one kind of call (from its traffic)."""

    operation: str
    runs: int
    median: float
    max: float

    def as_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"operation": self.operation, "runs": self.runs, "median_s": round(self.median, 3),
                "max_s": round(self.max, 3)}


CADENCE = {"inventory push": ("POST /V1/inventory/source-items", "POST /V1/inventory/source-items-save"),
           "inventory read": ("GET /inventory", "POST /inventory"), "order pull": ("GET /V1/orders",)}


def cadence(raw: Raw) -> list[Cadence]:
    """Inventory push and order pull intervals (median, max) from the twins' journals."""
    out = []
    for name, operations in CADENCE.items():
        instants = sorted({t for op in operations for t in raw.traffic.get(op, [])})
        gaps = [b - a for a, b in itertools.pairwise(instants)]
        out.append(Cadence(name, len(instants), percentile(gaps, 50), max(gaps, default=0.0)))
    return out


@dataclass(frozen=True, slots=True)
class Summary:
    """Everything the reports show."""

    days: float
    delay: Spread
    peak_sample: list[dict[str, Any]]
    peak: Spread
    cadence: list[Cadence]
    incidents: dict[str, int]
    oversells_after_delay: int
    fixes: int
    units_off: float
    staff_hours: float
    staff_hours_week: float | None  # None: no day ended (interrupted before its end), so not known
    catalog: Spread
    new_products: Spread
    missed_new: int
    stale_orders: int
    stale_amount: float
    band: Band
    counts: dict[str, int] = field(default_factory=dict)
    days_ended: int = 0  # days whose end was reached: the manual fixes are counted over these


def _lag(changes: list[Any], end: float) -> Spread:
    """Catalog lag: from the change in Lightspeed to Magento showing it (not shown by the end: a lower bound)."""
    return Spread.of([(c.shown_at if c.shown_at is not None else end) - c.at for c in changes],
                     sum(1 for c in changes if c.shown_at is None))


def summarize(raw: Raw, *, seed: int, minutes_per_fix: float) -> Summary:
    """The seed's figures from ``raw``."""
    end = raw.end
    delays = [s.delay(end) for s in raw.sales]
    open_count = sum(1 for s in raw.sales if s.reflected_at is None)
    peak_sales = [s for s in raw.sales if s.peak]
    sample = sorted(random.Random(seed).sample(peak_sales, min(SAMPLE, len(peak_sales))), key=lambda s: s.n)
    kinds: dict[str, int] = {}
    for incident in raw.incidents:
        kinds[incident.kind] = kinds.get(incident.kind, 0) + 1
    late = sum(1 for i in raw.incidents if i.kind == "oversell" and i.lag > OVERSELL_DELAY)
    fixes = sum(d.cells + d.uncredited for d in raw.day_ends)
    days = end / 86400 if end else 0.0
    hours = fixes * minutes_per_fix / 60
    ended = len(raw.day_ends)
    week = hours * 7 / ended if ended else (None if raw.interrupted else 0.0)
    lag, new = (_lag([c for c in raw.changes if c.kind == kind], end) for kind in ("price", "new"))
    delay = Spread.of(delays, open_count)
    verdict = (Band("INCOMPLETE", f"interrupted after {end / 3600:.1f} h of the run: no verdict from part of it; "
                    "the figures measured so far are shown (the band needs the whole run)")
               if raw.interrupted else band(delay.p95, week or 0.0, late, kinds.get("oversell", 0)))
    if not raw.sales and not raw.interrupted and verdict.colour == "GREEN":
        verdict = Band("INCOMPLETE", "no POS sale was measured, so no delay to judge: no verdict (observe longer, "
                       "or where sales happen: --peak, --sample)")
    return Summary(days=days, delay=delay, peak_sample=[s.as_dict(end) for s in sample],
                   peak=Spread.of([s.delay(end) for s in sample], sum(1 for s in sample if s.reflected_at is None)),
                   cadence=cadence(raw), incidents=kinds, oversells_after_delay=late, fixes=fixes,
                   units_off=sum(d.units for d in raw.day_ends), staff_hours=hours, staff_hours_week=week,
                   catalog=lag, new_products=new, missed_new=len(raw.missed_new), stale_orders=len(raw.stale_orders),
                   stale_amount=round(sum(a for _, _, a in raw.stale_orders), 2),
                   band=verdict, counts=dict(raw.counts), days_ended=ended)
