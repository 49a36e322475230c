"""One operation model over Swagger 2.0 and OpenAPI 3.x.

Magento publishes Swagger 2.0 (body parameters, ``definitions``, ``x-nullable``); Lightspeed
publishes OpenAPI 3.0 (``requestBody``, ``components``, ``nullable``). Both become the same
:class:`Operation`: method, path template, parameters, request body and responses, with every
schema kept as a JSON pointer into the document so that validators resolve ``$ref`` in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stockgate.errors import DataError

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def escape(token: str) -> str:
    """Escape one JSON-pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str) -> str:
    """Build a JSON pointer from raw tokens."""
    return "".join("/" + escape(t) for t in tokens)


def resolve_pointer(doc: Mapping[str, Any], ptr: str) -> Any:
    """The node at ``ptr`` (a local ``#/...`` ref or a plain pointer); KeyError if absent."""
    node: Any = doc
    for raw in ptr.lstrip("#").split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


class DanglingRef(KeyError):
    """A local ``$ref`` that names nothing in its document; ``at`` is the pointer of the object holding it."""

    def __init__(self, ref: str, at: str) -> None:
        """Keep the ref and where it sits."""
        super().__init__(ref)
        self.ref = ref
        self.at = at

    def error(self, where: str) -> DataError:
        """The one-line data error for the document shown as ``where``."""
        return DataError(f"$ref '{self.ref}' points at nothing", where=where, key=f"#{self.at}",
                         expected="a definition at that pointer",
                         hint="Fix the $ref or add what it names; `stockgate contracts validate` lists every one")


def follow_ref(doc: Mapping[str, Any], ref: str, at: str) -> Any:
    """The node a local ``$ref`` (``#/...``) names; :class:`DanglingRef` when there is none."""
    try:
        return resolve_pointer(doc, ref)
    except (KeyError, IndexError, TypeError, ValueError):
        raise DanglingRef(ref, at) from None


def dangling_refs(doc: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every local ``$ref`` that names nothing, as (pointer of the object holding it, the ref), in document order."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack:  # iterative: documents nest deeply, and a walk must never be a RecursionError
        at, node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                try:
                    follow_ref(doc, ref, at)
                except DanglingRef:
                    found.append((at, ref))
            stack.extend((f"{at}/{escape(str(k))}", v) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((f"{at}/{n}", v) for n, v in reversed(list(enumerate(node))))
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter:
    """A path, query, header or form parameter; ``schema`` points at its JSON Schema."""

    name: str
    location: str
    required: bool
    schema: str | None
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Body:
    """A request or response payload: media types and the pointer of its schema (None: no schema)."""

    media_types: tuple[str, ...]
    schema: str | None
    required: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """One declared status code (or ``default``)."""

    status: str
    description: str
    body: Body | None
    headers: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    """An operation of a contract, addressed as ``METHOD /path/{template}``."""

    method: str
    path: str
    operation_id: str | None
    summary: str
    deprecated: bool
    parameters: tuple[Parameter, ...]
    request_body: Body | None
    responses: tuple[Response, ...]
    pointer: str

    @property
    def key(self) -> str:
        """``POST /V1/inventory/source-items``."""
        return f"{self.method} {self.path}"

    def response(self, status: int | str) -> Response | None:
        """The declared response for ``status``, falling back to ``default``."""
        by_status = {r.status: r for r in self.responses}
        return by_status.get(str(status)) or by_status.get("default")


def spec_kind(doc: Mapping[str, Any]) -> str:
    """``swagger-2.0``, ``openapi-3.0`` or ``openapi-3.1``; ValueError for anything else."""
    if str(doc.get("swagger", "")) == "2.0":
        return "swagger-2.0"
    version = str(doc.get("openapi", ""))
    if version.startswith("3.0"):
        return "openapi-3.0"
    if version.startswith("3.1"):
        return "openapi-3.1"
    raise ValueError("neither 'swagger: 2.0' nor 'openapi: 3.x' at the top level")


def build_operations(doc: Mapping[str, Any]) -> dict[str, Operation]:
    """Every operation of ``doc`` keyed by ``METHOD /path``."""
    swagger = spec_kind(doc) == "swagger-2.0"
    out: dict[str, Operation] = {}
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                op = _operation(doc, path, method, item[method], shared, swagger=swagger)
                out[op.key] = op
    return out


def _operation(
    doc: Mapping[str, Any], path: str, method: str, raw: dict[str, Any], shared: list[Any], *, swagger: bool
) -> Operation:
    base = pointer("paths", path, method)
    params, body = _parameters(doc, path, method, raw, shared, swagger=swagger)
    if not swagger:
        body = _request_body_v3(doc, raw.get("requestBody"), base + "/requestBody")
    return Operation(
        method=method.upper(),
        path=path,
        operation_id=raw.get("operationId"),
        summary=str(raw.get("summary") or raw.get("description") or "").strip().split("\n")[0],
        deprecated=bool(raw.get("deprecated", False)),
        parameters=params,
        request_body=body,
        responses=tuple(_responses(doc, raw, base, swagger=swagger)),
        pointer=base,
    )


def _deref(doc: Mapping[str, Any], node: Any, ptr: str) -> tuple[Any, str]:
    """Follow local ``$ref``s of parameter/response/requestBody objects (not schemas)."""
    seen = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        ref = node["$ref"]
        if ref in seen:
            break
        seen.add(ref)
        node = follow_ref(doc, ref, ptr)
        ptr = ref[1:]
    return node, ptr


def _parameters(
    doc: Mapping[str, Any], path: str, method: str, raw: dict[str, Any], shared: list[Any], *, swagger: bool
) -> tuple[tuple[Parameter, ...], Body | None]:
    merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    sources = [
        (shared, pointer("paths", path, "parameters")),
        (raw.get("parameters", []), pointer("paths", path, method, "parameters")),
    ]
    for params, base in sources:
        for i, node in enumerate(params):
            resolved, ptr = _deref(doc, node, f"{base}/{i}")
            merged[(resolved.get("name", ""), resolved.get("in", ""))] = (resolved, ptr)
    out, body = [], None
    for (name, location), (param, ptr) in merged.items():
        if swagger and location == "body":
            media = raw.get("consumes") or doc.get("consumes") or ["application/json"]
            body = Body(media_types=tuple(media), schema=ptr + "/schema", required=bool(param.get("required")))
            continue
        schema_ptr = ptr + "/schema" if "schema" in param else (ptr if swagger else None)
        out.append(Parameter(name=name, location=location, required=bool(param.get("required")),
                             schema=schema_ptr, description=str(param.get("description", "")).strip()))
    return tuple(out), body


def _request_body_v3(doc: Mapping[str, Any], node: Any, ptr: str) -> Body | None:
    if node is None:
        return None
    resolved, ptr = _deref(doc, node, ptr)
    content = resolved.get("content") or {}
    media = tuple(content)
    schema = next((f"{ptr}/content/{escape(m)}/schema" for m in media if "schema" in content[m]), None)
    return Body(media_types=media, schema=schema, required=bool(resolved.get("required")))


def _responses(doc: Mapping[str, Any], raw: dict[str, Any], base: str, *, swagger: bool) -> list[Response]:
    out = []
    for status, node in (raw.get("responses") or {}).items():
        resolved, ptr = _deref(doc, node, f"{base}/responses/{escape(str(status))}")
        if swagger:
            media = tuple(raw.get("produces") or doc.get("produces") or ["application/json"])
            body = Body(media_types=media, schema=ptr + "/schema") if "schema" in resolved else None
        else:
            content = resolved.get("content") or {}
            schema = next((f"{ptr}/content/{escape(m)}/schema" for m in content if "schema" in content[m]), None)
            body = Body(media_types=tuple(content), schema=schema) if content else None
        out.append(Response(status=str(status), description=str(resolved.get("description", "")).strip(),
                            body=body, headers=tuple(resolved.get("headers") or ())))
    return out
