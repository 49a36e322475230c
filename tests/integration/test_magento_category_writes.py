"""Category writes on the Magento twin (issue 15 item 1): create, update, move, delete, read back through the
tree, the list, one category, the category's products and the products' category links; over real HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import ok, refused

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]


def shape(node: dict[str, Any]) -> list[Any]:
    return [(c["id"], c["name"], c["position"], c["level"], shape(c)) for c in node["children_data"]]


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_new_category_goes_last_under_its_parent(magento: Any, version: str) -> None:
    m = magento(version)
    mugs = await ok(m, "POST", "/categories", json={"category": {"name": "Mugs", "parent_id": 3, "is_active": True}})
    assert (mugs["id"], mugs["parent_id"], mugs["level"], mugs["path"], mugs["position"], mugs["is_active"]) == \
        (6, 3, 3, "1/2/3/6", 1, True)
    top = await ok(m, "POST", "/categories", json={"category": {"name": "Gifts", "isActive": True}})
    assert (top["parent_id"], top["position"], top["level"]) == (2, 4, 2)  # the store root, after the seed's three
    assert (await ok(m, "GET", "/categories/3"))["children"] == "6"
    tree = await ok(m, "GET", "/categories")
    assert shape(tree) == [(3, "Drinkware", 1, 2, [(6, "Mugs", 1, 3, [])]), (4, "Apparel", 2, 2, []),
                           (5, "Accessories", 3, 2, []), (7, "Gifts", 4, 2, [])]
    assert [c["id"] for c in (await ok(m, "GET", "/categories/list?searchCriteria[pageSize]=20"))["items"]] == \
        [2, 3, 4, 5, 6, 7]
    missing = await refused(m, "POST", "/categories", 400, json={"category": {"parent_id": 3}})
    assert missing == {"message": "Could not save category: %1",
                       "parameters": ['The "Name" attribute is required. Enter and try again.']}
    await refused(m, "POST", "/categories", 404, json={"category": {"name": "x", "parent_id": 99}})


@pytest.mark.parametrize("version", VERSIONS)
async def test_an_update_renames_without_moving(magento: Any, version: str) -> None:
    m = magento(version)
    body = await ok(m, "PUT", "/categories/4", json={"category": {"name": "Clothing", "parent_id": 3,
                                                                  "include_in_menu": False}})
    assert (body["id"], body["name"], body["parent_id"], body["include_in_menu"]) == (4, "Clothing", 2, False)
    assert (await ok(m, "GET", "/categories/4"))["name"] == "Clothing"
    root = await ok(m, "PUT", "/categories/2", json={"category": {"name": "Main Catalog"}})
    assert (root["name"], (await ok(m, "GET", "/categories"))["name"]) == ("Main Catalog", "Main Catalog")
    await refused(m, "PUT", "/categories/99", 404, json={"category": {"name": "x"}})


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_move_takes_its_place_and_closes_the_gap(magento: Any, version: str) -> None:
    m = magento(version)
    assert await ok(m, "PUT", "/categories/3/move", json={"parentId": 4}) is True
    tree = await ok(m, "GET", "/categories")
    assert shape(tree) == [(4, "Apparel", 1, 2, [(3, "Drinkware", 1, 3, [])]), (5, "Accessories", 2, 2, [])]
    one = await ok(m, "GET", "/categories/3")
    assert (one["parent_id"], one["path"], one["level"]) == (4, "1/2/4/3", 3)
    assert await ok(m, "PUT", "/categories/3/move", json={"parentId": 2, "afterId": 4}) is True
    assert shape(await ok(m, "GET", "/categories")) == [
        (4, "Apparel", 1, 2, []), (3, "Drinkware", 2, 2, []), (5, "Accessories", 3, 2, [])]
    into_child = await refused(m, "PUT", "/categories/2/move", 400, json={"parentId": 3})
    assert into_child == {"message": "Operation do not allow to move a parent category to any of children category"}
    await refused(m, "PUT", "/categories/3/move", 404, json={"parentId": 99})


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_delete_takes_the_subtree_and_its_product_assignments(magento: Any, version: str) -> None:
    m = magento(version)
    mugs = await ok(m, "POST", "/categories", json={"category": {"name": "Mugs", "parent_id": 3, "is_active": True}})
    assert await ok(m, "POST", f"/categories/{mugs['id']}/products",
                    json={"productLink": {"sku": "MUG-BLK", "position": 1}}) is True
    assert mugs["id"] in [int(c) for c in next(a["value"] for a in (await ok(m, "GET", "/products/MUG-BLK"))[
        "custom_attributes"] if a["attribute_code"] == "category_ids")]
    assert await ok(m, "DELETE", "/categories/3") is True
    await refused(m, "GET", "/categories/3", 404)
    await refused(m, "GET", f"/categories/{mugs['id']}", 404)
    mug = await ok(m, "GET", "/products/MUG-BLK")
    assert "category_links" not in mug["extension_attributes"]
    assert [c["id"] for c in (await ok(m, "GET", "/categories"))["children_data"]] == [4, 5]
    assert await refused(m, "DELETE", "/categories/2", 400) == {
        "message": "Cannot delete category with id %1", "parameters": [2]}
    await refused(m, "DELETE", "/categories/3", 404)


def urls(category: dict[str, Any]) -> tuple[Any, Any]:
    values = {a["attribute_code"]: a["value"] for a in category.get("custom_attributes", [])}
    return values.get("url_key"), values.get("url_path")


@pytest.mark.parametrize("version", VERSIONS)
async def test_categories_carry_url_key_and_url_path(magento: Any, version: str) -> None:
    m = magento(version)
    assert urls(await ok(m, "GET", "/categories/3")) == ("drinkware", "drinkware")
    assert urls(await ok(m, "GET", "/categories/2")) == (None, None)  # a store root has neither
    mugs = await ok(m, "POST", "/categories", json={"category": {"name": "Travel Mugs!", "parent_id": 3,
                                                                 "is_active": True}})
    assert urls(mugs) == ("travel-mugs", "drinkware/travel-mugs")  # from the name, under the parent's path
    given = await ok(m, "POST", "/categories", json={"category": {
        "name": "Cups", "parent_id": mugs["id"], "is_active": True,
        "custom_attributes": [{"attribute_code": "url_key", "value": "Espresso Cups"}]}})
    assert urls(given) == ("espresso-cups", "drinkware/travel-mugs/espresso-cups")
    renamed = await ok(m, "PUT", f"/categories/{mugs['id']}", json={"category": {"name": "Flasks"}})
    assert urls(renamed) == ("travel-mugs", "drinkware/travel-mugs")  # a rename keeps the key
    rekeyed = await ok(m, "PUT", f"/categories/{mugs['id']}", json={"category": {
        "custom_attributes": [{"attribute_code": "url_key", "value": "flasks"}]}})
    assert urls(rekeyed) == ("flasks", "drinkware/flasks")
    assert urls(await ok(m, "GET", f"/categories/{given['id']}"))[1] == "drinkware/flasks/espresso-cups"
    assert await ok(m, "PUT", f"/categories/{mugs['id']}/move", json={"parentId": 4}) is True
    assert urls(await ok(m, "GET", f"/categories/{given['id']}"))[1] == "apparel/flasks/espresso-cups"
    listed = await ok(m, "GET", "/categories/list?searchCriteria[filter_groups][0][filters][0][field]=url_key"
                                "&searchCriteria[filter_groups][0][filters][0][value]=flasks")
    assert [c["id"] for c in listed["items"]] == [mugs["id"]]
    assert await refused(m, "POST", "/categories", 400, json={"category": {"name": "???", "parent_id": 3}}) == {
        "message": "Could not save category: %1", "parameters": [
            'Invalid URL key. The "???" category name can not be used to generate Latin URL key. Please add URL '
            "key or change category name using Latin letters and numbers to avoid generating URL key issues."]}


@pytest.mark.parametrize("version", VERSIONS)
async def test_category_attributes_list_the_url_and_layout_file_attributes(magento: Any, version: str) -> None:
    m = magento(version)
    key = await ok(m, "GET", "/categories/attributes/url_key")
    assert (key["frontend_input"], key["backend_type"], key["scope"], key["default_frontend_label"]) == \
        ("text", "varchar", "store", "URL Key")
    path = await ok(m, "GET", "/categories/attributes/url_path")
    assert (path["is_visible"], "default_frontend_label" in path) == (False, False)
    layout = await ok(m, "GET", "/categories/attributes/custom_layout_update_file")
    assert (layout["frontend_input"], layout["backend_type"], layout["source_model"]) == \
        ("select", "varchar", "Magento\\Catalog\\Model\\Category\\Attribute\\Source\\LayoutUpdate")
    assert (await ok(m, "GET", "/categories/attributes/custom_layout_update"))["is_visible"] is False
