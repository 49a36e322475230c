"""MSI in-store pickup and distance services on the Magento twin (issue 15 item 1).

Pickup locations are enabled sources flagged ``is_pickup_location_active`` on the scope's stock; a store
without geodata (Magento's default google provider has no key) finds none for an area and answers the
distance services with the missing-key error; a seed's offline geonames make both work.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import BASE, ok, refused

pytestmark = pytest.mark.anyio

PICKUP = "/inventory/in-store-pickup/pickup-locations/"
CENTRAL = {"source_code": "central", "name": "Central Store", "country_id": "US", "postcode": "63145",
           "city": "St. Louis", "street": "1 Main St", "phone": "5550100"}


def _active(**extra: Any) -> dict[str, Any]:
    return {"source": {**CENTRAL, "extension_attributes": {"is_pickup_location_active": True, **extra}}}


async def _anonymous(m: Any, path: str, status: int = 200) -> Any:
    r = await m.get(f"/rest/V1{path}")
    assert r.status_code == status, r.text
    return r.json()


async def test_a_source_reads_with_its_pickup_values(magento: Any) -> None:
    m = magento()
    source = await ok(m, "GET", "/inventory/sources/north")
    assert source["extension_attributes"] == {"is_pickup_location_active": False, "frontend_name": "North Store"}
    await ok(m, "PUT", "/inventory/sources/central", json=_active(frontend_name="Downtown",
                                                                   frontend_description="Desk at the back"))
    saved = await ok(m, "GET", "/inventory/sources/central")
    assert saved["extension_attributes"] == {"is_pickup_location_active": True, "frontend_name": "Downtown",
                                             "frontend_description": "Desk at the back"}
    listed = await ok(m, "GET", "/inventory/sources?searchCriteria[pageSize]=10")
    assert [s["extension_attributes"]["is_pickup_location_active"] for s in listed["items"]] == [False, True, False]


async def test_a_save_without_the_flag_keeps_it_and_clears_the_description(magento: Any) -> None:
    m = magento()
    await ok(m, "PUT", "/inventory/sources/central", json=_active(frontend_description="Desk"))
    await ok(m, "PUT", "/inventory/sources/central", json={"source": {**CENTRAL, "name": "Central"}})
    ext = (await ok(m, "GET", "/inventory/sources/central"))["extension_attributes"]
    assert ext == {"is_pickup_location_active": True, "frontend_name": "Central"}


async def test_an_active_pickup_location_needs_city_and_street(magento: Any) -> None:
    m = magento()
    fact = m.app.twin.profile.value("inventory.in_store_pickup")
    body = _active()
    del body["source"]["city"], body["source"]["street"]
    error = await refused(m, "PUT", "/inventory/sources/central", 400, json=body)
    assert error["message"] == "Validation Failed"
    # PhoneValidator reads the city: a missing city is refused twice, a missing phone never
    assert [(e["message"], e["parameters"]["field"]) for e in error["errors"]] == [
        (fact["field_required"], "city"), (fact["field_required"], "street"), (fact["field_required"], "phone")]
    no_phone = _active()
    del no_phone["source"]["phone"]
    await ok(m, "PUT", "/inventory/sources/central", json=no_phone)


async def test_the_default_source_is_never_a_pickup_location(magento: Any) -> None:
    m = magento()
    body = {"source": {**CENTRAL, "source_code": "default", "name": "Default Source",
                       "extension_attributes": {"is_pickup_location_active": True}}}
    error = await refused(m, "PUT", "/inventory/sources/default", 400, json=body)
    assert error["errors"][-1]["message"] == m.app.twin.profile.value("inventory.in_store_pickup")[
        "default_source_refused"]


async def test_pickup_locations_are_the_active_sources_of_the_scope(magento: Any) -> None:
    m = magento()
    assert (await _anonymous(m, f"{PICKUP}?searchRequest[scopeCode]=base"))["items"] == []
    await ok(m, "PUT", "/inventory/sources/central", json=_active(frontend_name="Downtown"))
    found = await _anonymous(m, f"{PICKUP}?searchRequest[scopeCode]=base")
    assert found == {"items": [{"pickup_location_code": "central", "name": "Downtown", "country_id": "US",
                                "city": "St. Louis", "street": "1 Main St", "postcode": "63145",
                                "phone": "5550100"}],
                     "total_count": 1,
                     "search_request": {"current_page": 1, "scope_type": "website", "scope_code": "base"}}
    await ok(m, "POST", "/inventory/stock-source-links-delete",
             json={"links": [{"stock_id": 2, "source_code": "central", "priority": 1}]})
    assert (await _anonymous(m, f"{PICKUP}?searchRequest[scopeCode]=base"))["total_count"] == 0


async def test_filters_sort_paging_and_products(magento: Any) -> None:
    m = magento()
    await ok(m, "PUT", "/inventory/sources/central", json=_active())
    north = {**CENTRAL, "source_code": "north", "name": "North Store", "postcode": "55401", "city": "Minneapolis"}
    await ok(m, "PUT", "/inventory/sources/north", json={"source": {
        **north, "extension_attributes": {"is_pickup_location_active": True}}})
    q = f"{PICKUP}?searchRequest[scopeCode]=base"
    by_city = await _anonymous(m, f"{q}&searchRequest[filters][city][value]=Minn%25"
                                  "&searchRequest[filters][city][conditionType]=like")
    assert [i["pickup_location_code"] for i in by_city["items"]] == ["north"]
    assert by_city["search_request"]["filters"] == {"city": {"value": "Minn%", "condition_type": "like"}}
    paged = await _anonymous(m, f"{q}&searchRequest[sort][0][field]=name&searchRequest[sort][0][direction]=desc"
                                "&searchRequest[pageSize]=1")
    assert ([i["pickup_location_code"] for i in paged["items"]], paged["total_count"]) == (["north"], 2)
    # ResolveMeta renames the request's own sort order, so the echo shows the source field
    assert paged["search_request"]["sort"] == [{"field": "frontend_name", "direction": "DESC"}]
    holding = await _anonymous(m, f"{q}&searchRequest[extensionAttributes][productsInfo][0][sku]=MUG-WHT"
                                  "&searchRequest[extensionAttributes][productsInfo][1][sku]=CAP-NVY")
    assert [i["pickup_location_code"] for i in holding["items"]] == ["central", "north"]  # rows, not stock
    await ok(m, "POST", "/inventory/source-items-delete", json={"sourceItems": [
        {"sku": "CAP-NVY", "source_code": "north", "quantity": 0, "status": 0}]})
    holding = await _anonymous(m, f"{q}&searchRequest[extensionAttributes][productsInfo][0][sku]=CAP-NVY")
    assert [i["pickup_location_code"] for i in holding["items"]] == ["central"]


async def test_an_area_finds_nothing_without_geodata(magento: Any) -> None:
    m = magento()
    await ok(m, "PUT", "/inventory/sources/central", json=_active())
    found = await _anonymous(m, f"{PICKUP}?searchRequest[scopeCode]=base&searchRequest[area][radius]=500"
                                "&searchRequest[area][searchTerm]=63145")
    assert (found["items"], found["total_count"]) == ([], 0)
    assert found["search_request"]["area"] == {"radius": 500, "search_term": "63145"}


async def test_a_request_magento_cannot_build(magento: Any) -> None:
    m = magento()
    missing = await _anonymous(m, PICKUP, 400)
    assert missing["parameters"] == {"fieldName": "searchRequest"}
    no_scope = await _anonymous(m, f"{PICKUP}?searchRequest[scopeType]=website", 500)
    assert no_scope["message"].startswith("Internal Error.")
    unknown = await _anonymous(m, f"{PICKUP}?searchRequest[scopeCode]=nowhere", 404)
    assert unknown["message"] == "No linked stock found"
    bad_sort = await _anonymous(m, f"{PICKUP}?searchRequest[scopeCode]=base&searchRequest[sort][0][field]=name"
                                   "&searchRequest[sort][0][direction]=up", 400)
    assert bad_sort["parameters"] == ["ASC", "DESC"]


@pytest.mark.parametrize("version, status", [("2.4.8", 404), ("2.4.9", 200)])
async def test_post_search_only_where_the_contract_has_it(magento: Any, version: str, status: int) -> None:
    m = magento(version)
    r = await m.post(f"/rest/V1{PICKUP}", json={"searchRequest": {"scopeCode": "base"}})
    assert r.status_code == status, r.text


async def test_distance_services_without_geodata(magento: Any) -> None:
    m = magento()
    fact = m.app.twin.profile.value("inventory.distance_provider")
    assert await ok(m, "GET", "/inventory/get-distance-provider-code") == fact["provider_default"] == "google"
    points = "source[lat]=38.6&source[lng]=-90.3&destination[lat]=44.98&destination[lng]=-93.27"
    error = await refused(m, "GET", f"/inventory/get-distance?{points}", 400)
    assert error == {"message": fact["api_key_missing"]}
    address = "address[country]=US&address[postcode]=63145&address[street]=&address[region]=&address[city]="
    for service in ("get-latlng-from-address", "get-latslngs-from-address"):
        assert (await refused(m, "GET", f"/inventory/{service}?{address}", 400))["message"] == fact["api_key_missing"]
    # the Address model needs all five strings: one left out cannot be built
    assert (await refused(m, "GET", "/inventory/get-latlng-from-address?address[country]=US", 500))[
        "message"].startswith("Internal Error.")
    both = await refused(m, "GET", "/inventory/get-distance", 400)
    assert [e["parameters"]["fieldName"] for e in both["errors"]] == ["source", "destination"]


async def test_distance_services_are_anything_but_open(magento: Any) -> None:
    m = magento()
    r = await m.get(f"{BASE}/rest/V1/inventory/get-distance-provider-code")
    assert r.status_code == 401


SEED = """seed_format: 1
name: geo
stores: {default: base}
distance:
  provider: offline
  geonames:
    - {country_code: US, postcode: "63145", city: "Saint Louis", region: Missouri, latitude: 38.6, longitude: -90.3}
    - {country_code: US, postcode: "55401", city: "Minneapolis", region: Minnesota, latitude: 44.98, longitude: -93.27}
sources:
  - {source_code: stl, name: "St. Louis", country_id: US, postcode: "63145", city: "Saint Louis", street: "1 Main",
     extension_attributes: {is_pickup_location_active: true}}
  - {source_code: msp, name: "Minneapolis", country_id: US, postcode: "55401", city: "Minneapolis", street: "2 Main",
     extension_attributes: {is_pickup_location_active: true}}
stocks:
  - {stock_id: 2, name: "Retail", websites: [base], sources: [stl, msp]}
integrations:
  - {name: geo, consumer_key: k, consumer_secret: s, access_token: stockgate-demo-token, access_token_secret: t}
"""


async def test_a_seed_with_geonames_answers_distances(magento: Any, tmp_path: Path) -> None:
    seed = tmp_path / "geo.yaml"
    seed.write_text(SEED)
    m = magento(seed=str(seed))
    assert await ok(m, "GET", "/inventory/get-distance-provider-code") == "offline"
    source = await ok(m, "GET", "/inventory/sources/stl")
    assert (source["latitude"], source["longitude"]) == (38.6, -90.3)  # FillSourceLatitudeAndLongitude
    metres = await ok(m, "GET", "/inventory/get-distance?source[lat]=38.6&source[lng]=-90.3"
                                "&destination[lat]=44.98&destination[lng]=-93.27")
    assert 740_000 < metres < 760_000
    where = await ok(m, "GET", "/inventory/get-latlng-from-address?address[country]=US&address[postcode]=00000"
                               "&address[street]=&address[region]=&address[city]=minn")
    assert where == {"lat": 44.98, "lng": -93.27}
    unknown = await refused(m, "GET", "/inventory/get-latslngs-from-address?address[country]=FR"
                                      "&address[postcode]=75001&address[street]=&address[region]=&address[city]=",
                            404)
    assert unknown == {"message": "Unknown geoname for %1", "parameters": [" 75001   FR"]}
    q = f"{PICKUP}?searchRequest[scopeCode]=base&searchRequest[area][radius]=100"
    near = await _anonymous(m, f"{q}&searchRequest[area][searchTerm]=63145")
    assert [i["pickup_location_code"] for i in near["items"]] == ["stl"]
    both = await _anonymous(m, f"{q.replace('100', '1000')}&searchRequest[area][searchTerm]=Minneapolis:US")
    assert [i["pickup_location_code"] for i in both["items"]] == ["msp", "stl"]  # nearest first
