"""MSI bulk source assignment and low-quantity notification settings (fact ``inventory.bulk_and_notify``).

``bulk-product-source-assign`` adds an out-of-stock, zero-quantity source item for each SKU whose type
keeps source items and each source it lacks, and answers how many it added; ``…-unassign`` deletes
the pairs and answers how many it deleted. Both refuse unknown sources first (``Validation Failed``).
A low-quantity notification setting is kept per (source, SKU); reading one never saved answers the
store's default ``notify_stock_qty``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import routes_inventory
from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.numbers import finite, php_float
from stockgate.twins.magento.serialize_catalog import number

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp


_REQUEST = re.compile(r"skuRequests\[(\d+)\]\[(sku|qty)\]")


def _rule(call: Call) -> Any:
    return call.twin.profile.value("inventory.bulk_and_notify")


def _strings(call: Call, key: str) -> list[str]:
    """A string array of the body; Magento's required-field 400 when it is missing."""
    value = call.body().get(key) if isinstance(call.body(), dict) else None
    if not isinstance(value, list):
        raise MagentoError(400, '"%fieldName" is required. Enter and try again.', {"fieldName": key})
    return [str(v) for v in value]


def _sources_exist(call: Call, codes: list[str]) -> None:
    """``Assign/UnassignSourcesValidator``: one error per unknown source, then ``Validation Failed``."""
    known = call.twin.inventory.sources
    errors = [{"message": "Source %sourceCode does not exist", "parameters": {"sourceCode": code}}
              for code in codes if code not in known]
    if errors:
        raise MagentoError(400, "Validation Failed", errors=errors)


def assign(call: Call) -> int:
    """``POST /V1/inventory/bulk-product-source-assign``: the number of source items added."""
    skus, codes = _strings(call, "skus"), _strings(call, "sourceCodes")
    _sources_exist(call, codes)
    inventory, added = call.twin.inventory, 0
    for sku in dict.fromkeys(skus):
        product = inventory.products.get(sku)
        if product is None or product.composite:  # unknown SKUs have no type; composites keep no source items
            continue
        for code in dict.fromkeys(codes):
            if (sku, code) not in inventory.items:
                inventory.set_source_item(sku, code, 0.0, 0)
                added += 1
    return added


def unassign(call: Call) -> int:
    """``POST /V1/inventory/bulk-product-source-unassign``: the number of source items deleted."""
    skus, codes = _strings(call, "skus"), _strings(call, "sourceCodes")
    _sources_exist(call, codes)
    inventory = call.twin.inventory
    pairs = [key for key in inventory.items if key[0] in skus and key[1] in codes]
    for sku, code in pairs:
        inventory.delete_source_item(sku, code)
    return len(pairs)


def get_notification(call: Call) -> dict[str, Any]:
    """``GET /V1/inventory/low-quantity-notification/{sourceCode}/{sku}``: saved, or the store default."""
    code, sku = call.params["sourceCode"], call.params["sku"]
    inventory = call.twin.inventory
    if not code or not sku or code not in inventory.sources or sku not in inventory.products:
        raise input_error("Wrong input data")
    qty = inventory.notify_settings.get((sku, code), float(_rule(call)["default_notify_stock_qty"]))
    return {"source_code": code, "sku": sku, "notify_stock_qty": number(qty)}


def save_notifications(call: Call) -> list[Any]:
    """``POST /V1/inventory/low-quantity-notification``: insert or update each setting (void: ``[]``)."""
    body = call.body()
    rows = body.get("sourceItemConfigurations") if isinstance(body, dict) else None
    if not rows:
        raise input_error("Input data is empty")
    parsed = []
    for row in rows:
        qty = finite(row.get("notify_stock_qty")) if isinstance(row, dict) else None
        if not isinstance(row, dict) or not row.get("sku") or not row.get("source_code"):
            raise input_error(_rule(call)["save_error"])
        parsed.append((str(row["sku"]), str(row["source_code"]), qty))
    for sku, code, qty in parsed:
        if qty is None:  # a null setting reads as none saved (GetData skips NULL notify_stock_qty)
            call.twin.inventory.notify_settings.pop((sku, code), None)
        else:
            call.twin.inventory.notify_settings[(sku, code)] = qty
    return []


def delete_notifications(call: Call) -> list[Any]:
    """``POST /V1/inventory/low-quantity-notifications-delete``: the settings of the source items named."""
    body = call.body()
    items = body.get("sourceItems") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise MagentoError(400, '"%fieldName" is required. Enter and try again.', {"fieldName": "sourceItems"})
    for item in items:
        if isinstance(item, dict):
            call.twin.inventory.notify_settings.pop((str(item.get("sku")), str(item.get("source_code"))), None)
    return []


def are_salable_for_qty(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/inventory/are-product-salable-for-requested-qty/?skuRequests[i][sku|qty]=…&stockId=…``.

    ``AreProductsSalableForRequestedQty`` asks ``IsProductSalableForRequestedQty`` for each request in order.
    """
    stock_id = routes_inventory.query_stock_id(call)
    requests: dict[str, dict[str, str]] = {}
    for key, value in call.request.query:
        found = _REQUEST.fullmatch(key)
        if found:
            requests.setdefault(found[1], {})[found[2]] = value
    answers = []
    for request in requests.values():
        sku = request.get("sku", "")
        qty = php_float(request.get("qty", "0"), call.twin.behaviour.float_fields, "qty")
        answers.append({"sku": sku, "stock_id": stock_id, **routes_inventory.salable_for_qty(call, sku, stock_id, qty)})
    return answers


def export_salable(call: Call) -> dict[str, Any]:
    """``GET /V1/inventory/export-stock-salable-qty/{salesChannelType}/{salesChannelCode}?searchCriteria…``.

    ``ExportStockSalableQtyBySalesChannel``: the channel's stock (its resolver's errors), the product
    search's page, and per SKU (``PreciseExportStockProcessor``): a type without source items answers qty 0
    and whether it is salable; a SKU with no source item on the stock's sources is left out; any other its
    salable quantity. ``total_count`` counts the items answered (of this page), not the products found.
    """
    from stockgate.twins.magento import serialize as out

    if call.params["salesChannelType"] != "website":
        raise input_error('Sales channel type "%type" is not supported.', {"type": call.params["salesChannelType"]})
    inventory = call.twin.inventory
    stock_id = inventory.stock_for_website(call.params["salesChannelCode"])
    inventory.stock(stock_id)
    page = routes_inventory.listing(call, inventory.product_table(lambda p: out.product_row(inventory, p)),
                                    required=True, entity="product")
    linked = {s["source_code"] for s in inventory.sources_by_priority(stock_id)}
    items: list[dict[str, Any]] = []
    for row in page["items"]:
        sku = str(row["sku"])
        product = inventory.products[sku]
        if product.composite:
            items.append({"sku": sku, "qty": 0, "is_salable": inventory.is_salable(sku, stock_id)})
        elif any((sku, code) in inventory.items for code in linked):
            items.append({"sku": sku, "qty": number(inventory.salable_quantity(sku, stock_id)),
                          "is_salable": inventory.is_salable(sku, stock_id)})
    return {"items": items, "search_criteria": page["search_criteria"], "total_count": len(items)}


def register(app: MagentoApp) -> None:
    """Add the bulk assignment and low-quantity notification routes."""
    r = app.route
    r("GET", "/V1/inventory/are-product-salable-for-requested-qty/", are_salable_for_qty)
    r("POST", "/V1/inventory/bulk-product-source-assign", assign)
    r("GET", "/V1/inventory/export-stock-salable-qty/{salesChannelType}/{salesChannelCode}", export_salable,
      resource="Magento_InventoryApi::stock")
    r("POST", "/V1/inventory/bulk-product-source-unassign", unassign)
    r("GET", "/V1/inventory/low-quantity-notification/{sourceCode}/{sku}", get_notification)
    r("POST", "/V1/inventory/low-quantity-notification", save_notifications)
    r("POST", "/V1/inventory/low-quantity-notifications-delete", delete_notifications)
