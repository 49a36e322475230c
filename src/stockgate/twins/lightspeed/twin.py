"""The Lightspeed twin: one release, its served versions, retailer data, limiter, faults, journal, clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stockgate.clock import VirtualClock
from stockgate.contracts import load_index
from stockgate.contracts.refs import Platform, VersionRef
from stockgate.twins.faults import FaultPlan
from stockgate.twins.journal import Journal
from stockgate.twins.lightspeed.adjustments import Adjustments
from stockgate.twins.lightspeed.catalog import Catalog
from stockgate.twins.lightspeed.consignments import Consignments
from stockgate.twins.lightspeed.ratelimit import RateLimiter
from stockgate.twins.lightspeed.sales import Sales
from stockgate.twins.lightspeed.seeds import apply_seed, load_seed
from stockgate.twins.lightspeed.state import Store
from stockgate.twins.lightspeed.versions import LEGACY, Release, build_release
from stockgate.twins.lightspeed.webhooks import Webhooks


class LightspeedTwin:
    """A stateful Lightspeed Retail X-Series API as of one release."""

    def __init__(self, release: Release, *, clock: VirtualClock | None = None, seed: str | None = "demo",
                 journal: Journal | None = None) -> None:
        """Build the twin; ``seed=None`` starts from a retailer with no data.

        ``journal``: a bounded one without bodies unless given (a scenario run passes ``Journal.full()``).
        """
        self.release = release
        self.legacy = release.versions[LEGACY]
        self.clock = clock or VirtualClock()
        self.journal = journal if journal is not None else Journal()
        self.faults = FaultPlan()
        formula = self.legacy.profile.value("rate_limit.formula")
        registers = int(self.legacy.profile.value("rate_limit.registers"))
        self.limiter = RateLimiter(self.clock, limit=formula["per_register"] * registers + formula["base"],
                                   window=float(formula["window_seconds"]))
        self.seed_name: str | None = None
        self._now: tuple[float, str] = (-1.0, "")
        self.reset()
        if seed:
            self.seed(seed)

    def now(self) -> str:
        """ISO 8601 with +00:00, as 2.x timestamps are written (formatted once per virtual instant)."""
        elapsed = self.clock.elapsed
        if self._now[0] != elapsed:
            self._now = (elapsed, self.clock.now().isoformat(timespec="seconds"))
        return self._now[1]

    def reset(self) -> None:
        """Forget all data, tokens, windows, journal entries and fault rules."""
        self.store = Store(self.now)
        self.catalog = Catalog(self.store)
        self.adjustments = Adjustments(self.store)
        self.sales = Sales(self.store, self.catalog)
        self.consignments = Consignments(self.store)
        self.tokens: dict[str, tuple[str, str]] = {}
        self.secrets: dict[str, str] = {}  # application bucket -> client secret (signs webhook deliveries)
        self.webhooks = Webhooks(self.store, self.legacy.profile.value("webhooks"), self.clock)
        self.limiter.reset()
        self.journal.clear()
        self.faults.clear()
        self.seed_name = None

    def seed(self, name: str) -> None:
        """Load a named seed (``demo``) or a seed file into the (reset) retailer."""
        data = load_seed(name)
        self.reset()
        self.tokens, self.secrets = apply_seed(data, self.store, self.catalog)
        self.seed_name = name


def create_twin(release: str, profile: str = "default", *, seed: str | None = "demo", clock: VirtualClock | None = None,
                contracts_dir: Path | None = None, as_of: dt.date | None = None,
                journal: Journal | None = None) -> LightspeedTwin:
    """``create_twin("2026-07")`` or ``create_twin("lightspeed@2026-07", "registers-3")``."""
    ref = VersionRef.parse(release if release.startswith("lightspeed@") else f"lightspeed@{release}")
    if ref.platform is not Platform.LIGHTSPEED:
        raise ValueError(f"{ref} is not a Lightspeed release")
    index = load_index(contracts_dir)
    return LightspeedTwin(build_release(index, ref, as_of, profile), clock=clock, seed=seed, journal=journal)
