"""Consignment routes: supplier orders, transfers, supplier returns and stocktakes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import paging, shapes, shapes_legacy
from stockgate.twins.lightspeed.consignments import Consignment
from stockgate.twins.lightspeed.errors import invalid
from stockgate.twins.lightspeed.routes_core import no_content

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp

BULK_ADVICE = 500  # "It is not recommended to update more than 500 products at a time" (LIGHTSPEED.md §2.6)


def list_consignments(call: Call) -> Any:
    """``GET /consignments`` (filters ``type``, ``status``, ``outlet_id``; version cursor)."""
    q = call.query
    rows = call.twin.consignments.rows

    def keep(c: Consignment) -> bool:
        return ((not q.get("type") or c.type == q["type"]) and (not q.get("status") or c.status == q["status"])
                and (not q.get("outlet_id") or c.outlet_id == q["outlet_id"]))

    at = paging.cursor(q)  # seeks the cursor in the version index every write keeps; filters from there
    chosen = paging.page(rows.values(), at, call.api.cap("other"), keep,
                         ordered=call.twin.store.by_version(Consignment, rows.values()))
    # the version-cursor envelope every list has (schema.wire_envelopes: 2.0 declares only the bare array)
    return paging.envelope([shapes.consignment(c) for c in chosen], [c.version for c in chosen])


def _get(call: Call) -> Any:
    return call.twin.consignments.get(call.params["consignment_id"])


def create(call: Call) -> Any:
    """``POST /consignments``."""
    return {"data": shapes.consignment(call.twin.consignments.create(call.obj()))}


def create_09(call: Call) -> Any:
    """0.9 ``POST /api/consignment``: a ConsignmentBase (status required there) answered as the bare 0.9 Consignment."""
    raw = call.obj()
    if not raw.get("status"):
        raise invalid("name, outlet_id, status and type are required")
    row = call.twin.consignments.create(raw)
    return shapes_legacy.consignment(row, str(call.twin.store.retailer["id"]))


def update(call: Call) -> Any:
    """``PUT /consignments/{id}``: rename, reference, status along the workflow."""
    row, raw = _get(call), call.obj()
    if raw.get("name"):
        row.name = str(raw["name"])
    if raw.get("reference") is not None:
        row.reference = str(raw["reference"])
    if raw.get("status"):
        call.twin.consignments.set_status(row, str(raw["status"]))
    else:
        call.twin.store.touch(row)
    return {"data": shapes.consignment(row)}


def delete(call: Call) -> Any:
    """``DELETE /consignments/{id}`` (not once received or completed)."""
    row = _get(call)
    if row.status in {"RECEIVED", "STOCKTAKE_COMPLETE"}:
        raise invalid(f"a {row.status} consignment cannot be deleted")
    row.deleted_at = call.twin.now()
    call.twin.store.touch(row)
    return no_content()


def products(call: Call) -> Any:
    """``GET /consignments/{id}/products``."""
    row = _get(call)
    return {"data": [shapes.consignment_item(call.twin.store, i) for i in row.items.values()]}


def add_product(call: Call) -> Any:
    """``POST /consignments/{id}/products`` and ``PUT …/products/{product_id}``."""
    raw = call.obj()
    if "product_id" in call.params:
        raw = {**raw, "product_id": call.params["product_id"]}
    item = call.twin.consignments.put_item(_get(call), raw)
    return {"data": shapes.consignment_item(call.twin.store, item)}


def remove_product(call: Call) -> Any:
    """``DELETE /consignments/{id}/products/{product_id}``."""
    row = _get(call)
    row.items.pop(call.params["product_id"], None)
    call.twin.store.touch(row)
    return no_content()


def bulk(call: Call) -> Any:
    """``POST /consignments/{id}/bulk``: many product lines at once, answered keyed by product id."""
    body = call.body()
    lines = body.get("data", body) if isinstance(body, dict) else body
    if not isinstance(lines, list):
        raise invalid("the bulk body must be a list of product lines")
    row = _get(call)
    out = {}
    for raw in lines:
        if not isinstance(raw, dict):
            raise invalid("every bulk line must be an object")
        item = call.twin.consignments.put_item(row, raw)
        out[item.product_id] = {k: v for k, v in shapes.consignment_item(call.twin.store, item).items()
                                if k in {"count", "received", "cost"} and v is not None}
    return {"data": out}


def register(app: LightspeedApp) -> None:
    """Add the consignment routes."""
    r = app.route
    r("GET", "/consignments", list_consignments)
    r("POST", "/consignments", create, status=201)
    r("GET", "/consignments/{consignment_id}", lambda c: {"data": shapes.consignment(_get(c))})
    r("PUT", "/consignments/{consignment_id}", update)
    r("DELETE", "/consignments/{consignment_id}", delete)
    r("GET", "/consignments/{consignment_id}/products", products)
    r("GET", "/consignments/{consignment_id}/totals", lambda c: {"data": [shapes.consignment_totals(_get(c))]})
    r("POST", "/consignments/{consignment_id}/products", add_product)
    r("PUT", "/consignments/{consignment_id}/products/{product_id}", add_product)
    r("DELETE", "/consignments/{consignment_id}/products/{product_id}", remove_product)
    r("POST", "/consignments/{consignment_id}/bulk", bulk)
    r("POST", "/consignment", create_09, space="0.9")
