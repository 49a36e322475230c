"""The runner's own reads of the twins go in-process, without httpx (issue 18 item 4).

The twin must see the very request httpx's ASGI transport would have given it, and the runner the
very answer: these tests send each read both ways and compare.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import httpx

from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.runner import connector_mapping
from stockgate.scenarios.world import World
from stockgate.twins.shell import OBSERVER
from stockgate.twins.web import Request

BY_ID = {s.id: s for s in discover()}
PAIR = Pair(magento="2.4.8", lightspeed="2026-07")
SCENARIO = "reservations/web-order-counted-once"


def _seen(app: Any, requests: list[Request]) -> None:
    """Note every request ``app`` dispatches."""
    original = app.dispatch

    def dispatch(request: Request) -> Any:
        requests.append(request)
        return original(request)

    app.dispatch = dispatch


class _OverHttpx(World):
    """The same world with the reads sent through httpx, as before."""

    twins = False


def _reads(world: World) -> list[Any]:
    sku = "MUG BLK/+ü"  # reserved characters, a space and a non-ASCII letter in the path
    return [
        world.admin("GET", "/products", query=[("searchCriteria[pageSize]", "5"),
                                               ("searchCriteria[filter_groups][0][filters][0][value]", "a b+c%")]),
        world.admin("GET", f"/products/{sku.replace('/', '%2F').replace(' ', '%20').replace('+', '%2B')}"),
        world.admin("GET", "/inventory/source-items"),
        world.admin("GET", "/no/such/route"),
        world.ls_get("/products", after=0, page_size=10000, deleted="true"),
        world.ls_get("/search", type="sales", page_size=1000),
        world.ls_get("/outlets"),
        world.ls_get("/nothing/here", q="a b&c"),
    ]


def _run(world_class: type[World]) -> tuple[list[Any], list[Request]]:
    async def run() -> tuple[list[Any], list[Request]]:
        world = World(PAIR, connector_mapping(BY_ID[SCENARIO], PAIR))
        world.__class__ = world_class
        requests: list[Request] = []
        _seen(world.magento, requests)
        _seen(world.lightspeed, requests)
        try:
            answers = []
            for read in _reads(world):
                answer = await read
                answers.append(answer if isinstance(answer, dict) else
                               (answer.status_code, answer.json(), answer.headers.get("content-type"),
                                answer.request.method, str(answer.request.url)))
            return answers, requests
        finally:
            await world.close()
    return asyncio.run(run())


def _comparable(request: Request) -> dict[str, Any]:
    fields = dataclasses.asdict(request)
    fields.pop("_parsed", None)  # the query as parsed, when a handler asked for it
    fields["headers"] = {k: v for k, v in request.headers.items() if k != "authorization"}  # nonce and time
    fields["signed"] = request.headers.get("authorization", "").split(" ", 1)[0]
    return fields


def test_the_twin_sees_the_request_httpx_would_send_and_the_runner_the_same_answer() -> None:
    thin, thin_requests = _run(World)
    over, over_requests = _run(_OverHttpx)
    assert len(thin_requests) == len(over_requests) == 8
    assert all(r.headers.get(OBSERVER) == "1" for r in thin_requests)
    assert [_comparable(r) for r in thin_requests] == [_comparable(r) for r in over_requests]
    assert thin == over
    assert thin[3][0] == 404 and thin[0][0] == 200  # both kinds of answer compared


def test_the_observer_reads_do_not_go_through_httpx(monkeypatch: Any) -> None:
    sent: list[str] = []
    original = httpx.AsyncClient.send

    async def send(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        sent.append(str(request.url))
        return await original(self, request, **kwargs)

    monkeypatch.setattr(httpx.AsyncClient, "send", send)
    _run(World)
    assert sent == []
    _run(_OverHttpx)
    assert len(sent) == 8
