"""The Lightspeed twin's reference data and complete objects: every id an answer carries resolves.

Taxes behind sale lines, payment types behind payments, brands, suppliers, types and tags behind
products, customers behind sales; customers are created, found, changed and deleted; consignment
totals and stocktake gains follow the lines. Every answer is checked against its contract.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.anyio


def seeded(ls: Any) -> dict[str, Any]:
    twin = ls.app.twin
    store, catalog = twin.store, twin.catalog
    central = next(o for o in store.outlets.values() if o.name.startswith("Central"))
    return {"central": central.id, "register": next(r.id for r in store.registers.values()
                                                    if r.outlet_id == central.id),
            "user": next(u.id for u in store.users.values() if u.is_primary_user),
            "product": {p.sku: p.id for p in store.products.values()},
            "tax": {t.name: t.id for t in catalog.taxes.values()},
            "payment": {p.name: p.id for p in catalog.payment_types.values()},
            "customer": {c.first_name: c.id for c in catalog.customers.values()}}


async def _sale(ls: Any, i: dict[str, Any], lines: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    body = {"register_id": i["register"], "user_id": i["user"], "status": "CLOSED", "register_sale_products": lines,
            **extra}
    r = await ls.post("/api/register_sales", json=body)
    assert r.status_code == 200, r.text
    return dict(r.json()["register_sale"])


async def test_a_line_without_a_tax_is_charged_its_outlets_default_tax_and_every_tax_id_resolves(
        lightspeed: Any) -> None:
    ls = lightspeed()
    i = seeded(ls)
    sale = await _sale(ls, i, [{"product_id": i["product"]["MUG-BLK"], "quantity": 2, "price": 12, "tax": 0},
                               {"product_id": i["product"]["CAP-NVY"], "quantity": 1, "price": 18,
                                "tax_id": i["tax"]["Sales Tax"]}])
    outlet = (await ls.get(f"/api/2.0/outlets/{i['central']}")).json()["data"]
    assert outlet["default_tax_id"] == i["tax"]["No Tax"]
    read = (await ls.get(f"/api/2.0/sales/{sale['id']}")).json()["data"]
    taxes = {t["id"]: t for t in (await ls.get("/api/2.0/taxes")).json()["data"]}
    untaxed, taxed = read["line_items"]
    assert untaxed["tax_id"] == outlet["default_tax_id"] and taxed["tax_id"] == i["tax"]["Sales Tax"]
    assert taxed["tax"] == 1.44 and taxed["tax_total"] == 1.44  # no amount sent: price times the tax's 8 %
    rate = taxes[taxed["tax_id"]]["rates"][0]
    assert taxed["tax_components"] == [{"rate_id": rate["id"], "total_tax": 1.44}]
    assert {"id": rate["id"], "name": "Sales Tax", "rate": 0.08, "amount": 1.44} in read["taxes"]
    one = (await ls.get(f"/api/2026-07/taxes/{taxed['tax_id']}")).json()["data"]
    assert one["name"] == "Sales Tax" and one["rates"][0]["rate"] == 0.08
    refused = await ls.post("/api/register_sales", json={
        "register_id": i["register"], "user_id": i["user"], "status": "CLOSED",
        "register_sale_products": [{"product_id": i["product"]["MUG-BLK"], "quantity": 1, "tax_id": "nope"}]})
    assert refused.status_code == 422 and "tax_id nope" in refused.json()["error"]


async def test_sale_lines_carry_price_cost_discount_loyalty_and_totals_on_both_models(lightspeed: Any) -> None:
    ls = lightspeed()
    i = seeded(ls)
    sale = await _sale(ls, i, [{"product_id": i["product"]["MUG-BLK"], "quantity": 3, "price": 12, "tax": 0,
                                "discount": 1, "loyalty_value": 0.5}])
    legacy = (await ls.get(f"/api/2.0/sales/{sale['id']}")).json()["data"]
    line = legacy["line_items"][0]
    assert (line["price_total"], line["cost"], line["cost_total"], line["discount_total"]) == (36, 5, 15, 3)
    assert line["status"] == "CONFIRMED" and legacy["total_loyalty"] == 1.5
    assert legacy["receipt_number"] == legacy["invoice_number"] == sale["invoice_number"]
    dated = (await ls.get(f"/api/2026-07/sales/{sale['id']}")).json()["data"]
    pricing = dated["line_items"][0]["pricing"]
    assert (pricing["total"], pricing["cost_total"], pricing["loyalty_amount_total"]) == (36, 15, 1.5)
    assert dated["receipt_number"] == sale["invoice_number"] and dated["totals"]["loyalty"] == 1.5
    started = (await ls.post(f"/api/2026-07/sales/{sale['id']}/actions/return")).json()["data"]
    back = started["line_items"][0]  # the return action answers the 2.0 sale with its state (response override)
    assert (back["quantity"], back["price_total"], back["status"], started["state"]) == (-3, -36, "SAVED", "parked")
    original = (await ls.get(f"/api/2026-07/sales/{sale['id']}")).json()["data"]
    assert original["return"]["return_sale_ids"] == [started["id"]]


async def test_payments_name_a_payment_type_of_the_retailer(lightspeed: Any) -> None:
    ls = lightspeed()
    i = seeded(ls)
    cash = i["payment"]["Cash"]
    sale = await _sale(ls, i, [{"product_id": i["product"]["MUG-BLK"], "quantity": 1, "price": 12, "tax": 0}],
                       register_sale_payments=[{"retailer_payment_type_id": cash, "amount": 12}])
    paid = (await ls.get(f"/api/2.0/sales/{sale['id']}")).json()["data"]["payments"][0]
    assert (paid["retailer_payment_type_id"], paid["payment_type_id"], paid["name"], paid["amount"]) == (
        cash, "1", "Cash", 12)
    types = {t["id"]: t for t in (await ls.get("/api/2.0/payment_types")).json()["data"]}
    assert types[cash]["type_id"] == 1
    body = {"state": "closed", "source": {"author_id": i["user"], "register_id": i["register"]},
            "line_items": [{"product": {"id": i["product"]["MUG-WHT"]}, "quantity": 1, "pricing": {"price": 12},
                            "tax": {"id": "", "amount": 0}}],
            "payments": [{"amount": 12, "type": {"config_id": i["payment"]["Gift Card"]}}], "short_code": "gftcrd"}
    created = (await ls.post("/api/2026-07/sales", json=body)).json()["data"]
    assert created["short_code"] == "gftcrd" and created["payments"][0]["type"] == {
        "config_id": i["payment"]["Gift Card"], "id": "118", "name": "Gift Card"}
    body["payments"] = [{"amount": 12, "type": {"config_id": "nope"}}]
    assert (await ls.post("/api/2026-07/sales", json=body)).status_code == 422


async def test_products_carry_their_brand_supplier_type_tags_and_images(lightspeed: Any) -> None:
    ls = lightspeed()
    i = seeded(ls)
    mug = (await ls.get(f"/api/2.0/products/{i['product']['MUG-BLK']}")).json()["data"]
    brand = (await ls.get(f"/api/2.0/brands/{mug['brand_id']}")).json()["data"]
    supplier = (await ls.get(f"/api/2.0/suppliers/{mug['supplier_id']}")).json()["data"]
    kind = (await ls.get(f"/api/2.0/product_types/{mug['product_type_id']}")).json()["data"]
    assert (mug["brand"]["name"], mug["supplier"]["name"], mug["type"]["name"]) == (
        brand["name"], supplier["name"], kind["name"]) == ("Stockgate", "MugCo Wholesale", "Drinkware")
    tags = {t["id"]: t["name"] for t in (await ls.get("/api/2.0/tags")).json()["data"]}
    assert [tags[t] for t in mug["tag_ids"]] == [c["name"] for c in mug["categories"]] == ["kitchen", "bestseller"]
    assert mug["product_suppliers"][0]["code"] == "MC-100-BLK" and mug["supply_price"] == 5
    assert mug["images"][0]["sizes"]["standard"] == mug["image_url"] != mug["images"][0]["url"]
    cap = (await ls.get(f"/api/2026-07/products/{i['product']['CAP-NVY']}")).json()["data"]
    assert cap["images"] == [] and cap["image_url"].endswith("/no-image-white-standard.png")
    assert cap["product_category"]["name"] == "Apparel" and cap["family_id"] == cap["id"]
    found = (await ls.get("/api/2.0/search", params={"type": "products", "brand_id": mug["brand_id"]})).json()
    skus = {p["sku"] for p in found["data"]}
    assert {"MUG-BLK", "MUG-WHT", "BOTTLE-1L"} <= skus and "CAP-NVY" not in skus
    refused = await ls.post("/api/2.0/products", json={"name": "Tote", "brand_id": "nope"})
    assert refused.status_code == 422 and "brand nope" in refused.json()["error"]


async def test_reference_data_is_created_and_read_back(lightspeed: Any) -> None:
    ls = lightspeed()
    brand = (await ls.post("/api/2.0/brands", json={"name": "Northwind"})).json()["data"]
    assert (await ls.get(f"/api/2.0/brands/{brand}")).json()["data"]["name"] == "Northwind"
    supplier = (await ls.post("/api/2026-07/suppliers", json={"name": "Acme", "contact": {"email": "a@x.example"}}))
    contact = (await ls.get(f"/api/2026-07/suppliers/{supplier.json()['data']}")).json()["data"]["contact"]
    assert contact["email"] == "a@x.example" and contact["phone"] is None
    legacy = (await ls.get(f"/api/2.0/suppliers/{supplier.json()['data']}")).json()["data"]["contact"]
    assert legacy["phone"] == ""  # 2.0 types contact lines as non-null strings
    made = await ls.post("/api/2026-07/taxes", json={"name": "City Tax", "rate": 0.02})
    assert made.status_code == 201 and made.json()["data"]["rates"][0]["rate"] == 0.02
    again = await ls.post("/api/2026-07/taxes", json={"name": "city tax", "rate": 0.03})
    assert again.status_code == 409
    assert (await ls.post("/api/2.0/taxes", json={"name": "X", "rate": 0.1})).status_code == 404  # not in 2.0


async def test_customers_are_created_found_changed_and_deleted(lightspeed: Any) -> None:
    ls = lightspeed()
    i = seeded(ls)
    made = await ls.post("/api/2.0/customers", json={"first_name": "Ada", "last_name": "Lovelace",
                                                     "email": "ada@example.com"})
    assert made.status_code == 201
    ada = made.json()["data"]
    assert ada["name"] == "Ada Lovelace" and ada["customer_code"].startswith("Ada-") and ada["year_to_date"] == 0
    groups = {g["id"]: g["name"] for g in (await ls.get("/api/2.0/customer_groups")).json()["data"]}
    assert groups[ada["customer_group_id"]] == "All Customers"
    await _sale(ls, i, [{"product_id": i["product"]["MUG-BLK"], "quantity": 2, "price": 12, "tax": 0}],
                customer_id=ada["id"])
    changed = await ls.put(f"/api/2026-07/customers/{ada['id']}", json={"last_name": "King"})
    assert changed.json()["data"]["name"] == "Ada King" and changed.json()["data"]["year_to_date"] == 24
    found = (await ls.get("/api/2.0/search", params={"type": "customers", "last_name": "King"})).json()["data"]
    assert [c["id"] for c in found] == [ada["id"]]
    assert (await ls.delete(f"/api/2.0/customers/{ada['id']}")).status_code == 204
    listed = {c["id"] for c in (await ls.get("/api/2.0/customers")).json()["data"]}
    assert ada["id"] not in listed and i["customer"]["Jane"] in listed
    walk_in = ls.app.twin.store.default_customer_id
    assert walk_in in listed and (await ls.delete(f"/api/2.0/customers/{walk_in}")).status_code == 422
    unknown = await ls.post("/api/register_sales", json={
        "register_id": i["register"], "user_id": i["user"], "status": "CLOSED", "customer_id": "nope",
        "register_sale_products": [{"product_id": i["product"]["MUG-BLK"], "quantity": 1}]})
    assert unknown.status_code == 422


async def test_consignment_totals_and_stocktake_gains_follow_the_lines(lightspeed: Any) -> None:
    ls = lightspeed()
    i = seeded(ls)
    mug, cap = i["product"]["MUG-BLK"], i["product"]["CAP-NVY"]
    order = (await ls.post("/api/2.0/consignments", json={"name": "PO", "type": "SUPPLIER",
                                                          "outlet_id": i["central"]})).json()["data"]
    await ls.post(f"/api/2.0/consignments/{order['id']}/products", json={"product_id": mug, "count": 4, "cost": 5})
    await ls.post(f"/api/2.0/consignments/{order['id']}/bulk", json=[{"product_id": mug, "received": 3}])
    totals = (await ls.get(f"/api/2.0/consignments/{order['id']}/totals")).json()["data"]
    assert totals == [{"total_sent_count": "4.00000", "total_sent_cost": "20.00000",
                       "total_received_count": "3.00000", "total_received_cost": "15.00000"}]
    count = (await ls.post("/api/2.0/consignments", json={"name": "Count", "type": "STOCKTAKE",
                                                          "outlet_id": i["central"]})).json()["data"]
    assert count["total_count_gain"] is None
    for product, counted in ((mug, 22), (cap, 7)):  # 20 → 22 and 10 → 7
        await ls.post(f"/api/2.0/consignments/{count['id']}/products", json={"product_id": product,
                                                                            "received": counted})
    for status in ("STOCKTAKE_IN_PROGRESS", "STOCKTAKE_COMPLETE"):
        await ls.put(f"/api/2.0/consignments/{count['id']}", json={"status": status})
    done = (await ls.get(f"/api/2026-07/consignments/{count['id']}")).json()["data"]
    assert (done["total_count_gain"], done["total_cost_gain"]) == (2, 10)  # the mug's supply price is 5
    assert (done["total_count_loss"], done["total_cost_loss"]) == (-3, -21)  # the cap's is 7


async def test_users_registers_outlets_and_variant_attributes_are_complete(lightspeed: Any) -> None:
    ls = lightspeed()
    i = seeded(ls)
    me = (await ls.get("/api/2026-07/user")).json()["data"]
    assert me["id"] == i["user"] and me["email"] == "owner@demo.example" and me["images"]["ss"] == me["image_source"]
    register = (await ls.get(f"/api/2.0/registers/{i['register']}")).json()["data"]
    assert register["cash_managed_payment_type_id"] == i["payment"]["Cash"] and register["register_open_time"]
    outlet = (await ls.get(f"/api/2026-07/outlets/{i['central']}")).json()["data"]
    assert (outlet["physical_address_1"], outlet["physical_city"], outlet["physical_state"]) == (
        "1 Market Street", "St. Louis", "MO")
    retailer = (await ls.get("/api/2026-07/retailer")).json()["data"]
    assert retailer["no_tax_group_id"] == i["tax"]["No Tax"] and retailer["timezone"] == outlet["time_zone"]
    attributes = {a["name"]: a["id"] for a in (await ls.get("/api/2.0/variant_attributes")).json()["data"]}
    renamed = await ls.put(f"/api/2.0/variant_attributes/{attributes['Color']}", json={"name": "Colour"})
    assert renamed.json()["data"] == {"id": attributes["Color"], "name": "Colour"}
    shirt = (await ls.get("/api/2.0/products", params={"sku": ls.app.twin.store.products[
        next(p for p in i["product"].values() if ls.app.twin.store.products[p].variant_parent_id)].sku})).json()
    assert {o["name"] for o in shirt["data"][0]["variant_options"]} == {"Colour", "Size"}
    assert (await ls.put(f"/api/2.0/variant_attributes/{attributes['Size']}", json={"name": "colour"})
            ).status_code == 422
    assert (await ls.delete(f"/api/2.0/variant_attributes/{attributes['Size']}")).status_code == 200
    assert (await ls.get(f"/api/2.0/variant_attributes/{attributes['Size']}")).status_code == 404


async def test_customer_changes_are_customer_update_webhooks(lightspeed: Any) -> None:
    import json
    from urllib.parse import parse_qs

    import httpx

    seen: list[dict[str, Any]] = []

    def subscriber(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(parse_qs(request.content.decode())["payload"][0]))
        return httpx.Response(200)

    ls = lightspeed()
    await ls.post("/api/2026-07/webhooks", json={"url": "https://hooks.example/c", "type": "customer.update",
                                                 "active": True})
    made = (await ls.post("/api/2026-07/customers", json={"first_name": "Ada", "physical_city": "London"})).json()
    await ls.put(f"/api/2026-07/customers/{made['data']['id']}", json={"last_name": "King"})
    assert await ls.app.twin.webhooks.deliver(httpx.MockTransport(subscriber)) == 2
    assert [(c["id"], c["name"], c["physical_city"]) for c in seen] == [
        (made["data"]["id"], "Ada", "London"), (made["data"]["id"], "Ada King", "London")]
    assert seen[0]["customer_group_name"] == "All Customers"
