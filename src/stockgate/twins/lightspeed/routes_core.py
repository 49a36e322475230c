"""Retailer, outlets, registers, users, products, inventory and /search routes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import paging, shapes
from stockgate.twins.lightspeed.errors import invalid, number
from stockgate.twins.lightspeed.state import Product, Row, live
from stockgate.twins.web import Response

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp


def listing(call: Call, rows: list[Any], render: Any, kind: str = "other") -> dict[str, Any]:
    """A version-cursor page of ``rows``."""
    at = paging.cursor(call.query)
    chosen = paging.page(rows, at, call.api.cap(kind))
    return paging.envelope([render(r) for r in chosen], [r.version for r in chosen])


def list_products(call: Call) -> Any:
    """``GET /products`` (``sku``/``name`` filters make every other parameter ignored)."""
    store = call.twin.store
    sku, name = call.query.get("sku"), call.query.get("name")
    counts = store.variant_counts()

    def render(p: Product) -> dict[str, Any]:
        return shapes.product(store, p, call.api, counts)

    if sku or name:
        found = [p for p in store.products.values() if not p.deleted_at and (not sku or p.sku == sku)
                 and (not name or p.name == name)]
        return paging.envelope([render(p) for p in found], [p.version for p in found])
    return listing(call, list(store.products.values()), render)


def get_product(call: Call) -> Any:
    """``GET /products/{product_id}``."""
    store = call.twin.store
    return {"data": shapes.product(store, store.product(call.params["product_id"]), call.api)}


def _price(raw: dict[str, Any]) -> float | None:
    if "price_including_tax" in raw and "price_excluding_tax" in raw:
        raise invalid("You cannot include both price_including_tax and price_excluding_tax.")
    value = raw.get("price_excluding_tax", raw.get("price_including_tax"))
    return None if value is None else number(value, "price")


def _codes(raw: dict[str, Any]) -> list[dict[str, str]]:
    codes = raw.get("product_codes") or []
    if not isinstance(codes, list):
        raise invalid("product_codes must be a list")
    return [{"type": str(c.get("type") or "CUSTOM").upper(), "code": str(c["code"])} for c in codes
            if isinstance(c, dict) and c.get("code")]


def _inventory(call: Call, product: Product, rows: Any) -> None:
    for row in rows or []:
        if not isinstance(row, dict) or not row.get("outlet_id"):
            raise invalid("inventory rows need outlet_id")
        call.twin.store.outlet(str(row["outlet_id"]))
        record = call.twin.store.record(product.id, str(row["outlet_id"]))
        if row.get("reorder_point") is not None:
            record.reorder_point = number(row["reorder_point"], "reorder_point")
        if row.get("reorder_amount") is not None:
            record.reorder_amount = number(row["reorder_amount"], "reorder_amount")
        if row.get("current_amount") is not None:  # absolute, not a delta (inventory.write direct_value)
            call.twin.store.set_level(product.id, str(row["outlet_id"]), number(row["current_amount"],
                                                                                "current_amount"))


def create_product(call: Call) -> Any:
    """``POST /products``: one product, or a family from ``variants``; answers the new ids."""
    raw, store, rules = call.obj(), call.twin.store, call.api.products_create
    if not raw.get("name"):
        raise invalid("name is required")
    if rules.get("codes_required") and not (raw.get("product_codes") or raw.get("codes")):
        raise invalid("product codes are required: generate them with POST /products/generate_product_codes")
    variants = raw.get("variants") or []
    sku = raw.get("sku") or (store.next_sku() if rules.get("sku_generated_when_omitted") and not variants else "")
    if not sku and not variants:
        raise invalid("sku is required: SKUs are not generated automatically in this version")
    parent = Product(id=store.make_id("product"), name=str(raw["name"]), handle=str(raw.get("handle") or raw["name"]),
                     sku=str(sku or store.next_sku()), price_excluding_tax=_price(raw) or 0.0,
                     product_codes=_codes(raw), has_inventory=not variants)
    parent.family_id = parent.id
    store.products[parent.id] = parent
    store.touch(parent)
    ids = [parent.id]
    _inventory(call, parent, raw.get("inventory"))
    for n, spec in enumerate(variants, start=1):
        ids.append(_variant(call, parent, spec, n).id)
    return {"data": ids}


def _variant(call: Call, parent: Product, spec: Any, n: int) -> Product:
    store, rules = call.twin.store, call.api.products_create
    if not isinstance(spec, dict):
        raise invalid("variants must be objects")
    sku = spec.get("sku") or (store.next_sku() if rules.get("sku_generated_when_omitted") else None)
    if not sku:
        raise invalid("sku is required for every variant in this version")
    options = [{"name": str(d.get("attribute_id")), "value": str(d.get("value"))}
               for d in spec.get("variant_definitions") or [] if isinstance(d, dict)]
    child = Product(id=store.make_id("product"), name=f"{parent.name} {n}", handle=parent.handle, sku=str(sku),
                    price_excluding_tax=_price(spec) or parent.price_excluding_tax, variant_parent_id=parent.id,
                    variant_options=options, product_codes=_codes(spec), family_id=parent.id)
    store.products[child.id] = child
    store.touch(child)
    _inventory(call, child, spec.get("inventory"))
    return child


def update_product(call: Call) -> Any:
    """``PUT /products/{id}`` (2.1 and date versions): ``common`` and ``details``, inventory absolute."""
    raw, store = call.obj(), call.twin.store
    product = store.product(call.params["product_id"])
    common, details = raw.get("common") or {}, raw.get("details") or {}
    if not isinstance(common, dict) or not isinstance(details, dict):
        raise invalid("common and details must be objects")
    if common.get("name"):
        product.name = str(common["name"])
    price = _price(details)
    if price is not None:
        product.price_excluding_tax = price
    if details.get("is_active") is not None:
        product.active = bool(details["is_active"])
    if details.get("product_codes") is not None:
        product.product_codes = _codes(details)
    _inventory(call, product, details.get("inventory"))
    store.product_changed(product)
    return {"data": shapes.product(store, product, call.api)}


def delete_product(call: Call) -> Any:
    """``DELETE /products/{id}``: a soft delete (``deleted=true`` lists it)."""
    store = call.twin.store
    product = store.product(call.params["product_id"])
    product.deleted_at = call.twin.now()
    store.touch(product)
    return {"data": {}}


def generate_codes(call: Call) -> Any:
    """``POST /products/generate_product_codes`` (2026-10): 1-200 codes from the SKU sequence."""
    raw = call.obj() if call.request.body.strip() else {}
    count = int(number(raw.get("count", raw.get("quantity", 1)) or 1, "count"))
    limit = int(call.api.products_create.get("generate_codes_max") or 200)
    if not 1 <= count <= limit:
        raise invalid(f"count must be between 1 and {limit}")
    return {"data": [{"type": "CUSTOM", "code": call.twin.store.next_sku()} for _ in range(count)]}


def _live_inventory(call: Call) -> list[Any]:
    return list(call.twin.store.inventory.values())


def inventory_get(call: Call) -> Any:
    """``GET /inventory`` (2.0 and 2026-01): ``{data, version}`` pages."""
    store = call.twin.store
    at = paging.cursor(call.query)
    chosen = paging.page((), at, call.api.cap("other"),
                         ordered=store.by_version("inventory", store.inventory.values()))
    return paging.envelope([shapes.inventory(r, call.api) for r in chosen], [r.version for r in chosen])


def product_inventory(call: Call) -> Any:
    """``GET /products/{id}/inventory`` (2.0)."""
    pid = call.twin.store.product(call.params["product_id"]).id
    rows = [r for r in _live_inventory(call) if r.product_id == pid]
    return listing(call, rows, lambda r: shapes.inventory(r, call.api))


def inventory_post(call: Call) -> Any:
    """``POST /inventory`` (2026-04+): a JSON body cursor, a bare array answer (``inventory.read``)."""
    raw = call.obj() if call.request.body.strip() else {}
    size = raw.get("size")
    cap = int(call.api.inventory_read.get("page_size_max") or call.api.cap("inventory"))
    if size is not None and (not isinstance(size, int) or not 1 <= size <= cap):
        raise invalid(f"size must be an integer from 1 to {cap}")
    at = paging.Cursor(after=int(raw.get("after") or 0), before=raw.get("before"), page_size=size,
                       deleted=bool(raw.get("include_deleted")))
    product = raw.get("product_id")
    store = call.twin.store
    rows = paging.page((), at, cap, keep=(lambda r: r.product_id == product) if product else None,
                       ordered=store.by_version("inventory", store.inventory.values()))
    if raw.get("sort_direction") == "desc":
        rows.reverse()
    return [shapes.inventory(r, call.api) for r in rows]


def inventory_of(call: Call) -> Any:
    """``GET /inventory/{product_id}`` (date versions): a bare array for one product."""
    pid = call.twin.store.product(call.params["product_id"]).id
    at = paging.cursor(call.query, deleted_key="include_deleted")
    rows = paging.page(_live_inventory(call), at, call.api.cap("inventory"), keep=lambda r: r.product_id == pid)
    return [shapes.inventory(r, call.api) for r in rows]


def search(call: Call) -> Any:
    """``GET /search?type=sales|products`` with ``offset`` + ``page_size`` (max ``pagination.search``)."""
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
        store = call.twin.store
        sku = call.query.get("sku")
        counts = store.variant_counts()
        rows = [shapes.product(store, p, call.api, counts) for p in store.products.values()
                if not p.deleted_at and (not sku or p.sku == sku)]
    else:
        raise invalid("type must be one of sales, products", 400)
    return {"data": rows[offset: offset + size]}


def create_attribute(call: Call) -> Any:
    """``POST /variant_attributes`` (names are unique per retailer)."""
    name = str(call.obj().get("name") or "").strip()
    store = call.twin.store
    if not name:
        raise invalid("name is required")
    if name.lower() in (n.lower() for n in store.attribute_names.values()):
        raise invalid(f"a variant attribute named {name} already exists")
    row = Row(id=store.make_id("variant_attribute"))
    store.variant_attributes[row.id] = row
    store.attribute_names[row.id] = name
    store.touch(row)
    return Response(status=201, body={"data": _attribute(call, row)})


def _attribute(call: Call, row: Row) -> dict[str, Any]:
    return {"id": row.id, "name": call.twin.store.attribute_names[row.id], "created_at": row.created_at,
            "updated_at": row.updated_at}


def register(app: LightspeedApp) -> None:
    """Add the core routes."""
    r = app.route
    r("GET", "/retailer", lambda c: {"data": shapes.retailer(c.twin.store)})
    r("GET", "/outlets", lambda c: listing(c, list(c.twin.store.outlets.values()), shapes.outlet))
    r("GET", "/outlets/{outlet_id}", lambda c: {"data": shapes.outlet(c.twin.store.outlet(c.params["outlet_id"]))})
    r("GET", "/registers", lambda c: listing(c, list(c.twin.store.registers.values()), shapes.register))
    r("GET", "/registers/{register_id}", lambda c: {"data": shapes.register(
        live(c.twin.store.registers.get(c.params["register_id"]), "register"))})
    r("GET", "/users", lambda c: listing(c, list(c.twin.store.users.values()), shapes.user))
    r("GET", "/users/{user_id}", lambda c: {"data": shapes.user(
        live(c.twin.store.users.get(c.params["user_id"]), "user"))})
    r("GET", "/products", list_products)
    r("POST", "/products", create_product)
    r("GET", "/products/{product_id}", get_product)
    r("PUT", "/products/{product_id}", update_product)
    r("DELETE", "/products/{product_id}", delete_product)
    r("POST", "/products/generate_product_codes", generate_codes)
    r("GET", "/products/{product_id}/inventory", product_inventory)
    r("GET", "/inventory", inventory_get)
    r("POST", "/inventory", inventory_post)
    r("GET", "/inventory/{product_id}", inventory_of)
    r("GET", "/search", search)
    r("GET", "/variant_attributes", lambda c: {"data": [_attribute(c, row) for row in
                                                        c.twin.store.variant_attributes.values()]})
    r("POST", "/variant_attributes", create_attribute)
    r("PUT", "/products/{product_id}", update_product, space="2.1")
    r("POST", "/products", create_product, space="2.1")
