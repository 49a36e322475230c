"""Scenario files: one strict JSON Schema (steps included), file:line errors, discovery by folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stockgate.datafile import LoadedData, display_path, load_yaml, validate
from stockgate.errors import DataError, UsageError
from stockgate.scenarios.model import Scenario, Step
from stockgate.scenarios.oracles import INVARIANTS
from stockgate.scenarios.steps import STEPS
from stockgate.shipped import shipped
from stockgate.twins.faults import FaultRule

ROOT = shipped("scenarios", marker="mappings/demo.yaml")
_NUMS = {"type": "object", "additionalProperties": {"type": "number"}}
_NESTED = {"type": "object", "additionalProperties": _NUMS}
# then.sources: a quantity, or null for "this SKU has no source item there" (nothing was dumped into it)
_SOURCES = {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {
    "type": ["number", "null"]}}}
_REQUEST = {"type": "object", "additionalProperties": False, "required": ["platform"],
            "properties": {"platform": {"enum": ["magento", "lightspeed"]}, "operation": {"type": "string"},
                           "sku": {"type": "string"}, "field": {"type": "string"},
                           "count": {"type": "integer", "minimum": 0},
                           "status": {"type": "integer", "minimum": 100, "maximum": 599}}}


def _range(version: str, example: str) -> dict[str, Any]:
    """A version or a range of them (``>=2.4.7 <2.4.9``): what :func:`~stockgate.scenarios.model.in_range` reads."""
    part = rf"(?:>=|<=|>|<|==|=)?{version}"
    return {"type": "string", "pattern": rf"^\s*{part}(?:\s+{part})*\s*$",
            "description": f"a version or a range of them, e.g. '{example}'"}


def schema() -> dict[str, Any]:
    """The scenario JSON Schema (built from the step registry)."""
    step = {"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": False,
            "properties": {kind: spec.schema for kind, spec in STEPS.items()}}
    return {
        "type": "object", "additionalProperties": False,
        "required": ["scenario_format", "id", "title", "areas", "when", "then"],
        "properties": {
            "scenario_format": {"const": 1},
            "id": {"type": "string", "pattern": r"^[a-z0-9-]+/[a-z0-9-]+$"},
            "title": {"type": "string", "minLength": 10},
            "areas": {"type": "array", "minItems": 1, "items": {"type": "string"}},
            "applies_to": {"type": "object", "additionalProperties": False,
                           "properties": {"magento": _range(r"\d+\.\d+\.\d+(?:-p\d+)?", ">=2.4.7 <2.4.9"),
                                          "lightspeed": _range(r"(?:\d{4}-\d{2}|\d+\.\d+)", ">=2026-04")}},
            "given": {"type": "object", "additionalProperties": False, "properties": {
                "seed": {"type": "string"}, "mapping": {"type": "string"}, "stock": _NESTED,
                "magento_profile": {"type": "string"}, "lightspeed_profile": {"type": "string"},
                "connector_api": {"type": "string"}}},
            "when": {"type": "array", "minItems": 1, "items": step},
            "then": {"type": "object", "additionalProperties": False, "properties": {
                "sources": _SOURCES, "outlets": _NESTED, "salable": _NUMS, "prices": _NUMS,
                "salable_flags": {"type": "object", "additionalProperties": {"type": "boolean"}},
                "credit_memos": {"type": "object", "additionalProperties": False,
                                 "properties": {"count": {"type": "integer", "minimum": 0}, "refunded": _NUMS}},
                "pos_sales": {"type": "object", "additionalProperties": False,
                              "properties": {"web": {"type": "integer", "minimum": 0},
                                             "total": {"type": "integer", "minimum": 0}}},
                "requests": {"type": "object", "additionalProperties": False, "properties": {
                    "forbid": {"type": "array", "items": _REQUEST}, "at_most": {"type": "array", "items": _REQUEST},
                    "require": {"type": "array", "items": {**_REQUEST, "required": ["platform", "operation"]}}}},
                "converged_within": {"type": "number", "exclusiveMinimum": 0},
                "reported": {"type": "array", "items": {"type": "string"}}}},
            "invariants": {"type": "array", "items": {"enum": list(INVARIANTS)}},
        },
    }


def load_scenario(path: Path) -> Scenario:
    """Read and validate one scenario file."""
    loaded = load_yaml(path)
    validate(loaded, schema(), what="scenario")
    data: dict[str, Any] = loaded.data
    expected_id = f"{path.parent.name}/{path.stem}"
    if data["id"] != expected_id:
        raise DataError("the scenario id must be <folder>/<file name>", where=loaded.where(["id"]),
                        key="id", expected=expected_id, actual=data["id"], hint="ids are stable: rename the file "
                        "or fix the id")
    steps = tuple(Step(kind=next(iter(raw)), args=dict(next(iter(raw.values())) or {}),
                       line=loaded.lines.get(("when", n))) for n, raw in enumerate(data["when"]))
    _check_labels(loaded, steps)
    _check_faults(loaded, steps)
    given = dict(data.get("given") or {})
    _check_connector_api(loaded, given.get("connector_api"))
    given["mapping"] = str(mapping_path(path, loaded, given.get("mapping")))
    return Scenario(id=data["id"], title=data["title"], areas=tuple(data["areas"]), path=path,
                    applies_to=dict(data.get("applies_to") or {}), given=given, when=steps, then=data["then"],
                    invariants=tuple(data.get("invariants") or INVARIANTS))


LABEL_ARGS = ("order", "of")  # step arguments that name what an earlier step labelled with ``as:``


def _check_labels(loaded: LoadedData, steps: tuple[Step, ...]) -> None:
    """Every ``order:``/``of:`` names a label an earlier step set with ``as:``."""
    labels: list[str] = []
    for n, step in enumerate(steps):
        for arg in LABEL_ARGS:
            if arg in step.args and step.args[arg] not in labels:
                raise DataError(f"{step.kind} names something no earlier step labelled",
                                where=loaded.where(["when", n, step.kind, arg]), key=f"when[{n}].{step.kind}.{arg}",
                                expected=f"one of {', '.join(labels)}" if labels else "a label set earlier with as:",
                                actual=str(step.args[arg]), hint="Label the step that makes it (as: NAME)")
        if "as" in step.args:
            labels.append(str(step.args["as"]))


def _check_faults(loaded: LoadedData, steps: tuple[Step, ...]) -> None:
    """Every ``fault`` step is one the twins can act on (the rule's own checks: method, counts, parameters)."""
    for n, step in enumerate(steps):
        if step.kind != "fault":
            continue
        args = step.args
        try:
            FaultRule(kind=args["kind"], method=args.get("method"), path=args["path"], times=args.get("times", 1),
                      skip=args.get("skip", 0), params=args.get("params") or {})
        except ValueError as exc:
            raise DataError(str(exc), where=loaded.where(["when", n, "fault"]), key=f"when[{n}].fault",
                            hint="Fix the value (`stockgate twin serve --help` lists the fault kinds)") from None


def _check_connector_api(loaded: LoadedData, version: str | None) -> None:
    """``given.connector_api`` is a Lightspeed version stockgate has a contract for."""
    if version is None:
        return
    from stockgate.contracts.index import load_index

    known = [ref.version for ref in load_index().refs("lightspeed")]  # type: ignore[arg-type]
    if version not in known:
        raise DataError("the connector would speak a Lightspeed API version stockgate has no contract for",
                        where=loaded.where(["given", "connector_api"]), key="given.connector_api",
                        expected=f"one of {', '.join(known)}", actual=version)


def mapping_path(path: Path, loaded: LoadedData, written: str | None) -> Path:
    """``given.mapping`` resolved from the scenario's folder: a .yaml file in its catalog or the shipped mappings.

    The catalog is the folder holding the scenario's area folder (``--scenario-dir``). Anything else (an
    absolute path, ``../`` out of the catalog, a link leading out) is refused before it is read.
    """
    if not written:
        return ROOT / "mappings" / "demo.yaml"
    scenario = path.resolve()
    resolved = (scenario.parent / written).resolve()
    catalog = scenario.parent.parent
    if resolved.suffix in {".yaml", ".yml"} and any(resolved.is_relative_to(root) for root in
                                                     (catalog, (ROOT / "mappings").resolve())):
        return resolved
    raise DataError("a mapping is read from the scenario's catalog or the shipped mappings only",
                    where=loaded.where(["given", "mapping"]), key="given.mapping",
                    expected=f"a .yaml file under {display_path(catalog)}, e.g. ../mappings/demo.yaml", actual=written,
                    hint="Copy the mapping into the catalog's mappings/ folder and name it relative to the scenario")


def discover(folders: list[Path] | None = None, patterns: list[str] | None = None) -> list[Scenario]:
    """Scenarios under ``folders`` (default: the shipped catalog), filtered by id globs."""
    import fnmatch

    found: list[Scenario] = []
    for folder in folders or [ROOT]:
        if not folder.is_dir():
            raise UsageError(f"--scenario-dir {folder}: not a folder")
        for path in sorted(folder.glob("*/*.yaml")):
            if path.parent.name == "mappings":
                continue
            scenario = load_scenario(path)
            if not patterns or any(fnmatch.fnmatch(scenario.id, p) for p in patterns):
                found.append(scenario)
    ids = [s.id for s in found]
    doubled = sorted({i for i in ids if ids.count(i) > 1})
    if doubled:
        raise UsageError(f"scenario ids must be unique; found twice: {', '.join(doubled)}")
    return found
