"""``GET /V1/products-render-info`` on the Magento twin (issue 15 item 1): ProductRenderList over the twin's
catalog, with the guest's prices, formatted prices, buttons, URLs and the theme's image codes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.integration.conftest import ok

pytestmark = pytest.mark.anyio

RENDER = "/products-render-info"


def _by(field: str, value: str, condition: str = "eq") -> str:
    return (f"searchCriteria[filterGroups][0][filters][0][field]={field}"
            f"&searchCriteria[filterGroups][0][filters][0][value]={value}"
            f"&searchCriteria[filterGroups][0][filters][0][conditionType]={condition}")


async def _render(m: Any, query: str, status: int = 200) -> Any:
    r = await m.get(f"/rest/V1{RENDER}?{query}")  # anonymous, as webapi.xml says
    assert r.status_code == status, r.text
    return r.json()


async def test_a_simple_product_as_the_storefront_renders_it(magento: Any) -> None:
    m = magento()
    body = await _render(m, f"{_by('sku', 'MUG-BLK')}&storeId=1&currencyCode=USD")
    assert list(body) == ["items"]
    [item] = body["items"]
    assert (item["id"], item["name"], item["type"], item["is_salable"], item["store_id"], item["currency_code"]) == (
        1, "Black Mug", "simple", "1", 1, "USD")
    price = item["price_info"]
    assert [price[k] for k in ("final_price", "regular_price", "minimal_price", "max_price")] == [12, 12, 12, 12]
    assert price["special_price"] is None and price["formatted_prices"]["special_price"] is None
    assert price["formatted_prices"]["final_price"] == '<span class="price">$12.00</span>'
    assert price["extension_attributes"]["weee_adjustment"] == '<span class="price">$12.00</span>'
    assert price["extension_attributes"]["tax_adjustments"]["special_price"] == 12
    assert item["url"] == "http://magento.test/black-mug.html"
    cart = item["add_to_cart_button"]
    assert cart["url"] == "http://magento.test/checkout/cart/add/uenc/%25uenc%25/product/1/"
    assert json.loads(cart["post_data"]) == {"action": cart["url"], "data": {"product": "1", "uenc": "%uenc%"}}
    assert "\\/" in cart["post_data"]  # json_encode escapes slashes
    assert cart["required_options"] is False
    compare = item["add_to_compare_button"]
    assert (compare["post_data"], compare["required_options"]) == (None, None)
    assert json.loads(compare["url"])["action"] == "http://magento.test/catalog/product_compare/add/"
    wishlist = item["extension_attributes"]["wishlist_button"]
    assert json.loads(wishlist["url"])["data"]["product"] == 1
    codes = [i["code"] for i in item["images"]]
    assert codes == [spec["code"] for spec in m.app.twin.profile.value("catalog.products_render_info")["image_codes"]]
    assert item["images"][0]["url"].endswith("/m/u/mug-blk.jpg")


async def test_prices_follow_special_and_tier_prices(magento: Any) -> None:
    m = magento()
    await ok(m, "POST", "/products/special-price", json={"prices": [
        {"sku": "MUG-WHT", "price": 8, "store_id": 0, "price_from": "2020-01-01 00:00:00",
         "price_to": "2099-01-01 00:00:00"}]})
    await ok(m, "POST", "/products/tier-prices", json={"prices": [
        {"sku": "MUG-WHT", "price": 6, "price_type": "fixed", "website_id": 0, "customer_group": "NOT LOGGED IN",
         "quantity": 5},
        {"sku": "MUG-WHT", "price": 1, "price_type": "fixed", "website_id": 0, "customer_group": "Wholesale",
         "quantity": 1}]})
    [item] = (await _render(m, f"{_by('sku', 'MUG-WHT')}&storeId=1&currencyCode=EUR"))["items"]
    price = item["price_info"]
    assert (price["regular_price"], price["final_price"], price["minimal_price"]) == (12, 8, 6)
    assert price["formatted_prices"]["final_price"] == '<span class="price">\u20ac8.00</span>'


async def test_a_configurable_takes_its_cheapest_salable_child(magento: Any) -> None:
    m = magento()
    await ok(m, "PUT", "/products/TS-BLU-S", json={"product": {"price": 19}})
    await ok(m, "PUT", "/products/TS-RED-S", json={"product": {"price": 15}})
    await ok(m, "POST", "/inventory/source-items", json={"sourceItems": [
        {"sku": "TS-RED-S", "source_code": code, "quantity": 0, "status": 0} for code in ("central", "north")]})
    [item] = (await _render(m, f"{_by('sku', 'TS')}&storeId=1&currencyCode=USD"))["items"]
    assert (item["type"], item["price_info"]["final_price"]) == ("configurable", 19)
    assert item["add_to_cart_button"]["url"] == "http://magento.test/stockgate-t-shirt.html?options=cart"
    assert item["add_to_cart_button"]["required_options"] is True


async def test_search_paging_and_disabled_products(magento: Any) -> None:
    m = magento()
    await ok(m, "PUT", "/products/CAP-NVY", json={"product": {"status": 2}})
    page = await _render(m, f"{_by('entity_id', '1,2,3,4', 'in')}&searchCriteria[sortOrders][0][field]=entity_id"
                            "&searchCriteria[sortOrders][0][direction]=DESC&searchCriteria[pageSize]=2"
                            "&storeId=1&currencyCode=USD")
    assert [i["id"] for i in page["items"]] == [4, 2]  # 3 (the cap) is disabled: not in the price index


async def test_what_getlist_refuses(magento: Any) -> None:
    m = magento()
    missing = await _render(m, "storeId=1", 400)
    assert [e["parameters"]["fieldName"] for e in missing["errors"]] == ["searchCriteria", "currencyCode"]
    store = await _render(m, f"{_by('sku', 'MUG-BLK')}&storeId=9&currencyCode=USD", 404)
    assert store["message"].startswith("The store that was requested wasn't found.")
    assert (await _render(m, f"{_by('sku', 'NOPE')}&storeId=9&currencyCode=USD"))["items"] == []
