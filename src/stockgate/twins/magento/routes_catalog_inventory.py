"""Legacy CatalogInventory routes over MSI's default source, and product deletion.

``GET /V1/stockItems/{productSku}``, ``PUT /V1/products/{productSku}/stockItems/{itemId}``,
``GET /V1/stockStatuses/{productSku}`` and ``GET /V1/stockItems/lowStock/`` read and write the
legacy stock item that MSI keeps in step with the default source (``catalog_inventory.legacy_sync``,
``catalog_inventory.low_stock``); ``DELETE /V1/products/{sku}`` follows ``catalog.product_delete``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.legacy_stock import STORED, UNMODELLED, LegacyStock
from stockgate.twins.magento.numbers import php_float, php_int

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Product

CRITERIA_MAPPER = "Magento\\CatalogInventory\\Model\\ResourceModel\\Stock\\Item\\StockItemCriteriaMapper"
BOOL_FIELDS = ("is_in_stock", "is_qty_decimal", "use_config_min_qty", "use_config_max_sale_qty",
               "use_config_notify_stock_qty", "use_config_qty_increments", "use_config_enable_qty_inc",
               "enable_qty_increments", "use_config_manage_stock", "manage_stock", "use_config_backorders")
FLOAT_FIELDS = ("qty", "min_qty", "min_sale_qty", "max_sale_qty", "notify_stock_qty", "qty_increments")
INT_FIELDS = ("use_config_min_sale_qty", "backorders")


def _legacy(call: Call) -> LegacyStock:
    return LegacyStock(call.twin.inventory)


def _product(call: Call) -> Product:
    """The product named by ``productSku``; ``StockRegistry::resolveProductId``'s 404 otherwise."""
    sku = call.params["productSku"]
    product = call.twin.inventory.products.get(sku)
    if product is None:
        body = call.twin.behaviour.legacy_sync["unknown_sku"]
        raise MagentoError(int(body["status"]), body["body"]["message"], [sku])
    return product


def php_bool(value: Any) -> bool:
    """A boolean field as PHP casts it: false for false, 0, "0", "" and null."""
    return value not in (None, False, 0, 0.0, "0", "")


def _read(key: str, value: Any, rule: Mapping[str, Any]) -> Any:
    """One ``stockItem`` field by its declared type (bool, float or int)."""
    if key in BOOL_FIELDS:
        return php_bool(value)
    return php_float(value, rule, key) if key in FLOAT_FIELDS else php_int(value, rule, key)


def parse_item(call: Call, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The ``stockItem`` fields the legacy item keeps, typed as the Web API's type processing reads them."""
    rule = call.twin.behaviour.float_fields
    parsed = {key: _read(key, raw[key], rule) for key in (*BOOL_FIELDS, *FLOAT_FIELDS, *INT_FIELDS)
              if raw.get(key) is not None}
    if parsed.pop("use_config_min_qty", False) and "min_qty" not in parsed:
        parsed["min_qty"] = 0.0  # the configured out-of-stock threshold (0 by default)
    return {k: v for k, v in parsed.items() if k in (*STORED, *UNMODELLED, "qty", "is_in_stock", "min_qty")}


def put_stock_item(call: Call) -> int:
    """``PUT /V1/products/{productSku}/stockItems/{itemId}``: the item id (the path's ``itemId`` is not used)."""
    product = _product(call)
    given = parse_item(call, call.obj("stockItem"))
    legacy = _legacy(call)
    refused = legacy.unmodelled(product, given)
    if refused:
        raise MagentoError(501, "stockgate twin: changing %1 of a legacy stock item changes salability in ways "
                           "the twin does not model (profile fact catalog_inventory.legacy_sync)", [", ".join(refused)])
    return legacy.save(product, given, call.twin.clock.magento_time())


def _query(call: Call, name: str, *, required: bool) -> str | None:
    value = next((v for k, v in call.request.query if k == name), None)
    if value is None and required:
        raise input_error('"%fieldName" is required. Enter and try again.', {"fieldName": name})
    return value


def low_stock(call: Call) -> dict[str, Any]:
    """``GET /V1/stockItems/lowStock/?scopeId=&qty=[&currentPage=&pageSize=]``."""
    rule = call.twin.behaviour.float_fields
    scope = php_int(_query(call, "scopeId", required=True), rule)
    qty = php_float(_query(call, "qty", required=True), rule)
    page = php_int(_query(call, "currentPage", required=False) or 1, rule)
    size = php_int(_query(call, "pageSize", required=False) or 0, rule)
    # legacy items live in one website scope (catalog_inventory.low_stock): any other finds none
    rows = _legacy(call).low_stock(qty) if scope == int(call.twin.behaviour.low_stock["scope_id"]) else []
    shown = rows[(max(page, 1) - 1) * size: max(page, 1) * size] if size > 0 else rows
    return {"items": shown, "total_count": len(rows),
            "search_criteria": {"mapper_interface_name": CRITERIA_MAPPER, "criteria_list": [], "filters": [],
                                "orders": [], "limit": [str(page), str(size)]}}


def delete_product(call: Call) -> bool:
    """``DELETE /V1/products/{sku}``: true; the product's source items go with it (``catalog.product_delete``)."""
    call.twin.inventory.delete_product(call.params["sku"])
    return bool(call.twin.behaviour.product_delete["answer"])


def register(app: MagentoApp) -> None:
    """Add the legacy CatalogInventory routes and product deletion."""
    r = app.route
    r("GET", "/V1/stockItems/lowStock/", low_stock)
    r("GET", "/V1/stockItems/{productSku}", lambda c: _legacy(c).item(_product(c)))
    r("PUT", "/V1/products/{productSku}/stockItems/{itemId}", put_stock_item)
    r("GET", "/V1/stockStatuses/{productSku}", lambda c: _legacy(c).status(_product(c)))
    r("DELETE", "/V1/products/{sku}", delete_product)
