"""Magento bundle products, emulated statefully (issue 15 item 1): options and their children through the bundle
routes and through a product save, one state with ``GET /V1/products/{sku}``, as ``catalog.bundle_options``
states them. Every answer is checked against its version's contract by the ``magento`` fixture.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import custom, ok, refused

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]
MUG_LINK = {"sku": "MUG-BLK", "qty": 1, "is_default": True, "price": 2, "price_type": 0, "can_change_quantity": 0}


def _kit(price_type: str = "0", **options: Any) -> dict[str, Any]:
    return {"product": {"sku": "KIT", "name": "Gift kit", "type_id": "bundle", "price": 0,
                        "custom_attributes": [{"attribute_code": "price_type", "value": price_type}],
                        "extension_attributes": {"bundle_product_options": [
                            {"title": "Mug", "type": "select", "required": True, "position": 1,
                             "product_links": [MUG_LINK]}, *options.get("more", [])]}}}


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_bundle_saved_with_options_reads_them_everywhere(magento: Any, version: str) -> None:
    m = magento(version)
    saved = await ok(m, "POST", "/products", json=_kit())
    options = saved["extension_attributes"]["bundle_product_options"]
    assert [(o["title"], o["type"], o["required"], o["sku"]) for o in options] == [("Mug", "select", True, "KIT")]
    link = options[0]["product_links"][0]
    assert (link["sku"], link["qty"], link["is_default"]) == ("MUG-BLK", 1, True)
    assert link["option_id"] == options[0]["option_id"]
    assert isinstance(link["id"], str)  # LinkInterface::getId is typed string
    assert link["price"] == 12 and "price_type" not in link  # a dynamic bundle's option read: the child's price
    assert custom(saved, "price_type") == "0"
    assert await ok(m, "GET", "/bundle-products/KIT/options/all") == options
    assert (await ok(m, "GET", "/products/KIT"))["extension_attributes"]["bundle_product_options"] == options
    children = await ok(m, "GET", "/bundle-products/KIT/children")
    assert [c["sku"] for c in children] == ["MUG-BLK"] and "price" not in children[0]  # buildLink: neither
    assert "source_items" not in saved  # a bundle keeps no stock of its own (composite)
    body = await refused(m, "GET", "/inventory/get-product-salable-quantity/KIT/1", 400)
    assert "without Source Items support" in body["message"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_fixed_price_bundle_reads_each_selection_price(magento: Any, version: str) -> None:
    m = magento(version)
    await ok(m, "POST", "/products", json=_kit("1"))
    link = (await ok(m, "GET", "/bundle-products/KIT/children"))[0]
    assert (link["price"], link["price_type"]) == (2, 0)


@pytest.mark.parametrize("version", VERSIONS)
async def test_options_and_children_are_added_updated_and_removed(magento: Any, version: str) -> None:
    m = magento(version)
    await ok(m, "POST", "/products", json=_kit())
    cap = await ok(m, "POST", "/bundle-products/options/add",
                   json={"option": {"sku": "KIT", "title": "Cap", "type": "radio", "required": False, "position": 2}})
    selection = await ok(m, "POST", f"/bundle-products/KIT/links/{cap}", json={"linkedProduct": {
        "sku": "CAP-NVY", "qty": 2, "is_default": False, "price": 0, "price_type": 0}})
    assert isinstance(selection, int)
    one = await ok(m, "GET", f"/bundle-products/KIT/options/{cap}")
    assert [(x["sku"], x["qty"]) for x in one["product_links"]] == [("CAP-NVY", 2)]
    assert [c["sku"] for c in await ok(m, "GET", f"/bundle-products/KIT/children?optionId={cap}")] == ["CAP-NVY"]
    assert await ok(m, "PUT", f"/bundle-products/KIT/links/{selection}", json={"linkedProduct": {
        "id": str(selection), "sku": "CAP-NVY", "qty": 3, "is_default": True, "price": 0, "price_type": 0}}) is True
    assert (await ok(m, "GET", f"/bundle-products/KIT/options/{cap}"))["product_links"][0]["qty"] == 3
    # the path's option id is not read: the body's decides (no option_id: a new option)
    renamed = await ok(m, "PUT", f"/bundle-products/options/{cap}",
                       json={"option": {"sku": "KIT", "option_id": cap, "title": "Hat", "type": "radio"}})
    assert renamed == cap and (await ok(m, "GET", f"/bundle-products/KIT/options/{cap}"))["title"] == "Hat"
    assert await ok(m, "DELETE", f"/bundle-products/KIT/options/{cap}/children/cap-nvy") is True  # SKU any case
    assert (await ok(m, "GET", f"/bundle-products/KIT/options/{cap}"))["product_links"] == []
    assert await ok(m, "DELETE", f"/bundle-products/KIT/options/{cap}") is True
    assert [o["title"] for o in await ok(m, "GET", "/bundle-products/KIT/options/all")] == ["Mug"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_the_bundle_services_refuse_as_magento_does(magento: Any, version: str) -> None:
    m = magento(version)
    await ok(m, "POST", "/products", json=_kit())
    mug = (await ok(m, "GET", "/bundle-products/KIT/options/all"))[0]["option_id"]
    only = await refused(m, "GET", "/bundle-products/MUG-BLK/options/all", 400)
    assert only["message"] == "This is implemented for bundle products only."
    missing = await refused(m, "GET", "/bundle-products/KIT/options/999", 404)
    assert missing["message"] == "The option that was requested doesn't exist. Verify the entity and try again."
    untitled = await refused(m, "POST", "/bundle-products/options/add",
                             json={"option": {"sku": "KIT", "title": "", "type": "select"}}, status=400)
    assert untitled["message"] == "The option couldn't be saved."
    composite = await refused(m, "POST", f"/bundle-products/KIT/links/{mug}", 400,
                              json={"linkedProduct": {**MUG_LINK, "sku": "TS"}})
    assert composite["message"] == "The bundle product can't contain another composite product."
    twice = await refused(m, "POST", f"/bundle-products/KIT/links/{mug}", 400, json={"linkedProduct": MUG_LINK})
    assert twice["parameters"] == ["MUG-BLK", "KIT"]
    elsewhere = await refused(m, "POST", "/bundle-products/KIT/links/999", 400, json={"linkedProduct": MUG_LINK})
    assert elsewhere["message"] == 'Product with specified sku: "%1" does not contain option: "%2"'
    no_id = await refused(m, "PUT", "/bundle-products/KIT/links/1", 400, json={"linkedProduct": MUG_LINK})
    assert no_id["message"] == "The product link needs an ID field entered. Enter and try again."
    gone = await refused(m, "DELETE", f"/bundle-products/KIT/options/{mug}/children/CAP-NVY", 404)
    assert gone["message"] == "The bundle product doesn't exist. Review your request and try again."
    plain = await refused(m, "DELETE", f"/bundle-products/MUG-BLK/options/{mug}/children/CAP-NVY", 400)
    assert plain["parameters"] == ["MUG-BLK"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_refused_bundle_save_leaves_nothing(magento: Any, version: str) -> None:
    m = magento(version)
    bad = _kit(more=[{"title": "Shirt", "type": "select", "product_links": [{**MUG_LINK, "sku": "TS"}]}])
    await refused(m, "POST", "/products", 400, json=bad)
    await refused(m, "GET", "/products/KIT", 404)


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_product_save_replaces_the_options_and_the_types_list(magento: Any, version: str) -> None:
    m = magento(version)
    await ok(m, "POST", "/products", json=_kit(more=[{"title": "Cap", "type": "radio", "product_links": []}]))
    options = await ok(m, "GET", "/bundle-products/KIT/options/all")
    assert [o["title"] for o in options] == ["Cap", "Mug"]  # by position (Cap's is 0), then id
    keep = {k: options[0][k] for k in ("option_id", "title", "type")}
    saved = await ok(m, "PUT", "/products/KIT", json={"product": {"extension_attributes": {
        "bundle_product_options": [keep]}}})
    assert [o["title"] for o in saved["extension_attributes"]["bundle_product_options"]] == ["Cap"]
    types = await ok(m, "GET", "/bundle-products/options/types")
    assert [t["code"] for t in types] == ["select", "radio", "checkbox", "multi"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_bundle_is_salable_while_each_required_option_has_a_salable_child(magento: Any, version: str) -> None:
    m = magento(version)
    await ok(m, "POST", "/products", json=_kit())
    stock = m.app.twin.inventory.stock_for_store("default")
    assert await ok(m, "GET", f"/inventory/is-product-salable/MUG-BLK/{stock}") is True
    assert await ok(m, "GET", f"/inventory/is-product-salable/KIT/{stock}") is True
    m.app.twin.inventory.delete_product("MUG-BLK")  # its selection goes with it: the required option is empty
    assert await ok(m, "GET", f"/inventory/is-product-salable/KIT/{stock}") is False


async def _default_stock(m: Any, sku: str, qty: float, status: int = 1) -> None:
    await ok(m, "POST", "/inventory/source-items", json={"sourceItems": [
        {"sku": sku, "source_code": "default", "quantity": qty, "status": status}]})


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_bundle_s_legacy_stock_item_follows_its_required_options(magento: Any, version: str) -> None:
    m = magento(version)
    cap = {**MUG_LINK, "sku": "CAP-NVY"}
    await ok(m, "POST", "/products", json=_kit(more=[{"title": "Cap", "type": "select", "required": True,
                                                      "position": 2, "product_links": [cap]},
                                                     {"title": "Socks", "type": "checkbox", "required": False,
                                                      "position": 3, "product_links": [{**MUG_LINK,
                                                                                        "sku": "SOCK-3PK"}]}]))
    await _default_stock(m, "MUG-BLK", 5)
    await _default_stock(m, "SOCK-3PK", 5)
    item = await ok(m, "GET", "/stockItems/KIT")
    assert (item["qty"], item["is_in_stock"]) == (0, False)  # the cap (required) has no stock
    await _default_stock(m, "CAP-NVY", 3)
    item = await ok(m, "GET", "/stockItems/KIT")
    assert (item["qty"], item["is_in_stock"]) == (0, True)  # qty 0: a composite keeps none
    assert (await ok(m, "GET", "/products/KIT"))["extension_attributes"]["stock_item"] == item
    status = await ok(m, "GET", "/stockStatuses/KIT")
    assert (status["qty"], status["stock_status"]) == (0, 1)
    await _default_stock(m, "SOCK-3PK", 0, 0)  # an optional option out of stock changes nothing
    assert (await ok(m, "GET", "/stockItems/KIT"))["is_in_stock"] is True


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_bundle_of_optional_options_is_in_stock_when_one_child_is(magento: Any, version: str) -> None:
    m = magento(version)
    optional = _kit()
    optional["product"]["extension_attributes"]["bundle_product_options"][0]["required"] = False
    await ok(m, "POST", "/products", json=optional)
    assert (await ok(m, "GET", "/stockItems/KIT"))["is_in_stock"] is False
    await _default_stock(m, "MUG-BLK", 2)
    assert (await ok(m, "GET", "/stockItems/KIT"))["is_in_stock"] is True
