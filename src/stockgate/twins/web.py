"""The smallest ASGI layer the twins need: requests, responses, a router and the app shell.

Why not a web framework: the twins must answer exactly as the platforms do (their 404 and 405
bodies, their header casing, a connection reset after a committed write), and in-process calls
must be cheap enough for thousands of requests a second. A hundred lines of ASGI give both.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class BadJson(Exception):
    """The request body is not the JSON the route needs."""


class TooDeep(BadJson):
    """JSON nested past the limit (or past what Python's parser can take)."""


@dataclass(slots=True, kw_only=True)
class Request:
    """One HTTP request as a twin sees it."""

    method: str
    path: str
    raw_path: str
    query_string: str
    headers: Mapping[str, str]
    body: bytes
    scheme: str = "http"
    host: str = "twin"
    path_params: dict[str, str] = field(default_factory=dict)
    oversized: bool = False  # the body was over the limit: not read (``body`` is empty), to be answered 413
    client: str | None = None  # the peer's address (ASGI ``client``), as a web server's REMOTE_ADDR
    # (query_string, its pairs): routes, auth and handlers all ask for the query; parsed once per string
    _parsed: tuple[str, list[tuple[str, str]]] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def query(self) -> list[tuple[str, str]]:
        """Query parameters in order, repeated keys kept (a new list each time)."""
        if self._parsed is None or self._parsed[0] is not self.query_string:
            self._parsed = (self.query_string, parse_qsl(self.query_string, keep_blank_values=True))
        return list(self._parsed[1])

    def query_value(self, name: str) -> str | None:
        """The first value of query parameter ``name``."""
        return next((v for k, v in self.query if k == name), None)

    def json(self, *, max_depth: int | None = None) -> Any:
        """The body parsed as JSON; :class:`BadJson` when it is not (or nests past ``max_depth``)."""
        if not self.body.strip():
            raise BadJson("the request body is empty")
        return parse_json(self.body, max_depth=max_depth, what="the request body")

    @property
    def url(self) -> str:
        """The absolute URL without the query (what OAuth 1.0a signs)."""
        return f"{self.scheme}://{self.host}{self.raw_path}"


def parse_json(text: str | bytes, *, max_depth: int | None = None, what: str = "the value") -> Any:
    """Strict JSON: no ``NaN``/``Infinity`` tokens, no nesting Python cannot parse or past ``max_depth``.

    Every failure is :class:`BadJson`, never a RecursionError (100,000 nested arrays are a bad request).
    """
    try:
        value = json.loads(text, parse_constant=_not_json)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadJson(f"{what} is not JSON: {exc}") from None
    except RecursionError:
        raise TooDeep(f"{what} is nested too deeply to parse") from None
    if max_depth is not None and nesting(value) > max_depth:
        raise TooDeep(f"{what} is nested deeper than {max_depth} arrays or objects")
    return value


def _not_json(token: str) -> Any:
    """``json.loads`` takes NaN, Infinity and -Infinity: JSON (RFC 8259) does not."""
    raise BadJson(f"the body is not JSON: {token} is not a JSON value")


def nesting(value: Any) -> int:
    """How deeply arrays and objects nest in ``value`` (a scalar: 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


@dataclass(slots=True, kw_only=True)
class Response:
    """One HTTP response; ``body`` is JSON-serialised unless it is bytes."""

    status: int
    body: Any = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    content_type: str = "application/json; charset=utf-8"

    def encoded(self) -> bytes:
        """The body bytes; a NaN or Infinity in a JSON body raises (never served as non-standard JSON)."""
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()

    def json(self) -> Any:
        """The body as a JSON value (for journals and tests)."""
        if isinstance(self.body, bytes):
            try:
                return json.loads(self.body)
            except ValueError:
                return self.body.decode("utf-8", "replace")
        return self.body


Handler = Callable[[Request], Response]


@dataclass(frozen=True, slots=True)
class Route:
    """A path template (``/V1/products/{sku}``) with one handler per method."""

    template: str
    regex: re.Pattern[str]
    names: tuple[str, ...]
    handlers: Mapping[str, Handler]
    rank: tuple[int, ...]


@functools.lru_cache(maxsize=4096)  # every twin compiles the same templates (a new pair of twins per scenario)
def compile_template(template: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """``/a/{b}/c`` → a regex over the raw (still percent-encoded) path and the parameter names."""
    names = tuple(re.findall(r"\{([^}/]+)\}", template))
    parts = re.split(r"\{[^}/]+\}", template)
    regex = "([^/]+)".join(re.escape(p) for p in parts)
    return re.compile(f"^{regex}$"), names


class Router:
    """Routes by template; a literal segment beats a parameter at the same position."""

    def __init__(self, decode: Callable[[str], str] = unquote) -> None:
        """An empty router; ``decode`` turns a raw path segment into a parameter's value."""
        self._table: dict[str, dict[str, Handler]] = {}
        self._routes: list[Route] = []
        self._by_slashes: dict[int, list[Route]] = {}  # a parameter never spans a "/": only these can match
        self._decode = decode

    def add(self, method: str, template: str, handler: Handler) -> None:
        """Register ``handler`` for ``method template``; a duplicate fails at once."""
        methods = self._table.setdefault(template, {})
        if method in methods:
            raise ValueError(f"duplicate route {method} {template}")
        methods[method] = handler
        self._routes = []

    @property
    def routes(self) -> list[Route]:
        """The compiled routes, most specific first."""
        if not self._routes:
            for template, handlers in self._table.items():
                regex, names = compile_template(template)
                rank = tuple(0 if s.startswith("{") else 1 for s in template.strip("/").split("/"))
                self._routes.append(Route(template, regex, names, handlers, rank))
            self._routes.sort(key=lambda r: r.rank, reverse=True)
            self._by_slashes = {}
            for route in self._routes:  # most specific first within each length, as in the whole list
                self._by_slashes.setdefault(route.template.count("/"), []).append(route)
        return self._routes

    def templates(self) -> Iterable[tuple[str, str]]:
        """Every (method, template) pair registered."""
        for template, handlers in self._table.items():
            for method in handlers:
                yield method, template

    def find(self, method: str, raw_path: str) -> tuple[Route | None, Handler | None, dict[str, str]]:
        """The route for ``raw_path`` and its handler for ``method`` (None when the method is not allowed)."""
        if not self._routes:
            _ = self.routes
        for route in self._by_slashes.get(raw_path.count("/"), ()):
            found = route.regex.match(raw_path)
            if found:
                params = {n: self._decode(v) for n, v in zip(route.names, found.groups(), strict=True)}
                return route, route.handlers.get(method), params
        return None, None, {}


async def read_request(scope: Scope, receive: Receive, *, limit: int | None = None) -> Request:
    """Collect the request from ASGI messages; a body over ``limit`` bytes is left unread (``oversized``)."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    raw_path = scope.get("raw_path") or scope["path"].encode()
    if isinstance(raw_path, bytes):
        raw_path = raw_path.decode("latin-1")
    request = Request(
        method=scope["method"].upper(), path=scope["path"], raw_path=raw_path.split("?", 1)[0],
        query_string=scope.get("query_string", b"").decode("latin-1"), headers=headers, body=b"",
        scheme=scope.get("scheme", "http"), host=headers.get("host", "twin"), client=_peer(scope),
    )
    declared = headers.get("content-length", "")
    if limit is not None and declared.isdigit() and int(declared) > limit:
        request.oversized = True  # refused on the declared length, as web servers do, before reading
        return request
    body = await _read_body(receive, limit)
    request.body, request.oversized = body or b"", body is None
    return request


def _peer(scope: Scope) -> str | None:
    """The client's host from the ASGI scope (None when the server does not say)."""
    client = scope.get("client")
    return str(client[0]) if isinstance(client, list | tuple) and client else None


async def _read_body(receive: Receive, limit: int | None) -> bytes | None:
    """The body, or None as soon as it grows past ``limit`` (the rest is never read)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def send_response(send: Send, response: Response) -> None:
    """Write ``response`` as ASGI messages."""
    body = response.encoded()
    headers = [(b"content-type", response.content_type.encode()), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def lifespan(receive: Receive, send: Send) -> None:
    """Answer ASGI lifespan messages (uvicorn sends them; httpx's ASGITransport does not)."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
