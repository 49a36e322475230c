"""The view data ``matrix.html`` is rendered from (``templates/matrix.html.j2``): no HTML here, only what to show."""

from __future__ import annotations

from typing import Any

from stockgate.gate.matrix import Cell, Matrix, as_grid
from stockgate.gate.model import split_unchecked
from stockgate.reports.gate import UNCHECKED_WHY, counted
from stockgate.reports.matrix import not_checked, unchecked_rows
from stockgate.reports.pages import convergence_chart


def verdict(matrix: Matrix) -> dict[str, str]:
    """PASS when every pair passes, else FAIL with how many do not."""
    failing = sum(1 for c in matrix.cells if not c.ok)
    if not matrix.cells:
        return {"kind": "warn", "badge": "NO PAIRS", "headline": "The matrix holds no version pair."}
    if not failing:
        return {"kind": "pass", "badge": "PASS", "headline": f"All {len(matrix.cells)} version pairs pass."}
    return {"kind": "fail", "badge": "FAIL",
            "headline": f"{failing} of {len(matrix.cells)} version pairs fail: "
                        f"{sum(len(c.failed) for c in matrix.cells)} failing scenario runs."}


def _pairs(matrix: Matrix) -> list[Cell]:
    """The cells in the grid's order (Magento rows, then Lightspeed columns)."""
    rows, cols, grid = as_grid(matrix)
    return [grid[(r, c)] for r in rows for c in cols if (r, c) in grid]


def grid(matrix: Matrix) -> tuple[list[str], list[dict[str, Any]]]:
    """The Magento x Lightspeed grid: columns, and rows of cells (None where a pair did not run)."""
    rows, cols, cells = as_grid(matrix)
    out = []
    for row in rows:
        shown = []
        for col in cols:
            cell = cells.get((row, col))
            total = 0 if cell is None else cell.passed + len(cell.failed)
            unmade = f", {not_checked(cell)} not checked" if cell is not None and cell.unchecked else ""
            shown.append(None if cell is None else {"ok": cell.ok, "text": f"{cell.passed} of {total} pass{unmade}"})
        out.append({"name": row, "cells": shown})
    return cols, out


def _level(failed: int, ran: int) -> str:
    """The heat class of a folder on one pair: h0 (none failing) to h4 (over three quarters), none (none ran)."""
    if not ran:
        return "none"
    share = failed / ran
    return "h0" if not failed else "h1" if share <= .25 else "h2" if share <= .5 else "h3" if share <= .75 else "h4"


def _runs(cell: Cell) -> dict[str, dict[str, Any]]:
    """A cell's runs by scenario: passed or not, checks not made, and what to show on hover."""
    why = dict(cell.failed)
    missing: dict[str, list[str]] = {}
    for scenario, note in cell.unchecked:
        missing.setdefault(scenario, []).append(split_unchecked(note)[0])
    out = {}
    for name, status, seconds in cell.scenarios:
        title = why.get(name, f"{status}; converged in {seconds:g} s" if seconds is not None else status)
        checks = missing.get(name, [])
        out[name] = {"ok": status == "passed", "convergence": seconds, "unchecked": bool(checks),
                     "title": title + (f"; not checked: {', '.join(checks)}" if checks else "")}
    return out


def heat(matrix: Matrix) -> dict[str, Any]:
    """Scenarios (by folder) x pairs: each run passing or failing, folder rows with failing-of-run counts."""
    cells = _pairs(matrix)
    runs = [_runs(c) for c in cells]
    names = sorted({name for r in runs for name in r})
    folders: dict[str, list[str]] = {}
    for name in names:
        folders.setdefault(name.split("/", 1)[0] if "/" in name else "", []).append(name)
    out = []
    for folder, members in folders.items():
        counts = [(sum(1 for n in members if n in r and not r[n]["ok"]), sum(1 for n in members if n in r))
                  for r in runs]
        out.append({"name": folder, "total": sum(1 for failed, _ in counts if failed),
                    "cells": [{"failed": f, "ran": n, "level": _level(f, n), "title": f"{folder}: {f} of {n} failing"}
                              for f, n in counts],
                    "scenarios": [{"name": n.split("/", 1)[-1], "cells": [r.get(n) for r in runs],
                                   "total": sum(1 for r in runs if n in r and not r[n]["ok"])} for n in members]})
    return {"known": all(c.scenarios for c in cells) and bool(cells), "folders": out,
            "name_width": 26, "column_totals": [len(c.failed) for c in cells],
            "pairs": [{"pair": c.pair, "magento": c.magento, "lightspeed": c.lightspeed, "profiles": list(c.profiles)}
                      for c in cells]}


def chart(matrix: Matrix) -> dict[str, Any]:
    """Convergence per scenario: its fastest and its slowest pair."""
    times: dict[str, list[float]] = {}
    for cell in matrix.cells:
        for name, _status, seconds in cell.scenarios:
            times.setdefault(name, [])
            if seconds is not None:
                times[name].append(seconds)
    none = "no pair converged"
    rows = [(name, [min(t), max(t)] if t else [None, None], [none, none]) for name, t in sorted(times.items())]
    return convergence_chart("Convergence per scenario over every version pair",
                             [("fastest pair", "fastest"), ("slowest pair", "slowest")], rows)


def unchecked(matrix: Matrix) -> dict[str, Any]:
    """The checks scenarios ask for that some runs could not make: a summary for the first screen and the rows."""
    rows = unchecked_rows(matrix)
    runs = sum(len(r["pairs"]) for r in rows)
    summary = f"{counted(len(rows), 'check')} in {counted(len({r['scenario'] for r in rows}), 'scenario')}, " \
              f"{counted(runs, 'run')}" if rows else ""
    return {"summary": summary, "why": UNCHECKED_WHY.replace("`", ""), "rows": rows,
            "checks": sorted({str(r["check"]).split(" ")[0] for r in rows})}


def view(matrix: Matrix) -> dict[str, Any]:
    """Everything ``matrix.html.j2`` shows, in the order it shows it."""
    cols, rows = grid(matrix)
    return {"verdict": verdict(matrix), "connector": matrix.connector, "version": matrix.stockgate_version,
            "cols": cols, "grid": rows, "heat": heat(matrix), "chart": chart(matrix), "unchecked": unchecked(matrix),
            "failing": [{"pair": c.pair, "failed": list(c.failed)} for c in matrix.cells if not c.ok]}
