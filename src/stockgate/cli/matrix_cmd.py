"""``stockgate matrix``: the catalog on every version pair, as a compatibility matrix."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from stockgate.cli.common import ProgressBar, require


def register(commands: Any) -> None:
    """Add ``matrix``."""
    matrix = commands.add_parser(
        "matrix", help="the scenario catalog on every version pair: a compatibility matrix",
        description="Run the catalog on every Magento x Lightspeed pair (and profile) and write matrix.json, "
        "matrix.md, matrix.html and matrix-junit.xml. Exit 0 when every pair passes, 1 otherwise.")
    matrix.add_argument("--magento", default="all", metavar="all|V,V", help="Magento versions (default: all)")
    matrix.add_argument("--lightspeed", default="all", metavar="all|V,V", help="Lightspeed versions (default: all)")
    matrix.add_argument("--profile", action="append", default=[], metavar="NAME",
                        help="also run under this configuration (repeatable; 'default' is always run)")
    matrix.add_argument("--connector", default="reference", metavar="SPEC",
                        help='reference (default), python:package.module:Class or command:"..."')
    matrix.add_argument("--scenarios", action="append", type=Path, metavar="DIR", help="scenario folders")
    matrix.add_argument("--scenario", action="append", metavar="GLOB", help="scenario ids, e.g. 'returns/*'")
    matrix.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: one per core)")
    matrix.add_argument("--shard", metavar="K/N", help="run only the K-th of N slices of the pairs (CI jobs)")
    matrix.add_argument("--merge", nargs="+", type=Path, metavar="FILE",
                        help="do not run: merge these matrix.json files (the shards) into one matrix")
    matrix.add_argument("--report-dir", type=Path, default=Path("reports"), metavar="DIR",
                        help="where the matrix files go (default: reports/)")
    matrix.set_defaults(run=run)


def _versions(text: str, platform: str) -> list[str]:
    from stockgate.contracts import load_index
    from stockgate.contracts.refs import Platform

    if text == "all":
        return [ref.version for ref in load_index().refs(Platform(platform))]
    return [v.strip() for v in text.split(",") if v.strip()]


def run(args: argparse.Namespace) -> int:
    """Run (or merge), write the files, print the grid's summary."""
    from stockgate.adapters import adapter_for
    from stockgate.cli.scenarios_run import pairs_for
    from stockgate.gate.matrix import merge, run_matrix, shard, summary
    from stockgate.reports.matrix import FORMATS
    from stockgate.safewrite import writable_dir, write_atomic
    from stockgate.scenarios.loader import discover

    writable_dir(args.report_dir, "--report-dir")  # before the grid's work, not after it
    require(args.jobs >= 1, f"--jobs {args.jobs}: expected 1 or more")
    if args.merge:
        matrix = merge(args.merge)
    else:
        adapter_for(args.connector)
        require(bool(discover(args.scenarios, args.scenario)), f"no scenario matches {' '.join(args.scenario or [])}")
        magento, lightspeed = _versions(args.magento, "magento"), _versions(args.lightspeed, "lightspeed")
        pairs = []
        for profile in dict.fromkeys(["default", *args.profile]):
            pairs += pairs_for(magento, lightspeed, [profile] if profile != "default" else [])
        pairs = list(dict.fromkeys(pairs))
        if args.shard:
            pairs = shard(pairs, args.shard)
        require(bool(pairs), f"--shard {args.shard}: this slice holds no pair")
        with ProgressBar(len(pairs), "pairs") as bar:
            matrix = run_matrix(pairs, connector=args.connector, dirs=tuple(args.scenarios or ()),
                                patterns=tuple(args.scenario or ()), jobs=args.jobs,
                                on_cell=lambda cell: bar.advance(cell.pair))
    for filename, render in FORMATS.values():
        write_atomic(args.report_dir / filename, render(matrix))
    for cell in matrix.cells:
        state = "ok  " if cell.ok else "FAIL"
        print(f"{state} {cell.pair}: {cell.passed} passed, {len(cell.failed)} failed"
              + (f" ({', '.join(s for s, _ in cell.failed)})" if cell.failed else ""))
    counts = summary(matrix)
    print(f"{counts['ok']} of {counts['cells']} pair(s) pass; reports in {args.report_dir}/ "
          f"({', '.join(f for f, _ in FORMATS.values())})")
    return 0 if matrix.ok else 1
