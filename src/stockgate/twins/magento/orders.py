"""Orders, their lines and their documents as plain data, with the totals read off them (pure).

Amounts are kept the way Magento keeps them: fixed on the lines when the order is placed (``pricing``),
on the configurable parent line for a configurable (its child line carries the stock and no amounts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ORDER_INDEXED = frozenset({"entity_id", "increment_id", "status", "state", "customer_email", "created_at",
                           "updated_at"})
DOCUMENT_INDEXED = frozenset({"entity_id", "increment_id", "order_id", "created_at"})
"""The attributes the sales search indexes read (``sales_index``): assigning one re-indexes what reads it."""


@dataclass(slots=True, kw_only=True)
class OrderItem:
    """One order line; a configurable line has one child line carrying the stock."""

    item_id: int
    sku: str
    name: str
    product_id: int
    product_type: str
    qty_ordered: float
    price: float
    parent_item_id: int | None = None
    child_item_id: int | None = None
    qty_invoiced: float = 0.0
    qty_shipped: float = 0.0
    qty_refunded: float = 0.0
    qty_canceled: float = 0.0
    refunded_unshipped: float = 0.0
    shipped_from: dict[str, float] = field(default_factory=dict)
    returned_to: dict[str, float] = field(default_factory=dict)
    # amounts fixed at placement (pricing): a configurable's child line carries none of them
    original_price: float | None = None  # the catalog price (None: the line's price)
    tax_percent: float = 0.0
    tax_amount: float = 0.0  # the row's tax
    weight: float | None = None  # unit weight
    quote_item_id: int | None = None
    options: list[tuple[int, int]] = field(default_factory=list)  # configurable (attribute id, option value id)
    updated_at: str = ""  # "" until a document touches the line: the order's created_at


@dataclass(slots=True, kw_only=True)
class Order:
    """A sales order with its documents."""

    entity_id: int
    increment_id: str
    store_code: str
    stock_id: int
    customer_email: str
    customer_firstname: str
    customer_lastname: str
    items: list[OrderItem]
    created_at: str
    updated_at: str
    shipping_amount: float = 0.0
    payment_method: str = "checkmo"
    state: str = "new"
    status: str = "pending"
    address: dict[str, Any] = field(default_factory=dict)
    reserved: bool = True
    histories: list[dict[str, Any]] = field(default_factory=list)  # status history comments, oldest first
    billing: dict[str, Any] | None = None  # the billing address as given (None: the shipping address)
    quote_id: int | None = None
    customer_id: int | None = None  # None: a guest
    customer_group_id: int = 0  # NOT LOGGED IN
    shipping_description: str = "Flat Rate - Fixed"
    shipping_method: str = "flatrate_flatrate"
    applied_taxes: list[dict[str, Any]] = field(default_factory=list)  # [{code, title, percent}] at placement
    from_quote: bool = False  # placed through a cart (converting_from_quote)
    remote_ip: str | None = None
    email_sent: bool = False  # its confirmation was sent again through POST /V1/orders/{id}/emails
    documents: list[Document] = field(default_factory=list)  # its invoices, shipments and credit memos

    hold_before: tuple[str, str] | None = None  # (state, status) an order on hold returns to
    # sales_index: told (row, attribute) when an indexed attribute is assigned
    watcher: Callable[[Order, str], None] | None = field(default=None, repr=False, compare=False)

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name in ORDER_INDEXED:
            watcher = getattr(self, "watcher", None)  # not yet set while the dataclass initialises
            if watcher is not None:
                watcher(self, name)

    def documents_of(self, kind: str) -> list[Document]:
        """Its ``kind`` documents, oldest first."""
        return [d for d in self.documents if d.kind == kind]

    def add_history(self, comment: str, now: str, *, notified: int = 0, visible: int = 0) -> dict[str, Any]:
        """``Order::addStatusHistoryComment``: a status history entry carrying the order's status (if any)."""
        entry: dict[str, Any] = {"comment": comment, "created_at": now,
                                 "entity_id": self.entity_id * 1000 + len(self.histories) + 1, "entity_name": "order",
                                 "is_customer_notified": notified, "is_visible_on_front": visible,
                                 "parent_id": self.entity_id}
        if self.status:
            entry["status"] = self.status
        self.histories.append(entry)
        return entry

    def item(self, item_id: int) -> OrderItem | None:
        """The line with ``item_id``."""
        return next((i for i in self.items if i.item_id == item_id), None)

    def stock_line(self, item: OrderItem) -> OrderItem:
        """The line that carries stock for ``item`` (its child for a configurable line)."""
        if item.child_item_id is not None:
            child = self.item(item.child_item_id)
            if child is not None:
                return child
        return item

    @property
    def stock_lines(self) -> list[OrderItem]:
        """Lines that move stock (no configurable parents)."""
        return [i for i in self.items if i.child_item_id is None]

    @property
    def top_lines(self) -> list[OrderItem]:
        """Lines without a parent (the ones amounts are kept on)."""
        return [i for i in self.items if i.parent_item_id is None]

    @property
    def subtotal(self) -> float:
        """Σ price x qty over top-level lines."""
        return sum(i.price * i.qty_ordered for i in self.top_lines)

    @property
    def tax_amount(self) -> float:
        """Σ row tax over top-level lines (shipping carries none: pricing)."""
        return sum(i.tax_amount for i in self.top_lines)

    @property
    def grand_total(self) -> float:
        """Subtotal plus shipping plus tax."""
        return self.subtotal + self.shipping_amount + self.tax_amount


@dataclass(slots=True, kw_only=True)
class Document:
    """An invoice, shipment or credit memo: its lines as (order item id, sku, qty)."""

    entity_id: int
    increment_id: str
    order_id: int
    kind: str
    lines: list[tuple[int, str, float]]
    created_at: str
    source_code: str | None = None
    returned_item_ids: tuple[int, ...] = ()
    amount: float = 0.0  # subtotal: Σ price x qty of its lines
    shipping_amount: float = 0.0  # the shipping it invoices or refunds
    adjustment_positive: float = 0.0  # a credit memo's adjustment refund
    adjustment_negative: float = 0.0  # a credit memo's adjustment fee
    comments: list[dict[str, Any]] = field(default_factory=list)  # a refund's ``comment``, as Magento keeps it
    email_sent: bool = False  # its e-mail went out (the request asked ``notify``: the *Sender sends at once)
    tracks: list[dict[str, Any]] = field(default_factory=list)  # a shipment's tracks, as saved (``tracks``)
    state: int | None = 2  # paid / refunded; a repository save keeps what the client sent (None: none)
    watcher: Callable[[Document, str], None] | None = field(default=None, repr=False, compare=False)  # sales_index

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)
        if name in DOCUMENT_INDEXED:
            watcher = getattr(self, "watcher", None)
            if watcher is not None:
                watcher(self, name)
