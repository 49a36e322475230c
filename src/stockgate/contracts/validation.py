"""``stockgate contracts validate``: every contract, profile and overlay, checked.

Checks, per index entry: the vendored file exists and its sha256 matches the index; the OpenAPI
document (vendored, or base + overlay) passes openapi-spec-validator — a violation listed in the
entry's ``known_defects`` is a warning with its location, anything else an error; a derived
document says so in ``info.x-stockgate-status``; the default profile states every fact of its
platform; every named configuration for the version applies. Plus: every version folder under
``contracts/`` is in the index. Results are :class:`Issue` values, never exceptions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import yaml

from stockgate import cache
from stockgate.contracts.documents import document_for, parse_document, published_document, read_bytes
from stockgate.contracts.index import ContractEntry, ContractIndex
from stockgate.contracts.model import dangling_refs, escape, spec_kind
from stockgate.contracts.overlay import load_overlay
from stockgate.contracts.profiles import (
    available_overlays,
    load_overlay_file,
    load_profile,
    load_profile_chain,
    missing_facts,
    overlay_files,
)
from stockgate.contracts.refs import Platform
from stockgate.datafile import YAML_LOADER, display_path
from stockgate.errors import DataError, did_you_mean


@dataclass(frozen=True, slots=True, kw_only=True)
class Issue:
    """One result of validation: ``error`` fails the run, ``warning`` is reported only."""

    level: str
    where: str
    message: str

    def render(self) -> str:
        """``error: where: message``."""
        return f"{self.level}: {self.where}: {self.message}"


def _validator_class(kind: str) -> Any:
    # imported here: openapi-spec-validator costs ~0.4 s to import, and most commands never need it
    from openapi_spec_validator import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    classes = {"swagger-2.0": OpenAPIV2SpecValidator, "openapi-3.0": OpenAPIV30SpecValidator,
               "openapi-3.1": OpenAPIV31SpecValidator}
    return classes[kind]


CHECKS = "2"  # what spec_violations checks besides the validator (dangling refs): a change is a new cache key
MESSAGE_LIMIT = 300  # characters of a validator's message shown: some quote the whole document


def spec_violations(doc: dict[str, Any], key: str) -> list[tuple[str, str]]:
    """Dangling local ``$ref``s and openapi-spec-validator's findings as (JSON pointer, message), cached by ``key``."""

    def run() -> list[tuple[str, str]]:
        try:
            kind = spec_kind(doc)
        except ValueError as exc:
            return [("", str(exc))]
        dangling = [(at, f"$ref '{ref}' points at nothing: fix the $ref or add what it names")
                    for at, ref in dangling_refs(doc)]
        return sorted(dangling + _validator_findings(doc, kind, quiet=bool(dangling)))

    tag = package_version("openapi-spec-validator")
    return cache.cached("spec-violations", cache.digest(key, tag, CHECKS), run, check=cache.is_pairs)


def _validator_findings(doc: dict[str, Any], kind: str, *, quiet: bool) -> list[tuple[str, str]]:
    """openapi-spec-validator's findings; ``quiet``: a crash is not reported (dangling refs already explain it)."""
    found = []
    try:
        for error in _validator_class(kind)(doc).iter_errors():
            ptr = "".join("/" + escape(str(p)) for p in error.absolute_path)
            found.append((ptr, _capped(error.message.split("\n")[0])))
    except Exception as exc:
        if not quiet:
            found.append(("", _capped(f"openapi-spec-validator could not check the document "
                                      f"({type(exc).__name__}: {exc})") + "; it is malformed near that key"))
    return found


def _capped(text: str) -> str:
    """At most :data:`MESSAGE_LIMIT` characters of ``text``, saying how much was left out."""
    if len(text) <= MESSAGE_LIMIT:
        return text
    return f"{text[:MESSAGE_LIMIT]}… ({len(text) - MESSAGE_LIMIT:,} more characters)"


def line_of(path: Path, ptr: str) -> int | None:
    """1-based line of JSON pointer ``ptr`` in a YAML or JSON file (cached; composing is slow)."""
    try:
        key = cache.digest(path.read_bytes(), ptr)
    except OSError:
        return None
    return cache.cached("line-of", key, lambda: _compose_line(path, ptr),
                        check=lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool)))


def _compose_line(path: Path, ptr: str) -> int | None:
    try:
        node: Any = yaml.compose(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except (OSError, yaml.YAMLError):
        return None
    for raw in ptr.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == token), None)
        elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
        else:
            node = None
        if node is None:
            return None
    return int(node.start_mark.line) + 1


class _Collector:
    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, level: str, where: str, message: str) -> None:
        self.issues.append(Issue(level=level, where=where, message=message))

    def guard(self, step: Callable[[], None]) -> None:
        try:
            step()
        except DataError as exc:
            self.add("error", exc.where, exc.detail())


def validate_contracts(index: ContractIndex, entries: Iterable[ContractEntry] | None = None,
                       progress: Callable[[str], None] | None = None) -> list[Issue]:
    """Validate ``entries`` (default: all) and the index's completeness."""
    out = _Collector()
    chosen = list(index.entries if entries is None else entries)
    for entry in chosen:
        if progress:
            progress(str(entry.ref))
        _check_entry(index, entry, out)
    if entries is None:
        _check_folders_indexed(index, out)
        out.guard(lambda: _check_overlay_versions(index, out))
    return unique(out.issues)


def unique(issues: list[Issue]) -> list[Issue]:
    """Issues in first-seen order, each once (a shared overlay file is checked for every version)."""
    return list(dict.fromkeys(issues))


def _check_entry(index: ContractIndex, entry: ContractEntry, out: _Collector) -> None:
    if entry.document is not None:
        out.guard(lambda: _check_published(entry, out))
    else:
        out.guard(lambda: _check_derived(index, entry, out))
    out.guard(lambda: _check_profiles(index, entry, out))


def _check_published(entry: ContractEntry, out: _Collector) -> None:
    assert entry.document is not None
    document: Path = entry.document
    raw = read_bytes(document)
    shown = display_path(entry.document)
    actual = hashlib.sha256(raw).hexdigest()
    if actual != entry.sha256:
        out.add("error", shown, f"sha256 is {actual}, index.toml says {entry.sha256}: the vendored file changed; "
                "restore it byte-for-byte from upstream (or re-vendor it and update the index with its source)")
        return
    doc, key = published_document(entry.document)
    _report_violations(entry, doc, key, shown, locate=lambda ptr: line_of(document, ptr), out=out)


def _report_violations(entry: ContractEntry, doc: dict[str, Any], key: str, shown: str, *,
                       locate: Callable[[str], int | None], out: _Collector) -> None:
    known = {d.pointer: d.problem for d in entry.known_defects}
    for ptr, message in spec_violations(doc, key):
        line = locate(ptr)
        where = f"{shown}:{line}" if line else shown
        if ptr in known:
            out.add("warning", where, f"#{ptr}: known upstream defect, loaded as published: {known[ptr]} "
                    f"(validator: {message})")
        else:
            out.add("error", where, f"#{ptr}: {message}")
    for ptr in sorted(set(known) - {p for p, _ in spec_violations(doc, key)}):
        out.add("warning", shown, f"#{ptr}: listed as a known defect in index.toml but no longer present; "
                "remove it from known_defects")


def _check_derived(index: ContractIndex, entry: ContractEntry, out: _Collector) -> None:
    assert entry.overlay is not None
    loaded = load_overlay(entry.overlay)
    meta = loaded.data["x-stockgate"]
    for key, expected in (("base", str(entry.base)), ("derives", str(entry.ref))):
        if meta[key] != expected:
            out.add("error", loaded.where(["x-stockgate", key]),
                    f"x-stockgate.{key} is {meta[key]!r} but index.toml says {expected!r}")
    doc = document_for(index, entry)
    if doc.get("info", {}).get("x-stockgate-status") != "derived":
        out.add("error", display_path(entry.overlay), "a derived document must set info.x-stockgate-status: "
                "derived, so that no tool presents it as published")
    key = cache.digest(read_bytes(entry.overlay), str(entry.ref), str(entry.base))
    shown = display_path(entry.overlay) + " (derived document)"
    _report_violations(entry, doc, key, shown, locate=lambda _p: None, out=out)


def _check_profiles(index: ContractIndex, entry: ContractEntry, out: _Collector) -> None:
    profile = load_profile(index, entry)
    for fact_id in missing_facts(profile):
        out.add("error", display_path(entry.profile),
                f"fact '{fact_id}' is not stated for {entry.ref}; state it with its source, or with "
                "basis: unknown and a note saying what public material lacks")
    for overlay in available_overlays(index, entry):
        name = overlay.name.replace("-" + overlay.parameter["name"], "-1") if overlay.parameter else overlay.name
        out.guard(partial(_load_named, index, entry, name))


def _load_named(index: ContractIndex, entry: ContractEntry, name: str) -> None:
    load_profile(index, entry, name)


def _check_overlay_versions(index: ContractIndex, out: _Collector) -> None:
    """A named configuration may only list versions the index knows (a typo would hide it)."""
    for entry in index.entries:
        for path in overlay_files(index, entry):
            overlay = load_overlay_file(path, entry.ref.platform)
            known = {e.ref.version for e in index.entries if e.ref.platform == entry.ref.platform}
            for version in sorted(set(overlay.applies_to or ()) - known):
                out.add("error", overlay.loaded.where(["applies_to"]),
                        f"applies_to names {entry.ref.platform.value}@{version}, which is not in index.toml"
                        f"{did_you_mean(version, known)}")


def _check_folders_indexed(index: ContractIndex, out: _Collector) -> None:
    listed = {(e.ref.platform.value, e.ref.version) for e in index.entries}
    for platform in Platform:
        folder = index.root / platform.value
        if not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            if child.is_dir() and child.name != "profiles" and (platform.value, child.name) not in listed:
                out.add("error", display_path(child), f"version folder is not listed in index.toml; add "
                        f"{platform.value}@{child.name} with its source, or remove the folder")


def validate_paths(index: ContractIndex, paths: list[Path]) -> list[Issue]:
    """Validate what the given files or folders hold (index entries, profiles, overlays, loose documents)."""
    out = _Collector()
    for path in paths:
        if not path.exists():
            out.add("error", str(path), "no such file or folder")
            continue
        entries = [e for e in index.entries if _touches(e, path.resolve())]
        if entries:
            out.issues.extend(validate_contracts(index, entries))
        elif path.name == "index.toml":
            out.issues.extend(validate_contracts(index))
        elif path.is_file():
            out.guard(partial(_check_loose, index, path, out))
        else:
            out.add("error", display_path(path), "holds no contract listed in index.toml")
    return unique(out.issues)


def _touches(entry: ContractEntry, path: Path) -> bool:
    files = [f for f in (entry.document, entry.overlay, entry.profile) if f is not None]
    if path.is_dir():
        return any(path in f.resolve().parents for f in files)
    return any(f.resolve() == path for f in files)


def _check_loose(index: ContractIndex, path: Path, out: _Collector) -> None:
    raw = read_bytes(path)
    doc = parse_document(path, raw)
    shown = display_path(path)
    if "swagger" in doc or "openapi" in doc:
        for ptr, message in spec_violations(doc, cache.digest(raw)):
            line = line_of(path, ptr)
            out.add("error", f"{shown}:{line}" if line else shown, f"#{ptr}: {message}")
    elif "profile_format" in doc and "set" in doc:
        load_overlay_file(path, Platform.parse(str(doc.get("platform")), what="platform"))  # type: ignore[arg-type]
    elif "profile_format" in doc:
        platform = Platform.parse(str(doc.get("platform")), what="platform")
        load_profile_chain(path, platform, str(doc.get("version")))  # type: ignore[arg-type]
    else:
        out.add("error", shown, "not a contract file: expected an OpenAPI document (swagger/openapi key), "
                "a profile (profile_format + facts) or a profile overlay (profile_format + set)")
