"""The twins' ASGI layer on its own: request bodies are capped while read, JSON is parsed defensively (no HTTP)."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

import pytest

from stockgate.twins.web import BadJson, Request, Response, Router, read_request

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


def _request(body: bytes) -> Request:
    return Request(method="POST", path="/x", raw_path="/x", query_string="", headers={}, body=body)


def test_json_nested_past_what_python_parses_is_bad_json_not_a_crash() -> None:
    with pytest.raises(BadJson):
        _request(b"[" * 100_000 + b"]" * 100_000).json()


def test_a_nesting_limit_counts_arrays_and_objects() -> None:
    assert _request(b'[{"a": [1]}]').json(max_depth=3) == [{"a": [1]}]
    with pytest.raises(BadJson, match="nested"):
        _request(b'[{"a": [[]]}]').json(max_depth=3)


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_tokens_are_not_json(token: str) -> None:
    with pytest.raises(BadJson, match=token):
        _request(f'{{"quantity": {token}}}'.encode()).json()


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_a_twin_never_serves_nan_or_infinity(value: float) -> None:
    """A non-finite number that slipped past validation is a twin bug, raised, not non-standard JSON served."""
    with pytest.raises(ValueError, match="JSON compliant"):
        Response(status=200, body={"quantity": value}).encoded()


def test_the_router_finds_routes_of_each_length_and_ones_added_after_a_lookup() -> None:
    """Routes are looked up among those with as many segments as the path (a parameter never spans a "/")."""

    def handler(_request: object) -> Response:
        return Response(status=200)

    router = Router()
    router.add("GET", "/V1/orders/{id}", handler)
    router.add("GET", "/V1/orders/items", handler)
    assert router.find("GET", "/V1/orders/items")[0].template == "/V1/orders/items"  # literal beats parameter
    assert router.find("GET", "/V1/orders/7")[2] == {"id": "7"}
    assert router.find("GET", "/V1/orders/7/comments") == (None, None, {})
    router.add("GET", "/V1/orders/{id}/comments", handler)  # after a lookup: the index is rebuilt
    assert router.find("GET", "/V1/orders/7/comments")[0].template == "/V1/orders/{id}/comments"
    assert router.find("POST", "/V1/orders/7")[1] is None


def test_a_request_query_is_parsed_once_yet_each_caller_gets_its_own_list() -> None:
    request = Request(method="GET", path="/x", raw_path="/x", query_string="a=1&b=&a=2", headers={}, body=b"")
    first = request.query
    first.append(("c", "3"))  # a handler that edits its copy does not change what the next one reads
    assert request.query == [("a", "1"), ("b", ""), ("a", "2")]
    request.query_string = "d=4"
    assert request.query == [("d", "4")] and request.query_value("d") == "4"
