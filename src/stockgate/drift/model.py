"""What a drift run measured: every POS sale with its times, every incident, the catalog changes, the traffic."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, kw_only=True)
class MeasuredSale:
    """One POS sale: closed at ``at``; Magento's salable quantity for the SKU reflected it at ``reflected_at``."""

    n: int
    sku: str
    outlet: str
    qty: int
    at: float
    peak: bool
    reflected_at: float | None = None

    def delay(self, end: float) -> float:
        """Seconds until reflected (not yet reflected: until ``end``, a lower bound)."""
        return (self.reflected_at if self.reflected_at is not None else end) - self.at

    def as_dict(self, end: float) -> dict[str, Any]:
        """Plain data for drift.json."""
        return {"n": self.n, "sku": self.sku, "outlet": self.outlet, "qty": self.qty, "closed_at": self.at,
                "reflected_at": self.reflected_at, "delay_s": round(self.delay(end), 3),
                "reflected": self.reflected_at is not None, "peak": self.peak}


@dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    """Something a merchant would have to notice or fix."""

    kind: str  # oversell | negative-salable | undersell | disagreement | uncredited-return | unshippable
    at: float
    sku: str
    where: str = ""
    units: float = 0.0
    lag: float = 0.0  # oversell: how long the SKU's oldest unreflected POS sale had been waiting
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Plain data for drift.json."""
        return {"kind": self.kind, "at": self.at, "sku": self.sku, "where": self.where, "units": self.units,
                "lag_s": round(self.lag, 3), "detail": self.detail}


@dataclass(slots=True, kw_only=True)
class CatalogChange:
    """A Lightspeed price change or new product, and when Magento showed it (new: on the site and salable)."""

    sku: str
    at: float
    old: float
    new: float
    shown_at: float | None = None
    kind: str = "price"  # price | new

    def as_dict(self) -> dict[str, Any]:
        """Plain data for drift.json."""
        return {"kind": self.kind, "sku": self.sku, "at": self.at, "old": self.old, "new": self.new,
                "shown_at": self.shown_at}


@dataclass(slots=True, kw_only=True)
class DayEnd:
    """One day's end: how many SKU x location cells disagree, by how many units, per outlet."""

    day: int
    at: float
    cells: int
    units: float
    per_outlet: dict[str, float] = field(default_factory=dict)  # outlet -> units off
    uncredited: int = 0  # POS returns of web orders with no credit memo in Magento


@dataclass(slots=True, kw_only=True)
class Raw:
    """Everything one run observed (the measures are computed from it: :mod:`stockgate.drift.measure`)."""

    end: float  # virtual seconds the run covered (less than the week when interrupted)
    sales: list[MeasuredSale] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    changes: list[CatalogChange] = field(default_factory=list)
    day_ends: list[DayEnd] = field(default_factory=list)
    traffic: dict[str, list[float]] = field(default_factory=dict)  # operation -> instants it was called
    counts: dict[str, int] = field(default_factory=dict)  # events by kind, refusals, ticks
    stale_orders: list[tuple[float, str, float]] = field(default_factory=list)  # (at, sku, amount off)
    missed_new: list[tuple[float, str]] = field(default_factory=list)  # web orders for a new product not on the site
    connector_notes: list[str] = field(default_factory=list)
    interrupted: bool = False
    wall_seconds: float = 0.0
