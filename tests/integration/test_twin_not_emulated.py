"""Contract operations a twin does not emulate answer 501 naming them; other paths get the platform's 404.

Issue 15: a connector must be able to tell "the twin does not emulate this" (501, naming the operation
and ``platform@version``, marked with ``X-Stockgate-Not-Emulated``) from "this platform version has no
such route" (Magento's ``Request does not match any route.``, Lightspeed's ``{"error": "not found"}``).
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.integration.conftest import LS_BASE, TOKEN

pytestmark = pytest.mark.anyio
MARK = "x-stockgate-not-emulated"
NO_ROUTE = {"message": "Request does not match any route.", "trace": None}


def concrete(template: str) -> str:
    """A URL path for ``template`` with every parameter filled."""
    return re.sub(r"\{[^}/]+\}", "x1", template)


def not_emulated(ref: str) -> list[str]:
    """The operations ``stockgate twin coverage`` reports as answered 501."""
    from stockgate.twins.coverage import contract_coverage

    return [row.operation for row in contract_coverage(ref).operations if not row.emulated]


def magento_message(operation: str, ref: str) -> dict[str, Any]:
    return {"message": f"{operation} is in {ref}'s contract but not emulated by the stockgate twin",
            "parameters": {"operation": operation, "contract": ref}}


async def test_magento_answers_501_naming_the_operation_and_journals_it(magento: Any) -> None:
    m = magento("2.4.8")
    r = await m.get("/rest/default/V1/cmsPage/7", headers=TOKEN)
    assert (r.status_code, r.json()) == (501, magento_message("GET /V1/cmsPage/{pageId}", "magento@2.4.8"))
    assert r.headers[MARK] == "GET /V1/cmsPage/{pageId}"
    entry = list(m.app.twin.journal)[-1]
    assert (entry.operation, entry.status, entry.response_header(MARK)) == ("GET /V1/cmsPage/{pageId}", 501,
                                                                            "GET /V1/cmsPage/{pageId}")
    r = await m.post("/rest/default/async/V1/cmsPage", headers=TOKEN, json={"page": {}})
    assert (r.status_code, r.headers[MARK]) == (501, "POST /V1/cmsPage")  # never accepted into the queue


async def test_magento_keeps_its_404_outside_the_contract_and_501s_naming_a_fact_unmarked(magento: Any) -> None:
    m = magento("2.4.8")
    for method, path in [("GET", "/rest/V1/nothing-here"), ("DELETE", "/rest/V1/inventory/sources"),
                         ("PATCH", "/rest/V1/cmsPage/7"), ("GET", "/rest/V1/cmsPage/7/extra")]:
        r = await m.request(method, path, headers=TOKEN)  # a wrong method is no route too (method first, then path)
        assert (r.status_code, r.json(), MARK in r.headers) == (404, NO_ROUTE, False), (method, path)
        assert list(m.app.twin.journal)[-1].operation is None
    two_factor = magento("2.4.8", "default")
    creds = {"username": "admin", "password": "stockgate-demo1"}
    r = await two_factor.post("/rest/V1/integration/admin/token", json=creds)
    assert r.status_code == 501 and "auth.two_factor" in r.json()["message"] and MARK not in r.headers


@pytest.mark.parametrize("version", ["2.4.5", "2.4.8", "2.4.9"])
async def test_every_magento_operation_coverage_reports_as_501_answers_501(magento: Any, version: str) -> None:
    m = magento(version)
    ref = f"magento@{version}"
    missing = not_emulated(ref)
    assert len(missing) > 250  # a large share of the contract still answers 501; the bound shrinks as the twin grows
    for operation in missing:
        method, template = operation.split(" ", 1)
        r = await m.request(method, f"/rest/default{concrete(template)}", headers=TOKEN)
        assert (r.status_code, r.json(), r.headers.get(MARK)) == (501, magento_message(operation, ref), operation)


async def test_a_literal_contract_path_is_not_answered_by_an_emulated_parameter_route(magento: Any) -> None:
    """GET /V1/orders/items was the {id} handler's 400; Magento routes the literal path (exact match first)."""
    m = magento("2.4.8")
    for path, operation in [("/rest/V1/orders/items?searchCriteria[pageSize]=1", "GET /V1/orders/items"),
                            ("/rest/V1/products/types", "GET /V1/products/types"),
                            ("/rest/V1/products/attributes?searchCriteria[pageSize]=1", "GET /V1/products/attributes"),
                            ("/rest/V1/orders/1", "GET /V1/orders/{id}"),
                            ("/rest/V1/products/MUG-BLK", "GET /V1/products/{sku}")]:
        r = await m.get(path, headers=TOKEN)
        assert r.status_code != 400, (path, r.text)
        assert list(m.app.twin.journal)[-1].operation == operation


class Plain:
    """An unchecked client on a Lightspeed twin: a 501 is the twin's own answer, outside every contract."""

    def __init__(self, release: str = "2026-07", profile: str = "registers-1000", **kw: Any) -> None:
        from stockgate.twins.lightspeed import create_app

        self.app = create_app(release, profile, **kw)
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=LS_BASE,
                                        headers={"Authorization": "Bearer stockgate-demo-token"})

    async def __aenter__(self) -> httpx.AsyncClient:
        return self.client

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()


def ls_message(operation: str, ref: str) -> dict[str, Any]:
    return {"error": f"{operation} is in {ref}'s contract but not emulated by the stockgate twin"}


async def test_lightspeed_answers_501_naming_the_operation_after_auth_and_the_limiter() -> None:
    twin = Plain(profile="default")
    async with twin as ls:
        r = await ls.get("/api/2.0/price_books/7")
        assert (r.status_code, r.json()) == (501, ls_message("GET /price_books/{price_book_id}", "lightspeed@2.0"))
        assert r.headers[MARK] == "GET /price_books/{price_book_id}"
        assert (r.headers["x-ratelimit-limit"], r.headers["x-ratelimit-remaining"]) == ("350", "349")
        entry = list(twin.app.twin.journal)[-1]
        assert (entry.operation, entry.status) == ("GET /price_books/{price_book_id}", 501)
        r = await ls.get("/api/2026-07/gift_cards", headers={"Authorization": "Bearer nope"})
        assert r.status_code == 401 and MARK not in r.headers


async def test_lightspeed_keeps_its_404_outside_the_contract() -> None:
    async with Plain() as ls:
        for method, path in [("GET", "/api/2026-07/nothing-here"), ("GET", "/api/2026-07/inventory"),
                             ("POST", "/api/2.0/sales/x1/actions/return"), ("GET", "/api/2.1/price_books"),
                             ("GET", "/api/price_books")]:
            r = await ls.request(method, path)
            assert (r.status_code, r.json(), MARK in r.headers) == (404, {"error": "not found"}, False), path


@pytest.mark.parametrize(("release", "segment"), [("2026-07", "2.0"), ("2026-07", "2026-01"), ("2026-07", "2026-07"),
                                                  ("2026-10", "2026-10")])
async def test_every_lightspeed_operation_coverage_reports_as_501_answers_501(release: str, segment: str) -> None:
    ref = f"lightspeed@{segment}"
    missing = not_emulated(ref)
    assert len(missing) > 20  # enough to mean something (2.0 has 43 left, the date versions about 100)
    async with Plain(release) as ls:
        for operation in missing:
            method, template = operation.split(" ", 1)
            r = await ls.request(method, f"/api/{segment}{concrete(template)}")
            assert (r.status_code, r.json(), r.headers.get(MARK)) == (501, ls_message(operation, ref), operation)


async def test_a_retired_lightspeed_version_names_the_version_answering_for_it() -> None:
    import datetime as dt

    async with Plain("2026-10", as_of=dt.date(2027, 2, 15)) as ls:
        r = await ls.get("/api/2026-01/gift_cards")
        assert (r.status_code, r.json()) == (501, ls_message("GET /gift_cards", "lightspeed@2026-04"))
