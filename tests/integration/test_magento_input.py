"""Requests read as Magento reads them (issue 15, item 2; item 4): slashes, key spellings, unknown keys,
type casts, ``fields=``, searches on ``entity_id``, Magento's OAuth base string and bulk ``bySku``.

Each test names the profile fact it exercises; each failed before the twin read requests this way, but
for the rows marked as controls (what the twin already did as Magento does, kept so it stays so).
Answers a schema cannot judge (a ``fields=`` partial answer, a path with a trailing slash the contract's
matcher does not know) are read with a plain client; the rest go through the contract-checked one.
"""

from __future__ import annotations

import functools
import re
import time
from typing import Any

import httpx
import pytest
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_HMAC_SHA256, Client

from stockgate import oauth1
from stockgate.twins.magento import create_app
from tests.integration.conftest import TOKEN
from tests.integration.test_magento_twin import place_order, source_qty

pytestmark = pytest.mark.anyio
NOT_SUPPORTED = '"%fieldName" is not supported. Correct the field name and try again.'
TYPE_ERROR = 'The "{}" value\'s type is invalid. The "{}" type was expected. Verify and try again.'
REPORT = re.compile(r"Internal Error\. Details are available in Magento log file\. Report ID: webapi-[0-9a-f]{13}")


def plain(version: str = "2.4.8", profile: str = "integration-bearer-on") -> httpx.AsyncClient:
    """A client on a fresh twin whose answers are not checked against the contract (partial answers)."""
    app = create_app(version, profile, seed="demo")
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://magento.test")


# --- url.path_slashes -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [
    "/rest/V1/products/?searchCriteria[pageSize]=1",
    "/rest/default/V1/products/?searchCriteria[pageSize]=1",
    "/rest//V1/products?searchCriteria[pageSize]=1",
    "/rest/V1/products//?searchCriteria[pageSize]=1",
])
async def test_leading_and_trailing_slashes_are_trimmed(path: str) -> None:
    async with plain() as m:
        r = await m.get(path, headers=TOKEN)
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == 1


@pytest.mark.parametrize("path", ["/rest/V1/stockItems/lowStock/?scopeId=0&qty=100",
                                  "/rest/V1/stockItems/lowStock?scopeId=0&qty=100"])
async def test_a_route_declared_with_a_trailing_slash_answers_with_or_without_it(path: str) -> None:
    """GET /V1/stockItems/lowStock/ (so declared), not /V1/stockItems/{productSku} with "lowStock"."""
    async with plain() as m:
        r = await m.get(path, headers=TOKEN)
    assert r.status_code == 200, r.text
    assert "items" in r.json()


async def test_a_slash_doubled_inside_the_path_matches_no_route() -> None:  # control
    async with plain() as m:
        r = await m.get("/rest/V1//inventory/sources", headers=TOKEN)
    assert (r.status_code, r.json()["message"]) == (404, "Request does not match any route.")


# --- request.property_names -----------------------------------------------------------------------------------
async def test_an_invoice_body_in_camel_case_invoices(magento: Any) -> None:
    m = magento()
    order_id = await place_order(m, "MUG-BLK", 2)
    r = await m.post(f"/rest/V1/order/{order_id}/invoice", headers=TOKEN, json={
        "capture": False, "items": [{"orderItemId": 1, "qty": 1}], "notify": False, "appendComment": True,
        "comment": {"comment": "Paid in store", "isVisibleOnFront": 0}})
    assert r.status_code == 200, r.text
    order = (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    assert order["items"][0]["qty_invoiced"] == 1


async def test_top_level_names_are_read_declared_or_in_snake_case(magento: Any) -> None:
    m = magento()
    body = {"source_items": [{"Sku": "MUG-BLK", "sourceCode": "central", "QUANTITY": 3, "status": 1}]}
    r = await m.post("/rest/V1/inventory/source-items", headers=TOKEN, json=body)
    assert (r.status_code, r.json()) == (400, {"message": NOT_SUPPORTED, "parameters": {"fieldName": "QUANTITY"}})
    body["source_items"][0]["quantity"] = body["source_items"][0].pop("QUANTITY")
    r = await m.post("/rest/V1/inventory/source-items", headers=TOKEN, json=body)
    assert r.status_code == 200, r.text
    assert await source_qty(m, "MUG-BLK", "central") == 3


async def test_keys_that_name_no_parameter_are_ignored_at_the_top_level(magento: Any) -> None:  # control
    m = magento()
    r = await m.post("/rest/V1/inventory/source-items", headers=TOKEN, json={
        "sourceItems": [{"sku": "MUG-BLK", "source_code": "central", "quantity": 4, "status": 1}], "dryRun": True})
    assert r.status_code == 200
    assert await source_qty(m, "MUG-BLK", "central") == 4


# --- request.unknown_property and errors.internal_error ---------------------------------------------------------
@pytest.mark.parametrize(("version", "status"), [("2.4.5", 500), ("2.4.6", 500), ("2.4.7", 400), ("2.4.9", 400)])
async def test_an_unknown_nested_key_is_refused_as_each_version_refuses_it(magento: Any, version: str,
                                                                            status: int) -> None:
    m = magento(version)
    r = await m.post("/rest/V1/inventory/source-items", headers=TOKEN, json={"sourceItems": [
        {"sku": "MUG-BLK", "source_code": "central", "quantity": 5, "status": 1, "is_in_stock": 1}]})
    assert r.status_code == status
    if status == 400:
        assert r.json() == {"message": NOT_SUPPORTED, "parameters": {"fieldName": "IsInStock"}}
    else:  # the LogicException, masked: nothing of it reaches the client
        assert REPORT.fullmatch(r.json()["message"]), r.json()
    assert await source_qty(m, "MUG-BLK", "central") == 20  # nothing written


async def test_an_internal_error_names_one_webapi_report_id(magento: Any) -> None:
    m = magento("2.4.8")
    order_id = await place_order(m, "MUG-BLK", 1)
    r = await m.post(f"/rest/V1/order/{order_id}/ship", headers=TOKEN, json={"items": "[]"})
    assert r.status_code == 500
    assert REPORT.fullmatch(r.json()["message"]), r.json()


# --- validation.scalar_coercion --------------------------------------------------------------------------------
async def test_scalars_are_cast_as_php_casts_them() -> None:
    async with plain() as m:
        await _cast_product(m)


async def _cast_product(m: httpx.AsyncClient) -> None:
    r = await m.put("/rest/V1/products/MUG-BLK", headers=TOKEN, json={"product": {"name": 1234, "price": "12.50",
                                                                                    "status": "1"}})
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["price"], r.json()["status"]) == ("1234", 12.5, 1)
    r = await m.put("/rest/V1/products/MUG-BLK", headers=TOKEN, json={"product": {"name": ["Mug"]}})
    assert (r.status_code, r.json()) == (400, {
        "message": f'Error occurred during "name" processing. {TYPE_ERROR.format("array", "string")}'})


async def test_an_int_field_refuses_a_boolean(magento: Any) -> None:
    """is_numeric(true) is false: ``isVisibleOnFront: true`` is a type error naming "1"."""
    m = magento()
    order_id = await place_order(m, "MUG-BLK", 1)
    r = await m.post(f"/rest/V1/order/{order_id}/invoice", headers=TOKEN, json={
        "items": [{"order_item_id": 1, "qty": 1}], "comment": {"comment": "x", "isVisibleOnFront": True}})
    assert (r.status_code, r.json()) == (400, {
        "message": f'Error occurred during "isVisibleOnFront" processing. {TYPE_ERROR.format("1", "int")}'})
    assert m.app.twin.sales.documents["invoice"] == {}


# --- request.fields_filter --------------------------------------------------------------------------------------
async def test_fields_trims_an_answer_to_the_fields_named() -> None:
    async with plain() as m:
        r = await m.get("/rest/V1/inventory/sources?fields=items[source_code],total_count", headers=TOKEN)
        sources = r.json()
        r = await m.get("/rest/V1/inventory/sources/central?fields=source_code,name,nothing", headers=TOKEN)
        one = r.json()
        r = await m.get("/rest/V1/products?searchCriteria[pageSize]=1&fields=items[sku,price,custom_attributes"
                        "[attribute_code]]", headers=TOKEN)
        products = r.json()
        salable = (await m.get("/rest/V1/inventory/get-product-salable-quantity/MUG-BLK/2?fields=x",
                               headers=TOKEN)).json()
    assert set(sources) == {"items", "total_count"}
    assert all(list(item) == ["source_code"] for item in sources["items"]) and sources["total_count"] >= 3
    assert one == {"source_code": "central", "name": one["name"]}
    assert set(products["items"][0]) == {"sku", "price"} | ({"custom_attributes"} if "custom_attributes" in
                                                             products["items"][0] else set())
    assert all(set(a) == {"attribute_code"} for a in products["items"][0].get("custom_attributes", []))
    assert salable == 28  # a scalar answer is never filtered


@pytest.mark.parametrize(("fields", "answer"), [("items[source_code", []), ("items.source_code", []),
                                                ("", None), ("0", None)])  # the last two: controls
async def test_a_malformed_or_false_fields_filter(fields: str, answer: Any) -> None:
    async with plain() as m:
        r = await m.get(f"/rest/V1/inventory/sources?fields={fields}", headers=TOKEN)
    assert r.status_code == 200
    if answer is None:
        assert set(r.json()) == {"items", "search_criteria", "total_count"}  # PHP reads "" and "0" as false
    else:
        assert r.json() == answer


# --- search.field_aliases ---------------------------------------------------------------------------------------
async def test_products_are_found_by_entity_id() -> None:
    q = ("searchCriteria[filter_groups][0][filters][0][field]=entity_id&searchCriteria[filter_groups][0][filters][0]"
         "[value]={}&searchCriteria[sortOrders][0][field]=entity_id")
    async with plain() as m:
        mug = (await m.get("/rest/V1/products/MUG-BLK", headers=TOKEN)).json()
        found = (await m.get(f"/rest/V1/products?{q.format(mug['id'])}", headers=TOKEN)).json()
    assert (found["total_count"], [p["sku"] for p in found["items"]]) == (1, ["MUG-BLK"])


# --- bulk.route_parameters (issue 15, item 4) ---------------------------------------------------------------------
async def test_bulk_by_sku_updates_the_sku_of_each_body(magento: Any) -> None:
    m = magento()
    r = await m.put("/rest/default/async/bulk/V1/products/bySku", headers=TOKEN, json=[
        {"product": {"sku": "MUG-BLK", "price": 15}}, {"product": {"sku": "MUG-WHT", "price": 16}}])
    assert r.status_code == 202, r.text
    assert [i["status"] for i in r.json()["request_items"]] == ["accepted", "accepted"]
    m.app.twin.bulk.run()
    products = m.app.twin.inventory.products
    assert "bySku" not in products
    assert (products["MUG-BLK"].price, products["MUG-WHT"].price) == (15, 16)


async def test_a_bulk_url_with_a_value_for_the_placeholder_matches_no_route(magento: Any) -> None:
    m = magento()
    r = await m.put("/rest/default/async/bulk/V1/products/MUG-BLK", headers=TOKEN,
                    json=[{"product": {"sku": "MUG-BLK", "price": 15}}])
    assert (r.status_code, r.json()["message"]) == (404, "Request does not match any route.")


async def test_bulk_path_parameters_come_from_each_body(magento: Any) -> None:
    m = magento()
    order_id = await place_order(m, "MUG-BLK", 2)
    r = await m.post("/rest/default/async/bulk/V1/order/byOrderId/invoice", headers=TOKEN,
                     json=[{"orderId": order_id, "items": [{"orderItemId": 1, "qty": 2}]}])
    assert r.status_code == 202, r.text
    m.app.twin.bulk.run()
    assert len(m.app.twin.sales.documents["invoice"]) == 1


async def test_a_bad_body_refuses_the_whole_bulk(magento: Any) -> None:
    m = magento()
    r = await m.put("/rest/default/async/bulk/V1/products/bySku", headers=TOKEN, json=[
        {"product": {"sku": "MUG-BLK", "price": 15}}, {"product": {"sku": "MUG-WHT", "price": "cheap"}}])
    assert (r.status_code, r.json()) == (400, {
        "message": f'Error occurred during "price" processing. {TYPE_ERROR.format("cheap", "float")}'})
    assert m.app.twin.bulk.bulks == {}


# --- auth.oauth1_signature --------------------------------------------------------------------------------------
CREDENTIALS = {"client_key": "stockgate-demo-consumer-key", "client_secret": "stockgate-demo-consumer-secret",
               "resource_owner_key": "stockgate-demo-token", "resource_owner_secret": "stockgate-demo-token-secret"}


def signed(url: str, method: str = SIGNATURE_HMAC_SHA256, **fixed: str) -> dict[str, str]:
    """Headers of a request signed by oauthlib (RFC 5849), ``url`` with its query as sent."""
    _u, headers, _b = Client(**CREDENTIALS, signature_method=method, **fixed).sign(url)
    return dict(headers)


def magento_signed(url: str, version: str) -> dict[str, str]:
    """Headers signed over the base string Magento ``version`` builds (what a client must sign to be accepted)."""
    from urllib.parse import urlsplit

    from stockgate.contracts import load_contract

    rule = load_contract(f"magento@{version}").profile("default").value("auth.oauth1_signature")
    protocol = {"oauth_consumer_key": CREDENTIALS["client_key"], "oauth_token": CREDENTIALS["resource_owner_key"],
                "oauth_signature_method": "HMAC-SHA256", "oauth_timestamp": str(int(time.time())),
                "oauth_nonce": f"n{time.monotonic_ns()}", "oauth_version": "1.0"}
    base = oauth1.magento_base_string("GET", url, protocol=protocol, query=urlsplit(url).query, form=[], rule=rule)
    protocol["oauth_signature"] = oauth1.sign("HMAC-SHA256", base, CREDENTIALS["client_secret"],
                                              CREDENTIALS["resource_owner_secret"])
    return {"Authorization": "OAuth " + ", ".join(f'{k}="{oauth1.encode(v)}"' for k, v in protocol.items())}


@pytest.mark.parametrize("version", ["2.4.5", "2.4.8"])
async def test_hmac_sha1_is_refused(magento: Any, version: str) -> None:
    m = magento(version, "default")
    url = "http://magento.test/rest/V1/inventory/sources"
    r = await m.get(url, headers=signed(url, SIGNATURE_HMAC_SHA1))
    assert (r.status_code, r.json()) == (400, {"message": "Signature method %1 is not supported",
                                               "parameters": ["HMAC-SHA1"]})


SOURCES = "http://magento.test/rest/V1/inventory/sources"


NAMED = ("searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=name&searchCriteria"
         "%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=Main+Warehouse")


@pytest.mark.parametrize(("version", "query", "rfc_accepted"), [
    ("2.4.5", "searchCriteria%5BpageSize%5D=2", True),  # where Magento and the RFC agree (the RFC half: control)
    ("2.4.5", "flag&searchCriteria%5BpageSize%5D=2", False),  # a pair without '=' is not signed
    ("2.4.5", NAMED, False),  # '+' is a plus
    ("2.4.5", "a=1&a=2", False),  # a repeated name keeps its last value only
    ("2.4.8", "flag&searchCriteria%5BpageSize%5D=2", True),  # the 2.4.8 signer re-reads the query (parse_str)
    ("2.4.8", NAMED, False),  # a bracketed name keeps the helper's '+'
    ("2.4.8", "a.b=1", False),  # parse_str signs it again as a_b
])
async def test_magentos_base_string_decides(magento: Any, version: str, query: str, rfc_accepted: bool) -> None:
    m = magento(version, "default")
    url = f"{SOURCES}?{query}"
    rfc = await m.get(url, headers=signed(url))
    assert (rfc.status_code == 200) is rfc_accepted, rfc.text
    if not rfc_accepted:
        assert rfc.json()["message"] == "The signature is invalid. Verify and try again."
    assert (await m.get(url, headers=magento_signed(url, version))).status_code == 200


def test_base_string_details() -> None:
    """The orders the facts name: laminas' strnatcmp over encoded names, the 2.4.8 ksort over raw names."""
    assert sorted(["a10", "a9", "a[b]"], key=functools.cmp_to_key(oauth1.strnatcmp)) == ["a9", "a10", "a[b]"]
    rule = {"query_pairs": "exactly-one-equals", "query_reparsed": "none", "repeated_names": "last-wins",
            "name_order": "natural-encoded", "url": "normalised"}
    base = oauth1.magento_base_string("get", "HTTP://Example.COM:80/p%2Fq?x=1", protocol={"oauth_nonce": "n"},
                                      query="g[10]=1&g[9]=2&x=a+b&x=c&bare&y=1=2", form=[], rule=rule)
    assert base == ("GET&http%3A%2F%2Fexample.com%2Fp%252Fq&g%255B9%255D%3D2%26g%255B10%255D%3D1%26oauth_nonce%3Dn"
                    "%26x%3Dc")
    base = oauth1.magento_base_string("GET", "http://example.com:80/p", protocol={}, query="x=a+b&bare",
                                      form=[], rule={**rule, "query_reparsed": "php-parse-str",
                                                     "name_order": "bytes-raw", "url": "as-sent"})
    assert base == "GET&http%3A%2F%2Fexample.com%3A80%2Fp&bare%3D%26x%3Da%2520b"
