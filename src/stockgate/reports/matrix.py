"""The compatibility matrix as Markdown, HTML, JUnit XML (the JSON is :meth:`Matrix.to_json`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree as ET

from stockgate.gate.matrix import Cell, Matrix, as_grid
from stockgate.gate.model import split_unchecked
from stockgate.reports.gate import UNCHECKED_WHY, unchecked_properties
from stockgate.reports.pages import junit_class

SHOWN_PAIRS = 5  # pairs a "not checked" line names before "and N more"

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


def unchecked_rows(matrix: Matrix) -> list[dict[str, Any]]:
    """Each check a scenario asks for that some run could not make: the pairs it was not made on, and why."""
    pairs: dict[tuple[str, str, str], list[str]] = {}
    for cell in matrix.cells:
        for scenario, note in cell.unchecked:
            on = pairs.setdefault((scenario, *split_unchecked(note)), [])
            if cell.pair not in on:
                on.append(cell.pair)
    rows = []
    for (scenario, check, why), on in pairs.items():
        ran = sum(1 for c in matrix.cells if any(run[0] == scenario for run in c.scenarios)) or len(matrix.cells)
        named = "" if len(on) == ran else ": " + ", ".join(on[:SHOWN_PAIRS]) + (
            f" and {len(on) - SHOWN_PAIRS} more" if len(on) > SHOWN_PAIRS else "")
        rows.append({"scenario": scenario, "check": check, "why": why, "pairs": on,
                     "where": f"{len(on)} of {ran} pairs{named}"})
    return rows


def not_checked(cell: Cell) -> int:
    """How many scenarios of a cell ran without a check they ask for."""
    return len({scenario for scenario, _note in cell.unchecked})


def _md_cell(cell: Cell | None) -> str:
    if cell is None:
        return ""
    text = f"✅ {cell.passed}" if cell.ok else f"❌ {len(cell.failed)} failing"
    return text + (f" ({not_checked(cell)} not checked)" if cell.unchecked else "")


def _md_unchecked(matrix: Matrix) -> list[str]:
    rows = unchecked_rows(matrix)
    if not rows:
        return []
    return ["", "### Not checked", "", f"{UNCHECKED_WHY[0].upper()}{UNCHECKED_WHY[1:]}:", "",
            *(f"- `{r['scenario']}` {r['check']}, not made on {r['where']}: {r['why'].replace('|', '/')}"
              for r in rows)]


@_format("md", "matrix.md")
def markdown(matrix: Matrix) -> str:
    """A grid (Magento rows, Lightspeed columns), the checks not made, then the failing scenarios per cell."""
    rows, cols, grid = as_grid(matrix)
    ok = sum(1 for c in matrix.cells if c.ok)
    lines = [f"## Compatibility matrix: connector `{matrix.connector}`", "",
             f"**{ok} of {len(matrix.cells)} version pairs pass.**", "",
             "| Magento \\ Lightspeed | " + " | ".join(cols) + " |", "|---|" + "---|" * len(cols)]
    for row in rows:
        lines.append(f"| {row} | " + " | ".join(_md_cell(grid.get((row, col))) for col in cols) + " |")
    lines += _md_unchecked(matrix)
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
    """One testsuite per pair; one failing testcase per failing scenario, one passing case for the rest.

    A check a run could not make is a ``stockgate.unchecked`` property and a ``stockgate:`` line of
    system-out on the testcase holding that run (``SCENARIO: CHECK: not checked: WHY`` on the passing case).
    """
    root = ET.Element("testsuites", name=f"stockgate matrix {matrix.connector}")
    for cell in matrix.cells:
        suite = ET.SubElement(root, "testsuite", name=cell.pair, tests=str(cell.passed + len(cell.failed)),
                              failures=str(len(cell.failed)), time=str(cell.seconds))
        failing = {scenario for scenario, _why in cell.failed}
        for scenario, why in cell.failed:
            case = ET.SubElement(suite, "testcase", classname=junit_class("matrix", cell.pair), name=scenario)
            notes = [n for s, n in cell.unchecked if s == scenario]
            unchecked_properties(case, notes)
            ET.SubElement(case, "failure", message=why[:200]).text = why
            _system_out(case, notes)
        if cell.passed:
            case = ET.SubElement(suite, "testcase", classname=junit_class("matrix", cell.pair),
                                 name=f"{cell.passed} passing scenarios")
            notes = [f"{s}: {n}" for s, n in cell.unchecked if s not in failing]
            unchecked_properties(case, notes)
            _system_out(case, notes)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _system_out(case: ET.Element, notes: list[str]) -> None:
    """The checks not made in a testcase's runs as ``stockgate:`` lines of its system-out (none: nothing)."""
    if notes:
        ET.SubElement(case, "system-out").text = "\n".join(f"stockgate: {note}" for note in notes)
