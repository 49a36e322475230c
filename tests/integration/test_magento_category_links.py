"""Magento category-product assignment (CategoryLinkManagement, CategoryLinkRepository; issue 15 item 1).

Assignments are read, saved with a position and deleted statefully; a product's category_ids and
category_links and a category's product_count follow. Answers are checked against the contract.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TOKEN

pytestmark = pytest.mark.anyio


async def categories_of(m: Any, sku: str) -> list[dict[str, Any]]:
    body = (await m.get(f"/rest/V1/products/{sku}", headers=TOKEN)).json()
    links: list[dict[str, Any]] = body["extension_attributes"].get("category_links", [])
    return links


@pytest.mark.parametrize("version", ["2.4.5", "2.4.9"])
async def test_a_product_is_assigned_moved_and_removed(magento: Any, version: str) -> None:
    m = magento(version)
    inventory = m.app.twin.inventory
    category_id = next(c for c in inventory.categories if c not in inventory.products["MUG-BLK"].category_ids)
    before = (await m.get(f"/rest/V1/categories/{category_id}/products", headers=TOKEN)).json()
    r = await m.post(f"/rest/V1/categories/{category_id}/products", headers=TOKEN,
                     json={"productLink": {"sku": "MUG-BLK", "position": 7, "category_id": str(category_id)}})
    assert (r.status_code, r.json()) == (200, True)
    after = (await m.get(f"/rest/V1/categories/{category_id}/products", headers=TOKEN)).json()
    assert sorted(after, key=str) == sorted([*before, {"sku": "MUG-BLK", "position": 7,
                                                       "category_id": str(category_id)}], key=str)
    assert {"position": 7, "category_id": str(category_id)} in await categories_of(m, "MUG-BLK")
    r = await m.put(f"/rest/V1/categories/{category_id}/products", headers=TOKEN,
                    json={"productLink": {"sku": "MUG-BLK", "position": 2}})
    assert r.json() is True
    assert {"position": 2, "category_id": str(category_id)} in await categories_of(m, "MUG-BLK")
    r = await m.delete(f"/rest/V1/categories/{category_id}/products/MUG-BLK", headers=TOKEN)
    assert (r.status_code, r.json()) == (200, True)
    assert (await m.get(f"/rest/V1/categories/{category_id}/products", headers=TOKEN)).json() == before
    r = await m.delete(f"/rest/V1/categories/{category_id}/products/MUG-BLK", headers=TOKEN)
    assert (r.status_code, r.json()["message"]) == (400, "The category doesn't contain the specified product.")


async def test_unknown_category_and_product(magento: Any) -> None:
    m = magento()
    r = await m.get("/rest/V1/categories/999/products", headers=TOKEN)
    assert (r.status_code, r.json()["parameters"]) == (404, {"fieldName": "id", "fieldValue": 999})
    category_id = next(iter(m.app.twin.inventory.categories))
    r = await m.post(f"/rest/V1/categories/{category_id}/products", headers=TOKEN,
                     json={"productLink": {"sku": "NOPE", "position": 1}})
    assert r.status_code == 404
    r = await m.get(f"/rest/V1/categories/{category_id}/products", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
