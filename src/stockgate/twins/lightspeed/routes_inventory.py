"""Date-version inventory routes: stock adjustments, custom adjustment reasons, reorder points, inventory levels.

Inventory levels page by ``offset`` + ``size`` (default 100, at most ``pagination.page_size_caps``
``inventory_levels``) and filter by product, root product (mutually exclusive), location and
supplier; inactive products only with ``include_inactive``; ``group_variants`` with
``root_product_ids`` sums each family at each outlet (the document's words).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import shapes
from stockgate.twins.lightspeed.adjustments import set_reorder_points
from stockgate.twins.lightspeed.errors import invalid
from stockgate.twins.lightspeed.routes_core import listing
from stockgate.twins.lightspeed.state import InventoryRecord, Store
from stockgate.twins.web import Response

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp

SORTS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "total_count": lambda r: r["current_inventory_level"], "total_cost": lambda r: r["total_cost"],
    "average_cost": lambda r: r["average_cost"], "reorder_point": lambda r: r.get("reorder_threshold") or 0,
    "reorder_amount": lambda r: r.get("reorder_amount") or 0, "product_name": lambda r: r["name"],
}


def create_adjustments(call: Call) -> Any:
    """``POST /stock_adjustments``: 201 with the recorded adjustments."""
    rules = call.api.profile.value("inventory.stock_adjustments")
    made = call.twin.adjustments.record(call.obj().get("stock_adjustments"), call.user_id, rules)
    return Response(status=201, body={"data": [shapes.stock_adjustment(a) for a in made]})


def update_reason(call: Call) -> Any:
    """``PUT /custom_inventory_adjustment_reasons/{id}``: name and/or enabled."""
    reason, raw = call.twin.adjustments.reason(call.params["custom_reason_id"]), call.obj()
    if raw.get("name") is not None:
        if not str(raw["name"]).strip():
            raise invalid("name may not be empty")
        reason.name = str(raw["name"]).strip()
    if raw.get("enabled") is not None:
        reason.enabled = bool(raw["enabled"])
    call.twin.store.touch(reason)
    return {"data": shapes.adjustment_reason(reason)}


def _ids(raw: dict[str, Any], key: str) -> set[str] | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > 1000:
        raise invalid(f"{key} must be a list of at most 1000 ids")
    return {str(v) for v in value}


def _records(store: Store, raw: dict[str, Any], only: str | None = None) -> list[InventoryRecord]:
    """Records passing the body's filters (``only``: one product's)."""
    products, roots = _ids(raw, "product_ids"), _ids(raw, "root_product_ids")
    if products is not None and roots is not None:
        raise invalid("product_ids and root_product_ids are mutually exclusive")
    places, suppliers = _ids(raw, "location_ids"), _ids(raw, "supplier_ids")
    out = []
    for rec in store.inventory.values():
        product = store.products.get(rec.product_id)
        if product is None or product.deleted_at or rec.deleted_at or not product.has_inventory:
            continue
        wanted = ((products, product.id), (roots, product.variant_parent_id or product.id), (places, rec.outlet_id),
                  (suppliers, product.supplier_id or ""), ({only} if only else None, product.id))
        procured = not raw.get("to_be_procured_only") or rec.level < 0
        if all(want is None or have in want for want, have in wanted) and procured and (
                product.active or raw.get("include_inactive")):
            out.append(rec)
    return out


def _levels(store: Store, records: list[InventoryRecord], grouped: bool) -> list[dict[str, Any]]:
    if not grouped:
        return [shapes.inventory_level(store, [r], r.product_id) for r in records]
    families: dict[tuple[str, str], list[InventoryRecord]] = {}
    for rec in records:
        product = store.products[rec.product_id]
        families.setdefault((product.variant_parent_id or product.id, rec.outlet_id), []).append(rec)
    return [shapes.inventory_level(store, rows, root) for (root, _outlet), rows in families.items()]


def inventory_levels(call: Call) -> Any:
    """``POST /inventory_levels``: a bare array of levels, sorted and paged by offset."""
    raw = call.obj() if call.request.body.strip() else {}
    size, offset = raw.get("size", 100), raw.get("offset", 0)
    cap = call.api.cap("inventory_levels")
    if not isinstance(size, int) or not 1 <= size <= cap or not isinstance(offset, int) or offset < 0:
        raise invalid(f"size must be an integer from 1 to {cap}, offset a non-negative integer")
    sort = str(raw.get("sort_type") or "total_count")
    if sort not in SORTS and sort != "created_at":
        raise invalid(f"sort_type must be one of {', '.join([*SORTS, 'created_at'])}")
    store = call.twin.store
    records = _records(store, raw)
    if sort == "created_at":
        records.sort(key=lambda r: r.created_at, reverse=raw.get("sort_direction") == "desc")
    rows = _levels(store, records, bool(raw.get("group_variants")) and raw.get("root_product_ids") is not None)
    if sort != "created_at":
        rows.sort(key=SORTS[sort], reverse=raw.get("sort_direction") == "desc")
    return rows[offset: offset + size]


def product_levels(call: Call) -> Any:
    """``GET /inventory_levels/{product_id}``: the product's level at each location."""
    store = call.twin.store
    product = store.product(call.params["product_id"])
    wanted = {"include_inactive": str(call.query.get("include_inactive", "")).lower() in {"true", "1"}}
    return _levels(store, _records(store, wanted, only=product.id), grouped=False)


def register(app: LightspeedApp) -> None:
    """Add the date-version inventory routes."""
    r = app.route
    r("GET", "/stock_adjustments", lambda c: listing(c, list(c.twin.adjustments.rows.values()),
                                                     shapes.stock_adjustment))
    r("POST", "/stock_adjustments", create_adjustments)
    r("GET", "/custom_inventory_adjustment_reasons", lambda c: listing(c, list(c.twin.adjustments.reasons.values()),
                                                                       shapes.adjustment_reason))
    r("POST", "/custom_inventory_adjustment_reasons",
      lambda c: {"data": shapes.adjustment_reason(c.twin.adjustments.add_reason(c.obj()))})
    r("PUT", "/custom_inventory_adjustment_reasons/{custom_reason_id}", update_reason)
    r("POST", "/inventory/reorder_points", lambda c: {"data": set_reorder_points(c.twin.store, c.body())})
    r("POST", "/inventory_levels", inventory_levels)
    r("GET", "/inventory_levels/{product_id}", product_levels)
