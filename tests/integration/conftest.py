"""Twins in-process over httpx's ASGITransport, with a test-wide contract check on every answer."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from stockgate.contracts import Contract, load_contract
from stockgate.contracts.conformance import response_problems
from stockgate.twins.magento import create_app
from stockgate.twins.magento.app import MagentoApp

BASE = "http://magento.test"
TOKEN = {"Authorization": "Bearer stockgate-demo-token"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@functools.cache
def contract(ref: str) -> Contract:
    return load_contract(ref)


class Checked:
    """An httpx client on a twin whose every answer is checked against the twin's contract."""

    def __init__(self, app: MagentoApp) -> None:
        self.app = app
        self.problems: list[str] = []
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE,
                                        event_hooks={"response": [self._check]})

    async def _check(self, response: httpx.Response) -> None:
        await response.aread()
        if response.headers.get("content-type", "").startswith("application/json"):
            twin = self.app.twin
            self.problems += response_problems(contract(str(twin.contract.ref)), twin.profile,
                                               method=response.request.method, url=str(response.request.url),
                                               status=response.status_code, body=response.json())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)


@pytest.fixture
async def magento() -> AsyncIterator[Callable[..., Checked]]:
    """``magento("2.4.8", "input-limits-on")`` → a checked client; fails the test on any non-conforming answer."""
    made: list[Checked] = []

    def make(version: str = "2.4.8", profile: str = "integration-bearer-on", seed: str | None = "demo") -> Checked:
        app = create_app(version, profile, seed=seed)
        app.twin.contract = contract(f"magento@{version}")
        made.append(Checked(app))
        return made[-1]

    yield make
    for checked in made:
        await checked.client.aclose()
    problems = [p for c in made for p in c.problems]
    assert problems == [], "answers that break the contract:\n" + "\n".join(problems)
