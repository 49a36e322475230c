"""Derived contracts: an OpenAPI Overlay 1.0 document applied to a published base.

Where a vendor publishes no OpenAPI file for a version, stockgate derives one from the closest
published version with an overlay (https://spec.openapis.org/overlay/v1.0.0.html). Every action
must cite the release note it comes from in ``x-source``. Targets use the JSONPath subset that
names one node (``$.paths['/inventory'].post``, ``$.components.schemas.Product``): an action that
selects nothing is an error, because a silent no-op would make the derived contract lie.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from stockgate.datafile import LoadedData, load_yaml, validate
from stockgate.errors import DataError

OVERLAY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["overlay", "info", "x-stockgate", "actions"],
    "properties": {
        "overlay": {"const": "1.0.0"},
        "info": {
            "type": "object",
            "additionalProperties": False,
            "required": ["title", "version"],
            "properties": {"title": {"type": "string"}, "version": {"type": "string"}},
        },
        "extends": {"type": "string"},
        "x-stockgate": {
            "type": "object",
            "additionalProperties": False,
            "required": ["base", "derives", "assumptions"],
            "properties": {
                "base": {"type": "string", "description": "platform@version of the published base"},
                "derives": {"type": "string", "description": "platform@version this overlay produces"},
                "assumptions": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
            },
        },
        "actions": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["target", "description", "x-source"],
                "properties": {
                    "target": {"type": "string", "pattern": r"^\$", "description": "a JSONPath starting with $"},
                    "description": {"type": "string", "minLength": 1},
                    "x-source": {"type": "string", "minLength": 1,
                                 "description": "the public source (release note URL) of this change"},
                    "update": {},
                    "remove": {"const": True},
                },
                "oneOf": [{"required": ["update"]}, {"required": ["remove"]}],
            },
        },
    },
}

_SEGMENT = re.compile(r"""\.(?P<name>[A-Za-z_][A-Za-z0-9_\-]*)|\[(?P<q>['"])(?P<quoted>.*?)(?P=q)\]""")


def parse_target(target: str) -> list[str]:
    """Split a single-node JSONPath into its keys; ValueError for anything richer."""
    if not target.startswith("$"):
        raise ValueError("a target starts with $")
    keys, pos = [], 1
    while pos < len(target):
        match = _SEGMENT.match(target, pos)
        if not match:
            raise ValueError(f"unsupported JSONPath syntax at position {pos}: {target[pos:]!r}")
        keys.append(match["name"] if match["name"] is not None else match["quoted"])
        pos = match.end()
    return keys


def load_overlay(path: Path) -> LoadedData:
    """Parse and validate an overlay file."""
    loaded = load_yaml(path)
    validate(loaded, OVERLAY_SCHEMA, what="the overlay")
    return loaded


def apply_overlay(base: dict[str, Any], loaded: LoadedData) -> dict[str, Any]:
    """Return a new document: ``base`` with every action of the overlay applied in order."""
    doc = copy.deepcopy(base)
    for i, action in enumerate(loaded.data["actions"]):
        where = loaded.where(["actions", i, "target"])
        try:
            keys = parse_target(action["target"])
        except ValueError as exc:
            raise DataError(str(exc), where=where, key=f"actions[{i}].target",
                            hint="Use $.a.b or $['a']['b'] naming one node") from None
        parent, last = _walk(doc, keys, where=where, index=i)
        if action.get("remove"):
            del parent[last]
        else:
            _update(parent, last, action["update"])
    return doc


def _walk(doc: dict[str, Any], keys: list[str], *, where: str, index: int) -> tuple[Any, Any]:
    if not keys:
        return {"$": doc}, "$"
    node: Any = doc
    for depth, key in enumerate(keys):
        if not isinstance(node, dict) or key not in node:
            reached = "$" + "".join(f"[{k!r}]" for k in keys[:depth])
            raise DataError(
                f"target selects nothing: {reached} has no key {key!r}",
                where=where, key=f"actions[{index}].target",
                hint="The base document changed or the target is misspelled; fix the overlay",
            )
        if depth == len(keys) - 1:
            return node, key
        node = node[key]
    raise AssertionError("unreachable")  # pragma: no cover


def _update(parent: Any, key: Any, update: Any) -> None:
    target = parent[key]
    if isinstance(target, dict) and isinstance(update, dict):
        for k, v in update.items():
            if k in target:
                _update(target, k, v)
            else:
                target[k] = copy.deepcopy(v)
    elif isinstance(target, list):
        target.extend(copy.deepcopy(update) if isinstance(update, list) else [copy.deepcopy(update)])
    else:
        parent[key] = copy.deepcopy(update)
