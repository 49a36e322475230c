"""The Lightspeed twin over HTTP (in-process): limiter, cursors, versions, sales, returns, consignments."""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest

from stockgate.twins.faults import FaultRule
from tests.twin_ids import lightspeed_ids

pytestmark = pytest.mark.anyio
REGISTER = {"Authorization": "Bearer stockgate-register-token"}


def ids(ls: Any) -> dict[str, Any]:
    return lightspeed_ids(ls.app)


def level(ls: Any, code: str, outlet: str) -> float:
    i = ids(ls)
    return ls.app.twin.store.level(i["product"][code], i["outlet"][outlet])


async def test_351st_request_in_a_window_is_refused_until_the_window_ends(lightspeed: Any) -> None:
    ls = lightspeed()
    clock = ls.app.twin.clock
    start = clock.now()
    for n in range(350):
        r = await ls.get("/api/2.0/outlets")
        assert r.headers["x-ratelimit-limit"] == "350"
        assert r.headers["x-ratelimit-remaining"] == str(349 - n)
        clock.advance(0.5)
    refused = await ls.get("/api/2.0/outlets")
    assert refused.status_code == 429
    assert refused.json() == {"error": "Too Many Requests", "message": "Rate limiting enforced"}
    assert parsedate_to_datetime(refused.headers["retry-after"]) == start + dt.timedelta(seconds=300)
    assert refused.headers["x-ratelimit-remaining"] == "0"
    assert (await ls.get("/api/2.0/outlets", headers=REGISTER)).status_code == 200  # the users bucket is separate
    clock.advance(300 - 0.5 * 350)
    assert (await ls.get("/api/2.0/outlets")).status_code == 200


async def test_the_limit_scales_with_registers(lightspeed: Any) -> None:
    ls = lightspeed("2026-07", "registers-3")
    r = await ls.get("/api/2026-07/outlets")
    assert (r.headers["x-ratelimit-limit"], r.headers["x-ratelimit-remaining"]) == ("950", "949")


async def test_unknown_token_and_unknown_version(lightspeed: Any) -> None:
    ls = lightspeed()
    r = await ls.get("/api/2.0/outlets", headers={"Authorization": "Bearer nope"})
    assert (r.status_code, r.json()) == (401, {"error": "Access token is not valid"})
    assert (await ls.get("/api/2026-10/outlets")).status_code == 404  # not released yet at 2026-07


async def test_cursor_walk_visits_every_row_once(lightspeed: Any, tmp_path: Path) -> None:
    seed = tmp_path / "big.yaml"
    seed.write_text("seed_format: 1\nname: big\noutlets:\n  - {key: a, name: A, registers: [R1]}\n"
                    "  - {key: b, name: B}\ntokens:\n  - {token: stockgate-demo-token, user: x, bucket: application}\n"
                    "generated: {count: 5000, stock: {a: 1, b: 2}}\n")
    ls = lightspeed("2026-07", "registers-100", seed=str(seed))
    seen: list[str] = []
    after = 0
    while True:
        page = (await ls.get(f"/api/2.0/inventory?after={after}&page_size=997")).json()
        if not page["data"]:
            break
        seen += [row["id"] for row in page["data"]]
        assert page["version"]["min"] > 2**31
        after = page["version"]["max"]
    assert len(seen) == len(set(seen)) == 10_000


async def test_2026_04_inventory_is_a_post_with_a_flat_array_and_no_negative_levels(lightspeed: Any) -> None:
    ls = lightspeed()
    i = ids(ls)
    ls.app.twin.store.set_level(i["product"]["MUG-WHT"], i["outlet"]["north"], -3)
    rows = (await ls.post("/api/2026-07/inventory", json={"size": 5000})).json()
    row = next(r for r in rows if r["product_id"] == i["product"]["MUG-WHT"] and r["outlet_id"] == i["outlet"]["north"])
    assert (row["current_inventory_level"], row["quantity_to_procure"]) == (0, 3)
    legacy = (await ls.get(f"/api/2.0/products/{i['product']['MUG-WHT']}/inventory")).json()["data"]
    assert next(r for r in legacy if r["outlet_id"] == i["outlet"]["north"])["inventory_level"] == -3
    assert (await ls.get("/api/2026-07/inventory")).status_code == 404
    assert (await ls.get("/api/2026-01/inventory?page_size=1")).status_code == 200
    assert (await ls.post("/api/2026-07/inventory", json={"size": 5001})).status_code == 422


async def test_retired_version_is_served_by_the_oldest_supported_one(lightspeed: Any) -> None:
    ls = lightspeed("2026-10", as_of=dt.date(2027, 2, 15))
    assert ls.app.twin.release.retired == {"2026-01": "2026-04"}
    r = await ls.get("/api/2026-01/inventory")  # 2026-01 had GET /inventory; 2026-04 answers now and has none
    assert r.status_code == 404
    assert (await ls.post("/api/2026-01/inventory", json={"size": 1})).status_code == 200


async def _sale(ls: Any, code: str, qty: float, status: str = "CLOSED", outlet: str = "central") -> dict[str, Any]:
    i = ids(ls)
    r = await ls.post("/api/register_sales", json={"register_id": i["register"][outlet], "user_id": i["user"],
                                                   "status": status, "register_sale_products": [
                                                       {"product_id": i["product"][code], "quantity": qty,
                                                        "price": 12, "tax": 0}]})
    assert r.status_code == 200, r.text
    return r.json()["register_sale"]


async def test_closing_decrements_voiding_restores_parked_does_nothing(lightspeed: Any) -> None:
    ls = lightspeed()
    parked = await _sale(ls, "MUG-BLK", 2, "SAVED")
    assert level(ls, "MUG-BLK", "central") == 20
    await ls.post("/api/register_sales", json={"id": parked["id"], "user_id": parked["user_id"], "status": "CLOSED"})
    assert level(ls, "MUG-BLK", "central") == 18
    await ls.post("/api/register_sales", json={"id": parked["id"], "user_id": parked["user_id"], "status": "VOIDED"})
    assert level(ls, "MUG-BLK", "central") == 20
    r = await ls.post("/api/register_sales", json={"register_id": ids(ls)["register"]["central"],
                                                   "user_id": parked["user_id"], "status": "LAYBY"})
    assert r.status_code == 501 and "sales.inventory_effect" in r.json()["error"]


async def test_date_version_sales_use_state_and_attributes(lightspeed: Any) -> None:
    ls = lightspeed()
    i = ids(ls)
    body = {"state": "closed", "source": {"author_id": i["user"], "register_id": i["register"]["north"]},
            "line_items": [{"product": {"id": i["product"]["TS-RED-S"]}, "quantity": 1,
                            "pricing": {"price": 25}, "tax": {"id": "", "amount": 0}}]}
    r = await ls.post("/api/2026-07/sales", json=body)
    assert r.status_code == 200, r.text
    sale = r.json()["data"]
    assert sale["state"] == "closed" and sale["source"]["outlet_id"] == i["outlet"]["north"]
    assert level(ls, "TS-RED-S", "north") == 2
    legacy = (await ls.get(f"/api/2.0/sales/{sale['id']}")).json()["data"]
    assert legacy["status"] == "CLOSED"


async def test_return_2_0_is_a_parked_sale_that_restocks_when_closed(lightspeed: Any) -> None:
    ls = lightspeed()
    sold = await _sale(ls, "CAP-NVY", 3)
    assert level(ls, "CAP-NVY", "central") == 7
    assert (await ls.post(f"/api/2.0/sales/{sold['id']}/actions/return")).status_code == 404  # 2.0 uses PUT
    r = await ls.put(f"/api/2.0/sales/{sold['id']}/actions/return")
    ret = r.json()["data"]
    assert (ret["status"], ret["return_for"]) == ("SAVED", sold["id"])
    assert [(line["quantity"], line["is_return"]) for line in ret["line_items"]] == [(-3, True)]
    assert (await ls.get(f"/api/2.0/sales/{ret['id']}")).status_code == 404  # 2.0 GET by id: completed sales only
    await ls.post("/api/register_sales", json={"id": ret["id"], "user_id": ret["user_id"], "status": "CLOSED"})
    assert level(ls, "CAP-NVY", "central") == 10


async def test_2026_07_voids_other_parked_returns_and_rejects_mixing(lightspeed: Any) -> None:
    ls = lightspeed()
    sold = await _sale(ls, "SOCK-3PK", 2)
    first = (await ls.post(f"/api/2026-07/sales/{sold['id']}/actions/return")).json()["data"]
    second = (await ls.post(f"/api/2026-07/sales/{sold['id']}/actions/return")).json()["data"]
    assert ls.app.twin.sales.get(first["id"]).status == "VOIDED"
    assert second["return_for"] == sold["id"]
    i = ids(ls)
    mixed = {"state": "closed", "source": {"author_id": i["user"], "register_id": i["register"]["central"]},
             "line_items": [{"product": {"id": i["product"]["MUG-BLK"]}, "quantity": -1, "pricing": {"price": 12},
                             "tax": {"id": "", "amount": 0}}]}
    r = await ls.put(f"/api/2026-07/sales/{second['id']}", json=mixed)
    assert r.status_code == 422
    assert r.json()["error"] == "Referenced and unreferenced returns cannot be mixed in one sale"
    older = lightspeed("2026-04")
    sold = await _sale(older, "SOCK-3PK", 2)
    a = (await older.post(f"/api/2026-04/sales/{sold['id']}/actions/return")).json()["data"]
    await older.post(f"/api/2026-04/sales/{sold['id']}/actions/return")
    assert older.app.twin.sales.get(a["id"]).status == "SAVED"


async def test_consignments_move_stock(lightspeed: Any) -> None:
    ls = lightspeed()
    i = ids(ls)
    mug = i["product"]["MUG-BLK"]
    order = (await ls.post("/api/2.0/consignments", json={"name": "PO-1", "type": "SUPPLIER",
                                                          "outlet_id": i["outlet"]["north"]})).json()["data"]
    await ls.post(f"/api/2.0/consignments/{order['id']}/products", json={"product_id": mug, "count": 5})
    assert (await ls.put(f"/api/2.0/consignments/{order['id']}", json={"status": "RECEIVED"})).status_code == 422
    await ls.post(f"/api/2.0/consignments/{order['id']}/bulk", json=[{"product_id": mug, "received": 5}])
    assert ls.app.twin.consignments.get(order["id"]).status == "DISPATCHED"
    await ls.put(f"/api/2.0/consignments/{order['id']}", json={"status": "RECEIVED"})
    assert level(ls, "MUG-BLK", "north") == 13
    move = (await ls.post("/api/2.0/consignments", json={
        "name": "T-1", "type": "OUTLET", "outlet_id": i["outlet"]["north"],
        "source_outlet_id": i["outlet"]["central"]})).json()["data"]
    await ls.post(f"/api/2.0/consignments/{move['id']}/products", json={"product_id": mug, "count": 4})
    await ls.put(f"/api/2.0/consignments/{move['id']}", json={"status": "SENT"})
    assert (level(ls, "MUG-BLK", "central"), level(ls, "MUG-BLK", "north")) == (16, 13)
    await ls.put(f"/api/2.0/consignments/{move['id']}", json={"status": "RECEIVED"})
    assert level(ls, "MUG-BLK", "north") == 17
    listed = (await ls.get("/api/2.0/consignments?type=OUTLET")).json()
    assert [c["id"] for c in listed["data"]] == [move["id"]]


async def test_an_unfiltered_stocktake_completed_unchanged_resets_the_outlet(lightspeed: Any) -> None:
    ls = lightspeed()
    i = ids(ls)
    count = (await ls.post("/api/2.0/consignments", json={"name": "Count", "type": "STOCKTAKE",
                                                          "outlet_id": i["outlet"]["north"]})).json()["data"]
    await ls.put(f"/api/2.0/consignments/{count['id']}", json={"status": "STOCKTAKE_IN_PROGRESS"})
    await ls.put(f"/api/2.0/consignments/{count['id']}", json={"status": "STOCKTAKE_COMPLETE"})
    assert level(ls, "MUG-BLK", "north") == 0 and level(ls, "TS-BLU-S", "north") == 0
    assert level(ls, "MUG-BLK", "central") == 20


async def test_products_sku_sequence_variants_and_2026_10_codes(lightspeed: Any) -> None:
    ls = lightspeed()
    made = (await ls.post("/api/2.0/products", json={"name": "Tote", "price_excluding_tax": 15})).json()["data"]
    tote = (await ls.get(f"/api/2.0/products/{made[0]}")).json()["data"]
    assert tote["sku"].isdigit()
    family = (await ls.get(f"/api/2.0/products/{ids(ls)['product']['TS']}")).json()["data"]
    assert family["has_variants"] and family["variant_count"] == 6
    newer = lightspeed("2026-10")
    refused = await newer.post("/api/2026-10/products", json={"name": "Tote", "price_excluding_tax": 15})
    assert refused.status_code == 422 and "generate_product_codes" in refused.json()["error"]
    codes = (await newer.post("/api/2026-10/products/generate_product_codes",
                              json={"codes": [{"count": 2}]})).json()["data"][0]["codes"]
    ok = await newer.post("/api/2026-10/products", json={"name": "Tote", "sku": codes[0],
                                                         "product_codes": [{"type": "CUSTOM", "code": codes[0]}]})
    assert ok.status_code == 200
    assert "family_id" in (await newer.get(f"/api/2026-10/products/{ok.json()['data'][0]}")).json()["data"]


async def test_2_1_product_update_sets_absolute_inventory(lightspeed: Any) -> None:
    ls = lightspeed()
    i = ids(ls)
    r = await ls.put(f"/api/2.1/products/{i['product']['MUG-BLK']}",
                     json={"details": {"inventory": [{"outlet_id": i["outlet"]["north"], "current_amount": 21}]}})
    assert r.status_code == 200
    assert level(ls, "MUG-BLK", "north") == 21


async def test_sunset_0_9_products_answer_410(lightspeed: Any) -> None:
    ls = lightspeed()
    assert (await ls.get("/api/products")).status_code == 410
    assert (await ls.post("/api/products", json={})).status_code == 410


async def test_search_pages_by_offset_up_to_1000(lightspeed: Any) -> None:
    ls = lightspeed()
    for _ in range(3):
        await _sale(ls, "MUG-BLK", 1)
    page = (await ls.get("/api/2.0/search?type=sales&offset=1&page_size=5")).json()["data"]
    assert len(page) == 2
    # "Specifying more than 1000 will result in 1000 objects being returned" (pagination.search over_max)
    assert len((await ls.get("/api/2.0/search?type=sales&page_size=1001")).json()["data"]) == 3


async def test_older_429_shapes_are_fault_kinds(lightspeed: Any) -> None:
    ls = lightspeed()
    twin = ls.app.twin
    twin.faults.add(FaultRule(kind="http-429", path="/outlets", params={"retry_after_format": "body-timestamp"}))
    twin.faults.add(FaultRule(kind="http-429", path="/registers", params={"retry_after_format": "missing"}))
    r = await ls.get("/api/2.0/outlets")
    assert r.status_code == 429 and "retry-after" in r.json() and "retry-after" not in r.headers
    r = await ls.get("/api/2.0/registers")
    assert r.status_code == 429 and "retry-after" not in r.headers and "retry-after" not in r.json()


async def test_webhooks_are_form_encoded_signed_retried_and_faultable(lightspeed: Any) -> None:
    import hashlib
    import hmac
    import json
    from urllib.parse import parse_qs

    import httpx

    received: list[httpx.Request] = []
    answers = iter([500, 200, 200, 200, 200, 200])

    def subscriber(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(next(answers))

    ls = lightspeed()
    twin = ls.app.twin
    r = await ls.post("/api/2026-07/webhooks", json={"url": "https://hooks.example/inv", "type": "inventory.update",
                                                     "active": True})
    assert r.status_code == 201
    dup = await ls.post("/api/2026-07/webhooks", json={"url": "https://hooks.example/inv", "type": "inventory.update",
                                                       "active": True})
    assert dup.status_code == 409
    await _sale(ls, "MUG-BLK", 1)
    transport = httpx.MockTransport(subscriber)
    assert await twin.webhooks.deliver(transport) == 1  # the subscriber answers 500: retried later
    assert await twin.webhooks.deliver(transport) == 0
    twin.clock.advance(60)
    assert await twin.webhooks.deliver(transport) == 1
    request = received[-1]
    assert request.headers["content-type"].startswith("application/x-www-form-urlencoded")
    body = request.content
    payload = json.loads(parse_qs(body.decode())["payload"][0])
    assert payload["product_id"] == ids(ls)["product"]["MUG-BLK"] and payload["count"] == 19
    expected = hmac.new(b"stockgate-demo-client-secret", body, hashlib.sha256).hexdigest()
    assert request.headers["x-signature"] == f"signature={expected},algorithm=HMAC-SHA256"
    twin.webhooks.faults.add(FaultRule(kind="webhook-duplicate", path="inventory.update"))
    await _sale(ls, "MUG-BLK", 1)
    assert await twin.webhooks.deliver(transport) == 2
    twin.webhooks.faults.add(FaultRule(kind="webhook-drop", path="inventory.update"))
    await _sale(ls, "MUG-BLK", 1)
    assert await twin.webhooks.deliver(transport) == 0
    assert [d.state for d in twin.webhooks.deliveries][-1] == "dropped"


async def test_supplier_return_takes_stock_when_sent(lightspeed: Any) -> None:
    ls = lightspeed()
    i = ids(ls)
    back = (await ls.post("/api/2.0/consignments", json={"name": "R-1", "type": "RETURN",
                                                         "outlet_id": i["outlet"]["central"]})).json()["data"]
    await ls.post(f"/api/2.0/consignments/{back['id']}/products", json={"product_id": i["product"]["CAP-NVY"],
                                                                        "count": 2})
    assert (await ls.put(f"/api/2.0/consignments/{back['id']}", json={"status": "RECEIVED"})).status_code == 422
    await ls.put(f"/api/2.0/consignments/{back['id']}", json={"status": "SENT"})
    assert level(ls, "CAP-NVY", "central") == 8


async def test_lost_response_commits_the_sale_and_5xx_latency_do_not(lightspeed: Any) -> None:
    import httpx

    from stockgate.twins.faults import ConnectionDropped

    ls = lightspeed()
    twin = ls.app.twin
    i = ids(ls)
    body = {"state": "closed", "source": {"author_id": i["user"], "register_id": i["register"]["central"]},
            "line_items": [{"product": {"id": i["product"]["MUG-BLK"]}, "quantity": 1, "pricing": {"price": 12},
                            "tax": {"id": "", "amount": 0}}]}
    twin.faults.add(FaultRule(kind="http-5xx", method="POST", path="/sales", params={"status": 502}))
    assert (await ls.post("/api/2026-07/sales", json=body)).status_code == 502
    assert level(ls, "MUG-BLK", "central") == 20
    twin.faults.add(FaultRule(kind="lost-response", method="POST", path="/sales"))
    with pytest.raises(ConnectionDropped):
        await ls.post("/api/2026-07/sales", json=body)
    assert level(ls, "MUG-BLK", "central") == 19  # written, although the client saw no answer
    twin.faults.add(FaultRule(kind="latency", path="/outlets", params={"seconds": 7}))
    before = twin.clock.elapsed
    await ls.get("/api/2.0/outlets")
    assert twin.clock.elapsed == before + 7
    twin.faults.add(FaultRule(kind="connection-reset", path="/registers"))
    with pytest.raises(httpx.RemoteProtocolError):
        await ls.get("/api/2.0/registers")


async def test_a_served_twin_keeps_a_bounded_journal_and_counts_the_rest() -> None:
    """Memory, not time: thousands of answers leave at most DEFAULT_KEEP entries, without bodies, and counts."""
    import httpx

    from stockgate.twins.journal import DEFAULT_KEEP
    from stockgate.twins.registry import twin_for

    app = twin_for("lightspeed").factory("2026-07", "registers-3", seed="demo")  # as `twin serve` builds it
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://demo.retail.lightspeed.app",
                                 headers={"Authorization": "Bearer stockgate-demo-token"}) as ls:
        for _ in range(3 * DEFAULT_KEEP):
            assert (await ls.get("/api/2026-07/outlets")).status_code in (200, 429)
            app.twin.clock.advance(1.0)
    journal = app.twin.journal
    assert (len(journal), journal.total, journal.dropped) == (DEFAULT_KEEP, 3 * DEFAULT_KEEP, 2 * DEFAULT_KEEP)
    assert sum(journal.by_status.values()) == 3 * DEFAULT_KEEP
    assert all(e.request_body is None and e.response_body is None for e in journal)


async def test_a_body_over_the_twins_own_limit_is_refused_naming_the_unknown_fact(lightspeed: Any) -> None:
    """request.body_limit is not public for Lightspeed: the twin bounds its memory and says so (an answer of
    the twin's, so it is not checked against Lightspeed's contract)."""
    import httpx

    from stockgate.twins.shell import UNPUBLISHED_BODY_LIMIT

    ls = lightspeed()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=ls.app), base_url=ls.client.base_url) as raw:
        r = await raw.post("/api/2026-07/products", content=b"[" + b" " * UNPUBLISHED_BODY_LIMIT + b"]",
                           headers={"content-type": "application/json"})  # no token either: refused before auth
    assert r.status_code == 413
    assert "request.body_limit" in r.json()["error"]
    assert (await ls.post("/api/2026-07/products", json={"name": "x" * 1000})).status_code != 413


async def test_json_nested_past_the_twins_limit_is_a_400_naming_the_unknown_fact(lightspeed: Any) -> None:
    """request.json_nesting is not public for Lightspeed: 100,000 levels are a 400, not a crash."""
    ls = lightspeed()
    deep = b"[" * 100_000 + b"]" * 100_000
    r = await ls.post("/api/2026-07/products", content=deep, headers={"content-type": "application/json"})
    assert r.status_code == 400 and "request.json_nesting" in r.json()["error"]
    form = {"data": "[" * 100_000 + "]" * 100_000}
    assert (await ls.post("/api/webhooks", data=form)).status_code == 400  # 0.9: JSON inside a form field


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-inf", "1e309", "abc"])
async def test_a_quantity_that_is_not_a_finite_number_is_refused_and_never_served(lightspeed: Any, bad: str) -> None:
    """Refused as any invalid write is (errors.validation_status); NaN and Infinity never reach an answer."""
    ls = lightspeed()
    i = ids(ls)
    mug, north = i["product"]["MUG-BLK"], i["outlet"]["north"]
    sale = await ls.post("/api/register_sales", json={"register_id": i["register"]["central"], "user_id": i["user"],
                                                      "status": "CLOSED", "register_sale_products": [
                                                          {"product_id": mug, "quantity": bad, "price": 12}]})
    level_write = await ls.put(f"/api/2.1/products/{mug}",
                               json={"details": {"inventory": [{"outlet_id": north, "current_amount": bad}]}})
    order = (await ls.post("/api/2.0/consignments", json={"name": "PO-1", "type": "SUPPLIER",
                                                          "outlet_id": north})).json()["data"]
    count = await ls.post(f"/api/2.0/consignments/{order['id']}/products", json={"product_id": mug, "count": bad})
    assert [sale.status_code, level_write.status_code, count.status_code] == [422, 422, 422]
    assert level(ls, "MUG-BLK", "central") == 20 and level(ls, "MUG-BLK", "north") == 8
    for path in ("/api/2.0/inventory", f"/api/2.0/consignments/{order['id']}/products", "/api/2.0/sales"):
        text = (await ls.get(path)).text
        assert "NaN" not in text and "Infinity" not in text, path
