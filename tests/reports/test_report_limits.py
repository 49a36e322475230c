"""gate.md fits a GitHub comment, JUnit class names keep versions' dots out, HTML pages hold what they promise."""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from stockgate.reports import gate as gate_reports
from stockgate.reports import matrix as matrix_reports
from tests.reports import builders as b

GITHUB_COMMENT_LIMIT = 65_536  # characters: GitHub refuses a longer issue or pull-request comment body


def _huge() -> b.GateResult:
    """5,000 findings (one blocking, far down the list) with 3 KB values and 3,000 scenarios."""
    big = "x" * 3_000
    findings = [b.finding(n, blocking=False, state="pre-existing", actual=big) for n in range(4_999)]
    findings.append(b.finding(99_999, blocking=True, actual="the one that blocks"))
    outcomes = [b.outcome(n, pre_existing=True, actual=big) for n in range(3_000)]
    return b.gate(outcomes, findings)


def test_gate_md_of_a_huge_result_fits_a_github_comment_and_says_what_it_left_out() -> None:
    md = gate_reports.markdown(_huge())
    assert len(md) <= GITHUB_COMMENT_LIMIT, len(md)
    assert len(md.encode("utf-16-le")) // 2 <= GITHUB_COMMENT_LIMIT  # also in UTF-16 code units (emoji count 2)
    assert "65,536" in md and "gate.json" in md and "not shown" in md
    notice = re.search(r"(\d[\d,]*) of 5,000 findings", md)
    assert notice, md[:2_000]
    first_row = next(line for line in md.splitlines() if line.startswith(("| **blocks**", "| breaking")))
    assert first_row.startswith("| **blocks**") and "the one that blocks" in first_row
    assert md.count("\n| ") > 20  # it kept what fits, not nothing
    assert md.rstrip().endswith("</details>") or md.rstrip().endswith("gate.html.")


def test_gate_md_that_fits_is_not_cut() -> None:
    result = b.gate([b.outcome(1, regression=True)], [b.finding(1, blocking=True)])
    md = gate_reports.markdown(result)
    assert "not shown" not in md and "65,536" not in md and "returns/scenario-00001" in md


def test_junit_class_names_carry_no_dot_inside_a_version() -> None:
    m = b.matrix([("2.4.8", "2026-07")], {"magento@2.4.8-lightspeed@2026-07": {"returns/a"}}, ["returns/a"])
    root = ET.fromstring(matrix_reports.junit(m).split("\n", 1)[1])
    names = {case.get("classname") for case in root.iter("testcase")}
    assert names == {"matrix.magento-2_4_8-lightspeed-2026-07"}, names



def test_gate_junit_class_names_carry_no_dot_inside_a_version() -> None:
    diff = b.GateFinding(kind="diff", severity=b.Severity.BREAKING, pair="magento 2.4.8 -> 2.4.9",
                         subject="POST /V1/inventory/source-items", field="sourceItems[].sku", expected="string",
                         actual="gone", todo="send it", fingerprint="f" * 12, blocking=True)
    root = ET.fromstring(gate_reports.junit(b.gate([b.outcome(1)], [diff])).split("\n", 1)[1])
    names = {case.get("classname") for case in root.iter("testcase")}
    assert "diff.magento-2_4_8-to-2_4_9" in names, names
    assert not [n for n in names if re.search(r"\d\.\d", n or "")], names
