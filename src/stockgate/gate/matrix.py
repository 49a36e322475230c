"""The compatibility matrix: the scenario catalog on every version pair (and profile), in parallel.

What a connector vendor publishes and a merchant checks before upgrading: for one connector, each
Magento x Lightspeed cell passes or fails, with the failing scenarios and their first finding. Cells
run in worker processes (``jobs``); CI can split the pairs across jobs (``shard``) and merge the
JSON files afterwards (:func:`merge`). A cell is one pair run on its own, not an upgrade between two
pairs, so the matrix has no direction and nothing to call a downgrade; that is the gate's question.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from stockgate import __version__
from stockgate.errors import DataError
from stockgate.scenarios.model import Pair


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """One pair's result: counts, and each failing scenario with its first finding."""

    pair: str
    magento: str
    lightspeed: str
    profiles: tuple[str, ...]
    passed: int
    failed: tuple[tuple[str, str], ...]  # (scenario, first finding or error)
    seconds: float
    # every scenario that ran: (scenario, status, convergence seconds or None), for the report's heat map and
    # chart; () in matrix files written before it was kept
    scenarios: tuple[tuple[str, str, float | None], ...] = ()
    # each check a scenario asks for that its run could not make: (scenario, "CHECK: not checked: WHY"); () in
    # matrix files written before it was kept
    unchecked: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        """Every applicable scenario passed."""
        return not self.failed


@dataclass(frozen=True, slots=True, kw_only=True)
class Matrix:
    """Every cell of one connector's matrix."""

    connector: str
    cells: tuple[Cell, ...]
    stockgate_version: str = __version__

    @property
    def ok(self) -> bool:
        """Every cell passed."""
        return all(c.ok for c in self.cells)

    def to_json(self) -> str:
        """The matrix file (``matrix_format: 1``), cells in a stable order."""
        cells = [asdict(c) for c in sorted(self.cells, key=lambda c: c.pair)]
        return json.dumps({"matrix_format": 1, "connector": self.connector, "stockgate_version":
                           self.stockgate_version, "ok": self.ok, "cells": cells}, indent=2) + "\n"


def run_cell(pair: Pair, dirs: tuple[Path, ...], patterns: tuple[str, ...], connector: str) -> Cell:
    """One pair (top level: it runs in a worker process)."""
    from stockgate.scenarios.loader import discover
    from stockgate.scenarios.runner import run_all

    started = time.monotonic()
    scenarios = discover(list(dirs) or None, list(patterns) or None)
    results = asyncio.run(run_all(scenarios, [pair], connector))
    failed = tuple((r.scenario, r.error or (r.findings[0].line() if r.findings else r.status))
                   for r in results if not r.passed)
    profiles = tuple(p for p in (pair.magento_profile, pair.lightspeed_profile) if p != "default")
    ran = tuple((r.scenario, r.status, r.convergence_seconds) for r in results)
    unchecked = tuple((r.scenario, note) for r in results for note in r.unchecked)
    return Cell(pair=str(pair), magento=pair.magento, lightspeed=pair.lightspeed, profiles=profiles,
                passed=sum(1 for r in results if r.passed), failed=failed, seconds=round(time.monotonic() - started, 1),
                scenarios=ran, unchecked=unchecked)


def run_matrix(pairs: Iterable[Pair], *, connector: str = "reference", dirs: tuple[Path, ...] = (),
               patterns: tuple[str, ...] = (), jobs: int = 1, on_cell: Callable[[Cell], None] | None = None) -> Matrix:
    """Every pair; cells arrive in completion order (``on_cell``), the matrix is sorted."""
    pairs = list(pairs)
    cells: list[Cell] = []
    if jobs > 1 and len(pairs) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(pairs))) as pool:
            futures = [pool.submit(run_cell, pair, dirs, patterns, connector) for pair in pairs]
            for future in as_completed(futures):
                cells.append(future.result())
                if on_cell:
                    on_cell(cells[-1])
    else:
        for pair in pairs:
            cells.append(run_cell(pair, dirs, patterns, connector))
            if on_cell:
                on_cell(cells[-1])
    return Matrix(connector=connector, cells=tuple(sorted(cells, key=lambda c: c.pair)))


def shard(pairs: list[Pair], spec: str) -> list[Pair]:
    """``K/N``: the K-th of N slices of ``pairs`` (1-based), for splitting a matrix across CI jobs."""
    k, _, n = spec.partition("/")
    if not (k.isdigit() and n.isdigit() and 1 <= int(k) <= int(n)):
        from stockgate.errors import UsageError

        raise UsageError(f"--shard {spec}: expected K/N with 1 <= K <= N, e.g. 2/5")
    return pairs[int(k) - 1::int(n)]


def merge(paths: Iterable[Path]) -> Matrix:
    """One matrix from several matrix files (the shards of one connector's matrix)."""
    cells: dict[str, Cell] = {}
    connector = ""
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("matrix_format") != 1:
                raise ValueError(f"matrix_format {data.get('matrix_format')!r}")
            connector = connector or data["connector"]
            if data["connector"] != connector:
                raise ValueError(f"connector {data['connector']!r}, the others {connector!r}")
            for raw in data["cells"]:
                cell = Cell(**{**raw, "profiles": tuple(raw["profiles"]),
                               "failed": tuple(tuple(f) for f in raw["failed"]),
                               "scenarios": tuple(tuple(r) for r in raw.get("scenarios", ())),
                               "unchecked": tuple((str(s), str(n)) for s, n in raw.get("unchecked", ()))})
                cells[cell.pair] = cell
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise DataError(f"not a matrix file ({exc})", where=str(path),
                            hint="merge the matrix.json files `stockgate matrix` wrote") from None
    return Matrix(connector=connector, cells=tuple(sorted(cells.values(), key=lambda c: c.pair)))


def as_grid(matrix: Matrix) -> tuple[list[str], list[str], dict[tuple[str, str], Cell]]:
    """Magento rows, Lightspeed columns (with profiles), and the cell at each."""
    from stockgate.scenarios.model import version_key

    rows = sorted({c.magento + "".join(f"+{p}" for p in c.profiles if not p.startswith("registers-"))
                   for c in matrix.cells}, key=lambda v: version_key("magento", v.split("+")[0]))
    cols = sorted({c.lightspeed + "".join(f"+{p}" for p in c.profiles if p.startswith("registers-"))
                   for c in matrix.cells}, key=lambda v: version_key("lightspeed", v.split("+")[0]))
    grid: dict[tuple[str, str], Cell] = {}
    for c in matrix.cells:
        row = c.magento + "".join(f"+{p}" for p in c.profiles if not p.startswith("registers-"))
        col = c.lightspeed + "".join(f"+{p}" for p in c.profiles if p.startswith("registers-"))
        grid[(row, col)] = c
    return rows, cols, grid


def summary(matrix: Matrix) -> dict[str, Any]:
    """Counts for the console."""
    return {"cells": len(matrix.cells), "ok": sum(1 for c in matrix.cells if c.ok),
            "failing": sum(1 for c in matrix.cells if not c.ok)}
