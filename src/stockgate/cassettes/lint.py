"""``stockgate cassettes lint``: anything in a cassette that looks secret or personal, with file, interaction, field.

Checks what the scrubber is meant to have done (secret headers, query parameters and body fields
scrubbed; customer fields holding placeholders) and, independently of field names, free text that
looks like a credential or an email address (a bearer token, a JWT, an OAuth signature, an email
outside ``example.invalid``): a field name nobody thought of does not hide a secret.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from stockgate.cassettes.scrub import (
    PII_KINDS,
    SCRUBBED,
    SECRET_HEADERS,
    SECRET_KEYS,
    SECRET_QUERY_KEYS,
    is_placeholder,
)
from stockgate.cassettes.store import read_cassette
from stockgate.errors import DataError

FREE_TEXT = {
    "a bearer token": re.compile(r"Bearer\s+(?!<scrubbed>)[A-Za-z0-9._~+/=-]{8,}"),
    "a JSON web token": re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}"),
    "an OAuth signature": re.compile(r"oauth_signature=\"?(?!%3Cscrubbed|<scrubbed)[A-Za-z0-9%+/=]{6,}"),
    "an email address": re.compile(r"[A-Za-z0-9._%+-]+@(?!example\.invalid\b)[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
}


def lint_paths(paths: Iterable[Path]) -> tuple[list[str], int]:
    """Problems in every ``*.yaml`` cassette under ``paths`` (files or folders), and how many files were read."""
    problems: list[str] = []
    files = 0
    for path in cassette_files(paths):
        files += 1
        _provenance, interactions = read_cassette(path)  # a malformed cassette is bad input: DataError, exit 2
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


def lint_interaction(interaction: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, problem) pairs for one interaction."""
    found: list[tuple[str, str]] = []
    request, response = interaction.get("request") or {}, interaction.get("response") or {}
    for side, headers in (("request", request.get("headers")), ("response", response.get("headers"))):
        for name, values in (headers or {}).items():
            for value in values if isinstance(values, list) else [values]:
                if name.lower() in SECRET_HEADERS and value != SCRUBBED:
                    found.append((f"{side}.headers.{name}", "a secret header kept"))
                else:
                    found += _free_text(f"{side}.headers.{name}", str(value))
    uri = str(request.get("uri") or "")
    for key, value in parse_qsl(urlsplit(uri).query, keep_blank_values=True):
        if (key.lower() in SECRET_QUERY_KEYS or key.lower().startswith("oauth_")) and value not in (SCRUBBED, ""):
            found.append((f"request.query.{key}", "a secret query parameter kept"))
        elif key.lower() in PII_KINDS and value and not is_placeholder(PII_KINDS[key.lower()], value):
            found.append((f"request.query.{key}", "customer data kept"))
    found += _free_text("request.uri", urlsplit(uri)._replace(query="").geturl())
    found += _body("request.body", request.get("body"))
    found += _body("response.body", (response.get("body") or {}).get("string"))
    return found


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
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(f"{where}.{k}", v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _walk(f"{where}[]", v, key)
    elif isinstance(node, str):
        yield from _field(where, key, node)


def _field(where: str, key: str, value: str) -> list[tuple[str, str]]:
    lowered = key.lower()
    if not value or value == SCRUBBED:
        return []
    if lowered in SECRET_KEYS or lowered.startswith("oauth_"):
        return [(where, "a secret field kept")]
    if lowered in PII_KINDS:
        placeholder = is_placeholder(PII_KINDS[lowered], value) or is_placeholder("email", value)
        return [] if placeholder else [(where, "customer data kept")]
    return _free_text(where, value)


def _free_text(where: str, text: str) -> list[tuple[str, str]]:
    return [(where, f"looks like {what}") for what, pattern in FREE_TEXT.items() if pattern.search(text)]
