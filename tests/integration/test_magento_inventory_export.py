"""Magento MSI export of salable quantities by sales channel (issue 15 item 1).

``export-stock-salable-qty`` answers, for the product search's page, each SKU's salable quantity on the
channel's stock (reservations included), qty 0 for a type without source items, and leaves out SKUs with
no source item on that stock (MSI ``PreciseExportStockProcessor``). Answers are checked against the contract.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TOKEN
from tests.integration.test_magento_twin import place_order

pytestmark = pytest.mark.anyio
EXPORT = "/rest/V1/inventory/export-stock-salable-qty/website"
PAGE = "searchCriteria[pageSize]=50"


@pytest.mark.parametrize("version", ["2.4.5", "2.4.9"])
async def test_export_lists_salable_quantities_of_the_page(magento: Any, version: str) -> None:
    m = magento(version)
    inventory = m.app.twin.inventory
    before = {i["sku"]: i for i in (await m.get(f"{EXPORT}/base?{PAGE}", headers=TOKEN)).json()["items"]}
    salable = inventory.salable_quantity("MUG-BLK", inventory.stock_for_website("base"))
    assert before["MUG-BLK"] == {"sku": "MUG-BLK", "qty": salable, "is_salable": True}
    assert before["TS"] == {"sku": "TS", "qty": 0, "is_salable": True}
    await place_order(m, "MUG-BLK", 2)
    after = (await m.get(f"{EXPORT}/base?{PAGE}", headers=TOKEN)).json()
    assert {i["sku"]: i["qty"] for i in after["items"]}["MUG-BLK"] == before["MUG-BLK"]["qty"] - 2
    assert after["total_count"] == len(after["items"])


async def test_export_leaves_out_skus_the_stock_does_not_hold_and_pages(magento: Any) -> None:
    m = magento()
    inventory = m.app.twin.inventory
    for key in [k for k in inventory.items if k[0] == "MUG-WHT"]:
        inventory.delete_source_item(*key)
    skus = [i["sku"] for i in (await m.get(f"{EXPORT}/base?{PAGE}", headers=TOKEN)).json()["items"]]
    assert "MUG-WHT" not in skus and "MUG-BLK" in skus
    page = (await m.get(f"{EXPORT}/base?searchCriteria[pageSize]=2", headers=TOKEN)).json()
    assert page["total_count"] == len(page["items"]) <= 2


async def test_export_errors(magento: Any) -> None:
    m = magento()
    r = await m.get(f"{EXPORT}/nowhere?{PAGE}", headers=TOKEN)
    assert (r.status_code, r.json()["message"]) == (404, "No linked stock found")
    r = await m.get(f"{EXPORT}/base", headers=TOKEN)
    assert (r.status_code, r.json()["parameters"]) == (400, {"fieldName": "searchCriteria"})
    r = await m.get(f"{EXPORT}/base?{PAGE}", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
