"""X-Series retail data as plain Python: retailer, outlets, registers, users, products, inventory.

Every write stamps the row with the next value of one global, monotonically increasing int64
``version`` (LIGHTSPEED.md §2.2): the cursor every list pages by. Seeds start it beyond 2^31 so
that 32-bit clients break here as they would on a real store. Inventory is one record per
product x outlet; levels may go negative (``inventory.negative_levels``).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from stockgate.twins.lightspeed.errors import not_found

FIRST_VERSION = 4_284_638_488  # an int64 version seen in real payloads (LIGHTSPEED.md §2.2)
_NS = uuid.UUID("6f1c3d1e-8a51-4c53-9d7b-5b1b0b7f0a11")
_NS_BYTES = _NS.bytes


@functools.lru_cache(maxsize=65536)  # every scenario seeds the same thousand ids
def new_id(kind: str, n: int) -> str:
    """A deterministic UUID for the n-th ``kind`` (ids are UUID strings on X-Series).

    ``str(uuid.uuid5(_NS, f"{kind}-{n}"))``, spelled out (RFC 4122 §4.3: SHA-1 of namespace and name, then
    the version and variant bits): a third of the cost, and a 50,000-SKU twin makes 300,000 of them.
    """
    raw = bytearray(hashlib.sha1(_NS_BYTES + f"{kind}-{n}".encode(), usedforsecurity=False).digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50  # version 5
    raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


@dataclass(slots=True, kw_only=True)
class Row:
    """Fields every versioned resource has."""

    id: str
    version: int = 0
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None


R = TypeVar("R", bound=Row)


class VersionOrder:
    """Rows in version order, appended to as they are touched (see :meth:`Store.by_version`)."""

    def __init__(self, rows: Iterable[Any]) -> None:
        """Sorted once."""
        self.items: list[Any] = sorted(rows, key=lambda r: r.version)
        self.versions = [r.version for r in self.items]
        self.members = {id(r) for r in self.items}
        self.size = len(self.members)

    def append(self, row: Any) -> None:
        """A row just touched: it now comes last (its earlier entry, if any, is superseded)."""
        self.items.append(row)
        self.versions.append(row.version)
        if id(row) not in self.members:
            self.members.add(id(row))
            self.size += 1

    def compact(self) -> None:
        """Drop superseded entries."""
        live = [(r, v) for r, v in zip(self.items, self.versions, strict=True) if r.version == v]
        self.items, self.versions = [r for r, _ in live], [v for _, v in live]


def live(row: R | None, what: str) -> R:
    """``row``, unless it is missing or deleted: then the documented 404 ``{what} not found``."""
    if row is None or row.deleted_at:
        raise not_found(what)
    return row


@dataclass(slots=True, kw_only=True)
class Outlet(Row):
    """A store location."""

    name: str
    time_zone: str = "America/Chicago"
    currency: str = "USD"
    currency_symbol: str = "$"
    default_tax_id: str = ""
    physical_address_1: str = ""
    physical_address_2: str = ""
    physical_suburb: str = ""
    physical_city: str = ""
    physical_postcode: str = ""
    physical_state: str = ""
    physical_country_id: str = "US"
    email: str = ""
    phone: str | None = None


@dataclass(slots=True, kw_only=True)
class Register(Row):
    """A register at an outlet."""

    name: str
    outlet_id: str
    invoice_prefix: str = ""
    invoice_sequence: int = 1
    is_open: bool = True
    opened_at: str | None = None
    closed_at: str | None = None
    open_sequence_id: str | None = None
    sessions: int = 1  # register sessions opened so far (the current one's closure sequence number)


@dataclass(slots=True, kw_only=True)
class User(Row):
    """A user of the retailer."""

    username: str
    display_name: str
    account_type: str = "cashier"
    is_primary_user: bool = False
    email: str | None = None
    image: str | None = None  # the file name of the user's picture on the image CDN


@dataclass(slots=True, kw_only=True)
class Product(Row):
    """A product; a variant child has ``variant_parent_id``."""

    name: str
    handle: str
    sku: str
    price_excluding_tax: float = 0.0
    supply_price: float = 0.0
    active: bool = True
    has_inventory: bool = True
    variant_parent_id: str | None = None
    variant_name: str = ""
    variant_options: list[dict[str, str]] = field(default_factory=list)
    product_codes: list[dict[str, str]] = field(default_factory=list)
    family_id: str | None = None
    description: str | None = None
    brand_id: str | None = None
    supplier_id: str | None = None
    supplier_code: str | None = None
    product_type_id: str | None = None
    tag_ids: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    weight: float | None = None
    button_order: int = 0


@dataclass(slots=True, kw_only=True)
class Image:
    """A product image: the file's name on the image CDN (``<sha1>.jpg``)."""

    id: str
    file: str
    version: int = 0


@dataclass(slots=True, kw_only=True)
class InventoryRecord(Row):
    """On-hand of one product at one outlet."""

    product_id: str
    outlet_id: str
    level: float = 0.0
    reorder_point: float | None = None
    reorder_amount: float | None = None
    reorder_method: str | None = None  # FIXED (point + amount) or MIN_MAX (point + target)
    reorder_target: float | None = None
    average_cost: float | None = None


class Store:
    """One retailer's data and the global version counter."""

    def __init__(self, now: Any) -> None:
        """An empty retailer; ``now()`` gives ISO timestamps from the shared clock."""
        self.now = now
        self.next_version = FIRST_VERSION
        self.counters: dict[str, int] = {}
        self.retailer: dict[str, Any] = {"id": new_id("retailer", 1), "domain_prefix": "demo", "name": "Demo Retailer"}
        self.outlets: dict[str, Outlet] = {}
        self.registers: dict[str, Register] = {}
        self.users: dict[str, User] = {}
        self.products: dict[str, Product] = {}
        self.inventory: dict[tuple[str, str], InventoryRecord] = {}
        self.sku_sequence = 10000
        self.variant_attributes: dict[str, Row] = {}  # id -> row with a name (``variant_options`` refer to names)
        self.attribute_names: dict[str, str] = {}
        # every sale has a customer: walk-in sales get the retailer's default one (all recorded sales carry one)
        self.default_customer_id = new_id("customer", 0)
        self.listeners: list[Any] = []
        self._orders: dict[type, VersionOrder] = {}  # what by_version keeps, per row type asked for
        self._children: dict[str, list[Product]] = {}  # parent id -> variants (variant_parent_id never changes)
        self._children_seen = 0  # how many of self.products the index above has read
        self._records: dict[str, list[InventoryRecord]] = {}  # product id -> its inventory records, in order
        self._records_size = 0  # how many records the index above holds

    def emit(self, event: str, payload: Any) -> None:
        """Tell listeners about a change; ``payload`` is a dict or a callable building it (built only if wanted)."""
        for listener in self.listeners:
            listener(event, payload)

    def by_version(self, of: type, rows: Collection[Any]) -> tuple[list[Any], list[int]]:
        """``rows`` (every row of type ``of`` the store has) in version order, with the version of each entry.

        Kept up to date by :meth:`touch` (a touched row is appended: versions only grow), so a list page
        bisects instead of sorting. An entry whose row has been touched since is superseded
        (``row.version != versions[i]``): readers skip it (:func:`~stockgate.twins.lightspeed.paging.page`).
        """
        order = self._orders.get(of)
        if order is None or order.size != len(rows):  # first use, or rows that never passed through touch
            order = self._orders[of] = VersionOrder(rows)
        elif len(order.items) > 2 * order.size + 1024:
            order.compact()
        return order.items, order.versions

    def inventory_payload(self, rec: InventoryRecord) -> dict[str, Any]:
        """An inventory.update object, shaped like the 0.9 InventoryRecord (not 2.0)."""
        product, outlet = self.products.get(rec.product_id), self.outlets.get(rec.outlet_id)
        return {"id": rec.id, "product_id": rec.product_id, "outlet_id": rec.outlet_id,
                "outlet_name": outlet.name if outlet else "", "count": rec.level, "reorder_point": rec.reorder_point,
                "restock_level": rec.reorder_amount, "version": rec.version,
                "product": {"id": rec.product_id, "sku": product.sku if product else "",
                            "handle": product.handle if product else ""}}

    def product_changed(self, product: Product) -> None:
        """Stamp a product and emit product.update (0.9-shaped)."""
        self.touch(product)
        self.emit("product.update", {"id": product.id, "sku": product.sku, "handle": product.handle,
                                     "name": product.name, "active": product.active,
                                     "variant_parent_id": product.variant_parent_id or "",
                                     "retail_price": product.price_excluding_tax, "updated_at": product.updated_at})

    def make_id(self, kind: str) -> str:
        """The next deterministic id of ``kind``."""
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return new_id(kind, self.counters[kind])

    def touch(self, row: Row) -> Row:
        """Stamp ``row`` with a new global version and update time."""
        row.version = self.next_version
        self.next_version += 1
        order = self._orders.get(type(row))
        if order is not None:
            order.append(row)
        stamp = self.now()
        row.created_at = row.created_at or stamp
        row.updated_at = stamp
        return row

    # --- lookups ------------------------------------------------------------------------------
    def outlet(self, outlet_id: str) -> Outlet:
        """An outlet by id."""
        return live(self.outlets.get(outlet_id), "outlet")

    def product(self, product_id: str) -> Product:
        """A product by id."""
        return live(self.products.get(product_id), "product")

    def children(self, parent_id: str) -> list[Product]:
        """Variant children of ``parent_id`` (from an index of parents: products are never removed, only deleted)."""
        if self._children_seen != len(self.products):
            added = list(itertools.islice(reversed(self.products.values()), len(self.products) - self._children_seen))
            for product in reversed(added):
                if product.variant_parent_id is not None:
                    self._children.setdefault(product.variant_parent_id, []).append(product)
            self._children_seen = len(self.products)
        return [p for p in self._children.get(parent_id, ()) if not p.deleted_at]

    def has_variants(self, product: Product) -> bool:
        """A parent with at least one child."""
        return product.variant_parent_id is None and bool(self.children(product.id))

    def by_sku(self, sku: str) -> Product | None:
        """The live product with ``sku``."""
        return next((p for p in self.products.values() if p.sku == sku and not p.deleted_at), None)

    def next_sku(self) -> str:
        """The retailer's SKU sequence (``sku_generated_when_omitted``)."""
        self.sku_sequence += 1
        return str(self.sku_sequence)

    # --- inventory ----------------------------------------------------------------------------
    def record(self, product_id: str, outlet_id: str) -> InventoryRecord:
        """The inventory record of product x outlet (created at 0 on first use)."""
        key = (product_id, outlet_id)
        if key not in self.inventory:
            self.inventory[key] = InventoryRecord(id=self.make_id("inventory"), product_id=product_id,
                                                  outlet_id=outlet_id)
            self.touch(self.inventory[key])
            if self._records_size == len(self.inventory) - 1:  # the index is current: keep it so
                self._records.setdefault(product_id, []).append(self.inventory[key])
                self._records_size += 1
        return self.inventory[key]

    def records_of(self, product_id: str) -> list[InventoryRecord]:
        """A product's inventory records (deleted ones too), in the order they were made: from an index."""
        if self._records_size != len(self.inventory):  # first use, or records stored without record()
            self._records = {}
            for rec in self.inventory.values():
                self._records.setdefault(rec.product_id, []).append(rec)
            self._records_size = len(self.inventory)
        return list(self._records.get(product_id, ()))

    def level(self, product_id: str, outlet_id: str) -> float:
        """Current on-hand (0 when never stocked)."""
        found = self.inventory.get((product_id, outlet_id))
        return found.level if found else 0.0

    def adjust(self, product_id: str, outlet_id: str, delta: float) -> None:
        """Move on-hand by ``delta`` (negative levels allowed)."""
        if delta == 0:
            return
        rec = self.record(product_id, outlet_id)
        rec.level += delta
        self.touch(rec)
        self.emit("inventory.update", lambda: self.inventory_payload(rec))

    def set_level(self, product_id: str, outlet_id: str, level: float) -> None:
        """Set the absolute on-hand (``current_amount`` writes, stocktakes)."""
        rec = self.record(product_id, outlet_id)
        rec.level = float(level)
        self.touch(rec)
        self.emit("inventory.update", lambda: self.inventory_payload(rec))
