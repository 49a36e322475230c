"""Complete objects: every emulated Lightspeed operation, on every version, answers every declared property.

(And every answer of the walk conforms to its contract, through the same profile-aware check as the suite.)

Each served version gets a fresh demo twin; the walk below calls every operation that version's
contract has and the twin emulates (a new route without a call here fails the test), and reads each
2xx answer beside its declared schema (profile envelopes and overrides applied). ``/search`` rows are
read as the entity they are (``Sale``, ``Product``, ``Customer``). A declared property an answer
leaves out is listed, with where it sits and which component declares it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
import pytest

from stockgate.contracts.conformance import response_problems
from stockgate.twins.lightspeed import create_app
from stockgate.twins.lightspeed.app import LightspeedApp
from tests.data.objects_walk import Missing, missing, response_schema

RELEASES = {"2026-07": ["2.0", "2026-01", "2026-04", "2026-07"], "2026-10": ["2026-10"]}
SEARCHED = {"sales": "Sale", "products": "Product", "customers": "Customer"}

# Declared properties the twin leaves out on purpose, each with its reason (kept short and honest).
OMITTED: dict[str, str] = {
    "Retailer.timezone@2.0": "the 2.0 export types it as an object while describing a name ('Pacific/Auckland'): "
                             "no value satisfies both, and no recording shows the wire",
    **{f"Product.{name}@2.0": "a product without weight or dimensions: the vendor's 2.0 examples leave them out, "
                              "and the 2.0 document allows no null" for name in
       ("weight", "weight_unit", "length", "width", "height", "dimensions_unit")},
    "PaymentType.payment_type": "the global payment type's category, subcategory, platforms and banner flags are "
                                "in no public example or recording",
    "PaymentType.is_editable": "'Omitted when not applicable' (the 2026-07 document)",
    "Retailer.discount_product_id": "the retailer's discount product is not modelled: whether /products lists it, "
                                    "and under which id, is in no public source",
    "Retailer.version": "a string on the retailer whose meaning and values no public source or example gives",
    "Retailer.claim_url": "the demo retailer has loyalty off; no public example shows a claim URL",
    "POST /consignments/{consignment_id}/bulk: product_id": "the document names the map's key 'product_id'; the "
                                                             "wire keys each line by the product's id (vendor example)",
    # a sale without these: the documents type them as non-null strings, so an unset value can only be absent
    "Sale.source_id@2.0": "a sale no other system created has no source id (the vendor's sale examples)",
    "SaleResponseSource.id": "a sale no other system created has no source id",
    "Payment.surcharge": "a payment without a surcharge (the vendor's sale examples leave it out)",
    "SaleResponsePayment.surcharge": "a payment without a surcharge",
    "Sale.deleted_at@dated": "a live sale: the date documents type deleted_at as a non-null string",
    "SaleResponsePayment.deleted_at": "a live payment: the date documents type deleted_at as a non-null string",
    "SaleResponsePayment.billing_address_id": "a payment made without a billing address",
    "PaymentResponseSource.id": "'Non-null when the integrator provides a transaction ID' (none was provided)",
    "SaleResponseMetadata.xero_reference": "a sale not synced to Xero",
    "SaleResponseMetadata.complete_open_sequence_id": "a sale not completed (parked or pending) has no completing "
                                                      "register session",
    "SaleResponseLineItem.gift_card_number": "a line that is not a gift card",
    "ProductCategory.parent_category_id": "a top-level category has no parent (the document allows no null)",
    **{f"InventoryLevel.{name}": "'Omitted if no reorder method is configured' (the 2026-07 document)"
       for name in ("reorder_method", "reorder_amount", "reorder_target", "reorder_threshold")},
    "ReorderPointEntry.reorder_amount": "'Present only when method is FIXED' (the 2026-07 document)",
    "ReorderPointEntry.reorder_target": "'Present only when method is MIN_MAX' (the 2026-07 document)",
    "StockAdjustment.custom_inventory_adjustment_reason_id": "'Present only when reason is CUSTOM; omitted "
                                                             "otherwise' (the 2026-07 document)",
    "LineItemReturn.reason": "return reasons are chosen in the register; no API write sets one",
}


class Walk:
    """Calls below ``/api/<segment>`` and what their answers leave out."""

    def __init__(self, app: LightspeedApp, segment: str, client: httpx.AsyncClient) -> None:
        self.app, self.segment, self.client = app, segment, client
        api = app.twin.release.resolve(segment)
        assert api is not None
        self.api = api
        self.served = set(app.operations(segment))
        self.done: set[str] = set()
        self.gaps: dict[str, str] = {}  # "METHOD /template: Component.property" -> where it was first missing
        self.problems: list[str] = []  # answers that break the contract

    def has(self, key: str) -> bool:
        """Whether this version emulates ``key``."""
        return key in self.served

    async def __call__(self, key: str, path: str, **kw: Any) -> Any:
        """Call ``key`` at ``path`` (skipped where not emulated) and read its answer."""
        if not self.has(key):
            return None
        method = key.split(maxsplit=1)[0]
        response = await self.client.request(method, f"/api/{self.segment}{path}", **kw)
        assert 200 <= response.status_code < 300, f"{key} on {self.segment}: {response.status_code} {response.text}"
        self.done.add(key)
        if not response.content:
            return None
        body = response.json()
        self.problems += response_problems(self.api.contract, self.api.profile, method=method,
                                           url=f"/api/{self.segment}{path}", status=response.status_code, body=body)
        self._read(method, f"/api/{self.segment}{path}", response.status_code, body, kw.get("params") or {})
        return body

    def _read(self, method: str, url: str, status: int, body: Any, params: dict[str, Any]) -> None:
        doc = self.api.contract.document
        found = response_schema(self.api.contract, self.api.profile, (method, url.partition("?")[0], status), body)
        if found is None:
            return
        key, schema, part = found
        kind = SEARCHED.get(str(params.get("type"))) if url.endswith("/search") else None
        if kind:
            schema = {"$ref": f"#/components/schemas/{kind}"}
            for n, row in enumerate(body["data"]):
                self._note(key, missing(doc, schema, row, f"/data/{n}", kind))
            return
        self._note(key, missing(doc, schema, part))

    def _note(self, key: str, found: list[Missing]) -> None:
        for gap in found:
            owner = f"{gap.component}.{gap.name}" if gap.component else f"{key}: {gap.name}"
            scopes = (owner, f"{owner}@{self.segment}", f"{owner}@dated" if self.segment != "2.0" else "")
            if any(scope in OMITTED for scope in scopes):
                continue
            self.gaps.setdefault(f"{key}: {owner}", f"{gap.at}/{gap.name}")


def ids(app: LightspeedApp) -> dict[str, str]:
    """Seeded ids a walk starts from."""
    store, twin = app.twin.store, app.twin
    first = next(iter(store.outlets.values()))
    return {
        "outlet": first.id, "register": next(r.id for r in store.registers.values() if r.outlet_id == first.id),
        "user": next(u.id for u in store.users.values() if u.is_primary_user),
        "mug": next(p.id for p in store.products.values() if p.sku == "MUG-BLK"),
        "tax": next(t.id for t in twin.catalog.taxes.values() if t.rates and t.rates[0].rate > 0),
        "payment": next(iter(twin.catalog.payment_types)),
        "attribute": next(iter(store.variant_attributes)),
    }


async def _reference_data(w: Walk, i: dict[str, str]) -> None:
    for kind in ("taxes", "payment_types", "product_types", "suppliers", "brands", "tags", "customers",
                 "customer_groups", "outlets", "registers", "users", "products", "variant_attributes"):
        listed = await w(f"GET /{kind}", f"/{kind}")
        rows = (listed or {}).get("data") or []
        param = {"payment_types": "-", "taxes": "tax_id", "product_types": "product_type_id",
                 "suppliers": "supplier_id", "brands": "brand_id", "tags": "tag_id", "customers": "customer_id",
                 "outlets": "outlet_id",
                 "customer_groups": "customer_group_id", "registers": "register_id", "users": "user_id",
                 "products": "product_id", "variant_attributes": "attribute-id"}[kind]
        if rows and param != "-":
            await w(f"GET /{kind}/{{{param}}}", f"/{kind}/{rows[-1]['id']}")
    await w("GET /retailer", "/retailer")
    await w("GET /user", "/user")
    for made, param in (("brands", "brand_id"), ("suppliers", "supplier_id"), ("tags", "tag_id")):
        new = await w(f"POST /{made}", f"/{made}", json={"name": f"New {made}"})
        await w(f"PUT /{made}/{{{param}}}", f"/{made}/{new['data']}", json={"name": f"Renamed {made}"})
    await w("PUT /registers/{register_id}/actions/close", f"/registers/{i['register']}/actions/close", json={})
    await w("PUT /registers/{register_id}/actions/open", f"/registers/{i['register']}/actions/open", json={})
    await w("POST /taxes", "/taxes", json={"name": "City Tax", "rate": 0.02})
    await w("POST /variant_attributes", "/variant_attributes", json={"name": "Fabric"})
    await w("PUT /variant_attributes/{attribute-id}", f"/variant_attributes/{i['attribute']}", json={"name": "Colour"})


async def _customers(w: Walk) -> str | None:
    made = await w("POST /customers", "/customers", json={"first_name": "Ada", "last_name": "Lovelace",
                                                           "email": "ada@example.com"})
    if made is None:
        return None
    cid = str(made["data"]["id"])
    await w("PUT /customers/{customer_id}", f"/customers/{cid}", json={"first_name": "Ada", "last_name": "King",
                                                                       "phone": "+1 555 0100"})
    await w("GET /search", "/search", params={"type": "customers", "last_name": "King"})
    return cid


async def _reference_writes(w: Walk, customer: str | None) -> None:
    """Deletes, customer groups and their members, addresses, outlet taxes."""
    for made, param in (("brands", "brand_id"), ("suppliers", "supplier_id"), ("tags", "tag_id")):
        new = await w(f"POST /{made}", f"/{made}", json={"name": f"Gone {made}"})
        await w(f"DELETE /{made}/{{{param}}}", f"/{made}/{new['data']}")
    await w("GET /outlet_taxes", "/outlet_taxes")
    group = await w("POST /customer_groups", "/customer_groups", json={"name": "Wholesale", "group_id": "WHOLE"})
    path = f"/customer_groups/{group['data']['id']}"
    await w("PUT /customer_groups/{customer_group_id}", path, json={"name": "Trade"})
    if customer:
        await w("POST /customer_groups/{customer_group_id}/customers", f"{path}/customers",
                json={"customer_ids": [customer]})
        await w("GET /customer_groups/{customer_group_id}/customers", f"{path}/customers")
        await w("DELETE /customer_groups/{customer_group_id}/customers", f"{path}/customers",
                json={"customer_ids": [customer]})
        address = await w("POST /customers/{customer_id}/addresses", f"/customers/{customer}/addresses", json={
            "address_line_1": "123 Main Street", "city": "Auckland", "country_code": "NZ", "postcode": "1010",
            "type": "BILLING"})
        if address:
            one = f"/customers/{customer}/addresses/{address['data']['id']}"
            await w("GET /customers/{customer_id}/addresses", f"/customers/{customer}/addresses")
            await w("GET /customers/{customer_id}/addresses/{address_id}", one)
            await w("PUT /customers/{customer_id}/addresses/{address_id}", one, json={
                "address_line_1": "1 Infinite Loop", "city": "Cupertino", "country_code": "US", "state_code": "CA",
                "postcode": "95014", "type": "SHIPPING"})
            await w("DELETE /customers/{customer_id}/addresses/{address_id}", one)
    await w("DELETE /customer_groups/{customer_group_id}", path)


async def _people(w: Walk, i: dict[str, str]) -> None:
    """Users and registers beyond reads (after the sales, so totals and summaries have something to add)."""
    await w("GET /users/{user_id}/sale_totals", f"/users/{i['user']}/sale_totals")
    await w("GET /registers/{register_id}/payments_summary", f"/registers/{i['register']}/payments_summary")
    await w("POST /users/bulk", "/users/bulk", json={"user_ids": [i["user"]]} if w.segment == "2.0" else [i["user"]])
    other = next(u.id for u in w.app.twin.store.users.values() if not u.is_primary_user)
    await w("DELETE /users/{user_id}/sessions", f"/users/{other}/sessions")
    await w("DELETE /users/{user_id}", f"/users/{other}")


async def _sales(w: Walk, i: dict[str, str], customer: str | None) -> str:
    line = {"product_id": i["mug"], "quantity": 2, "price": 12, "tax": 0.96, "tax_id": i["tax"], "cost": 5,
            "discount": 1, "loyalty_value": 0.12}
    payment = {"retailer_payment_type_id": i["payment"], "amount": 24.96}
    sale = (await w.client.post("/api/register_sales", json={
        "register_id": i["register"], "user_id": i["user"], "status": "CLOSED", "customer_id": customer,
        "register_sale_products": [line], "register_sale_payments": [payment]})).json()["register_sale"]
    if w.has("POST /sales"):
        made = await w("POST /sales", "/sales", json={
            "state": "closed", "customer_id": customer,
            "source": {"author_id": i["user"], "register_id": i["register"]},
            "line_items": [{"product": {"id": i["mug"]}, "quantity": 1, "tax": {"id": i["tax"], "amount": 0.96},
                            "pricing": {"price": 12, "cost": 5, "discount": 0, "loyalty_amount": 0.12}}],
            "payments": [{"amount": 12.96, "type": {"config_id": i["payment"]}}]})
        await w("PUT /sales/{sale_id}", f"/sales/{made['data']['id']}", json={"note": "gift wrap"})
    await w("GET /sales", "/sales")
    await w("GET /sales/{sale_id}", f"/sales/{sale['id']}")
    await w("GET /search", "/search", params={"type": "sales"})
    await w("GET /search", "/search", params={"type": "products", "sku": "mug-blk"})
    for key in ("PUT /sales/{sale_id}/actions/return", "POST /sales/{sale_id}/actions/return"):
        await w(key, f"/sales/{sale['id']}/actions/return")
    return str(sale["id"])


async def _stock(w: Walk, i: dict[str, str]) -> None:
    await w("GET /inventory", "/inventory")
    await w("POST /inventory", "/inventory", json={"size": 10})
    await w("GET /inventory/{product_id}", f"/inventory/{i['mug']}")
    await w("GET /products/{product_id}/inventory", f"/products/{i['mug']}/inventory")
    order = (await w("POST /consignments", "/consignments", json={
        "name": "PO-1", "type": "SUPPLIER", "outlet_id": i["outlet"]}))["data"]
    path = f"/consignments/{order['id']}"
    await w("POST /consignments/{consignment_id}/products", f"{path}/products",
            json={"product_id": i["mug"], "count": 5, "cost": 5})
    await w("PUT /consignments/{consignment_id}/products/{product_id}", f"{path}/products/{i['mug']}",
            json={"count": 6})
    await w("POST /consignments/{consignment_id}/bulk", f"{path}/bulk", json=[{"product_id": i["mug"], "received": 6}])
    await w("PUT /consignments/{consignment_id}", path, json={"status": "RECEIVED"})
    for key, suffix in (("GET /consignments", ""), ("GET /consignments/{consignment_id}", path),
                        ("GET /consignments/{consignment_id}/products", f"{path}/products"),
                        ("GET /consignments/{consignment_id}/totals", f"{path}/totals")):
        await w(key, suffix or "/consignments")
    spare = (await w("POST /consignments", "/consignments", json={
        "name": "Count", "type": "STOCKTAKE", "outlet_id": i["outlet"]}))["data"]
    await w("POST /consignments/{consignment_id}/products", f"/consignments/{spare['id']}/products",
            json={"product_id": i["mug"], "received": 3})
    await w("DELETE /consignments/{consignment_id}/products/{product_id}",
            f"/consignments/{spare['id']}/products/{i['mug']}")
    await w("DELETE /consignments/{consignment_id}", f"/consignments/{spare['id']}")


async def _adjustments(w: Walk, i: dict[str, str]) -> None:
    reason = await w("POST /custom_inventory_adjustment_reasons", "/custom_inventory_adjustment_reasons",
                     json={"name": "Tasting", "type": "NEGATIVE", "enabled": True})
    if reason is None:
        return
    rid = reason["data"]["id"]
    await w("PUT /custom_inventory_adjustment_reasons/{custom_reason_id}",
            f"/custom_inventory_adjustment_reasons/{rid}", json={"name": "Tastings"})
    await w("GET /custom_inventory_adjustment_reasons", "/custom_inventory_adjustment_reasons")
    await w("POST /stock_adjustments", "/stock_adjustments", json={"stock_adjustments": [
        {"product_id": i["mug"], "outlet_id": i["outlet"], "quantity": "-1", "reason": "DAMAGE"},
        {"product_id": i["mug"], "outlet_id": i["outlet"], "quantity": "-1", "reason": "CUSTOM",
         "custom_inventory_adjustment_reason_id": rid}]})
    await w("GET /stock_adjustments", "/stock_adjustments")
    await w("POST /inventory/reorder_points", "/inventory/reorder_points", json=[
        {"method": "MIN_MAX", "product_id": i["mug"], "outlet_id": i["outlet"], "reorder_point": 5,
         "reorder_target": 30}])
    await w("POST /inventory_levels", "/inventory_levels", json={"size": 500})
    await w("GET /inventory_levels/{product_id}", f"/inventory_levels/{i['mug']}")


async def _products(w: Walk, i: dict[str, str]) -> None:
    codes = await w("POST /products/generate_product_codes", "/products/generate_product_codes",
                    json={"codes": [{"count": 1}]})
    code = codes["data"][0]["codes"][0] if codes else "TOTE-1"
    made = await w("POST /products", "/products", json={
        "name": "Tote", "sku": code, "price_excluding_tax": 15, "product_codes": [{"type": "CUSTOM", "code": code}]})
    pid = made["data"][0]
    await w("PUT /products/{product_id}", f"/products/{pid}", json={"details": {"price_excluding_tax": 16}})
    await w("DELETE /products/{product_id}", f"/products/{pid}")
    image = await w("POST /products/{product_id}/actions/image_upload", f"/products/{i['mug']}/actions/image_upload",
                    files={"image": ("mug.jpg", b"\xff\xd8\xff\xe0 a jpeg", "image/jpeg")})
    if image:
        one = f"/product_images/{image['data']['id']}"
        await w("GET /product_images/{product_image_id}", one)
        await w("PUT /product_images/{product_image_id}", one, json={"position": 1})
        await w("DELETE /product_images/{product_image_id}", one)
    family = next(p.id for p in w.app.twin.store.products.values() if p.variant_parent_id and not p.deleted_at)
    await w("GET /product_families", "/product_families")
    await w("GET /products/{product_id}/family", f"/products/{family}/family")
    await w("PATCH /products/{product_id}", f"/products/{family}", json={"prices": {"price_excluding_tax": 21}})
    await w("DELETE /products/{product_id}/all", f"/products/{family}/all")


async def _webhooks(w: Walk) -> None:
    made = await w("POST /webhooks", "/webhooks", json={"url": "https://hooks.example/s", "type": "sale.update",
                                                         "active": True})
    if made is None:
        return
    path = f"/webhooks/{made['data']['id']}"
    await w("GET /webhooks", "/webhooks")
    await w("GET /webhooks/{webhookId}", path)
    await w("PUT /webhooks/{webhookId}", path, json={"active": False})
    await w("DELETE /webhooks/{webhookId}", path)


async def _walk(release: str, segment: str) -> Walk:
    app = create_app(release, "registers-1000")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://demo.x",
                                 headers={"Authorization": "Bearer stockgate-demo-token"}) as client:
        w = Walk(app, segment, client)
        i = ids(app)
        await _reference_data(w, i)
        customer = await _customers(w)
        await _reference_writes(w, customer)
        await _sales(w, i, customer)
        await _people(w, i)
        await _stock(w, i)
        await _adjustments(w, i)
        await _products(w, i)
        await _webhooks(w)
        if customer:
            await w("DELETE /customers/{customer_id}", f"/customers/{customer}")
        await w("DELETE /variant_attributes/{attribute-id}", f"/variant_attributes/{i['attribute']}")
    return w


def _run(factory: Callable[[], Coroutine[Any, Any, Walk]]) -> Walk:
    return asyncio.run(factory())


CASES = [pytest.param(release, segment, id=f"lightspeed@{release}-{segment}")
         for release, segments in RELEASES.items() for segment in segments]


@pytest.mark.parametrize(("release", "segment"), CASES)
def test_every_emulated_answer_carries_every_declared_property(release: str, segment: str) -> None:
    w = _run(lambda: _walk(release, segment))
    assert sorted(w.served - w.done) == [], "emulated operations the walk never called (add them here)"
    assert w.problems == [], "answers that break the contract:\n" + "\n".join(w.problems)
    assert w.gaps == {}, f"{len(w.gaps)} declared properties missing:\n" + "\n".join(
        f"{k} (first at {v})" for k, v in w.gaps.items())


def test_the_walk_finds_a_property_a_twin_leaves_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """A planted omission (an outlet without its email) is listed with its component."""
    from stockgate.twins.lightspeed import shapes

    real = shapes.outlet
    monkeypatch.setattr(shapes, "outlet", lambda row: {k: v for k, v in real(row).items() if k != "email"})
    w = _run(lambda: _walk("2026-07", "2.0"))
    assert w.gaps.get("GET /outlets: Outlet.email") == "/data/0/email", w.gaps
