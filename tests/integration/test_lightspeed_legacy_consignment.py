"""The 0.9 ``POST /api/consignment`` as Vend's 0.9 specification has it (simplesquid/vend-sdk's
``consignment->create()`` posts there): a ConsignmentBase body (name, outlet_id, status and type
required) answered with the bare 0.9 Consignment, dates as ``YYYY-MM-DD HH:MM:SS``. The consignment
is the twin's own: the 2.0 and date-version reads see it and its workflow moves stock as any other.
"""

from __future__ import annotations

import re

import httpx
import pytest

from stockgate.twins.lightspeed import create_app

pytestmark = pytest.mark.anyio
KEYS = {"id", "name", "consignment_date", "due_at", "received_at", "retailer_id", "outlet_id", "supplier_id",
        "source_outlet_id", "status", "type", "accounts_transaction_id"}  # the specification's example answer


def _client() -> tuple[httpx.AsyncClient, object]:
    app = create_app("2026-07")
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://demo.retail.lightspeed.app",
                             headers={"Authorization": "Bearer stockgate-demo-token"}), app


async def test_a_09_consignment_is_created_and_read_on_every_version() -> None:
    client, app = _client()
    outlet = next(iter(app.twin.store.outlets))  # type: ignore[attr-defined]
    async with client:
        r = await client.post("/api/consignment", json={"name": "API test 5", "outlet_id": outlet, "status": "OPEN",
                                                         "type": "SUPPLIER"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) == KEYS
        assert (body["name"], body["status"], body["type"], body["outlet_id"]) == ("API test 5", "OPEN", "SUPPLIER",
                                                                                   outlet)
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", body["consignment_date"])
        assert body["retailer_id"] == app.twin.store.retailer["id"]  # type: ignore[attr-defined]
        assert (body["due_at"], body["received_at"], body["accounts_transaction_id"]) == (None, None, None)
        assert "x-ratelimit-remaining" in r.headers
        read = (await client.get(f"/api/2.0/consignments/{body['id']}")).json()["data"]
        assert (read["name"], read["status"], read["type"]) == ("API test 5", "OPEN", "SUPPLIER")
        stocktake = await client.post("/api/consignment", json={"name": "Count", "outlet_id": outlet,
                                                                 "status": "STOCKTAKE", "type": "STOCKTAKE"})
        assert stocktake.json()["status"] == "STOCKTAKE"  # 0.9's name for a stocktake not yet counted


@pytest.mark.parametrize("body", [
    {"name": "x", "outlet_id": "{outlet}", "type": "SUPPLIER"},  # status is required in 0.9
    {"name": "x", "outlet_id": "{outlet}", "status": "OPEN", "type": "NOPE"},
    {"outlet_id": "{outlet}", "status": "OPEN", "type": "SUPPLIER"},
    {"name": "x", "outlet_id": "{outlet}", "status": "RECEIVED", "type": "SUPPLIER"},
])
async def test_a_09_consignment_the_specification_refuses_is_refused(body: dict[str, str]) -> None:
    client, app = _client()
    outlet = next(iter(app.twin.store.outlets))  # type: ignore[attr-defined]
    async with client:
        before = len(app.twin.consignments.rows)  # type: ignore[attr-defined]
        r = await client.post("/api/consignment", json={k: v.format(outlet=outlet) for k, v in body.items()})
        assert r.status_code == 422 and r.json()["error"], r.text
        assert len(app.twin.consignments.rows) == before  # type: ignore[attr-defined]
