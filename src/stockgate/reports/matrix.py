"""The compatibility matrix as Markdown, HTML, JUnit XML (the JSON is :meth:`Matrix.to_json`)."""

from __future__ import annotations

import html
from collections.abc import Callable
from xml.etree import ElementTree as ET

from stockgate.gate.matrix import Matrix, as_grid

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
    """One self-contained page."""
    e = html.escape
    rows, cols, grid = as_grid(matrix)
    head = "".join(f"<th>{e(c)}</th>" for c in cols)
    body = ""
    for row in rows:
        tds = ""
        for col in cols:
            cell = grid.get((row, col))
            if cell is None:
                tds += "<td></td>"
                continue
            title = e("\n".join(f"{s}: {why}" for s, why in cell.failed))
            tds += (f"<td class='{'pass' if cell.ok else 'fail'}' title='{title}'>"
                    f"{'pass' if cell.ok else e(f'{len(cell.failed)} failing')}</td>")
        body += f"<tr><th>{e(row)}</th>{tds}</tr>"
    details = "".join(f"<li><b>{e(c.pair)}</b><ul>" + "".join(f"<li><code>{e(s)}</code>: {e(w)}</li>"
                                                             for s, w in c.failed) + "</ul></li>"
                      for c in matrix.cells if not c.ok)
    return ("<!doctype html><html><head><meta charset='utf-8'><title>stockgate matrix</title><style>"
            "body{font:14px/1.4 system-ui,sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:.4em .8em}"
            "table{border-collapse:collapse}.pass{background:#e6f4ea}.fail{background:#fce8e6}</style></head><body>"
            f"<h1>Compatibility matrix</h1><p>connector <code>{e(matrix.connector)}</code>, stockgate "
            f"{e(matrix.stockgate_version)}</p><table><tr><th>Magento \\ Lightspeed</th>{head}</tr>{body}</table>"
            f"<ul>{details}</ul></body></html>\n")


@_format("junit", "matrix-junit.xml")
def junit(matrix: Matrix) -> str:
    """One testsuite per pair; one failing testcase per failing scenario, one passing case for the rest."""
    root = ET.Element("testsuites", name=f"stockgate matrix {matrix.connector}")
    for cell in matrix.cells:
        suite = ET.SubElement(root, "testsuite", name=cell.pair, tests=str(cell.passed + len(cell.failed)),
                              failures=str(len(cell.failed)), time=str(cell.seconds))
        for scenario, why in cell.failed:
            case = ET.SubElement(suite, "testcase", classname=f"matrix.{cell.pair}", name=scenario)
            ET.SubElement(case, "failure", message=why[:200]).text = why
        if cell.passed:
            ET.SubElement(suite, "testcase", classname=f"matrix.{cell.pair}", name=f"{cell.passed} passing scenarios")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
