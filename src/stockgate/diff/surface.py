"""A consumer's surface: the operations a connector calls, the fields it sends and the fields it reads.

A surface is derived from scenario runs (``stockgate surface``; :mod:`stockgate.scenarios.usage`):
the twins' journals say which operations were called with which request fields (and how long,
large or many the values sent were: ``extent``; which distinct values, up to :data:`MAX_VALUES` per
field: ``values``), and the reads are known per connector: observed
for the reference connector (its answers wrapped), traced for a ``python:`` connector that parses
through httpx, inferred otherwise from the answer fields whose values its later requests carry (a
lower bound, never "every field"), and declared for any connector in a reads file
(``stockgate gate --reads FILE``) merged on top. ``read`` is None (unknown: every field counts)
only when a surface file says ``read: unknown``, as a surface from cassettes does.

Fields are written as payloads read: ``sourceItems[].sku``; query parameters as
``query <normalised name>`` (see :func:`~stockgate.diff.operations.parameter_key`). Lightspeed
operations are keyed without their version segment and carry the *API family* they were called
under: ``date`` (``/api/2026-07``) or a legacy segment (``2.0``, ``2.1``, ``0.9``).
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from stockgate.datafile import load_yaml, validate
from stockgate.diff.operations import parameter_key
from stockgate.diff.schemas import join

DATE = re.compile(r"^\d{4}-\d{2}$")
MAX_VALUES = 20  # distinct values kept per field sent; past it the field is no enum and its values go unrecorded


def family(version: str) -> str:
    """``date`` for a date version (``2026-07``), else the version itself (``2.0``); ``""`` for Magento."""
    return "date" if DATE.match(version) else version


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationUse:
    """How a connector uses one operation."""

    platform: str
    operation: str  # the contract's key: "POST /V1/inventory/source-items", "GET /products"
    family: str = ""  # Lightspeed: "date", "2.0", "0.9"; Magento: ""
    sent: frozenset[str] = frozenset()
    read: frozenset[str] | None = None  # None: unknown, every field counts as read
    scenarios: tuple[str, ...] = ()
    # (field, measure, least, most) of the values sent: measure is length, items, properties or number
    extent: tuple[tuple[str, str, float, float], ...] = ()
    # (field, the distinct values sent in it, as str()): fields past MAX_VALUES values are left out
    values: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def values_of(self, name: str) -> tuple[str, ...] | None:
        """The distinct values sent in ``name`` (None: not recorded, or too many to be an enum's)."""
        return next((seen for f, seen in self.values if f == name), None)

    def extent_of(self, name: str, measure: str) -> tuple[float, float] | None:
        """The least and most ``measure`` of the values sent in ``name`` (None: not measured)."""
        return next(((lo, hi) for f, m, lo, hi in self.extent if f == name and m == measure), None)

    def sends(self, name: str) -> bool:
        """Whether ``name`` or anything below it is sent."""
        return _touches(self.sent, name)

    def reads(self, name: str) -> bool:
        """Whether ``name`` or anything below it is read (always, when reads are unknown)."""
        return self.read is None or _touches(self.read, name)


def _touches(fields: Iterable[str], name: str) -> bool:
    return any(f == name or f.startswith((f"{name}.", f"{name}[]")) for f in fields)


@dataclass(frozen=True, slots=True, kw_only=True)
class Surface:
    """Everything a connector was seen to use."""

    connector: str
    derived_from: str
    uses: tuple[OperationUse, ...] = field(default_factory=tuple)
    reads: str = ""  # how the connector's reads were known: observed, traced, inferred, declared, unknown

    def use(self, platform: str, operation: str, version: str) -> OperationUse | None:
        """The use of ``operation`` on ``platform`` under the API family of ``version``, or None."""
        wanted = family(version) if platform == "lightspeed" else ""
        return next((u for u in self.uses if u.platform == platform and u.operation == operation
                     and u.family == wanted), None)

    def operations(self, platform: str, version: str) -> list[OperationUse]:
        """Every use on ``platform`` under the family of ``version``."""
        wanted = family(version) if platform == "lightspeed" else ""
        return [u for u in self.uses if u.platform == platform and u.family == wanted]


def merge_surfaces(surfaces: Iterable[Surface]) -> Surface:
    """One surface with every use of each (union of fields and scenarios; reads unknown if unknown anywhere)."""
    merged: dict[tuple[str, str, str], OperationUse] = {}
    surfaces = list(surfaces)
    for surface in surfaces:
        for use in surface.uses:
            key = (use.platform, use.operation, use.family)
            known = merged.get(key)
            if known is None:
                merged[key] = use
                continue
            read = None if known.read is None or use.read is None else known.read | use.read
            extent = widen({(f, m): (lo, hi) for f, m, lo, hi in known.extent},
                           {(f, m): (lo, hi) for f, m, lo, hi in use.extent})
            merged[key] = replace(known, sent=known.sent | use.sent, read=read,
                                  scenarios=tuple(sorted(set(known.scenarios) | set(use.scenarios))),
                                  extent=extent_rows(extent), values=_united(known.values, use.values))
    return Surface(connector=surfaces[0].connector if surfaces else "", derived_from="; ".join(
        s.derived_from for s in surfaces), uses=tuple(merged[k] for k in sorted(merged)))


def _united(*rows: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The values of several uses, field by field (a field past :data:`MAX_VALUES` left out)."""
    seen: Values = {}
    for row in rows:
        add_values(seen, {f: set(v) for f, v in row})
    return value_rows(seen)


def with_declared(observed: Surface, declared: Surface, label: str) -> Surface:
    """``observed`` with a reads file merged on top: fields sent and read united, operations it adds kept.

    An operation the file lists was called as the file says, whether or not the runs saw it; where
    the file says ``read: unknown`` every field of that answer counts. ``reads`` then says which
    operations' reads were declared, and how the others' were known.
    """
    uses = {(u.platform, u.operation, u.family): u for u in observed.uses}
    for mine in declared.uses:
        key = (mine.platform, mine.operation, mine.family)
        seen = uses.get(key)
        if seen is None:
            uses[key] = mine
            continue
        read = None if seen.read is None or mine.read is None else seen.read | mine.read
        uses[key] = replace(seen, sent=seen.sent | mine.sent, read=read,
                            scenarios=tuple(sorted(set(seen.scenarios) | set(mine.scenarios))))
    shown = ", ".join(sorted({u.operation for u in declared.uses})[:3])
    more = f" and {len(declared.uses) - 3} more" if len(declared.uses) > 3 else ""
    reads = f"declared in {label} for {len(declared.uses)} operation(s) ({shown}{more}); otherwise " \
            f"{observed.reads or 'as observed'}"
    return replace(observed, uses=tuple(uses[k] for k in sorted(uses)), reads=reads,
                   derived_from=f"{observed.derived_from}; reads declared in {label}")


_FIELDS = {"type": "array", "items": {"type": "string"}}
SCHEMA: Mapping[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["surface_format", "connector", "operations"],
    "properties": {
        "surface_format": {"const": 1}, "connector": {"type": "string"}, "derived_from": {"type": "string"},
        "operations": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["platform", "operation"],
            "properties": {"platform": {"enum": ["magento", "lightspeed"]},
                           "operation": {"type": "string", "pattern": r"^(GET|POST|PUT|PATCH|DELETE) /"},
                           "family": {"type": "string"}, "sent": _FIELDS,
                           "read": {"oneOf": [_FIELDS, {"const": "unknown"}]},
                           "scenarios": _FIELDS}}},
    },
}


def load_surface(path: Path) -> Surface:
    """Read a surface file strictly (file:line errors, exit 2)."""
    loaded = load_yaml(path)
    validate(loaded, SCHEMA, what="consumer surface")
    data = loaded.data
    uses = tuple(OperationUse(
        platform=u["platform"], operation=u["operation"], family=u.get("family", ""),
        sent=frozenset(u.get("sent") or ()),
        read=None if u.get("read") in (None, "unknown") else frozenset(u["read"]),
        scenarios=tuple(u.get("scenarios") or ())) for u in data["operations"])
    return Surface(connector=data["connector"], derived_from=data.get("derived_from", ""), uses=uses)


def dump_surface(surface: Surface) -> str:
    """The YAML a surface file holds (sorted: the same surface gives the same bytes)."""
    operations = [{"platform": u.platform, "operation": u.operation, **({"family": u.family} if u.family else {}),
                   "sent": sorted(u.sent), "read": "unknown" if u.read is None else sorted(u.read),
                   "scenarios": sorted(u.scenarios)}
                  for u in sorted(surface.uses, key=lambda u: (u.platform, u.family, u.operation))]
    data = {"surface_format": 1, "connector": surface.connector, "derived_from": surface.derived_from,
            "operations": operations}
    return yaml.safe_dump(data, sort_keys=False, width=120)


def body_fields(body: Any, prefix: str = "") -> set[str]:
    """Every field path present in a JSON value (``a.b``, ``items[].sku``)."""
    out: set[str] = set()
    if isinstance(body, Mapping):
        for key, value in body.items():
            name = join(prefix, str(key))
            out.add(name)
            out |= body_fields(value, name)
    elif isinstance(body, list):
        for item in body:
            out |= body_fields(item, f"{prefix}[]")
    return out


Extents = dict[tuple[str, str], tuple[float, float]]


def request_extents(body: Any, query: Iterable[tuple[str, str]] = ()) -> Extents:
    """(field, measure) -> (least, most) over one request: string lengths, list and object sizes, numbers.

    Query parameters are keyed as the surface keys them (``query <normalised name>``): their length,
    and their number when the text is one.
    """
    out: Extents = {}
    _measure(body, "", out)
    for name, value in query:
        key = parameter_key("query", name)
        _note(out, key, "length", len(value))
        with contextlib.suppress(ValueError):
            number = float(value)
            if math.isfinite(number):
                _note(out, key, "number", number)
    return out


def _measure(value: Any, name: str, out: Extents) -> None:
    if isinstance(value, Mapping):
        if name:
            _note(out, name, "properties", len(value))
        for key, inner in value.items():
            _measure(inner, join(name, str(key)), out)
    elif isinstance(value, list):
        _note(out, name, "items", len(value))
        for inner in value:
            _measure(inner, f"{name}[]", out)
    elif isinstance(value, str):
        _note(out, name, "length", len(value))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        _note(out, name, "number", value)


def _note(out: Extents, name: str, measure: str, value: float) -> None:
    lo, hi = out.get((name, measure), (value, value))
    out[(name, measure)] = (min(lo, value), max(hi, value))


Values = dict[str, set[str] | None]  # field -> distinct values sent (None: past MAX_VALUES)


def request_values(body: Any, query: Iterable[tuple[str, str]] = ()) -> Values:
    """Per field, the distinct scalar values one request sends there (as ``str()``; None past :data:`MAX_VALUES`).

    What lets an enum narrowed on the new version be judged by the values actually sent. Query
    parameters are keyed as the surface keys them (``query <normalised name>``).
    """
    out: Values = {}
    _collect(body, "", out)
    for name, value in query:
        add_values(out, {parameter_key("query", name): {value}})
    return out


def _collect(value: Any, name: str, out: Values) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _collect(inner, join(name, str(key)), out)
    elif isinstance(value, list):
        for inner in value:
            _collect(inner, f"{name}[]", out)
    elif isinstance(value, str | int | float) and name:  # bool is an int
        add_values(out, {name: {str(value)}})


def add_values(into: Values, more: Mapping[str, set[str] | None]) -> Values:
    """``into`` with ``more`` folded in; a field past :data:`MAX_VALUES` distinct values becomes None for good."""
    for name, seen in more.items():
        known = into.get(name, set())
        if known is None or seen is None:
            into[name] = None
            continue
        known |= seen
        into[name] = None if len(known) > MAX_VALUES else known
    return into


def value_rows(values: Values) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The sorted rows :attr:`OperationUse.values` holds (fields past the cap left out)."""
    return tuple(sorted((f, tuple(sorted(v))) for f, v in values.items() if v is not None))


def widen(into: Extents, more: Extents) -> Extents:
    """``into`` with every range of ``more`` folded in (returned for chaining)."""
    for key, (lo, hi) in more.items():
        was = into.get(key, (lo, hi))
        into[key] = (min(was[0], lo), max(was[1], hi))
    return into


def extent_rows(extents: Extents) -> tuple[tuple[str, str, float, float], ...]:
    """The sorted rows :attr:`OperationUse.extent` holds."""
    return tuple(sorted((f, m, lo, hi) for (f, m), (lo, hi) in extents.items()))
