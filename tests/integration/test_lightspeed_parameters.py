"""Lightspeed's documented parameter handling, request by request: what X-Series accepts is accepted, what it
refuses is refused the same way (profile facts pagination.cursor, pagination.search, request.parameters).
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.anyio


async def _sales(ls: Any, count: int) -> list[dict[str, Any]]:
    store = ls.app.twin.store
    register = next(iter(store.registers.values()))
    user = next(u.id for u in store.users.values() if u.is_primary_user)
    product = next(p.id for p in store.products.values() if p.sku == "MUG-BLK")
    made = []
    for _ in range(count):
        r = await ls.post("/api/register_sales", json={
            "register_id": register.id, "user_id": user, "status": "CLOSED",
            "register_sale_products": [{"product_id": product, "quantity": 1, "price": 10, "tax": 0}]})
        made.append(r.json()["register_sale"])
    return made


@pytest.mark.parametrize("segment", ["2.0", "2026-07"])
async def test_search_page_size_over_1000_answers_1000_not_an_error(lightspeed: Any, segment: str) -> None:
    """'Specifying more than 1000 will result in 1000 objects being returned' (both documents)."""
    ls = lightspeed()
    await _sales(ls, 2)
    r = await ls.get(f"/api/{segment}/search", params={"type": "sales", "page_size": 5000})
    assert r.status_code == 200, r.text
    assert len(r.json()["data"]) == 2


async def test_search_refuses_negative_offsets_and_page_sizes(lightspeed: Any) -> None:
    ls = lightspeed()
    await _sales(ls, 3)
    for params in ({"offset": -1}, {"page_size": -2}, {"offset": "x"}, {"page_size": "1.5"}):
        r = await ls.get("/api/2.0/search", params={"type": "sales", **params})
        assert r.status_code == 400, (params, r.text)
    assert len((await ls.get("/api/2.0/search", params={"type": "sales", "offset": 2})).json()["data"]) == 1


async def test_search_by_id_deleted_and_sale_dates(lightspeed: Any) -> None:
    ls = lightspeed()
    first, second = await _sales(ls, 2)
    by_id = (await ls.get("/api/2.0/search", params={"type": "sales", "_id": first["id"]})).json()["data"]
    assert [s["id"] for s in by_id] == [first["id"]]
    but = (await ls.get("/api/2.0/search", params={"type": "sales", "-_id": first["id"]})).json()["data"]
    assert [s["id"] for s in but] == [second["id"]]
    store = ls.app.twin.store
    cap = next(p for p in store.products.values() if p.sku == "CAP-NVY")
    await ls.delete(f"/api/2026-07/products/{cap.id}")
    live = (await ls.get("/api/2.0/search", params={"type": "products", "_id": cap.id})).json()["data"]
    assert live == []
    kept = (await ls.get("/api/2.0/search", params={"type": "products", "_id": cap.id, "deleted": "true"})).json()
    assert [p["id"] for p in kept["data"]] == [cap.id]
    when = first["sale_date"]
    day = when[:10]
    found = (await ls.get("/api/2.0/search", params={"type": "sales", "date_from": f"{day}T00:00:00Z",
                                                    "date_to": f"{day}T23:59:59Z"})).json()["data"]
    assert {s["id"] for s in found} == {first["id"], second["id"]}
    after = (await ls.get("/api/2.0/search", params={"type": "sales", "date_from": f"{day}T23:59:59Z"})).json()
    assert after["data"] == []
    bad = await ls.get("/api/2.0/search", params={"type": "sales", "date_from": "yesterday"})
    assert bad.status_code == 400 and "date_from" in bad.json()["error"]


async def test_version_cursors_bound_pages_and_deleted_rows_come_back_only_when_asked(lightspeed: Any) -> None:
    ls = lightspeed()
    page = (await ls.get("/api/2026-07/brands")).json()
    versions = [b["version"] for b in page["data"]]
    assert versions == sorted(versions) and page["version"] == {"min": versions[0], "max": versions[-1]}
    assert (await ls.get("/api/2026-07/brands", params={"after": versions[-1]})).json()["data"] == []
    below = (await ls.get("/api/2026-07/brands", params={"before": versions[-1]})).json()["data"]
    assert [b["version"] for b in below] == versions[:-1]
    one = (await ls.get("/api/2026-07/brands", params={"page_size": 1})).json()["data"]
    assert [b["version"] for b in one] == versions[:1]
    gone = page["data"][0]["id"]
    await ls.delete(f"/api/2026-07/brands/{gone}")
    assert gone not in {b["id"] for b in (await ls.get("/api/2026-07/brands")).json()["data"]}
    for truthy in ("true", "1", "TRUE"):
        listed = (await ls.get("/api/2026-07/brands", params={"deleted": truthy})).json()["data"]
        assert gone in {b["id"] for b in listed}, truthy
    assert gone not in {b["id"] for b in (await ls.get("/api/2026-07/brands", params={"deleted": "false"})).json()[
        "data"]}
    for bad in ({"after": "abc"}, {"before": "1.5"}, {"page_size": "0"}, {"page_size": "ten"}):
        r = await ls.get("/api/2026-07/brands", params=bad)
        assert r.status_code == 400 and r.json()["error"], bad


async def test_unknown_query_parameters_are_ignored_and_malformed_ids_are_not_found(lightspeed: Any) -> None:
    ls = lightspeed()
    plain = (await ls.get("/api/2.0/outlets")).json()
    assert (await ls.get("/api/2.0/outlets", params={"colour": "red", "page": "3"})).json() == plain
    for path, word in (("/products/not-a-uuid", "product"), ("/customers/123", "customer"),
                       ("/outlets/%20", "outlet"), ("/sales/zzz", "sale")):
        r = await ls.get(f"/api/2026-07{path}")
        assert r.status_code == 404 and word in r.json()["error"], (path, r.text)
