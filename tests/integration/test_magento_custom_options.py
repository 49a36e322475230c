"""Magento product custom options, emulated statefully (issue 15 item 1): the option repository's reads,
saves and deletes, and a product save carrying ``options``, as ``catalog.custom_options`` states them.

Every answer is checked against its version's contract by the ``magento`` fixture; each write is read back
through ``GET /V1/products/{sku}`` (``options`` and the ``has_options``/``required_options`` attributes).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import custom, ok, refused

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]
ENGRAVING = {"product_sku": "MUG-BLK", "title": "Engraving", "type": "field", "sort_order": 2, "is_require": True,
             "price": 5, "price_type": "fixed", "sku": "engr", "max_characters": 20}
GIFT_BOX = {"product_sku": "MUG-BLK", "title": "Gift box", "type": "drop_down", "sort_order": 1, "is_require": False,
            "values": [{"title": "Plain", "sort_order": 1, "price": 0, "price_type": "fixed"},
                       {"title": "Ribbon", "sort_order": 2, "price": 2.5, "price_type": "fixed", "sku": "rib"}]}


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_saved_option_is_read_back_everywhere(magento: Any, version: str) -> None:
    m = magento(version)
    assert await ok(m, "GET", "/products/MUG-BLK/options") == []
    saved = await ok(m, "POST", "/products/options", json={"option": ENGRAVING})
    assert saved["option_id"] >= 1
    assert {k: saved[k] for k in ENGRAVING} == ENGRAVING
    box = await ok(m, "POST", "/products/options", json={"option": GIFT_BOX})
    assert [v["title"] for v in box["values"]] == ["Plain", "Ribbon"]
    assert all(v["option_type_id"] >= 1 for v in box["values"])
    assert "price" not in box and "price_type" not in box  # a select's prices are its values'
    listed = await ok(m, "GET", "/products/MUG-BLK/options")
    assert [o["title"] for o in listed] == ["Gift box", "Engraving"]  # by sort_order
    assert await ok(m, "GET", f"/products/MUG-BLK/options/{saved['option_id']}") == saved
    product = await ok(m, "GET", "/products/MUG-BLK")
    assert product["options"] == listed
    assert (custom(product, "has_options"), custom(product, "required_options")) == ("1", "1")
    assert (await ok(m, "GET", "/products/MUG-WHT"))["options"] == []


@pytest.mark.parametrize("version", VERSIONS)
async def test_an_update_names_the_option_in_its_body_and_drops_values_left_out(magento: Any, version: str) -> None:
    m = magento(version)
    box = await ok(m, "POST", "/products/options", json={"option": GIFT_BOX})
    ribbon = box["values"][1]
    body = {**GIFT_BOX, "option_id": box["option_id"], "title": "Wrapping",
            "values": [{**ribbon, "price": 3}, {"title": "Paper", "sort_order": 3, "price": 1, "price_type": "fixed"}]}
    updated = await ok(m, "PUT", f"/products/options/{box['option_id']}", json={"option": body})
    assert updated["option_id"] == box["option_id"] and updated["title"] == "Wrapping"
    values = updated["values"]
    assert [(v["title"], v["price"]) for v in values] == [("Ribbon", 3), ("Paper", 1)]  # "Plain" removed
    assert values[0]["option_type_id"] == ribbon["option_type_id"]
    # the path's id is not read (webapi.xml passes only the body): no option_id in the body makes a new option
    fresh = await ok(m, "PUT", f"/products/options/{box['option_id']}", json={"option": ENGRAVING})
    assert fresh["option_id"] != box["option_id"]
    assert len(await ok(m, "GET", "/products/MUG-BLK/options")) == 2
    gone = await refused(m, "PUT", "/products/options/1", 404, json={"option": {**ENGRAVING, "option_id": 999}})
    assert gone == {"message": "No such entity."}


@pytest.mark.parametrize("version", VERSIONS)
async def test_refusals_are_the_repository_and_validators_own(magento: Any, version: str) -> None:
    m = magento(version)
    no_sku = await refused(m, "POST", "/products/options", 400,
                           json={"option": {k: v for k, v in ENGRAVING.items() if k != "product_sku"}})
    assert no_sku == {"message": "The ProductSku is empty. Set the ProductSku and try again."}
    await refused(m, "POST", "/products/options", 404, json={"option": {**ENGRAVING, "product_sku": "NOPE"}})
    bad = await refused(m, "POST", "/products/options", 400,
                        json={"option": {**ENGRAVING, "title": "", "type": "bogus"}})
    assert bad == {"message": "Missed values for option required fields\nInvalid option type"}
    no_values = await refused(m, "POST", "/products/options", 400, json={"option": {**GIFT_BOX, "values": []}})
    assert no_values == {"message": "Invalid option value"}
    no_price_type = {k: v for k, v in ENGRAVING.items() if k != "price_type"}
    assert (await refused(m, "POST", "/products/options", 400, json={"option": no_price_type}))["message"] == \
        "Invalid option value"
    missing = await refused(m, "GET", "/products/MUG-BLK/options/77", 404)
    assert missing == {"message": "No such entity with %fieldName = %fieldValue",
                       "parameters": {"fieldName": "optionId", "fieldValue": 77}}
    assert await refused(m, "DELETE", "/products/MUG-BLK/options/77", 404) == missing
    assert (await ok(m, "GET", "/products/MUG-BLK/options")) == []


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_delete_removes_the_option_from_the_product(magento: Any, version: str) -> None:
    m = magento(version)
    engraving = await ok(m, "POST", "/products/options", json={"option": ENGRAVING})
    assert await ok(m, "DELETE", f"/products/MUG-BLK/options/{engraving['option_id']}") is True
    product = await ok(m, "GET", "/products/MUG-BLK")
    assert product["options"] == []
    assert (custom(product, "has_options"), custom(product, "required_options")) == ("0", "0")
    # an option of another product is not this product's
    other = await ok(m, "POST", "/products/options", json={"option": {**ENGRAVING, "product_sku": "MUG-WHT"}})
    await refused(m, "DELETE", f"/products/MUG-BLK/options/{other['option_id']}", 404)


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_product_save_with_options_replaces_them(magento: Any, version: str) -> None:
    m = magento(version)
    engraving = await ok(m, "POST", "/products/options", json={"option": ENGRAVING})
    await ok(m, "POST", "/products/options", json={"option": GIFT_BOX})
    kept = {**engraving, "title": "Name engraving"}
    saved = await ok(m, "PUT", "/products/MUG-BLK", json={"product": {"options": [kept]}})
    assert [(o["option_id"], o["title"]) for o in saved["options"]] == [(engraving["option_id"], "Name engraving")]
    # a save without "options" leaves them alone
    assert len((await ok(m, "PUT", "/products/MUG-BLK", json={"product": {"price": 13}}))["options"]) == 1
    cleared = await ok(m, "PUT", "/products/MUG-BLK", json={"product": {"options": []}})
    assert cleared["options"] == []
    new = await ok(m, "POST", "/products", json={"product": {
        "sku": "MUG-GRN", "name": "Green mug", "price": 12, "options": [{**ENGRAVING, "product_sku": "MUG-GRN"}]}})
    assert [o["title"] for o in new["options"]] == ["Engraving"]
    assert new["options"][0]["product_sku"] == "MUG-GRN"
    bad = {"product": {"sku": "MUG-RED", "name": "Red mug", "price": 12, "options": [{**ENGRAVING, "type": "x"}]}}
    assert (await refused(m, "POST", "/products", 400, json=bad))["message"] == "Invalid option type"
    await refused(m, "GET", "/products/MUG-RED", 404)  # nothing was created
