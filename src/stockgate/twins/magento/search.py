"""``searchCriteria`` exactly as Magento parses and applies it.

Query spelling: ``searchCriteria[filter_groups][0][filters][0][field]=sku`` (snake or camel case
for every part). Filters inside a group are OR-ed, groups are AND-ed, ``sort_orders`` then
``page_size``/``current_page`` (WEBAPI src/pages/rest/use-rest/performing-searches.md). A
``current_page`` past the end answers the last page again, because Magento's collection clamps
the page (M2 lib/internal/Magento/Framework/Data/Collection.php ``getCurPage``); the
``search.page_past_end`` profile fact states it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, overload

from stockgate.twins.magento.errors import MagentoError

_CAMEL = {"filterGroups": "filter_groups", "sortOrders": "sort_orders", "pageSize": "page_size",
          "currentPage": "current_page", "conditionType": "condition_type"}
_KEY = re.compile(r"\[([^\]]*)\]")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True, kw_only=True)
class Criteria:
    """A parsed searchCriteria."""

    filter_groups: list[list[dict[str, str]]] = field(default_factory=list)
    sort_orders: list[dict[str, str]] = field(default_factory=list)
    page_size: int | None = None
    current_page: int | None = None
    present: bool = False

    def echo(self) -> dict[str, Any]:
        """The ``search_criteria`` object Magento echoes back."""
        body: dict[str, Any] = {"filter_groups": [{"filters": g} for g in self.filter_groups]}
        if self.sort_orders:
            body["sort_orders"] = self.sort_orders
        if self.page_size is not None:
            body["page_size"] = self.page_size
        if self.current_page is not None:
            body["current_page"] = self.current_page
        return body


def _nest(pairs: Iterable[tuple[str, str]], root: str) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for key, value in pairs:
        if not key.startswith(root + "["):
            continue
        parts = [_CAMEL.get(p, p) for p in _KEY.findall(key[len(root):])]
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[parts[-1]] = value
    return tree


def _int(value: Any, name: str) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise MagentoError(400, 'The "%value" value\'s type is invalid. The "%type" type was expected. '
                           "Verify and try again.", {"value": value, "type": "int"}) from None


def _ordered(node: Any) -> list[Any]:
    if not isinstance(node, dict):
        return []
    return [node[k] for k in sorted(node, key=lambda k: int(k) if k.isdigit() else 0)]


def parse(pairs: Iterable[tuple[str, str]], root: str = "searchCriteria") -> Criteria:
    """Parse bracketed query pairs into :class:`Criteria`."""
    pairs = list(pairs)
    tree = _nest(pairs, root)
    groups = []
    for group in _ordered(tree.get("filter_groups")):
        filters = []
        for raw in _ordered(group.get("filters") if isinstance(group, dict) else None):
            if isinstance(raw, dict) and "field" in raw:
                filters.append({"field": raw["field"], "value": raw.get("value", ""),
                                "condition_type": raw.get("condition_type") or "eq"})
        groups.append(filters)
    sorts = [{"field": s["field"], "direction": str(s.get("direction") or "ASC").upper()}
             for s in _ordered(tree.get("sort_orders")) if isinstance(s, dict) and "field" in s]
    size = _int(tree["page_size"], "pageSize") if "page_size" in tree else None
    page = _int(tree["current_page"], "currentPage") if "current_page" in tree else None
    present = any(k == root or k.startswith(root + "[") for k, _ in pairs)
    return Criteria(filter_groups=groups, sort_orders=sorts, page_size=size, current_page=page, present=present)


def number(value: Any) -> float | None:
    """``value`` as the number Magento compares it as, or None when it is text."""
    if isinstance(value, bool):
        return float(value)
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _compare(left: Any, right: str) -> int:
    a, b = number(left), number(right)
    if a is not None and b is not None:
        return (a > b) - (a < b)
    sa, sb = str(left), str(right)
    return (sa > sb) - (sa < sb)


def _like(value: Any, pattern: str) -> bool:
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, "" if value is None else str(value), re.IGNORECASE | re.DOTALL) is not None


def _eq(value: Any, wanted: str) -> bool:
    return value is not None and _compare(value, wanted) == 0


CONDITIONS: Mapping[str, Callable[[Any, str], bool]] = {
    "eq": _eq,
    "neq": lambda v, w: not _eq(v, w),
    "in": lambda v, w: any(_eq(v, x.strip()) for x in w.split(",")),
    "nin": lambda v, w: not any(_eq(v, x.strip()) for x in w.split(",")),
    "like": _like,
    "nlike": lambda v, w: not _like(v, w),
    "gt": lambda v, w: v is not None and _compare(v, w) > 0,
    "gteq": lambda v, w: v is not None and _compare(v, w) >= 0,
    "moreq": lambda v, w: v is not None and _compare(v, w) >= 0,
    "from": lambda v, w: v is not None and _compare(v, w) >= 0,
    "lt": lambda v, w: v is not None and _compare(v, w) < 0,
    "lteq": lambda v, w: v is not None and _compare(v, w) <= 0,
    "to": lambda v, w: v is not None and _compare(v, w) <= 0,
    "null": lambda v, _w: v is None,
    "notnull": lambda v, _w: v is not None,
    "finset": lambda v, w: v is not None and w in str(v).split(","),
    "nfinset": lambda v, w: v is None or w not in str(v).split(","),
}


def matches(row: Mapping[str, Any], group: list[dict[str, str]], aliases: Mapping[str, str]) -> bool:
    """Whether ``row`` passes one filter group (any of its filters); an unknown condition type is Magento's 400."""
    for flt in group:
        test = CONDITIONS.get(flt["condition_type"])
        if test is None:
            raise MagentoError(400, 'Invalid condition type: "%1"', [flt["condition_type"]])
        if test(row.get(aliases.get(flt["field"], flt["field"])), flt["value"]):
            return True
    return not group


def _by(key: str) -> Callable[[dict[str, Any]], tuple[int, float, str]]:
    return lambda row: sort_key(row.get(key))


def sort_key(value: Any) -> tuple[int, float, str]:
    """Where ``value`` sorts: numbers by value, then text, then nothing (null)."""
    found = number(value)
    if value is None:
        return (2, 0.0, "")
    return (0, found, "") if found is not None else (1, 0.0, str(value))


@dataclass(frozen=True, slots=True, kw_only=True)
class Paging:
    """The input-limit facts that shape paging (from the profile)."""

    limits_on: bool
    max_page_size: int
    default_page_size: int
    page_size_error: Mapping[str, Any]
    past_end: str = "last-page"  # search.page_past_end


class LazyRows(Sequence[dict[str, Any]]):
    """Rows built only when looked at: a page without filters or sort orders builds just its own rows.

    ``GET /V1/products`` without filters (a catalog walk) used to build every product's row for each
    page, quadratic over a walk (1.2-1.7 s a page at 50,000 products).
    """

    def __init__(self, items: Sequence[Any], build: Callable[[Any], dict[str, Any]]) -> None:
        """``build(item)`` makes one row."""
        self.items, self.build = items, build

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self.build(item) for item in self.items[index]]
        return self.build(self.items[index])


class Seeking(LazyRows):
    """Lazy rows that may answer a filtered or sorted search from indexes (``search_index.IndexedTable``)."""

    def select(self, groups: list[list[dict[str, str]]], sorts: list[dict[str, str]],
               aliases: Mapping[str, str]) -> Sequence[dict[str, Any]] | None:
        """The rows a search finds, in its order, or None when a scan must answer (here: always)."""
        return None


Lookup = Callable[[str, str], Iterable[int] | None]
"""``lookup(field, value)``: the positions of the items whose ``field`` reads exactly ``value``, or None."""


class Table(LazyRows):
    """Lazy rows with indexes: an ``eq``/``in`` filter on an indexed field reads only the rows it names.

    ``lookup(field, value)`` answers the positions (in ``items``) whose field is the text ``value``,
    or None when ``field`` has no index. It is used only where Magento's comparison is a plain text
    one (a value that is not a number: :func:`_compare`), so the page answered is the same as a scan's.
    """

    def __init__(self, items: Sequence[Any], build: Callable[[Any], dict[str, Any]], lookup: Lookup) -> None:
        """``build(item)`` makes one row; ``lookup`` as above."""
        super().__init__(items, build)
        self.lookup = lookup

    def positions(self, group: list[dict[str, str]], aliases: Mapping[str, str]) -> set[int] | None:
        """Every position a filter group can match, from the indexes; None when one filter has none."""
        found: set[int] = set()
        for flt in group:
            kind = flt["condition_type"]
            if kind not in {"eq", "in"}:
                return None
            values = [flt["value"]] if kind == "eq" else [x.strip() for x in flt["value"].split(",")]
            if any(number(v) is not None for v in values):  # compared as numbers: "1" matches "1.0"
                return None
            for value in values:
                hits = self.lookup(aliases.get(flt["field"], flt["field"]), value)
                if hits is None:
                    return None
                found.update(hits)
        return found


class KeyLog(Generic[K]):
    """Keys in insertion order (a dict's order) with their positions: what a :class:`Table` pages by.

    Adding a known key keeps its place (as assigning to a dict does); a removed key added again goes
    last. Removal leaves a hole, closed on the next read (removals are rare: deletes).
    """

    def __init__(self) -> None:
        """Empty."""
        self._keys: list[K | None] = []
        self._at: dict[K, int] = {}
        self._holes = 0

    def add(self, key: K) -> None:
        """Append ``key`` unless it is there."""
        if key not in self._at:
            self._at[key] = len(self._keys)
            self._keys.append(key)

    def remove(self, key: K) -> None:
        """Drop ``key`` (if there)."""
        at = self._at.pop(key, None)
        if at is not None:
            self._keys[at] = None
            self._holes += 1

    def keys(self) -> list[K]:
        """The keys in order (the list itself: do not change it)."""
        if self._holes:
            self._keys = [k for k in self._keys if k is not None]
            self._at = {k: n for n, k in enumerate(self._keys) if k is not None}
            self._holes = 0
        return self._keys  # type: ignore[return-value]  # no holes left

    def position(self, key: K) -> int | None:
        """Where ``key`` is in :meth:`keys` (call that first), or None."""
        return self._at.get(key)


def apply(rows: Sequence[dict[str, Any]], criteria: Criteria, paging: Paging, *,
          aliases: Mapping[str, str] | None = None) -> tuple[list[dict[str, Any]], int, Criteria]:
    """Filter, sort and page ``rows``; returns (page, total_count, criteria as applied).

    ``aliases`` (``search.field_aliases``): a field the entity's collection filters that its answer names
    otherwise (a product's ``entity_id`` is its ``id``).
    """
    aliases = aliases or {}
    size = criteria.page_size
    if paging.limits_on:
        if size is not None and size > paging.max_page_size:
            body = paging.page_size_error["body"]
            parameters = dict(body.get("parameters") or {})
            if "max" in parameters:  # the store's configured maximum, whatever the profile's example says
                parameters["max"] = paging.max_page_size
            raise MagentoError(paging.page_size_error["status"], body["message"], parameters or None)
        if size is None:
            size = paging.default_page_size
    found: Sequence[dict[str, Any]] = rows
    sought = rows.select(criteria.filter_groups, criteria.sort_orders, aliases) \
        if isinstance(rows, Seeking) and (criteria.filter_groups or criteria.sort_orders) else None
    if sought is not None:
        found = sought
    elif criteria.filter_groups or criteria.sort_orders or not isinstance(rows, LazyRows):
        kept = [r for r in _candidates(rows, criteria.filter_groups, aliases)
                if all(matches(r, g, aliases) for g in criteria.filter_groups)]
        for order in reversed(criteria.sort_orders):
            key = aliases.get(order["field"], order["field"])
            kept.sort(key=_by(key), reverse=order["direction"] == "DESC")
        found = kept
    total = len(found)
    if size:
        last = max(1, -(-total // size))
        page = max(1, criteria.current_page or 1)
        if paging.past_end == "last-page":
            page = min(page, last)  # Collection::getCurPage clamps to the last page
        found = found[(page - 1) * size: page * size]
    return list(found), total, criteria


def _candidates(rows: Sequence[dict[str, Any]], groups: list[list[dict[str, str]]],
                aliases: Mapping[str, str]) -> Iterable[dict[str, Any]]:
    """The rows the filter groups can match, in order: from a :class:`Table`'s indexes when a group has them."""
    if not isinstance(rows, Table) or any(f["condition_type"] not in CONDITIONS for g in groups for f in g):
        return rows  # an unknown condition type is refused by the scan, as Magento refuses it
    chosen: set[int] | None = None
    for group in groups:
        if group:
            found = rows.positions(group, aliases)
            if found is not None:
                chosen = found if chosen is None else chosen & found
    if chosen is None:
        return rows
    return [rows[n] for n in sorted(chosen)]
