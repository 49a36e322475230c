"""Contract changes the connector's own runs on ``--to`` show it copes with."""

from __future__ import annotations

import dataclasses
from typing import Any

from stockgate.diff import Severity
from stockgate.diff.model import DiffReport
from stockgate.scenarios.model import ScenarioResult


def auth_proven(report: DiffReport, results: list[ScenarioResult], observed: Any, version: str) -> DiffReport:
    """A breaking auth change the connector's own --to runs show it copes with is risky, not blocking.

    An authentication change "concerns every connector", but whether it breaks one is decided by
    whether its calls are still accepted: when every scenario passed on --to and the connector called
    the platform there, each of those calls authenticated under the new rule.
    """
    calls = observed.operations(report.platform, version)
    if not results or not calls or not all(r.passed for r in results):
        return report
    why = (f"every scenario passed on {report.platform}@{version} with the connector's calls to "
           f"{len(calls)} operation(s) authenticated under the new rule; check edge cases the scenarios do not make")
    changes = tuple(dataclasses.replace(c, severity=Severity.RISKY, why=why)
                    if c.rule == "behaviour-auth-changed" and c.severity is Severity.BREAKING else c
                    for c in report.changes)
    return dataclasses.replace(report, changes=changes)
