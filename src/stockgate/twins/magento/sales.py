"""Orders, invoices, shipments, credit memos and cancels with their MSI effects (pure).

Reservations (MAGENTO.md §3.2-3.3): placing an order appends -qty per stock line; a shipment
deducts its source and appends +qty; a cancel appends +qty; a credit memo puts shipped units back
on the sources that shipped them when returned to stock, and releases unshipped units with +qty
(returned or not — not returned, they are first deducted from the default algorithm's sources).
A finished order's rows sum to 0. Only the *stock lines* (simple items, or the simple child of a
configurable line) move stock; requests may name the parent or the child item id.
"""

from __future__ import annotations

from typing import Any

from stockgate.clock import VirtualClock
from stockgate.twins.magento.behaviour import Behaviour
from stockgate.twins.magento.errors import input_error, not_found
from stockgate.twins.magento.orders import Document, Order, OrderItem
from stockgate.twins.magento.pricing import formatted
from stockgate.twins.magento.sales_index import SalesIndex
from stockgate.twins.magento.state import Inventory
from stockgate.twins.magento.totals import document_money

__all__ = ["CLOSED_TO_DOCUMENTS", "Document", "Order", "OrderItem", "Sales"]

# Order::canInvoice/canShip/canCreditmemo: no document for a canceled, closed or held order (orders.hold)
CLOSED_TO_DOCUMENTS = frozenset({"canceled", "closed", "holded"})


def _after(order: list[tuple[tuple[int, float, str], int]]) -> int:
    """One past the greatest entity id in an ``entity_id`` index's sort order (ids are numbers: last)."""
    return int(order[-1][0][1]) + 1 if order else 1


class Sales:
    """The sales side of one store, acting on :class:`Inventory`."""

    def __init__(self, inventory: Inventory, behaviour: Behaviour, clock: VirtualClock | None = None) -> None:
        """Empty sales tables over ``inventory``; ``clock`` dates the saves that carry no moment of their own."""
        self.inventory = inventory
        self.behaviour = behaviour
        self.clock = clock
        self.orders: dict[int, Order] = {}
        self.documents: dict[str, dict[int, Document]] = {"invoice": {}, "shipment": {}, "creditmemo": {}}
        self._next_item = 1
        self._recent_refunds: list[tuple[float, int, str]] = []
        self._index = SalesIndex()

    def index(self) -> SalesIndex:
        """The search indexes of the orders, documents and order lines (kept by every write)."""
        return self._index.current(self.orders, self.documents)

    # --- orders -------------------------------------------------------------------------------
    def order(self, order_id: int) -> Order:
        """An order by entity id; the repository's 404."""
        if order_id not in self.orders:
            raise not_found("entity")
        return self.orders[order_id]

    def new_item_id(self) -> int:
        """The next order item id."""
        self._next_item += 1
        return self._next_item - 1

    def place(self, order: Order, *, reserve: bool) -> Order:
        """Store a new order; append its -qty reservations when ``reserve`` (checkout does, imports do not)."""
        index = self.index()
        self.orders[order.entity_id] = order
        index.add_order(order)
        order.reserved = reserve
        if reserve:
            for line in order.stock_lines:
                self.inventory.reserve(order.stock_id, line.sku, -line.qty_ordered, "order_placed",
                                       str(order.entity_id))
        return order

    def next_order_id(self) -> int:
        """The next order entity id: one past the greatest (read off the entity id index's end)."""
        return _after(self.index().orders.indexes["entity_id"].order)

    def next_document_id(self, kind: str) -> int:
        """The next ``kind`` document entity id."""
        return _after(self.index().documents[kind].indexes["entity_id"].order)

    def store_document(self, doc: Document) -> Document:
        """Keep ``doc`` in the sales tables (not on its order: the caller registers it there, or not)."""
        index = self.index()
        self.documents[doc.kind][doc.entity_id] = doc
        index.add_document(doc)
        return doc

    def documents_of(self, order_id: int, kind: str) -> list[Document]:
        """The ``kind`` documents of an order, oldest first."""
        return self.order(order_id).documents_of(kind)

    # --- invoice ------------------------------------------------------------------------------
    def invoice(self, order: Order, wanted: list[tuple[int, float]], now: str) -> Document:
        """Invoice ``wanted`` (all remaining when empty); no stock effect for physical items."""
        lines = self._select(order, wanted, lambda i: i.qty_ordered - i.qty_invoiced - i.qty_canceled)
        if not lines or order.state in CLOSED_TO_DOCUMENTS:
            raise input_error("The order does not allow an invoice to be created.")
        for line, qty in lines:
            line.qty_invoiced += qty
            self._mirror(order, line, "qty_invoiced", qty)
        taken = any(d.shipping_amount for d in order.documents_of("invoice"))
        doc = self._document(order, "invoice", lines, now)
        doc.amount = sum(self._priced(order, line).price * qty for line, qty in lines)
        doc.shipping_amount = 0.0 if taken else order.shipping_amount  # the first invoice takes the shipping
        self._settle(order)
        return doc

    # --- shipment -----------------------------------------------------------------------------
    def ship(self, order: Order, wanted: list[tuple[int, float]], source_code: str | None, now: str) -> Document:
        """Ship from ``source_code``: deduct the source, compensate the reservation."""
        lines = self._select(order, wanted, self.shippable)
        if not lines or order.state in CLOSED_TO_DOCUMENTS:
            raise input_error("Shipment Document Validation Error(s):\nThe order does not allow a shipment "
                              "to be created.\nYou can't create a shipment without products.")
        source = source_code or self.behaviour.source_when_unspecified
        self.inventory.source(source)
        for line, qty in lines:  # check every line before deducting any (one transaction)
            row = self.inventory.items.get((line.sku, source))
            if row is None or row["quantity"] < qty:
                raise input_error(self.behaviour.deduction_floor_message)
        for line, qty in lines:
            self.inventory.deduct(line.sku, source, qty)
            line.qty_shipped += qty
            line.shipped_from[source] = line.shipped_from.get(source, 0.0) + qty
            self._mirror(order, line, "qty_shipped", qty)
            self.inventory.reserve(order.stock_id, line.sku, qty, "shipment_created", str(order.entity_id))
        doc = self._document(order, "shipment", lines, now)
        doc.source_code = source
        self._settle(order)
        return doc

    @staticmethod
    def shippable(line: OrderItem) -> float:
        """What of a stock line is left to ship (``Order::canShip`` asks whether any is)."""
        return line.qty_ordered - line.qty_shipped - line.qty_canceled - line.refunded_unshipped

    # --- cancel -------------------------------------------------------------------------------
    def cancel(self, order: Order) -> bool:
        """``OrderManagement::cancel``: False when the order cannot be canceled."""
        if order.state in {"canceled", "complete", "closed", "holded"}:
            return False
        if all(ln.qty_invoiced + ln.qty_canceled >= ln.qty_ordered for ln in order.stock_lines):
            return False
        for line in order.stock_lines:
            qty = line.qty_ordered - max(line.qty_shipped, line.qty_invoiced) - line.qty_canceled \
                - line.refunded_unshipped
            if qty > 0:
                line.qty_canceled += qty
                self._mirror(order, line, "qty_canceled", qty)
                if order.reserved:
                    self.inventory.reserve(order.stock_id, line.sku, qty, "order_canceled", str(order.entity_id))
        if not any(ln.qty_invoiced or ln.qty_shipped for ln in order.stock_lines):
            order.state, order.status = "canceled", "canceled"
        else:
            self._settle(order)
        if self.clock is not None:  # the order is saved: sales_order.updated_at moves (orders.updated_at)
            order.updated_at = self.clock.magento_time()
        return True

    # --- refund -------------------------------------------------------------------------------
    def refund(self, order: Order, wanted: list[tuple[int, float]], return_ids: list[int], now: str,
               *, fingerprint: str, instant: float, shipping_amount: float | None = None,
               adjustment_positive: float = 0.0, adjustment_negative: float = 0.0) -> Document:
        """``POST /V1/order/{id}/refund`` (offline) with ``return_to_stock_items``.

        Without ``shipping_amount`` the memo refunds the shipping invoiced and not yet refunded, as
        the credit memo shipping total (``Creditmemo/Total/Shipping``) does when the request names none.
        """
        racing = self.behaviour.concurrent_duplicate_refunds and (instant, order.entity_id, fingerprint) \
            in self._recent_refunds
        if not racing:
            self._check_refundable(order, wanted)
        lines = self._select(order, wanted, lambda i: i.qty_invoiced - i.qty_refunded, strict=not racing)
        if not lines:
            raise input_error("Creditmemo Document Validation Error(s):\nThe order does not allow a creditmemo "
                              "to be created.")
        returned = {self._stock_id_of(order, i) for i in return_ids}
        for line, qty in lines:
            back = self.behaviour.auto_return or line.item_id in returned
            self._refund_line(order, line, qty, back=back)
        doc = self._document(order, "creditmemo", lines, now)
        doc.returned_item_ids = tuple(sorted(returned)) if not self.behaviour.auto_return else \
            tuple(line.item_id for line, _ in lines)
        doc.amount = sum(self._priced(order, line).price * qty for line, qty in lines)
        doc.shipping_amount = self._refundable_shipping(order, doc) if shipping_amount is None else shipping_amount
        doc.adjustment_positive, doc.adjustment_negative = adjustment_positive, adjustment_negative
        self._recent_refunds.append((instant, order.entity_id, fingerprint))
        self._settle(order, refunded=True)
        self._note_refund(order, doc, now)
        return doc

    def _note_refund(self, order: Order, doc: Document, now: str) -> None:
        """``Payment::refund`` offline: 'We refunded $X offline.' in the order's history (``sales.order_records``).

        The comment carries the status of the state the memo left (``getStateDefaultStatus``); the customer is
        marked notified as ``customer_note_notify`` says (1 for every twin order).
        """
        amount = formatted(document_money(order, doc).grand_total)
        order.add_history(str(self.behaviour.order_records["refund_comment"]).replace("%1", amount), now, notified=1)

    def _check_refundable(self, order: Order, wanted: list[tuple[int, float]]) -> None:
        refundable = any(ln.qty_invoiced > ln.qty_refunded for ln in order.stock_lines)
        if order.state in CLOSED_TO_DOCUMENTS or not refundable:
            raise input_error("Creditmemo Document Validation Error(s):\nThe order does not allow a creditmemo "
                              "to be created.")
        for item_id, qty in wanted:
            item = order.item(item_id)
            if item is not None and qty > order.stock_line(item).qty_invoiced - order.stock_line(item).qty_refunded:
                raise input_error("Creditmemo Document Validation Error(s):\nThe quantity to creditmemo must not be "
                                  "greater than the unrefunded quantity for %1.", [item.sku])

    def _refundable_shipping(self, order: Order, doc: Document) -> float:
        invoiced = sum(d.shipping_amount for d in order.documents_of("invoice"))
        refunded = sum(d.shipping_amount for d in order.documents_of("creditmemo") if d is not doc)
        return max(0.0, invoiced - refunded)

    @staticmethod
    def _priced(order: Order, line: OrderItem) -> OrderItem:
        """The line carrying the price of a stock line (a configurable child's parent)."""
        parent = order.item(line.parent_item_id) if line.parent_item_id is not None else None
        return parent or line

    def _stock_id_of(self, order: Order, item_id: int) -> int:
        item = order.item(item_id)
        return order.stock_line(item).item_id if item else item_id

    def _refund_line(self, order: Order, line: OrderItem, qty: float, *, back: bool) -> None:
        line.qty_refunded += qty
        self._mirror(order, line, "qty_refunded", qty)
        outstanding = max(0.0, line.qty_ordered - line.qty_shipped - line.qty_canceled - line.refunded_unshipped)
        if back:
            from_shipped = min(qty, line.qty_shipped - sum(line.returned_to.values()))
            self._return_to_sources(line, from_shipped)
            unshipped = min(qty - from_shipped, outstanding)
        else:
            unshipped = min(qty, outstanding)
            if unshipped and self.behaviour.unreturned_unshipped_deducted:
                self._deduct_by_priority(order, line.sku, unshipped)
        line.refunded_unshipped += unshipped
        if order.reserved:
            self.inventory.reserve(order.stock_id, line.sku, unshipped, "creditmemo_created", str(order.entity_id))

    def _return_to_sources(self, line: OrderItem, qty: float) -> None:
        for source, shipped in sorted(line.shipped_from.items()):
            room = shipped - line.returned_to.get(source, 0.0)
            take = min(qty, room)
            if take > 0:
                self.inventory.add_back(line.sku, source, take)
                line.returned_to[source] = line.returned_to.get(source, 0.0) + take
                qty -= take

    def _deduct_by_priority(self, order: Order, sku: str, qty: float) -> None:
        for row in self.inventory.priority_selection(order.stock_id, [(sku, qty)]):
            if row["qty_to_deduct"] > 0:
                self.inventory.deduct(sku, row["source_code"], row["qty_to_deduct"])

    # --- shared -------------------------------------------------------------------------------
    def _select(self, order: Order, wanted: list[tuple[int, float]], room: Any, *,
                strict: bool = True) -> list[tuple[OrderItem, float]]:
        """Resolve requested (item id, qty) pairs to stock lines; all remaining when none are named."""
        if not wanted:
            return [(line, room(line)) for line in order.stock_lines if room(line) > 0]
        chosen = []
        for item_id, qty in wanted:
            item = order.item(item_id)
            if item is None:
                continue
            line = order.stock_line(item)
            if qty <= 0:
                continue
            if strict and qty > room(line) + 1e-9:
                raise input_error("The quantity of items to %1 exceeds the available quantity for %2.",
                                  ["process", line.sku])
            chosen.append((line, qty))
        return chosen

    def _mirror(self, order: Order, line: OrderItem, attr: str, qty: float) -> None:
        if line.parent_item_id is not None:
            parent = order.item(line.parent_item_id)
            if parent is not None:
                setattr(parent, attr, getattr(parent, attr) + qty)

    def _document(self, order: Order, kind: str, lines: list[tuple[OrderItem, float]], now: str) -> Document:
        doc_id = self.next_document_id(kind)
        doc = Document(entity_id=doc_id, increment_id=f"{doc_id:09d}", order_id=order.entity_id, kind=kind,
                       lines=[(ln.parent_item_id or ln.item_id, ln.sku, q) for ln, q in lines], created_at=now)
        self.store_document(doc)
        order.documents.append(doc)
        order.updated_at = now
        for line, _qty in lines:
            line.updated_at = now
            self._priced(order, line).updated_at = now
        return doc

    def _settle(self, order: Order, *, refunded: bool = False) -> None:
        """Recompute state and status after a document, as Magento's order state resolver does."""
        lines = order.stock_lines
        live = sum(ln.qty_ordered - ln.qty_canceled for ln in lines)
        refunded_qty = sum(ln.qty_refunded for ln in lines)
        shipped = sum(ln.qty_shipped for ln in lines)
        done = all(ln.qty_shipped + ln.refunded_unshipped + ln.qty_canceled >= ln.qty_ordered for ln in lines)
        invoiced = all(ln.qty_invoiced + ln.qty_canceled >= ln.qty_ordered for ln in lines)
        if live > 0 and refunded_qty >= live:
            order.state, order.status = "closed", "closed"
        elif done and invoiced:
            order.state, order.status = "complete", "complete"
        elif refunded and self.behaviour.partial_refund_sets_complete and 0 < shipped < live:
            order.state, order.status = "complete", "complete"  # fixed in 2.4.8 (orders.partial_refund_sets_complete)
        elif any(ln.qty_invoiced or ln.qty_shipped for ln in lines):
            order.state, order.status = "processing", "processing"
