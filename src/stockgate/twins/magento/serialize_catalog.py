"""Catalog products as Magento answers them (``catalog-data-product-interface``).

Shapes follow the recorded product answers (tests/data/real/magento/product-*): ``stock_item`` for every
type (a configurable reads qty 0, in stock when a child is), core ``custom_attributes`` as strings
(``category_ids`` a list of strings, ``image``/``small_image``/``thumbnail`` naming the gallery file that
holds each role), ``category_links`` with string ids, the gallery and the product links, and the
configurable options with string attribute ids. What a real store leaves out (empty extension attributes, the
other product types' options) is listed in the profile fact ``schema.omitted_when_null``.
"""

from __future__ import annotations

import re
from typing import Any

from stockgate.twins.magento import bundle
from stockgate.twins.magento.catalog_eav import TierPrice
from stockgate.twins.magento.custom_options import bodies as option_bodies
from stockgate.twins.magento.custom_options import flags as option_flags
from stockgate.twins.magento.extensions import product_values
from stockgate.twins.magento.gallery import role_files
from stockgate.twins.magento.legacy_stock import LegacyStock
from stockgate.twins.magento.state import Inventory, Product


def number(value: float) -> float | int:
    """Integral floats as integers (``100``, not ``100.0``), as the recorded bodies show."""
    return int(value) if float(value).is_integer() else round(value, 4)


def url_key(name: str) -> str:
    """The url_key Magento derives from a name on save (lower case, runs of other characters to ``-``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def custom_attributes(inventory: Inventory, item: Product) -> list[dict[str, Any]]:
    """Core attributes of the default attribute set, as strings, then the product's own attributes."""
    pairs: list[tuple[str, Any]] = []
    if item.description is not None:
        pairs.append(("description", item.description))
    if item.category_ids:
        pairs.append(("category_ids", [str(c) for c in item.category_ids]))
    pairs += role_files(item.media)
    has_options, required_options = option_flags(item.options)
    pairs += [("options_container", "container2"), ("required_options", required_options), ("has_options", has_options),
              ("url_key", item.url_key or url_key(item.name)), ("msrp_display_actual_price_type", "0"),
              ("tax_class_id", str(item.tax_class_id))]
    if item.type_id == "bundle" and item.bundle_price_type is not None:
        pairs.append(("price_type", str(item.bundle_price_type)))
    if item.sku in inventory.eav.costs:  # a decimal attribute reads back with the column's six places
        pairs.append(("cost", f"{inventory.eav.costs[item.sku]:.6f}"))
    special = inventory.eav.special.get(item.sku)
    if special is not None:
        pairs.append(("special_price", f"{special.price:.6f}"))
        pairs += [(code, value) for code, value in (("special_from_date", special.price_from),
                                                    ("special_to_date", special.price_to)) if value is not None]
    own = [(code, str(inventory.option_id(code, value))) for code, value in item.attributes.items()]
    pairs += sorted(own + list(item.values.items()))
    return [{"attribute_code": code, "value": value} for code, value in pairs]


def configurable_options(inventory: Inventory, item: Product) -> list[dict[str, Any]]:
    """``configurable-product-data-option-interface`` rows of a configurable parent (values: its children's)."""
    children = [inventory.products[c] for c in item.children if c in inventory.products]
    rows = []
    for option in inventory.eav.options_of(item.sku, item.id, item.configurable_attributes):
        code = option.code
        values = sorted({inventory.option_id(code, child.attributes.get(code)) for child in children
                         if child.attributes.get(code) is not None})
        rows.append({"id": option.id, "attribute_id": str(inventory.attribute_ids.get(code, 0)),
                     "label": option.label, "position": option.position,
                     "values": [{"value_index": v} for v in values], "product_id": item.id})
    return rows


def category_position(inventory: Inventory, item: Product, category_id: int) -> int:
    """The product's position in a category: as a link save set it, else its place in the product's list."""
    default = item.category_ids.index(category_id) if category_id in item.category_ids else 0
    return inventory.category_positions.get((category_id, item.sku), default)


def extension(inventory: Inventory, item: Product) -> dict[str, Any]:
    """``catalog-data-product-extension-interface``: websites, categories, stock item, configurable data."""
    body: dict[str, Any] = {"website_ids": list(item.website_ids)}
    if item.category_ids:
        body["category_links"] = [{"position": category_position(inventory, item, c), "category_id": str(c)}
                                  for c in item.category_ids]
    body["stock_item"] = LegacyStock(inventory).item(item)
    if item.type_id == "configurable":
        body["configurable_product_options"] = configurable_options(inventory, item)
        body["configurable_product_links"] = [inventory.products[c].id for c in item.children
                                              if c in inventory.products]
    if item.type_id == "bundle" and item.bundle_options:  # the bundle ReadHandler sets none for no options
        body["bundle_product_options"] = bundle.option_bodies(
            item.bundle_options, item.sku, fixed=item.bundle_price_type == bundle.FIXED_PRICE,
            price_of=lambda sku: inventory.products[sku].price if sku in inventory.products else None)
    if item.type_id == "downloadable":  # the Link and Sample ReadHandlers set both lists
        body["downloadable_product_links"] = [link.body() for link in _by_order(item.downloadable_links)]
        body["downloadable_product_samples"] = [s.body() for s in _by_order(item.downloadable_samples)]
    body.update(product_values(inventory.extension_attributes, item.sku))  # a seed's declared attributes
    return body


def _by_order(rows: list[Any]) -> list[Any]:
    """Downloadable links or samples as reads list them (sort order, then id)."""
    return sorted(rows, key=lambda row: (row.sort_order, row.id))


def product(inventory: Inventory, item: Product) -> dict[str, Any]:
    """``catalog-data-product-interface``; ``stock_item`` is the legacy single-source view."""
    return {
        "id": item.id, "sku": item.sku, "name": item.name, "attribute_set_id": item.attribute_set_id,
        "price": number(item.price), "status": item.status, "visibility": item.visibility, "type_id": item.type_id,
        "created_at": item.created_at, "updated_at": item.updated_at,
        **({"weight": number(item.weight)} if item.weight is not None else {}),
        "extension_attributes": extension(inventory, item), "product_links": product_links(inventory, item),
        "options": option_bodies(item.options), "media_gallery_entries": [entry.body() for entry in item.media],
        "tier_prices": tier_prices(inventory, item),
        "custom_attributes": custom_attributes(inventory, item),
    }


def tier_prices(inventory: Inventory, item: Product) -> list[dict[str, Any]]:
    """``catalog-data-product-tier-price-interface`` rows: a discount's value is the price after it."""
    groups = {"all groups": 32000, "not logged in": 0, "general": 1, "wholesale": 2, "retailer": 3}
    rows = []
    for tier in inventory.eav.tiers.get(item.sku, []):
        extension: dict[str, Any] = {"website_id": tier.website_id}
        if tier.discount:
            extension["percentage_value"] = number(tier.price)
        rows.append({"customer_group_id": groups.get(tier.group.lower(), 0), "qty": number(tier.qty),
                     "value": tier_value(item, tier), "extension_attributes": extension})
    return rows


def tier_value(item: Product, tier: TierPrice) -> float | int:
    """A tier row's price as reads give it: a discount's is the product price after it (``Tierprice`` backend)."""
    return number(round(item.price * (1 - tier.price / 100), 4) if tier.discount else tier.price)


def product_links(inventory: Inventory, item: Product) -> list[dict[str, Any]]:
    """``catalog-data-product-link-interface`` rows: each linked product with its type (links to gone SKUs drop)."""
    return [{"sku": item.sku, "link_type": link.link_type, "linked_product_sku": link.sku,
             "linked_product_type": inventory.products[link.sku].type_id, "position": link.position}
            for link in item.links if link.sku in inventory.products]


def product_row(inventory: Inventory, item: Product) -> dict[str, Any]:
    """The flat row searchCriteria filters a product list by: scalar fields and custom attribute values.

    Cheap on purpose (no stock item, no configurable options): a list builds one per product and the
    full body only for the page it answers.
    """
    row: dict[str, Any] = {
        "id": item.id, "entity_id": item.id, "sku": item.sku, "name": item.name,
        "attribute_set_id": item.attribute_set_id, "price": number(item.price), "status": item.status,
        "visibility": item.visibility, "type_id": item.type_id, "created_at": item.created_at,
        "updated_at": item.updated_at, "weight": number(item.weight) if item.weight is not None else None,
    }
    for attr in custom_attributes(inventory, item):
        row.setdefault(attr["attribute_code"], attr["value"])
    return row
