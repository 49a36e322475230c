"""The Lightspeed twin's remaining connector-area operations, statefully and per version.

Deletes of brands, suppliers and tags (products disassociated), customer groups and their members,
customer addresses (date versions, the documents' validation rules), outlet taxes in step with the
catalog. Every answer is checked against its contract by the ``lightspeed`` fixture.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytestmark = pytest.mark.anyio
NZ = {"address_line_1": "123 Main Street", "city": "Auckland", "country_code": "NZ", "postcode": "1010",
      "type": "BILLING"}


def _first(ls: Any, table: str) -> Any:
    return next(r for r in getattr(ls.app.twin.catalog, table).values() if not r.deleted_at)


@pytest.mark.parametrize("segment", ["2.0", "2026-07"])
async def test_deleting_a_brand_supplier_or_tag_disassociates_its_products(lightspeed: Any, segment: str) -> None:
    ls = lightspeed()
    store = ls.app.twin.store
    brand = next(p.brand_id for p in store.products.values() if p.brand_id)
    tag = next(t for p in store.products.values() for t in p.tag_ids)
    supplier = next(p.supplier_id for p in store.products.values() if p.supplier_id)
    for kind, row_id, field in (("brands", brand, "brand_id"), ("tags", tag, "tag_ids"),
                                ("suppliers", supplier, "supplier_id")):
        r = await ls.delete(f"/api/{segment}/{kind}/{row_id}")
        assert r.status_code == 200, r.text
        body = r.json()["payload"] if kind == "brands" else r.json()
        assert body["data"]["id"] == row_id and body["data"]["job_id"]
        assert (await ls.get(f"/api/{segment}/{kind}/{row_id}")).status_code == 404
        listed = (await ls.get(f"/api/{segment}/{kind}", params={"deleted": "true"})).json()["data"]
        assert [x["deleted_at"] for x in listed if x["id"] == row_id] != [None]
        assert row_id not in {x["id"] for x in (await ls.get(f"/api/{segment}/{kind}")).json()["data"]}
        products = (await ls.get(f"/api/{segment}/products", params={"page_size": 200})).json()["data"]
        assert all(row_id != p.get(field) and row_id not in (p.get(field) or []) for p in products), kind
        assert (await ls.delete(f"/api/{segment}/{kind}/{row_id}")).status_code == 404


async def test_customer_groups_are_created_renamed_and_move_their_members(lightspeed: Any) -> None:
    ls = lightspeed()
    default = _first(ls, "customer_groups")
    customer = _first(ls, "customers")
    made = await ls.post("/api/2026-07/customer_groups", json={"name": "Trade", "group_id": "TRADE"})
    assert made.status_code == 201, made.text
    group = made.json()["data"]
    assert group["name"] == "Trade" and group["group_id"] == "TRADE" and group["deleted_at"] is None
    path = f"/api/2026-07/customer_groups/{group['id']}"
    renamed = (await ls.put(path, json={"name": "Wholesale"})).json()["data"]
    assert renamed["name"] == "Wholesale" and renamed["version"] > group["version"]
    assert (await ls.put(path, json={"name": " "})).status_code == 422
    added = await ls.post(f"{path}/customers", json={"customer_ids": [customer.id]})
    assert added.status_code == 201 and added.json() is True
    members = (await ls.get(f"{path}/customers")).json()["data"]
    assert [m["id"] for m in members] == [customer.id] and members[0]["customer_group_id"] == group["id"]
    read = (await ls.get(f"/api/2026-07/customers/{customer.id}")).json()["data"]
    assert read["customer_group_id"] == group["id"]
    assert (await ls.post(f"{path}/customers", json={"customer_ids": ["nobody"]})).status_code == 404
    assert (await ls.post(f"{path}/customers", json={"customer_ids": []})).status_code == 422
    removed = await ls.request("DELETE", f"{path}/customers", json={"customer_ids": [customer.id]})
    assert removed.status_code == 204 and removed.content == b""
    assert (await ls.get(f"{path}/customers")).json()["data"] == []
    read = (await ls.get(f"/api/2026-07/customers/{customer.id}")).json()["data"]
    assert read["customer_group_id"] == default.id


async def test_deleting_a_customer_group_on_2_0_returns_its_customers_to_the_default_group(lightspeed: Any) -> None:
    ls = lightspeed()
    default = _first(ls, "customer_groups")
    customer = _first(ls, "customers")
    group = (await ls.post("/api/2.0/customer_groups", json={"name": "VIP"})).json()["data"]
    await ls.post(f"/api/2.0/customer_groups/{group['id']}/customers", json={"customer_ids": [customer.id]})
    gone = await ls.delete(f"/api/2.0/customer_groups/{group['id']}")
    assert gone.status_code == 204
    assert (await ls.get(f"/api/2.0/customer_groups/{group['id']}")).status_code == 404
    read = (await ls.get(f"/api/2.0/customers/{customer.id}")).json()["data"]
    assert read["customer_group_id"] == default.id
    assert (await ls.delete(f"/api/2.0/customer_groups/{default.id}")).status_code == 422
    # 2026-07's contract has no group delete: not emulated there, and never a no-route 404
    assert (await ls.delete(f"/api/2026-07/customer_groups/{group['id']}")).status_code == 404


async def test_customer_addresses_follow_the_documented_validation_rules(lightspeed: Any) -> None:
    ls = lightspeed()
    customer = _first(ls, "customers")
    base = f"/api/2026-07/customers/{customer.id}/addresses"
    made = await ls.post(base, json=NZ)
    assert made.status_code == 201, made.text
    address = made.json()["data"]
    assert address["country_name"] == "New Zealand" and address["customer_id"] == customer.id
    assert isinstance(address["id"], int) and address["id_token"]
    one = f"{base}/{address['id']}"
    assert (await ls.get(one)).json()["data"] == {k: v for k, v in address.items() if k != "id_token"}
    moved = await ls.put(one, json={**NZ, "country_code": "us", "state_code": "ca", "city": "Cupertino",
                                    "type": "SHIPPING"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["data"]["country_code"] == "US" and moved.json()["data"]["state_code"] == "CA"
    assert moved.json()["data"]["country_name"] == "United States"
    for broken, word in (({**NZ, "country_code": "XX"}, "country_code"), ({**NZ, "country_code": "US"}, "state_code"),
                         ({**NZ, "country_code": "CA", "state_code": "TX"}, "state_code"),
                         ({**NZ, "postcode": ""}, "postcode"), ({**NZ, "type": "HOME"}, "type"),
                         ({**NZ, "city": "x" * 29}, "city"), ({k: v for k, v in NZ.items() if k != "type"}, "type")):
        refused = await ls.post(base, json=broken)
        assert refused.status_code == 400 and word in refused.json()["error"], (broken, refused.text)
    assert [a["id"] for a in (await ls.get(base)).json()["data"]] == [address["id"]]
    other = next(c for c in ls.app.twin.catalog.customers.values() if c.id != customer.id)
    assert (await ls.get(f"/api/2026-07/customers/{other.id}/addresses/{address['id']}")).status_code == 404
    assert (await ls.get(f"{base}/not-a-number")).status_code == 404
    assert (await ls.delete(one)).status_code == 204
    assert (await ls.get(one)).status_code == 404
    assert (await ls.get(f"/api/2.0/customers/{customer.id}/addresses")).status_code == 404  # not in 2.0


async def test_outlet_taxes_name_the_tax_each_product_is_charged_at_each_outlet(lightspeed: Any) -> None:
    ls = lightspeed()
    store, catalog = ls.app.twin.store, ls.app.twin.catalog
    page = (await ls.get("/api/2026-07/outlet_taxes", params={"page_size": 10000})).json()
    rows, top = page["data"], page["version"]["max"]
    live = [p for p in store.products.values() if not p.deleted_at]
    assert len(rows) == len(live) * len(store.outlets)
    taxes = {t["id"] for t in (await ls.get("/api/2026-07/taxes")).json()["data"]}
    for row in rows:
        assert row["tax_id"] == store.outlets[row["outlet_id"]].default_tax_id and row["tax_id"] in taxes
    outlet = next(iter(store.outlets))
    narrowed = (await ls.get("/api/2.0/outlet_taxes", params={"outlet_id": outlet, "page_size": 10000})).json()
    assert {r["outlet_id"] for r in narrowed["data"]} == {outlet} and len(narrowed["data"]) == len(live)
    assert (await ls.get("/api/2.0/outlet_taxes", params={"after": top, "outlet_id": outlet})).json()["data"] == []
    product = live[0].id
    assert (await ls.delete(f"/api/2026-07/products/{product}")).status_code in (200, 204)
    later = (await ls.get("/api/2.0/outlet_taxes", params={"after": top, "deleted": "true"})).json()["data"]
    assert {r["product_id"] for r in later} == {product} and all(r["deleted_at"] for r in later)
    assert catalog.taxes  # the tax rows themselves are untouched


async def _closed_sale(ls: Any, register: str, user: str, payment: str) -> dict[str, Any]:
    product = next(p.id for p in ls.app.twin.store.products.values() if p.sku == "MUG-BLK")
    r = await ls.post("/api/register_sales", json={
        "register_id": register, "user_id": user, "status": "CLOSED",
        "register_sale_products": [{"product_id": product, "quantity": 2, "price": 10, "tax": 1, "cost": 4,
                                    "discount": 0.5, "loyalty_value": 0.1}],
        "register_sale_payments": [{"retailer_payment_type_id": payment, "amount": 22}]})
    assert r.status_code == 200, r.text
    return dict(r.json()["register_sale"])


async def test_a_users_sale_totals_and_a_registers_payment_summary_follow_its_sales(lightspeed: Any) -> None:
    ls = lightspeed()
    store, catalog = ls.app.twin.store, ls.app.twin.catalog
    register = next(iter(store.registers.values()))
    user = next(u.id for u in store.users.values() if not u.is_primary_user)
    cash = next(p for p in catalog.payment_types.values() if p.name == "Cash")
    await _closed_sale(ls, register.id, user, cash.id)
    await _closed_sale(ls, register.id, user, cash.id)
    for segment in ("2.0", "2026-07"):
        totals = (await ls.get(f"/api/{segment}/users/{user}/sale_totals")).json()["data"]
        assert [t["label"] for t in totals] == ["today", "month"]
        today = totals[0]
        assert today == {**today, "sale_count": 2, "revenue": 40, "tax": 4, "total": 44, "cost": 16,
                         "discounts": 2, "loyalty": 0.4}, today
        now, at = dt.datetime.fromisoformat(ls.app.twin.now()), dt.datetime.fromisoformat
        assert at(today["date_from"]) <= now <= at(today["date_to"]) and totals[1]["date_to"] == today["date_to"]
        assert at(today["date_to"]) - at(today["date_from"]) == dt.timedelta(days=1, seconds=-1)
        assert at(totals[1]["date_from"]) <= at(today["date_from"])
        summary = (await ls.get(f"/api/{segment}/registers/{register.id}/payments_summary")).json()["data"]
        paid = {p["payment_type_name"]: p["total"] for p in summary["payments"]}
        assert paid["Cash"] == "44.00" and set(paid) == {p.name for p in catalog.payment_types.values()}
        assert summary["register_closure_id"] == register.open_sequence_id
    primary = next(u.id for u in store.users.values() if u.is_primary_user)
    nobody = (await ls.get(f"/api/2.0/users/{primary}/sale_totals")).json()["data"][0]
    assert nobody["sale_count"] == 0 and nobody["total"] == 0
    await ls.put(f"/api/2.0/registers/{register.id}/actions/close", json={})
    await ls.put(f"/api/2.0/registers/{register.id}/actions/open", json={})
    fresh = (await ls.get(f"/api/2.0/registers/{register.id}/payments_summary")).json()["data"]
    assert {p["total"] for p in fresh["payments"]} == {"0.00"}  # a new session has taken nothing yet
    assert fresh["register_closure_sequence_number"] == 2


async def test_users_are_read_in_bulk_per_version_and_deleted_except_yourself_and_the_primary_admin(
        lightspeed: Any) -> None:
    ls = lightspeed()
    store = ls.app.twin.store
    primary = next(u.id for u in store.users.values() if u.is_primary_user)
    other = next(u.id for u in store.users.values() if not u.is_primary_user)
    legacy = await ls.post("/api/2.0/users/bulk", json={"user_ids": [other, "nobody"]})
    assert [u["id"] for u in legacy.json()["data"]] == [other]
    dated = await ls.post("/api/2026-07/users/bulk", json=[primary, other])
    assert [u["id"] for u in dated.json()["data"]] == [primary, other]
    assert (await ls.post("/api/2026-07/users/bulk", json={"user_ids": [other]})).status_code == 400
    assert (await ls.post("/api/2.0/users/bulk", json=[other])).status_code in (400, 422)
    refused = await ls.delete(f"/api/2026-07/users/{primary}")
    assert refused.status_code == 403 and refused.json() == {"error": "permission denied"}
    gone = await ls.delete(f"/api/2026-07/users/{other}")
    assert gone.status_code == 200 and gone.json()["data"]["deleted_at"]
    assert (await ls.get(f"/api/2026-07/users/{other}")).status_code == 404
    assert (await ls.delete(f"/api/2026-07/users/{other}")).json() == {"error": "user not found"}


async def test_deleting_a_users_sessions_ends_its_tokens(lightspeed: Any) -> None:
    ls = lightspeed()
    me = (await ls.get("/api/2.0/user")).json()["data"]["id"]
    ended = await ls.delete(f"/api/2.0/users/{me}/sessions")
    assert ended.status_code == 200 and ended.content == b""
    assert (await ls.get("/api/2.0/user")).status_code == 401


async def test_product_images_are_uploaded_reordered_and_deleted(lightspeed: Any) -> None:
    ls = lightspeed()
    store = ls.app.twin.store
    mug = next(p for p in store.products.values() if p.sku == "MUG-BLK")
    before = len(mug.images)
    base = f"/api/2026-07/products/{mug.id}/actions/image_upload"
    made = await ls.post(base, files={"image": ("mug.jpg", b"\xff\xd8\xff\xe0 mug", "image/jpeg")})
    assert made.status_code == 201, made.text
    image = made.json()["data"]
    assert image["product_id"] == mug.id and image["position"] == before + 1 and image["status"] == "uploaded"
    product = (await ls.get(f"/api/2026-07/products/{mug.id}")).json()["data"]
    assert product["images"][-1]["id"] == image["id"]
    one = f"/api/2.0/product_images/{image['id']}"
    moved = (await ls.put(one, json={"position": 1})).json()["data"]
    assert moved["position"] == 1 and moved["version"] > image["version"]
    assert (await ls.get(f"/api/2026-07/products/{mug.id}")).json()["data"]["images"][0]["id"] == image["id"]
    assert (await ls.put(one, json={})).status_code == 400
    no_form = await ls.post(base, content=b"\xff\xd8", headers={"Content-Type": "image/jpeg"})
    assert no_form.status_code == 400 and "multipart/form-data" in no_form.json()["error"]
    wrong_part = await ls.post(base, files={"file": ("mug.jpg", b"\xff\xd8", "image/jpeg")})
    assert wrong_part.status_code == 400 and "'image'" in wrong_part.json()["error"]
    assert (await ls.delete(one)).status_code == 204
    assert (await ls.get(one)).status_code == 404
    assert len((await ls.get(f"/api/2026-07/products/{mug.id}")).json()["data"]["images"]) == before


async def test_deleting_a_family_deletes_its_parent_and_every_variant(lightspeed: Any) -> None:
    ls = lightspeed()
    store = ls.app.twin.store
    child = next(p for p in store.products.values() if p.variant_parent_id)
    family = {child.variant_parent_id} | {p.id for p in store.children(str(child.variant_parent_id))}
    alone = next(p for p in store.products.values() if not p.variant_parent_id and not store.children(p.id))
    gone = await ls.delete(f"/api/2026-07/products/{child.id}/all")
    assert gone.status_code == 200 and gone.content == b""
    for pid in family:
        assert (await ls.get(f"/api/2026-07/products/{pid}")).status_code == 404
    assert (await ls.get(f"/api/2026-07/products/{alone.id}")).status_code == 200
    assert (await ls.delete(f"/api/2026-07/products/{child.id}/all")).status_code == 404
