"""Magento catalog writes and reads beyond products (issue 15 item 1): configurable options and children,
product attributes and their options, links by type, one gallery entry, base prices and cost.

Every answer is checked against its version's contract by the ``magento`` fixture; each write is read back
through ``GET /V1/products/{sku}`` and, for children, through the salable and legacy stock reads.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import custom, ok, refused

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]
SEARCH = "searchCriteria[pageSize]=100"


def ext(product: dict[str, Any]) -> dict[str, Any]:
    extension: dict[str, Any] = product["extension_attributes"]
    return extension


@pytest.mark.parametrize("version", VERSIONS)
async def test_configurable_option_reads_and_updates_show_in_the_product(magento: Any, version: str) -> None:
    m = magento(version)
    options = await ok(m, "GET", "/configurable-products/TS/options/all")
    color = options[0]
    assert await ok(m, "GET", f"/configurable-products/TS/options/{color['id']}") == color
    missing = await refused(m, "GET", "/configurable-products/TS/options/999", 404)
    assert missing == {"message": "Requested option doesn't exist: %1", "parameters": ["999"]}
    assert await refused(m, "GET", "/configurable-products/MUG-BLK/options/1", 400) == {
        "message": 'This is implemented for the "%1" configurable product only.', "parameters": ["MUG-BLK"]}
    updated = await ok(m, "PUT", f"/configurable-products/TS/options/{color['id']}",
                       json={"option": {"label": "Colour", "position": 3}})
    assert updated == color["id"]
    product = await ok(m, "GET", "/products/TS")
    rows = ext(product)["configurable_product_options"]
    assert [(r["label"], r["position"]) for r in rows] == [("Size", 1), ("Colour", 3)]  # by position
    assert (await refused(m, "PUT", "/configurable-products/TS/options/5", 404,
                          json={"option": {"label": "x"}}))["message"] == 'Option with id "%1" not found'


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_new_option_is_validated_and_makes_a_simple_product_configurable(magento: Any, version: str) -> None:
    m = magento(version)
    aggregate = await refused(m, "POST", "/configurable-products/CAP-NVY/options", 400, json={"option": {}})
    assert aggregate["message"] == "One or more input exceptions have occurred."
    assert [e["message"] for e in aggregate["errors"]] == [
        "Option attribute ID is not specified.", "Option label is not specified.", "Option values are not specified."]
    one = await refused(m, "POST", "/configurable-products/CAP-NVY/options", 400,
                        json={"option": {"attributeId": "93", "values": [{"valueIndex": 5000}]}})
    assert one == {"message": "Option label is not specified."}  # camelCase read as Magento reads it
    color = await ok(m, "GET", "/products/attributes/color")
    option_id = await ok(m, "POST", "/configurable-products/CAP-NVY/options", json={"option": {
        "attribute_id": str(color["attribute_id"]), "label": "Color", "position": 0, "values": [{"value_index": 1}]}})
    cap = await ok(m, "GET", "/products/CAP-NVY")
    assert cap["type_id"] == "configurable"
    assert [(o["id"], o["attribute_id"], o["values"]) for o in ext(cap)["configurable_product_options"]] == \
        [(option_id, str(color["attribute_id"]), [])]
    again = await ok(m, "POST", "/configurable-products/CAP-NVY/options", json={"option": {
        "attribute_id": str(color["attribute_id"]), "label": "Shade", "values": [{"value_index": 1}]}})
    assert again == option_id  # the product's option for the attribute is updated, not doubled
    taken = {o["id"] for p in ("TS",) for o in await ok(m, "GET", f"/configurable-products/{p}/options/all")}
    assert option_id not in taken


@pytest.mark.parametrize("version", VERSIONS)
async def test_children_link_and_unlink_through_product_and_stock_reads(magento: Any, version: str) -> None:
    m = magento(version)
    red_s = await ok(m, "GET", "/products/TS-RED-S")
    assert await ok(m, "DELETE", "/configurable-products/TS/children/TS-RED-S") is True
    assert red_s["id"] not in ext(await ok(m, "GET", "/products/TS"))["configurable_product_links"]
    assert "TS-RED-S" not in [c["sku"] for c in await ok(m, "GET", "/configurable-products/TS/children")]
    assert (await refused(m, "DELETE", "/configurable-products/TS/children/TS-RED-S", 404))["message"] == \
        "The option that was requested doesn't exist. Verify the entity and try again."
    assert (await refused(m, "DELETE", "/configurable-products/MUG-BLK/children/X", 400))["parameters"] == ["MUG-BLK"]
    assert await ok(m, "POST", "/configurable-products/TS/child", json={"childSku": "TS-RED-S"}) is True
    assert ext(await ok(m, "GET", "/products/TS"))["configurable_product_links"][-1] == red_s["id"]
    assert (await refused(m, "POST", "/configurable-products/TS/child", 400, json={"childSku": "TS-RED-S"})) == {
        "message": "The product is already attached."}
    lacks = await refused(m, "POST", "/configurable-products/TS/child", 400, json={"childSku": "MUG-BLK"})
    assert lacks["parameters"] == ["color"]
    assert (await refused(m, "POST", "/configurable-products/MUG-BLK/child", 400, json={"childSku": "TS-RED-S"}))[
        "message"] == "The parent product doesn't have configurable product options."
    assert (await refused(m, "POST", "/configurable-products/TS/child", 404, json={"childSku": "NOPE"}))


@pytest.mark.parametrize("version", VERSIONS)
async def test_deleting_an_option_unlinks_every_child_and_the_parent_stops_selling(magento: Any, version: str) -> None:
    m = magento(version)
    assert await ok(m, "GET", "/inventory/is-product-salable/TS/2") is True
    size = (await ok(m, "GET", "/configurable-products/TS/options/all"))[1]
    assert await ok(m, "DELETE", f"/configurable-products/TS/options/{size['id']}") is True
    product = await ok(m, "GET", "/products/TS")
    assert [o["label"] for o in ext(product)["configurable_product_options"]] == ["Color"]
    assert ext(product)["configurable_product_links"] == []
    assert await ok(m, "GET", "/configurable-products/TS/children") == []
    assert await ok(m, "GET", "/inventory/is-product-salable/TS/2") is False
    assert ext(product)["stock_item"]["is_in_stock"] is False
    assert (await refused(m, "DELETE", f"/configurable-products/TS/options/{size['id']}", 404)) == {
        "message": "Requested option doesn't exist"}


@pytest.mark.parametrize("version", VERSIONS)
async def test_every_attribute_a_product_carries_is_answered_whole(magento: Any, version: str) -> None:
    m = magento(version)
    mug, shirt = await ok(m, "GET", "/products/MUG-BLK"), await ok(m, "GET", "/products/TS-RED-S")
    in_set = {a["attribute_code"]: a for a in await ok(m, "GET", "/products/attribute-sets/4/attributes")}
    carried = {a["attribute_code"] for p in (mug, shirt) for a in p["custom_attributes"]}
    assert carried <= set(in_set), carried - set(in_set)
    assert {"name", "sku", "price", "status", "visibility", "weight"} <= set(in_set)
    color = await ok(m, "GET", "/products/attributes/color")
    assert color == in_set["color"] == await ok(m, "GET", f"/products/attributes/{color['attribute_id']}")
    assert (color["attribute_id"], color["frontend_input"], color["backend_type"], color["entity_type_id"],
            color["is_user_defined"]) == (93, "select", "int", "4", True)
    assert {o["label"]: o["value"] for o in color["options"]}["Red"] == custom(shirt, "color")
    tax = in_set["tax_class_id"]
    assert (tax["frontend_input"], tax["default_value"], tax["scope"]) == ("select", "2", "website")
    status = await ok(m, "GET", "/products/attributes/status/options")
    assert status == [{"label": "Enabled", "value": "1"}, {"label": "Disabled", "value": "2"}]
    assert await ok(m, "GET", "/products/attributes/name/options") == []
    assert (await refused(m, "GET", "/products/attributes/nope", 404))["parameters"] == ["nope"]
    # an unknown set is the set repository's 404 (AttributeManagement::getAttributes loads it first; the
    # service's attributeSetId is a string)
    assert (await refused(m, "GET", "/products/attribute-sets/9/attributes", 404))["parameters"] == {
        "fieldName": "id", "fieldValue": "9"}
    listed = await ok(m, "GET", "/products/attributes?searchCriteria[filter_groups][0][filters][0][field]="
                                "frontend_input&searchCriteria[filter_groups][0][filters][0][value]=select")
    assert {a["attribute_code"] for a in listed["items"]} >= {"color", "size", "status", "tax_class_id"}
    assert all(a["frontend_input"] == "select" for a in listed["items"])
    await refused(m, "GET", "/products/attributes", 400)  # searchCriteria is required
    types = await ok(m, "GET", "/products/attributes/types")
    assert {"value": "select", "label": "Dropdown"} in types


@pytest.mark.parametrize("version", VERSIONS)
async def test_attribute_options_are_added_and_deleted(magento: Any, version: str) -> None:
    m = magento(version)
    new_id = await ok(m, "POST", "/products/attributes/color/options", json={"option": {"label": " Green "}})
    assert isinstance(new_id, str)
    options = await ok(m, "GET", "/products/attributes/color/options")
    assert {"label": "Green", "value": new_id} in options
    assert (await refused(m, "POST", "/products/attributes/color/options", 400, json={"option": {"label": "Red"}})) \
        == {"message": 'Admin store attribute option label "%1" is already exists.', "parameters": ["Red"]}
    empty = await refused(m, "POST", "/products/attributes/color/options", 400, json={"option": {"label": "  "}})
    assert empty["message"].startswith("The attribute option label is empty")
    assert (await refused(m, "POST", "/products/attributes/name/options", 400,
                          json={"option": {"label": "x"}}))["parameters"] == ["name"]
    assert await ok(m, "DELETE", f"/products/attributes/color/options/{new_id}") is True
    assert new_id not in {o["value"] for o in await ok(m, "GET", "/products/attributes/color/options")}
    gone = await refused(m, "DELETE", f"/products/attributes/color/options/{new_id}", 404)
    assert gone["parameters"] == ["color", new_id]


@pytest.mark.parametrize("version", VERSIONS)
async def test_links_by_type_one_gallery_entry_and_custom_options(magento: Any, version: str) -> None:
    m = magento(version)
    shirt = await ok(m, "GET", "/products/TS")
    related = await ok(m, "GET", "/products/TS/links/related")
    assert related == [link for link in shirt["product_links"] if link["link_type"] == "related"]
    assert [link["linked_product_sku"] for link in related] == ["CAP-NVY", "SOCK-3PK"]
    assert await ok(m, "GET", "/products/TS/links/upsell") == []
    assert (await refused(m, "GET", "/products/NOPE/links/bogus", 404))["parameters"] == ["bogus"]  # type first
    await refused(m, "GET", "/products/NOPE/links/related", 404)
    entry = shirt["media_gallery_entries"][1]
    assert await ok(m, "GET", f"/products/TS/media/{entry['id']}") == entry
    assert (await refused(m, "GET", "/products/TS/media/999", 404))["message"] == \
        "The image doesn't exist. Verify and try again."
    assert (await refused(m, "GET", "/products/NOPE/media/1", 404))["message"] == \
        "The product doesn't exist. Verify and try again."
    assert await ok(m, "GET", "/products/TS/options") == shirt["options"] == []


@pytest.mark.parametrize("version", VERSIONS)
async def test_base_prices_change_the_product_price_and_answer_failed_rows(magento: Any, version: str) -> None:
    m = magento(version)
    failed = await ok(m, "POST", "/products/base-prices", json={"prices": [
        {"sku": "mug-blk", "price": 13.5, "store_id": 0},
        {"sku": "TS", "price": 30, "store_id": 0},
        {"sku": "NOPE", "price": -1, "store_id": 7}]})
    invalid = "Invalid attribute %fieldName = %fieldValue."
    assert failed == [
        {"message": invalid, "parameters": ["SKU", "TS"]},
        {"message": invalid, "parameters": ["SKU", "NOPE"]},
        {"message": invalid, "parameters": ["Price", "-1"]},
        {"message": "Requested store is not found. Row ID: SKU = NOPE, Store ID: 7.", "parameters": ["NOPE", "7"]}]
    assert (await ok(m, "GET", "/products/MUG-BLK"))["price"] == 13.5
    assert (await ok(m, "GET", "/products/TS"))["price"] == 25  # a configurable takes no base price
    info = await ok(m, "POST", "/products/base-prices-information", json={"skus": ["MUG-BLK", "TS", "NOPE"]})
    assert info == [{"price": 13.5, "store_id": 0, "sku": "MUG-BLK"}]
    assert await ok(m, "POST", "/products/base-prices", json={"prices": [
        {"sku": "MUG-BLK", "price": 12, "store_id": 1}]}) == []
    assert (await ok(m, "GET", "/products/MUG-BLK"))["price"] == 12


@pytest.mark.parametrize("version", VERSIONS)
async def test_cost_is_written_read_and_deleted(magento: Any, version: str) -> None:
    m = magento(version)
    assert await ok(m, "POST", "/products/cost-information", json={"skus": ["MUG-BLK"]}) == []
    assert await ok(m, "POST", "/products/cost", json={"prices": [{"sku": "MUG-BLK", "cost": 5, "store_id": 0}]}) == []
    assert custom(await ok(m, "GET", "/products/MUG-BLK"), "cost") == "5.000000"
    assert await ok(m, "POST", "/products/cost-information", json={"skus": ["MUG-BLK", "TS"]}) == [
        {"cost": 5, "store_id": 0, "sku": "MUG-BLK"}]
    assert await ok(m, "POST", "/products/cost-delete", json={"skus": ["MUG-BLK"]}) is True
    assert custom(await ok(m, "GET", "/products/MUG-BLK"), "cost") is None


async def test_new_catalog_routes_need_their_acl_resources(magento: Any) -> None:
    from stockgate.twins.magento.acl import resource_for

    write = "Magento_InventoryApi::source_edit"
    assert resource_for("POST", "/V1/configurable-products/{sku}/child", write) == "Magento_Catalog::products"
    assert resource_for("GET", "/V1/products/attributes/{attributeCode}", write) == \
        "Magento_Catalog::attributes_attributes"
    assert resource_for("GET", "/V1/products/attribute-sets/{attributeSetId}/attributes", write) == \
        "Magento_Catalog::sets"
    assert resource_for("GET", "/V1/products/{sku}/media/{entryId}", write) == "Magento_Catalog::attributes_attributes"
    assert resource_for("GET", "/V1/products/{sku}/links/{type}", write) == "Magento_Catalog::catalog"
    m = magento("2.4.8", "default")
    r = await m.post("/rest/V1/products/base-prices", json={"prices": []})
    assert r.status_code == 401


@pytest.mark.parametrize("version", VERSIONS)
async def test_special_prices_are_set_read_refused_and_deleted(magento: Any, version: str) -> None:
    m = magento(version)
    row = {"sku": "MUG-BLK", "price": 9.99, "store_id": 0, "price_from": "2026-12-01 00:00:00",
           "price_to": "2026-12-31 23:59:59"}
    assert await ok(m, "POST", "/products/special-price", json={"prices": [row]}) == []
    mug = await ok(m, "GET", "/products/MUG-BLK")
    assert (custom(mug, "special_price"), custom(mug, "special_from_date"), custom(mug, "special_to_date")) == \
        ("9.990000", "2026-12-01 00:00:00", "2026-12-31 23:59:59")
    assert mug["price"] == 12  # the base price stays
    assert await ok(m, "POST", "/products/special-price-information", json={"skus": ["MUG-BLK", "TS"]}) == [
        {"price": 9.99, "store_id": 0, "sku": "MUG-BLK", "price_from": "2026-12-01 00:00:00",
         "price_to": "2026-12-31 23:59:59"}]
    failed = await ok(m, "POST", "/products/special-price", json={"prices": [
        {"sku": "TS", "price": -1, "store_id": 1, "price_from": "2026-12-1 00:00:00"}]})
    row_id = "Row ID: SKU = TS, Store ID: 1, Price From: 2026-12-1 00:00:00, Price To: ."
    assert [f["message"] for f in failed] == [
        f"The product that was requested doesn't exist. Verify the product and try again. {row_id}",
        f"Could not change non global Price when price scope is global. {row_id}",
        f"Invalid attribute Price = -1. {row_id}",
        f"Invalid attribute Price From = . {row_id}"]
    assert failed[2]["parameters"] == ["-1", "TS", "1", "2026-12-1 00:00:00", ""]
    assert await ok(m, "POST", "/products/special-price-delete", json={"prices": [row]}) == []
    assert custom(await ok(m, "GET", "/products/MUG-BLK"), "special_price") is None
    assert await ok(m, "POST", "/products/special-price-information", json={"skus": ["MUG-BLK"]}) == []


@pytest.mark.parametrize("version", VERSIONS)
async def test_website_links_decide_the_product_websites_and_the_index_dump(magento: Any, version: str) -> None:
    m = magento(version)
    mug = await ok(m, "GET", "/products/MUG-BLK")
    assert ext(mug)["website_ids"] == [1]
    assert await ok(m, "DELETE", "/products/MUG-BLK/websites/1") is True
    assert ext(await ok(m, "GET", "/products/MUG-BLK"))["website_ids"] == []
    dump = {row["sku"] for row in await ok(m, "GET", "/inventory/dump-stock-index-data/website/base")}
    assert "MUG-BLK" not in dump and "MUG-WHT" in dump
    link = {"productWebsiteLink": {"sku": "MUG-BLK", "website_id": 1}}
    assert await ok(m, "POST", "/products/MUG-BLK/websites", json=link) is True
    assert ext(await ok(m, "GET", "/products/MUG-BLK"))["website_ids"] == [1]
    assert await ok(m, "PUT", "/products/MUG-BLK/websites", json=link) is True  # already assigned: kept once
    assert ext(await ok(m, "GET", "/products/MUG-BLK"))["website_ids"] == [1]
    unknown = await refused(m, "POST", "/products/MUG-BLK/websites", 400,
                            json={"productWebsiteLink": {"sku": "MUG-BLK", "website_id": 7}})
    assert unknown == {"message": 'Could not assign product "%1" to websites "%2"', "parameters": [mug["id"], 7]}
    assert (await refused(m, "POST", "/products/MUG-BLK/websites", 400,
                          json={"productWebsiteLink": {"sku": "MUG-BLK"}}))["message"] == \
        "There are not websites for assign to product"
    await refused(m, "DELETE", "/products/NOPE/websites/1", 404)


@pytest.mark.parametrize("version", VERSIONS)
async def test_product_links_are_added_saved_and_deleted(magento: Any, version: str) -> None:
    m = magento(version)
    assert await ok(m, "GET", "/products/links/types") == [
        {"code": 1, "name": "related"}, {"code": 5, "name": "crosssell"}, {"code": 4, "name": "upsell"},
        {"code": 3, "name": "associated"}]
    assert await ok(m, "GET", "/products/links/upsell/attributes") == [{"code": "position", "type": "int"}]
    assert await ok(m, "GET", "/products/links/bogus/attributes") == []
    items = [{"sku": "MUG-BLK", "link_type": "upsell", "linked_product_sku": "BOTTLE-1L", "linked_product_type":
              "simple", "position": 2}, {"sku": "MUG-BLK", "linkType": "crosssell", "linkedProductSku": "CAP-NVY"}]
    assert await ok(m, "POST", "/products/MUG-BLK/links", json={"items": items}) is True
    mug = await ok(m, "GET", "/products/MUG-BLK")
    assert [(x["link_type"], x["linked_product_sku"], x["position"]) for x in mug["product_links"]] == [
        ("upsell", "BOTTLE-1L", 2), ("crosssell", "CAP-NVY", 0)]
    entity = {"sku": "MUG-BLK", "link_type": "upsell", "linked_product_sku": "BOTTLE-1L",
              "linked_product_type": "simple", "position": 5}
    assert await ok(m, "PUT", "/products/MUG-BLK/links", json={"entity": entity}) is True
    assert [x["position"] for x in await ok(m, "GET", "/products/MUG-BLK/links/upsell")] == [5]
    assert await ok(m, "DELETE", "/products/MUG-BLK/links/upsell/BOTTLE-1L") is True
    assert await ok(m, "GET", "/products/MUG-BLK/links/upsell") == []
    gone = await refused(m, "DELETE", "/products/MUG-BLK/links/upsell/BOTTLE-1L", 404)
    assert gone == {"message": "Product %1 doesn't have linked %2 as %3",
                    "parameters": ["MUG-BLK", "BOTTLE-1L", "upsell"]}
    assert (await refused(m, "POST", "/products/MUG-BLK/links", 404, json={"items": [
        {"sku": "MUG-BLK", "link_type": "bogus", "linked_product_sku": "CAP-NVY"}]}))["parameters"] == ["bogus"]
    assert (await refused(m, "POST", "/products/MUG-BLK/links", 400, json={"items": [
        {"sku": "MUG-BLK", "link_type": "related", "linked_product_sku": "NOPE"}]}))["message"] == \
        "The linked products data is invalid. Verify the data and try again."
    assert (await refused(m, "POST", "/products/MUG-BLK/links", 400, json={"items": []}))["parameters"] == {
        "fieldName": "items", "value": "empty array"}


@pytest.mark.parametrize("version", VERSIONS)
async def test_tier_prices_are_set_replaced_refused_and_deleted(magento: Any, version: str) -> None:
    m = magento(version)
    rows = [{"price": 10, "price_type": "fixed", "website_id": 0, "sku": "MUG-BLK", "customer_group": "general",
             "quantity": 3},
            {"price": 10, "price_type": "discount", "website_id": 0, "sku": "MUG-BLK", "customer_group": "ALL GROUPS",
             "quantity": 5}]
    assert await ok(m, "POST", "/products/tier-prices", json={"prices": rows}) == []
    info = await ok(m, "POST", "/products/tier-prices-information", json={"skus": ["MUG-BLK", "NOPE"]})
    assert info == [
        {"price": 10, "price_type": "fixed", "website_id": 0, "sku": "MUG-BLK", "customer_group": "General",
         "quantity": 3},
        {"price": 10, "price_type": "discount", "website_id": 0, "sku": "MUG-BLK", "customer_group": "all groups",
         "quantity": 5}]
    tiers = (await ok(m, "GET", "/products/MUG-BLK"))["tier_prices"]
    assert tiers == [
        {"customer_group_id": 1, "qty": 3, "value": 10, "extension_attributes": {"website_id": 0}},
        {"customer_group_id": 32000, "qty": 5, "value": 10.8,
         "extension_attributes": {"website_id": 0, "percentage_value": 10}}]
    bad = {"price": 120, "price_type": "discount", "website_id": 1, "sku": "MUG-BLK", "customer_group": "VIP",
           "quantity": 0}
    failed = await ok(m, "POST", "/products/tier-prices", json={"prices": [bad]})
    row = "Row ID: SKU = %SKU, Website ID: %websiteId, Customer Group: %customerGroup, Quantity: %qty."
    assert [f["message"] for f in failed] == [
        f"Invalid attribute Price = %price. {row}", f"Invalid attribute Quantity = %qty. {row}",
        f"Invalid attribute Website ID = %websiteId. {row}",
        f"No such entity with Customer Group = %customerGroup. {row}"]
    assert failed[0]["parameters"] == ["120", "MUG-BLK", "1", "VIP", "0"]
    assert (await refused(m, "POST", "/products/tier-prices", 404, json={"prices": [{**rows[0], "sku": "NOPE"}]}))
    assert await ok(m, "PUT", "/products/tier-prices", json={"prices": [{**rows[0], "price": 9, "quantity": 2}]}) == []
    assert [(t["qty"], t["value"]) for t in (await ok(m, "GET", "/products/MUG-BLK"))["tier_prices"]] == [(2, 9)]
    assert await ok(m, "POST", "/products/tier-prices-delete", json={"prices": [{**rows[0], "quantity": 2}]}) == []
    assert (await ok(m, "GET", "/products/MUG-BLK"))["tier_prices"] == []


@pytest.mark.parametrize("version", VERSIONS)
async def test_product_and_custom_option_types(magento: Any, version: str) -> None:
    m = magento(version)
    types = await ok(m, "GET", "/products/types")
    assert {"name": "configurable", "label": "Configurable Product"} in types
    assert {(await ok(m, "GET", f"/products/{sku}"))["type_id"] for sku in ("MUG-BLK", "TS")} <= \
        {t["name"] for t in types}
    option_types = await ok(m, "GET", "/products/options/types")
    assert {"code": "drop_down", "label": "Drop-down", "group": "Select"} in option_types
    assert len(option_types) == 10


@pytest.mark.parametrize("version", VERSIONS)
async def test_an_attribute_option_is_relabelled_and_keeps_its_id(magento: Any, version: str) -> None:
    m = magento(version)
    red = {o["label"]: o["value"] for o in await ok(m, "GET", "/products/attributes/color/options")}["Red"]
    path = f"/products/attributes/color/options/{red}"
    assert await ok(m, "PUT", path, json={"option": {"label": "Crimson"}}) is True
    assert {"label": "Crimson", "value": red} in await ok(m, "GET", "/products/attributes/color/options")
    assert custom(await ok(m, "GET", "/products/TS-RED-S"), "color") == red
    taken = await refused(m, "PUT", path, 400, json={"option": {"label": "Blue"}})
    assert taken == {"message": "Admin store attribute option label '%1' is already exists.", "parameters": ["Blue"]}
    missing = await refused(m, "PUT", "/products/attributes/color/options/1", 400, json={"option": {"label": "x"}})
    assert missing == {"message": "The '%1' attribute doesn't include an option id '%2'.", "parameters": ["color", "1"]}
