"""The last connector-relevant operations the twins answered 501 (issue 15 item 1).

Magento's category attributes (Magento_Catalog's category ``AttributeRepository``): the category
EAV attributes ``CategorySetup::getDefaultEntities`` installs (profile fact ``catalog.category_attributes``),
listed with searchCriteria, read one by one, and their options. Every answer is checked against its
version's contract by the ``magento`` fixture.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TOKEN

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_category_attributes_list_the_installed_category_attributes(magento: Any, version: str) -> None:
    m = magento(version)
    missing = await m.get("/rest/V1/categories/attributes", headers=TOKEN)
    assert missing.status_code == 400 and "searchCriteria" in missing.text
    r = await m.get("/rest/V1/categories/attributes?searchCriteria[pageSize]=100", headers=TOKEN)
    assert r.status_code == 200, r.text
    body = r.json()
    codes = [a["attribute_code"] for a in body["items"]]
    assert body["total_count"] == len(codes) == 31  # CategorySetup's 28, CatalogUrlRewrite's 2, the layout file
    assert {"name", "is_active", "include_in_menu", "is_anchor", "url_key", "url_path",
            "custom_layout_update_file"} <= set(codes)
    assert all(a["entity_type_id"] == "3" for a in body["items"])
    products = (await m.get("/rest/V1/products/attributes?searchCriteria[pageSize]=100", headers=TOKEN)).json()
    assert not {a["attribute_id"] for a in body["items"]} & {a["attribute_id"] for a in products["items"]}
    filtered = await m.get("/rest/V1/categories/attributes?searchCriteria[filterGroups][0][filters][0][field]="
                           "frontend_input&searchCriteria[filterGroups][0][filters][0][value]=select", headers=TOKEN)
    assert {a["frontend_input"] for a in filtered.json()["items"]} == {"select"}


@pytest.mark.parametrize("version", VERSIONS)
async def test_category_attribute_reads_one_and_its_options(magento: Any, version: str) -> None:
    m = magento(version)
    r = await m.get("/rest/V1/categories/attributes/name", headers=TOKEN)
    assert r.status_code == 200, r.text
    name = r.json()
    assert (name["scope"], name["backend_type"], name["frontend_input"], name["default_frontend_label"],
            name["is_required"]) == ("store", "varchar", "text", "Name", True)
    anchor = (await m.get("/rest/V1/categories/attributes/is_anchor", headers=TOKEN)).json()
    assert (anchor["scope"], anchor["is_required"], anchor["source_model"]) == \
        ("global", False, "Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Boolean")
    by_id = await m.get(f"/rest/V1/categories/attributes/{name['attribute_id']}", headers=TOKEN)
    assert by_id.json()["attribute_code"] == "name"
    options = (await m.get("/rest/V1/categories/attributes/is_active/options", headers=TOKEN)).json()
    assert options == [{"label": "Yes", "value": "1"}, {"label": "No", "value": "0"}]
    assert (await m.get("/rest/V1/categories/attributes/name/options", headers=TOKEN)).json() == []
    product_only = await m.get("/rest/V1/categories/attributes/sku", headers=TOKEN)
    assert product_only.status_code == 404
    assert product_only.json()["parameters"] == ["sku"]
    assert (await m.get("/rest/V1/categories/attributes/nope/options", headers=TOKEN)).status_code == 404
