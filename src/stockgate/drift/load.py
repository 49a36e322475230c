"""The business week's load, drawn from one seed: when each sale, order, price change, transfer and count happens.

Outlets keep opening hours of their own (Sundays shorter) with a lunch peak (12:00-14:00, the hours
the delay sample is drawn from) and one promotion afternoon in the week that doubles the sales; web
orders come day and night with an evening peak. Which SKU sells follows slow and fast movers: the
fast ones (those the generated merchant stocks by the dozen) sell ten times as often. Times are UTC
on the virtual clock; nothing here touches a twin.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from stockgate.drift.config import DriftConfig

PEAK = (12, 14)  # the lunch peak (hours): the peak-hour delay sample is drawn from sales closed in it
PEAK_WEIGHT = 2.5
PROMOTION_WEIGHT = 2.0
WEB_HOURS = (0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.7, 0.9, 1.0, 1.0, 1.1, 1.3, 1.3, 1.1, 1.0, 1.0, 1.1, 1.3,
             1.7, 1.9, 1.8, 1.2, 0.6)  # relative web orders per hour of the day: an evening peak
FAST_WEIGHT = 10


@dataclass(frozen=True, slots=True)
class Hours:
    """An outlet's opening hours (whole hours, UTC)."""

    weekday: tuple[int, int]
    sunday: tuple[int, int]

    def on(self, day: int) -> tuple[int, int]:
        """Opening and closing hour on ``day`` (0 = the Monday the week starts on)."""
        return self.sunday if day % 7 == 6 else self.weekday


@dataclass(frozen=True, slots=True)
class Arrival:
    """One primary event: what happens, when (virtual seconds since the week's start) and where."""

    at: float
    kind: str  # pos-sale | web-order | price-change | new-product | transfer | stock-count
    outlet: int = -1  # index of the outlet (pos-sale, stock-count, transfer's origin)
    other: int = -1  # a transfer's destination
    item: int = -1  # index into the sellable SKUs
    qty: int = 1


class Load:
    """Seeded arrivals for a week of ``config`` over ``skus`` sellable SKUs (``fast``: the fast movers)."""

    def __init__(self, config: DriftConfig, skus: int, fast: list[bool]) -> None:
        """Draw the outlets' hours and the promotion; arrivals are drawn day by day."""
        self.config = config
        self.rng = random.Random(config.seed * 1_000_003 + 19)
        self.hours = [Hours(weekday=(self.rng.choice((8, 9, 10)), self.rng.choice((18, 19, 20))),
                            sunday=(11, 17)) for _ in range(config.stores)]
        self.promotion = (self.rng.randrange(1, 6), 15, 18)  # day (Tue-Sat), from, to
        weights = [FAST_WEIGHT if f else 1 for f in fast]
        self.cumulative = list(itertools.accumulate(weights))
        self.skus = skus

    def pick(self, rng: random.Random) -> int:
        """A SKU index, fast movers more often."""
        return bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])

    def in_peak(self, at: float) -> bool:
        """Whether ``at`` falls in the lunch peak."""
        hour = (at % 86400) / 3600
        return PEAK[0] <= hour < PEAK[1]

    def days(self) -> Iterator[list[Arrival]]:
        """Each day's arrivals, in time order."""
        for day in range(self.config.days):
            rng = random.Random(self.config.seed * 7_919 + day * 104_729)
            arrivals = self._pos(day, rng) + self._web(day, rng) + self._back_office(day, rng)
            arrivals.sort(key=lambda a: (a.at, a.kind, a.outlet, a.item))
            yield arrivals

    def _hour_weights(self, day: int, outlet: int) -> list[tuple[int, float]]:
        opens, closes = self.hours[outlet].on(day)
        promo_day, promo_from, promo_to = self.promotion
        weights = []
        for hour in range(opens, closes):
            weight = PEAK_WEIGHT if PEAK[0] <= hour < PEAK[1] else 1.0
            if day == promo_day and promo_from <= hour < promo_to:
                weight *= PROMOTION_WEIGHT
            weights.append((hour, weight))
        return weights

    def _times(self, rng: random.Random, day: int, count: int, weights: list[tuple[int, float]]) -> list[float]:
        hours = [h for h, _ in weights]
        cumulative = list(itertools.accumulate(w for _, w in weights))
        out = []
        for _ in range(count):
            hour = hours[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]
            out.append(day * 86400.0 + hour * 3600 + rng.random() * 3600)
        return out

    def _pos(self, day: int, rng: random.Random) -> list[Arrival]:
        arrivals = []
        per_outlet = self.config.pos_per_day / self.config.stores
        sunday = 0.6 if day % 7 == 6 else 1.0
        for outlet in range(self.config.stores):
            weights = self._hour_weights(day, outlet)
            scale = sum(w for _, w in weights) / max(1.0, sum(1.0 for _ in weights))  # promotion: more sales
            count = round(per_outlet * sunday * scale * rng.uniform(0.9, 1.1))
            for at in self._times(rng, day, count, weights):
                qty = 1 if rng.random() < 0.85 else 2
                arrivals.append(Arrival(at=at, kind="pos-sale", outlet=outlet, item=self.pick(rng), qty=qty))
        return arrivals

    def _web(self, day: int, rng: random.Random) -> list[Arrival]:
        count = round(self.config.daily_orders * rng.uniform(0.9, 1.1))
        weights = list(enumerate(WEB_HOURS))
        return [Arrival(at=at, kind="web-order", item=self.pick(rng), qty=1 if rng.random() < 0.9 else 2)
                for at in self._times(rng, day, count, weights)]

    def _back_office(self, day: int, rng: random.Random) -> list[Arrival]:
        """Price changes (simple products), new products, transfers between outlets, stock counts; office hours."""
        arrivals = []
        office = [(hour, 1.0) for hour in range(9, 17)]
        for at in self._times(rng, day, self.config.changes_per_day, office):
            arrivals.append(Arrival(at=at, kind="price-change", item=self.pick(rng)))
        for at in self._times(rng, day, max(1, self.config.skus // 2000), office):
            arrivals.append(Arrival(at=at, kind="new-product"))
        if self.config.stores > 1:
            for at in self._times(rng, day, self.config.stores, office):
                origin, destination = rng.sample(range(self.config.stores), 2)
                arrivals.append(Arrival(at=at, kind="transfer", outlet=origin, other=destination,
                                        item=self.pick(rng), qty=rng.randint(1, 3)))
        for at in self._times(rng, day, self.config.stores * 3, office):
            arrivals.append(Arrival(at=at, kind="stock-count", outlet=rng.randrange(self.config.stores),
                                    item=self.pick(rng)))
        return arrivals
