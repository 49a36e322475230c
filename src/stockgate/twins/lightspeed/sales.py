"""Sales, their statuses and states, returns, and what each does to inventory.

Internally a sale carries the 2.0 ``status`` vocabulary; date versions read and write the
documented ``state`` + attribute mapping (LIGHTSPEED.md §2.7). Inventory effects are only the
documented ones (``sales.inventory_effect``): a sale takes stock when it closes (any closed
state) or goes on account, and gives it back when voided. Statuses whose effect no public
source states (layby, delivery, pickup and service while pending) are refused with a 501 that
names the gap, rather than guessed. A return is a parked sale with ``return_for``, negative
quantities and ``is_return`` lines; closing it applies the same "closing decrements" rule to
negative quantities, which puts the units back (``returns.restock``).

Amounts (``sales.line_amounts``): a line keeps the unit price, cost, discount, loyalty and tax the
client sent (cost defaults to the product's supply price, tax to the price times the rate of the
line's tax); totals are unit values times the quantity, as in the vendor's examples. A line that
names no tax is charged its outlet's default tax (``sales.line_tax``). Payments name a retailer
payment type of the :class:`~stockgate.twins.lightspeed.catalog.Catalog`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stockgate.twins.lightspeed.catalog import Catalog
from stockgate.twins.lightspeed.errors import LightspeedError, invalid, not_found, number
from stockgate.twins.lightspeed.sale_index import SaleIndex
from stockgate.twins.lightspeed.state import Row, Store

STATE_OF: Mapping[str, tuple[str, str | None]] = {
    "SAVED": ("parked", None), "CLOSED": ("closed", None), "VOIDED": ("voided", None),
    "ONACCOUNT": ("pending", "onaccount"), "ONACCOUNT_CLOSED": ("closed", "onaccount"),
    "LAYBY": ("pending", "layby"), "LAYBY_CLOSED": ("closed", "layby"),
    "AWAITING_DISPATCH": ("pending", "delivery"), "DISPATCHED_CLOSED": ("closed", "delivery"),
    "AWAITING_PICKUP": ("pending", "pickup"), "PICKED_UP_CLOSED": ("closed", "pickup"),
    "SERVICE": ("pending", "service"), "SERVICE_CLOSED": ("closed", "service"),
}
STATUS_OF = {value: key for key, value in STATE_OF.items()}


def takes_stock(status: str) -> bool | None:
    """True: stock has left; False: it has not; None: no public source says."""
    state, _attribute = STATE_OF[status]
    if state == "closed" or status == "ONACCOUNT":
        return True
    if state in {"parked", "voided"}:
        return False
    return None


@dataclass(slots=True, kw_only=True)
class Line:
    """A sale line item (negative quantity for returns)."""

    id: str
    product_id: str
    quantity: float
    price: float
    tax: float = 0.0
    tax_id: str = ""
    cost: float = 0.0
    discount: float = 0.0
    loyalty_value: float = 0.0
    price_set: bool = False
    is_return: bool = False
    sequence: int = 0
    note: str = ""


@dataclass(slots=True, kw_only=True)
class Payment:
    """A payment on a sale (negative for a refund)."""

    id: str
    payment_type_id: str
    amount: float
    date: str
    register_id: str
    session: str | None = None  # the register session (open_sequence_id) it was taken in


@dataclass(slots=True, kw_only=True)
class Sale(Row):
    """A register sale."""

    outlet_id: str
    register_id: str
    user_id: str
    status: str
    lines: list[Line]
    invoice_number: str = ""
    invoice_sequence: int = 0
    customer_id: str | None = None
    note: str = ""
    source: str = "USER"
    source_id: str | None = None
    short_code: str = ""
    return_for: str | None = None
    sale_date: str = ""
    stock_taken: bool = False
    payments: list[Payment] = field(default_factory=list)

    @property
    def total_price(self) -> float:
        """Tax-exclusive total."""
        return sum(line.price * line.quantity for line in self.lines)

    @property
    def total_tax(self) -> float:
        """Tax total."""
        return sum(line.tax * line.quantity for line in self.lines)

    @property
    def total_loyalty(self) -> float:
        """Loyalty total."""
        return sum(line.loyalty_value * line.quantity for line in self.lines)

    @property
    def paid(self) -> float:
        """What the payments add up to."""
        return sum(p.amount for p in self.payments)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReturnRules:
    """The version's return rules (profile facts)."""

    reject_mixed: bool
    void_other_parked: bool


class Sales:
    """All sales of one retailer and their inventory effect on :class:`Store`."""

    def __init__(self, store: Store, catalog: Catalog) -> None:
        """No sales yet."""
        self.store = store
        self.catalog = catalog
        self.sales: dict[str, Sale] = {}
        self._index = SaleIndex()

    def index(self) -> SaleIndex:
        """The sales' search indexes (rebuilt first should a sale have been stored without :meth:`create`)."""
        if len(self._index.rows) != len(self.sales):
            self._index = SaleIndex()
            for sale in self.sales.values():
                self._index.add(sale)
        return self._index

    def get(self, sale_id: str) -> Sale:
        """A sale by id."""
        sale = self.sales.get(sale_id)
        if sale is None:
            raise not_found("sale")
        return sale

    def create(self, *, register_id: str, user_id: str, status: str, lines: list[dict[str, Any]],
               rules: ReturnRules, return_for: str | None = None, sale_id: str | None = None,
               invoice_number: str | None = None, payments: list[dict[str, Any]] | None = None,
               **extra: Any) -> Sale:
        """A new sale (a client may choose its id, as register_sales does); applies its inventory effect."""
        register = self.store.registers.get(register_id)
        if register is None or register.deleted_at:
            raise invalid("register_id is not a valid register")
        self._known_status(status)
        register.invoice_sequence += 1
        sale = Sale(id=sale_id or self.store.make_id("sale"), outlet_id=register.outlet_id, register_id=register_id,
                    user_id=user_id, status="SAVED", lines=[], return_for=return_for,
                    invoice_sequence=register.invoice_sequence,
                    invoice_number=invoice_number or f"{register.invoice_prefix}{register.invoice_sequence}", **extra)
        sale.customer_id = self._customer(sale.customer_id)
        sale.sale_date = sale.sale_date or self.store.now()
        sale.lines = [self._line(sale, raw, n) for n, raw in enumerate(lines, start=1)]
        sale.payments = self._payments(sale, payments or [])
        self._check_returns(sale, rules)
        index = self.index()
        self.sales[sale.id] = sale
        index.add(sale)
        self.transition(sale, status)
        return sale

    def update(self, sale: Sale, *, status: str | None, lines: list[dict[str, Any]] | None, rules: ReturnRules,
               payments: list[dict[str, Any]] | None = None, **extra: Any) -> Sale:
        """Change lines (while stock has not left), payments, and/or move the status."""
        if lines is not None:
            if sale.stock_taken or sale.status == "VOIDED":
                raise invalid(f"a sale in status {sale.status} cannot change its line items")
            sale.lines = [self._line(sale, raw, n) for n, raw in enumerate(lines, start=1)]
            self._check_returns(sale, rules)
        if payments is not None:
            sale.payments = self._payments(sale, payments)
        for key, value in extra.items():
            if value is not None:
                setattr(sale, key, value)
        if status is not None and status != sale.status:
            self.transition(sale, status)
        else:
            self.store.touch(sale)
        return sale

    def _known_status(self, status: str) -> None:
        if status not in STATE_OF:
            raise invalid(f"status must be one of {', '.join(STATE_OF)}")

    def _customer(self, customer_id: Any) -> str:
        """The sale's customer: a customer of the retailer, or its default (walk-in) customer."""
        return self.catalog.relation(self.catalog.customers, customer_id, "customer") or self.store.default_customer_id

    def _line(self, sale: Sale, raw: Mapping[str, Any], n: int) -> Line:
        product_id = str(raw.get("product_id") or "")
        product = self.store.product(product_id)
        price = _amount(raw, "price", 0.0)
        tax = self.catalog.line_tax(str(raw.get("tax_id") or ""), sale.outlet_id)
        return Line(id=str(raw.get("id") or self.store.make_id("line_item")), product_id=product_id,
                    quantity=number(raw.get("quantity", 0), "quantity"), price=price,
                    tax=_amount(raw, "tax", round(price * (tax.rate if tax else 0.0), 5)),
                    tax_id=tax.id if tax else "", cost=_amount(raw, "cost", product.supply_price),
                    discount=_amount(raw, "discount", 0.0), loyalty_value=_amount(raw, "loyalty_value", 0.0),
                    price_set=bool(raw.get("price_set", False)), is_return=bool(raw.get("is_return", False)),
                    sequence=int(raw.get("sequence", n) or n), note=str(raw.get("note") or ""))

    def _payments(self, sale: Sale, raws: list[dict[str, Any]]) -> list[Payment]:
        out = []
        for raw in raws:
            kind = self.catalog.payment_type(str(raw.get("payment_type_id") or ""))
            register_id = str(raw.get("register_id") or sale.register_id)
            register = self.store.registers.get(register_id)
            out.append(Payment(id=str(raw.get("id") or self.store.make_id("payment")), payment_type_id=kind.id,
                               amount=number(raw.get("amount", 0), "amount"),
                               date=str(raw.get("date") or self.store.now()), register_id=register_id,
                               session=register.open_sequence_id if register else None))
        return out

    def _check_returns(self, sale: Sale, rules: ReturnRules) -> None:
        """2026-07: a sale may not mix referenced and unreferenced returns."""
        if not rules.reject_mixed:
            return
        negative = [line for line in sale.lines if line.quantity < 0]
        referenced = [line for line in negative if line.is_return]
        if (sale.return_for and len(referenced) != len(negative)) or (not sale.return_for and referenced):
            raise invalid("Referenced and unreferenced returns cannot be mixed in one sale")

    def transition(self, sale: Sale, status: str) -> None:
        """Move ``sale`` to ``status`` and apply the documented inventory effect."""
        self._known_status(status)
        if sale.status == "VOIDED":
            raise invalid("a voided sale cannot change status")
        effect = takes_stock(status)
        if effect is None:
            raise LightspeedError(501, f"stockgate twin: the inventory effect of status {status} "
                                  f"({'/'.join(filter(None, STATE_OF[status]))}) is not documented "
                                  "(profile fact sales.inventory_effect); close the sale or leave it parked")
        if effect and not sale.stock_taken:
            self._move(sale, -1)
            sale.stock_taken = True
        elif status == "VOIDED" and sale.stock_taken:
            self._move(sale, +1)
            sale.stock_taken = False
        old, sale.status = sale.status, status
        self.index().restatus(sale, old)
        self.store.touch(sale)
        self.store.emit("sale.update", {"id": sale.id, "register_id": sale.register_id, "user_id": sale.user_id,
                                        "status": sale.status, "return_for": sale.return_for or "",
                                        "invoice_number": sale.invoice_number, "sale_date": sale.sale_date,
                                        "register_sale_products": [
                                            {"id": line.id, "product_id": line.product_id, "quantity": line.quantity,
                                             "price": line.price} for line in sale.lines]})

    def _move(self, sale: Sale, sign: int) -> None:
        for line in sale.lines:
            product = self.store.product(line.product_id)
            if product.has_inventory:
                self.store.adjust(line.product_id, sale.outlet_id, sign * line.quantity)

    def start_return(self, original: Sale, *, user_id: str, rules: ReturnRules) -> Sale:
        """``actions/return``: a parked sale returning what is left of ``original``."""
        if STATE_OF[original.status][0] != "closed" or original.return_for:
            raise invalid("only a closed sale can be returned")
        if rules.void_other_parked:
            for other in list(self.index().returns.get(original.id, ())):
                if other.status == "SAVED":
                    self.transition(other, "VOIDED")
        returned: dict[str, float] = {}
        for other in self.index().returns.get(original.id, ()):
            if other.status != "VOIDED":
                for line in other.lines:
                    returned[line.product_id] = returned.get(line.product_id, 0.0) - line.quantity
        lines = []
        for line in original.lines:
            left = line.quantity - returned.get(line.product_id, 0.0)
            if left > 0:
                lines.append({"product_id": line.product_id, "quantity": -left, "price": line.price, "tax": line.tax,
                              "tax_id": line.tax_id, "cost": line.cost, "discount": line.discount,
                              "loyalty_value": line.loyalty_value, "price_set": True, "is_return": True})
                returned[line.product_id] = returned.get(line.product_id, 0.0) + left
        if not lines:
            raise invalid("every item of this sale has already been returned")
        return self.create(register_id=original.register_id, user_id=user_id, status="SAVED", lines=lines,
                           rules=rules, return_for=original.id, customer_id=original.customer_id)


def _amount(raw: Mapping[str, Any], key: str, default: float) -> float:
    """A unit amount the client sent (``null`` or absent: ``default``)."""
    value = raw.get(key)
    return default if value is None else number(value, key)
