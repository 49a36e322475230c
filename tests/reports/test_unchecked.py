"""Checks a scenario asks for that a run could not make are in every gate and matrix report, with why.

A pass without ``then.reported`` (a connector that declares no reporting hook) says nothing about what the
connector reports: gate.md, gate.html, gate.json, junit.xml, matrix.md/html/json and matrix-junit.xml name
each such check per scenario, the sides or pairs it was not made on, and the reason the runner gave.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from stockgate.cli import main
from stockgate.gate.matrix import merge, run_cell
from stockgate.reports import gate as gate_reports
from stockgate.reports import matrix as matrix_reports
from stockgate.scenarios.model import Pair
from tests.reports import builders as b

WHY = "the connector does not declare that it reports it (a python: class: reports = (\"KIND\", ...))"
WHY_HEAD = "the connector does not declare that it reports it"
REPORTED = f"then.reported unmatched-product: not checked: {WHY}"
GITHUB_COMMENT_LIMIT = 65_536
NO_HOOK = "python:tests.connectors.indie.connector:Connector"  # a correct connector that declares no reporting hook


def _gate(unchecked: tuple[str, ...] = (REPORTED,)) -> b.GateResult:
    """Scenario 1 passes, 2 passes without ``unchecked`` on both sides, 3 regresses."""
    outcomes = [b.outcome(1), b.outcome(2, unchecked=unchecked), b.outcome(3, regression=True)]
    return b.gate(outcomes, [b.finding(3, blocking=True)])


def _row(text: str, scenario: str) -> str:
    """The first table row naming ``scenario``."""
    return next(line for line in text.splitlines() if line.startswith(f"| {scenario} "))


def test_gate_md_names_each_check_not_made_per_scenario_and_why() -> None:
    md = gate_reports.markdown(_gate())
    assert "Not checked: 1 check in 1 scenario" in md, md
    section = md.split("Not checked: ", 1)[1].split("<details><summary>Scenarios", 1)[0]
    row = _row(section, "returns/scenario-00002")
    assert "then.reported unmatched-product" in row and "--from, --to" in row and WHY_HEAD in row
    assert "returns/scenario-00001" not in section and "PASSED*" in section
    scenarios = md.split("<details><summary>Scenarios", 1)[1]
    assert re.search(r"\| returns/scenario-00002 \| passed\* \| passed\* \| passed \|", scenarios), scenarios
    assert re.search(r"\| returns/scenario-00001 \| passed \| passed \| passed \|", scenarios), scenarios


def test_gate_md_without_unchecked_checks_has_no_such_section() -> None:
    md = gate_reports.markdown(_gate(unchecked=()))
    assert "Not checked" not in md and "passed*" not in md


def test_gate_json_lists_each_check_not_made() -> None:
    data = json.loads(gate_reports.evidence(_gate()))
    assert data["unchecked"] == [{"scenario": "returns/scenario-00002", "check": "then.reported unmatched-product",
                                  "why": WHY, "sides": ["from", "to"]}]
    (two,) = [s for s in data["scenarios"] if s["scenario"] == "returns/scenario-00002"]
    assert two["to"]["unchecked"] == [REPORTED]
    assert json.loads(gate_reports.evidence(_gate(unchecked=())))["unchecked"] == []


def _cases(xml: str) -> dict[str, ET.Element]:
    root = ET.fromstring(xml.split("\n", 1)[1])
    return {str(case.get("name")): case for case in root.iter("testcase")}


def test_junit_carries_each_check_not_made_as_a_property_and_an_output_line() -> None:
    cases = _cases(gate_reports.junit(_gate()))
    case = cases[f"returns/scenario-00002[{b.TO}]"]
    props = [(p.get("name"), p.get("value")) for p in case.iter("property")]
    assert props == [("stockgate.unchecked", REPORTED)], props
    out = case.findtext("system-out") or ""
    assert f"stockgate: {REPORTED}" in out, out
    assert case.find("failure") is None and case.find("skipped") is None  # still a pass
    assert not list(cases[f"returns/scenario-00001[{b.TO}]"].iter("property"))


def test_gate_html_shows_checks_not_made_near_the_verdict_and_in_a_section() -> None:
    html = gate_reports.html_report(_gate())
    top = html.split("<h2>Findings</h2>", 1)[0]
    assert 'class="unchecked-note"' in top and "Not checked: 1 check in 1 scenario (then.reported)" in top
    assert "says nothing about them" in top
    section = html.split('id="unchecked"', 1)[1].split("</section>", 1)[0]
    assert "returns/scenario-00002" in section and "then.reported unmatched-product" in section
    assert "the connector does not declare that it reports it" in section and "returns/scenario-00001" not in section
    scenarios = html.split("<h2>Scenarios</h2>", 1)[1]
    assert re.search(r"<td>returns/scenario-00002</td><td class=\"pass\"[^>]*>passed\*</td>", scenarios), scenarios
    plain = gate_reports.html_report(_gate(unchecked=()))
    assert 'id="unchecked"' not in plain and "unchecked-note" not in plain.split("<style>")[0] + \
        plain.split("</style>", 1)[1]


def _huge() -> b.GateResult:
    """5,000 findings with 3 KB values and 3,000 scenarios, each with a check not made on both sides."""
    big = "x" * 3_000
    findings = [b.finding(n, blocking=False, state="pre-existing", actual=big) for n in range(4_999)]
    findings.append(b.finding(99_999, blocking=True, actual="the one that blocks"))
    outcomes = [b.outcome(n, pre_existing=n % 2 == 0, actual=big, unchecked=(REPORTED,)) for n in range(3_000)]
    return b.gate(outcomes, findings)


def test_a_huge_gate_md_with_checks_not_made_still_fits_and_says_how_many_it_shows() -> None:
    md = gate_reports.markdown(_huge())
    assert len(md.encode("utf-16-le")) // 2 <= GITHUB_COMMENT_LIMIT, len(md)
    notice = re.search(r"(\d[\d,]*) of 3,000 checks not made", md)
    assert notice and 0 < int(notice.group(1).replace(",", "")) < 3_000, md[:2_000]
    assert "Not checked: 3,000 checks in 3,000 scenarios" in md


def _matrix() -> b.Matrix:
    pairs = [("2.4.8", "2026-07"), ("2.4.9", "2026-07")]
    return b.matrix(pairs, {"magento@2.4.9-lightspeed@2026-07": {"returns/b"}}, ["returns/a", "returns/b"],
                    unchecked={"returns/a": REPORTED})


def test_matrix_md_names_the_check_not_made_and_its_pairs() -> None:
    md = matrix_reports.markdown(_matrix())
    assert "✅ 2 (1 not checked)" in md, md
    section = md.split("### Not checked", 1)[1]
    line = next(x for x in section.splitlines() if "`returns/a`" in x)
    assert "then.reported unmatched-product" in line and "2 of 2 pairs" in line and WHY_HEAD in line
    assert "Not checked" not in matrix_reports.markdown(b.matrix([("2.4.8", "2026-07")], {}, ["returns/a"]))


def test_matrix_html_marks_the_runs_and_lists_the_checks_not_made() -> None:
    html = matrix_reports.html_report(_matrix())
    section = html.split('id="unchecked"', 1)[1].split("</section>", 1)[0]
    assert "returns/a" in section and "then.reported unmatched-product" in section and "2 of 2 pairs" in section
    heat = html.split('<table class="heat">', 1)[1].split("</table>", 1)[0]
    row = heat.split('<td class="name">a</td>', 1)[1].split("</tr>", 1)[0]
    assert row.count("✓*") == 2 and "not checked: then.reported unmatched-product" in row, row
    assert "2 of 2 pass, 1 not checked" in html.split('<table class="grid">', 1)[1].split("</table>", 1)[0]
    assert 'id="unchecked"' not in matrix_reports.html_report(b.matrix([("2.4.8", "2026-07")], {}, ["returns/a"]))


def test_matrix_junit_and_json_carry_the_checks_not_made(tmp_path: Path) -> None:
    cases = _cases(matrix_reports.junit(_matrix()))
    passing = cases["1 passing scenarios"] if "1 passing scenarios" in cases else cases["2 passing scenarios"]
    props = [(p.get("name"), p.get("value")) for p in passing.iter("property")]
    assert ("stockgate.unchecked", f"returns/a: {REPORTED}") in props, props
    assert f"stockgate: returns/a: {REPORTED}" in (passing.findtext("system-out") or "")
    shard = tmp_path / "matrix.json"
    shard.write_text(_matrix().to_json())
    assert [c.unchecked for c in merge([shard]).cells] == [(("returns/a", REPORTED),)] * 2
    old = json.loads(shard.read_text())
    for cell in old["cells"]:
        del cell["unchecked"]  # a matrix file written before the checks not made were kept
    shard.write_text(json.dumps(old))
    assert [c.unchecked for c in merge([shard]).cells] == [(), ()]


SCENARIO = "variants/unmatched-sku-reported"  # then.reported: [unmatched-product]


def test_a_gate_of_a_connector_without_the_reporting_hook_says_so_in_every_report(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    code = main(["gate", "--from", "magento@2.4.8,lightspeed@2026-10", "--to", "magento@2.4.9,lightspeed@2026-10",
                 "--connector", NO_HOOK, "--scenario", SCENARIO, "--jobs", "1", "--report-dir", str(reports)])
    out = capsys.readouterr().out
    assert code == 0, out
    md = (reports / "gate.md").read_text()
    row = _row(md.split("Not checked: ", 1)[1], SCENARIO)
    assert "then.reported unmatched-product" in row and "does not declare that it reports it" in row, row
    data = json.loads((reports / "gate.json").read_text())
    assert [(u["scenario"], u["check"], u["sides"]) for u in data["unchecked"]] == [
        (SCENARIO, "then.reported unmatched-product", ["from", "to"])]
    case = _cases((reports / "junit.xml").read_text())[f"{SCENARIO}[magento@2.4.9-lightspeed@2026-10]"]
    assert [p.get("name") for p in case.iter("property")] == ["stockgate.unchecked"]
    html = (reports / "gate.html").read_text()
    assert SCENARIO in html.split('id="unchecked"', 1)[1].split("</section>", 1)[0]
    assert "gate.md" in out.split("not checked:", 1)[1].splitlines()[0]


def test_a_matrix_cell_of_a_connector_without_the_reporting_hook_keeps_the_checks_not_made() -> None:
    cell = run_cell(Pair(magento="2.4.9", lightspeed="2026-10"), (), (SCENARIO,), NO_HOOK)
    assert cell.ok, cell.failed
    ((scenario, note),) = cell.unchecked
    assert scenario == SCENARIO and note.startswith("then.reported unmatched-product: not checked: "), note


def test_the_matrix_console_names_the_scenarios_run_without_a_check_they_ask_for(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shard = tmp_path / "shard.json"
    shard.write_text(_matrix().to_json())
    code = main(["matrix", "--merge", str(shard), "--report-dir", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 1, out  # one pair fails returns/b
    (line,) = [x for x in out.splitlines() if "not checked" in x]
    assert "1 scenario(s)" in line and "returns/a" in line and "2 of 2 pair(s)" in line, line
    assert "matrix.md" in line, line
    plain = tmp_path / "plain.json"
    plain.write_text(b.matrix([("2.4.8", "2026-07")], {}, ["returns/a"]).to_json())
    assert main(["matrix", "--merge", str(plain), "--report-dir", str(tmp_path / "plain")]) == 0
    assert "not checked" not in capsys.readouterr().out
