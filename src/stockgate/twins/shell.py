"""The ASGI shell both twins share: lifespan, faults before/after the handler, journal, dropped connections.

A platform app subclasses :class:`TwinShell` and supplies ``fault_path`` (what fault rules match),
``dispatch`` (route and run), ``fault_response`` (its 429 and 5xx shapes), ``body_limit`` and
``too_large`` (the largest body taken and the answer to a bigger one: ``request.body_limit``) and
``before_request``. A body over the limit is never read whole, journaled or routed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from stockgate.twins.faults import ConnectionDropped, FaultPlan, FaultRule, corrupted, kinds
from stockgate.twins.journal import Journal
from stockgate.twins.web import BadJson, Receive, Request, Response, Scope, Send, lifespan, read_request, send_response

OBSERVER = "x-stockgate-observer"
# A scenario step's own write (a cashier's sale, a storefront order): journaled and served like any
# other request, but marked so that checks about the connector's traffic can leave it out.
ACTOR = "x-stockgate-actor"
# The twin's own limit where a platform publishes none (``request.body_limit`` unknown): it bounds the memory
# one request can take, and the answer says it is the twin's.
UNPUBLISHED_BODY_LIMIT = 8 * 1024 * 1024
UNPUBLISHED_JSON_NESTING = 512  # likewise for ``request.json_nesting``: arrays and objects inside each other


class TwinShell:
    """ASGI application shell; ``twin`` must carry ``clock``, ``faults`` and ``journal``."""

    twin: Any

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI entry point."""
        if scope["type"] == "lifespan":
            await lifespan(receive, send)
            return
        request = await read_request(scope, receive, limit=self.body_limit())
        if request.oversized:
            response = self.too_large()
            self._journal(request, None, response.status, None, None)
            await send_response(send, response)
            return
        await self.serve(request, send)

    def body_limit(self) -> int:
        """The largest request body (bytes) the platform takes."""
        return UNPUBLISHED_BODY_LIMIT

    def too_large(self) -> Response:
        """The platform's answer to a body over :meth:`body_limit`."""
        raise NotImplementedError

    def fault_path(self, request: Request) -> str | None:
        """The API path fault rules match (None: outside the API)."""
        raise NotImplementedError

    def dispatch(self, request: Request) -> tuple[Response, str | None]:
        """Route and run one request: the answer and the matched ``METHOD /template``."""
        raise NotImplementedError

    def fault_response(self, rule: FaultRule) -> Response:
        """The platform's answer for an ``http-429`` or ``http-5xx`` fault."""
        raise NotImplementedError

    def before_request(self) -> None:
        """Work due on the virtual clock before any request (queues, consumers)."""

    async def serve(self, request: Request, send: Send) -> None:
        """Answer one request: faults before, dispatch, faults after, journal.

        A scenario's own reads (``X-Stockgate-Observer: 1``) are not platform traffic: no fault hits
        them, the limiter does not count them, the journal does not record them.
        """
        if request.headers.get(OBSERVER) == "1":
            await send_response(send, self.observe(request))
            return
        self.before_request()
        path = self.fault_path(request)
        plan: FaultPlan = self.twin.faults
        rule = plan.pick(request.method, path) if path is not None else None
        if rule is not None and kinds()[rule.kind].phase == "before":
            if rule.kind == "latency":
                self.twin.clock.advance(float(rule.params.get("seconds", 5)))
            elif rule.kind == "connection-reset":
                self._journal(request, None, None, rule, None)
                await _drop(send)
            else:
                response = self.fault_response(rule)
                self._journal(request, None, response.status, rule, response)
                await send_response(send, response)
                return
        response, operation = self.dispatch(request)
        if rule is not None and rule.kind == "corrupt-field" and not isinstance(response.body, bytes):
            response = replace(response, body=corrupted(response.body, rule))
        if rule is not None and rule.kind == "lost-response":
            self._journal(request, operation, None, rule, response)
            await _drop(send)
        noted = rule if rule and rule.kind in ("latency", "corrupt-field") else None
        self._journal(request, operation, response.status, noted, response)
        await send_response(send, response)

    def observe(self, request: Request) -> Response:
        """Answer a scenario's own read (``X-Stockgate-Observer: 1``): no fault, no limiter, no journal.

        The runner's checking reads call this in-process (:meth:`World.admin`), without an HTTP client
        in between; over ASGI :meth:`serve` answers them the same way.
        """
        self.before_request()
        return self.dispatch(request)[0]

    def _journal(self, request: Request, operation: str | None, status: int | None, rule: FaultRule | None,
                 response: Response | None) -> None:
        journal: Journal = self.twin.journal
        sent, answered = _bodies(request, response) if journal.bodies else (None, None)
        journal.record(at=self.twin.clock.elapsed, method=request.method, path=request.raw_path,
                       query=request.query_string, operation=operation, status=status,
                       fault=rule.kind if rule else None, request_headers=dict(request.headers),
                       request_body=sent, response_body=answered,
                       response_headers=response.headers if response else ())


def _bodies(request: Request, response: Response | None) -> tuple[Any, Any]:
    """The request body as JSON (its text when it is not JSON) and the answer's, for a journal that keeps them."""
    try:
        sent = request.json() if request.body else None
    except BadJson:
        sent = request.body.decode("utf-8", "replace")
    return sent, response.json() if response else None


async def _drop(send: Send) -> None:
    """Start a response and abort it, so that real HTTP servers reset the connection too."""
    await send({"type": "http.response.start", "status": 500, "headers": []})
    raise ConnectionDropped("Server disconnected without sending a response.")
