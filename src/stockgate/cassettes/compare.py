"""Structural comparison of two recorded answers: what fidelity reports when a twin differs from a recording."""

from __future__ import annotations

import json
from typing import Any

# headers a connector acts on: their presence must match (their values move with time)
HEADERS_THAT_MATTER = ("retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")


def answer_diff(recorded: dict[str, Any], twin: dict[str, Any], asserted: set[str]) -> list[str]:
    """Status, content type, headers that matter, JSON shape, and values about the ``asserted`` SKUs."""
    out = []
    status = ((recorded.get("status") or {}).get("code"), (twin.get("status") or {}).get("code"))
    if status[0] != status[1]:
        out.append(f"status: recorded {status[0]}, twin {status[1]}")
    kinds = [_content_type(recorded), _content_type(twin)]
    if kinds[0] != kinds[1]:
        out.append(f"content-type: recorded {kinds[0]}, twin {kinds[1]}")
    names = [{k.lower() for k in (r.get("headers") or {})} for r in (recorded, twin)]
    for header in HEADERS_THAT_MATTER:
        if (header in names[0]) != (header in names[1]):
            which = "recorded has it, the twin does not" if header in names[0] else "the twin adds it"
            out.append(f"header {header}: {which}")
    bodies = [_body_json(recorded), _body_json(twin)]
    if bodies[0] is not _NO_JSON and bodies[1] is not _NO_JSON:
        out += shape_diff(bodies[0], bodies[1])
        out += value_diff(bodies[0], bodies[1], asserted)
    return out


def store_specific(key: str) -> bool:
    """Values no two stores share, so a twin cannot match them: moments, ids and version cursors."""
    key = key.lower()
    return key in ("id", "date", "version", "increment_id") or key.endswith(("_at", "_date", "_id", "_time"))


def value_diff(recorded: Any, twin: Any, skus: set[str], pointer: str = "") -> list[str]:
    """Scalar values that differ inside objects about an asserted SKU (same positions in both answers).

    Moments, ids and version cursors are left out (:func:`store_specific`): they differ between any
    two stores, the twins included; quantities, prices, statuses and flags are what is compared.
    """
    if isinstance(recorded, dict) and isinstance(twin, dict):
        if str(recorded.get("sku", "")).strip() in skus and recorded.get("sku") == twin.get("sku"):
            return [f"{pointer}/{k}: recorded {recorded[k]!r}, twin {twin[k]!r} ({recorded['sku']}, asserted by "
                    "the scenario)" for k in recorded if k in twin and not isinstance(recorded[k], dict | list)
                    and recorded[k] != twin[k] and not store_specific(k)]
        return [line for k in recorded if k in twin
                for line in value_diff(recorded[k], twin[k], skus, f"{pointer}/{k}")]
    if isinstance(recorded, list) and isinstance(twin, list) and len(recorded) == len(twin):
        return [line for n, (a, b) in enumerate(zip(recorded, twin, strict=True))
                for line in value_diff(a, b, skus, f"{pointer}/{n}")]
    return []


def shape_diff(recorded: Any, twin: Any, pointer: str = "") -> list[str]:
    """Where two JSON values differ in shape: keys present and value types (lists by their first item)."""
    a, b = json_kind(recorded), json_kind(twin)
    if a != b:
        return [f"{pointer or '/'}: recorded {a}, twin {b}"]
    if isinstance(recorded, dict):
        out = [f"{pointer}/{k}: recorded has it, the twin does not" for k in recorded if k not in twin]
        out += [f"{pointer}/{k}: the twin adds it" for k in twin if k not in recorded]
        for key in recorded:
            if key in twin:
                out += shape_diff(recorded[key], twin[key], f"{pointer}/{key}")
        return out
    if isinstance(recorded, list) and recorded and twin:
        return shape_diff(recorded[0], twin[0], f"{pointer}/0")
    return []


def json_kind(value: Any) -> str:
    """The JSON type of ``value`` as the differences word it (``boolean``, ``number``, ``string``, ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dict):
        return "object"
    return "array" if isinstance(value, list) else "string" if isinstance(value, str) else type(value).__name__


_NO_JSON = object()


def _content_type(response: dict[str, Any]) -> str:
    headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
    value = headers.get("content-type") or [""]
    return str(value[0] if isinstance(value, list) else value).split(";")[0].strip()


def _body_json(response: dict[str, Any]) -> Any:
    text = (response.get("body") or {}).get("string")
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return _NO_JSON
