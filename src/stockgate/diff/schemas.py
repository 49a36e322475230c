"""Compare two schemas of one payload, old and new, walking both documents' ``$ref``s in place.

A field is named the way a connector author reads a payload: ``sourceItems[].quantity`` (the body
root is ``""``). What a change means depends on the direction: a client *sends* requests (a new
requirement or a tighter constraint can refuse it) and *reads* responses (a removed, retyped or
newly null property can break it). Both Swagger 2.0 (``x-nullable``) and OpenAPI 3.x
(``nullable``, 3.1 ``type: [.., "null"]``) are read natively; ``allOf`` parts are merged.

Results inside a referenced schema are computed once per pair of definitions (a memo) and cycles
are cut, so the Magento admin schema (hundreds of operations sharing deep definitions) diffs fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stockgate.contracts.model import escape, resolve_pointer
from stockgate.diff.keywords import branch_deltas, keyword_deltas, kind
from stockgate.diff.model import Delta
from stockgate.errors import DataError

_WIDER = {("integer", "number")}  # a value of the first type is also one of the second


def join(field: str, name: str) -> str:
    """``items`` + ``sku`` → ``items.sku``; the root is ``""``."""
    return f"{field}.{name}" if field else name


class SchemaDiff:
    """Differences between payload schemas of two documents, for one direction (request or response)."""

    def __init__(self, old_doc: Mapping[str, Any], new_doc: Mapping[str, Any], direction: str,
                 labels: tuple[str, str] = ("the old contract", "the new contract")) -> None:
        """``direction``: ``request`` or ``response``; ``labels`` name the documents in error messages."""
        self.old_doc, self.new_doc = old_doc, new_doc
        self.labels = labels
        self.direction = direction
        self._memo: dict[tuple[str, str], list[Delta]] = {}
        self._active: set[tuple[str, str]] = set()

    def compare(self, old_ptr: str, new_ptr: str, field: str = "") -> list[Delta]:
        """Differences between the schema at ``old_ptr`` (old document) and ``new_ptr`` (new document)."""
        return self.nodes(resolve_pointer(self.old_doc, old_ptr), old_ptr, resolve_pointer(self.new_doc, new_ptr),
                          new_ptr, field)

    def nodes(self, old: Any, old_ptr: str, new: Any, new_ptr: str, field: str = "") -> list[Delta]:
        """Differences between two schema nodes (``*_ptr``: where they are, for findings and the memo)."""
        old_node, old_at = _deref(self.old_doc, old, old_ptr, self.labels[0])
        new_node, new_at = _deref(self.new_doc, new, new_ptr, self.labels[1])
        key = (old_at, new_at)
        if key in self._memo:
            return [_prefixed(d, field) for d in self._memo[key]]
        if key in self._active:  # a recursive definition: its own differences are reported where it starts
            return []
        self._active.add(key)
        try:
            found = self._node(_merged(self.old_doc, old_node), _merged(self.new_doc, new_node), old_at, new_at)
        finally:
            self._active.discard(key)
        self._memo[key] = found
        return [_prefixed(d, field) for d in found]

    def _node(self, old: Mapping[str, Any], new: Mapping[str, Any], old_at: str, new_at: str) -> list[Delta]:
        request = self.direction == "request"
        old_type, new_type = kind(old), kind(new)
        if old_type and new_type and old_type != new_type and not self._compatible(old_type, new_type):
            rule = "request-property-retyped" if request else "response-property-retyped"
            return [Delta(rule, "", new_at, old_type, new_type)]
        out: list[Delta] = []
        if not request and nullable(new) and not nullable(old):
            out.append(Delta("response-property-became-nullable", "", new_at, "not null", "nullable"))
        out += self._enum(old, new, new_at)
        out += keyword_deltas(old, new, new_at, self.direction)
        branches, pairs = branch_deltas(old, new, new_at, self.direction)
        out += branches
        for old_branch, old_ptr, new_branch, new_ptr in pairs:  # inside an alternative both sides still have
            out += self.nodes(old_branch, old_ptr, new_branch, new_ptr)
        if new_type == "array" or old_type == "array":
            out += self._items(old, new, old_at, new_at)
        out += self._properties(old, new, old_at, new_at)
        return out

    def _compatible(self, old: str, new: str) -> bool:
        """A request may widen (integer → number); a response may narrow (number → integer)."""
        return (old, new) in _WIDER if self.direction == "request" else (new, old) in _WIDER

    def _enum(self, old: Mapping[str, Any], new: Mapping[str, Any], at: str) -> list[Delta]:
        if "enum" not in old or "enum" not in new:
            if self.direction == "response" and "enum" in old and "enum" not in new:
                return [Delta("response-enum-widened", "", at, _show(old["enum"]), "any value")]
            if self.direction == "request" and "enum" in new and "enum" not in old:
                return [Delta("request-enum-narrowed", "", at, "any value", _show(new["enum"]))]
            return []
        removed = [v for v in old["enum"] if v not in new["enum"]]
        added = [v for v in new["enum"] if v not in old["enum"]]
        if self.direction == "request" and removed:
            return [Delta("request-enum-narrowed", "", at, _show(old["enum"]), _show(new["enum"]))]
        if self.direction == "response" and added:
            return [Delta("response-enum-widened", "", at, _show(old["enum"]), _show(new["enum"]))]
        return []

    def _items(self, old: Mapping[str, Any], new: Mapping[str, Any], old_at: str, new_at: str) -> list[Delta]:
        if "items" not in old or "items" not in new:
            return []
        inner = self.nodes(old["items"], f"{old_at}/items", new["items"], f"{new_at}/items", "[]")
        retyped = f"{self.direction}-property-retyped"
        return [Delta(f"{self.direction}-array-items-retyped", d.field, d.pointer, d.before, d.after)
                if d.rule == retyped and d.field == "[]" else d for d in inner]

    def _properties(self, old: Mapping[str, Any], new: Mapping[str, Any], old_at: str, new_at: str) -> list[Delta]:
        old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
        old_req, new_req = set(old.get("required") or ()), set(new.get("required") or ())
        request = self.direction == "request"
        out: list[Delta] = []
        for name in old_props:
            if name not in new_props:
                rule = "request-property-removed" if request else "response-property-removed"
                out.append(Delta(rule, name, f"{old_at}/properties/{escape(name)}", "present", "absent"))
        for name in new_props:
            where = f"{new_at}/properties/{escape(name)}"
            if name not in old_props:
                rule = ("request-property-added-required" if name in new_req else "request-property-added") \
                    if request else "response-property-added"
                out.append(Delta(rule, name, where, "absent", "required" if name in new_req else "optional"))
                continue
            if request and name in new_req and name not in old_req:
                out.append(Delta("request-property-became-required", name, where, "optional", "required"))
            if not request and name in old_req and name not in new_req:
                out.append(Delta("response-property-became-optional", name, where, "required", "optional"))
            out += self.nodes(old_props[name], f"{old_at}/properties/{escape(name)}", new_props[name], where, name)
        return out


def nullable(schema: Mapping[str, Any]) -> bool:
    """``nullable`` (OpenAPI 3.0), ``x-nullable`` (Swagger 2.0) or ``"null"`` in a 3.1 type list."""
    value = schema.get("type")
    return bool(schema.get("nullable") or schema.get("x-nullable") or (isinstance(value, list) and "null" in value))


def _deref(doc: Mapping[str, Any], node: Any, at: str, label: str = "the contract"
           ) -> tuple[Mapping[str, Any], str]:
    seen: set[str] = set()
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        ref = node["$ref"]
        if ref in seen:
            break
        seen.add(ref)
        try:
            node = resolve_pointer(doc, ref)
        except (KeyError, IndexError, ValueError):
            raise DataError("a $ref points at nothing", where=label, key=at, actual=ref,
                            hint="Fix the document, or run `stockgate contracts validate` on it") from None
        at = ref[1:]
    return (node if isinstance(node, Mapping) else {}), at


def _merged(doc: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """``allOf`` parts folded into one object schema (properties and required united)."""
    if "allOf" not in node:
        return node
    out: dict[str, Any] = {k: v for k, v in node.items() if k != "allOf"}
    props: dict[str, Any] = dict(out.get("properties") or {})
    required = list(out.get("required") or [])
    for part in node["allOf"]:
        resolved, _at = _deref(doc, part, "")
        resolved = _merged(doc, resolved)
        props.update(resolved.get("properties") or {})
        required += [r for r in resolved.get("required") or [] if r not in required]
        for key in ("type", "nullable", "x-nullable", "enum"):
            if key in resolved and key not in out:
                out[key] = resolved[key]
    out["properties"], out["required"] = props, required
    return out


def _prefixed(delta: Delta, field: str) -> Delta:
    if not field:
        return delta
    inner = delta.field
    if not inner:
        name = field
    elif inner.startswith("[]"):
        name = field + inner
    else:
        name = join(field, inner)
    return Delta(delta.rule, name, delta.pointer, delta.before, delta.after)


def _show(values: Any) -> str:
    return ", ".join(str(v) for v in values) if isinstance(values, list) else str(values)
