"""The compatibility matrix as Markdown, HTML, JUnit XML (the JSON is :meth:`Matrix.to_json`)."""

from __future__ import annotations

from collections.abc import Callable
from xml.etree import ElementTree as ET

from stockgate.gate.matrix import Matrix, as_grid
from stockgate.reports.pages import junit_class

FORMATS: dict[str, tuple[str, Callable[[Matrix], str]]] = {}


def _format(name: str, filename: str) -> Callable[[Callable[[Matrix], str]], Callable[[Matrix], str]]:
    def add(fn: Callable[[Matrix], str]) -> Callable[[Matrix], str]:
        if name in FORMATS:
            raise ValueError(f"duplicate matrix format {name!r}")
        FORMATS[name] = (filename, fn)
        return fn
    return add


@_format("json", "matrix.json")
def as_json(matrix: Matrix) -> str:
    """The mergeable matrix file."""
    return matrix.to_json()


@_format("md", "matrix.md")
def markdown(matrix: Matrix) -> str:
    """A grid (Magento rows, Lightspeed columns), then the failing scenarios per cell."""
    rows, cols, grid = as_grid(matrix)
    ok = sum(1 for c in matrix.cells if c.ok)
    lines = [f"## Compatibility matrix: connector `{matrix.connector}`", "",
             f"**{ok} of {len(matrix.cells)} version pairs pass.**", "",
             "| Magento \\ Lightspeed | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for row in rows:
        cells = []
        for col in cols:
            cell = grid.get((row, col))
            cells.append("" if cell is None else f"✅ {cell.passed}" if cell.ok else f"❌ {len(cell.failed)} failing")
        lines.append(f"| {row} | " + " | ".join(cells) + " |")
    failing = [c for c in matrix.cells if not c.ok]
    if failing:
        lines += ["", "### Failing scenarios", ""]
        for cell in failing:
            lines += [f"- **{cell.pair}**"] + [f"  - `{s}`: {why.replace('|', '/')}" for s, why in cell.failed]
    return "\n".join(lines) + "\n"


@_format("html", "matrix.html")
def html_report(matrix: Matrix) -> str:
    """One self-contained page (``templates/matrix.html.j2``), the verdict badge first.

    Then the version grid, the scenario x pair heat map, convergence per scenario, the failing scenarios.
    """
    from stockgate.reports import matrix_html
    from stockgate.reports.pages import render

    return render("matrix.html.j2", matrix_html.view(matrix))


@_format("junit", "matrix-junit.xml")
def junit(matrix: Matrix) -> str:
    """One testsuite per pair; one failing testcase per failing scenario, one passing case for the rest."""
    root = ET.Element("testsuites", name=f"stockgate matrix {matrix.connector}")
    for cell in matrix.cells:
        suite = ET.SubElement(root, "testsuite", name=cell.pair, tests=str(cell.passed + len(cell.failed)),
                              failures=str(len(cell.failed)), time=str(cell.seconds))
        for scenario, why in cell.failed:
            case = ET.SubElement(suite, "testcase", classname=junit_class("matrix", cell.pair), name=scenario)
            ET.SubElement(case, "failure", message=why[:200]).text = why
        if cell.passed:
            ET.SubElement(suite, "testcase", classname=junit_class("matrix", cell.pair),
                          name=f"{cell.passed} passing scenarios")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
