"""Date-version inventory routes: records, stock adjustments, adjustment reasons, reorder points, levels.

Their bodies and parameters are read as the version's document declares them (``request.inventory_body``,
``request.query.page_size``): ``POST /inventory`` takes ``size`` (default 1000, at most 5000), the
``after``/``before`` version cursor, ``include_deleted`` (records of deleted products), ``product_id``
with ``variants`` (its whole family) and ``sort_direction`` (default ``desc``); a field of the wrong
type or outside its enum is the version's validation answer naming it. Inventory levels page by
``offset`` + ``size`` (default 100, at most ``pagination.page_size_caps`` ``inventory_levels``), sort
by ``sort_type`` in ``sort_direction`` (default ``desc``) and filter by product, root product (mutually
exclusive), location and supplier; inactive products only with ``include_inactive``;
``group_variants`` with ``root_product_ids`` sums each family at each outlet (the document's words).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import paging, shapes
from stockgate.twins.lightspeed.adjustments import set_reorder_points
from stockgate.twins.lightspeed.errors import invalid
from stockgate.twins.lightspeed.state import InventoryRecord, Store
from stockgate.twins.web import Response

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp

SORTS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "total_count": lambda r: r["current_inventory_level"], "total_cost": lambda r: r["total_cost"],
    "average_cost": lambda r: r["average_cost"], "reorder_point": lambda r: r.get("reorder_threshold") or 0,
    "reorder_amount": lambda r: r.get("reorder_amount") or 0, "product_name": lambda r: r["name"],
}


def _declared(call: Call, operation: str, name: str) -> paging.Declared:
    return paging.declared(call.api.contract, operation, name)


def _listed(call: Call, operation: str, rows: list[Any], render: Callable[[Any], Any]) -> dict[str, Any]:
    """A version-cursor page whose ``page_size`` default and maximum are the document's for ``operation``."""
    at = paging.cursor(call.query, declared=_declared(call, operation, "page_size"))
    chosen = paging.page(rows, at, call.api.cap("other"))
    return paging.envelope([render(r) for r in chosen], [r.version for r in chosen])


def _family(store: Store, product_id: str | None, variants: bool) -> Callable[[InventoryRecord], bool] | None:
    """Whether a record is ``product_id``'s (with ``variants``: of any product whose root is ``product_id``)."""
    if product_id is None:
        return None
    if not variants:
        return lambda r: r.product_id == product_id

    def of_family(rec: InventoryRecord) -> bool:
        product = store.products.get(rec.product_id)
        return product is not None and (product.variant_parent_id or product.id) == product_id

    return of_family


def _kept(store: Store, deleted: bool, also: Callable[[InventoryRecord], bool] | None
          ) -> Callable[[InventoryRecord], bool]:
    """Records of live products (of deleted ones too with ``include_deleted``) passing ``also``."""
    def keep(rec: InventoryRecord) -> bool:
        product = store.products.get(rec.product_id)
        live = deleted or (product is not None and not product.deleted_at)
        return live and (also is None or also(rec))

    return keep


def inventory_post(call: Call) -> Any:
    """``POST /inventory`` (2026-04+): a JSON body cursor, a bare array answer (``inventory.read``)."""
    raw = call.obj() if call.request.body.strip() else {}
    op = "POST /inventory"
    cap = int(call.api.inventory_read.get("page_size_max") or call.api.cap("inventory"))
    size = paging.body_size(raw, _declared(call, op, "size"), cap)
    after, before = paging.body_integer(raw, "after") or 0, paging.body_integer(raw, "before")
    deleted, variants = paging.body_flag(raw, "include_deleted"), paging.body_flag(raw, "variants")
    direction = paging.body_choice(raw, "sort_direction", _declared(call, op, "sort_direction"))
    product = raw.get("product_id")
    if product is not None and not isinstance(product, str):
        raise invalid(f"product_id must be a product id (a string), not {product!r}")
    store = call.twin.store
    at = paging.Cursor(after=after, before=before, page_size=size, deleted=deleted)
    rows = paging.page((), at, cap, keep=_kept(store, deleted, _family(store, product, variants)),
                       ordered=store.by_version(InventoryRecord, store.inventory.values()))
    if direction == "desc":
        rows.reverse()
    return [shapes.inventory(r, call.api) for r in rows]


def inventory_of(call: Call) -> Any:
    """``GET /inventory/{product_id}`` (date versions): a bare array for one product (or its family)."""
    op, q, store = "GET /inventory/{product_id}", call.query, call.twin.store
    at = paging.cursor(q, deleted_key="include_deleted", declared=_declared(call, op, "page_size"))
    direction = paging.choice(q, "order_direction", _declared(call, op, "order_direction"))
    product = store.products.get(call.params["product_id"])
    if product is None or (product.deleted_at and not at.deleted):
        product = store.product(call.params["product_id"])  # the documented 404
    variants = paging.flag(q, "variants")
    family = [product, *store.children(product.id)] if variants else [product]
    records = [r for p in family for r in store.records_of(p.id)]
    rows = paging.page(records, at, call.api.cap("inventory"), keep=_kept(store, at.deleted, None))
    if direction == "desc":
        rows.reverse()
    return [shapes.inventory(r, call.api) for r in rows]


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
    op = "POST /inventory_levels"
    cap = call.api.cap("inventory_levels")
    size = paging.body_size(raw, paging.Declared(default=100, maximum=cap), cap)
    offset = paging.body_integer(raw, "offset") or 0
    if offset < 0:
        raise invalid(f"offset must be a non-negative integer, not {offset}")
    sort = str(raw.get("sort_type") or "total_count")
    if sort not in SORTS and sort != "created_at":
        raise invalid(f"sort_type must be one of {', '.join([*SORTS, 'created_at'])}")
    descending = paging.body_choice(raw, "sort_direction", _declared(call, op, "sort_direction")) == "desc"
    flags = {k: paging.body_flag(raw, k) for k in ("group_variants", "include_inactive", "include_composites",
                                                    "to_be_procured_only")}
    store = call.twin.store
    records = _records(store, {**raw, **flags})
    if sort == "created_at":
        records.sort(key=lambda r: r.created_at, reverse=descending)
    rows = _levels(store, records, flags["group_variants"] and raw.get("root_product_ids") is not None)
    if sort != "created_at":
        rows.sort(key=SORTS[sort], reverse=descending)
    return rows[offset: offset + size]


def product_levels(call: Call) -> Any:
    """``GET /inventory_levels/{product_id}``: the product's level at each location."""
    store = call.twin.store
    product = store.product(call.params["product_id"])
    wanted = {"include_inactive": paging.flag(call.query, "include_inactive")}
    return _levels(store, _records(store, wanted, only=product.id), grouped=False)


def register(app: LightspeedApp) -> None:
    """Add the date-version inventory routes."""
    r = app.route
    r("GET", "/stock_adjustments", lambda c: _listed(
        c, "GET /stock_adjustments", list(c.twin.adjustments.rows.values()), shapes.stock_adjustment))
    r("POST", "/stock_adjustments", create_adjustments)
    r("GET", "/custom_inventory_adjustment_reasons", lambda c: _listed(
        c, "GET /custom_inventory_adjustment_reasons", list(c.twin.adjustments.reasons.values()),
        shapes.adjustment_reason))
    r("POST", "/custom_inventory_adjustment_reasons",
      lambda c: {"data": shapes.adjustment_reason(c.twin.adjustments.add_reason(c.obj()))})
    r("PUT", "/custom_inventory_adjustment_reasons/{custom_reason_id}", update_reason)
    r("POST", "/inventory/reorder_points", lambda c: {"data": set_reorder_points(c.twin.store, c.body())})
    r("POST", "/inventory", inventory_post)
    r("GET", "/inventory/{product_id}", inventory_of)
    r("POST", "/inventory_levels", inventory_levels)
    r("GET", "/inventory_levels/{product_id}", product_levels)
