"""Attribute sets, groups, set membership and attribute saves on the Magento twin (issue 15 item 1).

Through both services Magento has for sets (``/V1/eav/attribute-sets``, any entity type, and
``/V1/products/attribute-sets``, product sets only), statefully: a set made from a skeleton holds the
skeleton's groups and attributes, an attribute unassigned or deleted leaves the set's attribute list and the
products' custom_attributes, a product whose set was deleted is refused on its next save, and system
attributes can be neither unassigned nor deleted. Messages and statuses are the profile facts
``catalog.attribute_sets`` and ``catalog.attribute_writes`` (read from Magento's code); every answer is
checked against its version's contract by the ``magento`` fixture.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Checked, custom, ok, refused

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]
ALL = "searchCriteria[pageSize]=100"


def where(field: str, value: Any) -> str:
    return (f"searchCriteria[filter_groups][0][filters][0][field]={field}"
            f"&searchCriteria[filter_groups][0][filters][0][value]={value}")


async def new_set(m: Checked, name: str = "Bags", skeleton: int = 4) -> dict[str, Any]:
    made: dict[str, Any] = await ok(m, "POST", "/products/attribute-sets", json={
        "attributeSet": {"attribute_set_name": name, "sort_order": 2}, "skeletonId": skeleton})
    return made


async def codes(m: Checked, set_id: int) -> list[str]:
    return [a["attribute_code"] for a in await ok(m, "GET", f"/products/attribute-sets/{set_id}/attributes")]


async def groups(m: Checked, set_id: int) -> list[dict[str, Any]]:
    listed = await ok(m, "GET", f"/products/attribute-sets/groups/list?{where('attribute_set_id', set_id)}")
    items: list[dict[str, Any]] = listed["items"]
    return items


async def new_attribute(m: Checked, code: str = "material") -> dict[str, Any]:
    made: dict[str, Any] = await ok(m, "POST", "/products/attributes", json={"attribute": {
        "attribute_code": code, "frontend_input": "select", "default_frontend_label": code.title(),
        "options": [{"label": "Canvas"}, {"label": "Leather"}]}})
    return made


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_new_store_has_one_default_set_per_entity_type(magento: Any, version: str) -> None:
    m = magento(version)
    every = await ok(m, "GET", f"/eav/attribute-sets/list?{ALL}")
    assert [(s["attribute_set_id"], s["attribute_set_name"], s["entity_type_id"]) for s in every["items"]] == \
        [(n, "Default", n) for n in range(1, 9)]
    products = await ok(m, "GET", f"/eav/attribute-sets/list?{where('entity_type_code', 'catalog_product')}")
    assert products["items"] == [{"attribute_set_id": 4, "attribute_set_name": "Default", "sort_order": 1,
                                  "entity_type_id": 4}]
    assert products["total_count"] == 1
    assert (await ok(m, "GET", f"/products/attribute-sets/sets/list?{ALL}"))["items"] == products["items"]
    assert await ok(m, "GET", "/eav/attribute-sets/1") == {"attribute_set_id": 1, "attribute_set_name": "Default",
                                                           "sort_order": 1, "entity_type_id": 1}
    assert (await refused(m, "GET", "/products/attribute-sets/1", 400))["message"] == \
        "Provided Attribute set non product Attribute set."
    assert (await refused(m, "GET", "/eav/attribute-sets/99", 404))["parameters"] == {"fieldName": "id",
                                                                                      "fieldValue": 99}
    await refused(m, "GET", "/eav/attribute-sets/list", 400)  # searchCriteria is required
    names = [(g["attribute_group_name"], g["extension_attributes"]["sort_order"]) for g in await groups(m, 4)]
    assert names[0] == ("Product Details", "10") and ("Autosettings", "60") in names


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_set_made_from_a_skeleton_holds_its_groups_and_attributes(magento: Any, version: str) -> None:
    m = magento(version)
    made = await new_set(m)
    assert made == {"attribute_set_id": 9, "attribute_set_name": "Bags", "sort_order": 2, "entity_type_id": 4}
    assert await ok(m, "GET", "/products/attribute-sets/9") == made
    assert await codes(m, 9) == await codes(m, 4)
    assert [g["attribute_group_name"] for g in await groups(m, 9)] == [g["attribute_group_name"]
                                                                       for g in await groups(m, 4)]
    listed = await ok(m, "GET", f"/products/attribute-sets/sets/list?{ALL}")
    assert [s["attribute_set_id"] for s in listed["items"]] == [4, 9]
    taken = await refused(m, "POST", "/products/attribute-sets", 400, json={
        "attributeSet": {"attribute_set_name": "bags ", "sort_order": 0}, "skeletonId": 4})
    assert taken == {"message": 'A "bags " attribute set name already exists. Create a new name and try again.'}
    for skeleton, message in ((99, "non-existing"), (1, "non-product"), (0, "non-existing")):
        body = await refused(m, "POST", "/products/attribute-sets", 400, json={
            "attributeSet": {"attribute_set_name": "X", "sort_order": 0}, "skeletonId": skeleton})
        assert message in body["message"]
    assert (await refused(m, "POST", "/eav/attribute-sets", 400, json={
        "entityTypeCode": "nope", "attributeSet": {"attribute_set_name": "X", "sort_order": 0}, "skeletonId": 4,
    }))["message"] == "Invalid entity_type specified: nope"
    assert (await refused(m, "POST", "/eav/attribute-sets", 400, json={
        "entityTypeCode": "catalog_product", "attributeSet": {"attribute_set_id": 4, "attribute_set_name": "Y",
                                                              "sort_order": 0}, "skeletonId": 4,
    }))["parameters"] == {"fieldName": "id", "value": 4}
    empty = await refused(m, "POST", "/eav/attribute-sets", 400, json={
        "entityTypeCode": "customer", "attributeSet": {"attribute_set_name": " ", "sort_order": 0}, "skeletonId": 1})
    assert empty["message"] == "The attribute set name is empty. Enter the name and try again."
    customer = await ok(m, "POST", "/eav/attribute-sets", json={
        "entityTypeCode": "customer", "attributeSet": {"attribute_set_name": "VIP", "sort_order": 3}, "skeletonId": 1})
    assert (customer["attribute_set_id"], customer["entity_type_id"]) == (10, 1)


@pytest.mark.parametrize("version", VERSIONS)
async def test_sets_are_renamed_and_the_default_set_is_never_deleted(magento: Any, version: str) -> None:
    m = magento(version)
    await new_set(m)
    refused_body = await refused(m, "PUT", "/products/attribute-sets/9", 400, json={
        "attributeSet": {"attribute_set_name": "Totes", "sort_order": 2}})  # no entity_type_id: not a product set
    assert refused_body["message"] == "Provided Attribute set non product Attribute set."
    saved = await ok(m, "PUT", "/products/attribute-sets/9", json={"attributeSet": {
        "attribute_set_id": 4, "attribute_set_name": "Totes", "sort_order": 5, "entity_type_id": 4}})
    assert saved == {"attribute_set_id": 9, "attribute_set_name": "Totes", "sort_order": 5, "entity_type_id": 4}
    assert (await ok(m, "GET", "/eav/attribute-sets/9"))["attribute_set_name"] == "Totes"
    assert (await ok(m, "GET", "/eav/attribute-sets/4"))["attribute_set_name"] == "Default"  # the path's id won
    duplicate = await refused(m, "PUT", "/eav/attribute-sets/9", 400, json={"attributeSet": {
        "attribute_set_name": "Default", "sort_order": 5, "entity_type_id": 4}})
    assert duplicate["message"].startswith("The attribute set couldn't be saved due to an error.")
    for path in ("/products/attribute-sets/4", "/eav/attribute-sets/4", "/eav/attribute-sets/1"):
        assert (await refused(m, "DELETE", path, 400))["message"] == "The default attribute set can't be deleted."
    assert (await refused(m, "DELETE", "/products/attribute-sets/99", 404))["parameters"]["fieldName"] == "id"
    assert await ok(m, "DELETE", "/products/attribute-sets/9") is True
    await refused(m, "GET", "/products/attribute-sets/9", 404)
    assert await groups(m, 9) == []


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_product_whose_set_was_deleted_is_refused_on_its_next_save(magento: Any, version: str) -> None:
    m = magento(version)
    await new_set(m)
    await ok(m, "PUT", "/products/MUG-BLK", json={"product": {"attribute_set_id": 9}})
    assert await ok(m, "DELETE", "/eav/attribute-sets/9") is True
    mug = await ok(m, "GET", "/products/MUG-BLK")  # the REST delete keeps the set's products
    assert mug["attribute_set_id"] == 9
    invalid = {"message": "Invalid product data: %1", "parameters": ["Invalid attribute set entity type"]}
    assert await refused(m, "PUT", "/products/MUG-BLK", 400, json={"product": {"price": 13}}) == invalid
    assert (await ok(m, "GET", "/products/MUG-BLK"))["price"] == mug["price"]
    assert await refused(m, "POST", "/products", 400, json={"product": {
        "sku": "CUST-1", "name": "Not a product set", "attribute_set_id": 1}}) == invalid
    await refused(m, "GET", "/products/CUST-1", 404)
    moved = await ok(m, "PUT", "/products/MUG-BLK", json={"product": {"attribute_set_id": 4, "price": 13}})
    assert (moved["attribute_set_id"], moved["price"]) == (4, 13)


@pytest.mark.parametrize("version", VERSIONS)
async def test_groups_are_added_renamed_and_deleted(magento: Any, version: str) -> None:
    m = magento(version)
    await new_set(m)
    made = await ok(m, "POST", "/products/attribute-sets/groups", json={"group": {
        "attribute_group_name": "Bag Specs", "attribute_set_id": 9}})
    assert made["attribute_group_name"] == "Bag Specs" and made["attribute_set_id"] == 9
    assert made["extension_attributes"] == {"attribute_group_code": "bag-specs", "sort_order": "61"}
    assert made in await groups(m, 9) and made not in await groups(m, 4)
    coded = await ok(m, "GET", f"/products/attribute-sets/groups/list?{where('attribute_group_code', 'bag-specs')}")
    assert coded["items"] == [made]
    renamed = await ok(m, "PUT", "/products/attribute-sets/9/groups", json={"group": {
        "attribute_group_id": made["attribute_group_id"], "attribute_group_name": "Specs",
        "attribute_set_id": 4, "extension_attributes": {"attribute_group_code": "specs", "sort_order": "70"}}})
    assert (renamed["attribute_group_name"], renamed["attribute_set_id"], renamed["extension_attributes"]) == \
        ("Specs", 9, {"attribute_group_code": "specs", "sort_order": "70"})
    other = (await groups(m, 4))[0]["attribute_group_id"]
    assert (await refused(m, "PUT", "/products/attribute-sets/9/groups", 400, json={"group": {
        "attribute_group_id": other, "attribute_group_name": "Moved"}}))["message"] == \
        "The attribute group doesn't belong to the provided attribute set."
    assert (await refused(m, "POST", "/products/attribute-sets/groups", 400, json={"group": {
        "attribute_group_name": "Specs", "attribute_set_id": 9}}))["message"] == "The attributeGroup can't be saved."
    assert (await refused(m, "POST", "/products/attribute-sets/groups", 404, json={"group": {
        "attribute_group_name": "Specs", "attribute_set_id": 99}}))["parameters"] == {
        "fieldName": "attributeSetId", "fieldValue": 99}
    details = (await groups(m, 9))[0]
    assert (await refused(m, "DELETE", f"/products/attribute-sets/groups/{details['attribute_group_id']}", 400)
            )["message"] == "The attribute group can't be deleted because it contains system attributes."
    assert await ok(m, "DELETE", f"/products/attribute-sets/groups/{made['attribute_group_id']}") is True
    assert (await refused(m, "DELETE", f"/products/attribute-sets/groups/{made['attribute_group_id']}", 404)) == {
        "message": "The group with the \"%1\" ID doesn't exist. Verify the ID and try again.",
        "parameters": [made["attribute_group_id"]]}


@pytest.mark.parametrize("version", VERSIONS)
async def test_attributes_are_assigned_to_and_unassigned_from_sets(magento: Any, version: str) -> None:
    m = magento(version)
    await new_set(m)
    material = await new_attribute(m)
    assert "material" not in await codes(m, 4)  # a new attribute is in no set until assigned
    group = (await groups(m, 9))[1]["attribute_group_id"]
    row = await ok(m, "POST", "/products/attribute-sets/attributes", json={
        "attributeSetId": 9, "attributeGroupId": group, "attributeCode": "material", "sortOrder": 5})
    assert isinstance(row, int)
    assert "material" in await codes(m, 9) and "material" not in await codes(m, 4)
    in_set = {a["attribute_code"]: a for a in await ok(m, "GET", "/products/attribute-sets/9/attributes")}
    assert in_set["material"] == material
    four_group = (await groups(m, 4))[0]["attribute_group_id"]
    assign = {"attributeSetId": 9, "attributeGroupId": four_group, "attributeCode": "material", "sortOrder": 1}
    assert (await refused(m, "POST", "/products/attribute-sets/attributes", 400, json=assign))["message"] == \
        "The attribute group doesn't belong to the attribute set."
    assert (await refused(m, "POST", "/products/attribute-sets/attributes", 400, json={**assign, "attributeSetId": 1})
            )["message"] == "The attribute set ID is incorrect. Verify the ID and try again."
    assert (await refused(m, "POST", "/products/attribute-sets/attributes", 404, json={**assign, "attributeSetId": 99})
            )["parameters"] == [99]
    assert await ok(m, "DELETE", "/products/attribute-sets/9/attributes/material") is True
    assert "material" not in await codes(m, 9)
    assert (await refused(m, "DELETE", "/products/attribute-sets/9/attributes/material", 400))["parameters"] == \
        ["material", "9"]
    assert (await refused(m, "DELETE", "/products/attribute-sets/4/attributes/sku", 400))["message"] == \
        "The system attribute can't be deleted."
    assert await refused(m, "DELETE", "/products/attribute-sets/4/attributes/color", 400) == {
        "message": "Attribute '%1' is locked. %2",
        "parameters": ["color", "This attribute is used in configurable products."]}
    assert (await refused(m, "DELETE", "/products/attribute-sets/99/attributes/sku", 404))["parameters"] == ["99"]
    assert (await refused(m, "GET", "/products/attribute-sets/1/attributes", 404))["parameters"] == {
        "fieldName": "attributeSetId", "fieldValue": "1"}
    for unknown in ("99", "bags"):  # the service takes the id as a string: no type error, no set
        assert (await refused(m, "GET", f"/products/attribute-sets/{unknown}/attributes", 404))["parameters"] == {
            "fieldName": "id", "fieldValue": unknown}
    assert (await refused(m, "DELETE", "/products/attribute-sets/bags/attributes/sku", 404))["parameters"] == ["bags"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_an_unassigned_attribute_leaves_the_set_s_products(magento: Any, version: str) -> None:
    m = magento(version)
    await ok(m, "POST", "/products/cost", json={"prices": [{"sku": "MUG-WHT", "cost": 4, "store_id": 0}]})
    assert custom(await ok(m, "GET", "/products/MUG-WHT"), "cost") == "4.000000"
    assert await ok(m, "DELETE", "/products/attribute-sets/4/attributes/cost") is True
    assert "cost" not in await codes(m, 4)
    assert custom(await ok(m, "GET", "/products/MUG-WHT"), "cost") is None


@pytest.mark.parametrize("version", VERSIONS)
async def test_attributes_are_created_updated_and_deleted(magento: Any, version: str) -> None:
    m = magento(version)
    made = await new_attribute(m)
    assert (made["attribute_code"], made["frontend_input"], made["backend_type"], made["is_user_defined"],
            made["default_frontend_label"]) == ("material", "select", "int", True, "Material")
    assert [o["label"] for o in made["options"]] == ["Canvas", "Leather"]
    assert made["attribute_id"] > (await ok(m, "GET", "/products/attributes/size"))["attribute_id"]
    assert await ok(m, "GET", "/products/attributes/material") == made
    updated = await ok(m, "PUT", "/products/attributes/material", json={"attribute": {
        "attribute_id": made["attribute_id"], "default_frontend_label": "Fabric", "is_user_defined": False,
        "frontend_input": "text", "is_comparable": "1"}})
    assert (updated["default_frontend_label"], updated["is_comparable"], updated["is_user_defined"],
            updated["frontend_input"]) == ("Fabric", "1", True, "select")
    assert await refused(m, "PUT", "/products/attributes/material", 400, json={"attribute": {
        "default_frontend_label": "Again", "frontend_input": "select"}}) == {
        "message": "%1 already exists.", "parameters": ["Attribute with the same code"]}
    assert (await refused(m, "POST", "/products/attributes", 400, json={"attribute": {
        "attribute_code": "x", "frontend_input": "text"}}))["parameters"] == {"fieldName": "frontend_label"}
    assert (await refused(m, "POST", "/products/attributes", 400, json={"attribute": {
        "attribute_code": "9lives", "frontend_input": "text", "default_frontend_label": "Lives"}}))["parameters"] == \
        {"fieldName": "attribute_code", "value": "9lives"}
    assert (await refused(m, "POST", "/products/attributes", 400, json={"attribute": {
        "attribute_code": "odd", "frontend_input": "hologram", "default_frontend_label": "Odd"}}))["parameters"] == \
        {"fieldName": "frontend_input", "value": "hologram"}
    labelled = await ok(m, "POST", "/products/attributes", json={"attribute": {
        "frontend_input": "text", "frontend_labels": [{"store_id": 0, "label": "Care Notes"}]}})
    assert (labelled["attribute_code"], labelled["backend_type"]) == ("care_notes", "varchar")
    assert await ok(m, "DELETE", "/products/attributes/material") is True
    await refused(m, "GET", "/products/attributes/material", 404)
    again = await new_attribute(m)
    assert again["attribute_id"] > labelled["attribute_id"]  # an auto-increment never gives an id twice


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_deleted_attribute_leaves_sets_and_products(magento: Any, version: str) -> None:
    m = magento(version)
    await new_set(m)
    await ok(m, "POST", "/products/cost", json={"prices": [{"sku": "MUG-WHT", "cost": 4, "store_id": 0}]})
    assert (await refused(m, "DELETE", "/products/attributes/sku", 400))["message"] == \
        "The system attribute can't be deleted."
    assert (await refused(m, "DELETE", "/products/attributes/color", 400)) == {
        "message": "This attribute is used in configurable products."}
    assert (await refused(m, "DELETE", "/products/attributes/nope", 404))["parameters"] == ["nope"]
    assert await ok(m, "DELETE", "/products/attributes/cost") is True
    assert "cost" not in await codes(m, 4) and "cost" not in await codes(m, 9)
    assert custom(await ok(m, "GET", "/products/MUG-WHT"), "cost") is None
    await refused(m, "GET", "/products/attributes/cost", 404)
    listed = await ok(m, "GET", f"/products/attributes?{ALL}")
    assert "cost" not in {a["attribute_code"] for a in listed["items"]}


async def test_is_filterable_is_read_and_written_from_2_4_7(magento: Any) -> None:
    m = magento("2.4.9")
    assert await ok(m, "GET", "/products/attributes/price/is-filterable") == 1
    assert await ok(m, "GET", "/products/attributes/name/is-filterable") == 0
    assert await ok(m, "PUT", "/products/attributes/color/is-filterable/2") is True
    assert await ok(m, "GET", "/products/attributes/color/is-filterable") == 2
    assert (await ok(m, "GET", "/products/attributes/color"))["is_filterable"] is True
    assert "color" in await codes(m, 4)  # a saved attribute stays in its sets
    assert await ok(m, "PUT", "/products/attributes/color/is-filterable/0") is True
    assert (await ok(m, "GET", "/products/attributes/color"))["is_filterable"] is False
    await refused(m, "GET", "/products/attributes/nope/is-filterable", 404)
    old = magento("2.4.6")
    missing = await refused(old, "GET", "/products/attributes/price/is-filterable", 404)
    assert missing["message"] == "Request does not match any route."
    await refused(old, "PUT", "/products/attributes/color/is-filterable/2", 404)
    assert (await ok(old, "GET", "/products/attributes/color"))["is_filterable"] is True
