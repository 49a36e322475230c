"""What a product save writes beyond the product's own fields, on the Magento twin (issue 15 items 2 and 3).

``custom_attributes`` of user-defined attributes are stored when the attribute is in the product's set and
ignored otherwise (``catalog.product_save_values``): a select keeps the option id it is given, known or not, a
multiselect its ids joined by commas, an empty value deletes the stored one; reads and searches see them.
``tier_prices`` in a save replace the product's tier prices (the same rows the tier price APIs write), a save
without them keeps them; duplicates and bad percentages are refused with the backend's messages. Every answer is
checked against its version's contract by the ``magento`` fixture.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Checked, custom, ok, refused

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]


def where(field: str, value: Any, condition: str = "eq") -> str:
    return (f"searchCriteria[filter_groups][0][filters][0][field]={field}"
            f"&searchCriteria[filter_groups][0][filters][0][value]={value}"
            f"&searchCriteria[filter_groups][0][filters][0][condition_type]={condition}")


async def attribute(m: Checked, code: str, kind: str, options: list[str] | None = None,
                    assign: bool = True) -> dict[str, Any]:
    made: dict[str, Any] = await ok(m, "POST", "/products/attributes", json={"attribute": {
        "attribute_code": code, "frontend_input": kind, "default_frontend_label": code.title(),
        "options": [{"label": o} for o in options or []]}})
    if assign:
        group = (await ok(m, "GET", "/products/attribute-sets/groups/list?searchCriteria[filter_groups][0][filters]"
                          "[0][field]=attribute_set_id&searchCriteria[filter_groups][0][filters][0][value]=4")
                 )["items"][0]["attribute_group_id"]
        await ok(m, "POST", "/products/attribute-sets/attributes", json={
            "attributeSetId": 4, "attributeGroupId": group, "attributeCode": code, "sortOrder": 90})
    return made


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_save_stores_the_values_of_attributes_in_the_product_s_set(magento: Any, version: str) -> None:
    m = magento(version)
    material = await attribute(m, "material", "select", ["Canvas", "Leather"])
    canvas = next(o["value"] for o in material["options"] if o["label"] == "Canvas")
    await attribute(m, "care_notes", "text")
    finishes = {o["label"]: o["value"] for o in (await attribute(m, "finishes", "multiselect", ["Matte", "Gloss"]))
                ["options"]}
    await attribute(m, "lonely", "text", assign=False)  # in no set: ignored
    saved = await ok(m, "PUT", "/products/MUG-WHT", json={"product": {"custom_attributes": [
        {"attribute_code": "material", "value": canvas}, {"attribute_code": "care_notes", "value": "Hand wash"},
        {"attribute_code": "finishes", "value": [finishes["Gloss"], finishes["Matte"]]},
        {"attribute_code": "lonely", "value": "x"},
        {"attribute_code": "no_such_code", "value": "y"}]}})
    read = await ok(m, "GET", "/products/MUG-WHT")
    for product in (saved, read):
        assert custom(product, "material") == canvas
        assert custom(product, "care_notes") == "Hand wash"
        assert custom(product, "finishes") == f"{finishes['Gloss']},{finishes['Matte']}"
        assert custom(product, "lonely") is None and custom(product, "no_such_code") is None
    found = await ok(m, "GET", f"/products?{where('care_notes', 'Hand wash')}")
    assert [p["sku"] for p in found["items"]] == ["MUG-WHT"]
    found = await ok(m, "GET", f"/products?{where('material', canvas)}")
    assert [p["sku"] for p in found["items"]] == ["MUG-WHT"]
    await ok(m, "PUT", "/products/MUG-WHT", json={"product": {"custom_attributes": [
        {"attribute_code": "care_notes", "value": ""}]}})  # an empty value deletes the stored one
    read = await ok(m, "GET", "/products/MUG-WHT")
    assert custom(read, "care_notes") is None and custom(read, "material") == canvas


@pytest.mark.parametrize("version", VERSIONS)
async def test_an_unknown_option_id_is_stored_as_given(magento: Any, version: str) -> None:
    m = magento(version)
    await attribute(m, "material", "select", ["Canvas"])
    await ok(m, "POST", "/products", json={"product": {"sku": "BAG-1", "name": "Bag", "price": 30,
                                                       "attribute_set_id": 4, "custom_attributes": [
                                                           {"attribute_code": "material", "value": "98765"}]}})
    assert custom(await ok(m, "GET", "/products/BAG-1"), "material") == "98765"
    options = await ok(m, "GET", "/products/attributes/material/options")
    assert [o["label"] for o in options] == ["Canvas"]  # no option is made for it


@pytest.mark.parametrize("version", VERSIONS)
async def test_values_leave_with_the_attribute(magento: Any, version: str) -> None:
    m = magento(version)
    await attribute(m, "care_notes", "text")
    await ok(m, "PUT", "/products/MUG-WHT", json={"product": {"custom_attributes": [
        {"attribute_code": "care_notes", "value": "Hand wash"}]}})
    assert await ok(m, "DELETE", "/products/attribute-sets/4/attributes/care_notes") is True
    assert custom(await ok(m, "GET", "/products/MUG-WHT"), "care_notes") is None
    await attribute(m, "glaze", "text")
    await ok(m, "PUT", "/products/MUG-WHT", json={"product": {"custom_attributes": [
        {"attribute_code": "glaze", "value": "Clear"}]}})
    assert await ok(m, "DELETE", "/products/attributes/glaze") is True
    assert custom(await ok(m, "GET", "/products/MUG-WHT"), "glaze") is None


def tiers(product: dict[str, Any]) -> list[tuple[int, float, float, Any]]:
    return [(t["customer_group_id"], t["qty"], t["value"], t["extension_attributes"].get("percentage_value"))
            for t in product["tier_prices"]]


@pytest.mark.parametrize("version", VERSIONS)
async def test_tier_prices_in_a_save_replace_the_product_s_tiers(magento: Any, version: str) -> None:
    m = magento(version)
    saved = await ok(m, "PUT", "/products/MUG-WHT", json={"product": {"tier_prices": [
        {"customer_group_id": 1, "qty": 5, "value": 10},
        {"customer_group_id": 32000, "qty": 10, "value": 0, "extension_attributes": {"percentage_value": 25}}]}})
    assert tiers(saved) == [(1, 5, 10, None), (32000, 10, 9, 25)]
    assert tiers(await ok(m, "GET", "/products/MUG-WHT")) == tiers(saved)
    info = await ok(m, "POST", "/products/tier-prices-information", json={"skus": ["MUG-WHT"]})
    assert sorted((r["customer_group"], r["quantity"], r["price_type"]) for r in info) == \
        [("General", 5, "fixed"), ("all groups", 10, "discount")]
    kept = await ok(m, "PUT", "/products/MUG-WHT", json={"product": {"name": "White Mug"}})
    assert tiers(kept) == tiers(saved)  # no tier_prices: the tiers stay
    emptied = await ok(m, "PUT", "/products/MUG-WHT", json={"product": {"tier_prices": []}})
    assert emptied["tier_prices"] == []


@pytest.mark.parametrize("version", VERSIONS)
async def test_bad_tier_prices_refuse_the_save(magento: Any, version: str) -> None:
    m = magento(version)
    twice = [{"customer_group_id": 1, "qty": 5, "value": 10}, {"customer_group_id": 1, "qty": 5, "value": 9}]
    assert await refused(m, "PUT", "/products/MUG-WHT", 400, json={"product": {"tier_prices": twice}}) == {
        "message": "We found a duplicate website, tier price, customer group and quantity."}
    over = [{"customer_group_id": 1, "qty": 5, "value": 0, "extension_attributes": {"percentage_value": 120}}]
    assert await refused(m, "PUT", "/products/MUG-WHT", 400, json={"product": {"tier_prices": over}}) == {
        "message": "Percentage value must be a number between 0 and 100."}
    negative = [{"customer_group_id": 1, "qty": 5, "value": -1}]
    assert await refused(m, "PUT", "/products/MUG-WHT", 400, json={"product": {"tier_prices": negative}}) == {
        "message": "Group price must be a number greater than 0."}
    assert (await ok(m, "GET", "/products/MUG-WHT"))["tier_prices"] == []
