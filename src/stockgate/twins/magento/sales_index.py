"""The sales tables' search indexes: orders, invoices, shipments, credit memos and order lines.

Each table keeps its rows in insertion order (the order a scan answers them in) and one
:class:`~stockgate.twins.magento.search_index.FieldIndex` per field searches commonly filter or sort by.
``Sales`` adds a row when it stores one; an order or a document re-indexes itself whenever one of the
indexed attributes is assigned (``orders.Watched``), so no write path can leave an index behind. The
values indexed are the ones the search rows carry (``serialize.order_row`` omits a cleared status:
None here too); a test compares every index with the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sized
from typing import Any, Generic, TypeVar

from stockgate.twins.magento.orders import Document, Order, OrderItem
from stockgate.twins.magento.search_index import FieldIndex, IndexedTable

V = TypeVar("V")

ORDER_FIELDS: Mapping[str, Callable[[Order], Any]] = {
    "entity_id": lambda o: o.entity_id, "increment_id": lambda o: o.increment_id,
    "status": lambda o: o.status or None, "state": lambda o: o.state, "customer_email": lambda o: o.customer_email,
    "created_at": lambda o: o.created_at, "updated_at": lambda o: o.updated_at,
}
DOCUMENT_FIELDS: Mapping[str, Callable[[Document], Any]] = {
    "entity_id": lambda d: d.entity_id, "increment_id": lambda d: d.increment_id, "order_id": lambda d: d.order_id,
    "created_at": lambda d: d.created_at, "updated_at": lambda d: d.created_at,
}
LINE_FIELDS: Mapping[str, Callable[[tuple[Order, OrderItem]], Any]] = {
    "item_id": lambda p: p[1].item_id, "order_id": lambda p: p[0].entity_id, "sku": lambda p: p[1].sku,
    "product_id": lambda p: p[1].product_id, "product_type": lambda p: p[1].product_type,
    "created_at": lambda p: p[0].created_at,
}
"""An order line's fields that never change once the order is placed (``updated_at`` does: not indexed)."""
ORDER_READS: Mapping[str, tuple[str, ...]] = {name: (name,) for name in ORDER_FIELDS}
DOCUMENT_READS: Mapping[str, tuple[str, ...]] = {"entity_id": ("entity_id",), "increment_id": ("increment_id",),
                                                 "order_id": ("order_id",), "created_at": ("created_at", "updated_at")}
"""Attribute assigned → the indexed fields that read it: an assignment re-reads only those (a test checks
that every field is named and that the indexes still hold what the rows hold after each kind of write)."""


class Tracked(Generic[V]):
    """One table's rows in insertion order with their field indexes."""

    def __init__(self, fields: Mapping[str, Callable[[V], Any]],
                 reads: Mapping[str, tuple[str, ...]] | None = None) -> None:
        """Empty; ``fields[name](row)`` reads what the search row has under ``name``.

        ``reads``: attribute → the fields that read it, for :meth:`refresh` of one assignment.
        """
        self.fields = fields
        self.reads = reads or {}
        self.rows: list[V] = []
        self._at: dict[int, int] = {}
        self.indexes = {name: FieldIndex() for name in fields}

    def add(self, row: V) -> None:
        """Append ``row`` (once) and index it."""
        if id(row) in self._at:
            self.refresh(row)
            return
        self._at[id(row)] = len(self.rows)
        self.rows.append(row)
        self.refresh(row)

    def refresh(self, row: V, attribute: str | None = None) -> None:
        """Re-read ``row``'s indexed fields: those that read ``attribute`` when the row says which it assigned.

        An order assigns its status, state and updated_at one by one on every save: re-reading all seven
        fields each time was a tenth of a busy day's twin work.
        """
        at = self._at.get(id(row))
        if at is None:
            return
        names = self.reads.get(attribute, self.fields) if attribute is not None else self.fields
        for name in names:
            self.indexes[name].set(at, self.fields[name](row))

    def table(self, build: Callable[[V], dict[str, Any]]) -> IndexedTable:
        """The rows as a searchable table (``build`` makes a row only for what a search reads)."""
        return IndexedTable(self.rows, build, self.indexes)


class SalesIndex:
    """The indexes of one store's sales tables."""

    def __init__(self) -> None:
        """Empty."""
        self.orders: Tracked[Order] = Tracked(ORDER_FIELDS, ORDER_READS)
        self.lines: Tracked[tuple[Order, OrderItem]] = Tracked(LINE_FIELDS)
        self.documents: dict[str, Tracked[Document]] = {k: Tracked(DOCUMENT_FIELDS, DOCUMENT_READS)
                                                        for k in ("invoice", "shipment", "creditmemo")}

    def add_order(self, order: Order) -> None:
        """A newly stored order and its lines."""
        self.orders.add(order)
        order.watcher = self.orders.refresh
        for line in order.items:
            self.lines.add((order, line))

    def add_document(self, doc: Document) -> None:
        """A newly stored invoice, shipment or credit memo."""
        tracked = self.documents[doc.kind]
        tracked.add(doc)
        doc.watcher = tracked.refresh

    def current(self, orders: Mapping[int, Order], documents: Mapping[str, Mapping[int, Document]]) -> SalesIndex:
        """Itself, rebuilt first if a table holds rows that were stored without it (never, through ``Sales``)."""
        if not _same(self.orders.rows, orders) or any(not _same(self.documents[k].rows, documents[k])
                                                      for k in self.documents):
            self.__init__()  # type: ignore[misc]  # start over from the tables themselves
            for order in orders.values():
                self.add_order(order)
            for table in documents.values():
                for doc in table.values():
                    self.add_document(doc)
        return self


def _same(rows: Sized, table: Sized) -> bool:
    return len(rows) == len(table)
