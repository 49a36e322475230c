"""MSI bulk source assign/unassign and low-quantity notification settings (fact ``inventory.bulk_and_notify``).

Statefully on the oldest and newest versions; every answer is checked against its version's contract by the
``magento`` fixture.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TOKEN, Checked
from tests.integration.test_magento_operations import by

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]


async def rows(m: Checked, sku: str) -> dict[str, tuple[float, int]]:
    items = (await m.get(f"/rest/V1/inventory/source-items?{by('sku', sku)}", headers=TOKEN)).json()["items"]
    return {i["source_code"]: (i["quantity"], i["status"]) for i in items}


@pytest.mark.parametrize("version", VERSIONS)
async def test_assign_adds_empty_source_items_and_counts_them(magento: Any, version: str) -> None:
    m = magento(version)
    before = await rows(m, "CAP-NVY")
    r = await m.post("/rest/V1/inventory/bulk-product-source-assign", headers=TOKEN,
                     json={"skus": ["CAP-NVY", "TS", "NO-SUCH"], "sourceCodes": ["default", "central"]})
    added = [code for code in ("default", "central") if code not in before]
    assert (r.status_code, r.json()) == (200, len(added))  # TS is configurable, NO-SUCH has no type
    after = await rows(m, "CAP-NVY")
    assert {code: after[code] for code in added} == dict.fromkeys(added, (0, 0))
    assert {code: after[code] for code in before} == before  # existing assignments untouched
    assert await rows(m, "TS") == {}


@pytest.mark.parametrize("version", VERSIONS)
async def test_unassign_deletes_the_pairs_and_counts_them(magento: Any, version: str) -> None:
    m = magento(version)
    before = await rows(m, "MUG-BLK")
    r = await m.post("/rest/V1/inventory/bulk-product-source-unassign", headers=TOKEN,
                     json={"skus": ["MUG-BLK"], "sourceCodes": ["central", "north"]})
    gone = [code for code in ("central", "north") if code in before]
    assert (r.status_code, r.json()) == (200, len(gone)) and gone
    assert set(await rows(m, "MUG-BLK")) == set(before) - set(gone)


@pytest.mark.parametrize("path", ["bulk-product-source-assign", "bulk-product-source-unassign"])
async def test_unknown_sources_are_refused_before_anything_moves(magento: Any, path: str) -> None:
    m = magento()
    before = await rows(m, "MUG-BLK")
    r = await m.post(f"/rest/V1/inventory/{path}", headers=TOKEN,
                     json={"skus": ["MUG-BLK"], "sourceCodes": ["central", "mars", "moon"]})
    assert (r.status_code, r.json()) == (400, {"message": "Validation Failed", "errors": [
        {"message": "Source %sourceCode does not exist", "parameters": {"sourceCode": "mars"}},
        {"message": "Source %sourceCode does not exist", "parameters": {"sourceCode": "moon"}}]})
    assert await rows(m, "MUG-BLK") == before


@pytest.mark.parametrize("version", VERSIONS)
async def test_notification_settings_are_saved_read_and_deleted(magento: Any, version: str) -> None:
    m = magento(version)
    url = "/rest/V1/inventory/low-quantity-notification/central/MUG-BLK"
    assert (await m.get(url, headers=TOKEN)).json() == {"source_code": "central", "sku": "MUG-BLK",
                                                         "notify_stock_qty": 1}  # the store default
    r = await m.post("/rest/V1/inventory/low-quantity-notification", headers=TOKEN, json={
        "sourceItemConfigurations": [{"source_code": "central", "sku": "MUG-BLK", "notify_stock_qty": 4.5}]})
    assert (r.status_code, r.json()) == (200, [])
    assert (await m.get(url, headers=TOKEN)).json()["notify_stock_qty"] == 4.5
    assert (await m.get("/rest/V1/inventory/low-quantity-notification/north/MUG-BLK",
                        headers=TOKEN)).json()["notify_stock_qty"] == 1  # per source
    r = await m.post("/rest/V1/inventory/low-quantity-notifications-delete", headers=TOKEN, json={
        "sourceItems": [{"source_code": "central", "sku": "MUG-BLK", "quantity": 0, "status": 1}]})
    assert (r.status_code, r.json()) == (200, [])
    assert (await m.get(url, headers=TOKEN)).json()["notify_stock_qty"] == 1


async def test_notification_errors(magento: Any) -> None:
    m = magento()
    for path in ("mars/MUG-BLK", "central/NO-SUCH"):
        r = await m.get(f"/rest/V1/inventory/low-quantity-notification/{path}", headers=TOKEN)
        assert (r.status_code, r.json()) == (400, {"message": "Wrong input data"})
    r = await m.post("/rest/V1/inventory/low-quantity-notification", headers=TOKEN,
                     json={"sourceItemConfigurations": []})
    assert (r.status_code, r.json()) == (400, {"message": "Input data is empty"})
    r = await m.post("/rest/V1/inventory/low-quantity-notification", headers=TOKEN,
                     json={"sourceItemConfigurations": [{"source_code": "central", "notify_stock_qty": 2}]})
    assert (r.status_code, r.json()) == (400, {"message": "Could not save Source Item Configuration"})


async def test_notification_routes_need_their_own_acl_resources(magento: Any) -> None:
    from stockgate.twins.magento.acl import resource_for

    assert resource_for("POST", "/V1/inventory/low-quantity-notifications-delete", "x") == \
        "Magento_InventoryLowQuantityNotificationApi::stock_delete_low_quantity_notification"
    assert resource_for("POST", "/V1/inventory/low-quantity-notification", "x") == \
        "Magento_InventoryLowQuantityNotificationApi::stock_create_low_quantity_notification"
    assert resource_for("GET", "/V1/inventory/low-quantity-notification/{sourceCode}/{sku}", "x") == \
        "Magento_InventoryLowQuantityNotificationApi::low_quantity_notification"
    assert resource_for("POST", "/V1/inventory/bulk-product-source-assign", "x") == "Magento_Catalog::products"


@pytest.mark.parametrize("version", VERSIONS)
async def test_are_products_salable_for_requested_qty_answers_each_request_in_order(magento: Any,
                                                                                    version: str) -> None:
    m = magento(version)
    single = (await m.get("/rest/V1/inventory/is-product-salable-for-requested-qty/MUG-BLK/2/5",
                          headers=TOKEN)).json()
    query = ("skuRequests[0][sku]=MUG-BLK&skuRequests[0][qty]=5&skuRequests[1][sku]=MUG-BLK"
             "&skuRequests[1][qty]=100000&skuRequests[2][sku]=NO-SUCH&skuRequests[2][qty]=1&stockId=2")
    r = await m.get(f"/rest/V1/inventory/are-product-salable-for-requested-qty/?{query}", headers=TOKEN)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert [(a["sku"], a["stock_id"], a["salable"]) for a in answer] == [
        ("MUG-BLK", 2, single["salable"]), ("MUG-BLK", 2, False), ("NO-SUCH", 2, False)]
    assert single["salable"] is True and answer[1]["errors"][0]["code"] == "is_correct_qty-not_enough"
    r = await m.get("/rest/V1/inventory/are-product-salable-for-requested-qty/?skuRequests[0][sku]=MUG-BLK",
                    headers=TOKEN)
    assert (r.status_code, r.json()["parameters"]) == (400, {"fieldName": "stockId"})
