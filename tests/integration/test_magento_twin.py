"""The Magento twin over HTTP (in-process): routes, auth, checkout to refund, version facts, faults."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256, Client

from stockgate.twins.faults import ConnectionDropped, FaultRule
from tests.integration.conftest import TOKEN, Checked

pytestmark = pytest.mark.anyio
ADDRESS = {"firstname": "Ada", "lastname": "Lovelace", "street": ["1 Main St"], "city": "Springfield",
           "country_id": "US", "postcode": "12345", "telephone": "5550100", "email": "ada@example.com"}


async def salable(m: Checked, sku: str, stock: int = 2) -> Any:
    r = await m.get(f"/rest/default/V1/inventory/get-product-salable-quantity/{sku}/{stock}", headers=TOKEN)
    assert r.status_code == 200, r.text
    return r.json()


async def place_order(m: Checked, sku: str, qty: float, options: list[dict[str, Any]] | None = None) -> int:
    cart = (await m.post("/rest/default/V1/guest-carts")).json()
    item: dict[str, Any] = {"sku": sku, "qty": qty, "quote_id": cart}
    if options:
        item["product_option"] = {"extension_attributes": {"configurable_item_options": options}}
    r = await m.post(f"/rest/default/V1/guest-carts/{cart}/items", json={"cartItem": item})
    assert r.status_code == 200, r.text
    r = await m.post(f"/rest/default/V1/guest-carts/{cart}/shipping-information", json={"addressInformation": {
        "shipping_address": ADDRESS, "billing_address": ADDRESS, "shipping_carrier_code": "flatrate",
        "shipping_method_code": "flatrate"}})
    assert r.status_code == 200, r.text
    r = await m.post(f"/rest/default/V1/guest-carts/{cart}/payment-information",
                     json={"email": "ada@example.com", "paymentMethod": {"method": "checkmo"}})
    assert r.status_code == 200, r.text
    return int(r.json())


async def source_qty(m: Checked, sku: str, source: str) -> float:
    q = (f"searchCriteria[filter_groups][0][filters][0][field]=sku&searchCriteria[filter_groups][0][filters][0]"
         f"[value]={sku}")
    items = (await m.get(f"/rest/V1/inventory/source-items?{q}", headers=TOKEN)).json()["items"]
    return next(i["quantity"] for i in items if i["source_code"] == source)


@pytest.mark.parametrize("prefix", ["/rest/V1", "/rest/default/V1", "/rest/all/V1", "/pub/rest/default/V1"])
async def test_every_store_prefix_routes(magento: Any, prefix: str) -> None:
    m = magento()
    r = await m.get(f"{prefix}/inventory/get-product-salable-quantity/MUG-BLK/2", headers=TOKEN)
    assert (r.status_code, r.json()) == (200, 28)


async def test_unknown_route_and_store(magento: Any) -> None:
    m = magento()
    r = await m.get("/rest/default/V1/nothing-here", headers=TOKEN)
    assert (r.status_code, r.json()["message"]) == (404, "Request does not match any route.")
    r = await m.delete("/rest/default/V1/inventory/sources", headers=TOKEN)
    assert r.status_code == 404
    r = await m.get("/rest/nostore/V1/inventory/sources", headers=TOKEN)
    assert r.status_code == 404


async def test_web_order_reserves_ships_and_refunds_with_restock(magento: Any) -> None:
    m = magento()
    order_id = await place_order(m, "MUG-BLK", 3)
    assert await salable(m, "MUG-BLK") == 25
    assert (await m.post(f"/rest/V1/order/{order_id}/invoice", headers=TOKEN, json={})).status_code == 200
    r = await m.post(f"/rest/V1/order/{order_id}/ship", headers=TOKEN,
                     json={"items": [{"order_item_id": 1, "qty": 2}],
                           "arguments": {"extension_attributes": {"source_code": "north"}}})
    assert r.status_code == 200
    assert r.json() == "1"  # ids.numeric_strings: the wire sends the id as a string
    assert await source_qty(m, "MUG-BLK", "north") == 6
    assert await salable(m, "MUG-BLK") == 25
    r = await m.post(f"/rest/V1/order/{order_id}/refund", headers=TOKEN, json={
        "items": [{"order_item_id": 1, "qty": 3}],
        "arguments": {"extension_attributes": {"return_to_stock_items": [1]}}})
    assert r.status_code == 200, r.text
    assert await source_qty(m, "MUG-BLK", "north") == 8
    assert await salable(m, "MUG-BLK") == 28
    order = (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    assert (order["state"], order["items"][0]["qty_refunded"]) == ("closed", 3)
    memo = (await m.get("/rest/V1/creditmemo/1", headers=TOKEN)).json()
    assert memo["order_id"] == order_id
    assert sum(r.quantity for r in m.app.twin.inventory.reservations_for(object_id=str(order_id))) == 0


async def test_configurable_child_is_reserved_and_parent_has_no_salable_quantity(magento: Any) -> None:
    m = magento()
    twin = m.app.twin
    options = [{"option_id": "93", "option_value": str(twin.inventory.option_id("color", "Red"))},
               {"option_id": "144", "option_value": str(twin.inventory.option_id("size", "M"))}]
    await place_order(m, "TS", 2, options)
    assert await salable(m, "TS-RED-M") == 7
    r = await m.get("/rest/V1/inventory/get-product-salable-quantity/TS/2", headers=TOKEN)
    assert r.status_code == 400
    assert r.json()["message"] == "Can't check requested quantity for products without Source Items support."
    kids = (await m.get("/rest/V1/configurable-products/TS/children", headers=TOKEN)).json()
    assert [k["sku"] for k in kids] == ["TS-RED-S", "TS-RED-M", "TS-RED-L", "TS-BLU-S", "TS-BLU-M", "TS-BLU-L"]


async def test_oversell_fails_at_the_cart(magento: Any) -> None:
    m = magento()
    cart = (await m.post("/rest/default/V1/guest-carts")).json()
    r = await m.post(f"/rest/default/V1/guest-carts/{cart}/items", json={"cartItem": {"sku": "MUG-WHT", "qty": 16,
                                                                                     "quote_id": cart}})
    assert (r.status_code, r.json()["message"]) == (400, "The requested qty is not available")


async def test_cancel_releases(magento: Any) -> None:
    m = magento()
    order_id = await place_order(m, "CAP-NVY", 4)
    r = await m.post(f"/rest/V1/orders/{order_id}/cancel", headers=TOKEN)
    assert r.json() is True
    assert await salable(m, "CAP-NVY") == 20
    assert (await m.post(f"/rest/V1/orders/{order_id}/cancel", headers=TOKEN)).json() is False


async def test_imported_order_does_not_reserve(magento: Any) -> None:
    m = magento()
    r = await m.post("/rest/V1/orders", headers=TOKEN, json={"entity": {
        "customer_email": "ada@example.com", "items": [{"sku": "SOCK-3PK", "qty_ordered": 5, "price": 9}]}})
    assert r.status_code == 200, r.text
    assert await salable(m, "SOCK-3PK") == 65


async def test_source_items_are_absolute_and_accept_unknown_skus(magento: Any) -> None:
    m = magento()
    r = await m.post("/rest/V1/inventory/source-items", headers=TOKEN, json={"sourceItems": [
        {"sku": "MUG-BLK", "source_code": "central", "quantity": 3, "status": 1},
        {"sku": "NO-SUCH-SKU", "source_code": "central", "quantity": 1, "status": 1}]})
    assert (r.status_code, r.json()) == (200, [])
    assert await salable(m, "MUG-BLK") == 11


@pytest.mark.parametrize(("version", "rejected"), [("2.4.6", False), ("2.4.7", True), ("2.4.9", True)])
async def test_sku_whitespace_fails_the_whole_batch_from_247(magento: Any, version: str, rejected: bool) -> None:
    m = magento(version)
    r = await m.post("/rest/V1/inventory/source-items", headers=TOKEN, json={"sourceItems": [
        {"sku": "MUG-BLK", "source_code": "central", "quantity": 1, "status": 1},
        {"sku": "MUG-WHT ", "source_code": "central", "quantity": 1, "status": 1}]})
    if rejected:
        assert r.status_code == 400
        assert r.json()["message"] == "Validation Failed"
        assert await source_qty(m, "MUG-BLK", "central") == 20  # nothing written
    else:
        assert r.status_code == 200
        assert await source_qty(m, "MUG-BLK", "central") == 1


@pytest.mark.parametrize("profile", ["integration-bearer-on", "input-limits-on"])
async def test_input_limits_only_when_on(magento: Any, profile: str) -> None:
    m = magento("2.4.8", profile)
    if profile == "input-limits-on":
        m.app.twin.auth.behaviour = m.app.twin.behaviour  # same object; bearer comes from the token below
    items = [{"sku": f"X-{i}", "source_code": "central", "quantity": 1, "status": 1} for i in range(21)]
    headers = TOKEN if profile == "integration-bearer-on" else await admin(m)
    r = await m.post("/rest/V1/inventory/source-items", headers=headers, json={"sourceItems": items})
    page = await m.get("/rest/V1/inventory/source-items?searchCriteria[pageSize]=301", headers=headers)
    default = await m.get("/rest/V1/inventory/source-items?searchCriteria=", headers=headers)
    if profile == "input-limits-on":
        assert r.status_code == 400
        assert r.json() == {"message": "Maximum items of type \"%type\" is %max", "parameters": {
            "type": "\\Magento\\InventoryApi\\Api\\Data\\SourceItemInterface", "max": 20}}
        assert page.status_code == 400
        assert len(default.json()["items"]) == 20
    else:
        assert r.status_code == 200
        assert page.status_code == 200
        assert len(default.json()["items"]) == default.json()["total_count"] > 20


async def admin(m: Checked) -> dict[str, str]:
    m.app.twin.behaviour = m.app.twin.auth.behaviour = _no_2fa(m)
    r = await m.post("/rest/V1/integration/admin/token", json={"username": "admin", "password": "stockgate-demo1"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()}"}


def _no_2fa(m: Checked) -> Any:
    import dataclasses

    b = m.app.twin.behaviour
    return dataclasses.replace(b, two_factor={**b.two_factor, "blocks_admin_token": False})


async def test_admin_token_refused_under_2fa_and_issued_without(magento: Any) -> None:
    m = magento("2.4.8", "default")
    creds = {"username": "admin", "password": "stockgate-demo1"}
    r = await m.post("/rest/V1/integration/admin/token", json=creds)
    assert r.status_code == 501 and "auth.two_factor" in r.json()["message"]
    off = magento("2.4.8", "two-factor-off")
    r = await off.post("/rest/V1/integration/admin/token", json=creds)
    assert r.status_code == 200 and len(r.json()) == 32
    bad = await off.post("/rest/V1/integration/admin/token", json={**creds, "password": "nope"})
    assert bad.status_code == 401
    token = {"Authorization": f"Bearer {r.json()}"}
    assert (await off.get("/rest/V1/inventory/sources", headers=token)).status_code == 200
    off.app.twin.clock.advance(4 * 3600)  # auth.admin_token lifetime_hours
    assert (await off.get("/rest/V1/inventory/sources", headers=token)).status_code == 401


async def test_integration_bearer_follows_the_profile(magento: Any) -> None:
    assert (await magento("2.4.8", "default").get("/rest/V1/inventory/sources", headers=TOKEN)).status_code == 401
    assert (await magento("2.4.8").get("/rest/V1/inventory/sources", headers=TOKEN)).status_code == 200


def _oauth(url: str, method: str = "GET", secret: str = "stockgate-demo-token-secret", **fixed: str) -> dict[str, str]:
    client = Client("stockgate-demo-consumer-key", client_secret="stockgate-demo-consumer-secret",
                    resource_owner_key="stockgate-demo-token", resource_owner_secret=secret,
                    signature_method=SIGNATURE_HMAC_SHA256, **fixed)
    _uri, headers, _body = client.sign(url, http_method=method)
    return dict(headers)


async def test_oauth1_signed_by_oauthlib_is_verified(magento: Any) -> None:
    m = magento("2.4.8", "default")
    url = "http://magento.test/rest/default/V1/inventory/source-items?searchCriteria%5BpageSize%5D=2"
    headers = _oauth(url)
    assert (await m.get(url, headers=headers)).status_code == 200
    assert (await m.get(url, headers=headers)).status_code == 401  # the nonce is single-use
    wrong = await m.get(url, headers=_oauth(url, secret="wrong"))
    assert (wrong.status_code, wrong.json()["message"]) == (401, "The signature is invalid. Verify and try again.")


async def test_oauth1_nonces_expire_after_magentos_cleanup_period(magento: Any) -> None:
    """auth.oauth1_nonces: one nonce per consumer (whatever its timestamp), deleted 120 minutes on."""
    m = magento("2.4.8", "default")
    clock, url = m.app.twin.clock, "http://magento.test/rest/default/V1/inventory/sources"
    assert (await m.get(url, headers=_oauth(url, nonce="n1", timestamp="1767603600"))).status_code == 200
    replay = await m.get(url, headers=_oauth(url, nonce="n1", timestamp="1767603601"))
    assert (replay.status_code, replay.json()) == (401, {
        "message": "The nonce is already being used by the consumer with ID %1", "parameters": [1]})
    clock.advance(120 * 60 - 1)
    assert (await m.get(url, headers=_oauth(url, nonce="n1", timestamp="1767610799"))).status_code == 401
    clock.advance(1)
    assert (await m.get(url, headers=_oauth(url, nonce="n1", timestamp="1767610800"))).status_code == 200


async def test_oauth1_nonces_held_stay_bounded_by_the_period(magento: Any) -> None:
    """Memory, not time: a day of signed requests, one a minute, holds two hours of nonces."""
    m = magento("2.4.8", "default")
    url = "http://magento.test/rest/default/V1/inventory/sources"
    for n in range(24 * 60):
        assert (await m.get(url, headers=_oauth(url, nonce=f"n{n}"))).status_code == 200
        m.app.twin.clock.advance(60)
    assert len(m.app.twin.auth.nonces) == 120


@pytest.mark.parametrize(("version", "status"), [("2.4.8", 500), ("2.4.9", 400)])
async def test_malformed_ship_body_status_by_version(magento: Any, version: str, status: int) -> None:
    m = magento(version)
    order_id = await place_order(m, "MUG-BLK", 1)
    # magento/magento2#35931's body: a list given as a string reaches ShipOrder as null (a TypeError before 2.4.9)
    r = await m.post(f"/rest/V1/order/{order_id}/ship", headers=TOKEN, json={"items": "[]"})
    assert r.status_code == status


async def test_bulk_source_items_run_when_the_consumer_does(magento: Any) -> None:
    m = magento()
    r = await m.post("/rest/default/async/bulk/V1/inventory/source-items", headers=TOKEN, json=[
        {"sourceItems": [{"sku": "MUG-BLK", "source_code": "central", "quantity": 1, "status": 1}]}])
    assert r.status_code == 202
    bulk = r.json()["bulk_uuid"]
    status = (await m.get(f"/rest/V1/bulk/{bulk}/status", headers=TOKEN)).json()
    assert status["operations_list"][0]["status"] == 4
    m.app.twin.clock.advance(60)
    status = (await m.get(f"/rest/V1/bulk/{bulk}/status", headers=TOKEN)).json()
    assert status["operations_list"][0]["status"] == 1
    assert await source_qty(m, "MUG-BLK", "central") == 1


async def test_faults_429_5xx_latency_reset(magento: Any) -> None:
    m = magento()
    twin = m.app.twin
    twin.faults.add(FaultRule(kind="http-429", path="/V1/inventory/*", params={"retry_after": 5}))
    twin.faults.add(FaultRule(kind="http-5xx", path="/V1/products/*", params={"status": 502}))
    twin.faults.add(FaultRule(kind="latency", path="/V1/inventory/sources", params={"seconds": 30}))
    r = await m.get("/rest/V1/inventory/get-product-salable-quantity/MUG-BLK/2", headers=TOKEN)
    assert (r.status_code, r.headers["retry-after"]) == (429, "5")
    assert (await m.get("/rest/V1/products/MUG-BLK", headers=TOKEN)).status_code == 502
    assert (await m.get("/rest/V1/products/MUG-BLK", headers=TOKEN)).status_code == 200
    before = twin.clock.elapsed
    assert (await m.get("/rest/V1/inventory/sources", headers=TOKEN)).status_code == 200
    assert twin.clock.elapsed == before + 30
    twin.faults.add(FaultRule(kind="connection-reset", path="/V1/orders/*"))
    with pytest.raises(httpx.RemoteProtocolError):
        await m.get("/rest/V1/orders/1", headers=TOKEN)


async def test_lost_response_commits_the_write(magento: Any) -> None:
    m = magento()
    order_id = await place_order(m, "MUG-BLK", 2)
    await m.post(f"/rest/V1/order/{order_id}/invoice", headers=TOKEN, json={})
    m.app.twin.faults.add(FaultRule(kind="lost-response", method="POST", path="/V1/order/*/refund"))
    with pytest.raises(ConnectionDropped):
        await m.post(f"/rest/V1/order/{order_id}/refund", headers=TOKEN,
                     json={"items": [{"order_item_id": 1, "qty": 1}]})
    assert len(m.app.twin.sales.documents["creditmemo"]) == 1  # committed although the client saw a failure
    entry = list(m.app.twin.journal)[-1]
    assert (entry.fault, entry.status, entry.operation) == ("lost-response", None, "POST /V1/order/{orderId}/refund")
    assert all("authorization" not in dict(e.request_headers) for e in m.app.twin.journal)


async def test_guest_cannot_read_inventory(magento: Any) -> None:
    m = magento()
    r = await m.get("/rest/V1/inventory/source-items?searchCriteria=")
    assert r.status_code == 401
    assert r.json()["parameters"] == {"resources": "Magento_InventoryApi::source"}


async def test_answers_are_fast_enough_to_be_useful(magento: Any) -> None:
    """Not a speed target (that lives in `nox -s bench`): a sanity check that nothing is quadratic."""
    m = magento()
    start = time.perf_counter()
    for _ in range(50):
        await m.get("/rest/V1/inventory/get-product-salable-quantity/MUG-BLK/2", headers=TOKEN)
    assert time.perf_counter() - start < 30


async def test_products_are_created_and_repriced(magento: Any) -> None:
    m = magento()
    r = await m.post("/rest/V1/products", headers=TOKEN, json={"product": {
        "sku": "NEW-1", "name": "New thing", "price": 10, "type_id": "simple", "attribute_set_id": 4}})
    assert (r.status_code, r.json()["id"]) == (200, 13)
    r = await m.put("/rest/V1/products/NEW-1", headers=TOKEN, json={"product": {"price": 12.5}})
    assert (r.json()["price"], r.json()["name"]) == (12.5, "New thing")
    r = await m.post("/rest/V1/products", headers=TOKEN, json={"product": {"sku": "NEW-2"}})
    assert r.status_code == 400
    q = ("searchCriteria[filter_groups][0][filters][0][field]=price"
         "&searchCriteria[filter_groups][0][filters][0][value]=12")
    found = (await m.get(f"/rest/V1/products?{q}&searchCriteria[filter_groups][0][filters][0][condition_type]=gt",
                         headers=TOKEN)).json()
    kids = ["TS-RED-S", "TS-RED-M", "TS-RED-L", "TS-BLU-S", "TS-BLU-M", "TS-BLU-L"]
    assert [p["sku"] for p in found["items"]] == ["CAP-NVY", "BOTTLE-1L", *kids, "TS", "NEW-1"]


async def test_a_refund_comment_is_kept_with_the_credit_memo_and_served_in_lists(magento: Any) -> None:
    """CreditmemoDocumentFactory::attachComment saves it; Creditmemo::getComments serves it (lists too)."""
    m = magento()
    order_id = await place_order(m, "MUG-BLK", 2)
    assert (await m.post(f"/rest/V1/order/{order_id}/invoice", headers=TOKEN, json={})).status_code == 200
    r = await m.post(f"/rest/V1/order/{order_id}/refund", headers=TOKEN, json={
        "items": [{"order_item_id": 1, "qty": 1}], "comment": {"comment": "POS return r-1", "is_visible_on_front": 0}})
    assert r.status_code == 200, r.text
    q = ("searchCriteria[filter_groups][0][filters][0][field]=order_id&"
         f"searchCriteria[filter_groups][0][filters][0][value]={order_id}")
    listed = (await m.get(f"/rest/V1/creditmemos?{q}", headers=TOKEN)).json()["items"]
    assert [c["comment"] for c in listed[0]["comments"]] == ["POS return r-1"]
    one = (await m.get(f"/rest/V1/creditmemo/{r.json()}", headers=TOKEN)).json()
    assert one["comments"][0]["parent_id"] == int(r.json()) and one["comments"][0]["is_visible_on_front"] == 0


async def test_a_served_twin_keeps_a_bounded_journal_and_counts_the_rest() -> None:
    """Memory, not time: thousands of writes leave at most DEFAULT_KEEP entries, without bodies, and counts."""
    from stockgate.twins.journal import DEFAULT_KEEP
    from stockgate.twins.registry import twin_for

    app = twin_for("magento").factory("2.4.8", "integration-bearer-on", seed="demo")  # as `twin serve` builds it
    body = {"sourceItems": [{"sku": "MUG-BLK", "source_code": "central", "quantity": 5, "status": 1}],
            "padding": "x" * 4000}  # a top-level key that names no parameter is ignored (request.property_names)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://magento.test") as m:
        for n in range(3 * DEFAULT_KEEP):
            r = await m.post("/rest/V1/inventory/source-items", headers=TOKEN, json=body) if n % 3 else \
                await m.get("/rest/V1/nothing-here", headers=TOKEN)
            assert r.status_code == (200 if n % 3 else 404)
    journal = app.twin.journal
    assert (len(journal), journal.total, journal.dropped) == (DEFAULT_KEEP, 3 * DEFAULT_KEEP, 2 * DEFAULT_KEEP)
    assert journal.by_operation == {"POST /V1/inventory/source-items": 2 * DEFAULT_KEEP, "unrouted": DEFAULT_KEEP}
    assert journal.by_status == {200: 2 * DEFAULT_KEEP, 404: DEFAULT_KEEP}
    assert all(e.request_body is None and e.response_body is None for e in journal)


async def test_a_body_over_the_web_servers_limit_is_refused_before_auth_and_not_kept() -> None:
    """request.body_limit: nginx's 1 MiB default in front of Magento answers 413 with its own page."""
    from stockgate.twins.journal import Journal
    from stockgate.twins.magento import create_app

    app = create_app("2.4.8", journal=Journal.full())
    url, json_type = "/rest/V1/inventory/source-items", {"content-type": "application/json"}
    at_limit = b'{"pad": "' + b"x" * (1024 * 1024 - 11) + b'"}'
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://magento.test") as m:
        refused = await m.post(url, content=at_limit + b" ", headers=json_type)  # no credentials at all
        assert (refused.status_code, refused.headers["content-type"]) == (413, "text/html")
        assert "<title>413 Request Entity Too Large</title>" in refused.text
        assert (await m.post(url, content=at_limit, headers=json_type)).status_code == 401  # read, then ACL
    entry = next(iter(app.twin.journal))
    assert (entry.status, entry.operation, entry.request_body, entry.response_body) == (413, None, None, None)


async def test_json_nested_past_phps_depth_is_a_decoding_error_even_when_journaled() -> None:
    """request.json_nesting: json_decode's default depth 512 takes 511 nested arrays or objects."""
    from stockgate.twins.journal import Journal
    from stockgate.twins.magento import create_app

    app = create_app("2.4.8", "integration-bearer-on", journal=Journal.full())
    url, headers = "/rest/V1/inventory/source-items", {**TOKEN, "content-type": "application/json"}
    def nested(depth: int) -> bytes:  # an object holding depth - 1 arrays
        return b'{"x": ' + b"[" * (depth - 1) + b"]" * (depth - 1) + b"}"

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://magento.test") as m:
        for depth in (100_000, 512):
            r = await m.post(url, content=nested(depth), headers=headers)
            assert (r.status_code, r.json()) == (400, {"message": "Decoding error."}), depth
        r = await m.post(url, content=nested(511), headers=headers)  # decoded: an object without sourceItems
        assert (r.status_code, r.json()["parameters"]) == (400, {"fieldName": "sourceItems"})
    assert [e.status for e in app.twin.journal] == [400, 400, 400]


TYPE_ERROR = 'The "{0}" value\'s type is invalid. The "float" type was expected. Verify and try again.'


@pytest.mark.parametrize(("quantity", "shown"), [('"NaN"', "NaN"), ('"Infinity"', "Infinity"), ('"-inf"', "-inf"),
                                                 ('"1e309"', "1e309"), ("1e309", "INF"), ('"abc"', "abc")])
async def test_a_quantity_that_is_not_a_finite_number_is_magentos_type_error(magento: Any, quantity: str,
                                                                              shown: str) -> None:
    """validation.float_fields: what PHP's is_numeric refuses (and what would become INF) is a 400."""
    m = magento()
    body = f'{{"sourceItems": [{{"sku": "MUG-BLK", "source_code": "central", "quantity": {quantity}, "status": 1}}]}}'
    r = await m.post("/rest/V1/inventory/source-items", content=body.encode(),
                     headers={**TOKEN, "content-type": "application/json"})
    assert (r.status_code, r.json()) == (400, {
        "message": f'Error occurred during "quantity" processing. {TYPE_ERROR.format(shown)}'})
    assert await source_qty(m, "MUG-BLK", "central") == 20


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
async def test_a_bare_nan_token_is_a_decoding_error(magento: Any, token: str) -> None:
    m = magento()
    body = f'{{"sourceItems": [{{"sku": "MUG-BLK", "source_code": "central", "quantity": {token}, "status": 1}}]}}'
    r = await m.post("/rest/V1/inventory/source-items", content=body.encode(),
                     headers={**TOKEN, "content-type": "application/json"})
    assert (r.status_code, r.json()) == (400, {"message": "Decoding error."})


async def test_no_float_field_takes_nan_and_nothing_serves_it(magento: Any) -> None:
    m = magento()
    cart = (await m.post("/rest/default/V1/guest-carts")).json()
    r = await m.post(f"/rest/default/V1/guest-carts/{cart}/items",
                     json={"cartItem": {"sku": "MUG-BLK", "qty": "NaN", "quote_id": cart}})
    assert (r.status_code, r.json()["message"]) == (400, f'Error occurred during "qty" processing. '
                                                         f"{TYPE_ERROR.format('NaN')}")
    r = await m.get("/rest/V1/inventory/is-product-salable-for-requested-qty/MUG-BLK/2/Infinity", headers=TOKEN)
    assert (r.status_code, r.json()) == (400, {"message": TYPE_ERROR.format("Infinity")})
    r = await m.put("/rest/V1/products/MUG-BLK", headers=TOKEN, json={"product": {"price": "NaN"}})
    assert (r.status_code, r.json()["message"]) == (400, f'Error occurred during "price" processing. '
                                                         f"{TYPE_ERROR.format('NaN')}")
    r = await m.post("/rest/V1/orders", headers=TOKEN, json={"entity": {"items": [
        {"sku": "MUG-BLK", "qty_ordered": "1e309", "price": 12}]}})
    nested = f'Error occurred during "qty_ordered" processing. {TYPE_ERROR.format("1e309")}'
    assert (r.status_code, r.json()["message"]) == (400, f'Error occurred during "items" processing. {nested}')
    for path in ("/rest/V1/products/MUG-BLK", "/rest/V1/inventory/get-product-salable-quantity/MUG-BLK/2"):
        text = (await m.get(path, headers=TOKEN)).text
        assert "NaN" not in text and "Infinity" not in text


@pytest.mark.parametrize("version", ["2.4.8", "2.4.9"])
async def test_a_nan_ship_quantity_is_refused_before_the_service_runs(magento: Any, version: str) -> None:
    """The type processing reads the body before ShipOrder does: a 400 on every version (not a malformed 500)."""
    m = magento(version)
    order_id = await place_order(m, "MUG-BLK", 1)
    r = await m.post(f"/rest/V1/order/{order_id}/ship", headers=TOKEN,
                     json={"items": [{"order_item_id": 1, "qty": "NaN"}]})
    assert (r.status_code, r.json()) == (400, {"message": f'Error occurred during "qty" processing. '
                                                          f'{TYPE_ERROR.format("NaN")}'})
    assert m.app.twin.sales.documents["shipment"] == {}
