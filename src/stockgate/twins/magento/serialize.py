"""State objects to the JSON Magento answers with (field names from the published schema)."""

from __future__ import annotations

from typing import Any

from stockgate.twins.magento.legacy_stock import LegacyStock
from stockgate.twins.magento.sales import Document, Order, OrderItem
from stockgate.twins.magento.state import Inventory, Product


def number(value: float) -> float | int:
    """Integral floats as integers (``100``, not ``100.0``), as the recorded bodies show."""
    return int(value) if float(value).is_integer() else round(value, 4)


def source_item(row: dict[str, Any]) -> dict[str, Any]:
    """``inventory-api-data-source-item-interface``."""
    return {"sku": row["sku"], "source_code": row["source_code"], "quantity": number(row["quantity"]),
            "status": row["status"]}


def stock(raw: dict[str, Any]) -> dict[str, Any]:
    """``inventory-api-data-stock-interface`` with its sales channels."""
    return {"stock_id": raw["stock_id"], "name": raw["name"],
            "extension_attributes": {"sales_channels": [dict(c) for c in raw["sales_channels"]]}}


def _legacy_stock_item(inventory: Inventory, product: Product) -> dict[str, Any]:
    """The legacy stock item, read from MSI's default source (``legacy_stock``)."""
    return LegacyStock(inventory).item(product)


def product(inventory: Inventory, item: Product) -> dict[str, Any]:
    """``catalog-data-product-interface``; ``stock_item`` is the legacy single-source view."""
    extension: dict[str, Any] = {"website_ids": list(item.website_ids), "category_links": []}
    if item.type_id == "configurable":
        extension["configurable_product_options"] = [
            {"id": i + 1, "attribute_id": str(inventory.attribute_ids.get(code, 0)), "label": code.title(),
             "position": i, "values": sorted({inventory.option_id(code, inventory.products[c].attributes.get(code))
                                              for c in item.children if c in inventory.products}),
             "product_id": item.id}
            for i, code in enumerate(item.configurable_attributes)]
        for option in extension["configurable_product_options"]:
            option["values"] = [{"value_index": v} for v in option["values"]]
        extension["configurable_product_links"] = [inventory.products[c].id for c in item.children
                                                   if c in inventory.products]
    else:
        extension["stock_item"] = _legacy_stock_item(inventory, item)
    custom = [{"attribute_code": code, "value": str(inventory.option_id(code, value))}
              for code, value in sorted(item.attributes.items())]
    return {
        "id": item.id, "sku": item.sku, "name": item.name, "attribute_set_id": item.attribute_set_id,
        "price": number(item.price), "status": item.status, "visibility": item.visibility, "type_id": item.type_id,
        "created_at": item.created_at, "updated_at": item.updated_at,
        **({"weight": number(item.weight)} if item.weight is not None else {}),
        "extension_attributes": extension, "product_links": [], "options": [], "media_gallery_entries": [],
        "tier_prices": [], "custom_attributes": custom,
    }


def product_row(inventory: Inventory, item: Product) -> dict[str, Any]:
    """The flat row searchCriteria filters a product list by."""
    row = product(inventory, item)
    for attr in row["custom_attributes"]:
        row.setdefault(attr["attribute_code"], attr["value"])
    return row


def order_item(order: Order, line: OrderItem) -> dict[str, Any]:
    """``sales-data-order-item-interface`` of one line."""
    return _item(order, line)


def _item(order: Order, line: OrderItem) -> dict[str, Any]:
    body: dict[str, Any] = {
        "item_id": line.item_id, "order_id": order.entity_id, "sku": line.sku, "name": line.name,
        "product_id": line.product_id, "product_type": line.product_type, "qty_ordered": number(line.qty_ordered),
        "qty_invoiced": number(line.qty_invoiced), "qty_shipped": number(line.qty_shipped),
        "qty_refunded": number(line.qty_refunded), "qty_canceled": number(line.qty_canceled),
        "price": number(line.price), "base_price": number(line.price),
        "row_total": number(line.price * line.qty_ordered), "base_row_total": number(line.price * line.qty_ordered),
        "store_id": 1, "is_virtual": 0,
        "created_at": order.created_at, "updated_at": order.updated_at,
    }
    if line.parent_item_id is not None:
        body["parent_item_id"] = line.parent_item_id
    return body


def _address(order: Order, kind: str) -> dict[str, Any]:
    a = order.address
    return {"address_type": kind, "firstname": order.customer_firstname or "Guest",
            "lastname": order.customer_lastname or "Shopper", "street": list(a.get("street") or ["1 Main Street"]),
            "city": str(a.get("city") or "Springfield"), "country_id": str(a.get("country_id") or "US"),
            "postcode": str(a.get("postcode") or "00000"), "telephone": str(a.get("telephone") or "0000000000"),
            "email": order.customer_email, "parent_id": order.entity_id}


def order(item: Order) -> dict[str, Any]:
    """``sales-data-order-interface`` (the subset an Open Source store answers for a guest order)."""
    lines = [_item(item, line) for line in item.items]
    total = number(item.grand_total)
    return {
        "entity_id": item.entity_id, "increment_id": item.increment_id, "state": item.state,
        **({"status": item.status} if item.status else {}),  # a cleared status is null: left out (order_actions)
        "store_id": 1, "customer_email": item.customer_email, "customer_firstname": item.customer_firstname,
        "customer_lastname": item.customer_lastname, "customer_is_guest": 1, "created_at": item.created_at,
        "updated_at": item.updated_at, "base_currency_code": "USD", "order_currency_code": "USD",
        "grand_total": total, "base_grand_total": total, "subtotal": number(item.subtotal),
        "base_subtotal": number(item.subtotal), "shipping_amount": number(item.shipping_amount),
        "total_qty_ordered": number(sum(ln.qty_ordered for ln in item.items if ln.parent_item_id is None)),
        "items": lines, "billing_address": _address(item, "billing"),
        "payment": {"method": item.payment_method, "account_status": None, "additional_information": [],
                    "cc_last4": None},
        "status_histories": [dict(h) for h in reversed(item.histories)],  # newest first, as Order loads them
        "extension_attributes": {"shipping_assignments": [{
            "shipping": {"address": _address(item, "shipping"), "method": "flatrate_flatrate"},
            "items": lines, "stock_id": item.stock_id}]},
    }


def document(doc: Document, order_item: Order) -> dict[str, Any]:
    """An invoice, shipment or credit memo body."""
    items = []
    for n, (item_id, sku, qty) in enumerate(doc.lines, start=1):
        line = order_item.item(item_id)
        price = number(line.price) if line else 0
        items.append({"entity_id": doc.entity_id * 100 + n, "order_item_id": item_id, "sku": sku, "qty": number(qty),
                      "price": price, "base_price": price, "base_cost": 0, "parent_id": doc.entity_id})
    body: dict[str, Any] = {"entity_id": doc.entity_id, "increment_id": doc.increment_id, "order_id": doc.order_id,
                            "created_at": doc.created_at, "updated_at": doc.created_at, "items": items}
    body["comments"] = [dict(c) for c in doc.comments]
    body["total_qty"] = number(sum(q for _i, _s, q in doc.lines))
    if doc.kind in {"invoice", "creditmemo"}:
        body.update({"grand_total": number(doc.amount), "base_grand_total": number(doc.amount),
                     "subtotal": number(doc.amount), "state": 2})
    if doc.kind == "creditmemo":
        del body["total_qty"]  # sales-data-creditmemo-interface has no total_qty
    if doc.kind == "shipment":
        body["extension_attributes"] = {"source_code": doc.source_code}
        body["tracks"], body["packages"] = [], []
    return body
