"""Every profile fact the Lightspeed twin acts on changes what a client sees when the fact changes."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from stockgate.twins.lightspeed import create_app
from stockgate.twins.lightspeed.app import LightspeedApp
from stockgate.twins.lightspeed.ratelimit import RateLimiter
from stockgate.twins.lightspeed.versions import ApiVersion
from stockgate.twins.lightspeed.webhooks import Webhooks

Probe = Callable[[httpx.AsyncClient, LightspeedApp], Awaitable[Any]]


def _changed(app: LightspeedApp, changes: dict[str, Any]) -> None:
    """Rebuild every served version (and the twin's release-wide parts) with ``changes`` applied."""
    twin = app.twin
    for segment, api in list(twin.release.versions.items()):
        facts = dict(api.profile.facts)
        for fact_id, value in changes.items():
            facts[fact_id] = dataclasses.replace(facts[fact_id], value=value)
        profile = dataclasses.replace(api.profile, facts=facts)
        twin.release.versions[segment] = ApiVersion.build(segment, api.contract, profile)
    twin.legacy = twin.release.versions["2.0"]
    formula = twin.legacy.profile.value("rate_limit.formula")
    twin.limiter = RateLimiter(twin.clock, limit=formula["per_register"] * int(twin.legacy.profile.value(
        "rate_limit.registers")) + formula["base"], window=float(formula["window_seconds"]))
    twin.store.listeners.clear()
    twin.webhooks = Webhooks(twin.store, twin.legacy.profile.value("webhooks"), twin.clock)


def observe(changes: dict[str, Any], probe: Probe) -> Any:
    app = create_app(getattr(probe, "release", "2026-07"))  # a probe of a later version names its release
    if changes:
        _changed(app, changes)

    async def run() -> Any:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://demo.x",
                                     headers={"Authorization": "Bearer stockgate-demo-token"}) as client:
            return await probe(client, app)

    return asyncio.run(run())


def _ids(app: LightspeedApp) -> dict[str, Any]:
    store = app.twin.store
    return {"register": next(iter(store.registers)), "user": next(u.id for u in store.users.values()),
            "mug": next(p.id for p in store.products.values() if p.sku == "MUG-BLK")}


async def _closed_sale(c: httpx.AsyncClient, a: LightspeedApp) -> str:
    i = _ids(a)
    r = await c.post("/api/register_sales", json={
        "register_id": i["register"], "user_id": i["user"], "status": "CLOSED",
        "register_sale_products": [{"product_id": i["mug"], "quantity": 1}]})
    return str(r.json()["register_sale"]["id"])


async def limit_header(c: httpx.AsyncClient, _a: LightspeedApp) -> Any:
    return (await c.get("/api/2.0/outlets")).headers["x-ratelimit-limit"]


async def over_limit(c: httpx.AsyncClient, a: LightspeedApp) -> Any:
    a.twin.limiter.limit = 1
    await c.get("/api/2.0/outlets")
    r = await c.get("/api/2.0/outlets")
    return r.status_code, r.json()


async def outlet_keys(c: httpx.AsyncClient, _a: LightspeedApp) -> Any:
    return sorted((await c.get("/api/2.0/outlets")).json()["data"][0])


async def no_route(c: httpx.AsyncClient, _a: LightspeedApp) -> Any:
    r = await c.get("/api/2026-07/inventory")
    return r.status_code, r.json()


async def patched(c: httpx.AsyncClient, a: LightspeedApp) -> Any:
    r = await c.patch(f"/api/2026-10/products/{_ids(a)['mug']}", json={"name": "x"})
    return r.status_code


patched.release = "2026-10"  # type: ignore[attr-defined]


async def bad_token(c: httpx.AsyncClient, _a: LightspeedApp) -> Any:
    r = await c.get("/api/2.0/outlets", headers={"Authorization": "Bearer nope"})
    return r.status_code, r.json()


async def inventory_shape(c: httpx.AsyncClient, _a: LightspeedApp) -> Any:
    return sorted((await c.post("/api/2026-07/inventory", json={"size": 1})).json()[0])


async def inventory_cap(c: httpx.AsyncClient, _a: LightspeedApp) -> Any:
    return (await c.post("/api/2026-07/inventory", json={"size": 4000})).status_code


async def sales_cap(c: httpx.AsyncClient, a: LightspeedApp) -> Any:
    for _ in range(3):
        await _closed_sale(c, a)
    return len((await c.get("/api/2.0/sales?page_size=100")).json()["data"])


async def search_cap(c: httpx.AsyncClient, _a: LightspeedApp) -> Any:
    return (await c.get("/api/2.0/search?type=sales&page_size=800")).status_code


async def return_method(c: httpx.AsyncClient, a: LightspeedApp) -> Any:
    sale = await _closed_sale(c, a)
    return (await c.post(f"/api/2026-07/sales/{sale}/actions/return")).status_code


async def mixed(c: httpx.AsyncClient, a: LightspeedApp) -> Any:
    i = _ids(a)
    body = {"state": "closed", "source": {"author_id": i["user"], "register_id": i["register"]},
            "line_items": [{"product": {"id": i["mug"]}, "quantity": 1, "pricing": {"price": 1}, "tax": {"id": "",
                                                                                                       "amount": 0}}]}
    sale = (await c.post("/api/2026-07/sales", json=body)).json()["data"]["id"]
    ret = (await c.post(f"/api/2026-07/sales/{sale}/actions/return")).json()["data"]["id"]
    body["line_items"][0]["quantity"] = -1
    return (await c.put(f"/api/2026-07/sales/{ret}", json=body)).status_code


async def parked_returns(c: httpx.AsyncClient, a: LightspeedApp) -> Any:
    sale = await _closed_sale(c, a)
    first = (await c.post(f"/api/2026-07/sales/{sale}/actions/return")).json()["data"]["id"]
    await c.post(f"/api/2026-07/sales/{sale}/actions/return")
    return a.twin.sales.get(first).status


async def recognised(c: httpx.AsyncClient, a: LightspeedApp) -> Any:
    i = _ids(a)
    body = {"state": "closed", "source": {"author_id": i["user"], "register_id": i["register"]},
            "line_items": [{"product": {"id": i["mug"]}, "quantity": 1, "pricing": {"price": 1},
                            "tax": {"id": "", "amount": 0}}]}
    return sorted((await c.post("/api/2026-07/sales", json=body)).json()["data"]["line_items"][0])


async def adjustments(c: httpx.AsyncClient, a: LightspeedApp) -> Any:
    i = _ids(a)
    outlet = next(iter(a.twin.store.outlets))
    item = {"product_id": i["mug"], "outlet_id": outlet, "quantity": "-1", "reason": "DAMAGE"}
    return (await c.post("/api/2026-07/stock_adjustments", json={"stock_adjustments": [item, item]})).status_code


async def sku_sequence(c: httpx.AsyncClient, _a: LightspeedApp) -> Any:
    return (await c.post("/api/2026-07/products", json={"name": "Tote"})).status_code


async def validation_status(c: httpx.AsyncClient, _a: LightspeedApp) -> Any:
    return (await c.post("/api/2026-07/consignments", json={"name": "x", "type": "NOPE", "outlet_id": "x"})).status_code


async def posted_products(c: httpx.AsyncClient, _a: LightspeedApp) -> Any:
    r = await c.post("/api/2026-07/products", json={"name": "Tote", "variants": [{"name": "x" * 200}]})
    return r.status_code, r.text


async def parked_by_id(c: httpx.AsyncClient, a: LightspeedApp) -> Any:
    i = _ids(a)
    r = await c.post("/api/register_sales", json={
        "register_id": i["register"], "user_id": i["user"], "status": "SAVED",
        "register_sale_products": [{"product_id": i["mug"], "quantity": 1}]})
    return (await c.get(f"/api/2.0/sales/{r.json()['register_sale']['id']}")).status_code


async def gone(c: httpx.AsyncClient, _a: LightspeedApp) -> Any:
    return (await c.get("/api/products")).status_code


async def legacy(c: httpx.AsyncClient, _a: LightspeedApp) -> Any:
    return (await c.get("/api/registers")).status_code


async def webhook_timeout(c: httpx.AsyncClient, a: LightspeedApp) -> Any:
    await c.post("/api/2026-07/webhooks", json={"url": "https://h.example/x", "type": "sale.update", "active": True})
    await _closed_sale(c, a)
    seen: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions.get("timeout", {}).get("read"))
        return httpx.Response(200)

    await a.twin.webhooks.deliver(httpx.MockTransport(handler))
    return seen


FORMULA = {"per_register": 300, "base": 50, "window_seconds": 300,
           "buckets": ["retailer+application", "retailer users"]}
CASES: list[tuple[str, dict[str, Any], Probe]] = [
    ("rate_limit.formula", {"rate_limit.formula": {**FORMULA, "base": 70}}, limit_header),
    ("rate_limit.registers", {"rate_limit.registers": 2}, limit_header),
    ("rate_limit.response", {"rate_limit.response": {"status": 429, "body": {"error": "slow down"},
                                                     "retry_after": "http-date"}}, over_limit),
    ("errors.invalid_token", {"errors.invalid_token": {"status": 403, "body": {"error": "no"}}}, bad_token),
    ("inventory.read", {"inventory.read": {"operation": "POST /inventory", "envelope": "bare-array",
                                           "level_field": "inventory_level", "page_size_max": 5000}}, inventory_shape),
    ("pagination.page_size_caps", {"pagination.page_size_caps": {"default": None, "sales": 2, "other": 10000,
                                                                 "inventory": 3000}}, sales_cap),
    ("pagination.search", {"pagination.search": {"offset": "offset", "page_size_max": 500, "over_max": "refused"}},
     search_cap),
    ("returns.endpoint", {"returns.endpoint": "PUT /sales/{sale_id}/actions/return"}, return_method),
    ("returns.mixed_referenced_unreferenced_rejected",
     {"returns.mixed_referenced_unreferenced_rejected": False}, mixed),
    ("returns.other_parked_returns_voided", {"returns.other_parked_returns_voided": False}, parked_returns),
    ("inventory.stock_adjustments", {"inventory.stock_adjustments": {
        "available": True, "batch_max": 1, "atomic_batches": True, "negative": ["DAMAGE"], "positive": []}},
     adjustments),
    ("sales.recognised_lines_immutable", {"sales.recognised_lines_immutable": True}, recognised),
    ("products.create", {"products.create": {"sku_generated_when_omitted": False, "codes_required": False,
                                             "family_model": False}}, sku_sequence),
    ("errors.validation_status", {"errors.validation_status": 400}, validation_status),
    ("schema.omitted_properties", {"schema.omitted_properties": {}}, outlet_keys),
    ("products.patch", {"products.patch": {"available": True, "status": 422, "fields": ["codes"], "emulated": ["codes"],
                                           "answer": "id"}}, patched),
    ("routing.no_route", {"routing.no_route": {"status": 405, "body": {"error": "Method Not Allowed"}}}, no_route),
    ("request.body_limit", {"request.body_limit": {"bytes": 100, "status": 413, "content_type": "text/plain",
                                                   "body": "too big"}}, posted_products),
    ("request.json_nesting", {"request.json_nesting": {"max_containers": 1, "status": 400, "message": "deep"}},
     posted_products),
    ("sales.get_by_id", {"sales.get_by_id": ["CLOSED", "SAVED"]}, parked_by_id),
    ("endpoints.gone", {"endpoints.gone": {"status": 404, "since": "2024-06-01", "operations": []}}, gone),
    ("endpoints.legacy", {"endpoints.legacy": []}, legacy),
    ("webhooks", {"webhooks": {"encoding": "x", "field": "payload", "object_shape": "1.0", "timeout_seconds": 2,
                               "retries": 20, "retry_window_hours": 48, "backoff": "exponential",
                               "signature_header": "X-Signature", "signature_format": "x",
                               "signature_key": "client_secret",
                               "types": ["sale.update", "inventory.update"], "guaranteed": False}},
     webhook_timeout),
]


@pytest.mark.parametrize(("fact", "changes", "probe"), CASES, ids=[c[0] for c in CASES])
def test_changing_the_fact_changes_the_answer(fact: str, changes: dict[str, Any], probe: Probe) -> None:
    before, after = observe({}, probe), observe(changes, probe)
    assert before != after, f"the twin gives the same answer whatever {fact} says: {before!r}"


def test_every_fact_the_twin_reads_has_a_row() -> None:
    """A new ``profile.value("...")`` read in the twin without a row here fails this test."""
    import re
    from pathlib import Path

    import stockgate.twins.lightspeed as package

    source = "".join(p.read_text() for p in Path(package.__file__).parent.glob("*.py"))
    read = set(re.findall(r'(?:value|v)\("([a-z_.]+)"\)', source))
    assert read - {c[0] for c in CASES} == set()
