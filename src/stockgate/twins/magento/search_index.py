"""Indexes a searchCriteria can seek by: each field's values in position order and in sorted order.

A sales table (orders, documents, order lines) keeps one :class:`FieldIndex` per field searches commonly
filter or sort by (an order's ``increment_id``, ``status``, ``customer_email``, ``updated_at``, …),
updated by every write (``Sales`` hooks). :class:`IndexedTable` answers a search from them when they
can say exactly what a scan of the rows would: ``eq``/``in`` by value, a range (``gt``, ``from``, ``to``, …)
on a field whose values are all numbers or all text, one sort order; anything else is the scan of
:func:`stockgate.twins.magento.search.apply`. Comparisons follow ``search._compare`` (numbers as numbers,
the rest as text), so a seek finds the rows a scan keeps, in the scan's order.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from stockgate.twins.magento.search import CONDITIONS, Seeking, matches, number, sort_key

RANGES = {"gt": (True, False), "gteq": (False, False), "moreq": (False, False), "from": (False, False),
          "lt": (True, True), "lteq": (False, True), "to": (False, True)}
"""Range conditions: (strict, upper bound)."""
SortKey = tuple[int, float, str]


def eq_key(value: Any) -> tuple[str, Any] | None:
    """What ``_eq`` compares ``value`` by: its number, or its text (None: no exact key, a NaN)."""
    found = number(value)
    if found is None:
        return ("s", str(value))
    return None if math.isnan(found) else ("n", found)


class FieldIndex:
    """One field over a table's positions: each value's positions (ascending) and (sort key, position) sorted."""

    def __init__(self) -> None:
        """Empty."""
        self.exact: dict[tuple[str, Any], list[int]] = {}
        self.order: list[tuple[SortKey, int]] = []
        self.value: dict[int, Any] = {}
        self.numbers = self.texts = self.nans = 0

    def set(self, position: int, value: Any) -> None:
        """Position ``position`` now holds ``value`` (None: the row has no such field)."""
        if position in self.value:
            if self.value[position] == value and type(self.value[position]) is type(value):
                return
            self._drop(position)
        self.value[position] = value
        key = eq_key(value) if value is not None else None
        if value is not None and key is None:
            self.nans += 1  # a NaN equals and orders against nothing: searches on this field scan
            return
        bisect.insort(self.order, (sort_key(value), position))
        if key is None:
            return
        self.numbers += key[0] == "n"
        self.texts += key[0] == "s"
        bisect.insort(self.exact.setdefault(key, []), position)

    def _drop(self, position: int) -> None:
        value = self.value.pop(position)
        key = eq_key(value) if value is not None else None
        if value is not None and key is None:
            self.nans -= 1
            return
        del self.order[bisect.bisect_left(self.order, (sort_key(value), position))]
        if key is None:
            return
        self.numbers -= key[0] == "n"
        self.texts -= key[0] == "s"
        positions = self.exact[key]
        del positions[bisect.bisect_left(positions, position)]
        if not positions:
            del self.exact[key]

    def equal(self, wanted: str) -> list[int] | None:
        """Positions whose value ``_eq`` ``wanted`` (ascending); None when the index cannot tell (NaN)."""
        key = eq_key(wanted)
        if key is None or self.nans:
            return None
        return self.exact.get(key, [])

    def span(self, bounds: list[tuple[str, str]]) -> tuple[int, int] | None:
        """``order[lo:hi]``: the values within every (condition, value) bound; None unless one kind compares."""
        if self.nans:
            return None
        lo, hi = 0, bisect.bisect_left(self.order, ((2, 0.0, ""), -1))  # None sorts last and never matches
        for condition, wanted in bounds:
            found = number(wanted)
            if found is not None and (math.isnan(found) or self.texts):
                return None  # text values compared with a number as text: not in sort-key order
            if found is None and self.numbers:
                return None
            key: SortKey = (0, found, "") if found is not None else (1, 0.0, wanted)
            strict, upper = RANGES[condition]
            if upper:
                hi = min(hi, bisect.bisect_left(self.order, (key, -1 if strict else math.inf)))
            else:
                lo = max(lo, bisect.bisect_left(self.order, (key, math.inf if strict else -1)))
        return lo, max(lo, hi)


class Walk(Sequence[int]):
    """The positions of ``order[lo:hi]``, by sort key ascending or descending; equal keys in position order.

    The order ``list.sort(key=…, reverse=…)`` gives a scan's rows (a stable sort keeps equal rows in
    position order both ways).
    """

    def __init__(self, order: list[tuple[SortKey, int]], lo: int, hi: int, *, descending: bool) -> None:
        """A view (no copy)."""
        self.order, self.lo, self.hi, self.descending = order, lo, hi, descending

    def __len__(self) -> int:
        return self.hi - self.lo

    def _at(self, n: int) -> int:
        if not self.descending:
            return self.order[self.lo + n][1]
        j = self.hi - 1 - n  # the n-th from the top, then mirrored within its run of equal keys
        key = self.order[j][0]
        first = max(self.lo, bisect.bisect_left(self.order, (key, -1)))
        last = min(self.hi, bisect.bisect_left(self.order, (key, math.inf)))
        return self.order[first + last - 1 - j][1]

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._at(n) for n in range(*index.indices(len(self)))]
        at = index if index >= 0 else len(self) + index
        if not 0 <= at < len(self):
            raise IndexError(index)
        return self._at(at)


class Selection(Sequence[dict[str, Any]]):
    """The rows a search found, as positions in answer order; rows built only for the slice answered."""

    def __init__(self, positions: Sequence[int], table: IndexedTable) -> None:
        """``positions`` in answer order."""
        self.positions, self.table = positions, table

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self.table.row(p) for p in self.positions[index]]
        return self.table.row(self.positions[index])


class IndexedTable(Seeking):
    """Lazy rows with :class:`FieldIndex` es by field name (positions are indexes into ``items``)."""

    def __init__(self, items: Sequence[Any], build: Callable[[Any], dict[str, Any]],
                 indexes: Mapping[str, FieldIndex]) -> None:
        """``build(item)`` makes one row; ``indexes[field]`` holds every item's ``row[field]``."""
        super().__init__(items, build)
        self.indexes = indexes

    def row(self, position: int) -> dict[str, Any]:
        """The row at ``position``."""
        return self.build(self.items[position])

    def select(self, groups: list[list[dict[str, str]]], sorts: list[dict[str, str]],
               aliases: Mapping[str, str]) -> Selection | None:
        """The rows matching every group, sorted, from the indexes; None when a scan must answer."""
        if len(sorts) > 1 or any(f["condition_type"] not in CONDITIONS for g in groups for f in g):
            return None
        sort = _sort(sorts[0], self.indexes, aliases) if sorts else None
        if sorts and sort is None:
            return None
        hits, rest = self._hits([g for g in groups if g], aliases)
        if not hits:
            if rest or sort is None:
                return None
            return Selection(Walk(sort[0].order, 0, len(sort[0].order), descending=sort[1]), self)
        hits.sort(key=lambda h: len(h.positions))
        best = hits[0]
        others = [g for h in hits[1:] for g in h.groups] + rest
        if not others and sort is not None and best.field == sort[2] and isinstance(best.positions, Walk):
            return Selection(Walk(best.positions.order, best.positions.lo, best.positions.hi,
                                  descending=sort[1]), self)
        chosen = sorted(best.positions) if isinstance(best.positions, Walk) else best.positions
        if others:
            chosen = [p for p in chosen if all(matches(self.row(p), g, aliases) for g in others)]
        if sort is not None:
            value = sort[0].value
            chosen = sorted(chosen, key=lambda p: sort_key(value[p]), reverse=sort[1])
        return Selection(chosen, self)

    def _hits(self, groups: list[list[dict[str, str]]], aliases: Mapping[str, str]
              ) -> tuple[list[Hit], list[list[dict[str, str]]]]:
        """The groups the indexes answer (a field's range groups as one span) and the groups they do not."""
        hits, rest = [], []
        ranges: dict[str, list[list[dict[str, str]]]] = {}
        for group in groups:
            field = aliases.get(group[0]["field"], group[0]["field"])
            if len(group) == 1 and group[0]["condition_type"] in RANGES and field in self.indexes:
                ranges.setdefault(field, []).append(group)
                continue
            found = _exact(group, self.indexes, aliases)
            if found is None:
                rest.append(group)
            else:
                hits.append(Hit(positions=found, groups=[group]))
        for field, bounded in ranges.items():
            index = self.indexes[field]
            span = index.span([(g[0]["condition_type"], g[0]["value"]) for g in bounded])
            if span is None:
                rest += bounded
            else:
                hits.append(Hit(positions=Walk(index.order, *span, descending=False), groups=bounded, field=field))
        return hits, rest


@dataclass(slots=True, kw_only=True)
class Hit:
    """Positions some filter groups allow (a :class:`Walk` over ``field``'s sort order for a range)."""

    positions: Sequence[int]
    groups: list[list[dict[str, str]]]
    field: str | None = None


def _sort(order: dict[str, str], indexes: Mapping[str, FieldIndex],
          aliases: Mapping[str, str]) -> tuple[FieldIndex, bool, str] | None:
    field = aliases.get(order["field"], order["field"])
    index = indexes.get(field)
    return None if index is None or index.nans else (index, order["direction"] == "DESC", field)


def _exact(group: list[dict[str, str]], indexes: Mapping[str, FieldIndex],
           aliases: Mapping[str, str]) -> Sequence[int] | None:
    """The positions an ``eq``/``in`` group on indexed fields matches (ascending), or None."""
    if any(f["condition_type"] not in {"eq", "in"} or aliases.get(f["field"], f["field"]) not in indexes
           for f in group):
        return None
    lists: list[list[int]] = []
    for flt in group:
        index = indexes[aliases.get(flt["field"], flt["field"])]
        for wanted in _values(flt):
            found = index.equal(wanted)
            if found is None:
                return None
            lists.append(found)
    if len(lists) == 1:
        return lists[0]
    return sorted(set().union(*lists))


def _values(flt: dict[str, str]) -> Iterable[str]:
    return [flt["value"]] if flt["condition_type"] == "eq" else [x.strip() for x in flt["value"].split(",")]
