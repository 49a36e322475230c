"""Route every httpx request for the twins' hosts to the in-process twins, through respx; fail closed elsewhere.

Most connectors build their own ``httpx`` client (SDKs do too) and never see the transports stockgate
hands to a ``python:`` connector. While :func:`twins` is active, respx intercepts every httpx
request of the process that goes through httpcore (a client's default transport), sync or async:

* a request for one of the routed hosts is answered by that host's twin (an ASGI app), in-process;
  a sync ``httpx.Client`` is bridged: the app runs to completion on a worker thread's event loop
  while the calling thread waits (the twins keep no loop-bound state);
* a request for any other host fails with :class:`BlockedHost` before anything leaves the machine,
  so nothing reaches a real platform by accident; its message names that host, the twins' base URLs
  and where the connector reads them (``env.magento_url``, ``env.lightspeed_url``);
* name lookups of the routed hosts by anything else (``requests``, ``urllib``, raw sockets) fail with
  a message that names the ``command:`` adapter, which serves the twins on loopback for such clients.

Clients given an explicit transport (``httpx.ASGITransport``, ``httpx.MockTransport``) are not touched.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import socket
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx
import respx

COMMAND_HINT = ('run a connector built on requests or urllib as command:"…": stockgate then serves the twins on '
                "127.0.0.1 and passes their URLs in STOCKGATE_MAGENTO_URL and STOCKGATE_LIGHTSPEED_URL")


NOT_A_TWIN = "is not a twin"  # in every BlockedHost message: how a crash report recognises one
BLOCKED_HINT = ("take the base URLs from env.magento_url and env.lightspeed_url (command: STOCKGATE_MAGENTO_URL "
                "and STOCKGATE_LIGHTSPEED_URL), never from a store's host in the connector's code or settings")


class BlockedHost(httpx.ConnectError):
    """A request for a host that is not a twin: refused while routing is active."""


def host_of(url: str) -> str:
    """The host (with a non-default port) a base URL names: ``http://magento.test`` -> ``magento.test``."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError(f"{url!r}: not an absolute URL")
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.hostname if parts.port in (None, default) else f"{parts.hostname}:{parts.port}"


class _TwinRouter(respx.MockRouter):
    """A respx router that answers from ASGI apps by host, for sync and async clients alike."""

    def __init__(self, apps: Mapping[str, Any], bases: Mapping[str, str]) -> None:
        super().__init__(assert_all_called=False, assert_all_mocked=True)
        self.bases = dict(bases)  # host -> how to name it in a message: its base URL (and the env field)
        self.transports: dict[str, httpx.AsyncBaseTransport] = {
            host: app if isinstance(app, httpx.AsyncBaseTransport) else httpx.ASGITransport(app=app)
            for host, app in apps.items()}
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="stockgate-twin")

    def _transport(self, request: httpx.Request) -> httpx.AsyncBaseTransport:
        host = request.url.host if request.url.port is None else f"{request.url.host}:{request.url.port}"
        transport = self.transports.get(host)
        if transport is None:
            twins = " or ".join(self.bases.values())
            raise BlockedHost(f"stockgate: {request.method} {request.url.scheme}://{host}{request.url.path} "
                              f"blocked: {host} {NOT_A_TWIN}; in a scenario only the twins are reachable: "
                              f"call {twins} instead", request=request)
        return transport

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        """An async client's request: straight to the twin."""
        transport = self._transport(request)
        await request.aread()
        response = await transport.handle_async_request(request)
        content = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=content, request=request)

    def handler(self, request: httpx.Request) -> httpx.Response:
        """A sync client's request: the twin runs on the worker thread's own event loop."""
        transport = self._transport(request)
        body = request.read()
        copy = httpx.Request(request.method, request.url, headers=request.headers, content=body)

        async def answer() -> tuple[int, httpx.Headers, bytes]:
            response = await transport.handle_async_request(copy)
            return response.status_code, response.headers, await response.aread()

        status, headers, content = self.pool.submit(asyncio.run, answer()).result()
        return httpx.Response(status, headers=headers, content=content, request=request)


@contextlib.contextmanager
def twins(apps: Mapping[str, Any], *, fields: Mapping[str, str] | None = None) -> Iterator[None]:
    """Route httpx requests for each ``host`` (or base URL) in ``apps`` to its twin; block every other host.

    ``apps`` maps a host (``magento.test``), a host with its port, or a base URL to an ASGI app or an
    async httpx transport that reaches it (the runner's, which records and journals), e.g.
    ``{"http://magento.test": magento_app, "demo.retail.lightspeed.app": lightspeed_app}``. Nested
    use is not supported; the routing is process-wide while active. ``fields`` names, for a key of
    ``apps``, where the connector reads that base URL (``env.magento_url``): a blocked request's
    message names the host it called, each twin's base URL and that field.
    """
    hosts = {(host_of(key) if "://" in key else key): app for key, app in apps.items()}
    bases = {(host_of(key) if "://" in key else key): key + (f" ({fields[key]})" if fields and key in fields else "")
             for key in apps}
    router = _TwinRouter(hosts, bases)
    with _lookups_refused(set(hosts)):
        router.start()
        try:
            yield
        finally:
            router.stop(quiet=True)
            router.pool.shutdown(wait=True)


@contextlib.contextmanager
def _lookups_refused(hosts: set[str]) -> Iterator[None]:
    """Name lookups of the twins' hosts fail with a message naming the command: adapter."""
    names = {host.rsplit(":", 1)[0] if host.count(":") == 1 else host for host in hosts}
    original = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name in names:
            raise socket.gaierror(socket.EAI_NONAME, f"stockgate: {name} is an in-process twin that only httpx "
                                                     f"clients reach; {COMMAND_HINT}")
        return original(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo
    try:
        yield
    finally:
        socket.getaddrinfo = original
