"""Product and variant-attribute routes: reads, creates (one product or a family), updates, deletes.

A product names its brand, supplier, product type and tags by id (``brand_id``, ``supplier_id``,
``product_type_id``, ``tag_ids``); an id the retailer does not have is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import paging, shapes_products
from stockgate.twins.lightspeed.errors import invalid, not_found, number
from stockgate.twins.lightspeed.routes_core import listing
from stockgate.twins.lightspeed.state import Product, Row
from stockgate.twins.web import Response

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp


def list_products(call: Call) -> Any:
    """``GET /products``; ``sku``, ``name`` or ``family_name`` make every other parameter ignored.

    ``sku`` loads "a product by one of its SKUs" (its SKU or a product code, "the sku code being added");
    ``name`` and its alias ``family_name`` the products of the family with that name: the variant parent
    of that name and its variants, or a standard product (profile fact ``request.products_lookup``).
    """
    store = call.twin.store
    sku, name = call.query.get("sku"), call.query.get("name") or call.query.get("family_name")

    def render(p: Product) -> dict[str, Any]:
        return shapes_products.product(store, call.twin.catalog, p, call.api)  # its variants from Store.children

    if sku or name:
        found = [p for p in store.products.values() if not p.deleted_at
                 and (not sku or sku == p.sku or any(c.get("code") == sku for c in p.product_codes))
                 and (not name or _family_name(store, p) == name)]
        return paging.envelope([render(p) for p in found], [p.version for p in found])
    return listing(call, store.products.values(), render, of=Product)


def _family_name(store: Any, product: Product) -> str:
    """The name of ``product``'s family: its variant parent's name, or its own."""
    parent = store.products.get(product.variant_parent_id) if product.variant_parent_id else None
    return (parent or product).name


def get_product(call: Call) -> Any:
    """``GET /products/{product_id}``."""
    store = call.twin.store
    return {"data": shapes_products.product(store, call.twin.catalog, store.product(call.params["product_id"]),
                                             call.api)}


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


def _relations(call: Call, product: Product, raw: dict[str, Any]) -> None:
    """Brand, supplier, product type, supply price and tags a write names (each checked against the retailer)."""
    catalog = call.twin.catalog
    for key, table, what in (("brand_id", catalog.brands, "brand"), ("supplier_id", catalog.suppliers, "supplier"),
                             ("product_type_id", catalog.product_types, "product type")):
        if key in raw:
            setattr(product, key, catalog.relation(table, raw[key], what))
    if raw.get("supply_price") is not None:
        product.supply_price = number(raw["supply_price"], "supply_price")
    if raw.get("description") is not None:
        product.description = str(raw["description"])
    tags = raw.get("tag_ids")
    if tags is not None:
        if not isinstance(tags, list):
            raise invalid("tag_ids must be a list")
        product.tag_ids = [str(catalog.relation(catalog.tags, t, "tag")) for t in tags if t]


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
    _relations(call, parent, raw)
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
    options = [{"id": str(d.get("attribute_id")), "value": str(d.get("value")),
                "name": store.attribute_names.get(str(d.get("attribute_id")), str(d.get("attribute_id")))}
               for d in spec.get("variant_definitions") or [] if isinstance(d, dict)]
    child = Product(id=store.make_id("product"), name=f"{parent.name} {n}", handle=parent.handle, sku=str(sku),
                    price_excluding_tax=_price(spec) or parent.price_excluding_tax, variant_parent_id=parent.id,
                    variant_options=options, product_codes=_codes(spec), family_id=parent.id,
                    brand_id=parent.brand_id, supplier_id=parent.supplier_id, product_type_id=parent.product_type_id,
                    tag_ids=list(parent.tag_ids), supply_price=parent.supply_price)
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
    _relations(call, product, {**details, **common})
    _inventory(call, product, details.get("inventory"))
    store.product_changed(product)
    return {"data": shapes_products.product(store, call.twin.catalog, product, call.api)}


def delete_product(call: Call) -> Any:
    """``DELETE /products/{id}``: a soft delete (``deleted=true`` lists it)."""
    store = call.twin.store
    product = store.product(call.params["product_id"])
    product.deleted_at = call.twin.now()
    store.touch(product)
    return {"data": {}}


def generate_codes(call: Call) -> Any:
    """``POST /products/generate_product_codes`` (2026-10): codes grouped per requested entry.

    ``{"codes": [{"count": 2}, {"prefix": "shirt", "count": 2}]}`` answers
    ``{"data": [{"codes": ["1001", "1002"]}, {"codes": ["shirt", "shirt1"]}]}`` (the vendor's guide):
    numeric codes from the SKU sequence without a prefix, else the prefix and then numbered ones,
    skipping codes a product already has; at most ``generate_codes_max`` in all.
    """
    raw = call.obj()
    entries = raw.get("codes")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise invalid('codes must be a list of requests such as {"count": 2} or {"prefix": "shirt", "count": 2}')
    counts = [int(number(e.get("count"), "count")) for e in entries]
    limit = int(call.api.products_create.get("generate_codes_max") or 200)
    if min(counts) < 1 or sum(counts) > limit:
        raise invalid(f"each count must be at least 1, and at most {limit} codes in total per request")
    store = call.twin.store
    taken = {c["code"] for p in store.products.values() for c in p.product_codes} | {
        p.sku for p in store.products.values()}
    groups = []
    for entry, count in zip(entries, counts, strict=True):
        prefix = str(entry.get("prefix") or "")
        made: list[str] = []
        n = 0
        while len(made) < count:
            if not prefix:
                made.append(store.next_sku())
                continue
            code = prefix if n == 0 else f"{prefix}{n}"
            n += 1
            if code not in taken:
                made.append(code)
        taken.update(made)
        groups.append({"codes": made})
    return {"data": groups}


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


def _attribute_row(call: Call) -> Row:
    row = call.twin.store.variant_attributes.get(call.params["attribute-id"])
    if row is None or row.deleted_at:
        raise not_found("variant attribute")
    return row


def _attribute_item(call: Call, row: Row) -> dict[str, Any]:
    return {"id": row.id, "name": call.twin.store.attribute_names[row.id], "deleted_at": row.deleted_at}


def list_attributes(call: Call) -> Any:
    """``GET /variant_attributes`` (live ones)."""
    rows = call.twin.store.variant_attributes.values()
    return {"data": [_attribute_item(call, row) for row in rows if not row.deleted_at]}


def rename_attribute(call: Call) -> Any:
    """``PUT /variant_attributes/{id}``: a new name (unique per retailer)."""
    row, name = _attribute_row(call), str(call.obj().get("name") or "").strip()
    store = call.twin.store
    if not name:
        raise invalid("name is required")
    if any(n.lower() == name.lower() and i != row.id for i, n in store.attribute_names.items()):
        raise invalid(f"a variant attribute named {name} already exists")
    store.attribute_names[row.id] = name
    store.touch(row)
    return {"data": {"id": row.id, "name": name}}


def delete_attribute(call: Call) -> Any:
    """``DELETE /variant_attributes/{id}`` (a soft delete)."""
    row = _attribute_row(call)
    row.deleted_at = call.twin.now()
    call.twin.store.touch(row)
    return {"data": {"id": row.id}}


def register(app: LightspeedApp) -> None:
    """Add the product and variant-attribute routes."""
    r = app.route
    r("GET", "/products", list_products)
    r("POST", "/products", create_product)
    r("GET", "/products/{product_id}", get_product)
    r("PUT", "/products/{product_id}", update_product)
    r("DELETE", "/products/{product_id}", delete_product)
    r("POST", "/products/generate_product_codes", generate_codes)
    r("GET", "/variant_attributes", list_attributes)
    r("GET", "/variant_attributes/{attribute-id}", lambda c: _attribute_item(c, _attribute_row(c)))
    r("POST", "/variant_attributes", create_attribute)
    r("PUT", "/variant_attributes/{attribute-id}", rename_attribute)
    r("DELETE", "/variant_attributes/{attribute-id}", delete_attribute)
    r("PUT", "/products/{product_id}", update_product, space="2.1")
    r("POST", "/products", create_product, space="2.1")
