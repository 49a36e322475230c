"""Stock adjustments, custom adjustment reasons and reorder points (the date versions' inventory writes).

The rules are the profile fact ``inventory.stock_adjustments`` (the 2026-07 document's words): a
batch holds 1 to ``batch_max`` adjustments; ``quantity`` is a numeric string, negative for the
``negative`` reasons, positive for the ``positive`` ones, and for CUSTOM of the sign its custom
reason's ``type`` says (the reason is named only then). An adjustment moves the on-hand of its
product at its outlet by ``quantity``. A batch is checked whole before any of it is applied
(``atomic_batches``); a profile saying otherwise is not modelled (501).
Reorder points are FIXED (point + amount) or MIN_MAX (point + target), and one method holds for
a product at every outlet and across its variant family.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stockgate.twins.lightspeed.errors import LightspeedError, invalid, not_found, number
from stockgate.twins.lightspeed.state import Product, Row, Store

BATCH_MAX = 1000  # reorder points per request (the 2026-07 document: 1-1000 entries)
_NUMERIC = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*\Z")


@dataclass(slots=True, kw_only=True)
class CustomReason(Row):
    """A retailer's own adjustment reason (``type`` POSITIVE or NEGATIVE)."""

    name: str
    type: str
    enabled: bool = True


@dataclass(slots=True, kw_only=True)
class StockAdjustment(Row):
    """One recorded adjustment."""

    product_id: str
    outlet_id: str
    quantity: str
    reason: str
    user_id: str
    custom_reason_id: str | None = None


class Adjustments:
    """Adjustments and custom reasons of one retailer, applied to its :class:`Store`."""

    def __init__(self, store: Store) -> None:
        """None yet."""
        self.store = store
        self.reasons: dict[str, CustomReason] = {}
        self.rows: dict[str, StockAdjustment] = {}

    def add_reason(self, raw: Mapping[str, Any]) -> CustomReason:
        """A new custom reason (name, type and enabled are required)."""
        name, kind = str(raw.get("name") or "").strip(), raw.get("type")
        if not name or kind not in {"POSITIVE", "NEGATIVE"} or not isinstance(raw.get("enabled"), bool):
            raise invalid("name, type (POSITIVE or NEGATIVE) and enabled are required")
        reason = CustomReason(id=self.store.make_id("adjustment_reason"), name=name, type=str(kind),
                              enabled=bool(raw["enabled"]))
        self.reasons[reason.id] = reason
        self.store.touch(reason)
        return reason

    def reason(self, reason_id: str) -> CustomReason:
        """A custom reason by id."""
        found = self.reasons.get(reason_id)
        if found is None:
            raise not_found("custom inventory adjustment reason")
        return found

    def record(self, items: Any, user_id: str, rules: Mapping[str, Any]) -> list[StockAdjustment]:
        """Check a whole batch, then apply it; the new adjustments in order (``rules``: the profile fact)."""
        if not rules.get("atomic_batches"):
            raise LightspeedError(501, "stockgate twin: only batches applied whole are modelled (profile fact "
                                  "inventory.stock_adjustments, atomic_batches)")
        limit = int(rules["batch_max"])
        if not isinstance(items, list) or not 1 <= len(items) <= limit:
            raise invalid(f"stock_adjustments must hold 1 to {limit} adjustments")
        checked = [self._check(raw, n, rules) for n, raw in enumerate(items)]
        made = []
        for product, outlet, quantity, reason, custom in checked:
            row = StockAdjustment(id=self.store.make_id("stock_adjustment"), product_id=product.id, outlet_id=outlet,
                                  quantity=quantity, reason=reason, user_id=user_id, custom_reason_id=custom)
            self.store.adjust(product.id, outlet, float(quantity))
            self.rows[row.id] = row
            self.store.touch(row)
            made.append(row)
        return made

    def _check(self, raw: Any, n: int, rules: Mapping[str, Any]) -> tuple[Product, str, str, str, str | None]:
        if not isinstance(raw, dict):
            raise invalid(f"stock_adjustments[{n}] must be an object")
        product = self.store.product(str(raw.get("product_id") or ""))
        if not product.has_inventory:
            raise invalid(f"stock_adjustments[{n}]: product {product.id} does not track inventory")
        outlet = self.store.outlet(str(raw.get("outlet_id") or "")).id
        quantity, reason = raw.get("quantity"), raw.get("reason")
        if not isinstance(quantity, str) or not _NUMERIC.match(quantity) or float(quantity) == 0:
            raise invalid(f"stock_adjustments[{n}].quantity must be a non-zero numeric string such as \"-3\"")
        custom = raw.get("custom_inventory_adjustment_reason_id")
        sign = self._sign(str(reason), custom, n, rules)
        if (float(quantity) > 0) != (sign > 0):
            side = "positive" if sign > 0 else "negative"
            raise invalid(f"stock_adjustments[{n}]: a {reason} adjustment must be {side}")
        return product, outlet, quantity.strip(), str(reason), str(custom) if custom else None

    def _sign(self, reason: str, custom: Any, n: int, rules: Mapping[str, Any]) -> int:
        if reason == "CUSTOM":
            if not custom:
                raise invalid(f"stock_adjustments[{n}]: custom_inventory_adjustment_reason_id is required for CUSTOM")
            found = self.reasons.get(str(custom))
            if found is None or not found.enabled:
                raise invalid(f"stock_adjustments[{n}]: {custom} is not an enabled custom reason")
            return 1 if found.type == "POSITIVE" else -1
        if custom:
            raise invalid(f"stock_adjustments[{n}]: custom_inventory_adjustment_reason_id is only for CUSTOM")
        negative, positive = set(rules["negative"]), set(rules["positive"])
        if reason not in negative | positive:
            raise invalid(f"stock_adjustments[{n}].reason must be one of {', '.join(sorted(negative | positive))}, "
                          "CUSTOM")
        return 1 if reason in positive else -1


def set_reorder_points(store: Store, entries: Any) -> list[dict[str, Any]]:
    """``POST /inventory/reorder_points``: check every entry, then set them; the entries as set."""
    if not isinstance(entries, list) or not 1 <= len(entries) <= BATCH_MAX:
        raise invalid(f"the body must be a list of 1 to {BATCH_MAX} reorder points")
    checked = [_reorder_entry(store, raw, n) for n, raw in enumerate(entries)]
    methods: dict[str, str] = {}
    for entry in checked:
        product = store.product(entry["product_id"])
        family = product.variant_parent_id or product.id
        for key in (product.id, family):
            if methods.setdefault(key, entry["method"]) != entry["method"]:
                raise invalid(f"product {product.id}: one reorder method for every outlet and its whole variant family")
        _same_as_stored(store, product, entry["method"], {(e["product_id"], e["outlet_id"]) for e in checked})
    for entry in checked:
        rec = store.record(entry["product_id"], entry["outlet_id"])
        rec.reorder_method, rec.reorder_point = entry["method"], entry["reorder_point"]
        rec.reorder_amount, rec.reorder_target = entry.get("reorder_amount"), entry.get("reorder_target")
        store.touch(rec)
    return checked


def _reorder_entry(store: Store, raw: Any, n: int) -> dict[str, Any]:
    if not isinstance(raw, dict) or raw.get("method") not in {"FIXED", "MIN_MAX"}:
        raise invalid(f"[{n}].method must be FIXED or MIN_MAX")
    second = "reorder_amount" if raw["method"] == "FIXED" else "reorder_target"
    product = store.product(str(raw.get("product_id") or ""))
    entry = {"method": raw["method"], "outlet_id": store.outlet(str(raw.get("outlet_id") or "")).id,
             "product_id": product.id}
    for key in ("reorder_point", second):
        if raw.get(key) is None:
            raise invalid(f"[{n}].{key} is required for {raw['method']}")
        entry[key] = number(raw[key], key)
    return entry


def _same_as_stored(store: Store, product: Product, method: str, batch: set[tuple[str, str]]) -> None:
    """The method must match what the product's other outlets and its family keep (outside this batch)."""
    family = product.variant_parent_id or product.id
    members = {p.id for p in store.products.values() if family in {p.id, p.variant_parent_id}}
    for key, rec in store.inventory.items():
        if key[0] in members and key not in batch and rec.reorder_method not in (None, method):
            raise invalid(f"product {product.id}: its family already uses {rec.reorder_method} reorder points")
