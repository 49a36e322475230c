"""Requests that published API clients send, answered as a real store answers them (issue 15, "Done when").

Each test is a request shape found by running a published client nobody here wrote against a served twin
(``tests/clients/README.md`` lists the clients and what each did) where the twin answered otherwise than
the platform would. Each names the profile fact it exercises and failed before the fix.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TOKEN

pytestmark = pytest.mark.anyio
MARK = "x-stockgate-not-emulated"


# --- url.path_slashes on operations the twin does not emulate --------------------------------------------------
@pytest.mark.parametrize(("path", "operation"), [
    ("/rest/V1/cmsPage/search/?searchCriteria[currentPage]=1", "GET /V1/cmsPage/search"),
    ("/rest/V1/taxRates/search/?searchCriteria[currentPage]=1", "GET /V1/taxRates/search"),
    ("/rest/default/V1/attributeMetadata/customer/?searchCriteria[pageSize]=5", "GET /V1/attributeMetadata/customer"),
])
async def test_a_trailing_slash_on_a_contract_operation_not_emulated_is_its_501(magento: Any, path: str,
                                                                               operation: str) -> None:
    """Magento trims the path before routing (``url.path_slashes``), so ``/V1/cmsPage/search/`` is the
    contract's ``GET /V1/cmsPage/search``: not a no-route 404 that says the version lacks it."""
    m = magento("2.4.8")
    r = await m.get(path, headers=TOKEN)
    assert (r.status_code, r.headers.get(MARK)) == (501, operation), r.text


async def test_a_trailing_slash_outside_the_contract_is_still_no_route(magento: Any) -> None:  # control
    m = magento("2.4.8")
    r = await m.get("/rest/V1/nothing-here/?a=1", headers=TOKEN)
    assert (r.status_code, r.json()["message"], MARK in r.headers) == (404, "Request does not match any route.",
                                                                      False)


# --- endpoints.legacy_09: the deprecated 0.9 API Lightspeed still serves ----------------------------------------
def _lightspeed() -> Any:
    import httpx

    from stockgate.twins.lightspeed import create_app
    from tests.integration.conftest import LS_BASE

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app("2026-07")), base_url=LS_BASE,
                             headers={"Authorization": "Bearer stockgate-demo-token"})


@pytest.mark.parametrize(("method", "path", "operation"), [  # vend-nodejs-sdk 1.1.2's reads
    ("GET", "/api/registers", "GET /api/registers"),
    ("GET", "/api/outlets", "GET /api/outlets"),
    ("GET", "/api/register_sales?page=1", "GET /api/register_sales"),
    ("GET", "/api/consignment/x1", "GET /api/consignment/{consignment_id}"),
    ("DELETE", "/api/webhooks/x1", "DELETE /api/webhooks/{webhook_id}"),
])
async def test_a_lightspeed_09_operation_not_emulated_is_its_501(method: str, path: str, operation: str) -> None:
    """0.9 is deprecated without a sunset date (only its product endpoints are gone), so a real store still
    answers these; the twin's no-route 404 told a client the store lacks them."""
    async with _lightspeed() as ls:
        r = await ls.request(method, path)
    message = f"{operation} is in lightspeed@0.9's contract but not emulated by the stockgate twin"
    assert (r.status_code, r.json(), r.headers.get(MARK)) == (501, {"error": message}, operation)
    assert "x-ratelimit-remaining" in r.headers  # after auth and the limiter, as any call


async def test_lightspeed_09_routes_the_twin_serves_and_paths_outside_it_stay_as_they_were() -> None:  # control
    async with _lightspeed() as ls:
        assert (await ls.get("/api/products")).status_code == 410  # endpoints.gone
        assert (await ls.get("/api/webhooks")).status_code == 200
        r = await ls.get("/api/price_books")
        assert (r.status_code, r.json()) == (404, {"error": "not found"})
