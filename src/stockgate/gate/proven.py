"""Contract changes the connector's own runs on ``--to`` show it copes with."""

from __future__ import annotations

import dataclasses
from typing import Any

from stockgate.diff import Severity
from stockgate.diff.model import DiffReport
from stockgate.gate.model import failures
from stockgate.scenarios.model import ScenarioResult


def auth_proven(report: DiffReport, results: list[ScenarioResult], observed: Any, version: str,
                before: list[ScenarioResult] | None = None) -> DiffReport:
    """A breaking auth change the connector's own --to runs show it copes with is risky, not blocking.

    An authentication change "concerns every connector", but whether it breaks one is decided by
    whether its calls are still accepted: when the connector called the platform on --to and no
    scenario failed there in a way it did not already fail on --from (``before``: every --to finding
    pre-existing, by the gate's finding identity), its calls authenticated under the new rule. A
    defect wrong on both versions is not the auth change's doing.
    """
    calls = observed.operations(report.platform, version)
    if not results or not calls:
        return report
    old = {r.scenario: failures(r) for r in before or ()}
    new_failures = [r for r in results if not r.passed
                    and (before is None or set(failures(r)) - set(old.get(r.scenario, {})))]
    if new_failures:
        return report
    failing = sum(1 for r in results if not r.passed)
    why = (f"every scenario passed on {report.platform}@{version} with the connector's calls to "
           f"{len(calls)} operation(s) authenticated under the new rule; check edge cases the scenarios do not make"
           if not failing else
           f"the connector's calls to {len(calls)} operation(s) on {report.platform}@{version} authenticated under "
           f"the new rule; the {failing} scenario(s) failing there fail alike before the upgrade (pre-existing); "
           f"check edge cases the scenarios do not make")
    changes = tuple(dataclasses.replace(c, severity=Severity.RISKY, why=why)
                    if c.rule == "behaviour-auth-changed" and c.severity is Severity.BREAKING else c
                    for c in report.changes)
    return dataclasses.replace(report, changes=changes)
