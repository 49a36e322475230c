"""The twins' ASGI layer on its own: request bodies are capped while read, JSON is parsed defensively (no HTTP)."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

from stockgate.twins.web import read_request

SCOPE = {"type": "http", "method": "POST", "path": "/rest/V1/x", "raw_path": b"/rest/V1/x", "query_string": b"",
         "headers": [(b"content-type", b"application/json")]}


def _endless() -> tuple[list[int], Any]:
    calls = [0]

    async def receive() -> MutableMapping[str, Any]:
        calls[0] += 1
        return {"type": "http.request", "body": b"x" * 1_000_000, "more_body": True}

    return calls, receive


def test_a_body_past_the_limit_is_not_read_any_further_nor_kept() -> None:
    calls, receive = _endless()
    request = asyncio.run(read_request(SCOPE, receive, limit=2_500_000))
    assert (request.oversized, request.body, calls[0]) == (True, b"", 3)


def test_a_declared_length_past_the_limit_is_refused_before_reading() -> None:
    calls, receive = _endless()
    scope = {**SCOPE, "headers": [*SCOPE["headers"], (b"content-length", b"50000000")]}
    request = asyncio.run(read_request(scope, receive, limit=1_048_576))
    assert (request.oversized, calls[0]) == (True, 0)


def test_a_body_at_the_limit_is_read() -> None:
    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.request", "body": b"[" + b" " * 1022 + b"]", "more_body": False}

    request = asyncio.run(read_request(SCOPE, receive, limit=1024))
    assert (request.oversized, len(request.body), request.json()) == (False, 1024, [])
