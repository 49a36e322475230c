"""``stockgate cassettes lint``: anything in a cassette that looks secret or personal, with file, interaction, field.

Checks what the scrubber is meant to have done (secret headers, query parameters and body fields
scrubbed, by normalised name; customer fields holding placeholders; the provenance's connector
command line free of credentials) and, independently of field names, text that looks like a
credential or an email address (:mod:`stockgate.cassettes.detect`: bearer tokens, JWTs, OAuth
signatures, URL userinfo, private keys, known token formats, high entropy; an email outside
``example.invalid``): a field name nobody thought of does not hide a secret. JSON held in a string
is read as JSON. Problems name the place and the kind, never the value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from stockgate.cassettes.detect import (
    SCRUBBED,
    command_secrets,
    find_secrets,
    is_cursor_name,
    is_secret_header,
    is_secret_name,
    json_in_text,
)
from stockgate.cassettes.scrub import is_placeholder, pii_kind
from stockgate.cassettes.store import Provenance, read_cassette
from stockgate.errors import DataError

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?!example\.invalid\b)[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def lint_paths(paths: Iterable[Path]) -> tuple[list[str], int]:
    """Problems in every ``*.yaml`` cassette under ``paths`` (files or folders), and how many files were read."""
    problems: list[str] = []
    files = 0
    for path in cassette_files(paths):
        files += 1
        provenance, interactions = read_cassette(path)  # a malformed cassette is bad input: DataError, exit 2
        problems += [f"{path}: {where}: {what}" for where, what in lint_provenance(provenance)]
        for n, interaction in enumerate(interactions):
            problems += [f"{path}: interaction {n}: {where}: {what}" for where, what in lint_interaction(interaction)]
    return problems, files


def cassette_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every cassette file named or under a named folder (DataError for a path that does not exist)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.yaml") if not p.name.startswith("."))
        elif path.exists():
            yield path
        else:
            raise DataError("no such cassette file or folder", where=str(path), hint="Check the path")


def lint_provenance(provenance: Provenance | None) -> list[tuple[str, str]]:
    """(field, problem) pairs for a provenance header: the connector's command line, and text in every field."""
    if provenance is None:
        return []
    found = [("provenance.connector", f"looks like {what}") for what, _secret in command_secrets(provenance.connector)]
    for name, value in asdict(provenance).items():
        if isinstance(value, str) and name != "connector":
            found += _free_text(f"provenance.{name}", value)
    return found


def lint_interaction(interaction: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, problem) pairs for one interaction."""
    found: list[tuple[str, str]] = []
    request, response = interaction.get("request") or {}, interaction.get("response") or {}
    for side, headers in (("request", request.get("headers")), ("response", response.get("headers"))):
        for name, values in (headers or {}).items():
            for value in values if isinstance(values, list) else [values]:
                if is_secret_header(name) and value not in (SCRUBBED, ""):
                    found.append((f"{side}.headers.{name}", "a secret header kept"))
                elif not is_secret_header(name):
                    found += _free_text(f"{side}.headers.{name}", str(value))
    found += _uri(str(request.get("uri") or ""))
    found += _body("request.body", request.get("body"))
    found += _body("response.body", (response.get("body") or {}).get("string"))
    return found


def _uri(uri: str) -> list[tuple[str, str]]:
    """Userinfo, secret or personal query parameters, and credential shapes in the path or any value."""
    parts = urlsplit(uri)
    userinfo, at, _host = parts.netloc.rpartition("@")
    found = [("request.uri", "credentials in the URL")] if at and userinfo != SCRUBBED else []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if is_secret_name(key, query=True):
            found += [(f"request.query.{key}", "a secret query parameter kept")] if value not in (SCRUBBED, "") else []
        else:
            found += _field(f"request.query.{key}", key, value)
    return found + _free_text("request.uri", parts._replace(query="", netloc=parts.netloc.rpartition("@")[2]).geturl())


def _body(where: str, body: Any) -> list[tuple[str, str]]:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if not body:
        return []
    try:
        data = json.loads(body)
    except (ValueError, TypeError):
        pairs = parse_qsl(str(body), keep_blank_values=True) if "=" in str(body) else []
        if pairs:
            return [problem for key, value in pairs for problem in _field(f"{where}.{key}", key, value)]
        return _free_text(where, str(body))
    return list(_walk(where, data, ""))


def _walk(where: str, node: Any, key: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict | list) and is_secret_name(key):
        if any(isinstance(v, str) and v not in ("", SCRUBBED) for v in _strings(node)):
            yield where, "a secret field kept"
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(f"{where}.{k}", v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _walk(f"{where}[]", v, key)
    elif isinstance(node, str):
        yield from _field(where, key, node)


def _strings(node: Any) -> Iterator[Any]:
    """Every scalar under ``node``."""
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    else:
        yield node


def _field(where: str, key: str, value: str) -> list[tuple[str, str]]:
    if not value or value == SCRUBBED:
        return []
    if is_secret_name(key):
        return [(where, "a secret field kept")]
    nested = _nested(where, value)
    if nested is not None:
        return nested
    kind = pii_kind(key)
    if kind is not None:
        placeholder = is_placeholder(kind, value) or is_placeholder("email", value)
        return [] if placeholder else [(where, "customer data kept")]
    return [] if is_cursor_name(key) else _free_text(where, value)


def _nested(where: str, value: str) -> list[tuple[str, str]] | None:
    """Problems inside JSON held in a string (None: the string holds no JSON object or list)."""
    data = json_in_text(value)
    return None if data is None else list(_walk(f"{where}(json)", data, ""))


def _free_text(where: str, text: str) -> list[tuple[str, str]]:
    found = sorted({f"looks like {what}" for what, _secret in find_secrets(text)})
    found += ["looks like an email address"] if EMAIL.search(text) else []
    return [(where, what) for what in found]
