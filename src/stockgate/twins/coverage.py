"""``stockgate twin coverage`` over the whole contract: every operation emulated or answered 501, by area.

A twin answers every operation of its contract version: the ones it emulates, statefully, and every
other one with a 501 naming the operation and ``platform@version`` (:mod:`stockgate.twins.contract_routes`).
This report counts both over the version's whole contract, so its percentage is the share of the
contract a connector finds emulated, not of the calls the reference connector happens to make
(that older view is :func:`stockgate.twins.registry.coverage`, ``--connector-only``).

Areas come from the contract's own tags through ``contract-areas.yaml`` beside each twin (first
matching rule wins, ``other`` otherwise); the file also marks the connector-relevant areas, whose
share is the report's second percentage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from stockgate.twins.contract_routes import shape
from stockgate.twins.registry import DATA, twin_for

OTHER = "other"
_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["areas"],
    "properties": {"areas": {"type": "array", "items": {
        "type": "object", "additionalProperties": False, "required": ["area", "title", "connector", "tags"],
        "properties": {"area": {"type": "string", "pattern": "^[a-z/-]+$"}, "title": {"type": "string"},
                       "connector": {"type": "boolean"},
                       "tags": {"type": "array", "minItems": 1, "items": {"type": "string"}}}}}},
}


@dataclass(frozen=True, slots=True, kw_only=True)
class AreaRule:
    """One area of a platform's contracts and the tag patterns that put an operation in it."""

    area: str
    title: str
    connector: bool
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationRow:
    """One contract operation: its area and whether the twin emulates it (otherwise it answers 501)."""

    operation: str
    area: str
    emulated: bool

    @property
    def answer(self) -> str:
        """``emulated`` or ``501``."""
        return "emulated" if self.emulated else "501"


@dataclass(frozen=True, slots=True, kw_only=True)
class AreaCount:
    """Totals of one area."""

    area: str
    title: str
    connector: bool
    total: int
    emulated: int


def percent(done: int, total: int) -> float:
    """``done`` of ``total`` in percent, one decimal (100.0 of nothing)."""
    return round(100 * done / total, 1) if total else 100.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractCoverage:
    """What one twin answers over its contract version."""

    ref: str
    operations: tuple[OperationRow, ...]
    areas: tuple[AreaCount, ...]
    outside_contract: tuple[str, ...]  # routes the twin serves that no contract of the version has (0.9, 2.1)

    @property
    def emulated(self) -> int:
        """How many contract operations the twin emulates."""
        return sum(row.emulated for row in self.operations)

    def connector_share(self) -> tuple[int, int]:
        """(emulated, total) over the connector-relevant areas."""
        relevant = [a for a in self.areas if a.connector]
        return sum(a.emulated for a in relevant), sum(a.total for a in relevant)

    def as_json(self) -> dict[str, Any]:
        """The ``--format json`` document: totals, areas, every operation once, routes outside the contract."""
        total, emulated = len(self.operations), self.emulated
        relevant_done, relevant_total = self.connector_share()
        return {
            "ref": self.ref, "view": "contract", "total": total, "emulated": emulated,
            "not_emulated": total - emulated, "percent": percent(emulated, total),
            "connector_relevant": {"areas": [a.area for a in self.areas if a.connector], "total": relevant_total,
                                   "emulated": relevant_done, "percent": percent(relevant_done, relevant_total)},
            "areas": [{"area": a.area, "title": a.title, "connector_relevant": a.connector, "total": a.total,
                       "emulated": a.emulated, "not_emulated": a.total - a.emulated,
                       "percent": percent(a.emulated, a.total)} for a in self.areas],
            "operations": [{"operation": r.operation, "area": r.area, "emulated": r.emulated, "answer": r.answer}
                           for r in self.operations],
            "outside_contract": list(self.outside_contract),
        }


def area_rules(platform: str) -> list[AreaRule]:
    """The platform's ``contract-areas.yaml``, checked."""
    from stockgate.datafile import load_yaml, validate

    loaded = load_yaml(DATA / platform / "contract-areas.yaml")
    validate(loaded, _SCHEMA, what="contract areas")
    return [AreaRule(area=a["area"], title=a["title"], connector=a["connector"],
                     patterns=tuple(re.compile(p) for p in a["tags"])) for a in loaded.data["areas"]]


def area_of(rules: list[AreaRule], tag: str) -> str:
    """The first area whose patterns match ``tag`` (``other`` when none does)."""
    return next((r.area for r in rules if any(p.search(tag) for p in r.patterns)), OTHER)


def contract_coverage(ref_text: str) -> ContractCoverage:
    """Every operation of ``ref_text``'s contract, emulated by its twin or answered 501, grouped by area."""
    from stockgate.contracts import load_contract
    from stockgate.contracts.model import resolve_pointer

    contract = load_contract(ref_text)
    platform, version = contract.ref.platform.value, contract.ref.version
    app = twin_for(platform).factory(version, "default", seed=None)
    served = app.operations(version) if platform == "lightspeed" else app.operations()
    emulated = {shape(op) for op in served}  # the twin may name a path parameter otherwise than the contract
    outside = [op for op in served if shape(op) not in {shape(key) for key in contract.operations}]
    if platform == "lightspeed":
        outside += app.extra_operations()
    rules = area_rules(platform)
    rows = []
    for key in sorted(contract.operations):
        tags = resolve_pointer(contract.document, contract.operations[key].pointer).get("tags") or [""]
        rows.append(OperationRow(operation=key, area=area_of(rules, str(tags[0])), emulated=shape(key) in emulated))
    order = [r.area for r in rules] + [OTHER]
    rows.sort(key=lambda r: (order.index(r.area), r.operation))
    counts = [AreaCount(area=r.area, title=r.title, connector=r.connector,
                        total=sum(row.area == r.area for row in rows),
                        emulated=sum(row.emulated for row in rows if row.area == r.area)) for r in rules]
    counts.append(AreaCount(area=OTHER, title="everything else in the contract", connector=False,
                            total=sum(row.area == OTHER for row in rows),
                            emulated=sum(row.emulated for row in rows if row.area == OTHER)))
    return ContractCoverage(ref=str(contract.ref), operations=tuple(rows), areas=tuple(counts),
                            outside_contract=tuple(sorted(outside)))
