"""Compare two contract documents operation by operation: what a client calls, sends and reads.

Operations are matched by ``METHOD /path`` template. A path whose method went away while another
appeared on the same path is one ``operation-method-changed``, not a removal plus an addition.
Parameters are matched by location and a normalised name (Magento accepts ``filter_groups`` and
``filterGroups``; the index in ``[0]`` is any index), bodies and responses through
:class:`~stockgate.diff.schemas.SchemaDiff`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from stockgate.contracts.model import Operation, Parameter, Response, escape, resolve_pointer
from stockgate.contracts.schema import parameter_schema
from stockgate.diff.keywords import kind
from stockgate.diff.model import Delta
from stockgate.diff.schemas import SchemaDiff

SUCCESS = re.compile(r"^(2\d\d|2XX)$")


def parameter_key(location: str, name: str) -> str:
    """``query searchcriteria[filtergroups][0][filters][0][field]``: how a parameter is matched across versions."""
    return f"{location} " + re.sub(r"\[\d+\]", "[0]", name.lower().replace("_", ""))


class OperationsDiff:
    """Every operation-level difference between two documents."""

    def __init__(self, old_doc: Mapping[str, Any], new_doc: Mapping[str, Any], old_ops: Mapping[str, Operation],
                 new_ops: Mapping[str, Operation], labels: tuple[str, str] = ("the old contract", "the new contract")
                 ) -> None:
        """Documents and their operation models (``Contract.document`` / ``Contract.operations``)."""
        self.old_doc, self.new_doc = old_doc, new_doc
        self.old_ops, self.new_ops = old_ops, new_ops
        self.requests = SchemaDiff(old_doc, new_doc, "request", labels)
        self.responses = SchemaDiff(old_doc, new_doc, "response", labels)

    def changes(self) -> list[tuple[str, Delta]]:
        """(operation key, delta) for every difference, operations in document order."""
        out: list[tuple[str, Delta]] = []
        moved = self._moved()
        for key, old in self.old_ops.items():
            if key in moved:
                out.append((key, Delta("operation-method-changed", "", old.pointer, old.method, moved[key])))
            elif key not in self.new_ops:
                out.append((key, Delta("operation-removed", "", old.pointer, "present", "absent")))
        for key, new in self.new_ops.items():
            old_op = self.old_ops.get(key)
            if old_op is None:
                if key not in moved.values():
                    out.append((key, Delta("operation-added", "", new.pointer, "absent", "present")))
                continue
            out += [(key, d) for d in self._operation(old_op, new)]
        return out

    def _moved(self) -> dict[str, str]:
        """Old key → new method, where a path lost one method and gained another."""
        gone = [k for k in self.old_ops if k not in self.new_ops]
        came = {self.new_ops[k].path: self.new_ops[k].method for k in self.new_ops if k not in self.old_ops}
        return {k: came[self.old_ops[k].path] for k in gone if self.old_ops[k].path in came}

    def _operation(self, old: Operation, new: Operation) -> list[Delta]:
        out = []
        if new.deprecated and not old.deprecated:
            out.append(Delta("operation-deprecated", "", f"{new.pointer}/deprecated", "false", "true"))
        out += _sunset(resolve_pointer(self.old_doc, old.pointer), resolve_pointer(self.new_doc, new.pointer),
                       new.pointer)
        out += self._parameters(old, new)
        out += self._request_body(old, new)
        out += self._responses(old, new)
        return out

    def _parameters(self, old: Operation, new: Operation) -> list[Delta]:
        before = {parameter_key(p.location, p.name): p for p in old.parameters}
        after = {parameter_key(p.location, p.name): p for p in new.parameters}
        out = []
        for key, param in before.items():
            if key not in after:
                out.append(Delta("request-parameter-removed", _label(param), _at(param, old), "present", "absent"))
        for key, param in after.items():
            if key not in before:
                rule = "request-parameter-added-required" if param.required else "request-parameter-added"
                out.append(Delta(rule, _label(param), _at(param, new), "absent",
                                 "required" if param.required else "optional"))
                continue
            was = before[key]
            if param.required and not was.required:
                out.append(Delta("request-parameter-became-required", _label(param), _at(param, new), "optional",
                                 "required"))
            out += self._parameter_schema(was, param)
        return out

    def _parameter_schema(self, old: Parameter, new: Parameter) -> list[Delta]:
        if old.schema is None or new.schema is None:
            return []
        old_node = _parameter_node(self.old_doc, old.schema)
        new_node = _parameter_node(self.new_doc, new.schema)
        found = self.requests.nodes(old_node, old.schema, new_node, new.schema, _label(new))
        return [Delta("request-parameter-retyped", d.field, d.pointer, d.before, d.after)
                if d.rule == "request-property-retyped" else d for d in found]

    def _request_body(self, old: Operation, new: Operation) -> list[Delta]:
        a, b = old.request_body, new.request_body
        if b is None:
            return []
        if a is None:
            return [Delta("request-body-became-required", "", new.pointer, "no body", "a body")] if b.required else []
        out = []
        if b.required and not a.required:
            out.append(Delta("request-body-became-required", "", new.pointer, "optional", "required"))
        for media in a.media_types:
            if media not in b.media_types:
                out.append(Delta("request-content-type-removed", "", new.pointer, media, ", ".join(b.media_types)))
        if a.schema and b.schema:
            out += self.requests.compare(a.schema, b.schema)
        return out

    def _responses(self, old: Operation, new: Operation) -> list[Delta]:
        after = {r.status: r for r in new.responses}
        out = []
        for response in old.responses:
            current = after.get(response.status)
            if current is None:
                if SUCCESS.match(response.status):
                    at = f"{old.pointer}/responses/{escape(response.status)}"
                    out.append(Delta("response-status-removed", "", at, response.status,
                                     ", ".join(sorted(after)) or "none"))
                continue
            out += self._headers(response, current, old, new)
            if response.body is None or current.body is None:
                continue
            for media in response.body.media_types:
                if media not in current.body.media_types:
                    out.append(Delta("response-content-type-removed", "", new.pointer, media,
                                     ", ".join(current.body.media_types)))
            if response.body.schema and current.body.schema and SUCCESS.match(response.status):
                out += self.responses.compare(response.body.schema, current.body.schema)
        before = {r.status for r in old.responses}
        out += [Delta("response-status-added", "", f"{new.pointer}/responses/{escape(r.status)}", "absent", r.status)
                for r in new.responses if r.status not in before]
        return out


    def _headers(self, response: Response, current: Response, old: Operation, new: Operation) -> list[Delta]:
        """Response headers a reader may act on (``Retry-After``, ``Link``): removed or retyped."""
        if not SUCCESS.match(response.status) and response.status != "429":
            return []
        before = _header_types(self.old_doc, old.pointer, response.status)
        after = _header_types(self.new_doc, new.pointer, current.status)
        at = f"{new.pointer}/responses/{escape(current.status)}/headers"
        out = [Delta("response-header-removed", f"header {name}", at, "present", "absent")
               for name in before if name not in after]
        return out + [Delta("response-header-retyped", f"header {name}", at, before[name] or "any",
                            after[name] or "any") for name in before if name in after and before[name] != after[name]]


def _header_types(doc: Mapping[str, Any], op_pointer: str, status: str) -> dict[str, str]:
    """Lower-cased header name -> its type (Swagger 2.0 ``type``, OpenAPI 3 ``schema``), for one response."""
    node = _resolved(doc, resolve_pointer(doc, f"{op_pointer}/responses/{escape(status)}"))
    out = {}
    for name, raw in (node.get("headers") or {}).items():
        header = _resolved(doc, raw)
        schema = _resolved(doc, header.get("schema")) if "schema" in header else header
        out[str(name).lower()] = kind(schema)
    return out


def _resolved(doc: Mapping[str, Any], node: Any) -> Mapping[str, Any]:
    """A node with its local ``$ref`` followed (a few hops at most; anything else is an empty mapping)."""
    for _hop in range(8):
        if not (isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/")):
            break
        node = resolve_pointer(doc, node["$ref"])
    return node if isinstance(node, Mapping) else {}


def _sunset(old: Any, new: Any, at: str) -> list[Delta]:
    """A sunset date (``x-sunset``) set, or moved earlier: the day the operation may stop answering."""
    was, now = (str(n.get("x-sunset") or "") if isinstance(n, Mapping) else "" for n in (old, new))
    if now and (not was or now < was):  # ISO dates compare as text
        return [Delta("operation-sunset-set", "", f"{at}/x-sunset", was or "none", now)]
    return []


def _label(param: Parameter) -> str:
    return f"{param.location} {param.name}"


def _at(param: Parameter, op: Operation) -> str:
    return param.schema or op.pointer


def _parameter_node(doc: Mapping[str, Any], ptr: str) -> Any:
    """A parameter's schema: OpenAPI 3 ``schema``, or the Swagger 2.0 parameter's own type keywords."""
    node = resolve_pointer(doc, ptr)
    if isinstance(node, Mapping) and "in" in node and "name" in node:  # Swagger 2.0: the parameter itself
        return parameter_schema(node)
    return node


__all__ = ["OperationsDiff", "kind", "parameter_key"]
