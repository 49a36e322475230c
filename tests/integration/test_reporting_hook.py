"""then.reported is checked for every connector that reports through the hook, and listed as unchecked otherwise."""

from __future__ import annotations

import asyncio

from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.runner import run_scenario

BY_ID = {s.id: s for s in discover()}
PAIR = Pair(magento="2.4.8", lightspeed="2026-07")
OUTLET, UNMATCHED = "per-location/unmapped-outlet-reported", "variants/unmatched-sku-reported"


def _run(scenario: str, connector: str):  # type: ignore[no-untyped-def]
    return asyncio.run(run_scenario(BY_ID[scenario], PAIR, connector))


def test_a_connector_that_does_not_report_gets_reported_listed_as_unchecked_never_silently_passed() -> None:
    for scenario in (OUTLET, UNMATCHED):
        result = _run(scenario, "python:tests.connectors.idle:Idle")
        notes = [note for note in result.unchecked if note.startswith("then.reported")]
        assert notes, (scenario, result.status, result.unchecked)
        assert "does not declare" in notes[0] and "reports" in notes[0], notes


def test_a_connector_that_declares_reporting_and_reports_nothing_fails_both() -> None:
    for scenario in (OUTLET, UNMATCHED):
        result = _run(scenario, "python:tests.connectors.reporting:SaysItReports")
        assert result.status == "failed", (scenario, result.findings)
        assert [f.check for f in result.findings if f.check == "then.reported"] == ["then.reported"]


def test_a_reported_kind_is_checked_by_kind_and_others_stay_unchecked() -> None:
    passed = _run(UNMATCHED, "python:tests.connectors.reporting:ReportsUnmatched")
    assert not [f for f in passed.findings if f.check == "then.reported"], passed.findings
    assert not [n for n in passed.unchecked if n.startswith("then.reported")]
    assert any("reported unmatched-product" in line for line in passed.connector_output)
    other = _run(OUTLET, "python:tests.connectors.reporting:ReportsUnmatched")
    assert any(n.startswith("then.reported") and "unmapped-outlet" in n for n in other.unchecked), other.unchecked


def test_the_reference_connector_still_reports_through_the_hook() -> None:
    for scenario in (OUTLET, UNMATCHED):
        result = _run(scenario, "reference")
        assert result.passed and not [n for n in result.unchecked if n.startswith("then.reported")], result


def test_a_command_connector_reports_and_declares_through_the_report_file() -> None:
    declares = """command:echo '{"reports": ["unmatched-product"]}' >> "$STOCKGATE_REPORT\""""
    silent = _run(UNMATCHED, declares)
    assert [f.check for f in silent.findings if f.check == "then.reported"] == ["then.reported"], silent.findings
    reports = declares + """; echo '{"kind": "unmatched-product", "detail": "WRAP-1"}' >> "$STOCKGATE_REPORT\""""
    passed = _run(UNMATCHED, reports)
    assert not [f for f in passed.findings if f.check == "then.reported"], passed.findings
    assert any("reported unmatched-product: WRAP-1" in line for line in passed.connector_output)
    undeclared = _run(UNMATCHED, "command:true")
    assert any(n.startswith("then.reported unmatched-product") for n in undeclared.unchecked), undeclared.unchecked


def test_a_line_the_report_file_cannot_read_is_named_in_the_finding() -> None:
    garbled = """command:printf '{"reports": ["*"]}\\nunmatched-product\\n' >> "$STOCKGATE_REPORT\""""
    result = _run(UNMATCHED, garbled)
    (finding,) = [f for f in result.findings if f.check == "then.reported"]
    assert "STOCKGATE_REPORT line 2" in finding.hint and "'unmatched-product'" in finding.hint, finding


def test_a_reports_attribute_that_is_not_a_tuple_of_kinds_is_a_usage_error() -> None:
    import pytest

    from stockgate.adapters import adapter_for
    from stockgate.errors import UsageError

    with pytest.raises(UsageError, match="reports attribute is 'unmapped-outlet'; expected a tuple"):
        adapter_for("python:tests.connectors.reporting:BadDeclaration")
