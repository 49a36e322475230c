"""What a product save carries for its type (issue 15 item 1), written inside the save's transaction.

Bundle options and price type, downloadable links and samples.

A product save runs its extension handlers inside one database transaction (``EntityManager``): when a
bundle option, link or sample is refused, nothing of the save stays - a new product is not created.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import routes_bundle, routes_downloadable
from stockgate.twins.magento.errors import MagentoError

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call
    from stockgate.twins.magento.state import Product


def _price_type(raw: Mapping[str, Any]) -> int | None:
    """The ``price_type`` custom attribute a save gives (a bundle's: 1 fixed, otherwise dynamic)."""
    rows = raw.get("custom_attributes")
    found = next((row.get("value") for row in rows if isinstance(row, Mapping)
                  and row.get("attribute_code") == "price_type"), None) if isinstance(rows, list) else None
    try:
        return None if found is None else int(found)
    except (TypeError, ValueError):
        return None


def save(call: Call, product: Product, raw: Mapping[str, Any], *, created: bool) -> None:
    """Write the type's parts ``raw`` carries; on a refusal undo them (and the new product) and answer it."""
    kept = (copy.deepcopy(product.bundle_options), list(product.downloadable_links),
            list(product.downloadable_samples), product.bundle_price_type)
    extension = raw.get("extension_attributes")
    extension = extension if isinstance(extension, Mapping) else {}
    try:
        if product.type_id == "bundle" and _price_type(raw) is not None:
            product.bundle_price_type = _price_type(raw)
        routes_bundle.replace_all(call, product, extension.get("bundle_product_options"))
        routes_downloadable.save_all(call, product, extension, created=created)
    except MagentoError:
        (product.bundle_options, product.downloadable_links, product.downloadable_samples,
         product.bundle_price_type) = kept
        if created:
            call.twin.inventory.delete_product(product.sku)
        raise
