"""Reading OpenAPI documents: vendored files verbatim, derived ones through their overlay.

Parsing a 1 MB Magento YAML file costs about a second; its parsed form is cached on disk keyed
by the file's sha256, so a warm load is a pickle read. Derived documents are cached keyed by the
base file's hash and the overlay's bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stockgate import cache
from stockgate.contracts.index import ContractEntry, ContractIndex
from stockgate.contracts.overlay import apply_overlay, load_overlay
from stockgate.datafile import display_path
from stockgate.errors import DataError
from stockgate.safeyaml import parse


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or a DataError naming the missing file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError("contract file not found", where=display_path(path),
                        hint="Restore it from git or fix the path in contracts/index.toml") from None


def parse_document(path: Path, raw: bytes) -> dict[str, Any]:
    """Parse JSON or YAML by extension; DataError with line on a syntax error."""
    shown = display_path(path)
    try:
        # the one safe YAML reader: core tags only, aliases within a budget, duplicate keys refused
        doc = json.loads(raw) if path.suffix == ".json" else parse(raw, shown)
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON: {exc.msg}", where=f"{shown}:{exc.lineno}") from None
    if not isinstance(doc, dict):
        raise DataError("an OpenAPI document must be a mapping at the top level", where=shown,
                        actual=type(doc).__name__)
    return doc


def published_document(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed document at ``path`` and the sha256 of its bytes."""
    raw = read_bytes(path)
    sha = cache.digest(raw)  # length-prefixed, so not the plain file sha256
    return cache.cached("documents", sha, lambda: parse_document(path, raw)), sha


def document_for(index: ContractIndex, entry: ContractEntry) -> dict[str, Any]:
    """The OpenAPI document of ``entry``: the vendored file, or base + overlay for derived ones."""
    if entry.document is not None:
        return published_document(entry.document)[0]
    assert entry.base is not None and entry.overlay is not None  # guaranteed by the index schema
    base_entry = index.get(entry.base)
    if base_entry.document is None:
        raise DataError(f"{entry.ref} derives from {entry.base}, which is itself derived",
                        where=display_path(index.root / "index.toml"),
                        hint="Derive from a published contract")
    base, base_sha = published_document(base_entry.document)
    overlay_raw = read_bytes(entry.overlay)
    overlay_path = entry.overlay

    def derive() -> dict[str, Any]:
        return apply_overlay(base, load_overlay(overlay_path))

    return cache.cached("derived", cache.digest(base_sha, overlay_raw, str(entry.ref)), derive)
