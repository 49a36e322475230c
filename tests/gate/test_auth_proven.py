"""An auth change blocks unless the connector's own --to runs show its calls still authenticate."""

from __future__ import annotations

from typing import Any

from stockgate.diff import Severity, diff_versions
from stockgate.gate.proven import auth_proven
from stockgate.scenarios.model import ScenarioResult


class _Calls:
    def __init__(self, calls: set[str]) -> None:
        self.calls = calls

    def operations(self, platform: str, version: str) -> set[str]:
        return self.calls if (platform, version) == ("magento", "2.4.8") else set()


def _result(status: str) -> ScenarioResult:
    return ScenarioResult(scenario="s", title="t", pair="p", status=status, findings=(), convergence_seconds=None,
                          requests={})


def _signature(results: list[ScenarioResult], calls: set[str]) -> Any:
    report, _ = diff_versions("magento@2.4.7", "magento@2.4.8")
    report = auth_proven(report, results, _Calls(calls), "2.4.8")
    (change,) = [c for c in report.changes if c.field == "auth.oauth1_signature"]
    return change


def test_all_passing_with_calls_makes_it_risky_and_says_why() -> None:
    change = _signature([_result("passed")] * 3, {"GET /V1/products"})
    assert change.severity is Severity.RISKY and "every scenario passed on magento@2.4.8" in change.why


def test_a_failing_scenario_keeps_it_breaking() -> None:
    assert _signature([_result("passed"), _result("failed")], {"GET /V1/products"}).severity is Severity.BREAKING


def test_no_calls_to_the_platform_prove_nothing() -> None:
    assert _signature([_result("passed")], set()).severity is Severity.BREAKING
