"""The legacy CatalogInventory stock item over MSI's default source (pure; fact ``catalog_inventory.legacy_sync``).

Under MSI the legacy ``cataloginventory_stock_item`` row is a mirror of the product's *default source* item:
saving default-source items sets the legacy qty and in-stock flag (``SetDataToLegacyCatalogInventory``), and
saving a legacy stock item writes the default source item back (``UpdateSourceItemAtLegacyStockItemSavePlugin``).
The twin keeps one truth, the default source item, and reads the legacy view from it; only the legacy
item's own settings (thresholds, sale limits, ``low_stock_date``) are stored here, per SKU.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stockgate.twins.magento.bundle import salable as bundle_salable
from stockgate.twins.magento.state import DEFAULT_SOURCE, IN_STOCK, OUT_OF_STOCK, Inventory, Product

LEGACY_STOCK_ID = 1
# cataloginventory config defaults the existing product answers already state (Magento_CatalogInventory config.xml)
DEFAULTS: Mapping[str, Any] = {
    "is_qty_decimal": False, "show_default_notification_message": False, "use_config_min_sale_qty": 1,
    "min_sale_qty": 1, "use_config_max_sale_qty": True, "max_sale_qty": 10000, "use_config_backorders": True,
    "backorders": 0, "use_config_notify_stock_qty": True, "notify_stock_qty": 1, "use_config_qty_increments": True,
    "qty_increments": 0, "use_config_enable_qty_inc": True, "enable_qty_increments": False,
    "use_config_manage_stock": True, "manage_stock": True, "low_stock_date": None, "is_decimal_divided": False,
    "stock_status_changed_auto": 0,
}
# settings whose change would alter salability in a way the twin does not model (backorders, unmanaged stock)
UNMODELLED = ("manage_stock", "use_config_manage_stock", "backorders", "use_config_backorders")
STORED = tuple(k for k in DEFAULTS if k not in UNMODELLED)


def number(value: float) -> float | int:
    """Integral floats as integers, as the recorded bodies show."""
    return int(value) if float(value).is_integer() else round(value, 4)


class LegacyStock:
    """Legacy stock items and statuses of one store, read from and written to MSI's default source."""

    def __init__(self, inventory: Inventory) -> None:
        """Legacy views over ``inventory``; settings live in ``inventory.legacy_settings``."""
        self.inventory = inventory

    def settings(self, sku: str) -> dict[str, Any]:
        """The stored settings of ``sku``'s legacy item (defaults for what was never saved)."""
        return {**DEFAULTS, **self.inventory.legacy_settings.get(sku, {})}

    def quantity(self, product: Product) -> float:
        """The legacy qty: the default source item's quantity (0 for composites and unassigned products)."""
        row = self.inventory.items.get((product.sku, DEFAULT_SOURCE))
        return 0.0 if product.composite or row is None else float(row["quantity"])

    def in_stock(self, product: Product) -> bool:
        """The legacy flag: the default source status, and qty above the threshold (``verifyStock``).

        A composite parent is in stock when one of its children is (the stock status its index computes); a
        bundle when each required option has a child in stock, or, with no required option, when any child is
        (Bundle ``ChangeParentStockStatus``, fact ``catalog_inventory.legacy_sync``).
        """
        if product.type_id == "bundle":
            return bundle_salable(product.bundle_options, lambda sku: sku in self.inventory.products
                                  and self.in_stock(self.inventory.products[sku]))
        if product.composite:
            children = [self.inventory.products[c] for c in product.children if c in self.inventory.products]
            return any(self.in_stock(child) for child in children)
        row = self.inventory.items.get((product.sku, DEFAULT_SOURCE))
        return bool(row and row["status"] == IN_STOCK and row["quantity"] > product.min_qty)

    def item(self, product: Product) -> dict[str, Any]:
        """``catalog-inventory-data-stock-item-interface`` of ``product``."""
        settings = self.settings(product.sku)
        body = {"item_id": product.id, "product_id": product.id, "stock_id": LEGACY_STOCK_ID,
                "qty": number(self.quantity(product)), "is_in_stock": self.in_stock(product),
                "use_config_min_qty": product.min_qty == 0, "min_qty": number(product.min_qty)}
        body.update({k: settings[k] for k in DEFAULTS})
        for key in ("min_sale_qty", "max_sale_qty", "notify_stock_qty", "qty_increments"):
            body[key] = number(float(body[key]))
        return body

    def status(self, product: Product) -> dict[str, Any]:
        """``catalog-inventory-data-stock-status-interface``: the default stock's status row (qty as an integer)."""
        return {"product_id": product.id, "stock_id": LEGACY_STOCK_ID, "qty": int(self.quantity(product)),
                "stock_status": int(self.in_stock(product)), "stock_item": self.item(product)}

    def unmodelled(self, product: Product, given: Mapping[str, Any]) -> list[str]:
        """Settings in ``given`` that differ from the item's and that the twin cannot honour."""
        current = self.settings(product.sku)
        return [k for k in UNMODELLED if k in given and given[k] != current[k]]

    def save(self, product: Product, given: Mapping[str, Any], now: str) -> int:
        """``updateStockItemBySku``: merge ``given`` into the item, then write the default source item.

        ``given`` holds parsed values (qty, is_in_stock, min_qty and stored settings). As
        ``StockItemRepository::save`` does: qty at or below ``min_qty`` is out of stock (flagged as an
        automatic change), ``low_stock_date`` is set when qty is under ``notify_stock_qty``, and a
        composite keeps qty 0. The MSI plugin then writes qty and flag to the default source item when the
        item is in stock, has a qty, or already has a default source item.
        """
        stored = self.inventory.legacy_settings.setdefault(product.sku, {})
        stored.update({k: v for k, v in given.items() if k in STORED})
        if "min_qty" in given:
            product.min_qty = float(given["min_qty"])
        if product.composite:
            return product.id
        qty = float(given.get("qty", self.quantity(product)))
        in_stock = bool(given.get("is_in_stock", self.in_stock(product)))
        automatic = in_stock and qty <= product.min_qty
        in_stock = in_stock and not automatic
        settings = self.settings(product.sku)
        stored["stock_status_changed_auto"] = int(automatic)
        stored["low_stock_date"] = now if qty < float(settings["notify_stock_qty"]) else None
        if in_stock or qty != 0 or (product.sku, DEFAULT_SOURCE) in self.inventory.items:
            self.inventory.set_source_item(product.sku, DEFAULT_SOURCE, qty, IN_STOCK if in_stock else OUT_OF_STOCK)
        return product.id

    def low_stock(self, qty: float) -> list[dict[str, Any]]:
        """``getLowStockItems`` in the scope legacy items are kept in: items with qty <= ``qty``, composites too."""
        products = sorted(self.inventory.products.values(), key=lambda p: p.id)
        return [self.item(p) for p in products if self.quantity(p) <= qty]
