"""Strict loading of human-written YAML files (scenarios, mappings, seeds, profiles, overlays, ...).

Human-written files are parsed at the boundary and never trusted past it (:mod:`stockgate.safeyaml`:
duplicate keys, alias bombs and non-core tags refused, timestamps kept as text, every node's line
remembered), and the result is validated against a JSON Schema whose first violation becomes one
:class:`~stockgate.errors.DataError` with file:line, the key path, and — for an unknown key — the
nearest valid key. An error shows the offending key and a short scalar value, never a whole file.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stockgate.errors import DataError, did_you_mean
from stockgate.safewrite import write_atomic  # the one writer; kept importable from here
from stockgate.safeyaml import CORE_TAGS, YAML_LOADER, dotted, parse

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = ["YAML_LOADER", "LoadedData", "decode", "display_path", "load_yaml", "number_too_long", "read_bytes",
           "read_text", "schema_error", "validate", "write_atomic"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadedData:
    """A parsed YAML document and the 1-based line of every key path in it."""

    path: Path
    data: Any
    lines: Mapping[tuple[str | int, ...], int] = field(default_factory=dict)

    def where(self, key_path: Sequence[str | int]) -> str:
        """``file:line`` of the deepest known node on ``key_path``."""
        keys = tuple(key_path)
        while keys and keys not in self.lines:
            keys = keys[:-1]
        line = self.lines.get(keys)
        return f"{self.path}:{line}" if line else str(self.path)


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_bytes(path: Path, *, what: str = "file", hint: str = "Check the path") -> bytes:
    """A file's bytes; DataError naming it when it is missing, a folder or unreadable (``hint``: what to do)."""
    shown = display_path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{what} not found", where=shown, hint=hint) from None
    except IsADirectoryError:
        raise DataError(f"a folder, not a {what}", where=shown, hint=hint) from None
    except OSError as exc:
        raise DataError(f"cannot read the {what}: {exc.strerror or exc}", where=shown,
                        hint="Check its permissions (and that it is a regular file)") from None


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 text of a file's bytes; DataError with the line of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError("not UTF-8 text", where=f"{shown}:{line}", actual=f"byte 0x{raw[exc.start]:02x}",
                        hint="Save the file as UTF-8 (a binary file is not one stockgate reads)") from None


def read_text(path: Path, *, what: str = "file", hint: str = "Check the path") -> str:
    """A file's UTF-8 text (:func:`read_bytes`, then :func:`decode`)."""
    return decode(read_bytes(path, what=what, hint=hint), display_path(path))


def number_too_long(text: str, shown: str) -> DataError | None:
    """The error for an integer longer than Python converts (``sys.get_int_max_str_digits``), or None."""
    limit = sys.get_int_max_str_digits()
    found = re.search(rf"\d{{{limit + 1},}}", text) if limit else None
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    return DataError(f"a number of {len(found.group())} digits", where=f"{shown}:{line}",
                     expected=f"at most {limit} digits", hint="Fix the value")


def load_yaml(path: Path, *, tags: frozenset[str] = CORE_TAGS) -> LoadedData:
    """Parse one YAML file strictly (:func:`stockgate.safeyaml.parse`); raise DataError with file:line."""
    shown = Path(display_path(path))
    text = read_text(path)
    lines: dict[tuple[str | int, ...], int] = {}
    data = parse(text, str(shown), lines=lines, tags=tags)
    return LoadedData(path=shown, data=data, lines=lines)


def validate(loaded: LoadedData, schema: Mapping[str, Any], *, what: str) -> None:
    """Validate ``loaded.data`` against ``schema``; raise the first violation as one DataError."""
    from jsonschema import Draft202012Validator  # imported on use: ~0.15 s that cached paths skip

    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(loaded.data), key=lambda e: _sort_key(loaded, e))
    if errors:
        raise schema_error(loaded, errors[0], what=what)


def _sort_key(loaded: LoadedData, error: ValidationError) -> tuple[int, int]:
    path = tuple(error.absolute_path)
    line = loaded.lines.get(path, 0)
    return (line, -len(path))


def schema_error(loaded: LoadedData, error: ValidationError, *, what: str) -> DataError:
    """Turn one jsonschema error into a DataError in the house style."""
    from jsonschema.exceptions import best_match

    if error.validator in ("anyOf", "oneOf") and error.context:
        deepest = [e for e in error.context if not _is_null_branch(e)] or list(error.context)
        error = best_match(deepest)
    at = list(error.absolute_path)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = _allowed_keys(schema)
        unknown = sorted(k for k in error.instance if k not in allowed and not _matches_pattern(k, schema))
        key = unknown[0] if unknown else "?"
        return DataError(
            f"unknown key '{key}' in {what}{did_you_mean(key, allowed)}",
            where=loaded.where([*at, key]),
            key=dotted(at) or None,
            expected="one of " + ", ".join(sorted(allowed)) if 0 < len(allowed) <= 12 else None,
            hint="Remove or rename the key",
        )
    if error.validator == "required":
        return DataError(
            f"{what} is missing a required key: {error.message.split(' is a required')[0]}",
            where=loaded.where(at),
            key=dotted(at) or None,
            hint="Add the key",
        )
    expected = _expected(error)
    return DataError(
        f"invalid value in {what}",
        where=loaded.where(at),
        key=dotted(at) or None,
        expected=expected,
        actual=_shown_value(error.instance) if at else _kind(error.instance),
        hint="Fix the value",
    )


def _is_null_branch(error: ValidationError) -> bool:
    return isinstance(error.schema, Mapping) and error.schema.get("type") == "null"


def _allowed_keys(schema: Mapping[str, Any]) -> list[str]:
    return list(schema.get("properties", {}))


def _matches_pattern(key: str, schema: Mapping[str, Any]) -> bool:
    return any(re.search(pattern, key) for pattern in schema.get("patternProperties", {}))


def _expected(error: ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if "description" in schema:
        return str(schema["description"])
    if error.validator == "enum":
        return "one of " + ", ".join(repr(v) for v in error.validator_value)  # type: ignore[union-attr]
    if error.validator == "type":
        return f"a value of type {error.validator_value}"
    if error.validator == "const":
        return repr(error.validator_value)
    if error.validator == "pattern":
        return f"text matching the pattern {error.validator_value}"
    return str(error.message)


def _shown_value(value: Any) -> str:
    """A short scalar as written; anything else by its kind: an error never echoes a file."""
    if isinstance(value, dict | list) or (isinstance(value, str) and ("\n" in value or len(value) > 80)):
        return _kind(value)
    return _short(value)


def _kind(value: Any) -> str:
    """What a value is, without its content (a top-level value is the whole file)."""
    kinds = {dict: "a mapping", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return kinds.get(type(value)) or ("a number" if isinstance(value, int | float) else type(value).__name__)


def _short(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
