"""Gate results and matrices built by hand for the report tests (no run: any size, in milliseconds)."""

from __future__ import annotations

from stockgate.diff.rules import Severity
from stockgate.gate.matrix import Cell, Matrix
from stockgate.gate.model import GateFinding, GateResult, ScenarioOutcome, fingerprint
from stockgate.scenarios.model import Finding, ScenarioResult

__all__ = ["Cell", "GateFinding", "GateResult", "Matrix", "Severity"]

FROM, TO = "magento@2.4.8-lightspeed@2026-07", "magento@2.4.9-lightspeed@2026-10"


def result(scenario: str, pair: str, *, failed: bool = False, actual: str = "12", seconds: float | None = 60.0,
           said: tuple[str, ...] = (), unchecked: tuple[str, ...] = ()) -> ScenarioResult:
    """One run: passed, or failed with one salable-truth finding whose actual value is ``actual``.

    ``unchecked``: the checks the run could not make, as the runner words them (``CHECK: not checked: WHY``).
    """
    findings = (Finding(scenario=scenario, pair=pair, check="salable-truth", subject="CAP-NVY", expected="16",
                        actual=actual, hint="look at the reservations"),) if failed else ()
    return ScenarioResult(scenario=scenario, title=scenario, pair=pair, status="failed" if failed else "passed",
                          findings=findings, convergence_seconds=None if failed else seconds, requests={},
                          connector_output=said, unchecked=unchecked)


def finding(n: int, *, blocking: bool, state: str = "new", actual: str = "12") -> GateFinding:
    """A scenario finding row."""
    return GateFinding(kind="scenario", severity=Severity.BREAKING, pair=TO, subject=f"returns/scenario-{n:05d}",
                       field="salable-truth CAP-NVY", expected="16", actual=actual, todo="look at the reservations",
                       fingerprint=fingerprint(str(n)), blocking=blocking, state=state)


def gate(outcomes: list[ScenarioOutcome], findings: list[GateFinding]) -> GateResult:
    """A gate result over these outcomes and findings, with no diff and no cassette."""
    return GateResult(from_pair=FROM, to_pair=TO, connector="python:my_connector.sync:Connector",
                      fail_on=Severity.BREAKING, stockgate_version="0", contracts={}, diffs=(),
                      outcomes=tuple(outcomes), cassettes={"checked": 0, "files": 0}, findings=tuple(findings))


def outcome(n: int, *, regression: bool = False, pre_existing: bool = False, actual: str = "12",
            said: tuple[str, ...] = (), unchecked: tuple[str, ...] = ()) -> ScenarioOutcome:
    """One scenario across the upgrade (``unchecked``: checks not made, on both sides)."""
    name = f"returns/scenario-{n:05d}"
    return ScenarioOutcome(scenario=name, title=name,
                           before=result(name, FROM, failed=pre_existing, actual=actual, seconds=30.0 + n, said=said,
                                         unchecked=unchecked),
                           after=result(name, TO, failed=regression or pre_existing, actual=actual, seconds=45.5 + n,
                                        said=said, unchecked=unchecked))


def matrix(pairs: list[tuple[str, str]], failing: dict[str, set[str]], scenarios: list[str],
           unchecked: dict[str, str] | None = None) -> Matrix:
    """A matrix: every scenario on every pair, failing where ``failing[pair]`` names it.

    ``unchecked``: scenario -> the check it asks for that no run could make (``CHECK: not checked: WHY``).
    """
    cells = []
    for magento, lightspeed in pairs:
        pair = f"magento@{magento}-lightspeed@{lightspeed}"
        bad = failing.get(pair, set())
        runs = tuple((s, "failed" if s in bad else "passed", None if s in bad else 60.0) for s in scenarios)
        cells.append(Cell(pair=pair, magento=magento, lightspeed=lightspeed, profiles=(),
                          passed=len(scenarios) - len(bad), failed=tuple((s, f"{s} failed") for s in sorted(bad)),
                          seconds=1.0, scenarios=runs,
                          unchecked=tuple((s, note) for s, note in sorted((unchecked or {}).items()))))
    return Matrix(connector="reference", cells=tuple(cells))
