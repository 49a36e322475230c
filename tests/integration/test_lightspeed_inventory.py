"""Date-version inventory writes and reads: stock adjustments, reorder points, inventory levels; registers
opened and closed; brands, suppliers and tags renamed. Every answer is checked against its contract.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.anyio


def seeded(ls: Any) -> dict[str, Any]:
    store = ls.app.twin.store
    outlets = {o.name.split()[0].lower(): o.id for o in store.outlets.values()}
    family = next(p for p in store.products.values() if store.children(p.id))
    return {"outlet": outlets, "product": {p.sku: p.id for p in store.products.values()},
            "family": family.id, "children": [c.id for c in store.children(family.id)],
            "register": next(iter(store.registers))}


def level(ls: Any, product: str, outlet: str) -> float:
    return float(ls.app.twin.store.level(product, outlet))


async def test_stock_adjustments_move_on_hand_by_their_signed_quantity(lightspeed: Any) -> None:
    ls = lightspeed()
    i = seeded(ls)
    mug, central = i["product"]["MUG-BLK"], i["outlet"]["central"]
    r = await ls.post("/api/2026-07/stock_adjustments", json={"stock_adjustments": [
        {"product_id": mug, "outlet_id": central, "quantity": "-2", "reason": "DAMAGE"},
        {"product_id": mug, "outlet_id": central, "quantity": "5", "reason": "STOCK_FOUND"}]})
    assert r.status_code == 201, r.text
    assert [(a["quantity"], a["reason"]) for a in r.json()["data"]] == [("-2", "DAMAGE"), ("5", "STOCK_FOUND")]
    assert level(ls, mug, central) == 23
    listed = (await ls.get("/api/2026-07/stock_adjustments")).json()["data"]
    assert [a["id"] for a in listed] == [a["id"] for a in r.json()["data"]]


@pytest.mark.parametrize(("item", "words"), [
    ({"quantity": "2", "reason": "THEFT"}, "must be negative"),
    ({"quantity": "-2", "reason": "SAMPLE_FOR_SALE"}, "must be positive"),
    ({"quantity": -2, "reason": "DAMAGE"}, "numeric string"),
    ({"quantity": "-2", "reason": "CUSTOM"}, "required for CUSTOM"),
    ({"quantity": "-2", "reason": "DAMAGE", "custom_inventory_adjustment_reason_id": "x"}, "only for CUSTOM"),
])
async def test_an_adjustment_breaking_the_documented_rules_refuses_the_whole_batch(
        lightspeed: Any, item: dict[str, Any], words: str) -> None:
    ls = lightspeed()
    i = seeded(ls)
    mug, central = i["product"]["MUG-BLK"], i["outlet"]["central"]
    good = {"product_id": mug, "outlet_id": central, "quantity": "-1", "reason": "DAMAGE"}
    r = await ls.post("/api/2026-07/stock_adjustments", json={"stock_adjustments": [
        good, {"product_id": mug, "outlet_id": central, **item}]})
    assert r.status_code == 422 and words in r.json()["error"]
    assert level(ls, mug, central) == 20  # the good one was not applied either


async def test_custom_reasons_set_the_sign_and_a_disabled_one_is_refused(lightspeed: Any) -> None:
    ls = lightspeed()
    i = seeded(ls)
    mug, north = i["product"]["MUG-BLK"], i["outlet"]["north"]
    reason = (await ls.post("/api/2026-07/custom_inventory_adjustment_reasons",
                            json={"name": "Returned by staff", "type": "POSITIVE", "enabled": True})).json()["data"]
    item = {"product_id": mug, "outlet_id": north, "quantity": "3", "reason": "CUSTOM",
            "custom_inventory_adjustment_reason_id": reason["id"]}
    made = await ls.post("/api/2026-07/stock_adjustments", json={"stock_adjustments": [item]})
    assert made.json()["data"][0]["custom_inventory_adjustment_reason_id"] == reason["id"]
    assert level(ls, mug, north) == 11
    wrong = await ls.post("/api/2026-07/stock_adjustments", json={"stock_adjustments": [{**item, "quantity": "-3"}]})
    assert wrong.status_code == 422
    await ls.put(f"/api/2026-07/custom_inventory_adjustment_reasons/{reason['id']}", json={"enabled": False})
    off = await ls.post("/api/2026-07/stock_adjustments", json={"stock_adjustments": [item]})
    assert off.status_code == 422 and level(ls, mug, north) == 11
    assert (await ls.post("/api/2.0/stock_adjustments", json={"stock_adjustments": [item]})).status_code == 404


async def test_reorder_points_fixed_and_min_max_as_inventory_reads_them(lightspeed: Any) -> None:
    ls = lightspeed()
    i = seeded(ls)
    mug, cap, central, north = i["product"]["MUG-BLK"], i["product"]["CAP-NVY"], i["outlet"]["central"], i[
        "outlet"]["north"]
    r = await ls.post("/api/2026-07/inventory/reorder_points", json=[
        {"method": "FIXED", "product_id": mug, "outlet_id": central, "reorder_point": 5, "reorder_amount": 20},
        {"method": "MIN_MAX", "product_id": cap, "outlet_id": central, "reorder_point": 4, "reorder_target": 25}])
    assert r.status_code == 200, r.text
    rows = {x["product_id"]: x for x in (await ls.post("/api/2026-07/inventory", json={"size": 5000})).json()
            if x["outlet_id"] == central}
    assert (rows[mug]["reorder_method"], rows[mug]["reorder_target"], rows[mug]["reorder_amount"]) == ("FIXED", 25, 20)
    assert (rows[cap]["reorder_method"], rows[cap]["reorder_target"], rows[cap]["reorder_amount"]) == (
        "MIN_MAX", 25, 15)  # 25 minus the 10 on hand
    mixed = await ls.post("/api/2026-07/inventory/reorder_points", json=[
        {"method": "MIN_MAX", "product_id": mug, "outlet_id": north, "reorder_point": 1, "reorder_target": 9}])
    assert mixed.status_code == 422 and "FIXED" in mixed.json()["error"]
    shirts = i["children"]
    family = await ls.post("/api/2026-07/inventory/reorder_points", json=[
        {"method": "FIXED", "product_id": shirts[0], "outlet_id": central, "reorder_point": 1, "reorder_amount": 2},
        {"method": "MIN_MAX", "product_id": shirts[1], "outlet_id": central, "reorder_point": 1, "reorder_target": 9}])
    assert family.status_code == 422


async def test_inventory_levels_filter_page_and_sum_a_family(lightspeed: Any) -> None:
    ls = lightspeed()
    i = seeded(ls)
    mug, central = i["product"]["MUG-BLK"], i["outlet"]["central"]
    one = (await ls.get(f"/api/2026-07/inventory_levels/{mug}")).json()
    assert {(x["location_id"], x["current_inventory_level"]) for x in one} == {
        (central, 20), (i["outlet"]["north"], 8), (i["outlet"]["pop-up"], 2)}
    assert one[0]["average_cost"] == 5 and one[0]["root_product_id"] == mug and "reorder_method" not in one[0]
    here = (await ls.post("/api/2026-07/inventory_levels", json={
        "location_ids": [central], "sort_type": "product_name", "sort_direction": "asc", "size": 3,
        "offset": 1})).json()
    names = sorted(p.name for p in ls.app.twin.store.products.values()
                   if p.has_inventory and ls.app.twin.store.inventory.get((p.id, central)))
    assert [x["name"] for x in here] == names[1:4]
    summed = (await ls.post("/api/2026-07/inventory_levels", json={
        "root_product_ids": [i["family"]], "group_variants": True, "location_ids": [central]})).json()
    assert len(summed) == 1 and summed[0]["product_id"] == i["family"]
    assert summed[0]["current_inventory_level"] == 5 + 7 + 4 + 6 + 8 + 3
    ls.app.twin.store.set_level(mug, central, -2)
    owed = (await ls.post("/api/2026-07/inventory_levels", json={"to_be_procured_only": True})).json()
    assert [(x["product_id"], x["quantity_to_procure"]) for x in owed] == [(mug, 2)]
    both = await ls.post("/api/2026-07/inventory_levels", json={"product_ids": [mug], "root_product_ids": [mug]})
    assert both.status_code == 422


async def test_registers_close_and_open_again_in_a_new_session(lightspeed: Any) -> None:
    ls = lightspeed()
    register = seeded(ls)["register"]
    before = (await ls.get(f"/api/2.0/registers/{register}")).json()["data"]
    closed = (await ls.put(f"/api/2.0/registers/{register}/actions/close", json={})).json()["data"]
    assert not closed["is_open"] and closed["register_close_time"] and closed["register_open_time"] is None
    assert (await ls.put(f"/api/2.0/registers/{register}/actions/close", json={})).status_code == 422
    opened = (await ls.put(f"/api/2026-07/registers/{register}/actions/open",
                           json={"register_open_time": "2026-07-01T09:00:00+00:00"})).json()["data"]
    assert opened["is_open"] and opened["register_open_time"] == "2026-07-01T09:00:00+00:00"
    assert opened["register_open_sequence_id"] != before["register_open_sequence_id"]


async def test_brands_suppliers_and_tags_are_renamed_and_products_show_it(lightspeed: Any) -> None:
    ls = lightspeed()
    mug_id = seeded(ls)["product"]["MUG-BLK"]
    mug = (await ls.get(f"/api/2.0/products/{mug_id}")).json()["data"]
    renamed = await ls.put(f"/api/2.0/brands/{mug['brand_id']}", json={"name": "Stockgate Home"})
    assert renamed.json() == {"data": {"id": mug["brand_id"]}}
    supplier = await ls.put(f"/api/2.0/suppliers/{mug['supplier_id']}", json={"contact": {"phone": "+1 555 0000"}})
    assert supplier.json() == {"id": mug["supplier_id"]}
    legacy_tag = await ls.put(f"/api/2.0/tags/{mug['tag_ids'][0]}", json={"name": "kitchenware"})
    dated_tag = await ls.put(f"/api/2026-07/tags/{mug['tag_ids'][0]}", json={"name": "kitchenware"})
    assert legacy_tag.json()["data"] == mug["tag_ids"][0] and dated_tag.json()["data"]["name"] == "kitchenware"
    again = (await ls.get(f"/api/2.0/products/{mug_id}")).json()["data"]
    assert (again["brand"]["name"], again["categories"][0]["name"]) == ("Stockgate Home", "kitchenware")
    contact = (await ls.get(f"/api/2.0/suppliers/{mug['supplier_id']}")).json()["data"]["contact"]
    assert contact["phone"] == "+1 555 0000" and contact["email"] == "orders@mugco.example"
