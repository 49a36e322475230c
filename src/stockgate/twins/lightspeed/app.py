"""The Lightspeed twin as an ASGI app: version routing, auth, the rate limiter, faults, journal.

``/api/<version>/…`` picks an :class:`~stockgate.twins.lightspeed.versions.ApiVersion` (a retired
date version silently gets the oldest supported one); a route answers only where that version's
contract has the operation, plus the non-contract leftovers real stores still answer: ``2.1``
product writes and the 0.9 endpoints (``register_sales``, webhooks; sunset ones answer 410 Gone, and the
other deprecated ones ``endpoints.legacy`` lists answer 501 as not emulated, naming ``lightspeed@0.9``).
Every authorized JSON answer carries ``X-RateLimit-Limit``/``X-RateLimit-Remaining``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from stockgate.contracts.urls import LightspeedUrls
from stockgate.twins.contract_routes import NOT_EMULATED, ContractRoutes, Pick, not_emulated_message
from stockgate.twins.faults import FaultRule
from stockgate.twins.lightspeed.errors import LightspeedError
from stockgate.twins.lightspeed.ratelimit import Verdict
from stockgate.twins.lightspeed.twin import LightspeedTwin
from stockgate.twins.lightspeed.versions import ApiVersion
from stockgate.twins.shell import OBSERVER, UNPUBLISHED_BODY_LIMIT, UNPUBLISHED_JSON_NESTING, TwinShell
from stockgate.twins.web import BadJson, Request, Response, Route, Router, TooDeep, parse_json

_URLS = LightspeedUrls()
SPACES = ("api", "2.1", "0.9")
# names the profile fact whose value is unknown where an answer is the twin's own choice (routing.no_route)
UNKNOWN_FACT = "X-Stockgate-Unknown-Fact"


@dataclass(slots=True, kw_only=True)
class Call:
    """One routed request as handlers see it."""

    twin: LightspeedTwin
    request: Request
    api: ApiVersion
    segment: str | None
    params: dict[str, str]
    user_id: str

    @property
    def query(self) -> Mapping[str, str]:
        """Query parameters (first value wins)."""
        out: dict[str, str] = {}
        for key, value in self.request.query:
            out.setdefault(key, value)
        return out

    def body(self) -> Any:
        """The JSON body; a 400 when it is not JSON."""
        return self.parse(self.request.body, "the request body")

    def parse(self, text: str | bytes, what: str) -> Any:
        """Strict JSON nested no deeper than ``request.json_nesting`` (the twin's own limit while unknown)."""
        rule = self.api.profile.value("request.json_nesting")
        if not text.strip():
            raise LightspeedError(400, f"{what} is empty")
        try:
            return parse_json(text, what=what,
                              max_depth=int(rule["max_containers"]) if rule else UNPUBLISHED_JSON_NESTING)
        except TooDeep as exc:
            if rule:
                raise LightspeedError(int(rule["status"]), str(rule["message"])) from None
            raise LightspeedError(400, f"{exc} (stockgate twin: Lightspeed publishes no limit; profile fact "
                                  "request.json_nesting, basis unknown)") from None
        except BadJson as exc:
            raise LightspeedError(400, str(exc)) from None

    def obj(self) -> dict[str, Any]:
        """The body as an object (unwrapping a ``data`` envelope)."""
        body = self.body()
        if isinstance(body, dict) and isinstance(body.get("data"), dict) and len(body) == 1:
            body = body["data"]
        if not isinstance(body, dict):
            raise LightspeedError(self.api.validation_status, "the request body must be a JSON object")
        return body


Handler = Callable[[Call], Any]


class LightspeedApp(TwinShell):
    """ASGI application over one :class:`LightspeedTwin`."""

    def __init__(self, twin: LightspeedTwin) -> None:
        """Register every route the twin implements."""
        from stockgate.twins.lightspeed import routes_core, routes_sales, routes_stock, routes_webhooks

        self.twin = twin
        self.routers = {space: Router() for space in SPACES}
        self._contract_tables: dict[str, ContractRoutes] = {}  # per served version: its contract beside "api"
        for module in (routes_core, routes_sales, routes_stock, routes_webhooks):
            module.register(self)

    def route(self, method: str, template: str, handler: Handler, *, space: str = "api", status: int = 200) -> None:
        """Add ``method template`` to a route space (``api``: contract-gated; ``2.1``; ``0.9``)."""
        self.routers[space].add(method, template, (handler, status))  # type: ignore[arg-type]

    def operations(self, segment: str | None = None) -> list[str]:
        """``METHOD /template`` the twin implements (for one served version: what it answers there)."""
        keys = sorted(f"{m} {t}" for m, t in self.routers["api"].templates())
        api = self.twin.release.resolve(segment) if segment else None
        return [k for k in keys if api is None or api.serves(k)]

    def extra_operations(self) -> list[str]:
        """Non-contract routes: 2.1 and 0.9."""
        return sorted(f"{m} /api/{space}{t}" if space == "2.1" else f"{m} /api{t}"
                      for space in ("2.1", "0.9") for m, t in self.routers[space].templates())

    def fault_path(self, request: Request) -> str | None:
        """Faults match the path below ``/api[/<version>]``."""
        mount = _URLS.split(request.raw_path)
        return mount.path if mount else None

    def dispatch(self, request: Request) -> tuple[Response, str | None]:
        """Route, authorize, rate-limit and run one request."""
        mount = _URLS.split(request.raw_path)
        if mount is None:
            return Response(status=404, body={"error": "not found"}), None
        space = "0.9" if mount.version is None else "2.1" if mount.version == "2.1" else "api"
        api = self.twin.release.resolve(mount.version)
        if api is None:
            return Response(status=404, body={"error": f"API version {mount.version} not found"}), None
        route, spec, params = self.routers[space].find(request.method, mount.path)
        key = f"{request.method} {route.template}" if route else None
        if space == "api":
            served = route if spec is not None and api.serves(str(key)) else None
            picked = self._contract_pick(api, request.method, mount.path, served)
            if picked is not None:
                if picked.route is None:
                    return self._not_emulated(request, api, mount.version, picked.operation), picked.operation
                route, params, key = picked.route, picked.params, picked.operation
                spec = route.handlers[request.method]
        if space == "0.9" and (route is None or spec is None):
            legacy = self._legacy_pick(api, request.method, mount.path)
            if legacy is not None:
                return self._not_emulated(request, api, None, legacy, ref="lightspeed@0.9"), legacy
        if route is None or spec is None or (space == "api" and not api.serves(str(key))):
            return self._no_route(api), None
        prefix = "/api/2.1" if space == "2.1" else "/api"
        operation = key if space == "api" else f"{request.method} {prefix}{route.template}"
        return self._run(spec, request, api, mount.version, params), operation

    @staticmethod
    def _no_route(api: ApiVersion) -> Response:
        """A path or method the version lacks: ``routing.no_route``, or (unknown) the twin's 404, saying so."""
        answer = api.profile.value("routing.no_route")
        if answer:
            return Response(status=int(answer["status"]), body=dict(answer["body"]))
        return Response(status=404, body={"error": "not found"}, headers=[(UNKNOWN_FACT, "routing.no_route")])

    def _contract_pick(self, api: ApiVersion, method: str, path: str, route: Route | None) -> Pick | None:
        """Where ``api``'s contract routes ``method path`` elsewhere than the emulated ``route`` (None: it stands)."""
        table = self._contract_tables.get(api.segment)
        if table is None:
            table = self._contract_tables[api.segment] = ContractRoutes(api.contract.operations, self.routers["api"])
        return table.pick(method, path) if route is None else table.outranking(method, route.template, path)

    def _legacy_pick(self, api: ApiVersion, method: str, path: str) -> str | None:
        """The 0.9 operation (``endpoints.legacy``, ``GET /api/registers``) ``method path`` calls, if any."""
        table = self._contract_tables.get("0.9")
        if table is None:
            operations = [f"{m} {t.removeprefix('/api')}" for m, _, t in
                          (op.partition(" ") for op in api.profile.value("endpoints.legacy") or [])]
            table = self._contract_tables["0.9"] = ContractRoutes(operations, self.routers["0.9"])
        picked = table.pick(method, path)
        return None if picked is None else picked.operation.replace(" /", " /api/", 1)

    def _not_emulated(self, request: Request, api: ApiVersion, segment: str | None, operation: str, *,
                      ref: str | None = None) -> Response:
        """501 in the version's error envelope for an operation (of its contract, or ``ref``) not emulated.

        Answered after auth and the limiter, as any request (the call counts against the bucket), and
        marked so that it is never read as a 501 naming a profile fact.
        """
        message = not_emulated_message(operation, ref or api.contract.ref)

        def refuse(call: Call) -> Any:
            raise LightspeedError(501, message)

        response = self._run((refuse, 501), request, api, segment, {})
        if response.status == 501:
            response.headers.append((NOT_EMULATED, operation))
        return response

    def _run(self, spec: Any, request: Request, api: ApiVersion, segment: str | None,
             params: dict[str, str]) -> Response:
        handler, status = spec
        if handler is GONE:
            gone = api.profile.value("endpoints.gone")
            return Response(status=int(gone["status"]), body={"error": "This endpoint has been removed (Gone)"})
        token = request.headers.get("authorization", "").partition(" ")[2].strip()
        holder = self.twin.tokens.get(token)
        if holder is None:
            answer = api.profile.value("errors.invalid_token")
            return Response(status=int(answer["status"]), body=dict(answer["body"]))
        verdict = self.twin.limiter.hit(holder[1]) if request.headers.get(OBSERVER) != "1" else \
            Verdict(allowed=True, limit=self.twin.limiter.limit, remaining=self.twin.limiter.limit, window_ends=0.0)
        if not verdict.allowed:
            return self._limited(api, verdict)
        call = Call(twin=self.twin, request=request, api=api, segment=segment, params=params, user_id=holder[0])
        try:
            value = handler(call)
        except LightspeedError as exc:
            value = Response(status=exc.status or api.validation_status, body=exc.body())
        response = value if isinstance(value, Response) else Response(status=status, body=value)
        return _limit_headers(response, verdict)

    def _limited(self, api: ApiVersion, verdict: Verdict) -> Response:
        answer = api.profile.value("rate_limit.response")
        wait = verdict.window_ends - self.twin.clock.elapsed
        headers = [("Retry-After", self.twin.clock.http_date(wait))]
        return _limit_headers(Response(status=int(answer["status"]), body=dict(answer["body"]), headers=headers),
                              verdict)

    def body_limit(self) -> int:
        """``request.body_limit``, or the twin's own limit while Lightspeed publishes none."""
        answer = self.twin.legacy.profile.value("request.body_limit")
        return int(answer["bytes"]) if answer else UNPUBLISHED_BODY_LIMIT

    def too_large(self) -> Response:
        """Lightspeed's answer to a bigger body, or the twin's, saying so."""
        answer = self.twin.legacy.profile.value("request.body_limit")
        if answer:
            return Response(status=int(answer["status"]), body=str(answer["body"]).encode(),
                            content_type=str(answer["content_type"]))
        return Response(status=413, body={"error": f"stockgate twin: request bodies over {UNPUBLISHED_BODY_LIMIT} "
                                          "bytes are refused; Lightspeed publishes no limit (profile fact "
                                          "request.body_limit, basis unknown)"})

    def fault_response(self, rule: FaultRule) -> Response:
        """A 429 storm (in the documented shape, or an older one) or a 5xx burst."""
        if rule.kind == "http-5xx":
            status = int(rule.params.get("status", 503))
            return Response(status=status, body=b"<html><body>Service Unavailable</body></html>",
                            content_type="text/html; charset=utf-8")
        answer = self.twin.legacy.profile.value("rate_limit.response")
        wait = float(rule.params.get("retry_after", 300) or 0)
        style = str(rule.params.get("retry_after_format", "http-date"))
        body: dict[str, Any] = dict(answer["body"])
        headers: list[tuple[str, str]] = []
        if style == "http-date":
            headers.append(("Retry-After", self.twin.clock.http_date(wait)))
        elif style == "seconds":
            headers.append(("Retry-After", str(int(wait))))
        elif style == "body-timestamp":  # the older Vend shape (ShoppinPal/vend-nodejs-sdk reads body['retry-after'])
            # the moment to come back (the SDK waits until it), so now + the wait
            body["retry-after"] = (self.twin.clock.now() + dt.timedelta(seconds=wait)).isoformat(timespec="seconds")
        return Response(status=int(answer["status"]), body=body, headers=headers)


def GONE(call: Call) -> Any:
    """Marker: a sunset endpoint (answers ``endpoints.gone``)."""
    raise AssertionError("never called")


def _limit_headers(response: Response, verdict: Verdict) -> Response:
    response.headers += [("X-RateLimit-Limit", str(verdict.limit)), ("X-RateLimit-Remaining", str(verdict.remaining))]
    return response
