"""MSI source transfers and the stock index dump on the Magento twin (issue 15 item 1), over real HTTP.

Each transfer is read back through the source items, the salable quantity and the legacy stock item;
the dump is compared with the physical quantity, unaffected by reservations, as MSI's index holds it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TOKEN, Checked

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]


async def ok(m: Checked, method: str, path: str, **kw: Any) -> Any:
    r = await m.request(method, f"/rest/V1{path}", headers=TOKEN, **kw)
    assert r.status_code == 200, f"{method} {path}: {r.status_code} {r.text}"
    return r.json()


async def refused(m: Checked, method: str, path: str, **kw: Any) -> dict[str, Any]:
    r = await m.request(method, f"/rest/V1{path}", headers=TOKEN, **kw)
    assert r.status_code == 400, f"{method} {path}: {r.status_code} {r.text}"
    body: dict[str, Any] = r.json()
    return body


async def items(m: Checked, sku: str) -> dict[str, tuple[float, int]]:
    found = await ok(m, "GET", "/inventory/source-items?searchCriteria[filter_groups][0][filters][0][field]=sku"
                               f"&searchCriteria[filter_groups][0][filters][0][value]={sku}")
    return {i["source_code"]: (i["quantity"], i["status"]) for i in found["items"]}


def transfer(skus: list[str], origin: str, destination: str, unassign: bool) -> dict[str, Any]:
    return {"json": {"skus": skus, "originSource": origin, "destinationSource": destination,
                     "unassignFromOrigin": unassign}}


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_bulk_transfer_moves_every_unit_and_empties_or_unassigns_the_origin(magento: Any, version: str) -> None:
    m = magento(version)
    salable = await ok(m, "GET", "/inventory/get-product-salable-quantity/MUG-BLK/2")
    assert await items(m, "MUG-BLK") == {"central": (20, 1), "north": (8, 1)}
    assert await ok(m, "POST", "/inventory/bulk-product-source-transfer",
                    **transfer(["MUG-BLK", "TS", "NOPE"], "central", "north", False)) is True
    assert await items(m, "MUG-BLK") == {"central": (0, 0), "north": (28, 1)}
    assert await ok(m, "GET", "/inventory/get-product-salable-quantity/MUG-BLK/2") == salable  # both on stock 2
    assert await ok(m, "POST", "/inventory/bulk-product-source-transfer",
                    **transfer(["MUG-BLK"], "north", "central", True)) is True
    assert await items(m, "MUG-BLK") == {"central": (28, 1)}


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_transfer_to_the_default_source_shows_in_the_legacy_stock_item(magento: Any, version: str) -> None:
    m = magento(version)
    assert (await ok(m, "GET", "/stockItems/CAP-NVY"))["qty"] == 0
    await ok(m, "POST", "/inventory/bulk-product-source-transfer", **transfer(["CAP-NVY"], "north", "default", True))
    assert await items(m, "CAP-NVY") == {"central": (10, 1), "default": (10, 1)}
    legacy = await ok(m, "GET", "/stockItems/CAP-NVY")
    assert (legacy["qty"], legacy["is_in_stock"]) == (10, True)


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_bulk_transfer_is_refused_before_anything_moves(magento: Any, version: str) -> None:
    m = magento(version)
    body = await refused(m, "POST", "/inventory/bulk-product-source-transfer",
                         **transfer(["MUG-BLK"], "nowhere", "nowhere", False))
    assert body == {"message": "Validation Error: Select different sources for origin and destination.", "errors": [
        {"message": "Origin source %sourceCode does not exist", "parameters": {"sourceCode": "nowhere"}},
        {"message": "Destination source %sourceCode does not exist", "parameters": {"sourceCode": "nowhere"}},
        {"message": "Cannot transfer a source on itself", "parameters": []}]}
    assert await items(m, "MUG-BLK") == {"central": (20, 1), "north": (8, 1)}


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_partial_transfer_moves_a_quantity_between_existing_items(magento: Any, version: str) -> None:
    m = magento(version)
    assert await items(m, "TS-RED-L") == {"central": (4, 1), "north": (0, 0)}
    body = {"originSourceCode": "central", "destinationSourceCode": "north", "items": [{"sku": "TS-RED-L", "qty": 3}]}
    assert await ok(m, "POST", "/inventory/bulk-partial-source-transfer", json=body) == []
    assert await items(m, "TS-RED-L") == {"central": (1, 1), "north": (3, 1)}
    too_much = await refused(m, "POST", "/inventory/bulk-partial-source-transfer", json={
        **body, "items": [{"sku": "TS-RED-L", "qty": 2}, {"sku": "TS", "qty": 1}]})
    assert too_much == {"message": "Transfer validation failed", "errors": [
        {"message": "Requested transfer amount for sku %sku is not available", "parameters": {"sku": "TS-RED-L"}},
        {"message": "%message", "parameters": {"message": "Source item for TS and central does not exist"}}]}
    assert await items(m, "TS-RED-L") == {"central": (1, 1), "north": (3, 1)}


@pytest.mark.parametrize("version", VERSIONS)
async def test_the_stock_index_dump_holds_physical_quantities(magento: Any, version: str) -> None:
    m = magento(version)
    dump = {row["sku"]: (row["qty"], row["is_salable"])
            for row in await ok(m, "GET", "/inventory/dump-stock-index-data/website/base")}
    assert dump["MUG-BLK"] == (28, True)
    assert dump["TS"] == (0, True)  # a configurable: no quantity of its own, salable through its children
    assert dump["TS-RED-L"] == (4, True)
    assert dump["BOTTLE-1L"] == (10, True)  # physical 10; the threshold of 2 shows in the salable quantity only
    assert await ok(m, "GET", "/inventory/get-product-salable-quantity/BOTTLE-1L/2") == 8
    await ok(m, "POST", "/inventory/source-items", json={"sourceItems": [
        {"sku": "MUG-WHT", "source_code": "central", "quantity": 0, "status": 0}]})
    after = {row["sku"]: row for row in await ok(m, "GET", "/inventory/dump-stock-index-data/website/base")}
    assert (after["MUG-WHT"]["qty"], after["MUG-WHT"]["is_salable"]) == (0, False)
    r = await m.get("/rest/V1/inventory/dump-stock-index-data/website/nowhere", headers=TOKEN)
    assert r.status_code == 404
