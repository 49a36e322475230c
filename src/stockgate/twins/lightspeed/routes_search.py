"""``GET /search``: sales, products and customers by the documented filters, paged by offset.

A filter may repeat (``sku=A&sku=B``: either); ``-name`` excludes; ``_id``/``-_id`` pick rows by id for
every type, and deleted rows come back only with ``deleted=true``. Sales filter by ``date_from`` and
``date_to`` (UTC timestamps, ``2016-08-08T12:00:00Z``). Product SKU values "must be lowercased": they
are matched against lowercased SKUs, so a value with capitals finds nothing (``request.search``).
Paging is ``offset`` + ``page_size``; a page size over ``pagination.search``'s maximum answers that
many rows ("Specifying more than 1000 will result in 1000 objects being returned"), or is refused where
the fact says so. Negative offsets, sizes below 1, and dates that are not ISO 8601, are refused with a
400 naming the parameter (profile fact ``request.parameters``). ``order_by`` names one of the type's
search attributes as the version's document lists them, ``order_direction`` is ``asc`` (the default) or
``desc``; anything else is a 400 (``request.search``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import paging, shapes_catalog, shapes_products
from stockgate.twins.lightspeed.errors import LightspeedError, invalid

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp

PRODUCT_FILTERS = ("_id", "sku", "supplier_id", "brand_id", "tag_id", "product_type_id", "variant_parent_id")
CUSTOMER_FILTERS = ("_id", "customer_code", "email", "first_name", "last_name", "company_name", "mobile", "phone")
TRUE = paging.TRUE
TAGS = {"sales": "**SALES**", "products": "**PRODUCTS**", "customers": "**CUSTOMERS**"}
# the row field a documented search attribute sorts by; the date and time filters sort by the sale's date
SORTED_AS = {"date_from": "sale_date", "date_to": "sale_date", "time_from": "sale_date", "time_to": "sale_date",
             "tag_id": "tag_ids"}


def wanted(call: Call, name: str) -> tuple[set[str], set[str]]:
    """Values a filter includes and excludes (``name`` / ``name[]`` and ``-name``)."""
    query = call.request.query
    return ({v for k, v in query if k in {name, f"{name}[]"}}, {v for k, v in query if k == f"-{name}"})


def asked(call: Call, names: Iterable[str]) -> tuple[str, ...]:
    """The filters of ``names`` the request uses (read once per request: a row then checks only those)."""
    return tuple(name for name in names if any(wanted(call, name)))


def matches(call: Call, names: Iterable[str], value: Callable[[str], Any]) -> bool:
    """Whether a row passes every include/exclude filter of ``names`` (``value(name)`` reads the row)."""
    for name in names:
        keep, drop = wanted(call, name)
        found = value(name)
        values = {str(v) for v in found} if isinstance(found, list) else {str(found)}
        if (keep and not values & keep) or (drop and values & drop):
            return False
    return True


def reader(row: Any, aliases: dict[str, str] | None = None, text: dict[str, Any] | None = None) -> Callable[[str], Any]:
    """How a filter reads ``row``: an attribute (under an alias), or a key of its ``text`` properties."""
    def read(name: str) -> Any:
        if text is not None and name in text:
            return text[name]
        return getattr(row, (aliases or {}).get(name, "id" if name == "_id" else name))
    return read


Found = tuple[Iterable[Any], Callable[[list[Any]], list[dict[str, Any]]]]
"""The rows a search finds (in order, found as they are read), and how to shape a page of them.

Only the rows up to the page's end are read, and only the page's are shaped.
"""


def _products(call: Call) -> Found:
    store, catalog = call.twin.store, call.twin.catalog
    filters = asked(call, PRODUCT_FILTERS)
    rows = (p for p in store.products.values() if keep_deleted(call, p)
            and matches(call, filters, reader(p, {"tag_id": "tag_ids"}, {"sku": (p.sku or "").lower()})))
    return rows, lambda page: [shapes_products.product(store, catalog, p, call.api) for p in page]


def _customers(call: Call) -> Found:
    catalog = call.twin.catalog
    filters = asked(call, CUSTOMER_FILTERS)
    rows = (c for c in catalog.customers.values()
            if keep_deleted(call, c) and matches(call, filters, reader(c, text=c.text)))

    def shape(page: list[Any]) -> list[dict[str, Any]]:
        from stockgate.twins.lightspeed.routes_catalog import spending_of

        spent = spending_of(call)  # the page's customers' own sales, not every sale
        return [call.api.shaped("Customer", shapes_catalog.customer(c, spent.get(c.id, (0.0, 0.0, 0.0))))
                for c in page]

    return rows, shape


def keep_deleted(call: Call, row: Any) -> bool:
    """Whether ``row`` is answered: live rows, and deleted ones with ``deleted=true``."""
    return not row.deleted_at or str(call.query.get("deleted", "")).lower() in TRUE


def moment(call: Call, name: str) -> dt.datetime | None:
    """An ISO 8601 timestamp parameter (``Z`` or an offset; naive is UTC), or None when absent."""
    text = call.query.get(name)
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise invalid(f"{name} must be a UTC timestamp such as 2016-08-08T12:00:00Z, not {text!r}", 400) from None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _page(call: Call) -> tuple[int, int]:
    offset, size = paging.integer(call.query, "offset"), paging.integer(call.query, "page_size")
    if offset is not None and offset < 0:
        raise invalid("offset may not be negative", 400)
    if size is not None and size < 1:
        raise invalid("page_size must be at least 1", 400)
    offset, size = offset or 0, call.api.search_max if size is None else size
    if size > call.api.search_max:
        if call.api.search_over_max == "refused":
            raise invalid(f"page_size is limited to {call.api.search_max}", 400)
        size = call.api.search_max
    return offset, size


def search(call: Call) -> Any:
    """``GET /search?type=sales|products|customers`` with ``offset`` + ``page_size`` (max ``pagination.search``)."""
    kind = call.query.get("type")
    offset, size = _page(call)
    found: Found
    if kind == "sales":
        from stockgate.twins.lightspeed.routes_sales import search_sales

        found = search_sales(call)
    elif kind == "products":
        found = _products(call)
    elif kind == "customers":
        found = _customers(call)
    else:
        raise invalid("type must be one of sales, products, customers", 400)
    rows, shape = found
    rows = _ordered(call, kind, rows)
    return {"data": shape(list(itertools.islice(rows, offset, offset + size)))}


def _ordered(call: Call, kind: str, rows: Iterable[Any]) -> Iterable[Any]:
    """``rows`` sorted by ``order_by`` in ``order_direction`` (stable: ties keep the store's order)."""
    direction = paging.choice(call.query, "order_direction", paging.Declared(default="asc", enum=("asc", "desc")))
    name = call.query.get("order_by")
    if not name:
        return rows
    documented = _attributes(call, kind)
    if name not in documented:
        raise invalid(f"order_by must be one of {', '.join(documented)} for {kind}, not {name!r}", 400)
    field = SORTED_AS.get(name, name)
    listed = list(rows)
    if listed and not hasattr(listed[0], field) and field not in getattr(listed[0], "text", {}):
        raise LightspeedError(501, f"stockgate twin: ordering {kind} by {name} is documented but not emulated "
                                   "(profile fact request.search)")
    return sorted(listed, key=lambda row: _sortable(reader(row, {name: field}, getattr(row, "text", None))(name)),
                  reverse=direction == "desc")


def _attributes(call: Call, kind: str) -> list[str]:
    """The type's search attributes, as the version's document tags its ``/search`` parameters."""
    op = call.api.contract.operations.get("GET /search")
    tag = TAGS[kind]
    return [p.name for p in (op.parameters if op else ()) if p.description.startswith(tag)
            and not p.name.startswith("-")]


def _sortable(value: Any) -> tuple[int, Any]:
    """Missing values first, numbers by value, text by its lowercase (as the search index holds SKUs)."""
    if value is None or value == "":
        return (0, "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (1, value)
    return (2, ", ".join(map(str, value)).lower() if isinstance(value, list) else str(value).lower())


def register(app: LightspeedApp) -> None:
    """Add ``/search``."""
    app.route("GET", "/search", search)
