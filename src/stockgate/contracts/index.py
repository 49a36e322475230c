"""``contracts/index.toml``: every platform version stockgate knows, with provenance.

The index is the one place that says which contracts exist, whether each was published by the
vendor or derived by stockgate, where it came from, the sha256 of every vendored file, and the
support window. Loading it is cheap (no contract is parsed), so ``stockgate contracts list``
stays fast.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stockgate import cache
from stockgate.contracts.refs import ContractStatus, Platform, VersionRef
from stockgate.datafile import LoadedData, decode, display_path, number_too_long, read_bytes, validate
from stockgate.errors import DataError, UsageError, did_you_mean

INDEX_NAME = "index.toml"

_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "a date YYYY-MM-DD"}
_DATE_OR_UNKNOWN = {
    "anyOf": [_DATE, {"type": "string", "pattern": r"^\d{4}-\d{2}$"}, {"const": "unknown"}],
    "description": "a date YYYY-MM-DD, a month YYYY-MM, or 'unknown'",
}
_TEXT = {"type": "string", "minLength": 1, "description": "non-empty text"}

INDEX_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "contracts"],
    "properties": {
        "format": {"const": 1},
        "contracts": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "ref", "status", "title", "profile", "publisher", "source", "licence",
                    "retrieved", "released", "released_source", "support_ends", "support_source",
                ],
                "properties": {
                    "ref": {"type": "string", "pattern": r"^[a-z]+@[0-9a-z][0-9A-Za-z.\-]*$",
                            "description": "platform@version"},
                    "status": {"enum": ["published", "derived", "pulled"]},
                    "title": _TEXT,
                    "document": _TEXT,
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                               "description": "64 lowercase hex digits"},
                    "base": {"type": "string", "pattern": r"^[a-z]+@[0-9][0-9A-Za-z.\-]*$",
                             "description": "platform@version of a published contract"},
                    "overlay": _TEXT,
                    "profile": _TEXT,
                    "publisher": _TEXT,
                    "source": _TEXT,
                    "licence": _TEXT,
                    "retrieved": _DATE,
                    "released": _DATE_OR_UNKNOWN,
                    "released_source": _TEXT,
                    "support_ends": _DATE_OR_UNKNOWN,
                    "support_source": _TEXT,
                    "notes": _TEXT,
                    "extends": {"type": "string", "pattern": r"^[a-z]+@[0-9][0-9A-Za-z.\-]*$",
                                "description": "platform@version of the known release a pulled contract is nearest"},
                    "pulled_from": {"type": "string", "pattern": r"^(staging:[0-9a-f]{12}|file)$",
                                    "description": "staging:<12 hex digits of the host's sha256>, or file"},
                    "retrieved_at": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
                                     "description": "a UTC time YYYY-MM-DDTHH:MM:SSZ"},
                    "known_defects": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["pointer", "problem"],
                            "properties": {"pointer": {"type": "string", "pattern": "^/"}, "problem": _TEXT},
                        },
                    },
                },
                "allOf": [
                    {"if": {"properties": {"status": {"const": "published"}}},
                     "then": {"required": ["document", "sha256"], "not": {"anyOf": [
                         {"required": ["base"]}, {"required": ["overlay"]}]}}},
                    {"if": {"properties": {"status": {"const": "derived"}}},
                     "then": {"required": ["base", "overlay"], "not": {"anyOf": [
                         {"required": ["document"]}, {"required": ["sha256"]}]}}},
                    {"if": {"properties": {"status": {"const": "pulled"}}},
                     "then": {"required": ["document", "sha256", "extends", "pulled_from", "retrieved_at"],
                              "not": {"anyOf": [{"required": ["base"]}, {"required": ["overlay"]}]}},
                     "else": {"not": {"anyOf": [{"required": ["extends"]}, {"required": ["pulled_from"]},
                                                {"required": ["retrieved_at"]}]}}},
                ],
            },
        },
    },
}


INDEX_SCHEMA_TAG = repr(INDEX_SCHEMA)  # a schema change is a new cache key


@dataclass(frozen=True, slots=True, kw_only=True)
class KnownDefect:
    """A defect of a vendored upstream file, reported as a warning rather than hidden or fatal."""

    pointer: str
    problem: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractEntry:
    """One row of the index: a platform version and where its contract comes from."""

    ref: VersionRef
    status: ContractStatus
    title: str
    document: Path | None
    sha256: str | None
    base: VersionRef | None
    overlay: Path | None
    profile: Path
    publisher: str
    source: str
    licence: str
    retrieved: str
    released: str
    released_source: str
    support_ends: str
    support_source: str
    notes: str
    known_defects: tuple[KnownDefect, ...]
    extends: VersionRef | None = None  # pulled: the known release it is nearest (its profile is extended)
    pulled_from: str = ""  # pulled: staging:<host hash> or file
    retrieved_at: str = ""  # pulled: when (UTC)

    def support_state(self, today: dt.date) -> str:
        """``supported``, ``ended`` or ``unknown`` on ``today``."""
        if self.support_ends == "unknown":
            return "unknown"
        if len(self.support_ends) == 7:  # a month: supported through its last day
            year, month = map(int, self.support_ends.split("-"))
            return "supported" if (year, month) >= (today.year, today.month) else "ended"
        return "supported" if dt.date.fromisoformat(self.support_ends) >= today else "ended"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractIndex:
    """All entries of one contracts directory."""

    root: Path
    entries: tuple[ContractEntry, ...]

    def get(self, ref: VersionRef) -> ContractEntry:
        """The entry for ``ref``; UsageError listing the known versions otherwise."""
        for entry in self.entries:
            if entry.ref == ref:
                return entry
        known = [str(e.ref) for e in self.entries]
        same = [k for k in known if k.startswith(f"{ref.platform}@")]
        other = next((e.ref for e in self.entries if e.ref.version == ref.version and e.ref.platform != ref.platform),
                     None)
        release = re.fullmatch(r"\d+\.\d+(\.\d+)?(-p\d+)?|\d{4}-\d{2}", ref.version)
        pulled = (f" in {display_path(self.root / INDEX_NAME)} — a pulled contract (`stockgate contracts pull`) is in "
                  "the folder it was pulled to: give --contracts-dir DIR or set STOCKGATE_CONTRACTS_DIR")
        newer = release is not None and _newer_than_all(ref.version, [e.ref.version for e in self.entries
                                                                      if e.ref.platform == ref.platform])
        hint = f" — {ref.version} is a {other.platform} version ({other})" if other else \
            pulled if not release else did_you_mean(str(ref), same) + (
                " (or, newer than every known release, a pulled contract: it is in the folder it was pulled to; "
                "give --contracts-dir DIR or set STOCKGATE_CONTRACTS_DIR)" if newer else "")
        raise UsageError(f"unknown version {ref}{hint}; known {ref.platform} versions: {', '.join(same) or 'none'}")

    def refs(self, platform: Platform | None = None) -> list[VersionRef]:
        """Every known version, optionally of one platform, in index order."""
        return [e.ref for e in self.entries if platform is None or e.ref.platform == platform]


def _newer_than_all(version: str, known: list[str]) -> bool:
    """Whether a release-shaped ``version`` is later than every known one of its shape (a newer one is pulled).

    Date versions (``2027-01``) and dotted ones (``2.4.9``) compare number by number, patch suffixes aside.
    """
    def key(text: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.split(r"[.-]", text.split("-p", maxsplit=1)[0]))

    dated = re.fullmatch(r"\d{4}-\d{2}", version) is not None
    alike = [k for k in known if (re.fullmatch(r"\d{4}-\d{2}", k) is not None) == dated
             and re.fullmatch(r"\d+(\.\d+)*(-p\d+)?|\d{4}-\d{2}", k)]
    return bool(alike) and all(key(version) > key(k) for k in alike)


def default_contracts_dir() -> Path:
    """``$STOCKGATE_CONTRACTS_DIR``, else the checkout's ``contracts/``, else the packaged copy."""
    configured = os.environ.get("STOCKGATE_CONTRACTS_DIR")
    if configured:
        return Path(configured)
    from stockgate.shipped import shipped

    return shipped("contracts", marker=INDEX_NAME)


def load_index(root: Path | None = None) -> ContractIndex:
    """Read and validate ``index.toml`` under ``root``."""
    source = "--contracts-dir" if root else "STOCKGATE_CONTRACTS_DIR" if os.environ.get("STOCKGATE_CONTRACTS_DIR") \
        else None
    root = root or default_contracts_dir()
    path = root / INDEX_NAME
    try:
        stat = path.stat()
        key: tuple[str, int, int] | None = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = None  # reported below, with the usual message
    if key in _INDEXES:
        return _INDEXES[key]
    _check_root(root, source)
    index = _read_index(root, path)
    if key is not None:
        _INDEXES[key] = index
    return index


_INDEXES: dict[tuple[str, int, int] | None, ContractIndex] = {}  # per file state: every twin and contract asks


def _check_root(root: Path, source: str | None) -> None:
    """The contracts folder is a folder (a file named by --contracts-dir would read as a missing index)."""
    if root.exists() and not root.is_dir():
        named = f"{source} {root}" if source else str(root)
        raise UsageError(f"{named}: not a folder; name the folder holding {INDEX_NAME} (e.g. contracts/), "
                         f"not a file in it")


def _read_index(root: Path, path: Path) -> ContractIndex:
    shown = display_path(path)
    hint = "Point --contracts-dir (or STOCKGATE_CONTRACTS_DIR) at a folder holding index.toml"
    if not path.exists():
        raise DataError("no contract index here", where=shown, hint=hint)
    text = decode(read_bytes(path, what="contract index", hint=hint), shown)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"not valid TOML: {exc}", where=shown, hint="Fix the syntax") from None
    except ValueError:  # tomllib converts integers with int(): past Python's digit limit that is a ValueError
        raise number_too_long(text, shown) or DataError("a value TOML cannot hold", where=shown,
                                                        hint="Fix the value") from None
    cache.cached("index-valid", cache.digest(text, INDEX_SCHEMA_TAG),
                 lambda: validate(LoadedData(path=Path(shown), data=raw), INDEX_SCHEMA, what="the contract index"),
                 check=lambda value: value is None)
    entries = tuple(_entry(root, shown, i, row) for i, row in enumerate(raw["contracts"]))
    _check_unique(entries, shown)
    return ContractIndex(root=root, entries=entries)


def _entry(root: Path, shown: str, i: int, row: dict[str, Any]) -> ContractEntry:
    try:
        ref = VersionRef.parse(row["ref"])
        base = VersionRef.parse(row["base"]) if "base" in row else None
        extends = VersionRef.parse(row["extends"]) if "extends" in row else None
    except UsageError as exc:
        raise DataError(str(exc), where=shown, key=f"contracts[{i}].ref") from None
    return ContractEntry(
        ref=ref,
        status=ContractStatus(row["status"]),
        title=row["title"],
        document=root / row["document"] if "document" in row else None,
        sha256=row.get("sha256"),
        base=base,
        overlay=root / row["overlay"] if "overlay" in row else None,
        profile=root / row["profile"],
        publisher=row["publisher"],
        source=row["source"],
        licence=row["licence"],
        retrieved=row["retrieved"],
        released=row["released"],
        released_source=row["released_source"],
        support_ends=row["support_ends"],
        support_source=row["support_source"],
        notes=row.get("notes", ""),
        known_defects=tuple(KnownDefect(**d) for d in row.get("known_defects", [])),
        extends=extends,
        pulled_from=row.get("pulled_from", ""),
        retrieved_at=row.get("retrieved_at", ""),
    )


def _check_unique(entries: tuple[ContractEntry, ...], shown: str) -> None:
    seen: set[VersionRef] = set()
    for i, entry in enumerate(entries):
        if entry.ref in seen:
            raise DataError(f"{entry.ref} is listed twice", where=shown, key=f"contracts[{i}].ref",
                            hint="Keep one entry per platform version")
        seen.add(entry.ref)
    for i, entry in enumerate(entries):
        if entry.base is not None and entry.base not in seen:
            raise DataError(f"base {entry.base} is not in the index", where=shown, key=f"contracts[{i}].base",
                            hint="Derive from a published contract listed in the index")
        if entry.extends is not None and entry.extends not in seen:
            raise DataError(f"extends {entry.extends} is not in the index", where=shown,
                            key=f"contracts[{i}].extends", hint="Name a version listed in the index")
