"""Lightspeed list and search parameters parsed as the documents declare them, per version (issue 15, item 2).

Each behaviour is a profile fact (``request.query.integers``, ``request.query.page_size``,
``request.products_lookup``, ``request.search``, ``request.inventory_body``); the page-size defaults and
maxima, the sort defaults and the enums are read from the version's own document, so a version whose
document declares none (2.0) keeps the caps of ``pagination.page_size_caps``.
"""

from __future__ import annotations

from typing import Any

import pytest

from stockgate.contracts import load_contract
from stockgate.twins.lightspeed.state import Product

pytestmark = pytest.mark.anyio
DATE_VERSIONS = ("2026-04", "2026-07", "2026-10")
NEW_FACTS = ("request.query.integers", "request.query.page_size", "request.products_lookup", "request.search",
             "request.inventory_body")


def _by_sku(ls: Any, sku: str) -> Product:
    return next(p for p in ls.app.twin.store.products.values() if p.sku == sku)


def _many_records(ls: Any, products: int) -> None:
    """``products`` new products with a level at every outlet (to pass the documents' default page sizes)."""
    store = ls.app.twin.store
    for n in range(products):
        row = Product(id=store.make_id("product"), name=f"Bulk {n}", handle=f"bulk-{n}", sku=f"BULK-{n}")
        row.family_id = row.id
        store.products[row.id] = row
        store.touch(row)
        for outlet in store.outlets:
            store.set_level(row.id, outlet, 1)


@pytest.mark.parametrize("version", ["2.0", "2026-01", *DATE_VERSIONS])
def test_every_version_states_the_parameter_facts_with_a_source(version: str) -> None:
    profile = load_contract(f"lightspeed@{version}").profile()
    for fact in NEW_FACTS:
        stated = profile.facts[fact]
        assert stated.source and stated.basis in {"documented", "inferred", "third-party", "unknown"}, fact
        assert stated.basis != "inferred" or stated.note, fact


@pytest.mark.parametrize("segment", ["2.0", "2026-07"])
async def test_cursor_integers_are_ascii_int64_or_a_400(lightspeed: Any, segment: str) -> None:
    ls = lightspeed()
    for bad in (" 5", "+5", "1_000", "\uff15", "5.0", str(2**63), str(-(2**63) - 1)):
        r = await ls.get(f"/api/{segment}/brands", params={"after": bad})
        assert r.status_code == 400 and "after" in r.json()["error"], (bad, r.text)
    for good in ("-1", "0", str(2**63 - 1)):
        assert (await ls.get(f"/api/{segment}/brands", params={"after": good})).status_code == 200, good


@pytest.mark.parametrize("version", DATE_VERSIONS)
async def test_post_inventory_refuses_mistyped_body_fields_with_the_validation_answer(lightspeed: Any,
                                                                                      version: str) -> None:
    ls = lightspeed(version)
    for body, field in (({"after": "abc"}, "after"), ({"before": "abc"}, "before"), ({"after": True}, "after"),
                        ({"after": 2**63}, "after"), ({"include_deleted": "yes"}, "include_deleted"),
                        ({"variants": 1}, "variants"), ({"sort_direction": "sideways"}, "sort_direction"),
                        ({"product_id": 5}, "product_id"), ({"size": 0}, "size"), ({"size": 5001}, "size")):
        r = await ls.post(f"/api/{version}/inventory", json=body)
        assert r.status_code == 422 and field in r.json()["error"], (body, r.status_code, r.text)


async def test_post_inventory_defaults_are_the_documents_size_1000_newest_first(lightspeed: Any) -> None:
    ls = lightspeed("2026-07")
    _many_records(ls, 400)  # 1,200 more records: past the default size
    rows = (await ls.post("/api/2026-07/inventory", json={})).json()
    assert len(rows) == 1000
    versions = [r["version"] for r in rows]
    assert versions == sorted(versions, reverse=True)
    up = (await ls.post("/api/2026-07/inventory", json={"size": 5, "sort_direction": "asc"})).json()
    assert [r["version"] for r in up] == sorted(r["version"] for r in up)
    assert len((await ls.post("/api/2026-07/inventory", json={"size": 5000})).json()) > 1000


async def test_post_inventory_variants_and_records_of_deleted_products(lightspeed: Any) -> None:
    ls = lightspeed("2026-07")
    store = ls.app.twin.store
    shirt = next(p for p in store.products.values() if p.name == "Stockgate T-shirt")
    children = {p.id for p in store.children(shirt.id)}
    exact = (await ls.post("/api/2026-07/inventory", json={"product_id": shirt.id})).json()
    assert {r["product_id"] for r in exact} <= {shirt.id}
    family = (await ls.post("/api/2026-07/inventory", json={"product_id": shirt.id, "variants": True})).json()
    assert children and children <= {r["product_id"] for r in family}
    cap = _by_sku(ls, "CAP-NVY")
    assert (await ls.delete(f"/api/2026-07/products/{cap.id}")).status_code == 200
    live = (await ls.post("/api/2026-07/inventory", json={"size": 5000})).json()
    assert cap.id not in {r["product_id"] for r in live}
    kept = (await ls.post("/api/2026-07/inventory", json={"size": 5000, "include_deleted": True})).json()
    assert cap.id in {r["product_id"] for r in kept}


async def test_get_inventory_of_a_product_follows_its_declared_parameters(lightspeed: Any) -> None:
    ls = lightspeed("2026-07")
    store = ls.app.twin.store
    shirt = next(p for p in store.products.values() if p.name == "Stockgate T-shirt")
    mug = _by_sku(ls, "MUG-BLK")
    path = f"/api/2026-07/inventory/{mug.id}"
    assert (await ls.get(path, params={"page_size": 5001})).status_code == 400
    assert (await ls.get(path, params={"order_direction": "sideways"})).status_code == 400
    up = [r["version"] for r in (await ls.get(path)).json()]
    down = [r["version"] for r in (await ls.get(path, params={"order_direction": "desc"})).json()]
    assert len(up) > 1 and up == sorted(up) and down == sorted(up, reverse=True)
    one = (await ls.get(path, params={"page_size": 1})).json()
    assert len(one) == 1
    family = (await ls.get(f"/api/2026-07/inventory/{shirt.id}", params={"variants": "true"})).json()
    assert {p.id for p in store.children(shirt.id)} <= {r["product_id"] for r in family}


@pytest.mark.parametrize("segment", ["2.0", "2026-07"])
async def test_products_by_name_or_family_name_answer_the_family_and_sku_any_of_its_codes(lightspeed: Any,
                                                                                           segment: str) -> None:
    ls = lightspeed()
    store = ls.app.twin.store
    shirt = next(p for p in store.products.values() if p.name == "Stockgate T-shirt")
    family = {shirt.id, *(p.id for p in store.children(shirt.id))}
    for key in ("name", "family_name"):
        found = (await ls.get(f"/api/{segment}/products", params={key: "Stockgate T-shirt"})).json()["data"]
        assert {p["id"] for p in found} == family, key
    child = store.children(shirt.id)[0]
    code = child.product_codes[0]["code"]
    by_code = (await ls.get(f"/api/{segment}/products", params={"sku": code})).json()["data"]
    assert [p["id"] for p in by_code] == [child.id]
    # "all other query params are ignored": a bad page size or cursor does not refuse the lookup
    ignored = await ls.get(f"/api/{segment}/products", params={"sku": "MUG-BLK", "page_size": "x", "after": "y"})
    assert ignored.status_code == 200 and len(ignored.json()["data"]) == 1


@pytest.mark.parametrize("segment", ["2.0", "2026-07"])
async def test_search_sku_values_are_lowercased_as_documented(lightspeed: Any, segment: str) -> None:
    ls = lightspeed()
    mug = _by_sku(ls, "MUG-BLK")
    found = (await ls.get(f"/api/{segment}/search", params={"type": "products", "sku": "mug-blk"})).json()["data"]
    assert [p["id"] for p in found] == [mug.id]
    shouted = (await ls.get(f"/api/{segment}/search", params={"type": "products", "sku": "MUG-BLK"})).json()
    assert shouted["data"] == []
    but = (await ls.get(f"/api/{segment}/search", params={"type": "products", "-sku": "mug-blk"})).json()["data"]
    assert mug.id not in {p["id"] for p in but} and but


@pytest.mark.parametrize("segment", ["2.0", "2026-07"])
async def test_search_orders_by_a_documented_attribute_and_refuses_others(lightspeed: Any, segment: str) -> None:
    ls = lightspeed()
    url = f"/api/{segment}/search"
    up = (await ls.get(url, params={"type": "products", "order_by": "sku"})).json()["data"]
    skus = [p["sku"] for p in up]
    assert skus == sorted(skus, key=str.lower)
    down = (await ls.get(url, params={"type": "products", "order_by": "sku", "order_direction": "desc"})).json()
    assert [p["sku"] for p in down["data"]] == list(reversed(skus))
    for bad in ({"order_by": "colour"}, {"order_by": "sku", "order_direction": "sideways"}, {"page_size": 0}):
        r = await ls.get(url, params={"type": "products", **bad})
        assert r.status_code == 400 and r.json()["error"], (bad, r.text)


@pytest.mark.parametrize("path, limit", [("/stock_adjustments", 1000), ("/custom_inventory_adjustment_reasons", 100)])
async def test_declared_page_size_maxima_are_refused_past_them(lightspeed: Any, path: str, limit: int) -> None:
    ls = lightspeed("2026-07")
    assert (await ls.get(f"/api/2026-07{path}", params={"page_size": limit})).status_code == 200
    over = await ls.get(f"/api/2026-07{path}", params={"page_size": limit + 1})
    assert over.status_code == 400 and str(limit) in over.json()["error"]


async def test_stock_adjustments_default_to_the_documents_100(lightspeed: Any) -> None:
    ls = lightspeed("2026-07")
    store = ls.app.twin.store
    outlet = next(iter(store.outlets))
    mug = _by_sku(ls, "MUG-BLK")
    batch = [{"product_id": mug.id, "outlet_id": outlet, "quantity": "1", "reason": "STOCK_FOUND"}] * 150
    made = await ls.post("/api/2026-07/stock_adjustments", json={"stock_adjustments": batch})
    assert made.status_code == 201, made.text
    assert len((await ls.get("/api/2026-07/stock_adjustments")).json()["data"]) == 100
    assert len((await ls.get("/api/2026-07/stock_adjustments", params={"page_size": 1000})).json()["data"]) == 150


async def test_inventory_levels_sort_descending_by_default_and_check_their_body(lightspeed: Any) -> None:
    ls = lightspeed("2026-07")
    levels = (await ls.post("/api/2026-07/inventory_levels", json={})).json()
    counts = [r["current_inventory_level"] for r in levels]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    for body, field in (({"sort_direction": "sideways"}, "sort_direction"), ({"include_inactive": "yes"},
                        "include_inactive"), ({"group_variants": 1}, "group_variants")):
        r = await ls.post("/api/2026-07/inventory_levels", json=body)
        assert r.status_code == 422 and field in r.json()["error"], (body, r.text)
