"""Consignments: supplier orders, outlet transfers, supplier returns and stocktakes.

Workflows are the 2.0 spec's text (LIGHTSPEED.md §2.6). Inventory effects come from the profile
fact ``consignments.inventory_effects``: a supplier order adds ``received`` at its outlet when
RECEIVED; a transfer takes ``count`` from the source outlet when SENT and adds ``received`` at
the destination when RECEIVED; a supplier return takes ``count`` when SENT; a completed stocktake
sets each included product to its counted ``received`` — and one created without products is
unfiltered, so completing it unchanged resets every product at the outlet to 0, as Lightspeed warns.
A completed stocktake keeps its count and cost gains (units counted above the level they replace, and
their cost) and losses (below it, negative); other consignments leave those totals null.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stockgate.twins.lightspeed.errors import invalid, number
from stockgate.twins.lightspeed.state import Row, Store, live

NEXT: Mapping[str, Mapping[str, set[str]]] = {
    "SUPPLIER": {"OPEN": {"SENT", "DISPATCHED", "RECEIVED", "CANCELLED"},
                 "SENT": {"DISPATCHED", "RECEIVED", "CANCELLED"}, "DISPATCHED": {"RECEIVED", "CANCELLED"}},
    "OUTLET": {"OPEN": {"SENT", "CANCELLED"}, "SENT": {"RECEIVED", "CANCELLED"}},
    "RETURN": {"OPEN": {"SENT", "CANCELLED"}},
    "STOCKTAKE": {"STOCKTAKE_SCHEDULED": {"STOCKTAKE_IN_PROGRESS", "CANCELLED"},
                  "STOCKTAKE_IN_PROGRESS": {"STOCKTAKE_IN_PROGRESS_PROCESSED", "STOCKTAKE_COMPLETE", "CANCELLED"},
                  "STOCKTAKE_IN_PROGRESS_PROCESSED": {"STOCKTAKE_COMPLETE", "CANCELLED"}},
}
START = {"SUPPLIER": {"OPEN", "SENT"}, "OUTLET": {"OPEN", "SENT"}, "RETURN": {"OPEN"},
         "STOCKTAKE": {"STOCKTAKE_SCHEDULED", "STOCKTAKE_IN_PROGRESS"}}


GAINS = ("total_count_gain", "total_cost_gain", "total_count_loss", "total_cost_loss")


@dataclass(slots=True, kw_only=True)
class Item:
    """A consignment product line (count, received and cost are strings on the wire)."""

    product_id: str
    count: float = 0.0
    received: float | None = None
    cost: float = 0.0
    is_included: bool = True
    version: int = 0
    created_at: str = ""
    updated_at: str = ""


@dataclass(slots=True, kw_only=True)
class Consignment(Row):
    """A stock order, transfer, supplier return or stocktake."""

    name: str
    type: str
    status: str
    outlet_id: str
    source_outlet_id: str | None = None
    supplier_id: str | None = None
    reference: str = ""
    supplier_invoice: str | None = None
    due_at: str | None = None
    received_at: str | None = None
    items: dict[str, Item] = field(default_factory=dict)
    gains: dict[str, float | None] = field(default_factory=lambda: dict.fromkeys(GAINS))



class Consignments:
    """Consignments of one retailer."""

    def __init__(self, store: Store) -> None:
        """None yet."""
        self.store = store
        self.rows: dict[str, Consignment] = {}

    def get(self, consignment_id: str) -> Consignment:
        """A consignment by id."""
        return live(self.rows.get(consignment_id), "consignment")

    def create(self, raw: Mapping[str, Any]) -> Consignment:
        """``POST /consignments``."""
        kind, name, outlet = str(raw.get("type")), raw.get("name"), raw.get("outlet_id")
        if kind not in NEXT:
            raise invalid(f"type must be one of {', '.join(NEXT)}")
        if not name or not outlet:
            raise invalid("name and outlet_id are required")
        self.store.outlet(str(outlet))
        # the workflow text starts counts at STOCKTAKE, which the status enum lacks: it is stored as SCHEDULED
        status = str(raw.get("status") or ("STOCKTAKE_SCHEDULED" if kind == "STOCKTAKE" else "OPEN"))
        status = "STOCKTAKE_SCHEDULED" if status == "STOCKTAKE" else status
        if status not in START[kind]:
            raise invalid(f"a {kind} consignment cannot be created as {status}")
        source = raw.get("source_outlet_id")
        if kind == "OUTLET":
            if not source or source == outlet:
                raise invalid("a transfer needs a source_outlet_id different from outlet_id")
            self.store.outlet(str(source))
        row = Consignment(id=self.store.make_id("consignment"), name=str(name), type=kind, status="OPEN",
                          outlet_id=str(outlet), source_outlet_id=str(source) if source else None,
                          supplier_id=raw.get("supplier_id"), reference=str(raw.get("reference") or ""),
                          supplier_invoice=_text(raw.get("supplier_invoice")), due_at=_text(raw.get("due_at")))
        row.status = status if kind == "STOCKTAKE" else "OPEN"
        self.rows[row.id] = row
        self.store.touch(row)
        if kind != "STOCKTAKE" and status != "OPEN":
            self.set_status(row, status)
        return row

    def put_item(self, row: Consignment, raw: Mapping[str, Any]) -> Item:
        """Add or change a product line; on a supplier order ``received`` accumulates once dispatched."""
        product_id = str(raw.get("product_id") or "")
        self.store.product(product_id)
        if row.status in {"RECEIVED", "CANCELLED", "STOCKTAKE_COMPLETE"}:
            raise invalid(f"a {row.status} consignment cannot change")
        item = row.items.setdefault(product_id, Item(product_id=product_id))
        if raw.get("count") is not None:
            item.count = number(raw["count"], "count")
        if raw.get("received") is not None:
            item.received = number(raw["received"], "received")
            if row.type == "SUPPLIER" and row.status in {"OPEN", "SENT"}:
                self.set_status(row, "DISPATCHED")  # "automatically marked as DISPATCHED"
        if raw.get("cost") is not None:
            item.cost = number(raw["cost"], "cost")
        if raw.get("is_included") is not None:
            item.is_included = bool(raw["is_included"])
        item.version = self.store.touch(row).version
        item.created_at = item.created_at or row.updated_at
        item.updated_at = row.updated_at
        return item

    def set_status(self, row: Consignment, status: str) -> None:
        """Move along the type's workflow and apply the inventory effect."""
        if status == row.status:
            return
        if status not in NEXT[row.type].get(row.status, set()):
            raise invalid(f"a {row.type} consignment cannot go from {row.status} to {status}")
        if row.type == "SUPPLIER" and status == "RECEIVED" and not any((i.received or 0) for i in row.items.values()):
            raise invalid("at least one product must have a non-zero received quantity")
        self._effect(row, status)
        row.status = status
        if status in {"RECEIVED", "STOCKTAKE_COMPLETE"}:
            row.received_at = self.store.now()
        self.store.touch(row)
        event = {"SENT": "consignment.send", "RECEIVED": "consignment.receive"}.get(status)
        if event:
            self.store.emit(event, {"id": row.id, "name": row.name, "type": row.type, "status": row.status,
                                    "outlet_id": row.outlet_id, "source_outlet_id": row.source_outlet_id or ""})

    def _effect(self, row: Consignment, status: str) -> None:
        store = self.store
        if row.type == "SUPPLIER" and status == "RECEIVED":
            for item in row.items.values():
                store.adjust(item.product_id, row.outlet_id, item.received or 0.0)
        elif row.type == "OUTLET" and status == "SENT" and row.source_outlet_id:
            for item in row.items.values():
                store.adjust(item.product_id, row.source_outlet_id, -item.count)
        elif row.type == "OUTLET" and status == "RECEIVED":
            for item in row.items.values():
                store.adjust(item.product_id, row.outlet_id, item.count if item.received is None else item.received)
        elif row.type == "RETURN" and status == "SENT":
            for item in row.items.values():
                store.adjust(item.product_id, row.outlet_id, -item.count)
        elif row.type == "STOCKTAKE" and status == "STOCKTAKE_COMPLETE":
            self._count(row)

    def _count(self, row: Consignment) -> None:
        store = self.store
        if row.items:
            counted = [(i.product_id, i.received or 0.0, i.cost) for i in row.items.values() if i.is_included]
        else:  # unfiltered: every tracked product at the outlet, counted as nothing
            counted = [(p.id, 0.0, 0.0) for p in store.products.values()
                       if p.has_inventory and not p.deleted_at and not store.has_variants(p)]
        gains: dict[str, float | None] = dict.fromkeys(GAINS, 0.0)
        for product_id, level, cost in counted:
            delta = level - store.level(product_id, row.outlet_id)
            side = "gain" if delta >= 0 else "loss"
            gains[f"total_count_{side}"] = (gains[f"total_count_{side}"] or 0.0) + delta
            gains[f"total_cost_{side}"] = (gains[f"total_cost_{side}"] or 0.0) + delta * (
                cost or store.product(product_id).supply_price)
            store.set_level(product_id, row.outlet_id, level)
        row.gains = gains


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)
