"""The walk's calls for bundle options, downloadable links and samples, and group price tiers (issue 15 item 1).

Kept apart from ``test_magento_objects`` (which imports it) so each module stays short; ``w`` is its ``Walk``.
"""

from __future__ import annotations

import base64
from typing import Any

OPERATIONS = {
    "GET /V1/bundle-products/options/types", "GET /V1/bundle-products/{sku}/options/all",
    "GET /V1/bundle-products/{sku}/options/{optionId}", "GET /V1/bundle-products/{productSku}/children",
    "GET /V1/products/{sku}/downloadable-links", "GET /V1/products/{sku}/downloadable-links/samples",
    "GET /V1/products/{sku}/group-prices/{customerGroupId}/tiers",
}
ROOTS = ("bundle-data-option-interface", "bundle-data-link-interface", "bundle-data-option-type-interface",
         "downloadable-data-link-interface", "downloadable-data-sample-interface",
         "catalog-data-product-tier-price-interface")
_LINK = {"title": "PDF", "sort_order": 1, "is_shareable": 1, "price": 2, "number_of_downloads": 0,
         "link_type": "file", "link_file_content": {"file_data": base64.b64encode(b"book").decode(), "name": "b.pdf"},
         "sample_type": "url", "sample_url": "https://example.com/sample.pdf"}


async def bundles_downloads_and_tiers(w: Any) -> None:
    """A fixed and a dynamic bundle, a downloadable product with a link and a sample, and group tiers."""
    for sku, price_type in (("KIT-DYN", "0"), ("KIT-FIX", "1")):
        await w("POST /V1/products", "/products", json={"product": {
            "sku": sku, "name": sku, "type_id": "bundle", "price": 30,
            "custom_attributes": [{"attribute_code": "price_type", "value": price_type}],
            "extension_attributes": {"bundle_product_options": [{"title": "Mug", "type": "select", "required": True,
                                                                 "product_links": [{"sku": "MUG-BLK", "qty": 1,
                                                                                    "is_default": True, "price": 3,
                                                                                    "price_type": 0}]}]}}})
        options = await w("GET /V1/bundle-products/{sku}/options/all", f"/bundle-products/{sku}/options/all")
        await w("GET /V1/bundle-products/{sku}/options/{optionId}",
                f"/bundle-products/{sku}/options/{options[0]['option_id']}")
        await w("GET /V1/bundle-products/{productSku}/children", f"/bundle-products/{sku}/children")
        await w("GET /V1/products/{sku}", f"/products/{sku}")
    await w("GET /V1/bundle-products/options/types", "/bundle-products/options/types")
    await w("POST /V1/products", "/products", json={"product": {
        "sku": "EBOOK", "name": "E-book", "type_id": "downloadable", "price": 5, "extension_attributes": {
            "downloadable_product_links": [_LINK],
            "downloadable_product_samples": [{"title": "Teaser", "sort_order": 0, "sample_type": "url",
                                              "sample_url": "https://example.com/teaser.pdf"}]}}})
    await w("GET /V1/products/{sku}/downloadable-links", "/products/EBOOK/downloadable-links")
    await w("GET /V1/products/{sku}/downloadable-links/samples", "/products/EBOOK/downloadable-links/samples")
    await w("GET /V1/products/{sku}", "/products/EBOOK")
    await w("POST /V1/products/{sku}/group-prices/{customerGroupId}/tiers/{qty}/price/{price}",
            "/products/MUG-BLK/group-prices/all/tiers/4/price/10")
    await w("GET /V1/products/{sku}/group-prices/{customerGroupId}/tiers", "/products/MUG-BLK/group-prices/all/tiers")
