"""A retailer's reference data: taxes, payment types, product types, suppliers, brands, tags, customers.

Every row is versioned like the rest of the store (one global counter), soft-deleted with
``deleted_at``, and addressed by a UUID. Sale lines name a tax by ``tax_id`` and payments a
retailer payment type by its id; both resolve here. A line that names no tax is charged the
outlet's default tax (``Outlet.default_tax_id``, "Default tax id used for sales in this outlet":
profile fact ``sales.line_tax``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from stockgate.twins.lightspeed.addresses import Address
from stockgate.twins.lightspeed.errors import invalid
from stockgate.twins.lightspeed.state import Row, Store, live

R = TypeVar("R", bound=Row)

# customer properties a client writes as text (null when unset), in the order the 2.0 document lists them
CUSTOMER_TEXT = (
    "email", "note", "gender", "date_of_birth", "company_name", "phone", "mobile", "fax", "twitter", "website",
    "physical_address_1", "physical_address_2", "physical_suburb", "physical_city", "physical_postcode",
    "physical_state", "physical_country_id", "postal_address_1", "postal_address_2", "postal_suburb", "postal_city",
    "postal_postcode", "postal_state", "postal_country_id", "custom_field_1", "custom_field_2", "custom_field_3",
    "custom_field_4", "tax_id",
)
SUPPLIER_CONTACT = (
    "first_name", "last_name", "company_name", "phone", "mobile", "fax", "website", "twitter", "email",
    "postal_address1", "postal_address2", "postal_suburb", "postal_city", "postal_postcode", "postal_state",
    "postal_country_id", "physical_address1", "physical_address2", "physical_suburb", "physical_city",
    "physical_postcode", "physical_state", "physical_country_id",
)


@dataclass(slots=True, kw_only=True)
class TaxRate:
    """One rate of a tax (a tax group has several)."""

    id: str
    name: str
    rate: float


@dataclass(slots=True, kw_only=True)
class Tax(Row):
    """A sales tax: one rate, or a group of rates."""

    name: str
    rates: list[TaxRate]
    is_default: bool = False

    @property
    def rate(self) -> float:
        """The combined rate."""
        return sum(r.rate for r in self.rates)


@dataclass(slots=True, kw_only=True)
class PaymentType(Row):
    """A retailer payment type (``type_id``: the global payment type it configures)."""

    name: str
    type_id: int
    config: dict[str, Any] | None = None


@dataclass(slots=True, kw_only=True)
class Named(Row):
    """A brand, tag, product type or customer group: a name (and a description or code)."""

    name: str
    description: str | None = None


@dataclass(slots=True, kw_only=True)
class Supplier(Row):
    """A supplier and its contact."""

    name: str
    description: str | None = None
    source: str = "USER"
    default_markup: float = 0.0
    contact: dict[str, str | None] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Customer(Row):
    """A customer; ``text`` holds the writable text properties (CUSTOMER_TEXT)."""

    first_name: str | None
    last_name: str | None
    customer_code: str
    customer_group_id: str
    text: dict[str, str | None] = field(default_factory=dict)
    enable_loyalty: bool = True
    do_not_email: bool = False
    enable_promotional_sms: bool = False
    on_account_limit: float | None = None
    year_to_date: float = 0.0
    balance: float = 0.0
    loyalty_balance: float = 0.0

    @property
    def name(self) -> str | None:
        """First and last name, as the API joins them (None for an unnamed customer)."""
        joined = " ".join(p for p in (self.first_name, self.last_name) if p)
        return joined or None


@dataclass(slots=True, kw_only=True)
class OutletTax(Row):
    """The tax a product is charged at an outlet (``GET /outlet_taxes``)."""

    outlet_id: str
    product_id: str
    tax_id: str


class Catalog:
    """Reference data of one retailer, versioned through its :class:`Store`."""

    def __init__(self, store: Store) -> None:
        """None yet."""
        self.store = store
        self.taxes: dict[str, Tax] = {}
        self.payment_types: dict[str, PaymentType] = {}
        self.product_types: dict[str, Named] = {}
        self.suppliers: dict[str, Supplier] = {}
        self.brands: dict[str, Named] = {}
        self.tags: dict[str, Named] = {}
        self.customer_groups: dict[str, Named] = {}
        self.customers: dict[str, Customer] = {}
        self.addresses: dict[int, Address] = {}  # date versions
        self.outlet_taxes: dict[tuple[str, str], OutletTax] = {}  # (outlet_id, product_id) -> its record

    def add(self, table: dict[str, R], row: R) -> R:
        """Keep ``row`` in ``table`` and stamp it."""
        table[row.id] = row
        self.store.touch(row)
        return row

    def tax(self, tax_id: str) -> Tax:
        """A live tax by id (404 ``tax not found``)."""
        return live(self.taxes.get(tax_id), "tax")

    def default_tax(self) -> Tax | None:
        """The retailer's default tax."""
        return next((t for t in self.taxes.values() if t.is_default and not t.deleted_at), None)

    def no_tax(self) -> Tax | None:
        """The zero-rate tax (``Retailer.no_tax_group_id``)."""
        return next((t for t in self.taxes.values() if t.rate == 0 and not t.deleted_at), None)

    def line_tax(self, tax_id: str, outlet_id: str) -> Tax | None:
        """The tax a sale line names, else the outlet's default (a name that resolves nowhere is refused)."""
        if tax_id:
            found = self.taxes.get(tax_id)
            if found is None or found.deleted_at:
                raise invalid(f"tax_id {tax_id} is not a tax of this retailer")
            return found
        outlet = self.store.outlets.get(outlet_id)
        chosen = self.taxes.get(outlet.default_tax_id or "") if outlet else None
        return chosen or self.default_tax()

    def payment_type(self, type_id: str) -> PaymentType:
        """A live retailer payment type (refused when unknown)."""
        found = self.payment_types.get(type_id)
        if found is None or found.deleted_at:
            raise invalid(f"{type_id or 'an empty id'} is not a payment type of this retailer")
        return found

    def relation(self, table: Mapping[str, Row], row_id: Any, what: str) -> str | None:
        """``row_id`` when it names a live row of ``table`` (None when unset; refused when unknown)."""
        if row_id in (None, ""):
            return None
        found = table.get(str(row_id))
        if found is None or found.deleted_at:
            raise invalid(f"{what} {row_id} does not exist")
        return found.id

    def default_group(self) -> Named:
        """The group every customer starts in (the first one seeded: "All Customers")."""
        return next(iter(self.customer_groups.values()))

    def customer_code(self, first_name: str | None, row_id: str) -> str:
        """``Name-XXXX`` (``UNNAMED-XXXX`` without a name), as the vendor's examples show codes."""
        stem = (first_name or "UNNAMED").split()[0][:16]
        return f"{stem}-{row_id.replace('-', '')[-4:].upper()}"
