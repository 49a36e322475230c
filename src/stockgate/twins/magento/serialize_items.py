"""Order lines as Magento answers them (``sales-data-order-item-interface``).

Shapes follow the recorded order answers (tests/data/real/magento/order*): a priced line carries its
price, tax and incl-tax amounts and zero discounts; the simple child of a configurable carries no price
of its own (0) and its parent as ``parent_item``; the parent keeps the chosen option values in
``product_option``. Invoiced and refunded amounts appear once a document moved them (Magento leaves them
null until then, and a null is left out: ``schema.omitted_when_null``).
"""

from __future__ import annotations

from typing import Any

from stockgate.twins.magento.orders import Order, OrderItem
from stockgate.twins.magento.pricing import money
from stockgate.twins.magento.serialize_catalog import number

ZERO_DISCOUNTS = ("base_discount_amount", "base_discount_invoiced", "discount_amount", "discount_invoiced",
                  "discount_percent")
FLAGS = {"free_shipping": 0, "is_qty_decimal": 0, "is_virtual": 0, "no_discount": 0}
Flows = dict[int, tuple[float, float]]  # order item id -> (row total, tax) moved by invoices or credit memos


def both(name: str, value: float) -> dict[str, float | int]:
    """``name`` and ``base_<name>`` (the base currency is the store currency)."""
    shown = number(value)  # once: an order body holds a few hundred of these
    return {name: shown, f"base_{name}": shown}


def _qtys(line: OrderItem) -> dict[str, Any]:
    return {"qty_canceled": number(line.qty_canceled), "qty_invoiced": number(line.qty_invoiced),
            "qty_ordered": number(line.qty_ordered), "qty_refunded": number(line.qty_refunded),
            "qty_shipped": number(line.qty_shipped)}


def _priced(line: OrderItem) -> dict[str, Any]:
    """The amounts of a line that carries a price (a simple line or a configurable parent)."""
    row = money(line.price * line.qty_ordered)
    unit_tax = money(line.price * line.tax_percent / 100.0)
    original = line.price if line.original_price is None else line.original_price
    return {**both("original_price", original), **both("price", line.price),
            **both("price_incl_tax", line.price + unit_tax), **both("row_total", row),
            **both("row_total_incl_tax", row + line.tax_amount), **both("tax_amount", line.tax_amount),
            **both("discount_tax_compensation_amount", 0), "tax_percent": number(line.tax_percent)}


def _unpriced(line: OrderItem) -> dict[str, Any]:
    """A configurable's child line: no price, tax or incl-tax unit amounts of its own."""
    return {**both("price", 0), "original_price": 0, **both("row_total", 0), **both("row_total_incl_tax", 0),
            **both("tax_amount", 0), "tax_percent": 0}


def _moved(line: OrderItem, invoiced: Flows, refunded: Flows) -> dict[str, Any]:
    """What invoices and credit memos moved on the line (present from the first one of each)."""
    row_in, tax_in = invoiced.get(line.item_id, (0.0, 0.0))
    row_out, tax_out = refunded.get(line.item_id, (0.0, 0.0))
    body: dict[str, Any] = {**both("amount_refunded", row_out), **both("row_invoiced", row_in),
                            **both("tax_invoiced", tax_in)}
    if line.item_id in invoiced:
        body.update(both("discount_tax_compensation_invoiced", 0))
    if line.item_id in refunded:
        body.update({**both("tax_refunded", tax_out), **both("discount_refunded", 0),
                     **both("discount_tax_compensation_refunded", 0)})
    if line.qty_canceled:
        canceled = money(line.tax_amount * line.qty_canceled / line.qty_ordered) if line.qty_ordered else 0.0
        body.update({"tax_canceled": number(canceled), "discount_tax_compensation_canceled": 0})
    return body


def _option(line: OrderItem) -> dict[str, Any]:
    """``catalog-data-product-option-interface`` of a configurable parent: the chosen option values."""
    chosen = [{"option_id": str(attribute), "option_value": value} for attribute, value in line.options]
    return {"extension_attributes": {"configurable_item_options": chosen}}


def order_item(order: Order, line: OrderItem, invoiced: Flows | None = None, refunded: Flows | None = None,
               *, with_parent: bool = True) -> dict[str, Any]:
    """One line; a child line carries its parent as ``parent_item`` (itself without one)."""
    invoiced, refunded = invoiced or {}, refunded or {}
    child = line.parent_item_id is not None
    body: dict[str, Any] = {
        **_moved(line, invoiced, refunded), **dict.fromkeys(ZERO_DISCOUNTS, 0), **FLAGS,
        **(_unpriced(line) if child else _priced(line)), **_qtys(line),
        "created_at": order.created_at, "item_id": line.item_id, "name": line.name, "order_id": order.entity_id,
        "product_id": line.product_id, "product_type": line.product_type, "sku": line.sku, "store_id": 1,
        "updated_at": line.updated_at or order.created_at,
    }
    if line.quote_item_id is not None:
        body["quote_item_id"] = line.quote_item_id
    if line.weight is not None:
        body["weight"] = number(line.weight)
        body["row_weight"] = 0 if child else number(line.weight * line.qty_ordered)
    if line.options:
        body["product_option"] = _option(line)
    parent = order.item(line.parent_item_id) if child and line.parent_item_id is not None else None
    if parent is not None:
        body["parent_item_id"] = parent.item_id
        if with_parent:
            body["parent_item"] = order_item(order, parent, invoiced, refunded, with_parent=False)
    return body
