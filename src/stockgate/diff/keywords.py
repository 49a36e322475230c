"""Keyword-level differences of one schema node: constraints, defaults, access, deprecation, branches.

:class:`~stockgate.diff.schemas.SchemaDiff` walks properties and items; what a single node's
keywords mean for a client is decided here, by direction. A request is *sent*: a tighter
constraint (``maxLength``, ``multipleOf``, ``uniqueItems``, ``maxProperties`` …), a property that
became ``readOnly`` or a removed ``oneOf``/``anyOf`` alternative may refuse what worked. A
response is *read*: a constraint dropped (a ``maxLength`` a reader sized a column by, an
``enum`` it switched on: see ``response-enum-widened``), a property that became ``writeOnly``
(no longer answered) or a new alternative may surprise a reader. A changed ``default`` matters
to whoever leaves the field out (request) or reads its absence (response).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from stockgate.diff.model import Delta

# (keyword, rule when tightened in a request, tighter when the new value is ...)
TIGHTER = (
    ("maxLength", "request-max-length-decreased", "lower"), ("minLength", "request-min-length-increased", "higher"),
    ("maxItems", "request-max-items-decreased", "lower"), ("minItems", "request-min-items-increased", "higher"),
    ("maximum", "request-maximum-decreased", "lower"), ("minimum", "request-minimum-increased", "higher"),
    ("maxProperties", "request-max-properties-decreased", "lower"),
    ("minProperties", "request-min-properties-increased", "higher"),
)
# what a reader may have relied on: each dropped or loosened in a response is response-constraint-relaxed
RELAXED = ("maxLength", "minLength", "maxItems", "minItems", "maximum", "minimum", "maxProperties", "minProperties",
           "pattern", "format", "multipleOf", "uniqueItems")


def keyword_deltas(old: Mapping[str, Any], new: Mapping[str, Any], at: str, direction: str) -> list[Delta]:
    """Every keyword-level difference of one node (``at``: its pointer in the new document)."""
    request = direction == "request"
    out = _tightened(old, new, at) if request else _relaxed(old, new, at)
    if old.get("default") != new.get("default") and ("default" in old or "default" in new):
        out.append(Delta(f"{direction}-default-changed", "", f"{at}/default", _value(old, "default"),
                         _value(new, "default")))
    access = "readOnly" if request else "writeOnly"
    if new.get(access) is True and old.get(access) is not True:
        rule = "request-property-became-read-only" if request else "response-property-became-write-only"
        out.append(Delta(rule, "", f"{at}/{access}", "false", "true"))
    if new.get("deprecated") is True and old.get("deprecated") is not True:
        out.append(Delta(f"{direction}-property-deprecated", "", f"{at}/deprecated", "false", "true"))
    return out


def _tightened(old: Mapping[str, Any], new: Mapping[str, Any], at: str) -> list[Delta]:
    out = []
    for keyword, rule, tighter in TIGHTER:
        if keyword not in new:
            continue
        before, after = old.get(keyword), new[keyword]
        if before is None or (after < before if tighter == "lower" else after > before):
            out.append(Delta(rule, "", f"{at}/{keyword}", "none" if before is None else str(before), str(after)))
    for keyword, rule in (("pattern", "request-pattern-changed"), ("format", "request-format-changed")):
        if keyword in new and new[keyword] != old.get(keyword):
            out.append(Delta(rule, "", f"{at}/{keyword}", str(old.get(keyword, "none")), str(new[keyword])))
    if "multipleOf" in new and not _divides(new["multipleOf"], old.get("multipleOf")):
        out.append(Delta("request-multiple-of-changed", "", f"{at}/multipleOf", _value(old, "multipleOf"),
                         str(new["multipleOf"])))
    if new.get("uniqueItems") is True and old.get("uniqueItems") is not True:
        out.append(Delta("request-unique-items-added", "", f"{at}/uniqueItems", "false", "true"))
    return out


def _divides(new: Any, old: Any) -> bool:
    """Whether every multiple of ``old`` is still a multiple of ``new`` (no old value: nothing was refused)."""
    if old is None:
        return False
    try:
        return Decimal(str(old)) % Decimal(str(new)) == 0
    except (InvalidOperation, ArithmeticError):
        return False


def _relaxed(old: Mapping[str, Any], new: Mapping[str, Any], at: str) -> list[Delta]:
    out = []
    for keyword in RELAXED:
        if keyword not in old or old.get(keyword) == new.get(keyword):
            continue
        if keyword not in new or not _still_as_tight(keyword, old[keyword], new[keyword]):
            out.append(Delta("response-constraint-relaxed", "", f"{at}/{keyword}", f"{keyword} {old[keyword]}",
                             f"{keyword} {new[keyword]}" if keyword in new else f"no {keyword}"))
    return out


def _still_as_tight(keyword: str, old: Any, new: Any) -> bool:
    """A response constraint that changed but still promises what it did (a lower maxLength, a higher minimum)."""
    if keyword.startswith("max") or keyword == "maximum":
        return isinstance(old, int | float) and isinstance(new, int | float) and new <= old
    if keyword.startswith("min") or keyword == "minimum":
        return isinstance(old, int | float) and isinstance(new, int | float) and new >= old
    if keyword == "multipleOf":
        return _divides(old, new)
    return False  # pattern, format, uniqueItems: any change loosens what a reader was promised


def branch_deltas(old: Mapping[str, Any], new: Mapping[str, Any], at: str,
                  direction: str) -> tuple[list[Delta], list[tuple[Any, str, Any, str]]]:
    """``oneOf``/``anyOf`` alternatives removed or added, and the pairs matched (to compare inside).

    Alternatives are matched by their ``$ref``, else by their type when it is the only one of that
    type, else by their whole text. Returns the deltas and (old, old pointer, new, new pointer) pairs.
    """
    out: list[Delta] = []
    pairs: list[tuple[Any, str, Any, str]] = []
    for keyword in ("oneOf", "anyOf"):
        before, after = _branches(old.get(keyword)), _branches(new.get(keyword))
        if not before and not after:
            continue
        for name, (n, node) in before.items():
            if name in after:
                m, other = after[name]
                pairs.append((node, f"{at}/{keyword}/{n}", other, f"{at}/{keyword}/{m}"))
            elif after or keyword in new:
                out.append(Delta(f"{direction}-branch-removed", "", f"{at}/{keyword}/{n}", f"{keyword} {name}",
                                 "absent"))
        out += [Delta(f"{direction}-branch-added", "", f"{at}/{keyword}/{m}", "absent", f"{keyword} {name}")
                for name, (m, _node) in after.items() if name not in before and before]
    return out, pairs


def _branches(nodes: Any) -> dict[str, tuple[int, Any]]:
    if not isinstance(nodes, list):
        return {}
    types = [kind(n) if isinstance(n, Mapping) and "$ref" not in n else "" for n in nodes]
    out = {}
    for n, node in enumerate(nodes):
        if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            name = node["$ref"].rsplit("/", 1)[-1]
        elif types[n] and types.count(types[n]) == 1:
            name = types[n]
        else:
            name = json.dumps(node, sort_keys=True, default=str)[:80]
        out[name] = (n, node)
    return out


def kind(schema: Mapping[str, Any]) -> str:
    """The JSON type a schema names (``object`` or ``array`` when only implied; ``""`` when open)."""
    value = schema.get("type")
    if isinstance(value, list):
        value = next((v for v in value if v != "null"), "")
    if value:
        return str(value)
    if "properties" in schema:
        return "object"
    return "array" if "items" in schema else ""


def _value(schema: Mapping[str, Any], keyword: str) -> str:
    return json.dumps(schema[keyword], sort_keys=True, default=str) if keyword in schema else "none"
