"""The money of invoices, credit memos and cancels, read off an order's lines (pure).

A document takes each line's share of the amounts fixed at placement (``pricing.share``: row tax
x qty / qty ordered); the first invoice takes the shipping, a credit memo the shipping it refunds.
An order's ``*_invoiced`` and ``*_refunded`` totals are sums over its documents (Magento's
``Invoice::register`` and ``Creditmemo/RefundOperation`` add them up the same way), and a cancel
cancels what was not invoiced (``Order::registerCancellation``). No cart price rule runs in the
twin's seeds, so every discount is 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from stockgate.twins.magento.orders import Document, Order, OrderItem
from stockgate.twins.magento.pricing import money, share


@dataclass(frozen=True, slots=True)
class Money:
    """The amounts of an order, a document or a flow of documents (all in the store currency)."""

    subtotal: float = 0.0
    tax: float = 0.0
    shipping: float = 0.0
    discount: float = 0.0  # positive: what was taken off
    adjustment_positive: float = 0.0
    adjustment_negative: float = 0.0

    @property
    def grand_total(self) -> float:
        """Subtotal + shipping + tax - discount, with a credit memo's adjustments."""
        return money(self.subtotal + self.shipping + self.tax - self.discount + self.adjustment_positive
                     - self.adjustment_negative)

    def __add__(self, other: Money) -> Money:
        """Both amounts summed field by field."""
        return Money(*(money(a + b) for a, b in zip(self._fields(), other._fields(), strict=True)))

    def _fields(self) -> tuple[float, ...]:
        return (self.subtotal, self.tax, self.shipping, self.discount, self.adjustment_positive,
                self.adjustment_negative)


@dataclass(frozen=True, slots=True)
class LineMoney:
    """One line of a document: the ordered line's price and its share of the row's tax."""

    price: float
    tax_percent: float
    qty: float
    tax: float

    @property
    def row_total(self) -> float:
        """Price x qty."""
        return money(self.price * self.qty)

    @property
    def price_incl_tax(self) -> float:
        """The unit price with its tax."""
        return money(self.price * (1 + self.tax_percent / 100.0))


def line_money(line: OrderItem, qty: float) -> LineMoney:
    """``qty`` units of ``line``: its price and that share of its row tax."""
    return LineMoney(line.price, line.tax_percent, qty, share(line.tax_amount, qty, line.qty_ordered))


def document_lines(order: Order, doc: Document) -> list[tuple[OrderItem, LineMoney]]:
    """The priced order line and the money of each of ``doc``'s lines (unknown lines left out)."""
    out = []
    for item_id, _sku, qty in doc.lines:
        line = order.item(item_id)
        if line is not None:
            out.append((line, line_money(line, qty)))
    return out


def document_money(order: Order, doc: Document) -> Money:
    """What an invoice or credit memo carries."""
    lines = [m for _line, m in document_lines(order, doc)]
    return Money(subtotal=money(sum(m.row_total for m in lines)), tax=money(sum(m.tax for m in lines)),
                 shipping=doc.shipping_amount, adjustment_positive=doc.adjustment_positive,
                 adjustment_negative=doc.adjustment_negative)


def ordered(order: Order) -> Money:
    """What the order was placed for."""
    return Money(subtotal=money(order.subtotal), tax=money(order.tax_amount), shipping=order.shipping_amount)


def flow(order: Order, docs: list[Document]) -> Money | None:
    """The sum over ``docs`` (None when there are none: Magento leaves those totals null)."""
    total: Money | None = None
    for doc in docs:
        total = document_money(order, doc) if total is None else total + document_money(order, doc)
    return total


def canceled(order: Order, invoiced: Money | None) -> Money | None:
    """What a cancel canceled: what was ordered and not invoiced (None when nothing was canceled)."""
    if not any(line.qty_canceled for line in order.items):
        return None
    done, placed = invoiced or Money(), ordered(order)
    return Money(subtotal=money(placed.subtotal - done.subtotal), tax=money(placed.tax - done.tax),
                 shipping=money(placed.shipping - done.shipping))


def line_flows(order: Order, docs: list[Document]) -> dict[int, tuple[float, float]]:
    """Order item id -> (row total, tax) summed over ``docs``."""
    sums: dict[int, tuple[float, float]] = {}
    for doc in docs:
        for line, m in document_lines(order, doc):
            row, tax = sums.get(line.item_id, (0.0, 0.0))
            sums[line.item_id] = (money(row + m.row_total), money(tax + m.tax))
    return sums
