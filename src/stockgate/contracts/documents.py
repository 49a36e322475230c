"""Reading OpenAPI documents: vendored files verbatim, derived ones through their overlay.

Parsing a 1 MB Magento YAML file costs about a second; its parsed form is cached on disk keyed
by the file's sha256, so a warm load is a pickle read. Derived documents are cached keyed by the
base file's hash and the overlay's bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stockgate import cache, datafile
from stockgate.contracts.index import ContractEntry, ContractIndex
from stockgate.contracts.overlay import apply_overlay, load_overlay
from stockgate.datafile import display_path
from stockgate.errors import DataError
from stockgate.safeyaml import parse


def read_bytes(path: Path) -> bytes:
    """A contract file's bytes; DataError naming it when it is missing, a folder or unreadable."""
    return datafile.read_bytes(path, what="contract file",
                               hint="Restore it from git or fix the path in contracts/index.toml")


def parse_document(path: Path, raw: bytes) -> dict[str, Any]:
    """Parse JSON or YAML by extension; DataError with line on a syntax error."""
    shown = display_path(path)
    # the one safe YAML reader: core tags only, aliases within a budget, duplicate keys refused
    text = datafile.decode(raw, shown)
    doc = _parse_json(text, shown) if path.suffix == ".json" else parse(text, shown)
    if not isinstance(doc, dict):
        raise DataError("an OpenAPI document must be a mapping at the top level", where=shown,
                        actual=type(doc).__name__)
    return doc


def _parse_json(text: str, shown: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON: {exc.msg}", where=f"{shown}:{exc.lineno}", hint="Fix the syntax") from None
    except ValueError:  # json converts integers with int(): past Python's digit limit that is a ValueError
        raise datafile.number_too_long(text, shown) or DataError("a value JSON cannot hold here", where=shown,
                                                                 hint="Fix the value") from None


def published_document(path: Path) -> tuple[dict[str, Any], str]:
    """The parsed document at ``path`` and the sha256 of its bytes."""
    raw = read_bytes(path)
    sha = cache.digest(raw)  # length-prefixed, so not the plain file sha256
    return cache.cached("documents", sha, lambda: parse_document(path, raw), check=_is_mapping), sha


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

    return cache.cached("derived", cache.digest(base_sha, overlay_raw, str(entry.ref)), derive, check=_is_mapping)


def _is_mapping(value: Any) -> bool:
    return isinstance(value, dict)
