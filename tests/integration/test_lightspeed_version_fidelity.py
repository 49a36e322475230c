"""What each Lightspeed version sends, and no more: 2.0 objects without the date documents' additions.

The 2.0 document declares neither an outlet's ``phone``, ``latitude`` and ``longitude`` nor a
customer's ``tax_id`` and ``enable_promotional_sms``; the 2026-07 document does. No 2.0 example,
recording or public report shows a 2.0 store sending them, so 2.0 answers leave them out (fact
``schema.omitted_properties`` in the 2.0 profile says so), and the date versions keep them.
Every answer is checked against its contract by the ``lightspeed`` fixture.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[2]
DATE_ONLY = {"Outlet": {"phone", "latitude", "longitude"}, "Customer": {"tax_id", "enable_promotional_sms"}}


def _declared(segment: str, component: str) -> set[str]:
    doc = json.loads((ROOT / "contracts" / "lightspeed" / segment / "openapi.json").read_text())
    return set(doc["components"]["schemas"][component]["properties"])


def test_the_date_only_properties_are_what_the_documents_differ_by() -> None:
    for component, extra in DATE_ONLY.items():
        assert _declared("2026-07", component) - _declared("2.0", component) == extra, component


async def _answers(ls: Any, segment: str) -> dict[str, list[dict[str, Any]]]:
    """Outlets and customers, as every 2.0 read and write of them answers."""
    base = f"/api/{segment}"
    outlets = (await ls.get(f"{base}/outlets")).json()["data"]
    outlets.append((await ls.get(f"{base}/outlets/{outlets[0]['id']}")).json()["data"])
    made = await ls.post(f"{base}/customers", json={"first_name": "Ada", "last_name": "Lovelace"})
    assert made.status_code == 201, made.text
    cid = made.json()["data"]["id"]
    customers = [made.json()["data"],
                 (await ls.put(f"{base}/customers/{cid}", json={"last_name": "King"})).json()["data"],
                 (await ls.get(f"{base}/customers/{cid}")).json()["data"],
                 *(await ls.get(f"{base}/customers")).json()["data"],
                 *(await ls.get(f"{base}/search", params={"type": "customers", "last_name": "King"})).json()["data"]]
    group = next(g for g in ls.app.twin.catalog.customer_groups.values() if not g.deleted_at)
    members = await ls.get(f"{base}/customer_groups/{group.id}/customers")
    if members.status_code == 200:
        customers += members.json()["data"]
    return {"Outlet": outlets, "Customer": customers}


async def test_2_0_outlets_and_customers_carry_only_what_the_2_0_document_declares(lightspeed: Any) -> None:
    ls = lightspeed()
    for component, rows in (await _answers(ls, "2.0")).items():
        declared = _declared("2.0", component)
        assert rows, component
        for row in rows:
            assert set(row) <= declared, f"{component} carries undeclared {sorted(set(row) - declared)}"
            assert not set(row) & DATE_ONLY[component]


async def test_date_versions_keep_the_properties_their_documents_declare(lightspeed: Any) -> None:
    ls = lightspeed()
    for component, rows in (await _answers(ls, "2026-07")).items():
        for row in rows:
            assert DATE_ONLY[component] <= set(row), component


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/2026-01/products/{mug}/inventory"),  # 2.0 has it; the date versions list inventory instead
    ("GET", "/api/2026-07/inventory"),  # 2026-04 made it a POST
    ("GET", "/api/2026-07/nothing-here"),
])
async def test_a_path_or_method_a_version_lacks_answers_the_no_route_fact(lightspeed: Any, method: str,
                                                                         path: str) -> None:
    """What a real store answers is not public (routing.no_route, basis unknown): the twin's 404 says so."""
    ls = lightspeed()
    mug = next(p.id for p in ls.app.twin.store.products.values() if p.sku == "MUG-BLK")
    r = await ls.request(method, path.format(mug=mug))
    assert (r.status_code, r.json()) == (404, {"error": "not found"})
    assert r.headers["x-stockgate-unknown-fact"] == "routing.no_route"
    assert "x-ratelimit-remaining" not in r.headers  # answered before auth and the limiter
    fact = ls.app.twin.release.versions["2026-07"].profile.facts["routing.no_route"]
    assert (fact.basis, fact.value) == ("unknown", None)


async def test_an_emulated_or_not_emulated_operation_is_not_the_no_route_answer(lightspeed: Any) -> None:  # control
    ls = lightspeed()
    for path in ("/api/2026-07/outlets", "/api/2026-07/inventory_levels/x", "/api/2.0/products/x/inventory"):
        r = await ls.get(path)
        assert r.status_code in (200, 404) and "x-stockgate-unknown-fact" not in r.headers, path
