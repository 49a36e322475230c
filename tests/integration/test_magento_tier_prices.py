"""Magento group price tiers (issue 15 item 1): ``TierPriceManagement``'s list, add and remove, one state with the
tier price storage API and a product's ``tier_prices``, as ``catalog.group_price_tiers`` states them. Every answer
is checked against its version's contract by the ``magento`` fixture.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import ok, refused

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]
TIERS = "/products/MUG-BLK/group-prices"


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_group_tier_is_added_read_and_removed_in_one_state(magento: Any, version: str) -> None:
    m = magento(version)
    assert await ok(m, "GET", f"{TIERS}/1/tiers") == []
    assert await ok(m, "POST", f"{TIERS}/1/tiers/2/price/10.5") is True
    assert await ok(m, "POST", f"{TIERS}/all/tiers/5/price/9") is True
    assert await ok(m, "GET", f"{TIERS}/1/tiers") == [{"customer_group_id": 1, "qty": 2, "value": 10.5}]
    assert await ok(m, "GET", f"{TIERS}/all/tiers") == [{"customer_group_id": 32000, "qty": 5, "value": 9}]
    assert await ok(m, "GET", f"{TIERS}/32000/tiers") == [{"customer_group_id": 32000, "qty": 5, "value": 9}]
    product = await ok(m, "GET", "/products/MUG-BLK")
    assert [(t["customer_group_id"], t["qty"], t["value"]) for t in product["tier_prices"]] == [(1, 2, 10.5),
                                                                                                  (32000, 5, 9)]
    information = await ok(m, "POST", "/products/tier-prices-information", json={"skus": ["MUG-BLK"]})
    assert [(r["customer_group"], r["quantity"], r["price"]) for r in information] == [("General", 2, 10.5),
                                                                                       ("all groups", 5, 9)]
    assert await ok(m, "POST", f"{TIERS}/1/tiers/2/price/11") is True  # same group and qty: the price changes
    assert await ok(m, "GET", f"{TIERS}/1/tiers") == [{"customer_group_id": 1, "qty": 2, "value": 11}]
    assert await ok(m, "DELETE", f"{TIERS}/1/tiers/2") is True
    assert await ok(m, "GET", f"{TIERS}/1/tiers") == []


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_storage_discount_reads_as_the_price_after_it_and_keeps_its_percentage(magento: Any,
                                                                                       version: str) -> None:
    m = magento(version)
    tier = {"price": 25, "price_type": "discount", "website_id": 0, "sku": "MUG-BLK", "customer_group": "Wholesale",
            "quantity": 3}
    assert await ok(m, "POST", "/products/tier-prices", json={"prices": [tier]}) == []
    assert await ok(m, "GET", f"{TIERS}/2/tiers") == [{"customer_group_id": 2, "qty": 3, "value": 9}]  # 12 - 25%
    assert await ok(m, "POST", f"{TIERS}/2/tiers/3/price/5") is True  # a percentage row stores no price
    assert await ok(m, "GET", f"{TIERS}/2/tiers") == [{"customer_group_id": 2, "qty": 3, "value": 9}]


@pytest.mark.parametrize("version", VERSIONS)
async def test_the_group_tier_service_refuses_as_magento_does(magento: Any, version: str) -> None:
    m = magento(version)
    invalid = await refused(m, "POST", f"{TIERS}/1/tiers/0/price/10", 400)
    assert invalid["message"] == "The data was invalid. Verify the data and try again."
    await refused(m, "POST", "/products/NOPE/group-prices/1/tiers/1/price/10", 404)
    await refused(m, "GET", "/products/NOPE/group-prices/1/tiers", 404)
    group = await refused(m, "POST", f"{TIERS}/77/tiers/1/price/10", 404)
    assert group["parameters"] == {"fieldName": "id", "fieldValue": "77"}
    typed = await refused(m, "POST", f"{TIERS}/1/tiers/two/price/10", 400)
    assert typed["parameters"] == {"value": "two", "type": "float"}
    assert await ok(m, "POST", f"{TIERS}/1/tiers/2/price/10") is True
    assert await ok(m, "GET", f"{TIERS}/General/tiers") == []  # neither 'all' nor a number: no row applies
    missing = await refused(m, "DELETE", f"{TIERS}/1/tiers/3", 404)
    assert missing["parameters"] == ["1", "0", "3"]
