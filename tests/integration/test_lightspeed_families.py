"""2026-10's family model: GET /product_families, GET /products/{id}/family and PATCH /products/{id}.

Families are read over the twin's products (fact ``products.families``) and kept in step with every
write; PATCH follows the vendor's update guide (fact ``products.patch``). Every answer is checked
against its contract by the ``lightspeed`` fixture.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from stockgate.twins.lightspeed import create_app

pytestmark = pytest.mark.anyio
BASE = "/api/2026-10"


def _shirt(ls: Any) -> Any:
    store = ls.app.twin.store
    return next(p for p in store.products.values() if p.variant_parent_id and not p.deleted_at)


def _mug(ls: Any) -> Any:
    return next(p for p in ls.app.twin.store.products.values() if p.sku == "MUG-BLK")


async def test_a_variant_family_is_read_from_any_of_its_products(lightspeed: Any) -> None:
    ls = lightspeed("2026-10")
    shirt = _shirt(ls)
    store = ls.app.twin.store
    parent = store.products[shirt.variant_parent_id]
    r = await ls.get(f"{BASE}/products/{shirt.id}/family")
    assert r.status_code == 200, r.text
    family = r.json()["data"]
    assert (family["id"], family["name"], family["classification"]) == (parent.id, parent.name, "VARIANT")
    kids = store.children(parent.id)
    assert [p["id"] for p in family["products"]] == [k.id for k in kids]
    assert 1 <= len(family["variant_attribute_ids"]) <= 3
    product = next(p for p in family["products"] if p["id"] == shirt.id)
    assert product["family_id"] == family["id"] and product["sku"] == shirt.sku
    assert product["variant_attributes"] == [o["value"] for o in shirt.variant_options]
    assert (await ls.get(f"{BASE}/products/{parent.id}/family")).json()["data"] == family


async def test_a_standard_product_is_a_family_of_itself_and_every_live_family_is_listed(lightspeed: Any) -> None:
    ls = lightspeed("2026-10")
    mug = _mug(ls)
    family = (await ls.get(f"{BASE}/products/{mug.id}/family")).json()["data"]
    assert (family["id"], family["classification"], family["variant_attribute_ids"]) == (mug.id, "STANDARD", [])
    assert [p["id"] for p in family["products"]] == [mug.id] and family["track_inventory"] is True
    listed: list[dict[str, Any]] = []
    after = 0
    while True:
        page = (await ls.get(f"{BASE}/product_families", params={"after": after, "page_size": 5})).json()
        if not page["data"]:
            break
        listed += page["data"]
        after = page["version"]["max"]
    store = ls.app.twin.store
    roots = {p.id for p in store.products.values() if p.variant_parent_id is None and not p.deleted_at}
    assert sorted(f["id"] for f in listed) == sorted(roots)
    members = [p["id"] for f in listed for p in f["products"]]
    assert sorted(members) == sorted(p.id for p in store.products.values() if not p.deleted_at
                                     and (p.variant_parent_id or not store.children(p.id)))
    assert (await ls.get(f"{BASE}/products/nope/family")).status_code == 404


async def test_patch_changes_only_the_fields_it_names_and_answers_the_id(lightspeed: Any) -> None:
    ls = lightspeed("2026-10")
    shirt = _shirt(ls)
    before = (await ls.get(f"{BASE}/products/{shirt.id}")).json()["data"]
    values = ["Plum", *[o["value"] for o in shirt.variant_options][1:]]
    r = await ls.patch(f"{BASE}/products/{shirt.id}", json={"prices": {"price_excluding_tax": 39.99},
                                                           "variant_attributes": values})
    assert (r.status_code, r.json()) == (200, {"data": {"id": shirt.id}})
    after = (await ls.get(f"{BASE}/products/{shirt.id}")).json()["data"]
    assert after["price_excluding_tax"] == 39.99 and [o["value"] for o in after["variant_options"]] == values
    assert after["version"] > before["version"]
    assert {k: v for k, v in after.items() if k not in ("price_excluding_tax", "price_including_tax",
                                                         "variant_options", "updated_at", "version")} == \
        {k: v for k, v in before.items() if k not in ("price_excluding_tax", "price_including_tax",
                                                      "variant_options", "updated_at", "version")}
    family = (await ls.get(f"{BASE}/products/{shirt.id}/family")).json()["data"]
    assert next(p for p in family["products"] if p["id"] == shirt.id)["variant_attributes"] == values
    r = await ls.patch(f"{BASE}/products/{shirt.id}", json={"codes": [{"code": "SHIRT-PLUM"}]})
    assert r.status_code == 200
    codes = (await ls.get(f"{BASE}/products/{shirt.id}")).json()["data"]["product_codes"]
    assert [(c["type"], c["code"]) for c in codes] == [("CUSTOM", "SHIRT-PLUM")]  # replaced, not added


@pytest.mark.parametrize(("body", "status", "says"), [
    ({}, 400, "at least one field"),
    ({"name": "Renamed"}, 400, "unknown fields: name"),  # a family-level field: PATCH /product_families
    ({"codes": []}, 400, "at least one code"),
    ({"prices": {"price_excluding_tax": 1, "price_including_tax": 1}}, 400, "cannot include both"),
    ({"variant_attributes": ["Red", "S", "extra", "more"]}, 400, "one per attribute"),
])
async def test_patch_refuses_what_the_guide_refuses(lightspeed: Any, body: Any, status: int, says: str) -> None:
    ls = lightspeed("2026-10")
    shirt = _shirt(ls)
    before = shirt.version
    r = await ls.patch(f"{BASE}/products/{shirt.id}", json=body)
    assert r.status_code == status and says in r.json()["error"], r.text
    assert shirt.version == before


async def test_the_family_operations_are_2026_10s_only(lightspeed: Any) -> None:
    ls = lightspeed("2026-10")
    mug = _mug(ls)
    for method, path in (("GET", "/api/2026-07/product_families"), ("PATCH", f"/api/2026-07/products/{mug.id}"),
                         ("GET", f"/api/2.0/products/{mug.id}/family")):
        assert (await ls.request(method, path, json={"codes": [{"code": "X"}]} if method == "PATCH" else None
                                 )).status_code == 404, path


async def test_a_documented_field_the_twin_does_not_model_is_its_501_not_a_silent_drop() -> None:
    """(Outside the checked client: the twin's own 501 is in no contract.)"""
    app = create_app("2026-10")
    shirt = next(p for p in app.twin.store.products.values() if p.variant_parent_id)
    before = shirt.version
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://demo.x",
                                 headers={"Authorization": "Bearer stockgate-demo-token"}) as client:
        r = await client.patch(f"{BASE}/products/{shirt.id}", json={"measurements": {"weight": 1},
                                                                   "prices": {"price_excluding_tax": 2}})
    assert r.status_code == 501 and "measurements" in r.json()["error"] and "products.patch" in r.json()["error"]
    assert shirt.version == before


async def test_generated_codes_are_grouped_per_requested_entry_as_the_guide_shows(lightspeed: Any) -> None:
    """{"codes": [{"count": 2}, {"prefix": "shirt", "count": 2}]} -> {"data": [{"codes": [...]}, {"codes": [...]}]}:
    numeric codes from the SKU sequence without a prefix, the prefix and then numbered ones with it."""
    ls = lightspeed("2026-10")
    start = ls.app.twin.store.sku_sequence
    r = await ls.post(f"{BASE}/products/generate_product_codes",
                      json={"codes": [{"count": 2}, {"prefix": "shirt", "count": 2}]})
    assert (r.status_code, r.json()) == (200, {"data": [{"codes": [str(start + 1), str(start + 2)]},
                                                        {"codes": ["shirt", "shirt1"]}]})
    made = await ls.post(f"{BASE}/products", json={"name": "Shirt", "sku": "shirt",
                                                  "product_codes": [{"type": "CUSTOM", "code": "shirt"}]})
    assert made.status_code == 200, made.text
    again = (await ls.post(f"{BASE}/products/generate_product_codes",
                           json={"codes": [{"prefix": "shirt", "count": 1}]})).json()
    assert again == {"data": [{"codes": ["shirt1"]}]}  # a code a product has is not handed out again
    for body in ({"count": 2}, {"codes": []}, {"codes": [{"count": 0}]}, {"codes": [{"count": 150}, {"count": 51}]}):
        assert (await ls.post(f"{BASE}/products/generate_product_codes", json=body)).status_code == 422, body
