"""JSON Schema views of OpenAPI schemas, for jsonschema (Draft 4) and for people.

OpenAPI 3.0 and Swagger 2.0 schema objects are close to JSON Schema Draft 4, with three gaps this
module closes: ``nullable`` / ``x-nullable`` become ``type: [T, "null"]`` (no draft knows them),
``exclusiveMinimum: true`` keeps Draft 4 meaning (Draft 2020-12 would read it as the number 1),
and refs stay refs into the whole document, registered as one resource, so nothing is copied.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

from stockgate.contracts.model import DanglingRef, escape, follow_ref

JUDGED_BYTES = 32 * 1024 * 1024  # remembered answers (canonical JSON) per document before the memory starts again

_V2_PARAMETER_KEYS = {"name", "in", "required", "description", "collectionFormat", "allowEmptyValue"}


def to_json_schema(node: Any) -> Any:
    """Convert an OpenAPI schema tree to Draft 4 JSON Schema (recursively, returning a copy)."""
    if isinstance(node, list):
        return [to_json_schema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_json_schema(v) for k, v in node.items()}
    if out.pop("nullable", False) is True or out.pop("x-nullable", False) is True:
        _allow_null(out)
    return out


def _allow_null(schema: dict[str, Any]) -> None:
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        schema["type"] = [*kind, "null"]
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    if "$ref" in schema:  # Draft 4 ignores siblings of $ref: wrap it
        ref = schema.pop("$ref")
        schema["anyOf"] = [{"$ref": ref}, {"type": "null"}]


def parameter_schema(raw_parameter: Mapping[str, Any]) -> dict[str, Any]:
    """The schema part of a Swagger 2.0 non-body parameter (type, format, items, enum …)."""
    return {k: v for k, v in raw_parameter.items() if k not in _V2_PARAMETER_KEYS}


class SchemaView:
    """Validators and readable resolutions over one converted OpenAPI document."""

    def __init__(self, doc: Mapping[str, Any], uri: str, shown: str | None = None) -> None:
        """Convert ``doc`` once and register it under ``uri``; ``shown`` names its file in errors."""
        self.uri = uri
        self.shown = shown or uri
        self.doc = to_json_schema(dict(doc))
        self.registry: Registry[Any] = Registry().with_resource(uri, DRAFT4.create_resource(self.doc))
        self._validators: dict[str, Draft4Validator] = {}
        self._inline_validators: dict[str, Draft4Validator] = {}  # errors_for's, by the schema's JSON
        self._judged: dict[tuple[str, str], tuple[str, ...]] = {}  # errors(), by pointer and canonical answer
        self._judged_bytes = 0

    def validator(self, ptr: str) -> Draft4Validator:
        """A Draft 4 validator for the schema at JSON pointer ``ptr`` (built once per pointer)."""
        if ptr not in self._validators:
            self._validators[ptr] = Draft4Validator({"$ref": f"{self.uri}#{ptr}"}, registry=self.registry,
                                                    format_checker=Draft4Validator.FORMAT_CHECKER)
        return self._validators[ptr]

    def errors(self, ptr: str, instance: Any) -> list[str]:
        """Every violation of ``instance`` against the schema at ``ptr``, as ``/json/pointer: message``.

        Remembered by content (the answer as canonical JSON), so an answer checked before is not walked
        again: the gate's cassettes repeat most of their answers (1,551 checks, 351 distinct).
        """
        try:
            key = (ptr, json.dumps(instance, sort_keys=True, separators=(",", ":"), allow_nan=True))
        except (TypeError, ValueError):  # not JSON data: judged every time
            key = None
        if key is not None and key in self._judged:
            return list(self._judged[key])
        found = self.validator(ptr).iter_errors(instance)
        errors = sorted(f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found)
        if key is not None:
            self._judged_bytes += len(key[1])
            if self._judged_bytes > JUDGED_BYTES:  # big answers (a 50,000-product page) never pile up
                self._judged.clear()
                self._judged_bytes = len(key[1])
            self._judged[key] = tuple(errors)
        return errors

    def errors_for(self, schema: Mapping[str, Any], instance: Any) -> list[str]:
        """Violations of ``instance`` against an inline ``schema`` whose local ``$ref``s point into this document."""
        def rebase(node: Any) -> Any:
            if isinstance(node, dict):
                return {k: (f"{self.uri}{v}" if k == "$ref" and isinstance(v, str) and v.startswith("#")
                            else rebase(v)) for k, v in node.items()}
            return [rebase(v) for v in node] if isinstance(node, list) else node

        key = json.dumps(schema, sort_keys=True, default=str)  # built once per schema, as validator() is
        validator = self._inline_validators.get(key)
        if validator is None:
            validator = self._inline_validators[key] = Draft4Validator(
                to_json_schema(rebase(dict(schema))), registry=self.registry,
                format_checker=Draft4Validator.FORMAT_CHECKER)
        return sorted(f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance))

    def resolve(self, ptr: str, *, max_depth: int = 8) -> Any:
        """The schema at ``ptr`` with local refs inlined; cycles and depth cut with ``x-stockgate-ref``.

        A ``$ref`` that names nothing is a :class:`~stockgate.errors.DataError` naming the file and where it sits.
        """
        try:
            return _inline(self.doc, follow_ref(self.doc, ptr, ptr), (), max_depth, ptr)
        except DanglingRef as exc:
            raise exc.error(self.shown) from None


def _inline(doc: Mapping[str, Any], node: Any, stack: tuple[str, ...], depth: int, at: str) -> Any:
    if isinstance(node, list):
        return [_inline(doc, v, stack, depth, f"{at}/{n}") for n, v in enumerate(node)]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/"):
        name = ref.rsplit("/", 1)[-1]
        if ref in stack or depth <= 0:
            reason = "recursive" if ref in stack else "depth limit"
            return {"x-stockgate-ref": name, "x-stockgate-cut": reason}
        target = _inline(doc, follow_ref(doc, ref, at), (*stack, ref), depth - 1, ref[1:])
        if isinstance(target, dict):
            return {"x-stockgate-ref": name, **target}
        return target
    return {k: _inline(doc, v, stack, depth, f"{at}/{escape(str(k))}") for k, v in node.items()}
