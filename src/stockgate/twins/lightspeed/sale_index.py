"""Indexes over a retailer's sales, kept by ``Sales`` as it writes.

What a sale search, a sale's returns and a customer's totals read without walking every sale.

Positions are the order sales were stored in (``Sales.sales``'s order, the order ``/search`` answers in); a
sale is never removed. Each searchable field maps its value (as text, as the search compares it) to the
ascending positions holding it; the status, the one such field a sale changes, is moved by
``Sales.transition``. Sale dates are kept sorted, and not used at all once a sale's date is not an aware ISO
timestamp (a search then compares every sale, as before).
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import math
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.sales import Sale

FIELDS = ("id", "outlet_id", "register_id", "user_id", "customer_id", "invoice_number", "status")


class SaleIndex:
    """Sales by position, by field value, by date; returns by original sale; sales by customer."""

    def __init__(self) -> None:
        """Empty."""
        self.rows: list[Sale] = []
        self._at: dict[int, int] = {}  # id(sale) -> position
        self.by: dict[str, dict[str, list[int]]] = {name: {} for name in FIELDS}
        self.dates: list[tuple[dt.datetime, int]] = []
        self.dates_usable = True
        self.returns: dict[str, list[Sale]] = {}  # original sale id -> the sales returning it, in order
        self.customers: dict[str, list[Sale]] = {}  # customer id -> their sales, in order

    def add(self, sale: Sale) -> None:
        """A newly stored sale."""
        at = self._at[id(sale)] = len(self.rows)
        self.rows.append(sale)
        for name in FIELDS:
            self.by[name].setdefault(str(getattr(sale, name)), []).append(at)
        self._date(sale, at)
        if sale.return_for:
            self.returns.setdefault(sale.return_for, []).append(sale)
        self.customers.setdefault(str(sale.customer_id or ""), []).append(sale)

    def _date(self, sale: Sale, at: int) -> None:
        if not sale.sale_date:
            return
        try:
            when = dt.datetime.fromisoformat(sale.sale_date)
        except ValueError:
            when = None
        if when is None or when.tzinfo is None:
            self.dates_usable = False  # a search compares (and fails on) it as it always did
        else:
            bisect.insort(self.dates, (when, at))

    def restatus(self, sale: Sale, old: str) -> None:
        """``sale`` moved from status ``old`` to its current one."""
        at = self._at.get(id(sale))
        if at is None:
            return
        held = self.by["status"].get(old, [])
        found = bisect.bisect_left(held, at)
        if found < len(held) and held[found] == at:
            del held[found]
        bisect.insort(self.by["status"].setdefault(str(sale.status), []), at)

    def candidates(self, wanted: Mapping[str, set[str]], since: dt.datetime | None,
                   until: dt.datetime | None) -> Iterator[Sale]:
        """Every sale that can match (a superset, in stored order): the fewest one index allows, or all."""
        choices: list[list[int] | range] = [range(len(self.rows))]
        for name, values in wanted.items():
            field = "id" if name == "_id" else name
            if values and field in self.by:
                lists = [self.by[field].get(v, []) for v in values]
                choices.append(lists[0] if len(lists) == 1 else list(_merged(lists)))
        if (since is not None or until is not None) and self.dates_usable:
            lo = 0 if since is None else bisect.bisect_left(self.dates, (since, -1))
            hi = len(self.dates) if until is None else bisect.bisect_right(self.dates, (until, math.inf))
            choices.append(sorted(at for _when, at in self.dates[lo:max(lo, hi)]))
        return (self.rows[at] for at in min(choices, key=len))


def _merged(lists: Iterable[list[int]]) -> Iterator[int]:
    """Ascending positions of several ascending lists, once each."""
    last = -1
    for at in heapq.merge(*lists):
        if at != last:
            yield at
            last = at
