"""An auth change blocks unless the connector's own --to runs show its calls still authenticate."""

from __future__ import annotations

from typing import Any

from stockgate.diff import Severity, diff_versions
from stockgate.gate.proven import auth_proven
from stockgate.scenarios.model import Finding, ScenarioResult


class _Calls:
    def __init__(self, calls: set[str]) -> None:
        self.calls = calls

    def operations(self, platform: str, version: str) -> set[str]:
        return self.calls if (platform, version) == ("magento", "2.4.8") else set()


def _result(status: str, *findings: Finding, scenario: str = "s") -> ScenarioResult:
    return ScenarioResult(scenario=scenario, title="t", pair="p", status=status, findings=findings,
                          convergence_seconds=None, requests={})


def _finding(subject: str) -> Finding:
    return Finding(scenario="s", pair="p", check="then.sources", subject=subject, expected="8", actual="5")


def _signature(results: list[ScenarioResult], calls: set[str], before: list[ScenarioResult] | None = None) -> Any:
    report, _ = diff_versions("magento@2.4.7", "magento@2.4.8")
    report = auth_proven(report, results, _Calls(calls), "2.4.8", before)
    (change,) = [c for c in report.changes if c.field == "auth.oauth1_signature"]
    return change


def test_all_passing_with_calls_makes_it_risky_and_says_why() -> None:
    change = _signature([_result("passed")] * 3, {"GET /V1/products"})
    assert change.severity is Severity.RISKY and "every scenario passed on magento@2.4.8" in change.why


def test_a_failing_scenario_keeps_it_breaking() -> None:
    assert _signature([_result("passed"), _result("failed")], {"GET /V1/products"}).severity is Severity.BREAKING


def test_no_calls_to_the_platform_prove_nothing() -> None:
    assert _signature([_result("passed")], set()).severity is Severity.BREAKING


def test_a_scenario_failing_alike_on_both_sides_is_not_the_auth_changes_doing() -> None:
    """A defect wrong on both versions (pre-existing) must not make the auth change block every upgrade."""
    same = _finding("MUG-BLK@central")
    change = _signature([_result("passed"), _result("failed", same)], {"GET /V1/products"},
                        before=[_result("passed"), _result("failed", same)])
    assert change.severity is Severity.RISKY and "pre-existing" in change.why


def test_a_finding_new_on_to_keeps_it_breaking() -> None:
    change = _signature([_result("failed", _finding("MUG-BLK@central"), _finding("CAP-NVY@central"))],
                        {"GET /V1/products"}, before=[_result("failed", _finding("MUG-BLK@central"))])
    assert change.severity is Severity.BREAKING
