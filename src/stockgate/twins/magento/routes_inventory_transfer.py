"""MSI source transfers and the stock index dump (fact ``inventory.transfers_and_dump``; issue 15 item 1).

``bulk-product-source-transfer`` moves all of each SKU's origin quantity onto the destination (origin +
destination, with the origin's status) and then empties or unassigns the origin; ``bulk-partial-source-transfer``
moves a quantity per item between two existing source items. Both refuse before any move with Magento's
validation errors. ``dump-stock-index-data`` answers the channel's stock index: the physical quantity and
salability of each product of the website (composites: quantity 0, salable through their children).
Salable quantities, the legacy stock item and every source item read follow the new quantities.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.numbers import php_float
from stockgate.twins.magento.serialize_catalog import number
from stockgate.twins.magento.state import IN_STOCK, OUT_OF_STOCK

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Inventory


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("inventory.transfers_and_dump"))


def _text(call: Call, name: str) -> str:
    body = call.obj()
    value = body.get(name)
    if value is None or isinstance(value, list | dict):
        raise MagentoError(400, '"%fieldName" is required. Enter and try again.', {"fieldName": name})
    return str(value)


def _source_errors(call: Call, origin: str, destination: str) -> list[dict[str, Any]]:
    """``TransferSourceValidator``: unknown origin, unknown destination, the same source twice."""
    facts, known = _facts(call), call.twin.inventory.sources
    errors = [{"message": facts[key], "parameters": {"sourceCode": code}}
              for key, code in (("origin_missing", origin), ("destination_missing", destination)) if code not in known]
    if origin == destination:
        errors.append({"message": facts["same_source"], "parameters": []})
    return errors


def _move_all(inventory: Inventory, sku: str, origin: str, destination: str) -> None:
    """``BulkInventoryTransfer::transferInventory`` for one SKU."""
    source_row, target_row = inventory.items.get((sku, origin)), inventory.items.get((sku, destination))
    total = (source_row["quantity"] if source_row else 0.0) + (target_row["quantity"] if target_row else 0.0)
    status = source_row["status"] if source_row else target_row["status"] if target_row else OUT_OF_STOCK
    if target_row is None or source_row is not None:
        inventory.set_source_item(sku, destination, total, status)


def bulk_transfer(call: Call) -> bool:
    """``POST /V1/inventory/bulk-product-source-transfer``."""
    body = call.obj()
    skus = body.get("skus")
    if not isinstance(skus, list):
        raise MagentoError(400, '"%fieldName" is required. Enter and try again.', {"fieldName": "skus"})
    origin, destination = _text(call, "originSource"), _text(call, "destinationSource")
    unassign = bool(body.get("unassignFromOrigin"))
    errors = _source_errors(call, origin, destination)
    if errors:
        raise MagentoError(400, _facts(call)["bulk_refused"], errors=errors)
    inventory = call.twin.inventory
    moved = [s for s in dict.fromkeys(str(s) for s in skus)
             if s in inventory.products and not inventory.products[s].composite]  # types keeping source items
    for sku in moved:
        _move_all(inventory, sku, origin, destination)
    for sku in moved:
        if unassign:
            inventory.delete_source_item(sku, origin)
        elif (sku, origin) in inventory.items:
            inventory.set_source_item(sku, origin, 0.0, OUT_OF_STOCK)
    return True


def _item_errors(call: Call, origin: str, destination: str, items: list[tuple[str, float]]) -> list[dict[str, Any]]:
    """``PartialTransferItemsValidator``: a missing source item (wrapped as ``%message``), too little at the origin."""
    facts, rows = _facts(call), call.twin.inventory.items
    errors: list[dict[str, Any]] = []
    for sku, qty in items:
        for code in (origin, destination):
            if (sku, code) not in rows:
                text = str(facts["item_missing"]).replace("%sku", sku).replace("%sourceCode", code)
                errors.append({"message": "%message", "parameters": {"message": text}})
                break
            if code == origin and rows[(sku, code)]["quantity"] < qty:
                errors.append({"message": facts["not_available"], "parameters": {"sku": sku}})
    return errors


def partial_transfer(call: Call) -> list[Any]:
    """``POST /V1/inventory/bulk-partial-source-transfer`` (void: ``[]``)."""
    body = call.obj()
    origin, destination = _text(call, "originSourceCode"), _text(call, "destinationSourceCode")
    raw = body.get("items")
    if not isinstance(raw, list):
        raise MagentoError(400, '"%fieldName" is required. Enter and try again.', {"fieldName": "items"})
    rule = call.twin.behaviour.float_fields
    items = [(str(i.get("sku") or ""), php_float(i.get("qty") or 0, rule, "qty")) for i in raw if isinstance(i, dict)]
    errors = _source_errors(call, origin, destination) + _item_errors(call, origin, destination, items)
    if errors:
        raise MagentoError(400, _facts(call)["partial_refused"], errors=errors)
    rows = call.twin.inventory.items
    for sku, qty in items:
        rows[(sku, origin)]["quantity"] -= qty  # the origin keeps its status
        rows[(sku, destination)]["quantity"] += qty
        rows[(sku, destination)]["status"] = IN_STOCK
    return []


def _index_row(inventory: Inventory, sku: str, stock_id: int) -> dict[str, Any] | None:
    """The stock index row of ``sku`` (None: not indexed on this stock)."""
    product = inventory.products[sku]
    if product.composite:
        rows = [_index_row(inventory, c, stock_id) for c in product.children if c in inventory.products]
        return {"sku": sku, "qty": 0, "is_salable": any(r is not None and r["is_salable"] for r in rows)}
    linked = [s["source_code"] for s in inventory.sources_by_priority(stock_id)]
    if not any((sku, code) in inventory.items for code in linked):
        return None
    quantity = inventory.physical_quantity(sku, stock_id)
    return {"sku": sku, "qty": number(quantity), "is_salable": quantity - product.min_qty > 0}


def dump(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/inventory/dump-stock-index-data/{salesChannelType}/{salesChannelCode}``."""
    if call.params["salesChannelType"] != "website":
        raise input_error('Sales channel type "%type" is not supported.', {"type": call.params["salesChannelType"]})
    inventory = call.twin.inventory
    code = call.params["salesChannelCode"]
    stock_id = inventory.stock_for_website(code)
    website_id = inventory.websites.get(code)
    rows = [_index_row(inventory, p.sku, stock_id) for p in inventory.products.values() if website_id in p.website_ids]
    return [row for row in rows if row is not None]


def register(app: MagentoApp) -> None:
    """Add the transfer and index dump routes."""
    r = app.route
    r("POST", "/V1/inventory/bulk-product-source-transfer", bulk_transfer)
    r("POST", "/V1/inventory/bulk-partial-source-transfer", partial_transfer)
    r("GET", "/V1/inventory/dump-stock-index-data/{salesChannelType}/{salesChannelCode}", dump,
      resource="Magento_InventoryApi::stock")  # InventoryExportStockApi/etc/webapi.xml
