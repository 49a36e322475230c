"""``GET /search``: sales, products and customers by the documented filters, paged by offset.

A filter may repeat (``sku=A&sku=B``: either); ``-name`` excludes. Paging is ``offset`` +
``page_size`` up to ``pagination.search``; rows come in the version's shape of the entity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import shapes_catalog, shapes_products
from stockgate.twins.lightspeed.errors import invalid

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp

PRODUCT_FILTERS = ("sku", "supplier_id", "brand_id", "tag_id", "product_type_id", "variant_parent_id")
CUSTOMER_FILTERS = ("customer_code", "email", "first_name", "last_name", "company_name", "mobile", "phone")


def wanted(call: Call, name: str) -> tuple[set[str], set[str]]:
    """Values a filter includes and excludes (``name`` / ``name[]`` and ``-name``)."""
    query = call.request.query
    return ({v for k, v in query if k in {name, f"{name}[]"}}, {v for k, v in query if k == f"-{name}"})


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
        return getattr(row, (aliases or {}).get(name, name))
    return read


def _products(call: Call) -> list[dict[str, Any]]:
    store, catalog = call.twin.store, call.twin.catalog
    counts = store.variant_counts()
    return [shapes_products.product(store, catalog, p, call.api, counts) for p in store.products.values()
            if not p.deleted_at and matches(call, PRODUCT_FILTERS, reader(p, {"tag_id": "tag_ids"}))]


def _customers(call: Call) -> list[dict[str, Any]]:
    catalog = call.twin.catalog
    spent = shapes_catalog.spending(list(call.twin.sales.sales.values()),
                                    shapes_catalog.this_year(call.twin.now()))
    rows = [c for c in catalog.customers.values()
            if not c.deleted_at and matches(call, CUSTOMER_FILTERS, reader(c, text=c.text))]
    return [shapes_catalog.customer(c, spent.get(c.id, (0.0, 0.0, 0.0))) for c in rows]


def search(call: Call) -> Any:
    """``GET /search?type=sales|products|customers`` with ``offset`` + ``page_size`` (max ``pagination.search``)."""
    kind = call.query.get("type")
    try:
        offset = int(call.query.get("offset") or 0)
        size = int(call.query.get("page_size") or call.api.search_max)
    except ValueError:
        raise invalid("offset and page_size must be integers", 400) from None
    if size > call.api.search_max:
        raise invalid(f"page_size is limited to {call.api.search_max}", 400)
    if kind == "sales":
        from stockgate.twins.lightspeed.routes_sales import search_sales

        rows = search_sales(call)
    elif kind == "products":
        rows = _products(call)
    elif kind == "customers":
        rows = _customers(call)
    else:
        raise invalid("type must be one of sales, products, customers", 400)
    return {"data": rows[offset: offset + size]}


def register(app: LightspeedApp) -> None:
    """Add ``/search``."""
    app.route("GET", "/search", search)
