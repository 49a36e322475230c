"""``PUT /V1/configurable-products/variation`` (issue 15 item 1): ``ConfigurableProductManagement::generateVariation``
as ``catalog.configurable_variation`` states it: one unsaved product per combination of the options' values,
named and coded after the option ids, nothing written.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TOKEN, Checked

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]
HOODIE = {"sku": "HOOD", "name": "Hoodie", "price": 30, "attribute_set_id": 4, "type_id": "configurable",
          "status": 1}


async def ok(m: Checked, method: str, path: str, **kw: Any) -> Any:
    r = await m.request(method, f"/rest/V1{path}", headers=TOKEN, **kw)
    assert r.status_code == 200, f"{method} {path}: {r.status_code} {r.text}"
    return r.json()


async def option_ids(m: Checked, code: str) -> dict[str, str]:
    return {row["label"]: row["value"] for row in await ok(m, "GET", f"/products/attributes/{code}/options")}


@pytest.mark.parametrize("version", VERSIONS)
async def test_every_combination_is_answered_and_none_is_saved(magento: Any, version: str) -> None:
    m = magento(version)
    colors, sizes = await option_ids(m, "color"), await option_ids(m, "size")
    color_id = (await ok(m, "GET", "/products/attributes/color"))["attribute_id"]
    size_id = (await ok(m, "GET", "/products/attributes/size"))["attribute_id"]
    red, blue = colors["Red"], colors["Blue"]
    small, large = sizes["S"], sizes["L"]
    options = [{"attribute_id": str(color_id), "label": "Color", "position": 0,
                "values": [{"value_index": int(red)}, {"value_index": int(blue)}]},
               {"attribute_id": str(size_id), "label": "Size", "position": 1,
                "values": [{"value_index": int(small)}, {"value_index": int(large)}, {"value_index": 1}]}]
    answer = await ok(m, "PUT", "/configurable-products/variation", json={"product": HOODIE, "options": options})
    # the last option varies fastest; the values in the attribute's option order; a value no option has is skipped
    expected = [(red, small), (red, large), (blue, small), (blue, large)]
    assert [p["sku"] for p in answer] == [f"HOOD-{c}-{s}" for c, s in expected]
    assert [p["name"] for p in answer] == [f"Hoodie-{c}-{s}" for c, s in expected]
    assert {(p["price"], p["visibility"], p["type_id"], p["attribute_set_id"]) for p in answer} == {
        (30, 1, "configurable", 4)}
    first = {a["attribute_code"]: a["value"] for a in answer[0]["custom_attributes"]}
    assert (first["color"], first["size"]) == (red, small)
    assert all("id" not in p for p in answer)  # built, not saved
    r = await m.request("GET", f"/rest/V1/products/{answer[0]['sku']}", headers=TOKEN)
    assert r.status_code == 404


@pytest.mark.parametrize("version", VERSIONS)
async def test_no_options_no_variations_and_an_unknown_attribute_is_the_repositorys_404(magento: Any,
                                                                                        version: str) -> None:
    m = magento(version)
    assert await ok(m, "PUT", "/configurable-products/variation", json={"product": HOODIE, "options": []}) == []
    r = await m.request("PUT", "/rest/V1/configurable-products/variation", headers=TOKEN, json={
        "product": HOODIE, "options": [{"attribute_id": "999999", "values": [{"value_index": 1}]}]})
    assert r.status_code == 404, r.text
    assert r.json()["parameters"] == ["999999"]
