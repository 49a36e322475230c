"""The Magento twin as an ASGI app: thin routes that parse, call the state, and serialize.

Magento mounts the API under ``/rest[/<store>][/async[/bulk]]/V1`` (``url.prefixes``); a path or
method it does not route answers 404 ``Request does not match any route.``. Every answer is
journaled; faults from the twin's plan act before or after the handler.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote_plus

from stockgate.contracts.urls import MagentoUrls, Mount
from stockgate.twins.contract_routes import NOT_EMULATED, ContractRoutes, Pick, not_emulated_message
from stockgate.twins.faults import FaultRule
from stockgate.twins.magento import fields_filter, routes_schema, service_input
from stockgate.twins.magento.acl import resource_for
from stockgate.twins.magento.auth import Caller
from stockgate.twins.magento.errors import MagentoError
from stockgate.twins.magento.twin import MagentoTwin
from stockgate.twins.shell import TwinShell
from stockgate.twins.web import BadJson, Request, Response, Route, Router

_URLS = MagentoUrls()
_UNREAD = object()
_SLASHES = re.compile(r"^((?:/pub)?/rest)/+(.*?)/*$")


@dataclass(slots=True, kw_only=True)
class Call:
    """One routed request as handlers see it."""

    twin: MagentoTwin
    request: Request
    mount: Mount
    params: dict[str, str]
    caller: Caller
    template: str = ""  # the route's ``/V1/...`` template: its contract operation shapes the body
    parsed: Any = field(default=_UNREAD, repr=False)

    def again(self, **changes: Any) -> Call:
        """The call with ``changes``; its body is read afresh (an async operation runs one body of many)."""
        return replace(self, parsed=_UNREAD, **changes)

    def raw_body(self) -> Any:
        """The JSON body as sent; Magento's 400 when it does not decode."""
        media = self.request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
        if media not in {"application/json", "text/json", ""}:
            raise MagentoError(415, "stockgate twin: %1 request bodies are not emulated (Magento also accepts "
                               "application/xml); send application/json", [media])
        rule = self.twin.behaviour.json_nesting  # request.json_nesting: PHP's json_decode depth
        try:
            return self.request.json(max_depth=int(rule["max_containers"]))
        except BadJson:
            raise MagentoError(int(rule["status"]), rule["message"]) from None

    def body(self) -> Any:
        """The body as the service method receives it (``twins.magento.service_input``): read once, then kept."""
        if self.parsed is _UNREAD:
            self.parsed = self.process(self.raw_body())
        return self.parsed

    def process(self, value: Any) -> Any:
        """``value`` through Magento's input processing for this route's contract operation (as is without one)."""
        contract = self.twin.contract
        operation = service_input.operation_of(contract, f"{self.request.method} {self.template}")
        if operation is None:
            return value
        return service_input.process(value, operation, service_input.schemas_of(contract), self.input_rules())

    def input_rules(self) -> service_input.Rules:
        """The profile facts input processing follows."""
        b = self.twin.behaviour
        return service_input.Rules(names=b.property_names, unknown=b.unknown_property, floats=b.float_fields,
                                      scalars=b.scalar_coercion, internal_error=self.internal_error)

    def internal_error(self) -> MagentoError:
        """``errors.internal_error``: a 500 whose report id is ``webapi-`` + 13 hex digits, as ``uniqid("webapi-")``."""
        body = self.twin.behaviour.answers["errors.internal_error"]["body"]
        return MagentoError(500, str(body["message"]).replace("%1", f"{self.twin.journal.total + 1:013x}"))

    def obj(self, key: str | None = None) -> dict[str, Any]:
        """The body (or its ``key`` member) as an object; the required-field 400 otherwise."""
        body = self.body()
        value = body.get(key) if key is not None and isinstance(body, dict) else body
        if not isinstance(value, dict):
            raise MagentoError(400, '"%fieldName" is required. Enter and try again.', {"fieldName": key or "body"})
        return value

    @property
    def store(self) -> str:
        """The store code the request addressed (``default`` when none)."""
        return self.mount.store or "default"

    def int_param(self, name: str) -> int:
        """A path parameter as an int; Magento's type error otherwise."""
        value = self.params[name]
        try:
            return int(value)
        except ValueError:
            raise MagentoError(400, 'The "%value" value\'s type is invalid. The "%type" type was expected. '
                               "Verify and try again.", {"value": value, "type": "int"}) from None


@dataclass(frozen=True, slots=True)
class Spec:
    """A route's handler and how it is served."""

    handler: Callable[[Call], Any]
    resource: str | None  # None: the ACL table decides
    status: int = 200


class MagentoApp(TwinShell):
    """ASGI application over one :class:`MagentoTwin`."""

    def __init__(self, twin: MagentoTwin) -> None:
        """Register every route the twin implements."""
        from stockgate.twins.magento import (
            routes_attribute_sets,
            routes_attribute_writes,
            routes_attributes,
            routes_bulk,
            routes_bundle,
            routes_catalog,
            routes_catalog_inventory,
            routes_categories,
            routes_category_attributes,
            routes_category_links,
            routes_configurable,
            routes_custom_options,
            routes_customer_tokens,
            routes_customers,
            routes_distance,
            routes_documents,
            routes_downloadable,
            routes_inventory,
            routes_inventory_bulk,
            routes_inventory_transfer,
            routes_links,
            routes_media,
            routes_orders,
            routes_pickup,
            routes_prices,
            routes_product_parts,
            routes_render_info,
            routes_sales,
            routes_sales_actions,
            routes_sales_saves,
            routes_store,
            routes_tier_prices,
            routes_variation,
        )

        self.twin = twin
        # Magento's REST router splits the raw path on "/" and urldecode()s each parameter ("+" is a space,
        # "%2F" a slash inside a SKU): Webapi Controller/Rest/Router/Route::match
        self.router = Router(decode=unquote_plus)
        self._contract_table: tuple[Any, ContractRoutes] | None = None
        for module in (routes_inventory, routes_sales, routes_catalog_inventory, routes_documents, routes_orders,
                       routes_store, routes_bulk, routes_catalog, routes_sales_actions,
                       routes_inventory_bulk, routes_sales_saves, routes_category_links, routes_configurable,
                       routes_attributes, routes_product_parts, routes_prices, routes_inventory_transfer,
                       routes_links, routes_categories, routes_tier_prices, routes_attribute_sets,
                       routes_attribute_writes, routes_custom_options, routes_media, routes_variation,
                       routes_category_attributes, routes_customers, routes_customer_tokens, routes_bundle,
                       routes_downloadable, routes_distance, routes_pickup, routes_render_info):
            module.register(self)

    def route(self, method: str, template: str, handler: Callable[[Call], Any], *, resource: str | None = None,
              status: int = 200) -> None:
        """Add ``method template``."""
        self.router.add(method, template, Spec(handler, resource, status))  # type: ignore[arg-type]

    def operations(self) -> list[str]:
        """``METHOD /template`` of every implemented route."""
        return sorted(f"{m} {t}" for m, t in self.router.templates())

    def before_request(self) -> None:
        """Run queued bulk operations that are due (the consumer's cron minute)."""
        self.twin.bulk.run(self.twin.clock.elapsed)

    def fault_path(self, request: Request) -> str | None:
        """Faults match the path below ``/rest[/<store>][/async[/bulk]]``."""
        mount = _URLS.split(request.raw_path)
        return mount.path if mount else None

    def body_limit(self) -> int:
        """``request.body_limit``: the web server's limit in front of Magento."""
        return int(self.twin.behaviour.body_limit["bytes"])

    def too_large(self) -> Response:
        """The web server's own 413 page (Magento never sees the request)."""
        answer = self.twin.behaviour.body_limit
        return Response(status=int(answer["status"]), body=str(answer["body"]).encode(),
                         content_type=str(answer["content_type"]))

    def fault_response(self, rule: FaultRule) -> Response:
        """A 429 from the edge, or a 5xx page."""
        if rule.kind == "http-429":
            return _edge_429(rule)
        status = int(rule.params.get("status", 503))
        return Response(status=status, body=b"Service Unavailable", content_type="text/html; charset=utf-8")

    def dispatch(self, request: Request) -> tuple[Response, str | None]:
        """Route and run one request; errors become Magento error bodies."""
        if request.method == "GET" and routes_schema.is_schema_request(request.raw_path):
            return routes_schema.answer(self.twin, request)  # the store's own schema, not a /V1 route
        path = self._trimmed(request.method, request.raw_path) if self.twin.behaviour.path_slashes \
            else request.raw_path
        return self._dispatch(request, _URLS.split(path))

    def _trimmed(self, method: str, raw: str) -> str:
        """``url.path_slashes``: Magento matches the path and its routes with their slashes trimmed.

        The twin's templates keep the contract's own (``/V1/stockItems/lowStock/``), so the trimmed path
        is tried with and without a trailing slash and the more literal route wins; with no emulated route
        either way, a contract operation the twin does not emulate takes the trimmed path (its 501), and
        otherwise the path keeps the trailing slash it was sent with.
        """
        path = trim_slashes(raw)
        bare, slashed = _URLS.split(path), _URLS.split(path + "/")
        if bare is None or slashed is None:
            return path
        plain = self.router.find(method, bare.path)[0]
        ending = self.router.find(method, slashed.path)[0]
        if ending is not None and (plain is None or ending.rank > plain.rank):
            return path + "/"
        if plain is None and raw.endswith("/") and self._contract_pick(method, bare.path, None) is None:
            return path + "/"
        return path

    def _dispatch(self, request: Request, mount: Mount | None) -> tuple[Response, str | None]:
        if mount is None:
            return self._no_route(), None
        route, spec, params = self.router.find(request.method, mount.path)
        picked = self._contract_pick(request.method, mount.path, route if spec is not None else None)
        if picked is not None:
            if picked.route is None:
                return self._not_emulated(picked.operation), picked.operation
            route, spec, params = picked.route, picked.route.handlers[request.method], picked.params
        if route is None or spec is None:
            return self._no_route(), None
        operation = f"{request.method} {route.template}"
        try:
            return self._run(spec, request, mount, params, route.template), operation
        except MagentoError as exc:
            return Response(status=exc.status, body=exc.body()), operation

    def _contract_pick(self, method: str, path: str, route: Route | None) -> Pick | None:
        """Where the contract routes ``method path`` elsewhere than the emulated ``route`` (None: it stands).

        Magento routes by method, then the exact path, then the most literal template: an emulated
        ``/V1/orders/{id}`` never answers ``/V1/orders/items`` (``twins.contract_routes``).
        """
        contract = self.twin.contract
        if self._contract_table is None or self._contract_table[0] is not contract:
            self._contract_table = (contract, ContractRoutes(contract.operations, self.router, decode=unquote_plus))
        table = self._contract_table[1]
        return table.pick(method, path) if route is None else table.outranking(method, route.template, path)

    def _no_route(self) -> Response:
        """Magento's answer when no route of the version matches, whatever the method (``routing.precedence``)."""
        answer = self.twin.profile.value("routing.precedence")["no_route"]
        return Response(status=int(answer["status"]), body=dict(answer["body"]))

    def _not_emulated(self, operation: str) -> Response:
        """501 in Magento's error shape for a contract operation the twin does not emulate.

        Answered before auth (the twin knows no ACL resource for the route), and marked so that it is
        never read as a 501 naming a profile fact.
        """
        ref = str(self.twin.contract.ref)
        error = MagentoError(501, not_emulated_message(operation, ref), {"operation": operation, "contract": ref})
        return Response(status=501, body=error.body(), headers=[(NOT_EMULATED, operation)])

    def _run(self, spec: Any, request: Request, mount: Mount, params: dict[str, str], template: str) -> Response:
        twin = self.twin
        if mount.store not in (None, "all") and mount.store not in twin.inventory.stores:
            raise MagentoError(404, "Requested store is not found")
        caller = twin.auth.identify(request)
        resource = spec.resource or resource_for(request.method, template,
                                                 twin.profile.value("auth.acl.source_items_write"))
        if not caller.allowed(resource):
            raise twin.auth.refuse(resource)
        call = Call(twin=twin, request=request, mount=mount, params=params, caller=caller, template=template)
        if mount.mode != "sync":
            from stockgate.twins.magento.routes_inventory import accept_async

            return Response(status=202, body=accept_async(call, spec.handler, template))
        value = spec.handler(call)
        if isinstance(value, Response):
            return value
        fields = fields_filter.wanted(request.query, twin.behaviour.fields_filter)
        if fields is not None:  # request.fields_filter: synchronous answers only
            value = fields_filter.apply(value, fields, twin.behaviour.fields_filter)
        if f"{request.method} {template}" in twin.behaviour.numeric_string_ids and isinstance(value, int):
            value = str(value)  # ids.numeric_strings: the wire says "4" where the schema says integer
        return Response(status=spec.status, body=value)


def trim_slashes(path: str) -> str:
    """``url.path_slashes``: slashes after ``/rest`` and at the end go (Route::match trims; PathProcessor too)."""
    found = _SLASHES.match(path)
    if found is None:
        return path
    return f"{found[1]}/{found[2]}" if found[2] else found[1]


def _edge_429(rule: FaultRule) -> Response:
    """A 429 from the edge (Fastly on Adobe Commerce Cloud): Magento itself has no admin limiter."""
    headers = []
    retry_after = rule.params.get("retry_after")
    if retry_after is not None:
        headers.append(("Retry-After", str(int(retry_after))))
    return Response(status=429, body=b"Too Many Requests", headers=headers, content_type="text/html; charset=utf-8")


def fingerprint(value: Any) -> str:
    """A stable hash of a JSON body (to recognise identical concurrent requests)."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def search_result(items: list[dict[str, Any]], total: int, criteria: Any) -> dict[str, Any]:
    """``{items, search_criteria, total_count}``."""
    return {"items": items, "search_criteria": criteria.echo(), "total_count": total}


def query_map(request: Request) -> Mapping[str, str]:
    """Query parameters as a dict (first value wins)."""
    out: dict[str, str] = {}
    for key, value in request.query:
        out.setdefault(key, value)
    return out
