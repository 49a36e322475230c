"""Magento catalog reads a connector makes, statefully from the seeded catalog (issue 15 item 1).

Categories (tree, one, list), attribute sets, attribute options, configurable children and options,
and the media gallery; every answer is checked against its version's contract by the ``magento``
fixture, and values agree with what ``GET /V1/products/{sku}`` answers.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TOKEN, Checked

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]
ALL = "searchCriteria[pageSize]=50"


async def product(m: Checked, sku: str) -> dict[str, Any]:
    r = await m.get(f"/rest/V1/products/{sku}", headers=TOKEN)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def attribute(body: dict[str, Any], code: str) -> Any:
    return next(a["value"] for a in body["custom_attributes"] if a["attribute_code"] == code)


@pytest.mark.parametrize("version", VERSIONS)
async def test_category_tree_holds_the_seeded_categories(magento: Any, version: str) -> None:
    m = magento(version)
    tree = (await m.get("/rest/V1/categories", headers=TOKEN)).json()
    assert (tree["id"], tree["parent_id"], tree["name"], tree["level"], tree["product_count"]) == \
        (2, 1, "Default Category", 1, 0)
    kids = {c["name"]: c for c in tree["children_data"]}
    assert list(kids) == ["Drinkware", "Apparel", "Accessories"]
    assert all(c["parent_id"] == 2 and c["level"] == 2 and c["children_data"] == [] for c in kids.values())
    mug = await product(m, "MUG-BLK")
    assert str(kids["Drinkware"]["id"]) in attribute(mug, "category_ids")
    assert kids["Drinkware"]["product_count"] == 3  # MUG-BLK, MUG-WHT, BOTTLE-1L
    assert kids["Apparel"]["product_count"] == 8  # SOCK-3PK, TS and its six children
    shallow = (await m.get("/rest/V1/categories?depth=0", headers=TOKEN)).json()
    assert shallow["children_data"] == []
    sub = (await m.get("/rest/V1/categories?rootCategoryId=4", headers=TOKEN)).json()
    assert (sub["id"], sub["name"], sub["children_data"]) == (4, "Apparel", [])


@pytest.mark.parametrize("version", VERSIONS)
async def test_one_category_and_the_category_list(magento: Any, version: str) -> None:
    m = magento(version)
    one = (await m.get("/rest/V1/categories/3", headers=TOKEN)).json()
    assert (one["id"], one["name"], one["parent_id"], one["path"], one["is_active"]) == \
        (3, "Drinkware", 2, "1/2/3", True)
    root = (await m.get("/rest/V1/categories/2", headers=TOKEN)).json()
    assert (root["children"], root["path"]) == ("3,4,5", "1/2")
    missing = await m.get("/rest/V1/categories/99", headers=TOKEN)
    assert missing.status_code == 404
    listed = (await m.get(f"/rest/V1/categories/list?{ALL}", headers=TOKEN)).json()
    assert [c["id"] for c in listed["items"]] == [2, 3, 4, 5] and listed["total_count"] == 4
    named = (await m.get("/rest/V1/categories/list?searchCriteria[filter_groups][0][filters][0][field]=name"
                         "&searchCriteria[filter_groups][0][filters][0][value]=Apparel", headers=TOKEN)).json()
    assert [c["id"] for c in named["items"]] == [4]


@pytest.mark.parametrize("version", VERSIONS)
async def test_attribute_sets(magento: Any, version: str) -> None:
    m = magento(version)
    listed = (await m.get(f"/rest/V1/products/attribute-sets/sets/list?{ALL}", headers=TOKEN)).json()
    mug = await product(m, "MUG-BLK")
    assert [s["attribute_set_id"] for s in listed["items"]] == [mug["attribute_set_id"]]
    one = (await m.get(f"/rest/V1/products/attribute-sets/{mug['attribute_set_id']}", headers=TOKEN)).json()
    assert one == {"attribute_set_id": 4, "attribute_set_name": "Default", "sort_order": 1, "entity_type_id": 4}
    assert (await m.get("/rest/V1/products/attribute-sets/77", headers=TOKEN)).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
async def test_attribute_options_are_the_ids_products_carry(magento: Any, version: str) -> None:
    m = magento(version)
    options = (await m.get("/rest/V1/products/attributes/color/options", headers=TOKEN)).json()
    by_label = {o["label"]: o["value"] for o in options}
    assert set(by_label) == {"Red", "Blue"}
    assert attribute(await product(m, "TS-RED-M"), "color") == by_label["Red"]
    assert attribute(await product(m, "TS-BLU-S"), "color") == by_label["Blue"]
    sizes = (await m.get("/rest/V1/products/attributes/size/options", headers=TOKEN)).json()
    assert sorted(o["label"] for o in sizes) == ["L", "M", "S"]
    assert (await m.get("/rest/V1/products/attributes/nope/options", headers=TOKEN)).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
async def test_configurable_children_and_options(magento: Any, version: str) -> None:
    m = magento(version)
    parent = await product(m, "TS")
    kids = (await m.get("/rest/V1/configurable-products/TS/children", headers=TOKEN)).json()
    assert [k["id"] for k in kids] == parent["extension_attributes"]["configurable_product_links"]
    assert kids[0] == await product(m, kids[0]["sku"])
    options = (await m.get("/rest/V1/configurable-products/TS/options/all", headers=TOKEN)).json()
    assert options == parent["extension_attributes"]["configurable_product_options"]
    assert len(options) == 2 and len(options[0]["values"]) == 2
    simple = await m.get("/rest/V1/configurable-products/MUG-BLK/options/all", headers=TOKEN)
    assert simple.status_code == 400
    assert (await m.get("/rest/V1/configurable-products/MUG-BLK/children", headers=TOKEN)).json() == []
    assert (await m.get("/rest/V1/configurable-products/NOPE/children", headers=TOKEN)).status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
async def test_media_gallery(magento: Any, version: str) -> None:
    m = magento(version)
    gallery = (await m.get("/rest/V1/products/TS/media", headers=TOKEN)).json()
    parent = await product(m, "TS")
    assert gallery == parent["media_gallery_entries"]
    assert [g["file"] for g in gallery] == ["/t/s/ts-red.jpg", "/t/s/ts-blu.jpg"]
    assert attribute(parent, "image") == gallery[0]["file"]
    assert (await m.get("/rest/V1/products/CAP-NVY/media", headers=TOKEN)).json() == []
    assert (await m.get("/rest/V1/products/NOPE/media", headers=TOKEN)).status_code == 404


async def test_catalog_reads_need_their_acl_resources(magento: Any) -> None:
    from stockgate.twins.magento.acl import resource_for

    write = "Magento_InventoryApi::source_edit"
    assert resource_for("GET", "/V1/categories/list", write) == "Magento_Catalog::categories"
    assert resource_for("GET", "/V1/products/attribute-sets/sets/list", write) == "Magento_Catalog::sets"
    assert resource_for("GET", "/V1/products/attributes/{attributeCode}/options", write) == \
        "Magento_Catalog::attributes_attributes"
    assert resource_for("GET", "/V1/products/{sku}/media", write) == "Magento_Catalog::catalog"
    assert resource_for("GET", "/V1/configurable-products/{sku}/options/all", write) == "Magento_Catalog::products"


async def test_a_trailing_slash_reaches_the_emulated_category_list(magento: Any) -> None:
    """my-magento sends ``categories/list/?…`` (tests/clients/README.md); Magento trims it (``url.path_slashes``)."""
    m = magento("2.4.8")
    r = await m.get("/rest/V1/categories/list/?searchCriteria[currentPage]=1", headers=TOKEN)
    assert (r.status_code, r.json()["total_count"]) == (200, 4)
    # the contract checker matches paths untrimmed: the slashed path is no contract operation to it
    m.problems[:] = [p for p in m.problems if "/categories/list/?" not in p]
