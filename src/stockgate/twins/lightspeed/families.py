"""Product families (2026-10): the family model read over the twin's products, and ``PATCH /products/{id}``.

The twin keeps the 2.x model underneath (a variant parent and its children); 2026-10 shows it as
families (fact ``products.families``): a family is addressed by its ``family_id`` (the parent's id, as
every date version's products already carry it), groups the children of a variant parent (or the one
standard product), and carries the family-level fields the vendor's family guides list.
``PATCH /products/{id}`` changes the product-level fields as the vendor's update guide describes
(fact ``products.patch``): omitted fields unchanged, collections replaced, at least one field, unknown
fields refused; it answers the product's id.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import paging, shapes_products
from stockgate.twins.lightspeed.errors import LightspeedError, number
from stockgate.twins.lightspeed.state import Product, Store

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp
    from stockgate.twins.lightspeed.catalog import Catalog
    from stockgate.twins.lightspeed.versions import ApiVersion


def _root(store: Store, product: Product) -> Product:
    """The row standing for ``product``'s family (its variant parent, or itself)."""
    found = store.products.get(product.family_id or product.variant_parent_id or product.id)
    return found if found is not None else product


def family(store: Store, catalog: Catalog, root: Product, api: ApiVersion) -> dict[str, Any]:
    """A family with its products: VARIANT when the root has live variants, else STANDARD."""
    kids = store.children(root.id)
    products = kids or [root]
    attribute_ids: list[str] = []
    for kid in kids:
        for option in kid.variant_options:
            if option.get("id") and option["id"] not in attribute_ids:
                attribute_ids.append(option["id"])
    return {"id": root.family_id or root.id, "name": root.name, "description": root.description,
            "classification": "VARIANT" if kids else "STANDARD", "brand_id": root.brand_id,
            "category_id": root.product_type_id, "tag_ids": list(root.tag_ids),
            "track_inventory": any(p.has_inventory for p in products),
            "variant_attribute_ids": attribute_ids,
            "products": [{**shapes_products.product(store, catalog, p, api),
                          "variant_attributes": _values(p, attribute_ids)} for p in products],
            "created_at": root.created_at, "updated_at": root.updated_at, "deleted_at": root.deleted_at,
            "version": root.version}


def _values(product: Product, attribute_ids: list[str]) -> list[str]:
    """The product's attribute values in the family's attribute order."""
    by_id = {o.get("id"): o["value"] for o in product.variant_options}
    return [by_id[i] for i in attribute_ids if i in by_id]


def list_families(call: Call) -> Any:
    """``GET /product_families``: every live family, paged by the version cursor of the row standing for it."""
    store = call.twin.store
    roots = [p for p in store.products.values() if p.variant_parent_id is None and not p.deleted_at]
    at = paging.cursor(call.query)
    chosen = paging.page(roots, at, call.api.cap("other"))
    return paging.envelope([family(store, call.twin.catalog, r, call.api) for r in chosen],
                           [r.version for r in chosen])


def product_family(call: Call) -> Any:
    """``GET /products/{product_id}/family``: the full family of any of its products."""
    store = call.twin.store
    root = _root(store, store.product(call.params["product_id"]))
    return {"data": family(store, call.twin.catalog, root, call.api)}


def patch_product(call: Call) -> Any:
    """``PATCH /products/{product_id}``: product-level fields only (``products.patch``)."""
    rules = dict(call.api.profile.value("products.patch") or {})
    status = int(rules.get("status") or 400)
    store = call.twin.store
    product = store.product(call.params["product_id"])
    raw = call.obj()
    if not raw:
        raise LightspeedError(status, "at least one field must be present in the payload")
    unknown = sorted(set(raw) - set(rules.get("fields") or []))
    if unknown:
        raise LightspeedError(status, f"unknown fields: {', '.join(unknown)}")
    unmodelled = sorted(set(raw) - set(rules.get("emulated") or []))
    if unmodelled:
        raise LightspeedError(501, f"PATCH /products/{{product_id}} of {', '.join(unmodelled)} is not emulated by "
                                   "the stockgate twin (fact products.patch)")
    if "codes" in raw:
        product.product_codes = _codes(raw["codes"], status)
    if "prices" in raw:
        product.price_excluding_tax = _price(call, raw["prices"], status)
    if "variant_attributes" in raw:
        _set_values(product, raw["variant_attributes"], status)
    store.product_changed(product)
    return {"data": {"id": product.id}}


def _codes(value: Any, status: int) -> list[dict[str, str]]:
    if not isinstance(value, list) or not value:
        raise LightspeedError(status, "codes must be a list of at least one code")
    codes = []
    for code in value:
        if not isinstance(code, dict) or not str(code.get("code") or "").strip():
            raise LightspeedError(status, "every code needs a code")
        codes.append({"type": str(code.get("type") or "CUSTOM").upper(), "code": str(code["code"])})
    return codes


def _price(call: Call, value: Any, status: int) -> float:
    if not isinstance(value, dict) or not value:
        raise LightspeedError(status, "prices must be an object")
    if "price_excluding_tax" in value and "price_including_tax" in value:
        raise LightspeedError(status, "You cannot include both price_including_tax and price_excluding_tax.")
    if "price_excluding_tax" in value:
        return number(value["price_excluding_tax"], "price_excluding_tax")
    if "price_including_tax" in value:
        tax = call.twin.catalog.default_tax()
        return number(value["price_including_tax"], "price_including_tax") / (1 + (tax.rate if tax else 0.0))
    raise LightspeedError(status, f"unknown price fields: {', '.join(sorted(value))}")


def _set_values(product: Product, value: Any, status: int) -> None:
    """New attribute values, in the family's attribute order (as many as the product has attributes)."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LightspeedError(status, "variant_attributes must be a list of values")
    if len(value) != len(product.variant_options):
        raise LightspeedError(status, f"variant_attributes needs {len(product.variant_options)} values, one per "
                                      "attribute of the family")
    product.variant_options = [{**o, "value": v} for o, v in zip(product.variant_options, value, strict=True)]


def register(app: LightspeedApp) -> None:
    """Add the family routes (2026-10's contract has them; earlier versions answer their no-route)."""
    app.route("GET", "/product_families", list_families)
    app.route("GET", "/products/{product_id}/family", product_family)
    app.route("PATCH", "/products/{product_id}", patch_product)
