"""A product as each API version answers it: prices, codes, variants, relations and images.

Its brand, supplier, type and tags (``categories``) are resolved from the retailer's reference data.

A relation the product does not have is ``{}`` in 2.0 (as the vendor's product example sends
``"brand": {}``) and ``null`` in the date documents, which declare those objects nullable. Products
without images carry Lightspeed's placeholder image URLs (the vendor's product example). 2.0
declares weights and dimensions as non-null numbers; a product without them leaves them out there
(the vendor's examples do) and answers ``null`` in the date documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed.shapes import derived_id, image_sizes, num
from stockgate.twins.lightspeed.state import Product, Store

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.catalog import Catalog, Named
    from stockgate.twins.lightspeed.versions import ApiVersion

PLACEHOLDER = "https://secure.retail.lightspeed.app/images/placeholder/product/no-image-white-{size}.png"
_DIMENSIONS = ("weight", "weight_unit", "length", "width", "height", "dimensions_unit")


def product(store: Store, catalog: Catalog, row: Product, api: ApiVersion,
            counts: dict[str, int] | None = None) -> dict[str, Any]:
    """A product in the version's shape; ``counts``: live variants per parent id (default: Store.children)."""
    variants = _variant_count(store, row, counts)
    tax = catalog.default_tax()
    body: dict[str, Any] = {
        "id": row.id, "name": row.name, "description": row.description, "handle": row.handle, "sku": row.sku,
        "source": "USER", "source_id": None, "source_variant_id": None, "active": row.active,
        "is_active": row.active, "has_inventory": row.has_inventory, "is_composite": False,
        "has_variants": bool(variants), "variant_parent_id": row.variant_parent_id,
        "variant_name": row.variant_name or row.name, "variant_count": variants,
        "variant_options": _options(store, row),
        "price_excluding_tax": num(row.price_excluding_tax),
        "price_including_tax": num(row.price_excluding_tax * (1 + (tax.rate if tax else 0.0))),
        "supply_price": num(row.supply_price), "loyalty_amount": None, "button_order": row.button_order,
        "product_codes": [{"id": c.get("id") or f"{row.id}:{n}", "type": c["type"], "code": c["code"]}
                          for n, c in enumerate(row.product_codes)],
        "account_code": None, "account_code_purchase": None, "attributes": [], "customizations": [],
        "packaging": {"breaks_into": [], "made_from": []},  # required as an object by the 2026-07 document
        "created_at": row.created_at, "updated_at": row.updated_at, "deleted_at": row.deleted_at,
        "version": row.version, **_relations(catalog, row, api), **_images(row),
    }
    if not api.legacy:  # the date documents (2026-07 onwards) declare these, family_id included
        body.update({"composite_bom": {}, "outlet_taxes": [], "tax_category": None,
                     "family_id": row.family_id or (row.variant_parent_id or row.id)})
        category = _category(catalog, row.product_type_id)
        if category is not None:  # the document's allOf admits no null: a product without a type has none
            body["product_category"] = category
        body.update(dict.fromkeys(_DIMENSIONS))
    return body


def _options(store: Store, row: Product) -> list[dict[str, str]]:
    """Variant options: each names its variant attribute by id, and by the attribute's current name."""
    names = store.attribute_names
    return [{"id": o.get("id") or derived_id("variant_attribute", o["name"]),
             "name": names.get(o.get("id") or "", o["name"]), "value": o["value"]} for o in row.variant_options]


def _variant_count(store: Store, row: Product, counts: dict[str, int] | None) -> int:
    if row.variant_parent_id is not None:
        return 0
    return counts.get(row.id, 0) if counts is not None else len(store.children(row.id))


def _sample(found: Named | None, api: ApiVersion, **extra: Any) -> dict[str, Any] | None:
    if found is None:
        return {} if api.legacy else None
    return {"id": found.id, "name": found.name, "deleted_at": found.deleted_at, "version": found.version, **extra}


def _relations(catalog: Catalog, row: Product, api: ApiVersion) -> dict[str, Any]:
    """Brand, supplier, type and tags, as ids and as the embedded samples."""
    brand = catalog.brands.get(row.brand_id or "")
    supplier = catalog.suppliers.get(row.supplier_id or "")
    kind = catalog.product_types.get(row.product_type_id or "")
    tags = [catalog.tags[t] for t in row.tag_ids if t in catalog.tags]
    supplier_sample: dict[str, Any] | None = {} if api.legacy else None
    suppliers: list[dict[str, Any]] = []
    if supplier is not None:
        supplier_sample = {"id": supplier.id, "name": supplier.name, "description": supplier.description,
                           "source": supplier.source, "deleted_at": supplier.deleted_at, "version": supplier.version}
        suppliers = [{"id": derived_id("product_supplier", f"{row.id}:{supplier.id}"), "product_id": row.id,
                      "supplier_id": supplier.id, "supplier_name": supplier.name,
                      "code": row.supplier_code if row.supplier_code is not None else ("" if api.legacy else None),
                      "price": num(row.supply_price)}]
    return {"brand_id": row.brand_id, "brand": _sample(brand, api), "supplier_id": row.supplier_id,
            "supplier_code": row.supplier_code, "supplier": supplier_sample, "product_suppliers": suppliers,
            "product_type_id": row.product_type_id,
            "type": _sample(kind, api, leaf_category=True, category_path=_path(kind)),
            "tag_ids": [t.id for t in tags],
            "categories": [{"id": t.id, "name": t.name, "deleted_at": t.deleted_at, "version": t.version}
                           for t in tags]}


def _path(kind: Named | None) -> list[dict[str, str]]:
    return [{"id": kind.id, "name": kind.name}] if kind else []


def _category(catalog: Catalog, type_id: str | None) -> dict[str, Any] | None:
    """The product's type as the date documents' ``product_category`` (types are one level deep here)."""
    kind = catalog.product_types.get(type_id or "")
    if kind is None:
        return None
    return {"id": kind.id, "name": kind.name, "leaf_category": True, "category_path": _path(kind),
            "root_category_id": kind.id}  # a top-level category: no parent_category_id


def _images(row: Product) -> dict[str, Any]:
    images: list[dict[str, Any]] = [{"id": i.id, "url": image_sizes("product", i.file)["original"],
                                     "version": i.version, "sizes": image_sizes("product", i.file)} for i in row.images]
    first = image_sizes("product", row.images[0].file) if row.images else None
    return {"images": images, "skuImages": images if row.variant_parent_id else [],
            "image_url": first["standard"] if first else PLACEHOLDER.format(size="standard"),
            "image_thumbnail_url": first["thumb"] if first else PLACEHOLDER.format(size="thumb")}
