"""What ``stockgate drift simulate`` is asked to run: sizes, the connector's schedule, an outage, the seed.

Everything is checked before any work (:meth:`DriftConfig.problems`): a size out of range names the
memory it would need, a schedule or outage that cannot be read says what was expected, an outage
outside the simulated week is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# a Monday: the week the example outage (2026-12-09T10:00/2h) falls in
DEFAULT_START = dt.datetime(2026, 12, 7, 0, 0, tzinfo=dt.UTC)
DEFAULT_SCHEDULE = {"inventory": 300.0, "orders": 60.0, "catalog": 3600.0}
SCHEDULE_KEYS = ("inventory", "orders", "returns", "catalog")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# rough cost per item in the twins and the simulation (measured on the bench: see bench/drift_bench.py)
BYTES_PER_SKU_LOCATION = 900
BYTES_PER_EVENT = 1_800
MEMORY_LIMIT = 16 * 2**30  # refuse what would need more than this
MAX_STORES = 200  # stockgate twin seed generate's outlet limit
MAX_SKUS = 1_000_000
MAX_DAYS = 31
FAULT_KINDS = {"http-429": {}, "http-5xx": {}, "connection-reset": {}, "lost-response": {}, "latency": {"seconds": 30}}


class ConfigError(ValueError):
    """One bad argument: the message is the one line the CLI prints."""


def duration(text: str, what: str) -> float:
    """``5m``, ``90s``, ``1h``, ``2h30m`` → seconds (> 0); ``what`` is the argument as given, for the message."""
    parts = re.fullmatch(r"(?:(\d+(?:\.\d+)?)([smhd]))+", text.strip())
    if not parts:
        raise ConfigError(f"{what}: expected a duration such as 30s, 5m, 1h or 2h30m")
    total = sum(float(n) * UNITS[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)([smhd])", text))
    if total <= 0:
        raise ConfigError(f"{what}: expected a duration above zero")
    return total


def show_duration(seconds: float) -> str:
    """Seconds as the largest unit that divides them: 2592000 → ``30d``, 300 → ``5m``, 90 → ``90s``."""
    for unit, size in sorted(UNITS.items(), key=lambda item: -item[1]):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"


def show_days(days: float) -> str:
    """``1 day``, ``7 days``."""
    return f"{days:g} day" + ("" if days == 1 else "s")


def parse_faults(text: str) -> dict[str, float]:
    """``http-5xx=0.02,http-429=0.01``: per connector tick, the chance that its next request meets that fault."""
    faults: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        kind, sep, value = part.partition("=")
        if not sep or kind.strip() not in FAULT_KINDS:
            raise ConfigError(f"--faults {text!r}: {part!r} is not KIND=RATE with KIND one of "
                              f"{', '.join(FAULT_KINDS)} (e.g. http-5xx=0.02)")
        try:
            rate = float(value)
        except ValueError:
            rate = -1.0
        if not 0 <= rate <= 1:
            raise ConfigError(f"--faults {kind.strip()}={value}: expected a chance per tick, 0 to 1")
        faults[kind.strip()] = rate
    return faults


def parse_schedule(text: str) -> dict[str, float]:
    """``inventory=5m,orders=1m,catalog=1h`` (any subset; the rest keep their defaults) → seconds per flow.

    An empty schedule and a flow given twice are refused (which of two periods was meant cannot be guessed).
    """
    if not text.strip():
        raise ConfigError(f"--schedule {text!r}: empty schedule; expected FLOW=DURATION,... with FLOW one of "
                          f"{', '.join(SCHEDULE_KEYS)} (e.g. inventory=5m,orders=1m,catalog=1h), or leave it out")
    schedule = dict(DEFAULT_SCHEDULE)
    given: set[str] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in SCHEDULE_KEYS:
            raise ConfigError(f"--schedule {text}: {part!r} is not FLOW=DURATION with FLOW one of "
                              f"{', '.join(SCHEDULE_KEYS)} (e.g. inventory=5m,orders=1m,catalog=1h)")
        if key in given:
            raise ConfigError(f"--schedule {text}: {key} is given twice; give each flow once")
        given.add(key)
        schedule[key] = duration(value, f"--schedule {key}={value.strip()}")
    return schedule


@dataclass(frozen=True, slots=True)
class Outage:
    """The connector is down from ``start`` for ``seconds`` (e.g. during an upgrade)."""

    start: dt.datetime
    seconds: float

    def window(self) -> str:
        """``2026-12-07 10:00-12:00 UTC (2 h outage)`` (the end's date too when it is another day)."""
        end = self.start + dt.timedelta(seconds=self.seconds)
        start = self.start.astimezone(dt.UTC)
        end = end.astimezone(dt.UTC)
        until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%Y-%m-%d %H:%M}"
        return f"{start:%Y-%m-%d %H:%M}-{until} UTC ({self.seconds / 3600:g} h outage)"

    @classmethod
    def parse(cls, text: str) -> Outage:
        """``2026-12-09T10:00/2h`` (UTC unless an offset is given)."""
        when, sep, length = text.partition("/")
        if not sep:
            raise ConfigError(f"--outage {text!r}: expected START/DURATION, e.g. 2026-12-09T10:00/2h")
        try:
            start = dt.datetime.fromisoformat(when.strip())
        except ValueError:
            raise ConfigError(f"--outage {text!r}: {when!r} is not an ISO date and time "
                              "(e.g. 2026-12-09T10:00)") from None
        start = start if start.tzinfo else start.replace(tzinfo=dt.UTC)
        return cls(start=start, seconds=duration(length, f"--outage {text.strip()}: duration {length.strip()!r}"))


@dataclass(frozen=True, slots=True, kw_only=True)
class DriftConfig:
    """One simulated week (or ``days``) of a generated merchant with one connector."""

    stores: int
    skus: int
    daily_orders: int
    days: int = 7
    pos_sales_per_day: int | None = None  # None: the seed's ratio, 20,000 POS sales to 6,000 web orders
    return_rate: float = 0.08
    cancel_rate: float = 0.02
    price_changes_per_day: int | None = None  # None: 0.5 % of the SKUs
    connector: str = "reference"
    schedule: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SCHEDULE))
    magento: str = "2.4.8"
    lightspeed: str = "2026-07"
    magento_profile: str = "default"
    lightspeed_profile: str = "default"
    outage: Outage | None = None
    faults: dict[str, float] = field(default_factory=dict)  # fault kind -> chance per tick (parse_faults)
    seed: int = 1
    start: dt.datetime = DEFAULT_START
    minutes_per_fix: float = 5.0
    variants: float = 20.0

    @property
    def pos_per_day(self) -> int:
        """POS sales per day over all outlets."""
        if self.pos_sales_per_day is not None:
            return self.pos_sales_per_day
        return round(self.daily_orders * 20_000 / 6_000)

    @property
    def changes_per_day(self) -> int:
        """Lightspeed price changes per day."""
        return self.price_changes_per_day if self.price_changes_per_day is not None else max(1, self.skus // 200)

    @property
    def seconds(self) -> float:
        """The simulated span."""
        return self.days * 86400.0

    @property
    def tick(self) -> float:
        """How often the connector is woken: its most frequent flow."""
        return min(self.schedule.values())

    def events(self) -> int:
        """About how many events the week holds (sales, orders and what follows them)."""
        per_day = self.pos_per_day * (1 + self.return_rate) + self.daily_orders * (2 + self.return_rate)
        return int(per_day * self.days)

    def memory_bytes(self) -> int:
        """A rough need: both twins' catalog and stock, plus the events kept for the report."""
        return self.skus * (self.stores + 2) * BYTES_PER_SKU_LOCATION + self.events() * BYTES_PER_EVENT

    def problems(self) -> list[str]:
        """Every problem with the arguments, each one line."""
        problems = []
        ranges = [("--stores", self.stores, 1, MAX_STORES), ("--skus", self.skus, 1, MAX_SKUS),
                  ("--daily-orders", self.daily_orders, 0, 10_000_000), ("--days", self.days, 1, MAX_DAYS)]
        if self.pos_sales_per_day is not None:  # only what was given: a derived rate is not the user's to fix
            ranges.append(("--pos-sales-per-day", self.pos_sales_per_day, 0, 10_000_000))
        for option, value, low, high in ranges:
            if not low <= value <= high:
                problems.append(f"{option} {value:,}: expected {low:,} to {high:,}")
        too_big = any(value > high for _, value, _, high in ranges)
        too_small = any(value < low for _, value, low, _ in ranges)
        if too_big and not too_small:  # the memory a size would need means something only for a big size
            problems.append(f"as asked the run would need about {self.memory_bytes() / 2**30:,.1f} GiB of memory")
        if not 0 <= self.return_rate <= 1:
            problems.append(f"--return-rate {self.return_rate:g}: expected a fraction, 0 to 1")
        if self.minutes_per_fix <= 0:
            problems.append(f"--minutes-per-fix {self.minutes_per_fix:g}: expected minutes above zero")
        if not problems and self.memory_bytes() > MEMORY_LIMIT:
            problems.append(f"{self.stores:,} stores x {self.skus:,} SKUs with {self.events():,} events would need "
                            f"about {self.memory_bytes() / 2**30:,.1f} GiB (limit {MEMORY_LIMIT / 2**30:g} GiB); "
                            "simulate fewer SKUs, orders or days")
        if self.outage is not None:
            problems += self._outage_problems(self.outage)
        return problems

    def _outage_problems(self, outage: Outage) -> list[str]:
        """The outage must fall inside the simulated days: say which, and when it may start."""
        end = self.start + dt.timedelta(seconds=self.seconds)
        latest = end - dt.timedelta(seconds=outage.seconds)
        if self.start <= outage.start <= latest:
            return []
        given = f"--outage {outage.start.astimezone(dt.UTC):%Y-%m-%dT%H:%M}/{show_duration(outage.seconds)}"
        span = f"the simulated {show_days(self.days)} {self.start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} UTC"
        if latest < self.start:
            return [f"{given}: longer than {span}; simulate more days or give a shorter outage"]
        return [f"{given}: outside {span}; start it between {self.start:%Y-%m-%d %H:%M} and "
                f"{latest:%Y-%m-%d %H:%M} (UTC)"]
