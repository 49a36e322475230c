"""Magento MSI inventory and catalog as plain Python: no HTTP, no clock of its own.

The arithmetic follows MAGENTO.md §3 (MSI ``GetProductSalableQty``, ``SourceDeductionService``,
reservations): salable quantity per stock = Σ quantity of in-stock source items over *enabled*
sources linked to the stock + Σ reservations - out-of-stock threshold. Reservations are
append-only rows; a completed order's rows sum to 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from stockgate.twins.magento import geo, pickup
from stockgate.twins.magento.bundle import BundleOption
from stockgate.twins.magento.bundle import salable as bundle_salable
from stockgate.twins.magento.catalog_eav import CatalogEav
from stockgate.twins.magento.custom_options import CustomOption
from stockgate.twins.magento.downloadable import DownloadableLink, DownloadableSample
from stockgate.twins.magento.errors import MagentoError, input_error, not_found
from stockgate.twins.magento.extensions import ExtensionAttribute
from stockgate.twins.magento.gallery import MediaEntry, ProductLink
from stockgate.twins.magento.pricing import TaxRules
from stockgate.twins.magento.search import KeyLog, Table

DEFAULT_SOURCE = "default"
DEFAULT_STOCK = 1
IN_STOCK, OUT_OF_STOCK = 1, 0


@dataclass(slots=True, kw_only=True)
class Reservation:
    """One append-only reservation row (not exposed by the Web API; read by oracles)."""

    reservation_id: int
    stock_id: int
    sku: str
    quantity: float
    event_type: str
    object_id: str


@dataclass(slots=True, kw_only=True)
class Product:
    """A catalog product; ``children`` only for configurable parents."""

    id: int
    sku: str
    name: str
    type_id: str = "simple"
    price: float = 0.0
    status: int = 1
    visibility: int = 4
    attribute_set_id: int = 4
    weight: float | None = 1.0
    min_qty: float = 0.0  # the out-of-stock threshold
    children: list[str] = field(default_factory=list)
    configurable_attributes: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)  # select attributes: code -> option label
    values: dict[str, str] = field(default_factory=dict)  # other user-defined values a save stored, as stored
    website_ids: list[int] = field(default_factory=lambda: [1])
    created_at: str = ""
    updated_at: str = ""
    tax_class_id: int = 2  # Taxable Goods, the class Magento's product form defaults to
    description: str | None = None
    url_key: str | None = None  # None: derived from the name, as Magento does on save
    category_ids: list[int] = field(default_factory=list)
    media: list[MediaEntry] = field(default_factory=list)  # its image gallery, in position order
    links: list[ProductLink] = field(default_factory=list)  # related, up-sell and cross-sell products
    options: list[CustomOption] = field(default_factory=list)  # its custom options (twins.magento.custom_options)
    bundle_options: list[BundleOption] = field(default_factory=list)  # a bundle's options (twins.magento.bundle)
    bundle_price_type: int | None = None  # a bundle's price_type attribute: 1 fixed, otherwise dynamic
    downloadable_links: list[DownloadableLink] = field(default_factory=list)  # (twins.magento.downloadable)
    downloadable_samples: list[DownloadableSample] = field(default_factory=list)

    @property
    def composite(self) -> bool:
        """Configurable and bundle parents have no source items of their own."""
        return self.type_id in {"configurable", "bundle", "grouped"}


class Inventory:
    """Sources, stocks, links, source items, reservations and the catalog of one store."""

    def __init__(self) -> None:
        """An empty store with Magento's default source and stock."""
        self.sources: dict[str, dict[str, Any]] = {}
        self.stocks: dict[int, dict[str, Any]] = {}
        self.links: dict[tuple[int, str], int] = {}  # (stock_id, source_code) -> priority
        self.items: dict[tuple[str, str], dict[str, Any]] = {}  # (sku, source_code) -> {quantity, status}
        self.products: dict[str, Product] = {}
        # what lists page and filter by without a scan (search.Table): kept by the methods that add and remove
        self.item_log: KeyLog[tuple[str, str]] = KeyLog()  # source items in self.items' order
        self.items_of: dict[str, dict[str, None]] = {}  # sku -> its source codes, in order
        self.product_log: KeyLog[str] = KeyLog()  # SKUs in self.products' order
        self.reservations: list[Reservation] = []
        self._reserved: dict[tuple[str, int], float] = {}  # (sku, stock_id) -> Σ reservations: salable is O(1)
        self.websites: dict[str, int] = {"base": 1}  # website code -> id
        self.stores: dict[str, str] = {"default": "base"}  # store code -> website code
        self._next_product_id = 1
        self._next_media_id = 1
        self.counters: dict[str, int] = {}  # auto-increments by table (custom options, their values)
        self.media_files: dict[str, tuple[bytes, str]] = {}  # file -> (bytes, MIME type) written through the API
        self.attribute_ids: dict[str, int] = {}  # attribute code -> attribute id (configurable options)
        self.option_ids: dict[tuple[str, str], int] = {}  # (attribute code, label) -> option value id
        self.tax = TaxRules()  # the seed's tax rules (none: no tax)
        self.categories: dict[int, str] = {}  # category id -> name (the seed's catalog tree under root 2)
        self.notify_settings: dict[tuple[str, str], float] = {}  # (sku, source) -> low-quantity notify qty
        self.category_positions: dict[tuple[int, str], int] = {}  # (category, sku) -> position set by a link save
        self.legacy_settings: dict[str, dict[str, Any]] = {}  # sku -> legacy stock item settings (legacy_stock)
        self.eav = CatalogEav()  # attribute options, configurable options and costs written since the seed
        self.extension_attributes: list[ExtensionAttribute] = []  # a seed's pretend modules (twins.magento.extensions)
        self.geo = geo.GeoData()  # the distance provider chosen and geonames imported (a seed's ``distance``)
        self.add_source({"source_code": DEFAULT_SOURCE, "name": "Default Source", "enabled": True,
                         "country_id": "US", "postcode": "00000"})
        self.stocks[DEFAULT_STOCK] = {"stock_id": DEFAULT_STOCK, "name": "Default Stock",
                                      "sales_channels": [{"type": "website", "code": "base"}]}
        self.links[(DEFAULT_STOCK, DEFAULT_SOURCE)] = 1

    # --- sources, stocks, links -------------------------------------------------------------
    def add_source(self, source: dict[str, Any]) -> None:
        """Create or replace a source (``source_code`` keyed), as MSI's validator chain and plugins save it.

        Every validator's errors come in one ``Validation Failed``; in-store pickup's plugin and validators
        act as ``twins.magento.pickup`` says; a source without coordinates gets its address's when the
        offline distance provider knows it (``FillSourceLatitudeAndLongitude``, failing silently).
        """
        code = str(source.get("source_code") or "").strip()
        errors = [] if code else [{"message": '"%field" can not be empty.', "parameters": {"field": "source_code"}}]
        errors += [{"message": '"%field" can not be empty.', "parameters": {"field": required}}
                   for required in ("name", "country_id", "postcode") if not source.get(required)]
        errors += pickup.refusals({**source, "source_code": code}, DEFAULT_SOURCE)
        if errors:
            raise MagentoError(400, "Validation Failed", errors=errors)
        merged = {"enabled": True, "use_default_carrier_config": True, "carrier_links": [], **source,
                  "source_code": code}
        self.sources[code] = self._located(pickup.saved(merged, self.sources.get(code)))

    def _located(self, source: dict[str, Any]) -> dict[str, Any]:
        """The source with its address's coordinates from the imported geonames, when it has none."""
        if source.get("latitude") or source.get("longitude") or self.geo.provider != "offline":
            return source
        address = {"country": str(source.get("country_id") or ""), "postcode": str(source.get("postcode") or ""),
                   "street": str(source.get("street") or ""), "region": str(source.get("region") or ""),
                   "city": str(source.get("city") or "")}
        found = geo.first_geoname(self.geo, address)
        if found is None:
            return source
        return {**source, "latitude": found[0], "longitude": found[1]}

    def source(self, code: str) -> dict[str, Any]:
        """A source by code; 404 as Magento answers."""
        if code not in self.sources:
            raise MagentoError(404, 'Source item with code "%value" does not exist.', {"value": code})
        return self.sources[code]

    def add_stock(self, stock: dict[str, Any], stock_id: int | None = None) -> int:
        """Create (``stock_id`` None) or replace a stock; sales channels move to it."""
        name = str(stock.get("name") or "").strip()
        if not name:
            raise MagentoError(400, "Validation Failed", errors=[
                {"message": '"%field" can not be empty.', "parameters": {"field": "name"}}])
        sid = stock_id or max(self.stocks, default=0) + 1
        channels = list((stock.get("extension_attributes") or {}).get("sales_channels") or
                        stock.get("sales_channels") or [])
        for other in self.stocks.values():  # a website belongs to one stock
            if other["stock_id"] != sid:
                other["sales_channels"] = [c for c in other["sales_channels"] if c not in channels]
        self.stocks[sid] = {"stock_id": sid, "name": name, "sales_channels": channels}
        return sid

    def stock(self, stock_id: int) -> dict[str, Any]:
        """A stock by id; 404 as Magento answers."""
        if stock_id not in self.stocks:
            raise MagentoError(404, 'Stock with id "%value" does not exist.', {"value": stock_id})
        return self.stocks[stock_id]

    def delete_stock(self, stock_id: int) -> None:
        """Delete a stock; the default stock cannot be deleted."""
        self.stock(stock_id)
        if stock_id == DEFAULT_STOCK:
            raise input_error("Default Stock could not be deleted.")
        del self.stocks[stock_id]
        for key in [k for k in self.links if k[0] == stock_id]:
            del self.links[key]

    def link(self, stock_id: int, source_code: str, priority: int) -> None:
        """Assign a source to a stock with a priority (lower = first)."""
        self.stock(stock_id)
        self.source(source_code)
        self.links[(stock_id, source_code)] = priority

    def unlink(self, stock_id: int, source_code: str) -> None:
        """Unassign a source from a stock (the default pair cannot be unlinked)."""
        if (stock_id, source_code) == (DEFAULT_STOCK, DEFAULT_SOURCE):
            raise input_error("Can not unassign default source from default stock")
        self.links.pop((stock_id, source_code), None)

    def sources_by_priority(self, stock_id: int) -> list[dict[str, Any]]:
        """Sources linked to ``stock_id`` ordered by priority (empty for an unknown stock)."""
        linked = sorted((p, code) for (sid, code), p in self.links.items() if sid == stock_id)
        return [self.sources[code] for _p, code in linked if code in self.sources]

    def stock_for_website(self, website: str) -> int:
        """The stock whose sales channels include ``website`` (stock-resolver)."""
        for sid, stock in sorted(self.stocks.items()):
            if {"type": "website", "code": website} in stock["sales_channels"]:
                return sid
        raise MagentoError(404, 'No linked stock found')

    def stock_for_store(self, store: str | None) -> int:
        """The stock serving a store view code (``default`` when None or ``all``)."""
        code = "default" if store in (None, "all") else store
        return self.stock_for_website(self.stores.get(code, "base"))

    # --- products -----------------------------------------------------------------------------
    def next_media_id(self, count: int) -> int:
        """The first of ``count`` new gallery entry ids (``value_id``s run across products)."""
        first = self._next_media_id
        self._next_media_id += count
        return first

    def next_id(self, table: str) -> int:
        """The next auto-increment id of ``table`` (``catalog_product_option`` …), from 1."""
        self.counters[table] = self.counters.get(table, 0) + 1
        return self.counters[table]

    def add_product(self, product: Product) -> Product:
        """Create a product (ids assigned in order)."""
        product.id = self._next_product_id
        self._next_product_id += 1
        self.products[product.sku] = product
        self.product_log.add(product.sku)
        return product

    def delete_product(self, sku: str) -> None:
        """Remove a product with its source items, legacy settings and place among a parent's children.

        On a real store the ``inventory.source.items.cleanup`` consumer removes the source items later
        (``catalog.product_delete``); reservations stay.
        """
        self.product(sku)
        del self.products[sku]
        self.product_log.remove(sku)
        self.legacy_settings.pop(sku, None)
        for parent in self.products.values():
            if sku in parent.children:
                parent.children.remove(sku)
            for option in parent.bundle_options:  # the selection rows go with the product (foreign key)
                option.selections[:] = [s for s in option.selections if s.sku != sku]
        for code in list(self.items_of.get(sku, ())):
            self.delete_source_item(sku, code)

    def product(self, sku: str) -> Product:
        """A product by SKU; the 404 Magento's ProductRepository answers."""
        if sku not in self.products:
            raise not_found("product")
        return self.products[sku]

    def option_id(self, attribute: str, label: Any) -> int:
        """The option value id of ``label`` for ``attribute`` (assigned on first use)."""
        key = (attribute, str(label))
        if key not in self.option_ids:
            self.option_ids[key] = 5000 + len(self.option_ids)
        return self.option_ids[key]

    def parent_of(self, sku: str) -> Product | None:
        """The configurable parent that lists ``sku`` as a child."""
        return next((p for p in self.products.values() if sku in p.children), None)

    # --- source items -------------------------------------------------------------------------
    def set_source_item(self, sku: str, source_code: str, quantity: float, status: int) -> None:
        """Store the absolute quantity of ``sku`` at ``source_code``."""
        self._item((sku, source_code))
        self.items[(sku, source_code)] = {"sku": sku, "source_code": source_code,
                                          "quantity": float(quantity), "status": int(status)}

    def _item(self, key: tuple[str, str]) -> None:
        """Index a source item about to be stored (a known one keeps its place)."""
        if key not in self.items:
            self.item_log.add(key)
            self.items_of.setdefault(key[0], {})[key[1]] = None

    def delete_source_item(self, sku: str, source_code: str) -> None:
        """Unassign ``sku`` from ``source_code`` (its quantity is gone)."""
        if self.items.pop((sku, source_code), None) is not None:
            self.item_log.remove((sku, source_code))
            codes = self.items_of[sku]
            del codes[source_code]
            if not codes:
                del self.items_of[sku]

    def source_item_table(self, build: Callable[[dict[str, Any]], dict[str, Any]]) -> Table:
        """Every source item as a search :class:`~stockgate.twins.magento.search.Table` (indexed by SKU)."""
        keys, log = self.item_log.keys(), self.item_log

        def lookup(field: str, value: str) -> list[int] | None:
            if field != "sku":
                return None
            return [n for n in (log.position((value, code)) for code in self.items_of.get(value, ())) if n is not None]

        return Table(keys, lambda key: build(self.items[key]), lookup)

    def product_table(self, build: Callable[[Product], dict[str, Any]]) -> Table:
        """Every product as a search :class:`~stockgate.twins.magento.search.Table` (indexed by SKU)."""
        keys, log = self.product_log.keys(), self.product_log

        def lookup(field: str, value: str) -> list[int] | None:
            if field != "sku":
                return None
            found = log.position(value)
            return [] if found is None else [found]

        return Table(keys, lambda sku: build(self.products[sku]), lookup)

    def source_item_rows(self) -> list[dict[str, Any]]:
        """Every source item, in insertion order, as search rows."""
        return [dict(row) for row in self.items.values()]

    # --- reservations and salable quantity ----------------------------------------------------
    def reserve(self, stock_id: int, sku: str, quantity: float, event_type: str, object_id: str) -> None:
        """Append a reservation (negative reserves, positive compensates)."""
        if quantity == 0:
            return
        self.reservations.append(Reservation(reservation_id=len(self.reservations) + 1, stock_id=stock_id,
                                             sku=sku, quantity=float(quantity), event_type=event_type,
                                             object_id=object_id))
        self._reserved[(sku, stock_id)] = self._reserved.get((sku, stock_id), 0.0) + float(quantity)

    def reservations_for(self, *, sku: str | None = None, stock_id: int | None = None,
                         object_id: str | None = None) -> list[Reservation]:
        """Reservation rows filtered by SKU, stock and object (order id)."""
        return [r for r in self.reservations if (sku is None or r.sku == sku)
                and (stock_id is None or r.stock_id == stock_id) and (object_id is None or r.object_id == object_id)]

    def reserved(self, sku: str, stock_id: int) -> float:
        """Σ reservations of ``sku`` on ``stock_id`` (kept as they are appended: a week of orders stays cheap)."""
        return self._reserved.get((sku, stock_id), 0.0)

    def physical_quantity(self, sku: str, stock_id: int) -> float:
        """Σ quantity of in-stock items of ``sku`` over enabled sources linked to ``stock_id``."""
        total = 0.0
        for source in self.sources_by_priority(stock_id):
            row = self.items.get((sku, source["source_code"]))
            if row and row["status"] == IN_STOCK and source.get("enabled", True):
                total += row["quantity"]
        return total

    def salable_quantity(self, sku: str, stock_id: int) -> float:
        """``get-product-salable-quantity``: physical + Σ reservations - threshold (never below 0)."""
        product = self.products.get(sku)
        if product is not None and product.composite:
            raise input_error("Can't check requested quantity for products without Source Items support.")
        self.stock(stock_id)
        threshold = product.min_qty if product else 0.0
        reserved = self.reserved(sku, stock_id)
        return max(0.0, self.physical_quantity(sku, stock_id) + reserved - threshold)

    def is_salable(self, sku: str, stock_id: int) -> bool:
        """``is-product-salable``: composite parents ask their children; others need salable > 0."""
        product = self.products.get(sku)
        if product is not None and product.type_id == "bundle":  # catalog.bundle_options salable
            return bundle_salable(product.bundle_options, lambda child: self.is_salable(child, stock_id))
        if product is not None and product.composite:
            return any(self.is_salable(child, stock_id) for child in product.children)
        if stock_id not in self.stocks or not any(
                self.items.get((sku, s["source_code"]), {}).get("status") == IN_STOCK
                for s in self.sources_by_priority(stock_id)):
            return False
        return self.salable_quantity(sku, stock_id) > 0

    # --- source deduction ---------------------------------------------------------------------
    def deduct(self, sku: str, source_code: str, quantity: float) -> None:
        """SourceDeductionService: take ``quantity`` off a source; refuses to go below zero."""
        row = self.items.get((sku, source_code))
        if row is None or row["quantity"] < quantity - 1e-9:
            raise input_error("Not all of your products are available in the requested quantity.")
        row["quantity"] -= quantity
        threshold = self.products[sku].min_qty if sku in self.products else 0.0
        if row["quantity"] <= threshold:  # MSI GetSourceStockStatus: at or below the threshold is out of stock
            row["status"] = OUT_OF_STOCK

    def add_back(self, sku: str, source_code: str, quantity: float) -> None:
        """A return to a source (a negative deduction); back in stock above the threshold."""
        self._item((sku, source_code))
        row = self.items.setdefault((sku, source_code), {"sku": sku, "source_code": source_code,
                                                         "quantity": 0.0, "status": OUT_OF_STOCK})
        row["quantity"] += quantity
        threshold = self.products[sku].min_qty if sku in self.products else 0.0
        if row["quantity"] > threshold:  # cataloginventory/options/can_back_in_stock = 1 (M2 config.xml)
            row["status"] = IN_STOCK

    def priority_selection(self, stock_id: int, wanted: Iterable[tuple[str, float]]) -> list[dict[str, Any]]:
        """The ``priority`` source-selection algorithm: fill each SKU from sources in priority order."""
        rows: list[dict[str, Any]] = []
        for sku, qty in wanted:
            left = qty
            for source in self.sources_by_priority(stock_id):
                if not source.get("enabled", True):
                    continue
                item = self.items.get((sku, source["source_code"]))
                available = item["quantity"] if item and item["status"] == IN_STOCK else 0.0
                take = min(left, available)
                rows.append({"source_code": source["source_code"], "sku": sku, "qty_to_deduct": take,
                             "qty_available": available})
                left -= take
            if left > 1e-9:
                rows.append({"source_code": "", "sku": sku, "qty_to_deduct": 0.0, "qty_available": 0.0,
                             "shortage": left})
        return rows
