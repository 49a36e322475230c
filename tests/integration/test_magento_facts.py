"""Every profile fact the Magento twin acts on changes what a client sees when the fact changes.

Each row: a fact, another value for it, and a probe that observes the twin over HTTP. The test
fails when the twin ignores the fact (e.g. a hard-coded answer) — a check per fact that can fail.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from stockgate.contracts import Profile, load_contract
from stockgate.twins.magento.app import MagentoApp
from stockgate.twins.magento.twin import MagentoTwin
from tests.integration.test_magento_operations import FACT_CASES as OPERATION_FACT_CASES
from tests.integration.test_magento_order_records import FACT_CASES as RECORD_FACT_CASES

TOKEN = {"Authorization": "Bearer stockgate-demo-token"}
Probe = Callable[[httpx.AsyncClient, MagentoApp], Awaitable[Any]]
LIMITS_ON = {"input_limits.enabled": True}
NO_2FA = {"auth.two_factor": {"blocks_admin_token": False, "message": "m", "parameters_key": "active_providers",
                              "http_status": None}}
ADDRESS = {"firstname": "A", "lastname": "B", "street": ["1"], "city": "C", "country_id": "US", "postcode": "1",
           "telephone": "1", "email": "a@example.com"}


def _profile(changes: dict[str, Any], base: str = "integration-bearer-on") -> Profile:
    profile = load_contract("magento@2.4.8").profile(base)
    facts = dict(profile.facts)
    for fact_id, value in changes.items():
        facts[fact_id] = dataclasses.replace(facts[fact_id], value=value)
    return dataclasses.replace(profile, facts=facts)


def observe(changes: dict[str, Any], probe: Probe) -> Any:
    twin = MagentoTwin(load_contract("magento@2.4.8"), _profile(changes))
    app = MagentoApp(twin)

    async def run() -> Any:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://m") as client:
            return await probe(client, app)

    return asyncio.run(run())


def _items(n: int, sku: str = "MUG-BLK") -> dict[str, Any]:
    return {"sourceItems": [{"sku": f"{sku}" if i == 0 else f"X-{i}", "source_code": "central", "quantity": 1,
                             "status": 1} for i in range(n)]}


async def post_items(c: httpx.AsyncClient, _a: MagentoApp, n: int = 21) -> Any:
    r = await c.post("/rest/V1/inventory/source-items", headers=TOKEN, json=_items(n))
    return r.status_code, r.json()


async def page(c: httpx.AsyncClient, _a: MagentoApp, query: str = "searchCriteria=") -> Any:
    r = await c.get(f"/rest/V1/inventory/source-items?{query}", headers=TOKEN)
    body = r.json()
    return r.status_code, body if r.status_code != 200 else [(i["sku"], i["source_code"]) for i in body["items"]]


async def order(c: httpx.AsyncClient, a: MagentoApp, qty: int = 2) -> int:
    cart = (await c.post("/rest/V1/guest-carts")).json()
    await c.post(f"/rest/V1/guest-carts/{cart}/items", json={"cartItem": {"sku": "MUG-BLK", "qty": qty}})
    await c.post(f"/rest/V1/guest-carts/{cart}/shipping-information", json={"addressInformation": {
        "shipping_address": ADDRESS, "shipping_carrier_code": "flatrate", "shipping_method_code": "flatrate"}})
    r = await c.post(f"/rest/V1/guest-carts/{cart}/payment-information",
                     json={"email": "a@example.com", "paymentMethod": {"method": "checkmo"}})
    order_id = int(r.json())
    await c.post(f"/rest/V1/order/{order_id}/invoice", headers=TOKEN, json={})
    return order_id


async def no_route(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    r = await c.delete("/rest/V1/inventory/sources", headers=TOKEN)  # a wrong method is no route
    return r.status_code, r.json()


def _qty(a: MagentoApp, source: str, sku: str = "MUG-BLK") -> float:
    return a.twin.inventory.items[(sku, source)]["quantity"]


async def refund_unreturned(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    oid = await order(c, a)
    await c.post(f"/rest/V1/order/{oid}/refund", headers=TOKEN, json={"items": [{"order_item_id": 1, "qty": 2}]})
    return _qty(a, "central"), _qty(a, "north")


async def refund_shipped_without_list(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    oid = await order(c, a)
    await c.post(f"/rest/V1/order/{oid}/ship", headers=TOKEN,
                 json={"arguments": {"extension_attributes": {"source_code": "north"}}})
    await c.post(f"/rest/V1/order/{oid}/refund", headers=TOKEN, json={"items": [{"order_item_id": 1, "qty": 2}]})
    return _qty(a, "north")


async def twin_refunds(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    oid = await order(c, a, qty=1)
    body = {"items": [{"order_item_id": 1, "qty": 1}]}
    first = await c.post(f"/rest/V1/order/{oid}/refund", headers=TOKEN, json=body)
    second = await c.post(f"/rest/V1/order/{oid}/refund", headers=TOKEN, json=body)  # same virtual instant
    return first.status_code, second.status_code, len(a.twin.sales.documents["creditmemo"])


async def partial_refund_state(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    oid = await order(c, a, qty=3)
    await c.post(f"/rest/V1/order/{oid}/ship", headers=TOKEN, json={
        "items": [{"order_item_id": 1, "qty": 1}], "arguments": {"extension_attributes": {"source_code": "central"}}})
    await c.post(f"/rest/V1/order/{oid}/refund", headers=TOKEN, json={"items": [{"order_item_id": 1, "qty": 1}]})
    return (await c.get(f"/rest/V1/orders/{oid}", headers=TOKEN)).json()["state"]


async def malformed_ship(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    oid = await order(c, a)
    r = await c.post(f"/rest/V1/order/{oid}/ship", headers=TOKEN, json={"items": "everything"})
    return r.status_code, r.json()["message"][:20]


async def ship_answer(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    oid = await order(c, a)
    return (await c.post(f"/rest/V1/order/{oid}/ship", headers=TOKEN, json={
        "arguments": {"extension_attributes": {"source_code": "central"}}})).json()


async def ship_unnamed_source(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    oid = await order(c, a)
    r = await c.post(f"/rest/V1/order/{oid}/ship", headers=TOKEN, json={})
    return r.status_code, _qty(a, "central"), _qty(a, "north")


async def ship_too_many(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    oid = await order(c, a)
    r = await c.post(f"/rest/V1/order/{oid}/ship", headers=TOKEN, json={
        "arguments": {"extension_attributes": {"source_code": "north"}}})
    await c.post("/rest/V1/inventory/source-items", headers=TOKEN, json={"sourceItems": [
        {"sku": "MUG-BLK", "source_code": "north", "quantity": 0, "status": 0}]})
    oid = await order(c, a)
    r = await c.post(f"/rest/V1/order/{oid}/ship", headers=TOKEN, json={
        "arguments": {"extension_attributes": {"source_code": "north"}}})
    return r.json()["message"]


async def imported(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    await c.post("/rest/V1/orders", headers=TOKEN, json={"entity": {"items": [{"sku": "MUG-BLK", "qty_ordered": 4}]}})
    return (await c.get("/rest/V1/inventory/get-product-salable-quantity/MUG-BLK/2", headers=TOKEN)).json()


async def admin_token(c: httpx.AsyncClient, _a: MagentoApp, password: str = "stockgate-demo1") -> Any:
    r = await c.post("/rest/V1/integration/admin/token", json={"username": "admin", "password": password})
    return r.status_code, r.json() if r.status_code != 200 else "token"


async def token_after_5h(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    token = (await c.post("/rest/V1/integration/admin/token", json={"username": "admin",
                                                                    "password": "stockgate-demo1"})).json()
    a.twin.clock.advance(5 * 3600)
    return (await c.get("/rest/V1/inventory/sources", headers={"Authorization": f"Bearer {token}"})).status_code


async def guest_write(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    r = await c.post("/rest/V1/inventory/source-items", json=_items(1))
    return r.status_code, r.json()


async def bearer(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    return (await c.get("/rest/V1/inventory/sources", headers=TOKEN)).status_code


async def oauth(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256, Client

    url = "http://m/rest/V1/inventory/sources"
    _u, headers, _b = Client("stockgate-demo-consumer-key", client_secret="stockgate-demo-consumer-secret",
                             resource_owner_key="stockgate-demo-token",
                             resource_owner_secret="stockgate-demo-token-secret",
                             signature_method=SIGNATURE_HMAC_SHA256).sign(url)
    return (await c.get(url, headers=headers)).status_code


async def sku_space(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    r = await c.post("/rest/V1/inventory/source-items", headers=TOKEN, json=_items(1, " MUG-BLK"))
    return r.status_code, r.json()


async def unknown_sku(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    return (await c.post("/rest/V1/inventory/source-items", headers=TOKEN, json=_items(1, "NOPE"))).status_code


async def bulk_three(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    r = await c.post("/rest/default/async/bulk/V1/inventory/source-items", headers=TOKEN,
                     json=[_items(1), _items(1), _items(1)])
    return r.status_code


async def empty_batch(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    return (await c.post("/rest/V1/inventory/source-items", headers=TOKEN, json={"sourceItems": []})).json()


async def past_end(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    return await page(c, a, "searchCriteria[pageSize]=5&searchCriteria[currentPage]=99")


async def nonce_replay(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256, Client

    url = "http://m/rest/V1/inventory/sources"
    statuses = []
    for _ in range(2):  # the same nonce twice, 90 s apart
        _u, headers, _b = Client("stockgate-demo-consumer-key", client_secret="stockgate-demo-consumer-secret",
                                 resource_owner_key="stockgate-demo-token",
                                 resource_owner_secret="stockgate-demo-token-secret", nonce="n1",
                                 signature_method=SIGNATURE_HMAC_SHA256).sign(url)
        statuses.append((await c.get(url, headers=headers)).status_code)
        a.twin.clock.advance(90)
    return statuses


async def big_body(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    r = await c.post("/rest/V1/inventory/source-items", headers=TOKEN, json={**_items(1), "pad": "x" * 200})
    return r.status_code


async def nan_quantity(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    body = {"sourceItems": [{"sku": "MUG-BLK", "source_code": "central", "quantity": "NaN", "status": 1}]}
    r = await c.post("/rest/V1/inventory/source-items", headers=TOKEN, json=body)
    return r.status_code, r.json()


async def cast_name(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    r = await c.put("/rest/V1/products/MUG-BLK", headers=TOKEN, json={"product": {"name": 1234}})
    return r.status_code, r.json().get("name", r.json().get("message"))


async def spelled(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    r = await c.post("/rest/V1/inventory/source-items", headers=TOKEN, json={"source_items": [
        {"sku": "MUG-BLK", "sourceCode": "central", "quantity": 7, "status": 1}]})
    return r.status_code, _qty(a, "central")


async def unknown_key(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    r = await c.post("/rest/V1/inventory/source-items", headers=TOKEN, json={"sourceItems": [
        {"sku": "MUG-BLK", "source_code": "central", "quantity": 7, "status": 1, "colour": "red"}]})
    return r.status_code


async def trimmed(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    return (await c.get("/rest/V1/inventory/sources?fields=items[source_code]", headers=TOKEN)).json()


async def trailing_slash(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    return (await c.get("/rest/V1/inventory/sources/", headers=TOKEN)).status_code


async def by_entity_id(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    mug = a.twin.inventory.products["MUG-BLK"].id
    q = (f"searchCriteria[filter_groups][0][filters][0][field]=entity_id&"
         f"searchCriteria[filter_groups][0][filters][0][value]={mug}")
    return (await c.get(f"/rest/V1/products?{q}", headers=TOKEN)).json()["total_count"]


async def by_sku_bulk(c: httpx.AsyncClient, a: MagentoApp) -> Any:
    await c.put("/rest/default/async/bulk/V1/products/bySku", headers=TOKEN,
                json=[{"product": {"sku": "MUG-BLK", "name": "Mug", "price": 15}}])
    a.twin.bulk.run()
    return sorted(a.twin.inventory.products)


def _signed(url: str, method: str = "HMAC-SHA256", host: str = "") -> dict[str, str]:
    from oauthlib.oauth1 import Client

    _u, headers, _b = Client("stockgate-demo-consumer-key", client_secret="stockgate-demo-consumer-secret",
                             resource_owner_key="stockgate-demo-token",
                             resource_owner_secret="stockgate-demo-token-secret", signature_method=method).sign(url)
    return {**headers, **({"Host": host} if host else {})}


def oauth_query(query: str, method: str = "HMAC-SHA256") -> Probe:
    async def probe(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
        url = f"http://m/rest/V1/inventory/sources?{query}"
        return (await c.get(url, headers=_signed(url, method))).status_code
    return probe


async def oauth_unquoted(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    """An Authorization header without quotes, as magentix/magento-php-api-client writes it."""
    url = "http://m/rest/V1/inventory/sources"
    header = _signed(url)["Authorization"].replace('"', "").replace(", ", ",")
    return (await c.get(url, headers={"Authorization": header})).status_code


async def oauth_port(c: httpx.AsyncClient, _a: MagentoApp) -> Any:
    url = "http://m/rest/V1/inventory/sources"
    return (await c.get(url, headers=_signed(url, host="m:80"))).status_code


SIGNATURE = {"methods": ["HMAC-SHA256"], "method_refused": {"status": 400, "body": {
    "message": "Signature method %1 is not supported", "parameters": ["HMAC-SHA1"]}},
    "query_pairs": "exactly-one-equals", "query_reparsed": "php-parse-str", "repeated_names": "last-wins",
    "name_order": "bytes-raw", "url": "as-sent", "header": "request-helper"}  # 2.4.8's auth.oauth1_signature


CASES: list[tuple[str, dict[str, Any], Probe]] = [
    ("input_limits.enabled", {"input_limits.enabled": True}, post_items),
    ("input_limits.sync_array_max", {**LIMITS_ON, "input_limits.sync_array_max": 30}, post_items),
    ("input_limits.async_array_max", {**LIMITS_ON, "input_limits.async_array_max": 2}, bulk_three),
    ("input_limits.array_error", {**LIMITS_ON, "input_limits.array_error": {"status": 413, "body": {
        "message": "too many", "parameters": {}}}}, post_items),
    ("input_limits.max_page_size", {**LIMITS_ON, "input_limits.max_page_size": 10},
     lambda c, a: page(c, a, "searchCriteria[pageSize]=11")),
    ("input_limits.default_page_size", {**LIMITS_ON, "input_limits.default_page_size": 3}, page),
    ("input_limits.page_size_error", {**LIMITS_ON, "input_limits.page_size_error": {"status": 422, "body": {
        "message": "no"}}}, lambda c, a: page(c, a, "searchCriteria[pageSize]=301")),
    ("search.page_past_end", {"search.page_past_end": {"answer": "empty"}}, past_end),
    ("auth.oauth1_nonces", {"auth.oauth1_nonces": {"scope": "consumer", "kept_minutes": 1, "future_skew_seconds": 600,
                                                   "message": "used"}}, nonce_replay),
    ("request.body_limit", {"request.body_limit": {"bytes": 100, "status": 413, "content_type": "text/html",
                                                   "body": "too big"}}, big_body),
    ("request.json_nesting", {"request.json_nesting": {"max_containers": 2, "status": 400, "message": "deep"}},
     post_items),
    ("validation.float_fields", {"validation.float_fields": {
        "status": 422, "message": "bad %value", "field_message": "%field_name: %details", "accepts": "php-is-numeric",
        "non_finite_refused": True}}, nan_quantity),
    ("inventory.sku_whitespace_rejected", {"inventory.sku_whitespace_rejected": {"rejected": False}}, sku_space),
    ("inventory.source_items_validation", {"inventory.source_items_validation": {
        "whole_batch_rejected": True, "status": 400, "message": "Validation Failed", "empty_message": "Empty!"}},
     empty_batch),
    ("inventory.unknown_sku_accepted", {"inventory.unknown_sku_accepted": False}, unknown_sku),
    ("inventory.source_deduction_floor", {"inventory.source_deduction_floor": {"refused": True, "message": "short"}},
     ship_too_many),
    ("auth.two_factor", {"auth.two_factor": {"blocks_admin_token": True, "message": "2fa!",
                                             "parameters_key": "active_providers", "http_status": 401}},
     admin_token),
    ("auth.integration_bearer", {"auth.integration_bearer": False}, bearer),
    ("auth.oauth1", {"auth.oauth1": {"accepted": False, "implementation": "none"}}, oauth),
    ("auth.admin_token", {**NO_2FA, "auth.admin_token": {"operation": "POST /V1/integration/admin/token",
                                               "lifetime_hours": 8, "answer": "json-string"}}, token_after_5h),
    ("auth.admin_sign_in_error", {"auth.admin_sign_in_error": {"status": 401, "body": {"message": "nope"}}},
     lambda c, a: admin_token(c, a, "wrong")),
    ("auth.acl_error", {"auth.acl_error": {"status": 403, "body": {"message": "denied %resources"}}}, guest_write),
    ("auth.acl.source_items_write", {"auth.acl.source_items_write": "Magento_InventoryApi::source"}, guest_write),
    ("refunds.auto_return", {"refunds.auto_return": True}, refund_shipped_without_list),
    ("refunds.unreturned_unshipped_deducted", {"refunds.unreturned_unshipped_deducted": False}, refund_unreturned),
    ("refunds.concurrent_duplicates", {"refunds.concurrent_duplicates": True}, twin_refunds),
    ("orders.partial_refund_sets_complete", {"orders.partial_refund_sets_complete": True}, partial_refund_state),
    ("errors.malformed_ship_creditmemo_status", {"errors.malformed_ship_creditmemo_status": 400}, malformed_ship),
    ("errors.internal_error", {"errors.internal_error": {"status": 500, "body": {"message": "Boom %1"}}},
     malformed_ship),
    ("ids.numeric_strings", {"ids.numeric_strings": []}, ship_answer),
    ("orders.repository_save_reserves", {"orders.repository_save_reserves": True}, imported),
    ("validation.scalar_coercion", {"validation.scalar_coercion": {"bool": "filter-var", "string": "strict"}},
     cast_name),
    ("request.property_names", {"request.property_names": {"top_level": "declared", "nested": "declared",
                                                           "unknown_top_level": "ignored"}}, spelled),
    ("request.unknown_property", {"request.unknown_property": {"answer": "internal-error"}}, unknown_key),
    ("request.fields_filter", {"request.fields_filter": {"parameter": "only", "characters": "\\w\\[\\],",
                                                         "invalid": [], "empty_list": None}}, trimmed),
    ("url.path_slashes", {"url.path_slashes": False}, trailing_slash),
    ("search.field_aliases", {"search.field_aliases": {"product": {"entity_id": "sku"}}}, by_entity_id),
    ("bulk.route_parameters", {"bulk.route_parameters": {"placeholder": "parameter", "values_from": "url"}},
     by_sku_bulk),
    ("auth.oauth1_signature", {"auth.oauth1_signature": {**SIGNATURE, "methods": ["HMAC-SHA1", "HMAC-SHA256"]}},
     oauth_query("a=1", "HMAC-SHA1")),
    ("auth.oauth1_signature", {"auth.oauth1_signature": {**SIGNATURE, "query_reparsed": "none"}},
     oauth_query("flag&a=1")),
    ("auth.oauth1_signature", {"auth.oauth1_signature": {**SIGNATURE, "query_pairs": "all"}},
     oauth_query("a%5Bb%5D=x+y")),
    ("auth.oauth1_signature", {"auth.oauth1_signature": {**SIGNATURE, "query_reparsed": "none",
                                                        "repeated_names": "all"}}, oauth_query("a=1&a=2")),
    ("auth.oauth1_signature", {"auth.oauth1_signature": {**SIGNATURE, "url": "normalised"}}, oauth_port),
    ("auth.oauth1_signature", {"auth.oauth1_signature": {**SIGNATURE, "header": "rfc5849"}}, oauth_unquoted),
    ("shipments.source_when_unspecified", {"shipments.source_when_unspecified": {"source_code": "north"}},
     ship_unnamed_source),
    ("routing.precedence", {"routing.precedence": {"order": ["method", "exact_path", "literal_over_parameter"],
                                                   "no_route": {"status": 404, "body": {"message": "no"}}}},
     no_route),
]


CASES += OPERATION_FACT_CASES  # the legacy stock, order, store and bulk-read operations (test_magento_operations)
CASES += RECORD_FACT_CASES  # what orders and documents record (test_magento_order_records)


@pytest.mark.parametrize(("fact", "changes", "probe"), CASES, ids=[c[0] for c in CASES])
def test_changing_the_fact_changes_the_answer(fact: str, changes: dict[str, Any], probe: Probe) -> None:
    base = {k: v for k, v in changes.items() if k != fact}
    before, after = observe(base, probe), observe(changes, probe)
    assert before != after, f"the twin gives the same answer whatever {fact} says: {before!r}"


def test_every_fact_the_twin_reads_has_a_row() -> None:
    """Planted by construction: a new Behaviour field without a row here fails this test."""
    import inspect

    from stockgate.twins.magento import behaviour

    source = inspect.getsource(behaviour.Behaviour.from_profile) + inspect.getsource(behaviour._operation_facts)
    import re

    read = set(re.findall(r'v\("([a-z_.]+)"\)', source)) | {"auth.admin_sign_in_error", "errors.internal_error"}
    covered = {c[0] for c in CASES}
    assert read - covered == set()
