"""What gate.html and matrix.html hold, read back as HTML: badge first, blocking first, folds, heat map counts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from stockgate.reports import gate as gate_reports
from stockgate.reports import matrix as matrix_reports
from tests.reports import builders as b


class _Tags(HTMLParser):
    """Start tags in order (tag, attributes) and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _mixed() -> str:
    outcomes = [b.outcome(1), b.outcome(2, pre_existing=True), b.outcome(3, regression=True)]
    findings = [b.finding(2, blocking=False, state="pre-existing"), b.finding(3, blocking=True, actual="<script>")]
    return gate_reports.html_report(b.gate(outcomes, findings))


def test_gate_html_opens_with_the_verdict_badge() -> None:
    body = _tags(_mixed())
    first = next(i for i, (tag, _) in enumerate(body) if tag == "body") + 1
    assert body[first] == ("header", {"id": "verdict", "class": "verdict fail"}), body[first]
    assert re.search(r'<span class="badge">FAIL</span>', _mixed())


def test_gate_html_blocking_first_pre_existing_folded() -> None:
    html = _mixed()
    blocking, folded = html.index('id="blocking"'), html.index('id="pre-existing"')
    assert blocking < folded
    pre = html[folded:html.index("</section>", folded)]
    assert "<details>" in pre and "Pre-existing: 1" in pre and "returns/scenario-00002" in pre
    assert "returns/scenario-00002" not in html[blocking:folded]
    assert "&lt;script&gt;" in html and "<script>" not in html  # autoescaped


def test_gate_html_charts_convergence_on_both_sides() -> None:
    svg = _mixed().split('<svg class="chart"', 1)[1].split("</svg>", 1)[0]
    assert svg.count("<rect") == 3  # 1 converged on both sides, 3 on --from only, 2 on neither
    assert "--to: did not converge" in svg and "returns/scenario-00001, --from" in svg


def test_matrix_html_heat_map_counts_failures_per_folder_and_pair() -> None:
    scenarios = ["returns/a", "returns/b", "per-location/c"]
    m = b.matrix([("2.4.8", "2026-07"), ("2.4.9", "2026-07")],
                 {"magento@2.4.9-lightspeed@2026-07": {"returns/a", "returns/b"}}, scenarios)
    html = matrix_reports.html_report(m)
    heat = html.split('<table class="heat">', 1)[1].split("</table>", 1)[0]
    returns = heat.split("returns/</td>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'class="(h\d|none)"[^>]*>(\d+/\d+)<', returns) == [("h0", "0/2"), ("h4", "2/2")]
    assert _tags(html)[next(i for i, (t, _) in enumerate(_tags(html)) if t == "body") + 1][1]["id"] == "verdict"
    assert "FAIL" in html.split("</header>", 1)[0]


def test_matrix_html_from_files_without_scenario_results_says_so() -> None:
    m = b.matrix([("2.4.8", "2026-07")], {"magento@2.4.8-lightspeed@2026-07": {"returns/a"}}, ["returns/a"])
    old = b.Matrix(connector=m.connector, cells=tuple(b.Cell(**{**_fields(c), "scenarios": ()}) for c in m.cells))
    html = matrix_reports.html_report(old)
    assert "written before stockgate kept every scenario" in html and '<table class="heat">' not in html
    assert "returns/a" in html  # the failing list still names it


def _fields(cell: b.Cell) -> dict[str, object]:
    return {name: getattr(cell, name) for name in cell.__dataclass_fields__}
