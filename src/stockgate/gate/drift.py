"""``gate --drift``: the simulated drift week on both sides of an upgrade; a worse band blocks.

The same seeded, generated merchant runs through the ``--from`` pair's twins and the ``--to`` pair's
twins with the connector under test (:mod:`stockgate.drift.sim`, on the virtual clock). Bands rank
GREEN < AMBER < RED: a band that worsens across the upgrade is a blocking finding that names both
bands and the ``--to`` side's reason. A side that measured no sale (INCOMPLETE) cannot be compared:
a risky, non-blocking finding says so. Same band: nothing to report beyond the evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stockgate.diff.rules import Severity
from stockgate.errors import UsageError
from stockgate.gate.model import GateFinding, fingerprint

RANK = {"GREEN": 0, "AMBER": 1, "RED": 2}
KEYS = {"stores": "stores", "skus": "skus", "daily-orders": "daily_orders", "days": "days", "seed": "seed",
        "pos-sales-per-day": "pos_sales_per_day"}


@dataclass(frozen=True, slots=True, kw_only=True)
class DriftSize:
    """The (smaller) week a gate simulates on each side; the defaults take about a minute a side."""

    stores: int = 2
    skus: int = 300
    daily_orders: int = 200
    days: int = 2
    seed: int = 1
    pos_sales_per_day: int | None = None

    @classmethod
    def parse(cls, text: str) -> DriftSize:
        """``stores=2,skus=300,daily-orders=200,days=2,seed=1`` (any of them; empty: the defaults)."""
        given: dict[str, int] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            key, eq, value = part.partition("=")
            if not eq or key.strip() not in KEYS:
                raise UsageError(f"--drift {text}: expected KEY=N pairs from {', '.join(KEYS)} "
                                 "(e.g. stores=2,skus=300,daily-orders=200,days=2)")
            try:
                given[KEYS[key.strip()]] = int(value.strip().replace("_", ""))
            except ValueError:
                raise UsageError(f"--drift {text}: {key.strip()}={value.strip()!r} is not a whole number") from None
        return cls(**given)

    def label(self) -> str:
        """``2 stores, 300 SKUs, 200 web orders/day, 2 days, seed 1``."""
        return (f"{self.stores} stores, {self.skus:,} SKUs, {self.daily_orders:,} web orders/day, {self.days} "
                f"day{'s' if self.days != 1 else ''}, seed {self.seed}")


def config_for(size: DriftSize, pair: Any, connector: str) -> Any:
    """The drift configuration of one side (its versions, the gate's connector), checked."""
    from stockgate.drift.config import DriftConfig

    config = DriftConfig(stores=size.stores, skus=size.skus, daily_orders=size.daily_orders, days=size.days,
                         seed=size.seed, pos_sales_per_day=size.pos_sales_per_day, connector=connector,
                         magento=pair.magento, lightspeed=pair.lightspeed, magento_profile=pair.magento_profile,
                         lightspeed_profile=pair.lightspeed_profile)
    problems = config.problems()
    if problems:
        raise UsageError("--drift: " + "; ".join(problems))
    return config


def simulate(config: Any, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """One side's week: its band, reason and headline figures."""
    import asyncio

    from stockgate.adapters import adapter_for
    from stockgate.drift.measure import summarize
    from stockgate.drift.sim import Simulation

    simulation = Simulation(config, adapter=adapter_for(config.connector), progress=progress or (lambda _l: None))
    raw = asyncio.run(simulation.run())
    summary = summarize(raw, seed=config.seed, minutes_per_fix=config.minutes_per_fix)
    return {"pair": f"magento@{config.magento},lightspeed@{config.lightspeed}", "band": summary.band.colour,
            "reason": summary.band.reason, "p95_delay_s": round(summary.delay.p95, 3),
            "oversells": summary.incidents.get("oversell", 0),
            "staff_hours_per_week": None if summary.staff_hours_week is None else round(summary.staff_hours_week, 3)}


def findings(before: dict[str, Any], after: dict[str, Any], size: DriftSize) -> list[GateFinding]:
    """A worse band blocks; an incomparable side is risky; the same or a better band reports nothing."""
    pair = f"{before['pair']} -> {after['pair']}"
    subject = f"drift week ({size.label()})"
    if before["band"] not in RANK or after["band"] not in RANK:
        return [GateFinding(kind="drift", severity=Severity.RISKY, pair=pair, subject=subject, field="band",
                            expected="a band on both sides", actual=f"{before['band']} -> {after['band']}",
                            todo="simulate a bigger week (--drift skus=…,days=…): a side measured no POS sale",
                            fingerprint=fingerprint("drift", "incomparable", size.label()), blocking=False)]
    if RANK[after["band"]] <= RANK[before["band"]]:
        return []
    return [GateFinding(kind="drift", severity=Severity.BREAKING, pair=pair, subject=subject, field="band",
                        expected=f"{before['band']} or better (as before the upgrade)",
                        actual=f"{after['band']}: {after['reason']}",
                        todo="run `stockgate drift simulate` on the --to versions with this size and read "
                             "drift.md: the delay, incidents and staff hours say what the upgrade broke",
                        fingerprint=fingerprint("drift", before["band"], after["band"], size.label()),
                        blocking=True)]
