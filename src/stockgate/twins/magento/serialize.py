"""State objects to the JSON Magento answers with (field names from the published schema).

The one entry point routes use; the shapes live in ``serialize_catalog`` (products), ``serialize_orders``
and ``serialize_items`` (orders and their lines) and ``serialize_documents`` (invoices, shipments,
credit memos). A list answer filters cheap ``*_row`` dicts and builds full bodies only for its page.
"""

from __future__ import annotations

from typing import Any

from stockgate.twins.magento import serialize_documents, serialize_orders, totals
from stockgate.twins.magento.orders import Document, Order, OrderItem
from stockgate.twins.magento.serialize_catalog import number, product, product_row
from stockgate.twins.magento.serialize_items import order_item as _order_item

__all__ = ["document", "document_row", "number", "order", "order_item", "order_row", "product", "product_row",
           "source_item", "stock"]


def source_item(row: dict[str, Any]) -> dict[str, Any]:
    """``inventory-api-data-source-item-interface`` (its extension attributes are empty: left out)."""
    return {"sku": row["sku"], "source_code": row["source_code"], "quantity": number(row["quantity"]),
            "status": row["status"]}


def stock(raw: dict[str, Any]) -> dict[str, Any]:
    """``inventory-api-data-stock-interface`` with its sales channels."""
    return {"stock_id": raw["stock_id"], "name": raw["name"],
            "extension_attributes": {"sales_channels": [dict(c) for c in raw["sales_channels"]]}}


def order(item: Order) -> dict[str, Any]:
    """``sales-data-order-interface``."""
    return serialize_orders.order(item)


def order_row(item: Order) -> dict[str, Any]:
    """The flat row an order list is filtered by (``order`` builds the answer for the page)."""
    return serialize_orders.order_row(item)


def order_item(item: Order, line: OrderItem) -> dict[str, Any]:
    """``sales-data-order-item-interface`` of one line, with what the order's documents moved."""
    invoiced = totals.line_flows(item, item.documents_of("invoice"))
    refunded = totals.line_flows(item, item.documents_of("creditmemo"))
    return _order_item(item, line, invoiced, refunded)


def document(doc: Document, order_item: Order) -> dict[str, Any]:
    """An invoice, shipment or credit memo body (``order_item``: the order it belongs to)."""
    return serialize_documents.document(doc, order_item)


def document_row(doc: Document, order_item: Order) -> dict[str, Any]:
    """The flat row a document list is filtered by (``document`` builds the answer for the page)."""
    return serialize_documents.document_row(doc, order_item)


