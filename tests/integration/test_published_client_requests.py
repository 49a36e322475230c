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
    ("/rest/V1/categories/list/?searchCriteria[currentPage]=1", "GET /V1/categories/list"),  # my-magento
    ("/rest/V1/categories/?searchCriteria[currentPage]=1", "GET /V1/categories"),
    ("/rest/default/V1/customers/search/?searchCriteria[pageSize]=5", "GET /V1/customers/search"),
])
async def test_a_trailing_slash_on_a_contract_operation_not_emulated_is_its_501(magento: Any, path: str,
                                                                               operation: str) -> None:
    """Magento trims the path before routing (``url.path_slashes``), so ``/V1/categories/list/`` is the
    contract's ``GET /V1/categories/list``: not a no-route 404 that says the version lacks it."""
    m = magento("2.4.8")
    r = await m.get(path, headers=TOKEN)
    assert (r.status_code, r.headers.get(MARK)) == (501, operation), r.text


async def test_a_trailing_slash_outside_the_contract_is_still_no_route(magento: Any) -> None:  # control
    m = magento("2.4.8")
    r = await m.get("/rest/V1/nothing-here/?a=1", headers=TOKEN)
    assert (r.status_code, r.json()["message"], MARK in r.headers) == (404, "Request does not match any route.",
                                                                      False)
