"""``?fields=`` partial answers, as Magento's ``FieldsFilter`` trims them (``request.fields_filter``).

``fields=items[sku,qty],total_count`` keeps those keys: brackets nest, a list is filtered item by item,
``custom_attributes[...]`` keeps the attributes whose code is named. A filter with any character other
than letters, digits, ``_``, brackets and commas, or unbalanced brackets, answers ``[]``; an empty list
filtered is ``null``. Source: M2 lib/internal/Magento/Framework/Webapi/Rest/Response/FieldsFilter.php
and app/code/Magento/Webapi/Controller/Rest/SynchronousRequestProcessor.php (profile fact cites commits).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

Tree = dict[str, Any]  # field -> 1 (keep) or a nested Tree


def wanted(query: list[tuple[str, str]], rule: Mapping[str, Any]) -> str | None:
    """The filter string when the answer is to be filtered: the parameter set and true to PHP ("", "0" are not)."""
    value = next((v for k, v in query if k == rule["parameter"]), None)
    return value if value not in (None, "", "0") else None


def apply(answer: Any, spec: str, rule: Mapping[str, Any]) -> Any:
    """``answer`` trimmed to ``spec``; an answer that is not an object or list is left as it is."""
    if not isinstance(answer, dict | list):
        return answer
    tree = parse(spec, str(rule["characters"]))
    if tree is None:
        return list(rule["invalid"])
    return _apply(answer, tree, rule)


def parse(spec: str, characters: str) -> Tree | None:
    """``FieldsFilter::parse``: ``a[b,c[d]],e`` → ``{a: {b: 1, c: {d: 1}}, e: 1}``; None when malformed."""
    if not spec or re.search(f"[^{characters}]", spec):
        return None
    current: Tree = {}
    stack: list[Tree] = []
    parents: list[str | None] = []
    start: int | None = None
    element: str | None = None
    for position, char in enumerate(spec):
        if char in "[],":
            if start is not None:
                element = spec[start:position]
                current[element] = 1
            start = None
        if char == "[":
            parents.append(element)
            stack.append(current)
            current = {}
        elif char == "]":
            done = current
            current = stack.pop() if stack else {}  # array_pop() of an empty stack: PHP goes on with null
            current[_key(parents.pop() if parents else None)] = done
        elif char != "," and start is None:
            start = position
    if stack:
        return None
    if start is not None:
        current[spec[start:]] = 1
    return current


def _key(element: str | None) -> str:
    """A PHP array key: null is ""."""
    return "" if element is None else element


def _apply(answer: Any, tree: Tree, rule: Mapping[str, Any]) -> Any:
    """``applyFilter``: a list (no string keys) item by item, an object by its keys."""
    if isinstance(answer, list):
        if not answer:
            return rule["empty_list"]
        return [_intersect(item, tree, rule) if isinstance(item, dict) else item for item in answer]
    return _intersect(answer, tree, rule)


def _intersect(item: dict[str, Any], tree: Tree, rule: Mapping[str, Any]) -> dict[str, Any]:
    """``recursiveArrayIntersectKey``: the keys the filter names, nested filters applied below."""
    out: dict[str, Any] = {}
    for key, value in item.items():
        if key not in tree:
            continue
        sub = tree[key]
        if key == "custom_attributes" and isinstance(sub, dict) and isinstance(value, list):
            out[key] = _custom_attributes(value, sub)
        elif isinstance(sub, dict) and isinstance(value, dict | list):
            out[key] = _apply(value, sub, rule)
        else:
            out[key] = value
    return out


def _custom_attributes(values: list[Any], sub: Tree) -> list[dict[str, Any]]:
    """``filterCustomAttributes``: attributes named by code whole; otherwise only the named keys of each."""
    out = []
    for attribute in values:
        if not isinstance(attribute, dict):
            continue
        if attribute.get("attribute_code") in sub:
            out.append({"attribute_code": attribute.get("attribute_code"), "value": attribute.get("value")})
            continue
        kept: dict[str, Any] = {k: attribute.get(k) for k in ("attribute_code", "value") if k in sub}
        if kept:
            out.append(kept)
    return out
