"""Step kinds, a registry keyed by a stable id (duplicate ids fail at import): what a ``when`` can do.

Each kind has a JSON Schema for its arguments (checked when the scenario loads) and an async action
on the :class:`~stockgate.scenarios.world.World`. Steps that create something may name it with
``as:`` so that later steps refer to it (``order: big-order``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from stockgate.scenarios.world import DEMO, StepFailed, World
from stockgate.twins.faults import FaultRule, kinds

Action = Callable[[World, Mapping[str, Any], Any], Awaitable[Any]]


@dataclass(frozen=True, slots=True, kw_only=True)
class StepKind:
    """A registered step kind."""

    id: str
    description: str
    schema: Mapping[str, Any]
    action: Action
    twin_only: bool = False  # reaches into a twin (no API does it): refused on real stores


STEPS: dict[str, StepKind] = {}
PASSIVE = frozenset({"advance", "outage", "sync", "settle"})  # no step of the scenario's own writes anything
_STR, _INT = {"type": "string"}, {"type": "integer", "minimum": 1}
_QTY = {"type": "number", "exclusiveMinimum": 0, "maximum": 1_000_000,
        "description": "a quantity above 0 (at most 1,000,000)"}
_LEVEL = {"type": "number", "minimum": 0, "maximum": 1_000_000, "description": "a stock level from 0 to 1,000,000"}
_PRICE = {"type": "number", "minimum": 0, "maximum": 1_000_000, "description": "a price from 0 to 1,000,000"}
_SPAN = {"type": "number", "minimum": 0, "maximum": 31_622_400,
         "description": "seconds from 0 to 31,622,400 (a year of virtual time at most)"}
_AS = {"as": _STR}


def step(kind: str, description: str, properties: Mapping[str, Any], required: list[str], *,
         twin_only: bool = False) -> Callable[[Action], Action]:
    """Register a step kind (``twin_only``: it reaches into a twin, so a real store cannot run it)."""
    def wrap(action: Action) -> Action:
        if kind in STEPS:
            raise ValueError(f"duplicate step kind {kind!r}")
        schema = {"type": "object", "additionalProperties": False, "required": required,
                  "properties": {**properties, **_AS}}
        STEPS[kind] = StepKind(id=kind, description=description, schema=schema, action=action, twin_only=twin_only)
        return action
    return wrap


def _ok(response: Any, what: str) -> Any:
    if response.status_code >= 400:
        raise StepFailed(f"{what}: HTTP {response.status_code} {response.text[:200]}")
    return response.json() if response.content else None


@step("pos_sale", "a cashier sells at an outlet", {"outlet": _STR, "sku": _STR, "qty": _QTY, "price": _PRICE},
      ["outlet", "sku", "qty"])
async def pos_sale(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """A cashier sells at an outlet."""
    body = {"register_id": await w.register_at(a["outlet"]), "user_id": await w.cashier_user(), "status": "CLOSED",
            "register_sale_products": [{"product_id": await w.product(a["sku"]), "quantity": a["qty"],
                                        "price": a.get("price", 10), "tax": 0}]}
    if w.tagged(""):  # a real store: the run's namespace in the note
        body["note"] = w.tagged("")
    return _ok(await w.ls.post("/api/register_sales", json=body), "POS sale")["register_sale"]["id"]


@step("web_order", "a shopper buys through the storefront checkout", {"sku": _STR, "qty": _QTY}, ["sku", "qty"])
async def web_order(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """A shopper buys through the storefront checkout."""
    cart = _ok(await w.m.post("/rest/default/V1/guest-carts"), "create cart")
    _ok(await w.m.post(f"/rest/default/V1/guest-carts/{cart}/items",
                       json={"cartItem": {"sku": a["sku"], "qty": a["qty"]}}), "add to cart")
    _ok(await w.m.post(f"/rest/default/V1/guest-carts/{cart}/shipping-information", json={"addressInformation": {
        "shipping_address": w.shopper, "shipping_carrier_code": "flatrate", "shipping_method_code": "flatrate"}}),
        "shipping information")
    return int(_ok(await w.m.post(f"/rest/default/V1/guest-carts/{cart}/payment-information", json={
        "email": w.shopper["email"], "paymentMethod": {"method": "checkmo"}}), "place order"))


def _order(w: World, a: Mapping[str, Any]) -> int:
    return int(w.labels[a["order"]])


@step("invoice", "the back office invoices an order", {"order": _STR}, ["order"])
async def invoice(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """The back office invoices an order."""
    return _ok(await w.admin("POST", f"/order/{_order(w, a)}/invoice", body={}), "invoice")


@step("ship", "the back office ships an order from a source", {"order": _STR, "source": _STR}, ["order", "source"])
async def ship(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """The back office ships an order from a source."""
    return _ok(await w.admin("POST", f"/order/{_order(w, a)}/ship", body={
        "arguments": {"extension_attributes": {"source_code": a["source"]}}}), "ship")


@step("cancel", "the back office cancels an order", {"order": _STR}, ["order"])
async def cancel(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """The back office cancels an order."""
    return _ok(await w.admin("POST", f"/orders/{_order(w, a)}/cancel"), "cancel")


@step("pos_return", "a cashier takes back a sale (a web order's sale or a POS sale); ``park`` leaves the return "
      "parked instead of closing it; ``api`` starts it through that API version (date versions: POST, with their "
      "return rules) instead of 2.0; ``extra`` adds unreferenced return lines (SKU: units) to the same return",
      {"of": _STR, "qty": _QTY, "note": _STR, "park": {"type": "boolean"}, "api": _STR,
       "extra": {"type": "object", "additionalProperties": _QTY}}, ["of"])
async def pos_return(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """A cashier takes back a sale (a web order's sale or a POS sale)."""
    target = w.labels[a["of"]]
    if isinstance(target, int):  # a web order: its POS sale carries the invoice number WEB-<increment id>
        increment = f"{target:09d}"
        found = [s for s in await w.pos_sales() if s["invoice_number"] == f"{w.mapping.invoice_prefix}{increment}"]
        if not found:
            raise StepFailed(f"the web order {a['of']} has no POS sale to return (was it synced?)")
        target = found[0]["id"]
    api = str(a.get("api") or "2.0")
    if api == "2.0":
        parked = _ok(await w.ls.put(f"/api/2.0/sales/{target}/actions/return"), "start return")["data"]
    else:  # date versions: POST, and that version's return rules (2026-07 voids other parked returns)
        parked = _flat(_ok(await w.ls.post(f"/api/{api}/sales/{target}/actions/return"), "start return")["data"])
    if a.get("park"):
        return parked["id"]
    lines = [{"product_id": li["product_id"], "quantity": -a["qty"] if "qty" in a else li["quantity"],
              "price": li["price"], "is_return": True} for li in parked["line_items"][:1 if "qty" in a else None]]
    for code, qty in (a.get("extra") or {}).items():  # unreferenced lines: goods returned without this receipt
        lines.append({"product_id": await w.product(code), "quantity": -qty, "price": 10, "is_return": False})
    body = {"id": parked["id"], "user_id": await w.cashier_user(), "status": "CLOSED",
            "note": w.tagged(a.get("note", "")), "register_sale_products": lines}
    return _ok(await w.ls.post("/api/register_sales", json=body), "close return")["register_sale"]["id"]


def _flat(started: Mapping[str, Any]) -> dict[str, Any]:
    """A started return in 2.0 terms.

    Date versions answer the 2.0 sale (their returns tutorial and example); a store answering the date model
    its document names is read too.
    """
    lines = [li if "product_id" in li else {"product_id": li["product"]["id"], "quantity": li["quantity"],
                                            "price": li["pricing"]["price"]} for li in started["line_items"]]
    return {"id": started["id"], "line_items": lines}


@step("pos_note", "a cashier edits the note of a sale (the sale changes: a webhook or poll sees it again)",
      {"of": _STR, "note": _STR}, ["of", "note"])
async def pos_note(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """Re-save a sale with a new note (0.9 register_sales update)."""
    sale_id = w.labels[a["of"]]
    body = {"id": sale_id, "user_id": await w.cashier_user(), "status": "CLOSED", "note": w.tagged(a["note"])}
    return _ok(await w.ls.post("/api/register_sales", json=body), "edit note")["register_sale"]["id"]


@step("transfer", "stock moves between outlets (an OUTLET consignment sent and received)",
      {"from": _STR, "to": _STR, "sku": _STR, "qty": _QTY}, ["from", "to", "sku", "qty"])
async def transfer(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """Stock moves between outlets (an OUTLET consignment sent and received)."""
    made = _ok(await w.ls.post("/api/2.0/consignments", json={
        "name": w.tagged("Transfer"), "type": "OUTLET", "outlet_id": await w.outlet(a["to"]),
        "source_outlet_id": await w.outlet(a["from"])}), "create transfer")["data"]
    _ok(await w.ls.post(f"/api/2.0/consignments/{made['id']}/products", json={
        "product_id": await w.product(a["sku"]), "count": a["qty"]}), "add product")
    for status in ("SENT", "RECEIVED"):
        _ok(await w.ls.put(f"/api/2.0/consignments/{made['id']}", json={"status": status}), status.lower())
    return made["id"]


@step("stock_count", "an inventory count at an outlet sets counted quantities",
      {"outlet": _STR, "counts": {"type": "object", "additionalProperties": _LEVEL}}, ["outlet", "counts"])
async def stock_count(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """An inventory count at an outlet sets counted quantities."""
    made = _ok(await w.ls.post("/api/2.0/consignments", json={"name": w.tagged("Count"), "type": "STOCKTAKE",
                                                               "outlet_id": await w.outlet(a["outlet"])}),
               "create count")["data"]
    for code, qty in a["counts"].items():
        _ok(await w.ls.post(f"/api/2.0/consignments/{made['id']}/products", json={
            "product_id": await w.product(code), "received": qty}), "count product")
    for status in ("STOCKTAKE_IN_PROGRESS", "STOCKTAKE_COMPLETE"):
        _ok(await w.ls.put(f"/api/2.0/consignments/{made['id']}", json={"status": status}), status.lower())
    return made["id"]


@step("new_product", "a new product is created in the POS with stock",
      {"name": _STR, "sku": _STR, "price": _PRICE, "stock": {"type": "object", "additionalProperties": _LEVEL}},
      ["name", "sku"])
async def new_product(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """A new product is created in the POS with stock."""
    stock = [{"outlet_id": await w.outlet(o), "current_amount": q} for o, q in (a.get("stock") or {}).items()]
    body = {"name": a["name"], "sku": a["sku"], "price_excluding_tax": a.get("price", 10), "inventory": stock}
    return _ok(await w.ls.post("/api/2.0/products", json=body), "create product")["data"][0]


@step("price_change", "a product's price changes in the POS", {"sku": _STR, "price": _PRICE}, ["sku", "price"])
async def price_change(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """A product's price changes in the POS."""
    return _ok(await w.ls.put(f"/api/2.1/products/{await w.product(a['sku'])}",
                              json={"details": {"price_excluding_tax": a["price"]}}), "price change")


@step("fault", "a platform misbehaves on a route (a registered fault kind)",
      {"platform": {"enum": ["magento", "lightspeed"]}, "kind": {"enum": sorted(kinds())}, "path": _STR,
       "method": _STR, "times": {"type": "integer", "minimum": 0}, "skip": {"type": "integer", "minimum": 0},
       "params": {"type": "object"}}, ["platform", "kind", "path"], twin_only=True)
async def fault(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """A platform misbehaves on a route (a registered fault kind)."""
    app = w.magento if a["platform"] == "magento" else w.lightspeed
    app.twin.faults.add(FaultRule(kind=a["kind"], method=a.get("method"), path=a["path"], times=a.get("times", 1),
                                  skip=a.get("skip", 0), params=a.get("params") or {}))


@step("rate_limit_used", "earlier bursts used part of the connector's Lightspeed rate-limit window",
      {"requests": {"type": "integer", "minimum": 1}}, ["requests"], twin_only=True)
async def rate_limit_used(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """Count ``requests`` against the connector's application bucket in the current window."""
    twin = w.lightspeed.twin
    bucket = twin.tokens["stockgate-demo-token"][1]
    for _ in range(int(a["requests"])):
        twin.limiter.hit(bucket)


@step("integration_access", "the merchant changes what the connector's Magento integration may use "
      "(System > Extensions > Integrations; no Web API does this)",
      {"resources": {"oneOf": [{"const": "all"}, {"type": "array", "items": _STR, "minItems": 1}]}}, ["resources"],
      twin_only=True)
async def integration_access(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """Replace the demo integration's granted ACL resources (``all`` or a list of resource ids)."""
    auth = w.magento.twin.auth
    granted = ("all",) if a["resources"] == "all" else tuple(a["resources"])
    auth.integrations = [dataclasses.replace(i, resources=granted) if i.access_token == DEMO["token"] else i
                         for i in auth.integrations]


@step("disable_source", "the merchant disables a Magento source", {"source": _STR}, ["source"])
async def disable_source(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """The merchant disables a Magento source."""
    current = _ok(await w.admin("GET", f"/inventory/sources/{a['source']}"), "read source")
    return _ok(await w.admin("PUT", f"/inventory/sources/{a['source']}",
                             body={"source": {**current, "enabled": False}}), "disable source")


@step("advance", "time passes (virtual on the twins: costs no wall time; real on a store pair)",
      {"seconds": _SPAN},
      ["seconds"])
async def advance(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """Time passes (virtual on the twins: costs no wall time)."""
    await w.clock.sleep(float(a["seconds"]))


@step("outage", "the connector is down for a while (no ticks)", {"seconds": _SPAN},
      ["seconds"])
async def outage(w: World, a: Mapping[str, Any], _c: Any) -> Any:
    """The connector is down for a while (no ticks)."""
    await w.clock.sleep(float(a["seconds"]))


@step("sync", "the connector runs: ``ticks`` polling intervals pass, each followed by a tick",
      {"ticks": _INT}, [])
async def sync(w: World, a: Mapping[str, Any], connector: Any) -> Any:
    """The connector runs: ``ticks`` polling intervals pass, each followed by a tick."""
    interval = min(w.mapping.polling.values())
    for _ in range(int(a.get("ticks", 1))):
        await connector.tick_now()
        await w.clock.sleep(interval)


@step("settle", "the connector runs until the platforms agree, within a time budget (measures convergence)",
      {"within": {**_SPAN, "exclusiveMinimum": 0}}, ["within"])
async def settle(w: World, a: Mapping[str, Any], connector: Any) -> Any:
    """The connector runs until the platforms agree, within a time budget (measures convergence)."""
    return await connector.settle(float(a["within"]))
