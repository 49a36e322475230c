"""Which declared properties an answer leaves out: a body walked beside its contract schema.

The walk follows ``$ref``s lazily (data is finite, so recursive schemas end with the data), merges
``allOf`` parts, picks the closest ``oneOf``/``anyOf`` branch, and goes into arrays, declared
properties and ``additionalProperties`` maps. A property is missing when an object the schema
describes does not carry it at all (``null`` is carried: it says "no value").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stockgate.contracts import Contract, Profile


@dataclass(frozen=True, slots=True)
class Missing:
    """One declared property an answer leaves out."""

    at: str  # JSON pointer of the object in the answer
    component: str  # the schema component declaring it ("" when inline)
    name: str

    def __str__(self) -> str:
        owner = f"{self.component}." if self.component else ""
        return f"{self.at}/{self.name} ({owner}{self.name})"


def _deref(doc: Mapping[str, Any], node: Any, component: str) -> tuple[dict[str, Any], str]:
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
        ref = node["$ref"]
        seen.add(ref)
        component = ref.rsplit("/", 1)[-1] if ref.startswith("#/components/schemas/") else component
        target: Any = doc
        for token in ref[2:].split("/"):
            target = target[token.replace("~1", "/").replace("~0", "~")]
        node = target
    return (node if isinstance(node, dict) else {}), component


def _merged(doc: Mapping[str, Any], schema: dict[str, Any], component: str,
            value: Mapping[str, Any]) -> tuple[dict[str, tuple[Any, str]], Any]:
    """Declared properties (with the component declaring each) and the additionalProperties schema."""
    props: dict[str, tuple[Any, str]] = {k: (v, component) for k, v in (schema.get("properties") or {}).items()}
    extra = schema.get("additionalProperties")
    for part in schema.get("allOf") or []:
        sub, owner = _deref(doc, part, component)
        more, sub_extra = _merged(doc, sub, owner, value)
        props.update(more)
        extra = extra if isinstance(extra, dict) else sub_extra
    branches = [_deref(doc, b, component) for b in (schema.get("oneOf") or schema.get("anyOf") or [])]
    if branches:
        def fit(branch: tuple[dict[str, Any], str]) -> int:
            declared = _merged(doc, branch[0], branch[1], value)[0]
            return sum(1 for k in declared if k in value) - sum(1 for k in declared if k not in value)

        best = max(branches, key=fit)
        props.update(_merged(doc, best[0], best[1], value)[0])
    return props, extra


def missing(doc: Mapping[str, Any], schema: Any, value: Any, at: str = "", component: str = "") -> list[Missing]:
    """Every declared property ``value`` leaves out, at any depth."""
    node, component = _deref(doc, schema, component)
    out: list[Missing] = []
    if isinstance(value, list) and isinstance(node.get("items"), dict):
        for n, item in enumerate(value):
            out += missing(doc, node["items"], item, f"{at}/{n}", component)
    elif isinstance(value, dict):
        props, extra = _merged(doc, node, component, value)
        for name, (sub, owner) in props.items():
            if name not in value:
                out.append(Missing(at, owner, name))
            else:
                out += missing(doc, sub, value[name], f"{at}/{name}", owner)
        if isinstance(extra, dict):
            for name, item in value.items():
                if name not in props:
                    out += missing(doc, extra, item, f"{at}/{name}", component)
    return out


def response_schema(contract: Contract, profile: Profile, answer: tuple[str, str, int],
                    body: Any) -> tuple[str, Any, Any] | None:
    """The operation, the schema its answer is read against and the part of the body it describes (profile-aware).

    ``answer``: method, URL and status.
    """
    method, url, status = answer
    found = contract.match(method, url)
    declared = found.operation.response(status) if found else None
    if found is None or declared is None or declared.body is None or declared.body.schema is None:
        return None
    key = found.operation.key
    wrapper = (profile.value("schema.wire_envelopes") or {}).get(key)
    if wrapper is not None and isinstance(body, dict):
        body = body.get(wrapper)
    override = (profile.value("schema.response_overrides") or {}).get(key)
    return key, (override if override is not None else {"$ref": "#" + declared.body.schema}), body
