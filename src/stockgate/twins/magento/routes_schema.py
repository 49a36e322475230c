"""``GET /rest/<store>/schema?services=all``: the store's own Swagger 2.0 document, from the twin's contract.

Magento answers this from its schema request processor (magento/magento2 ``app/code/Magento/Webapi/
Controller/Rest/SchemaRequestProcessor.php``, path ``schema``; ``services`` defaults to ``all``) with
the Swagger generator (``Webapi/Model/Rest/Swagger/Generator.php``): ``host`` is the request's host,
``basePath`` ``/rest/<store>``, ``schemes`` the request's scheme, and only the operations the caller's
ACL allows (``Webapi/Model/AbstractSchemaGenerator.php`` ``getAllowedServicesMetadata`` drops every
method whose resources ``isAllowed`` refuses: a guest sees the ``anonymous`` ones). The published
contracts were pulled the same way (``GET /rest/default/schema``, MAGENTO.md §1), so the twin's answer
is its contract as vendored, with:

* ``host``, ``basePath`` and ``schemes`` of this request;
* the index's ``known_defects`` pointers removed (Adobe's post-processing, e.g. ``info.description``
  as a ``$ref`` to an unpublished file: a store's own answer has no such thing);
* operations filtered by the caller's ACL. The twin knows the resource of the routes it emulates
  (``twins.magento.acl``); every other operation is shown only to a caller holding every resource
  (an admin, or an integration granted ``all``), and a filtered answer keeps only the definitions
  its operations reach;
* the seed's declared extension attributes on their extension interfaces (``twins.magento.extensions``).

Not emulated (501, marked ``X-Stockgate-Not-Emulated``): ``services=`` naming particular services
(Adobe's post-processing replaced the operation ids that carry Magento's service names, so the twin
cannot tell which operations a service has) and ``/rest/<store>/async/schema`` (no async schema is in
public material, MAGENTO.md §6: stockgate does not invent one).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from stockgate.twins.contract_routes import NOT_EMULATED
from stockgate.twins.magento.acl import resource_for
from stockgate.twins.magento.auth import ALL, Caller
from stockgate.twins.magento.errors import MagentoError
from stockgate.twins.magento.extensions import with_extensions
from stockgate.twins.web import Request, Response

if TYPE_CHECKING:
    from stockgate.twins.magento.twin import MagentoTwin

SCHEMA_PATH = re.compile(r"^(?:/pub)?/rest(?:/(?P<store>[A-Za-z0-9_]+))??/(?P<mode>async/)?schema/?$")
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_REF = re.compile(r"^#/definitions/(.+)$")


def is_schema_request(raw_path: str) -> bool:
    """Whether ``raw_path`` is ``/rest[/<store>][/async]/schema`` (Magento's schema processors)."""
    return SCHEMA_PATH.match(raw_path) is not None


def answer(twin: MagentoTwin, request: Request) -> tuple[Response, str]:
    """The schema answer and the operation name the journal files it under."""
    found = SCHEMA_PATH.match(request.raw_path)
    assert found is not None  # dispatch asked is_schema_request first
    operation = f"GET /{found['mode'] or ''}schema"
    try:
        return _answer(twin, request, found["store"], bool(found["mode"])), operation
    except MagentoError as exc:
        return Response(status=exc.status, body=exc.body()), operation


def _answer(twin: MagentoTwin, request: Request, store: str | None, asynchronous: bool) -> Response:
    if store not in (None, "all") and store not in twin.inventory.stores:
        raise MagentoError(404, "Requested store is not found")
    services = request.query_value("services") or "all"
    if asynchronous or services != "all":
        what = "the async schema" if asynchronous else f"services={services}"
        why = "no async schema is in public material" if asynchronous else \
            "the contract's operation ids do not carry Magento's service names"
        return Response(status=501, headers=[(NOT_EMULATED, f"GET /{'async/' if asynchronous else ''}schema")],
                        body=MagentoError(501, f"stockgate twin: {what} is not emulated ({why}); ask for "
                                          "/rest/<store>/schema?services=all").body())
    document = visible_document(twin, twin.auth.identify(request))
    document.update(host=request.host, basePath=f"/rest/{store or 'default'}", schemes=[request.scheme])
    return Response(status=200, body=document)


def visible_document(twin: MagentoTwin, caller: Caller) -> dict[str, Any]:
    """The contract as ``caller`` may see it, with the seed's extension attributes (a shallow copy)."""
    document = with_extensions(_without_defects(twin), twin.inventory.extension_attributes)
    if ALL in caller.resources:
        return dict(document)
    write = twin.profile.value("auth.acl.source_items_write")
    paths: dict[str, Any] = {}
    for template, item in document.get("paths", {}).items():
        kept = {m: op for m, op in item.items() if m not in _METHODS or _allowed(caller, m, template, write)}
        if any(m in _METHODS for m in kept):
            paths[template] = kept
    reached = _reachable(paths, document.get("definitions", {}))
    return {**document, "paths": paths,
            "definitions": {k: v for k, v in document.get("definitions", {}).items() if k in reached}}


def _allowed(caller: Caller, method: str, template: str, source_items_write: str) -> bool:
    try:
        return caller.allowed(resource_for(method.upper(), template, source_items_write))
    except KeyError:  # a route the twin does not emulate: its resource is unknown here
        return False


def _without_defects(twin: MagentoTwin) -> dict[str, Any]:
    """The contract document minus the index's known-defect pointers (a shallow copy along each pointer)."""
    document = dict(twin.contract.document)
    for defect in twin.contract.entry.known_defects:
        *parents, last = [p.replace("~1", "/").replace("~0", "~") for p in defect.pointer.strip("/").split("/")]
        node: Any = document
        for part in parents:
            if not isinstance(node, dict) or not isinstance(node.get(part), dict):
                break
            node[part] = dict(node[part])
            node = node[part]
        else:
            if isinstance(node, dict):
                node.pop(last, None)
    return document


def _reachable(paths: dict[str, Any], definitions: dict[str, Any]) -> set[str]:
    """Definition names reachable through ``$ref`` from ``paths``."""
    seen: set[str] = set()
    stack: list[Any] = [paths]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            found = _REF.match(ref) if isinstance(ref, str) else None
            if found and found[1] not in seen:
                seen.add(found[1])
                stack.append(definitions.get(found[1]))
            stack.extend(v for k, v in node.items() if k != "$ref")
        elif isinstance(node, list):
            stack.extend(node)
    return seen
