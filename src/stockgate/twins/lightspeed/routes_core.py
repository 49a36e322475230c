"""Retailer, outlets, registers, users and 2.0 inventory routes; the version-cursor ``listing`` every list uses.

The date versions' inventory routes (``POST /inventory``, ``GET /inventory/{product_id}``) are in
``routes_inventory``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import paging, shapes
from stockgate.twins.lightspeed.errors import invalid
from stockgate.twins.lightspeed.state import InventoryRecord, Register, live
from stockgate.twins.web import Response

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp


def listing(call: Call, rows: Collection[Any], render: Any, kind: str = "other", *, of: type | None = None
            ) -> dict[str, Any]:
    """A version-cursor page of ``rows`` (``of``: their row type, when they are all the store has of it: indexed)."""
    at = paging.cursor(call.query)
    ordered = call.twin.store.by_version(of, rows) if of is not None else None
    chosen = paging.page(rows, at, call.api.cap(kind), ordered=ordered)
    return paging.envelope([render(r) for r in chosen], [r.version for r in chosen])


def _register(call: Call) -> Register:
    return live(call.twin.store.registers.get(call.params["register_id"]), "register")


def open_register(call: Call) -> Any:
    """``PUT /registers/{id}/actions/open``: a new register session (at ``register_open_time`` if given)."""
    row, raw = _register(call), call.obj() if call.request.body.strip() else {}
    if row.is_open:
        raise invalid("the register is already open")
    row.is_open, row.opened_at = True, str(raw.get("register_open_time") or call.twin.now())
    row.open_sequence_id, row.sessions = call.twin.store.make_id("register_open"), row.sessions + 1
    call.twin.store.touch(row)
    return {"data": shapes.register(row, call.twin.catalog)}


def close_register(call: Call) -> Any:
    """``PUT /registers/{id}/actions/close``: ends the session (the counted payment totals are not kept)."""
    row = _register(call)
    if call.request.body.strip():
        call.obj()  # a body, when sent, must be a JSON object
    if not row.is_open:
        raise invalid("the register is already closed")
    row.is_open, row.closed_at = False, call.twin.now()
    call.twin.store.touch(row)
    return {"data": shapes.register(row, call.twin.catalog)}


def no_content() -> Response:
    """A 204 (a delete the documents answer without a body): no body, and no media type claimed for it."""
    return Response(status=204, body=b"", content_type="")


def inventory_get(call: Call) -> Any:
    """``GET /inventory`` (2.0 and 2026-01): ``{data, version}`` pages."""
    store = call.twin.store
    at = paging.cursor(call.query)
    chosen = paging.page((), at, call.api.cap("other"),
                         ordered=store.by_version(InventoryRecord, store.inventory.values()))
    return paging.envelope([shapes.inventory(r, call.api) for r in chosen], [r.version for r in chosen])


def product_inventory(call: Call) -> Any:
    """``GET /products/{id}/inventory`` (2.0)."""
    pid = call.twin.store.product(call.params["product_id"]).id
    rows = call.twin.store.records_of(pid)
    return listing(call, rows, lambda r: shapes.inventory(r, call.api))


def register(app: LightspeedApp) -> None:
    """Add the core routes (and, through their modules, products, reference data and search)."""
    from stockgate.twins.lightspeed import (
        families,
        routes_catalog,
        routes_images,
        routes_inventory,
        routes_people,
        routes_products,
        routes_reference,
        routes_search,
    )

    r = app.route
    r("GET", "/retailer", lambda c: {"data": shapes.retailer(c.twin.store, c.twin.catalog, c.api)})
    r("GET", "/outlets", lambda c: listing(c, list(c.twin.store.outlets.values()),
                                           lambda row: c.api.shaped("Outlet", shapes.outlet(row))))
    r("GET", "/outlets/{outlet_id}", lambda c: {"data": c.api.shaped(
        "Outlet", shapes.outlet(c.twin.store.outlet(c.params["outlet_id"])))})
    r("GET", "/registers", lambda c: listing(c, list(c.twin.store.registers.values()),
                                             lambda row: shapes.register(row, c.twin.catalog)))
    r("GET", "/registers/{register_id}", lambda c: {"data": shapes.register(
        live(c.twin.store.registers.get(c.params["register_id"]), "register"), c.twin.catalog)})
    r("GET", "/users", lambda c: listing(c, list(c.twin.store.users.values()), shapes.user))
    r("GET", "/users/{user_id}", lambda c: {"data": shapes.user(
        live(c.twin.store.users.get(c.params["user_id"]), "user"))})
    r("GET", "/user", lambda c: {"data": shapes.user(live(c.twin.store.users.get(c.user_id), "user"))})
    r("GET", "/products/{product_id}/inventory", product_inventory)
    r("GET", "/inventory", inventory_get)
    r("PUT", "/registers/{register_id}/actions/open", open_register)
    r("PUT", "/registers/{register_id}/actions/close", close_register)
    for module in (routes_products, families, routes_catalog, routes_inventory, routes_reference, routes_people,
                   routes_images, routes_search):
        module.register(app)
