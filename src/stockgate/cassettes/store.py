"""Cassette files: vcrpy's format with a provenance header, read and written strictly.

A cassette is ``cassettes/<platform>/<version>/<area>/<name>.yaml`` for scenario ``<area>/<name>``:
vcrpy's ``{version: 1, interactions: [...]}`` (vcrpy loads it as is; it ignores the extra key) plus
``provenance`` — where, when and by what it was recorded, the scenario's hash, the connector's tick
times (replay ticks at the same virtual moments) and the scrub log. Nothing unscrubbed is ever
written: :class:`MemoryPersister` keeps vcrpy's recording in memory until it has been scrubbed.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from stockgate.errors import DataError
from stockgate.safewrite import write_atomic
from stockgate.shipped import shipped

if TYPE_CHECKING:
    from stockgate.datafile import LoadedData

ROOT = shipped("cassettes", marker="README.md")  # the shipped cassettes (checkout or wheel)
VCR_FORMAT = 1  # vcrpy's cassette format version
PROVENANCE_FORMAT = 1
# A request that got no answer (a dropped connection, a response lost after commit) has no place in
# vcrpy's format; it is recorded with this marker and replayed as the same transport error.
NO_ANSWER_STATUS = 599
NO_ANSWER_HEADER = "x-stockgate-no-answer"


def no_answer(interaction: dict[str, Any]) -> bool:
    """Whether a recorded interaction is the marker of a request that got no answer."""
    headers = {k.lower() for k in (interaction.get("response") or {}).get("headers") or {}}
    return NO_ANSWER_HEADER in headers


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where a cassette comes from (never a host name or a secret: a staging host is hashed)."""

    platform: str
    version: str
    profile: str
    pair: str  # the pair the scenario ran on ("magento@2.4.9-lightspeed@2026-10"): fidelity re-runs it
    scenario: str
    scenario_sha256: str
    recorded_from: str  # "twin" or "staging:<sha256 of the host, 12 hex>"
    recorded_at: str
    stockgate_version: str
    connector: str
    magento_auth: str = ""  # bearer | oauth1 (Magento cassettes: how the connector authenticated)
    lightspeed_api: str = ""  # the API version the connector spoke (Lightspeed cassettes)
    ticks: tuple[float, ...] = ()
    scrubbed: tuple[dict[str, str], ...] = field(default_factory=tuple)
    provenance_format: int = PROVENANCE_FORMAT


def cassette_path(root: Path, platform: str, version: str, scenario_id: str) -> Path:
    """``root/<platform>/<version>/<area>/<name>.yaml``."""
    return root / platform / version / f"{scenario_id}.yaml"


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes (a scenario's, so that audit can tell it changed since recording)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


class MemoryPersister:
    """A vcrpy persister that never touches disk: recordings are kept, replays are preloaded."""

    def __init__(self) -> None:
        """Nothing recorded, nothing to play."""
        self.saved: dict[str, dict[str, Any]] = {}
        self.preloaded: dict[str, tuple[list[Any], list[Any]]] = {}

    def load_cassette(self, cassette_path: str, serializer: Any) -> tuple[list[Any], list[Any]]:
        """The preloaded interactions, or "not found" (vcrpy then records)."""
        from vcr.persisters.filesystem import CassetteNotFoundError

        if str(cassette_path) in self.preloaded:
            return self.preloaded[str(cassette_path)]
        raise CassetteNotFoundError()

    def save_cassette(self, cassette_path: str, cassette_dict: dict[str, Any], serializer: Any) -> None:
        """Keep what vcrpy recorded (in memory only)."""
        self.saved[str(cassette_path)] = cassette_dict


def interactions_of(cassette_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """Vcrpy's in-memory recording as serializable interactions (its own conversion)."""
    from vcr.serializers import compat

    return [{"request": compat.convert_to_unicode(request._to_dict()), "response": compat.convert_to_unicode(response)}
            for request, response in zip(cassette_dict["requests"], cassette_dict["responses"], strict=True)]


def host_of(interaction: dict[str, Any]) -> str:
    """The host (and port, when the URL names one) an interaction's request went to."""
    return urlsplit(str(interaction["request"]["uri"])).netloc.lower()


def write_cassette(path: Path, provenance: Provenance, interactions: list[dict[str, Any]], *,
                   root: Path | None = None) -> None:
    """Write atomically (a reader never sees half a cassette), never through a link out of ``root``."""
    from vcr.serializers import yamlserializer

    data = {"provenance": _plain(asdict(provenance)), "version": VCR_FORMAT, "interactions": interactions}
    write_atomic(path, yamlserializer.serialize(data), within=root)


def cassette_paths(root: Path, pair_versions: tuple[str, str], scenario_id: str) -> list[Path]:
    """A scenario's two cassettes (Magento, Lightspeed) under ``root``; UsageError when one would leave it."""
    from stockgate.safewrite import inside

    paths = [cassette_path(root, platform, version, scenario_id)
             for platform, version in zip(("magento", "lightspeed"), pair_versions, strict=True)]
    for path in paths:
        inside(path, root)
    return paths


def read_cassette(path: Path) -> tuple[Provenance | None, list[dict[str, Any]]]:
    """A cassette's provenance (None when it has none) and interactions; DataError when malformed.

    Read with stockgate's one YAML reader (alias budget, core tags and ``!!binary`` bodies only), never
    vcrpy's loader: a cassette is as untrusted as any file a user hands over.
    """
    from stockgate.datafile import load_yaml
    from stockgate.safeyaml import BINARY, CORE_TAGS

    shown = str(path)
    if not path.exists():
        raise DataError("cassette not found", where=shown, hint="Record it with `stockgate cassettes record`")
    loaded = load_yaml(path, tags=CORE_TAGS | {BINARY})
    data = loaded.data
    if not isinstance(data, dict) or not isinstance(data.get("interactions"), list):
        raise DataError("not a vcrpy cassette", where=shown, key="interactions", expected="a list of interactions",
                        actual=type(data.get("interactions") if isinstance(data, dict) else data).__name__,
                        hint="Re-record it with `stockgate cassettes record`")
    _check_format(loaded, "version", VCR_FORMAT, "vcrpy's cassette format")
    for n, item in enumerate(data["interactions"]):
        if not isinstance(item, dict) or not isinstance(item.get("request"), dict) \
                or not isinstance(item.get("response"), dict):
            raise DataError("an interaction needs a request and a response", where=shown, key=f"interactions[{n}]",
                            hint="Re-record the cassette")
    return _provenance(loaded), data["interactions"]


def _check_format(loaded: LoadedData, key: str, known: int, what: str, *, at: tuple[str, ...] = ()) -> None:
    """``key`` (under ``at``) states a format version stockgate reads; DataError with file:line otherwise."""
    value = loaded.data
    for part in at:
        value = value[part]
    found = value.get(key)
    if found != known or isinstance(found, bool):
        path = (*at, key)
        raise DataError(f"{what} version {found!r} is not one stockgate reads" if key in value else
                        f"no {key}: the {what} version is unknown", where=loaded.where(path),
                        key=".".join(path), expected=str(known), actual=None if key not in value else repr(found),
                        hint="Re-record the cassette with this stockgate (`stockgate cassettes record`)")


def _provenance(loaded: LoadedData) -> Provenance | None:
    """The provenance header (None: the cassette has none); DataError when it is not one."""
    raw = loaded.data.get("provenance")
    if raw is None:
        return None
    where = loaded.where(["provenance"])
    if not isinstance(raw, dict):
        raise DataError("malformed provenance", where=where, key="provenance", expected="a mapping",
                        actual=type(raw).__name__, hint="Re-record the cassette")
    if "provenance_format" in raw:
        _check_format(loaded, "provenance_format", PROVENANCE_FORMAT, "provenance format", at=("provenance",))
    try:
        return Provenance(**{**raw, "ticks": tuple(raw.get("ticks") or ()),
                             "scrubbed": tuple(raw.get("scrubbed") or ())})
    except TypeError as exc:
        raise DataError(f"malformed provenance: {exc}", where=where, key="provenance",
                        hint="Re-record the cassette") from None


def to_vcr(interactions: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    """Interactions as vcrpy's (requests, responses), for a preloaded replay."""
    from vcr.request import Request
    from vcr.serializers import compat

    return ([Request._from_dict(compat.convert_to_bytes(i["request"])) for i in interactions],
            [compat.convert_to_bytes(i["response"]) for i in interactions])


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
