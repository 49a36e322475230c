"""Behaviour profiles: what a platform version does that its schema cannot say.

``contracts/<platform>/<version>/profile.yaml`` states the version's facts, each with its public
source; it may ``extends:`` the previous version's file and state only what changed, so each
file reads like that release's changelog. Named merchant configurations (``input-limits-on``,
``registers-N`` …) are overlays in ``contracts/<platform>/profiles/<name>.yaml`` (or in a
version's own ``profiles/`` folder) that ``set`` facts on top of a version's default profile.
A resolved profile must state every fact id of its platform — as ``basis: unknown`` when public
material does not say — so that nothing a twin relies on is silently invented.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stockgate.contracts.facts import facts_of, profile_fact_schema
from stockgate.contracts.index import ContractEntry, ContractIndex
from stockgate.contracts.refs import Platform, VersionRef
from stockgate.datafile import LoadedData, load_yaml, validate
from stockgate.errors import DataError, UsageError, did_you_mean

DEFAULT = "default"
_NAME = r"^[a-z0-9][a-z0-9\-]*$"


def _profile_schema(platform: Platform) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["profile_format", "platform", "version", "facts"],
        "properties": {
            "profile_format": {"const": 1},
            "platform": {"const": platform.value},
            "version": {"type": "string"},
            "extends": {"type": "string", "minLength": 1, "description": "a relative path to another profile.yaml"},
            "facts": profile_fact_schema(platform),
        },
    }


def _overlay_schema(platform: Platform) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["profile_format", "platform", "profile", "description", "applies_to", "set"],
        "properties": {
            "profile_format": {"const": 1},
            "platform": {"const": platform.value},
            "profile": {"type": "string", "pattern": _NAME[:-1] + r"(-[A-Z])?$",
                        "description": "a lowercase name like input-limits-on (registers-N when parametrized)"},
            "description": {"type": "string", "minLength": 1},
            "applies_to": {"anyOf": [{"const": "all"}, {"type": "array", "minItems": 1, "items": {"type": "string"}}],
                           "description": "'all' or a list of versions"},
            "parameter": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "minimum", "maximum"],
                "properties": {"name": {"type": "string", "pattern": "^[A-Z]$"},
                               "minimum": {"type": "integer"}, "maximum": {"type": "integer"}},
            },
            "set": {**profile_fact_schema(platform), "minProperties": 1},
        },
    }


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """One stated fact of a resolved profile, with where it was stated."""

    id: str
    value: Any
    source: str
    basis: str
    note: str
    origin: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """The facts in force for one version under one named configuration."""

    ref: VersionRef
    name: str
    description: str
    facts: Mapping[str, Fact]
    files: tuple[str, ...]

    def value(self, fact_id: str) -> Any:
        """The value of ``fact_id`` (None when the basis is unknown)."""
        return self.facts[fact_id].value


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileOverlay:
    """A named merchant configuration, as parsed from its file."""

    name: str
    description: str
    applies_to: tuple[str, ...] | None  # None: every version
    parameter: Mapping[str, Any] | None
    loaded: LoadedData

    def pattern(self) -> re.Pattern[str]:
        """Regex of the profile names this overlay answers to (``registers-N`` answers ``registers-3``)."""
        if not self.parameter:
            return re.compile(f"^{re.escape(self.name)}$")
        head = self.name.rsplit("-", 1)[0] if self.name.endswith("-" + self.parameter["name"]) else self.name
        return re.compile(f"^{re.escape(head)}-(\\d+)$")

    def applies(self, version: str) -> bool:
        """Whether this configuration exists for ``version``."""
        return self.applies_to is None or version in self.applies_to


_CHAINS: dict[tuple[str, str, str], tuple[tuple[tuple[str, int], ...], dict[str, Fact], tuple[str, ...]]] = {}


def load_profile_chain(path: Path, platform: Platform, version: str) -> tuple[dict[str, Fact], tuple[str, ...]]:
    """Facts of a profile.yaml after following its ``extends`` chain (child facts win).

    Parsed once per process while none of the chain's files changes (twins and scenarios ask often).
    """
    key = (str(path.resolve()), platform.value, version)
    cached = _CHAINS.get(key)
    if cached is not None and all(_mtime(f) == stamp for f, stamp in cached[0]):
        return dict(cached[1]), cached[2]
    facts, files = _load_profile_chain(path, platform, version)
    _CHAINS[key] = (tuple((f, _mtime(f)) for f in files), dict(facts), files)
    return facts, files


def _mtime(path: str) -> int:
    try:
        return Path(path).stat().st_mtime_ns
    except OSError:
        return -1


def _load_profile_chain(path: Path, platform: Platform, version: str) -> tuple[dict[str, Fact], tuple[str, ...]]:
    chain: list[LoadedData] = []
    seen: set[Path] = set()
    current: Path | None = path
    while current is not None:
        resolved = current.resolve()
        if resolved in seen:
            raise DataError("profile 'extends' chain loops", where=str(chain[-1].path),
                            key="extends", hint="Remove the cycle")
        seen.add(resolved)
        loaded = load_yaml(current)
        validate(loaded, _profile_schema(platform), what="the profile")
        chain.append(loaded)
        current = (current.parent / loaded.data["extends"]).resolve() if "extends" in loaded.data else None
    _check_version(chain[0], version)
    facts: dict[str, Fact] = {}
    for loaded in reversed(chain):
        facts.update(_facts(loaded, loaded.data["facts"], ["facts"], lambda v: v))
    return facts, tuple(str(c.path) for c in chain)


def _check_version(loaded: LoadedData, version: str) -> None:
    if str(loaded.data["version"]) != version:
        raise DataError("profile belongs to another version", where=loaded.where(["version"]), key="version",
                        expected=repr(version), actual=repr(loaded.data["version"]),
                        hint="Fix 'version' or the profile path in contracts/index.toml")


def _facts(loaded: LoadedData, raw: Mapping[str, Any], at: list[str], fill: Any) -> dict[str, Fact]:
    out = {}
    for fact_id, body in raw.items():
        out[fact_id] = Fact(id=fact_id, value=fill(body["value"]), source=body["source"], basis=body["basis"],
                            note=body.get("note", ""), origin=loaded.where([*at, fact_id]))
    return out


_OVERLAYS: dict[tuple[str, str], tuple[int, ProfileOverlay]] = {}


def load_overlay_file(path: Path, platform: Platform) -> ProfileOverlay:
    """Parse and validate one named-configuration overlay (once per process while the file is unchanged)."""
    key = (str(path.resolve()), platform.value)
    cached = _OVERLAYS.get(key)
    if cached is not None and cached[0] == _mtime(str(path)):
        return cached[1]
    overlay = _load_overlay_file(path, platform)
    _OVERLAYS[key] = (_mtime(str(path)), overlay)
    return overlay


def _load_overlay_file(path: Path, platform: Platform) -> ProfileOverlay:
    loaded = load_yaml(path)
    data = loaded.data
    param = data.get("parameter") if isinstance(data, dict) else None
    probe = _substitute(data, param, param["minimum"]) if isinstance(param, dict) and "minimum" in param else data
    validate(LoadedData(path=loaded.path, data=probe, lines=loaded.lines), _overlay_schema(platform),
             what="the profile overlay")
    if path.stem != data["profile"]:
        raise DataError("profile name and file name differ", where=loaded.where(["profile"]), key="profile",
                        expected=repr(path.stem), actual=repr(data["profile"]), hint="Rename one of them")
    applies = None if data["applies_to"] == "all" else tuple(str(v) for v in data["applies_to"])
    return ProfileOverlay(name=data["profile"], description=data["description"], applies_to=applies,
                          parameter=param, loaded=loaded)


def _substitute(node: Any, param: Mapping[str, Any] | None, value: int) -> Any:
    if not param:
        return node
    token = "${" + param["name"] + "}"
    if node == token:
        return value
    if isinstance(node, dict):
        return {k: _substitute(v, param, value) for k, v in node.items()}
    if isinstance(node, list):
        return [_substitute(v, param, value) for v in node]
    return node


def overlay_files(index: ContractIndex, entry: ContractEntry) -> list[Path]:
    """Named-configuration files visible to ``entry``: its own ``profiles/`` first, then the platform's."""
    own = entry.profile.parent / "profiles"
    shared = index.root / entry.ref.platform.value / "profiles"
    return [p for folder in (own, shared) if folder.is_dir() for p in sorted(folder.glob("*.yaml"))]


def available_overlays(index: ContractIndex, entry: ContractEntry) -> list[ProfileOverlay]:
    """Named configurations that apply to ``entry``'s version (own folder shadows the platform's)."""
    found: dict[str, ProfileOverlay] = {}
    for path in overlay_files(index, entry):
        overlay = load_overlay_file(path, entry.ref.platform)
        if overlay.applies(entry.ref.version):
            found.setdefault(overlay.name, overlay)
    return list(found.values())


def load_profile(index: ContractIndex, entry: ContractEntry, name: str = DEFAULT) -> Profile:
    """The resolved profile ``name`` of ``entry``'s version.

    ``name`` may combine configurations with ``+`` (``input-limits-on+auto-return-on``): each is set
    on top of the default in that order, so a fact two of them set takes the later one's value.
    """
    facts, files = load_profile_chain(entry.profile, entry.ref.platform, entry.ref.version)
    if entry.extends is not None:
        facts = _assumed(facts, files[0], entry.extends)
    if name == DEFAULT:
        return Profile(ref=entry.ref, name=name, description="the version's default behaviour",
                       facts=facts, files=files)
    overlays = available_overlays(index, entry)
    profile = Profile(ref=entry.ref, name=DEFAULT, description="", facts=facts, files=files)
    for part in name.split("+"):
        overlay, found = _overlay_named(entry, overlays, part)
        profile = _apply(entry, dict(profile.facts), profile.files, overlay, name=part, found=found,
                         before=profile)
    return dataclasses.replace(profile, name=name)


ASSUMED = "assumed, confirm on this store"


def _assumed(facts: dict[str, Fact], own_file: str, nearest: VersionRef) -> dict[str, Fact]:
    """A pulled contract's profile: every fact it inherits from ``nearest`` is marked assumed in its note.

    Marked when loaded, not copied into the pulled file: the nearest release's facts stay its own (a
    later correction reaches the pulled version), and a fact the merchant confirms is stated in the
    pulled profile itself, with its own basis and source, and is no longer marked.
    """
    out = {}
    for fact_id, fact in facts.items():
        inherited = not fact.origin.startswith(own_file)
        note = f"{ASSUMED} (stated for {nearest}" + (f": {fact.note})" if fact.note else ")")
        out[fact_id] = dataclasses.replace(fact, note=note) if inherited else fact
    return out


def _overlay_named(entry: ContractEntry, overlays: list[ProfileOverlay], name: str
                   ) -> tuple[ProfileOverlay, re.Match[str]]:
    for overlay in overlays:
        found = overlay.pattern().match(name)
        if found:
            return overlay, found
    names = [DEFAULT, *(o.name for o in overlays)]
    raise UsageError(f"unknown profile '{name}' for {entry.ref}{did_you_mean(name, names)}; "
                     f"available: {', '.join(names)}")


def _apply(entry: ContractEntry, facts: dict[str, Fact], files: tuple[str, ...], overlay: ProfileOverlay, *,
           name: str, found: re.Match[str], before: Profile | None = None) -> Profile:
    fill: Any = lambda v: v  # noqa: E731 - the identity unless the overlay is parametrized
    if overlay.parameter:
        number = int(found.group(1))
        low, high = overlay.parameter["minimum"], overlay.parameter["maximum"]
        if not low <= number <= high:
            raise UsageError(f"profile '{name}': {overlay.parameter['name']} must be between {low} and {high}")
        fill = lambda v: _substitute(v, overlay.parameter, number)  # noqa: E731
    merged = {**facts, **_facts(overlay.loaded, overlay.loaded.data["set"], ["set"], fill)}
    described = f"{before.description}; {overlay.description}" if before and before.description else \
        overlay.description
    return Profile(ref=entry.ref, name=name, description=described, facts=merged,
                   files=(*files, str(overlay.loaded.path)))


def missing_facts(profile: Profile) -> list[str]:
    """Fact ids of the platform the profile does not state."""
    return sorted(set(facts_of(profile.ref.platform)) - set(profile.facts))
