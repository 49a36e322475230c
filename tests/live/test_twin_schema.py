"""The Magento twin answers ``GET /rest/<store>/schema?services=all`` as Magento does, from its contract."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from stockgate.contracts import load_contract
from stockgate.twins.contract_routes import NOT_EMULATED
from stockgate.twins.registry import twin_for

ADMIN = "Bearer-admin"  # replaced by a real admin token per test


def _seed(tmp_path: Path, extra: str = "") -> str:
    path = tmp_path / "seed.yaml"
    path.write_text(f"""seed_format: 1
name: schema-test
users: {{admin: stockgate-demo1}}
products:
  - {{sku: CAP-NVY, name: Cap, stock: {{default: 5}}}}
  - {{sku: MUG-BLK, name: Mug, stock: {{default: 2}}}}
integrations:
  - {{name: inventory-only, consumer_key: k, consumer_secret: s, access_token: inv-token, access_token_secret: t,
     resources: ["Magento_InventoryApi::source"]}}
{extra}""")
    return str(path)


def _get(app: Any, path: str, token: str | None = None) -> httpx.Response:
    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://store.test") as c:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            return await c.get(path, headers=headers)

    return asyncio.run(go())


def _admin_token(app: Any) -> str:
    async def go() -> str:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://store.test") as c:
            r = await c.post("/rest/V1/integration/admin/token",
                             json={"username": "admin", "password": "stockgate-demo1"})
            assert r.status_code == 200, r.text
            return str(r.json())

    return asyncio.run(go())


def _twin(seed: str, profile: str = "two-factor-off+integration-bearer-on") -> Any:
    return twin_for("magento").factory("2.4.8", profile, seed=seed)


def test_an_admin_sees_the_whole_contract_addressed_to_the_request(tmp_path: Path) -> None:
    app = _twin(_seed(tmp_path))
    answer = _get(app, "/rest/default/schema?services=all", _admin_token(app))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    contract = load_contract("magento@2.4.8")
    assert body["swagger"] == "2.0"
    assert (body["host"], body["basePath"], body["schemes"]) == ("store.test", "/rest/default", ["https"])
    assert set(body["paths"]) == set(contract.document["paths"])
    assert "description" not in body["info"]  # Adobe's unpublished $ref (a known defect) is not served
    assert contract.document["info"]["description"] == {"$ref": "intro/redocly-intro.md"}  # the contract keeps it
    assert _get(app, "/rest/schema", _admin_token(app)).json()["basePath"] == "/rest/default"


def test_a_guest_sees_anonymous_operations_and_only_their_definitions(tmp_path: Path) -> None:
    body = _get(_twin(_seed(tmp_path)), "/rest/default/schema?services=all").json()
    assert body["paths"] and all(p.startswith(("/V1/guest-carts", "/V1/integration/admin/token"))
                                 for p in body["paths"])
    assert "catalog-data-product-interface" not in body["definitions"]
    assert "quote-data-cart-interface" in body["definitions"]


def test_an_integration_sees_what_its_acl_allows(tmp_path: Path) -> None:
    body = _get(_twin(_seed(tmp_path)), "/rest/default/schema", "inv-token").json()
    assert "/V1/inventory/sources" in body["paths"] and "/V1/inventory/source-items" in body["paths"]
    assert "/V1/orders" not in body["paths"] and "/V1/products" not in body["paths"]


def test_a_seed_declared_extension_attribute_is_in_the_schema_and_the_answers(tmp_path: Path) -> None:
    seed = _seed(tmp_path, """extension_attributes:
  - {extends: catalog-data-product-extension-interface, code: loyalty_points_rate, type: number,
     values: {CAP-NVY: 1.5}}
""")
    app = _twin(seed)
    token = _admin_token(app)
    schema = _get(app, "/rest/default/schema", token).json()
    ext = schema["definitions"]["catalog-data-product-extension-interface"]["properties"]
    assert ext["loyalty_points_rate"] == {"type": "number"}
    assert "loyalty_points_rate" not in load_contract("magento@2.4.8").document["definitions"][
        "catalog-data-product-extension-interface"]["properties"]  # the contract itself is untouched
    assert _get(app, "/rest/V1/products/CAP-NVY", token).json()["extension_attributes"]["loyalty_points_rate"] == 1.5
    assert "loyalty_points_rate" not in _get(app, "/rest/V1/products/MUG-BLK", token).json()["extension_attributes"]


def test_a_bad_extension_declaration_is_refused_at_seed_load(tmp_path: Path) -> None:
    from stockgate.errors import StockgateError

    seed = _seed(tmp_path, "extension_attributes:\n  - {extends: catalog-data-product-interface, code: x, "
                 "type: number}\n")
    with pytest.raises(StockgateError, match="extension"):
        _twin(seed)


@pytest.mark.parametrize(("path", "status"), [("/rest/default/async/schema", 501),
                                              ("/rest/default/schema?services=catalogProductRepositoryV1", 501),
                                              ("/rest/nowhere/schema", 404)])
def test_what_the_twin_does_not_emulate_or_know_says_so(tmp_path: Path, path: str, status: int) -> None:
    app = _twin(_seed(tmp_path))
    answer = _get(app, path, _admin_token(app))
    assert answer.status_code == status
    assert (NOT_EMULATED.lower() in answer.headers) == (status == 501)
    assert app.twin.journal.by_operation["GET /async/schema" if "async" in path else "GET /schema"] == 1
