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
