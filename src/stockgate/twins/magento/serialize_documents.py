"""Invoices, shipments and credit memos as Magento answers them.

Shapes follow the recorded answers (tests/data/real/magento/invoice, shipment, credit-memo; the AdobeDocs
invoice tutorials): a document's lines take their order line's price and share of its tax (``totals``),
an invoice is paid (state 2) as offline methods leave it, a credit memo is refunded (state 2) and
carries its adjustments. A document created with ``notify: true`` has its e-mail sent at once (the
senders' ``send`` with ``sales_email/general/async_sending`` off, Magento's default): ``email_sent`` 1.
What a real store leaves null for them (an e-mail not sent, no transaction, no invoice named by an
offline refund) is left out (``schema.omitted_when_null``).
"""

from __future__ import annotations

from typing import Any

from stockgate.twins.magento import totals
from stockgate.twins.magento.orders import Document, Order, OrderItem
from stockgate.twins.magento.serialize_catalog import number
from stockgate.twins.magento.serialize_items import both

CURRENCY = {"base_currency_code": "USD", "global_currency_code": "USD", "order_currency_code": "USD",
            "store_currency_code": "USD", "base_to_global_rate": 1, "base_to_order_rate": 1,
            "store_to_base_rate": 0, "store_to_order_rate": 0}


def _head(doc: Document, order: Order) -> dict[str, Any]:
    """What every document carries: ids, dates, the order's addresses and store (and ``email_sent`` once sent)."""
    head: dict[str, Any] = {
        "billing_address_id": order.entity_id * 2, "created_at": doc.created_at, "entity_id": doc.entity_id,
        "increment_id": doc.increment_id, "order_id": doc.order_id, "shipping_address_id": order.entity_id * 2 - 1,
        "store_id": 1, "updated_at": doc.created_at}
    if doc.email_sent:
        head["email_sent"] = 1
    return head


def _money_line(doc: Document, n: int, line: OrderItem, m: totals.LineMoney) -> dict[str, Any]:
    """An invoice or credit memo line."""
    return {"entity_id": doc.entity_id * 100 + n, "name": line.name, "order_item_id": line.item_id,
            "parent_id": doc.entity_id, "product_id": line.product_id, "qty": number(m.qty), "sku": line.sku,
            **both("price", m.price), **both("price_incl_tax", m.price_incl_tax), **both("row_total", m.row_total),
            **both("row_total_incl_tax", m.row_total + m.tax), **both("tax_amount", m.tax),
            **both("discount_tax_compensation_amount", 0)}


def _totals(money: totals.Money) -> dict[str, Any]:
    """The amounts an invoice and a credit memo share."""
    return {**CURRENCY, **both("discount_amount", 0), **both("discount_tax_compensation_amount", 0),
            **both("grand_total", money.grand_total), **both("shipping_amount", money.shipping),
            **both("shipping_incl_tax", money.shipping), **both("shipping_tax_amount", 0),
            "shipping_discount_tax_compensation_amount": 0, **both("subtotal", money.subtotal),
            **both("subtotal_incl_tax", money.subtotal + money.tax), **both("tax_amount", money.tax)}


def _state(doc: Document) -> dict[str, Any]:
    """``state``, left out when a repository save stored none (``schema.omitted_when_null``)."""
    return {} if doc.state is None else {"state": doc.state}


def invoice(doc: Document, order: Order) -> dict[str, Any]:
    """``sales-data-invoice-interface``."""
    lines = totals.document_lines(order, doc)
    return {**_head(doc, order), **_totals(totals.document_money(order, doc)),
            "base_shipping_discount_tax_compensation_amnt": 0, "can_void_flag": 0, **_state(doc),
            "total_qty": number(sum(m.qty for _line, m in lines)),
            "items": [_money_line(doc, n, line, m) for n, (line, m) in enumerate(lines, start=1)],
            "comments": [dict(c) for c in doc.comments]}


def creditmemo(doc: Document, order: Order) -> dict[str, Any]:
    """``sales-data-creditmemo-interface`` (an offline refund: refunded, state 2)."""
    money = totals.document_money(order, doc)
    items = [{**_money_line(doc, n, line, m), "base_cost": 0}
             for n, (line, m) in enumerate(totals.document_lines(order, doc), start=1)]
    adjustment = money.adjustment_positive - money.adjustment_negative
    return {**_head(doc, order), **_totals(money), **both("adjustment", adjustment),
            **both("adjustment_negative", money.adjustment_negative),
            **both("adjustment_positive", money.adjustment_positive), **_state(doc),
            "items": items, "comments": [dict(c) for c in doc.comments]}


def shipment(doc: Document, order: Order) -> dict[str, Any]:
    """``sales-data-shipment-interface`` with the MSI ``source_code`` it deducted."""
    items = []
    for n, (item_id, sku, qty) in enumerate(doc.lines, start=1):
        line = order.item(item_id)
        row: dict[str, Any] = {"entity_id": doc.entity_id * 100 + n, "order_item_id": item_id,
                               "parent_id": doc.entity_id, "qty": number(qty), "sku": sku}
        if line is not None:
            row.update({"name": line.name, "price": number(line.price), "product_id": line.product_id})
            if line.weight is not None:
                row["weight"] = number(line.weight)
        items.append(row)
    return {**_head(doc, order), "total_qty": number(sum(q for _i, _s, q in doc.lines)), "items": items,
            "tracks": [dict(t) for t in doc.tracks], "comments": [dict(c) for c in doc.comments], "packages": [],
            "extension_attributes": {"source_code": doc.source_code}}


def document(doc: Document, order: Order) -> dict[str, Any]:
    """An invoice, shipment or credit memo body."""
    return {"invoice": invoice, "creditmemo": creditmemo, "shipment": shipment}[doc.kind](doc, order)


def document_row(doc: Document, order: Order) -> dict[str, Any]:
    """The flat row searchCriteria filters a document list by (no lines, comments or amounts).

    Cheap on purpose: a list builds one per document and the full body only for the page it answers.
    """
    row = _head(doc, order)
    if doc.kind != "creditmemo":
        row["total_qty"] = number(sum(q for _i, _s, q in doc.lines))
    return row
