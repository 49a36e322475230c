"""vcrpy plumbing for stockgate's cassettes: matchers, an indexed lookup, and requests that got no answer.

Matching is on method, path and sorted query, and the JSON body (httpx writes compact JSON; another
serialization of the same body still matches). A request that got no answer (a dropped connection,
a response lost after commit) has no place in vcrpy's format: it is recorded as a marker
(:data:`~stockgate.cassettes.store.NO_ANSWER_HEADER`) and replayed as the same transport error.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from stockgate.cassettes.store import NO_ANSWER_HEADER, NO_ANSWER_STATUS, MemoryPersister


class NoAnswerRecorder(httpx.AsyncBaseTransport):
    """Records a request that got no answer into the cassette, in order, then lets the error through."""

    def __init__(self, inner: httpx.AsyncBaseTransport, cassette: Any) -> None:
        """Wrap ``inner``; markers go into vcrpy's ``cassette``."""
        self.inner = inner
        self.cassette = cassette

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send; on a transport error, append the marker (vcrpy's filters apply) and re-raise."""
        try:
            return await self.inner.handle_async_request(request)
        except httpx.TransportError as exc:
            from vcr.request import Request

            self.cassette.append(Request(request.method, str(request.url), request.content, dict(request.headers)),
                                 {"status": {"code": NO_ANSWER_STATUS, "message": "no answer"},
                                  "headers": {NO_ANSWER_HEADER: [type(exc).__name__]}, "body": {"string": b""}})
            raise


async def unrecorded(scope: Any, receive: Any, send: Any) -> None:
    """What answers if vcrpy ever let a replayed request through: never the network."""
    await send({"type": "http.response.start", "status": 599, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"stockgate replay: this request was not recorded"})


class NoAnswerPlayer(httpx.AsyncBaseTransport):
    """Turns a recorded no-answer back into the transport error the connector saw."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        """Wrap ``inner`` (vcrpy answers in its place)."""
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """The recorded answer, or the recorded dropped connection."""
        response = await self.inner.handle_async_request(request)
        if NO_ANSWER_HEADER in response.headers:
            await response.aclose()
            raise httpx.RemoteProtocolError("Server disconnected without sending a response (as recorded).",
                                            request=request)
        return response

    async def aclose(self) -> None:
        """Close ``inner``."""
        await self.inner.aclose()


MATCH_ON = ("method", "path_and_query", "json_body")


def json_body(r1: Any, r2: Any) -> None:
    """The vcrpy matcher: equal JSON bodies (httpx's compact JSON vs another serialization), else equal bytes."""
    if r1.body == r2.body:
        return
    if _parsed_body(r1.body) != _parsed_body(r2.body):  # the message is cheap: most comparisons fail
        raise AssertionError(f"body {_short(r1.body)} != {_short(r2.body)}")


def path_and_query(r1: Any, r2: Any) -> None:
    """The vcrpy matcher: the same path and the same query parameters (any order)."""
    if _where(r1.uri) != _where(r2.uri):
        raise AssertionError(f"{r1.uri} != {r2.uri}")


# vcrpy runs every matcher of every recorded interaction for every request: parse each body and URL once
@functools.lru_cache(maxsize=8192)
def _parsed_body(body: bytes | str | None) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, TypeError):
        return body


def _short(body: bytes | str | None, limit: int = 300) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
    return text if len(text) <= limit else text[:limit] + "…"


@functools.lru_cache(maxsize=8192)
def _where(uri: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    parts = urlsplit(uri)
    return parts.path, tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))


def make_vcr(persister: MemoryPersister, mode: str,
             before_record_request: Callable[[Any], Any] | None = None) -> Any:
    """A vcrpy recorder on ``persister`` (never the file system) with stockgate's matchers."""
    import vcr

    recorder = vcr.VCR(record_mode=mode, match_on=list(MATCH_ON), before_record_request=before_record_request,
                       decode_compressed_response=True)
    recorder.register_matcher("json_body", json_body)
    recorder.register_matcher("path_and_query", path_and_query)
    recorder.register_persister(persister)
    return recorder


def index_lookup(cassette: Any) -> None:
    """Find a request's recorded interactions through an index instead of vcrpy's scan of all of them.

    vcrpy checks every interaction for every request (quadratic: a scenario whose connector created
    300 products spent seconds there). The index keys on what MATCH_ON compares — method, path and
    query — and then compares the JSON body, yielding the same interactions in the same order as
    vcrpy's ``Cassette._responses`` (vcrpy 9.x internals, pinned below 10 in pyproject.toml). A
    request that matches nothing still gets vcrpy's own explanation of the closest ones.
    """
    buckets: dict[Any, list[int]] = {}
    for index, (stored, _response) in enumerate(cassette.data):
        buckets.setdefault(_key(stored), []).append(index)

    def responses(request: Any) -> Any:
        request = cassette._before_record_request(request)
        if not request:
            return
        for index in buckets.get(_key(request), ()):
            yield index, cassette.data[index][1]

    cassette._responses = responses


def _key(request: Any) -> tuple[str, Any, str]:
    """Method, path and sorted query, and the body in one canonical text (JSON with sorted keys)."""
    body = _parsed_body(request.body)
    text = body if isinstance(body, str | bytes) else json.dumps(body, sort_keys=True, separators=(",", ":"))
    return request.method, _where(request.uri), str(text)
