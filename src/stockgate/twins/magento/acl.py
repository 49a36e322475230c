"""ACL resource per route: what an integration must be granted, and what a 401 names.

Inventory resources are MSI's ``*/etc/webapi.xml`` at tag 1.2.7 (MAGENTO.md §2.1); the source-items
write resource comes from the profile (``auth.acl.source_items_write``, changed in 2.4.5). Sales
routes use ``Magento_Sales::sales`` as in magento/magento2 ``app/code/Magento/Sales/etc/webapi.xml``;
the finer 2.4.x sales ids are not verified (MAGENTO.md §6), so a 401 on a sales route may name a
different resource than a real store. Guest cart routes are ``anonymous``. The legacy CatalogInventory
routes need ``Magento_CatalogInventory::cataloginventory`` (``CatalogInventory/etc/webapi.xml``, fact
``catalog_inventory.legacy_sync``), the store routes ``Magento_Backend::store`` (magento/magento2#11202).
Catalog reads follow ``Catalog/etc/webapi.xml`` and ``ConfigurableProduct/etc/webapi.xml``: categories
``Magento_Catalog::categories``, attribute sets (and ``Eav/etc/webapi.xml``'s ``/V1/eav/attribute-sets``), their
groups and assignments ``Magento_Catalog::sets``, attributes (saves, deletes, is-filterable) and their options
``Magento_Catalog::attributes_attributes``, the media gallery ``Magento_Catalog::catalog``,
configurable children and options ``Magento_Catalog::products``; one gallery entry
``Magento_Catalog::attributes_attributes``, product links, custom options and gallery writes
``Magento_Catalog::catalog``, the media attribute list ``Magento_Catalog::attributes_attributes``
(``Catalog/etc/webapi.xml`` @ 0486d099). The price storage routes (base, special and tier prices, cost) are
not in that copy: ``Magento_Catalog::catalog`` is assumed for them, not verified. Bundle options and children
need ``Magento_Catalog::products``, downloadable links and samples ``Magento_Downloadable::downloadable``, group
price tiers ``Magento_Catalog::catalog`` (their ``etc/webapi.xml`` in 2.4.6-p1).
"""

from __future__ import annotations

_LOW_QTY = "Magento_InventoryLowQuantityNotificationApi"  # its webapi.xml (fact inventory.bulk_and_notify)
INVENTORY = {
    "/V1/inventory/sources": "Magento_InventoryApi::source",
    "/V1/inventory/stocks": "Magento_InventoryApi::stock",
    "/V1/inventory/stock-source-links": "Magento_InventoryApi::stock_source_link",
    "/V1/inventory/get-sources-assigned-to-stock-ordered-by-priority": "Magento_InventoryApi::source",
    "/V1/inventory/source-items": "Magento_InventoryApi::source",
    "/V1/inventory/get-product-salable-quantity": "Magento_InventorySalesApi::stock",
    "/V1/inventory/is-product-salable": "Magento_InventorySalesApi::stock",
    "/V1/inventory/are-products-salable": "Magento_InventorySalesApi::stock",
    "/V1/inventory/are-product-salable-for-requested-qty": "Magento_InventorySalesApi::stock",
    "/V1/inventory/stock-resolver": "Magento_InventorySalesApi::stock",
    "/V1/inventory/bulk-product-source": "Magento_Catalog::products",
    "/V1/inventory/bulk-partial-source-transfer": "Magento_Catalog::products",  # InventoryCatalogApi webapi.xml
    "/V1/inventory/low-quantity-notification/": f"{_LOW_QTY}::low_quantity_notification",
    "/V1/inventory/source-selection-algorithm": "Magento_InventorySourceSelectionApi::source_selection_algorithm",
    "/V1/products": "Magento_Catalog::products",
    "/V1/configurable-products": "Magento_Catalog::products",
    "/V1/bundle-products": "Magento_Catalog::products",  # Bundle/etc/webapi.xml (2.4.6-p1)
    "/V1/products/{sku}/downloadable-links": "Magento_Downloadable::downloadable",  # Downloadable/etc/webapi.xml
    "/V1/products/downloadable-links": "Magento_Downloadable::downloadable",
    "/V1/products/{sku}/group-prices": "Magento_Catalog::catalog",  # Catalog/etc/webapi.xml (2.4.6-p1)
    "/V1/products/{sku}/media": "Magento_Catalog::catalog",
    "/V1/products/media/types": "Magento_Catalog::attributes_attributes",
    "/V1/products/{sku}/links": "Magento_Catalog::catalog",
    "/V1/products/links": "Magento_Catalog::catalog",
    "/V1/products/options": "Magento_Catalog::catalog",
    "/V1/products/{sku}/options": "Magento_Catalog::catalog",
    "/V1/products/base-prices": "Magento_Catalog::catalog",
    "/V1/products/cost": "Magento_Catalog::catalog",
    "/V1/products/special-price": "Magento_Catalog::catalog",
    "/V1/products/tier-prices": "Magento_Catalog::catalog",
    "/V1/products/attribute-sets": "Magento_Catalog::sets",
    "/V1/eav/attribute-sets": "Magento_Catalog::sets",  # Eav/etc/webapi.xml (2.4.6-p1)
    "/V1/products/attributes": "Magento_Catalog::attributes_attributes",
    "/V1/categories": "Magento_Catalog::categories",
    "/V1/order": "Magento_Sales::sales",
    "/V1/creditmemo": "Magento_Sales::sales",
    "/V1/invoice": "Magento_Sales::sales",
    "/V1/transactions": "Magento_Sales::sales",
    "/V1/shipment": "Magento_Sales::sales",
    "/V1/stockItems": "Magento_CatalogInventory::cataloginventory",
    "/V1/stockStatuses": "Magento_CatalogInventory::cataloginventory",
    "/V1/store": "Magento_Backend::store",
    "/V1/bulk": "Magento_Logging::system_magento_logging_bulk_operations",
    "/V1/guest-carts": "anonymous",
    "/V1/integration/admin/token": "anonymous",
}
WRITES = {
    ("POST", "/V1/inventory/sources"): "Magento_InventoryApi::source_edit",
    ("PUT", "/V1/inventory/sources"): "Magento_InventoryApi::source_edit",
    ("POST", "/V1/inventory/stocks"): "Magento_InventoryApi::stock_edit",
    ("PUT", "/V1/inventory/stocks"): "Magento_InventoryApi::stock_edit",
    ("DELETE", "/V1/inventory/stocks"): "Magento_InventoryApi::stock_delete",
    ("POST", "/V1/inventory/low-quantity-notifications-delete"):
        f"{_LOW_QTY}::stock_delete_low_quantity_notification",
    ("POST", "/V1/inventory/low-quantity-notification"):
        f"{_LOW_QTY}::stock_create_low_quantity_notification",
    ("PUT", "/V1/products/{productSku}/stockItems"): "Magento_CatalogInventory::cataloginventory",
    ("GET", "/V1/products/{sku}/media/{entryId}"): "Magento_Catalog::attributes_attributes",
}
SOURCE_ITEM_WRITES = ("/V1/inventory/source-items", "/V1/inventory/source-items-delete")


def resource_for(method: str, template: str, source_items_write: str) -> str:
    """The ACL resource guarding ``method template``."""
    if method == "POST" and template in SOURCE_ITEM_WRITES:
        return source_items_write
    for (m, prefix), resource in WRITES.items():
        if m == method and template.startswith(prefix):
            return resource
    best = max((p for p in INVENTORY if template.startswith(p)), key=len, default=None)
    if best is None:
        raise KeyError(f"no ACL resource declared for {method} {template}")
    return INVENTORY[best]
