"""The gate's console: short when nothing new blocks, every finding with --verbose; the files stay complete."""

from __future__ import annotations

import json
from pathlib import Path

from stockgate.reports.console import WHOLE, gate_lines
from stockgate.reports.gate import FORMATS
from tests.reports.builders import finding, gate, outcome

DETAIL = Path("reports/gate.md")


def _gate(pre_existing: int = 150, new: int = 2):  # type: ignore[no-untyped-def]
    rows = [finding(n, blocking=True) for n in range(new)]
    rows += [finding(1000 + n, blocking=False, state="pre-existing") for n in range(pre_existing)]
    outcomes = [outcome(n, regression=True) for n in range(new)]
    outcomes += [outcome(1000 + n, pre_existing=True) for n in range(pre_existing)]
    return gate(outcomes, rows)


def test_pre_existing_findings_are_one_summary_line_and_new_ones_are_whole() -> None:
    result = _gate()
    lines = gate_lines(result, verbose=False, detail=DETAIL)
    assert len(lines) <= 5, lines
    assert lines[0] == "findings: 2 new (2 blocking), 150 pre-existing"
    assert sum(1 for line in lines if "returns/scenario-00000" in line and "BLOCKS" in line) == 1
    (summary,) = [line for line in lines if line.startswith("  pre-existing:")]
    assert "150 finding(s) in 150 subject(s)" in summary and "not caused by the upgrade" in summary
    assert "and 147 more" in summary and str(DETAIL) in summary and "--verbose" in summary


def test_verbose_prints_every_finding() -> None:
    lines = gate_lines(_gate(), verbose=True, detail=DETAIL)
    assert sum(1 for line in lines if line.lstrip().startswith(("[", "(not blocking) ["))) == 152
    assert not [line for line in lines if line.startswith("  pre-existing:")]


def test_a_blocking_pre_existing_finding_is_shown_whole() -> None:
    rows = [finding(7, blocking=True, state="pre-existing")]
    rows += [finding(n, blocking=False, state="pre-existing") for n in range(8, 8 + WHOLE + 1)]
    lines = gate_lines(gate([outcome(n, pre_existing=True) for n in range(7, 8 + WHOLE + 1)], rows), verbose=False,
                       detail=DETAIL)
    assert any("BLOCKS pre-existing" in line and "scenario-00007" in line for line in lines), lines
    assert any(line.startswith(f"  pre-existing: {WHOLE + 1} finding(s)") for line in lines), lines


def test_a_few_findings_of_a_state_are_printed_whole() -> None:
    lines = gate_lines(_gate(pre_existing=WHOLE, new=0), verbose=False, detail=DETAIL)
    assert sum(1 for line in lines if line.startswith("  (not blocking) [")) == WHOLE, lines


def test_the_json_evidence_keeps_every_finding() -> None:
    result = _gate()
    data = json.loads(FORMATS["json"].render(result))
    assert len(data["findings"]) == 152
