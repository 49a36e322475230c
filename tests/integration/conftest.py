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


async def ok(m: Checked, method: str, path: str, **kw: Any) -> Any:
    """A Magento admin call that must answer 200; its JSON."""
    r = await m.request(method, f"/rest/V1{path}", headers=TOKEN, **kw)
    assert r.status_code == 200, f"{method} {path}: {r.status_code} {r.text}"
    return r.json()


async def refused(m: Checked, method: str, path: str, status: int, **kw: Any) -> dict[str, Any]:
    """A Magento admin call that must answer ``status``; its error body."""
    r = await m.request(method, f"/rest/V1{path}", headers=TOKEN, **kw)
    assert r.status_code == status, f"{method} {path}: {r.status_code} {r.text}"
    body: dict[str, Any] = r.json()
    return body


def custom(product: dict[str, Any], code: str) -> Any:
    """A product's custom attribute value (None: not carried)."""
    return next((a["value"] for a in product["custom_attributes"] if a["attribute_code"] == code), None)


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


class CheckedLightspeed:
    """An httpx client on a Lightspeed twin; every JSON answer is checked against the contract of the
    API version that served it (a retired version is checked against the one answering for it)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.problems: list[str] = []
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=LS_BASE,
                                        headers={"Authorization": "Bearer stockgate-demo-token"},
                                        event_hooks={"response": [self._check]})

    async def _check(self, response: httpx.Response) -> None:
        import re

        await response.aread()
        found = re.match(r"^/api/(\d{4}-\d{2}|2\.0)(/.*)$", response.request.url.path)
        if not found or not response.headers.get("content-type", "").startswith("application/json"):
            return  # 0.9 and 2.1 have no published contract
        api = self.app.twin.release.resolve(found[1])
        if api is None:
            return
        url = f"/api/{api.segment}{found[2]}"
        self.problems += response_problems(api.contract, api.profile, method=response.request.method, url=url,
                                           status=response.status_code, body=response.json())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)


LS_BASE = "https://demo.retail.lightspeed.app"


@pytest.fixture
async def lightspeed() -> AsyncIterator[Callable[..., CheckedLightspeed]]:
    """``lightspeed("2026-07", "registers-1")`` → a checked client with the demo connector token."""
    from stockgate.twins.lightspeed import create_app as create_lightspeed

    made: list[CheckedLightspeed] = []

    def make(release: str = "2026-07", profile: str = "default", seed: str | None = "demo",
             **kw: Any) -> CheckedLightspeed:
        made.append(CheckedLightspeed(create_lightspeed(release, profile, seed=seed, **kw)))
        return made[-1]

    yield make
    for checked in made:
        await checked.client.aclose()
    problems = [p for c in made for p in c.problems]
    assert problems == [], "answers that break the contract:\n" + "\n".join(problems)
