"""The Magento operations beyond MSI and checkout, statefully and per version (issue 15 item 1).

Legacy CatalogInventory over the default source, invoice/shipment/credit-memo reads, searches and
comments, order items, hold/unhold, status history comments, order saves, product deletion, the
store hierarchy and bulk reads. Every answer is checked against its version's contract by the
``magento`` fixture.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TOKEN, Checked
from tests.integration.test_magento_twin import place_order, salable

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]
ALL = "searchCriteria[pageSize]=50"


def by(field: str, value: Any) -> str:
    """A one-filter searchCriteria query."""
    return (f"searchCriteria[filter_groups][0][filters][0][field]={field}"
            f"&searchCriteria[filter_groups][0][filters][0][value]={value}")


async def default_source(m: Checked, sku: str) -> dict[str, Any] | None:
    items = (await m.get(f"/rest/V1/inventory/source-items?{by('sku', sku)}", headers=TOKEN)).json()["items"]
    return next((i for i in items if i["source_code"] == "default"), None)


async def set_default(m: Checked, sku: str, qty: float, status: int = 1) -> None:
    r = await m.post("/rest/V1/inventory/source-items", headers=TOKEN, json={"sourceItems": [
        {"sku": sku, "source_code": "default", "quantity": qty, "status": status}]})
    assert r.status_code == 200, r.text


async def shipped_order(m: Checked, sku: str = "MUG-BLK", qty: int = 2) -> int:
    order_id = await place_order(m, sku, qty)
    assert (await m.post(f"/rest/V1/order/{order_id}/invoice", headers=TOKEN, json={})).status_code == 200
    r = await m.post(f"/rest/V1/order/{order_id}/ship", headers=TOKEN, json={
        "items": [{"order_item_id": 1, "qty": 1}], "arguments": {"extension_attributes": {"source_code": "central"}}})
    assert r.status_code == 200, r.text
    return order_id


# --- legacy CatalogInventory over the default source ---------------------------------------------
@pytest.mark.parametrize("version", VERSIONS)
async def test_legacy_stock_item_reads_the_default_source(magento: Any, version: str) -> None:
    m = magento(version)
    await set_default(m, "MUG-BLK", 7)
    item = (await m.get("/rest/V1/stockItems/MUG-BLK", headers=TOKEN)).json()
    assert (item["qty"], item["is_in_stock"], item["stock_id"]) == (7, True, 1)
    status = (await m.get("/rest/V1/stockStatuses/MUG-BLK", headers=TOKEN)).json()
    assert (status["qty"], status["stock_status"], status["stock_item"]["qty"]) == (7, 1, 7)
    untouched = (await m.get("/rest/V1/stockItems/CAP-NVY", headers=TOKEN)).json()
    assert (untouched["qty"], untouched["is_in_stock"]) == (0, False)  # only central and north hold it


@pytest.mark.parametrize("version", VERSIONS)
async def test_legacy_stock_item_save_writes_the_default_source(magento: Any, version: str) -> None:
    m = magento(version)
    before = await salable(m, "MUG-BLK", 1)
    r = await m.put("/rest/V1/products/MUG-BLK/stockItems/999", headers=TOKEN,
                    json={"stockItem": {"qty": 9, "is_in_stock": True}})
    product_id = (await m.get("/rest/V1/products/MUG-BLK", headers=TOKEN)).json()["id"]
    assert (r.status_code, r.json()) == (200, product_id)  # the item id, whatever the path says
    assert await default_source(m, "MUG-BLK") == {"sku": "MUG-BLK", "source_code": "default", "quantity": 9,
                                                  "status": 1}
    assert (before, await salable(m, "MUG-BLK", 1)) == (0, 9)  # the Default Stock sells the default source
    assert await salable(m, "MUG-BLK", 2) == 28  # Retail Stock does not link it


async def test_legacy_save_at_the_threshold_is_out_of_stock(magento: Any) -> None:
    m = magento()
    r = await m.put("/rest/V1/products/BOTTLE-1L/stockItems/1", headers=TOKEN,
                    json={"stockItem": {"qty": 2, "is_in_stock": True}})  # min_qty 2
    assert r.status_code == 200
    item = (await m.get("/rest/V1/stockItems/BOTTLE-1L", headers=TOKEN)).json()
    assert (item["is_in_stock"], item["stock_status_changed_auto"], item["low_stock_date"]) == (False, 1, None)
    assert (await default_source(m, "BOTTLE-1L") or {})["status"] == 0
    r = await m.put("/rest/V1/products/SOCK-3PK/stockItems/1", headers=TOKEN, json={"stockItem": {"qty": 0.5}})
    assert (await m.get("/rest/V1/stockItems/SOCK-3PK", headers=TOKEN)).json()["low_stock_date"] is not None


async def test_legacy_save_of_nothing_in_stock_creates_no_source_item(magento: Any) -> None:
    m = magento()
    r = await m.put("/rest/V1/products/CAP-NVY/stockItems/1", headers=TOKEN,
                    json={"stockItem": {"qty": 0, "is_in_stock": False}})
    assert r.status_code == 200
    assert await default_source(m, "CAP-NVY") is None


async def test_legacy_unknown_sku_and_unmodelled_settings(magento: Any) -> None:
    m = magento()
    r = await m.get("/rest/V1/stockItems/NOPE", headers=TOKEN)
    assert (r.status_code, r.json()) == (404, {"message": 'Product with SKU "%1" does not exist',
                                               "parameters": ["NOPE"]})
    assert (await m.get("/rest/V1/stockStatuses/NOPE", headers=TOKEN)).status_code == 404
    r = await m.put("/rest/V1/products/MUG-BLK/stockItems/1", headers=TOKEN,
                    json={"stockItem": {"manage_stock": False}})
    assert r.status_code == 501 and "catalog_inventory.legacy_sync" in r.json()["message"]
    r = await m.put("/rest/V1/products/MUG-BLK/stockItems/1", headers=TOKEN,
                    json={"stockItem": {"manage_stock": True, "backorders": 0, "qty": 3}})
    assert r.status_code == 200  # the values it has: nothing unmodelled changes


@pytest.mark.parametrize("version", VERSIONS)
async def test_low_stock_lists_the_default_scope(magento: Any, version: str) -> None:
    m = magento(version)
    await set_default(m, "MUG-BLK", 9)
    r = await m.get("/rest/V1/stockItems/lowStock/?scopeId=0&qty=5", headers=TOKEN)
    ids = [i["product_id"] for i in r.json()["items"]]
    mug = (await m.get("/rest/V1/products/MUG-BLK", headers=TOKEN)).json()["id"]
    assert mug not in ids and len(ids) == r.json()["total_count"] == 11
    page = (await m.get("/rest/V1/stockItems/lowStock/?scopeId=0&qty=5&currentPage=2&pageSize=4",
                        headers=TOKEN)).json()
    assert [i["product_id"] for i in page["items"]] == ids[4:8]
    assert (await m.get("/rest/V1/stockItems/lowStock/?scopeId=1&qty=5", headers=TOKEN)).json()["items"] == []
    r = await m.get("/rest/V1/stockItems/lowStock/?scopeId=0", headers=TOKEN)
    assert (r.status_code, r.json()["parameters"]) == (400, {"fieldName": "qty"})


async def test_legacy_routes_need_the_cataloginventory_resource(magento: Any) -> None:
    m = magento()
    r = await m.get("/rest/V1/stockItems/MUG-BLK")
    assert (r.status_code, r.json()["parameters"]) == (401, {"resources": "Magento_CatalogInventory::cataloginventory"})
    r = await m.put("/rest/V1/products/MUG-BLK/stockItems/1", json={"stockItem": {"qty": 1}})
    assert r.json()["parameters"] == {"resources": "Magento_CatalogInventory::cataloginventory"}


async def test_deleted_product_leaves_no_stock_behind(magento: Any) -> None:
    m = magento()
    r = await m.delete("/rest/V1/products/TS-RED-S", headers=TOKEN)
    assert (r.status_code, r.json()) == (200, True)
    assert (await m.get("/rest/V1/products/TS-RED-S", headers=TOKEN)).status_code == 404
    assert (await m.get("/rest/V1/stockItems/TS-RED-S", headers=TOKEN)).status_code == 404
    items = (await m.get(f"/rest/V1/inventory/source-items?{by('sku', 'TS-RED-S')}", headers=TOKEN)).json()
    assert items["total_count"] == 0
    children = (await m.get("/rest/V1/configurable-products/TS/children", headers=TOKEN)).json()
    assert "TS-RED-S" not in [c["sku"] for c in children]
    assert (await m.delete("/rest/V1/products/TS-RED-S", headers=TOKEN)).status_code == 404


# --- sales documents ----------------------------------------------------------------------------
@pytest.mark.parametrize("version", VERSIONS)
async def test_documents_are_read_searched_and_commented(magento: Any, version: str) -> None:
    m = magento(version)
    order_id = await shipped_order(m)
    shipment = (await m.get("/rest/V1/shipment/1", headers=TOKEN)).json()
    assert (shipment["order_id"], shipment["total_qty"], shipment["extension_attributes"]["source_code"]) == \
        (order_id, 1, "central")
    found = (await m.get(f"/rest/V1/shipments?{by('order_id', order_id)}", headers=TOKEN)).json()
    assert [s["entity_id"] for s in found["items"]] == [1]
    invoice = (await m.get("/rest/V1/invoices/1", headers=TOKEN)).json()
    # 2 x 12.00 + the flat rate's 2 x 5.00 + the demo seed's 8.25 % tax on the goods (1.98)
    assert (invoice["order_id"], invoice["total_qty"], invoice["grand_total"]) == (order_id, 2, 35.98)
    assert (await m.get(f"/rest/V1/invoices?{by('order_id', order_id + 1)}", headers=TOKEN)).json()["items"] == []
    r = await m.post("/rest/V1/shipment/1/comments", headers=TOKEN, json={"entity": {
        "parent_id": 1, "comment": "left the warehouse", "is_customer_notified": 0, "is_visible_on_front": 1}})
    assert (r.status_code, r.json()["comment"], r.json()["parent_id"]) == (200, "left the warehouse", 1)
    listed = (await m.get("/rest/V1/shipment/1/comments", headers=TOKEN)).json()
    assert [c["comment"] for c in listed["items"]] == ["left the warehouse"]
    assert listed["search_criteria"]["filter_groups"][0]["filters"][0] == {
        "field": "parent_id", "value": "1", "condition_type": "eq"}
    assert (await m.get("/rest/V1/shipment/1", headers=TOKEN)).json()["comments"][0]["comment"] == \
        "left the warehouse"
    r = await m.post("/rest/V1/invoices/comments", headers=TOKEN, json={"entity": {
        "parent_id": 1, "comment": "paid by cheque", "is_customer_notified": 0, "is_visible_on_front": 0}})
    assert r.status_code == 200
    assert (await m.get("/rest/V1/invoices/1/comments", headers=TOKEN)).json()["total_count"] == 1


async def test_credit_memo_comments_join_the_refund_comment(magento: Any) -> None:
    m = magento()
    order_id = await shipped_order(m)
    r = await m.post(f"/rest/V1/order/{order_id}/refund", headers=TOKEN, json={
        "items": [{"order_item_id": 1, "qty": 1}], "comment": {"comment": "POS return 7", "is_visible_on_front": 0}})
    assert r.status_code == 200
    r = await m.post("/rest/V1/creditmemo/1/comments", headers=TOKEN, json={"entity": {
        "parent_id": 1, "comment": "restocked", "is_customer_notified": 0, "is_visible_on_front": 0}})
    assert r.status_code == 200
    listed = (await m.get("/rest/V1/creditmemo/1/comments", headers=TOKEN)).json()
    assert [c["comment"] for c in listed["items"]] == ["POS return 7", "restocked"]


async def test_document_errors(magento: Any) -> None:
    m = magento()
    await shipped_order(m)
    r = await m.get("/rest/V1/invoices/9", headers=TOKEN)
    assert r.status_code == 404
    r = await m.get("/rest/V1/shipment/0", headers=TOKEN)
    assert (r.status_code, r.json()["message"]) == (400, "An ID is needed. Set the ID and try again.")
    assert (await m.get("/rest/V1/invoices", headers=TOKEN)).status_code == 400  # searchCriteria required
    r = await m.post("/rest/V1/invoices/comments", headers=TOKEN, json={"entity": {"parent_id": 1, "comment": ""}})
    assert (r.status_code, r.json()["message"]) == (400, "Could not save the invoice comment.")
    r = await m.post("/rest/V1/shipment/5/comments", headers=TOKEN, json={"entity": {"parent_id": 5, "comment": "x"}})
    assert (r.status_code, r.json()["message"]) == (400, "Could not save the shipment comment.")
    listed = (await m.get("/rest/V1/creditmemo/42/comments", headers=TOKEN)).json()
    assert (listed["items"], listed["total_count"]) == ([], 0)  # comments are searched, the memo is not looked up


# --- orders ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("version", VERSIONS)
async def test_order_items_are_searched_and_read(magento: Any, version: str) -> None:
    m = magento(version)
    first = await place_order(m, "MUG-BLK", 2)
    await place_order(m, "CAP-NVY", 1)
    r = await m.get(f"/rest/V1/orders/items?{by('sku', 'CAP-NVY')}", headers=TOKEN)
    assert (r.status_code, [i["sku"] for i in r.json()["items"]]) == (200, ["CAP-NVY"])
    everything = (await m.get(f"/rest/V1/orders/items?{ALL}", headers=TOKEN)).json()
    assert everything["total_count"] == 2
    item = (await m.get("/rest/V1/orders/items/1", headers=TOKEN)).json()
    assert (item["order_id"], item["qty_ordered"]) == (first, 2)
    assert (await m.get("/rest/V1/orders/items/77", headers=TOKEN)).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
async def test_hold_blocks_documents_until_unhold(magento: Any, version: str) -> None:
    m = magento(version)
    order_id = await place_order(m, "MUG-BLK", 2)
    assert (await m.post(f"/rest/V1/orders/{order_id}/hold", headers=TOKEN)).json() is True
    order = (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    assert (order["state"], order["status"]) == ("holded", "holded")
    r = await m.post(f"/rest/V1/orders/{order_id}/hold", headers=TOKEN)
    assert (r.status_code, r.json()["message"]) == (400, "A hold action is not available.")
    assert (await m.post(f"/rest/V1/order/{order_id}/invoice", headers=TOKEN, json={})).status_code == 400
    r = await m.post(f"/rest/V1/order/{order_id}/ship", headers=TOKEN, json={
        "arguments": {"extension_attributes": {"source_code": "central"}}})
    assert r.status_code == 400
    assert (await m.post(f"/rest/V1/orders/{order_id}/cancel", headers=TOKEN)).json() is False
    assert await salable(m, "MUG-BLK") == 26  # still reserved: nothing moved
    assert (await m.post(f"/rest/V1/orders/{order_id}/unhold", headers=TOKEN)).json() is True
    order = (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    assert (order["state"], order["status"]) == ("new", "pending")
    r = await m.post(f"/rest/V1/orders/{order_id}/unhold", headers=TOKEN)
    assert (r.status_code, r.json()["message"]) == (400, "You cannot remove the hold.")
    assert (await m.post(f"/rest/V1/order/{order_id}/invoice", headers=TOKEN, json={})).status_code == 200


async def comment(m: Checked, order_id: int, **extra: Any) -> Any:
    return await m.post(f"/rest/V1/orders/{order_id}/comments", headers=TOKEN, json={"statusHistory": {
        "comment": "synced to POS", "is_customer_notified": 0, "is_visible_on_front": 0, "parent_id": order_id,
        **extra}})


async def test_comments_set_the_status_before_2_4_7(magento: Any) -> None:
    m = magento("2.4.5")
    order_id = await place_order(m, "MUG-BLK", 1)
    assert (await comment(m, order_id, status="processing")).json() is True
    order = (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    assert order["status"] == "processing"
    assert [h["comment"] for h in order["status_histories"]] == ["synced to POS"]
    assert (await comment(m, order_id)).status_code == 200
    order = (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    assert "status" not in order  # magento/magento2#34180: the status was cleared (null, left out)
    listed = (await m.get(f"/rest/V1/orders/{order_id}/comments", headers=TOKEN)).json()
    assert listed["total_count"] == 2


async def test_comment_without_status_is_unknown_on_2_4_6(magento: Any) -> None:
    m = magento("2.4.6")
    order_id = await place_order(m, "MUG-BLK", 1)
    r = await comment(m, order_id)
    assert r.status_code == 501 and "orders.comment_without_status" in r.json()["message"]
    assert (await comment(m, order_id, status="pending")).status_code == 200


async def test_comments_keep_the_status_from_2_4_7(magento: Any) -> None:
    m = magento("2.4.9")
    order_id = await place_order(m, "MUG-BLK", 1)
    assert (await comment(m, order_id, status="complete")).status_code == 200
    assert (await comment(m, order_id)).status_code == 200
    order = (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    assert order["status"] == "pending"
    assert [h["status"] for h in order["status_histories"]] == ["pending", "pending"]
    assert (await m.get("/rest/V1/orders/99/comments", headers=TOKEN)).json()["items"] == []


@pytest.mark.parametrize("version", VERSIONS)
async def test_order_save_changes_status_without_stock_effect(magento: Any, version: str) -> None:
    m = magento(version)
    order_id = await place_order(m, "MUG-BLK", 3)
    r = await m.post("/rest/V1/orders", headers=TOKEN, json={"entity": {
        "entity_id": order_id, "state": "canceled", "status": "canceled"}})
    assert (r.status_code, r.json()["entity_id"], r.json()["status"]) == (200, order_id, "canceled")
    assert (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()["state"] == "canceled"
    assert await salable(m, "MUG-BLK") == 25  # a repository save releases no reservation
    assert len(m.app.twin.sales.orders) == 1


# --- store and bulk -------------------------------------------------------------------------------
@pytest.mark.parametrize("version", VERSIONS)
async def test_store_hierarchy_and_configs(magento: Any, version: str) -> None:
    m = magento(version)
    websites = (await m.get("/rest/default/V1/store/websites", headers=TOKEN)).json()
    assert [(w["id"], w["code"]) for w in websites] == [(1, "base"), (0, "admin")]
    groups = (await m.get("/rest/V1/store/storeGroups", headers=TOKEN)).json()
    assert [(g["code"], g["root_category_id"]) for g in groups] == [("main_website_store", 2), ("default", 0)]
    views = (await m.get("/rest/V1/store/storeViews", headers=TOKEN)).json()
    assert [(v["code"], v["website_id"]) for v in views] == [("default", 1), ("admin", 0)]
    configs = (await m.get("/rest/V1/store/storeConfigs", headers=TOKEN)).json()
    assert [(c["code"], c["base_currency_code"], c["locale"], c["timezone"]) for c in configs] == [
        ("default", "USD", "en_US", "America/Los_Angeles")]
    assert (configs[0]["base_url"], configs[0]["secure_base_media_url"]) == (
        "http://magento.test/", "https://magento.test/media/")
    assert (await m.get("/rest/V1/store/storeConfigs?storeCodes[]=nope", headers=TOKEN)).json() == []
    assert len((await m.get("/rest/V1/store/storeConfigs?storeCodes[]=default", headers=TOKEN)).json()) == 1
    r = await m.get("/rest/V1/store/storeViews")
    assert (r.status_code, r.json()["parameters"]) == (401, {"resources": "Magento_Backend::store"})


@pytest.mark.parametrize("version", VERSIONS)
async def test_bulk_detailed_status_counts_and_list(magento: Any, version: str) -> None:
    m = magento(version)
    body = {"sourceItems": [{"sku": "MUG-BLK", "source_code": "north", "quantity": 3, "status": 1}]}
    bulk = (await m.post("/rest/default/async/bulk/V1/inventory/source-items", headers=TOKEN,
                         json=[body, body])).json()["bulk_uuid"]
    detail = (await m.get(f"/rest/V1/bulk/{bulk}/detailed-status", headers=TOKEN)).json()
    first = detail["operations_list"][0]
    assert (detail["operation_count"], first["status"], first["result_serialized_data"]) == (2, 4, None)
    assert first["serialized_data"].startswith('{"entity_id": null')
    assert (await m.get(f"/rest/V1/bulk/{bulk}/operation-status/4", headers=TOKEN)).json() == 2
    m.app.twin.run_consumers()
    detail = (await m.get(f"/rest/V1/bulk/{bulk}/detailed-status", headers=TOKEN)).json()
    assert [(o["status"], o["serialized_data"], o["result_serialized_data"]) for o in detail["operations_list"]] == \
        [(1, None, "[]"), (1, None, "[]")]
    assert (await m.get(f"/rest/V1/bulk/{bulk}/operation-status/1", headers=TOKEN)).json() == 2
    listed = (await m.get(f"/rest/V1/bulk?{by('bulk_uuid', bulk)}", headers=TOKEN)).json()
    assert [o["id"] for o in listed["items"]] == [0, 1]
    r = await m.get("/rest/V1/bulk/no-such-bulk/detailed-status", headers=TOKEN)
    assert (r.status_code, r.json()["message"]) == (404, "Bulk uuid %bulkUuid not exist")
    assert (await m.get("/rest/V1/bulk/no-such-bulk/operation-status/1", headers=TOKEN)).json() == 0


# --- one row per fact these operations read (joined to test_magento_facts.CASES) -------------------
async def legacy_unknown(c: Any, _a: Any) -> Any:
    r = await c.get("/rest/V1/stockItems/NOPE", headers=TOKEN)
    return r.status_code, r.json()


async def low_stock_default_scope(c: Any, _a: Any) -> Any:
    return (await c.get("/rest/V1/stockItems/lowStock/?scopeId=0&qty=100", headers=TOKEN)).json()["total_count"]


async def delete_answer(c: Any, _a: Any) -> Any:
    return (await c.delete("/rest/V1/products/MUG-BLK", headers=TOKEN)).json()


async def hold_twice(c: Any, _a: Any) -> Any:
    order_id = await place_order(c, "MUG-BLK", 1)
    await c.post(f"/rest/V1/orders/{order_id}/hold", headers=TOKEN)
    return (await c.post(f"/rest/V1/orders/{order_id}/hold", headers=TOKEN)).json()


async def commented_status(c: Any, _a: Any, **extra: Any) -> Any:
    order_id = await place_order(c, "MUG-BLK", 1)
    await c.post(f"/rest/V1/orders/{order_id}/comments", headers=TOKEN, json={"statusHistory": {
        "comment": "c", "is_customer_notified": 0, "is_visible_on_front": 0, "parent_id": order_id, **extra}})
    return (await c.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json().get("status")


async def commented_with_status(c: Any, a: Any) -> Any:
    return await commented_status(c, a, status="processing")


async def saved_state(c: Any, _a: Any) -> Any:
    order_id = await place_order(c, "MUG-BLK", 1)
    r = await c.post("/rest/V1/orders", headers=TOKEN, json={"entity": {"entity_id": order_id, "state": "closed",
                                                                        "status": "closed"}})
    return r.json()["state"]


async def comment_refused(c: Any, _a: Any) -> Any:
    r = await c.post("/rest/V1/invoices/comments", headers=TOKEN, json={"entity": {"parent_id": 9, "comment": "x"}})
    return r.status_code, r.json()


async def config_locale(c: Any, _a: Any) -> Any:
    return (await c.get("/rest/V1/store/storeConfigs", headers=TOKEN)).json()[0]["locale"]


async def website_order(c: Any, _a: Any) -> Any:
    return [w["id"] for w in (await c.get("/rest/V1/store/websites", headers=TOKEN)).json()]


async def unknown_bulk(c: Any, _a: Any) -> Any:
    r = await c.get("/rest/V1/bulk/nope/detailed-status", headers=TOKEN)
    return r.status_code, r.json()


FACT_CASES: list[tuple[str, dict[str, Any], Any]] = [
    ("catalog_inventory.legacy_sync", {"catalog_inventory.legacy_sync": {
        "source": "default", "write_back": True, "out_of_stock_at_or_below_min_qty": True,
        "unknown_sku": {"status": 400, "body": {"message": "no %1"}}}}, legacy_unknown),
    ("catalog_inventory.low_stock", {"catalog_inventory.low_stock": {"condition": "lteq", "scope_id": 1}},
     low_stock_default_scope),
    ("catalog.product_delete", {"catalog.product_delete": {"answer": False, "source_items": "removed",
                                                           "reservations": "kept"}}, delete_answer),
    ("orders.hold", {"orders.hold": {"hold_message": "held already", "unhold_message": "u",
                                     "refuses": ["invoice"]}}, hold_twice),
    ("orders.comment_sets_status", {"orders.comment_sets_status": True}, commented_with_status),
    ("orders.comment_without_status", {"orders.comment_without_status": "cleared"}, commented_status),
    ("orders.repository_save_update", {"orders.repository_save_update": {"fields": ["status"],
                                                                         "stock_effect": False}}, saved_state),
    ("sales.comment_save_error", {"sales.comment_save_error": {"status": 422, "messages": {
        "invoice": "i", "shipment": "s", "creditmemo": "c"}}}, comment_refused),
    ("store.config_defaults", {"store.config_defaults": {
        "locale": "de_DE", "base_currency_code": "EUR", "default_display_currency_code": "EUR",
        "timezone": "Europe/Berlin", "weight_unit": "kgs"}}, config_locale),
    ("store.lists", {"store.lists": {"includes_admin": True, "current_first": False}}, website_order),
    ("bulk.operation_rows", {"bulk.operation_rows": {
        "scheduled_serialized_data": "x", "completed_serialized_data": "null",
        "unknown_bulk": {"status": 400, "body": {"message": "gone"}}}}, unknown_bulk),
]
