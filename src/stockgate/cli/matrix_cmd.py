"""``stockgate matrix``: the catalog on every version pair, as a compatibility matrix."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from stockgate.cli.common import (
    ProgressBar,
    add_contracts_dir,
    add_format,
    add_report_dir,
    add_scenarios,
    add_verbosity,
    require,
    version_of,
)
from stockgate.errors import UsageError


def register(commands: Any) -> None:
    """Add ``matrix``."""
    matrix = commands.add_parser(
        "matrix", help="the scenario catalog on every version pair: a compatibility matrix",
        description="Run the catalog on every Magento x Lightspeed pair (and profile) and write matrix.json, "
        "matrix.md, matrix.html and matrix-junit.xml. Exit 0 when every pair passes, 1 otherwise.")
    matrix.add_argument("--magento", default="all", metavar="all|V,V",
                        help="Magento versions, e.g. magento@2.4.8,2.4.9 (default: all)")
    matrix.add_argument("--lightspeed", default="all", metavar="all|V,V",
                        help="Lightspeed versions, e.g. lightspeed@2026-07,2026-10 (default: all)")
    matrix.add_argument("--profile", action="append", default=[], metavar="NAME",
                        help="also run under this configuration (repeatable; 'default' is always run)")
    matrix.add_argument("--connector", default="reference", metavar="SPEC",
                        help='reference (default), python:package.module:Class or command:"..."')
    add_scenarios(matrix)
    matrix.add_argument("--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes (default: one per core)")
    matrix.add_argument("--shard", metavar="K/N", help="run only the K-th of N slices of the pairs (CI jobs)")
    matrix.add_argument("--merge", nargs="+", type=Path, metavar="FILE",
                        help="do not run: merge these matrix.json files (the shards) into one matrix")
    add_report_dir(matrix, "matrix.json, matrix.md, matrix.html and matrix-junit.xml", Path("reports"))
    add_contracts_dir(matrix)
    add_format(matrix, "md")
    add_verbosity(matrix)
    matrix.set_defaults(run=run)


def _versions(text: str, platform: str) -> list[str]:
    from stockgate.contracts import load_index
    from stockgate.contracts.refs import Platform

    if text == "all":
        return [ref.version for ref in load_index().refs(Platform(platform))]
    try:
        return [version_of(platform, v) for v in text.split(",") if v.strip()]
    except argparse.ArgumentTypeError as exc:
        raise UsageError(f"--{platform} {text}: {exc}") from None


def run(args: argparse.Namespace) -> int:
    """Run (or merge), write the files, print the grid's summary."""
    from stockgate.adapters import adapter_for
    from stockgate.cli.scenarios_run import pairs_for
    from stockgate.gate.matrix import merge, run_matrix, shard
    from stockgate.reports.matrix import FORMATS
    from stockgate.safewrite import REPORT_MODE, writable_dir, write_atomic
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
            def done(cell: Any) -> None:
                bar.advance(cell.pair)
                if args.verbosity > 0 and args.format == "text":
                    print(f"  done {cell.pair}: {cell.passed} passed, {len(cell.failed)} failed", flush=True)

            matrix = run_matrix(pairs, connector=args.connector, dirs=tuple(args.scenarios or ()),
                                patterns=tuple(args.scenario or ()), jobs=args.jobs, on_cell=done)
    for filename, render in FORMATS.values():
        write_atomic(args.report_dir / filename, render(matrix), mode=REPORT_MODE)
    return _print(args, matrix)


def _print(args: argparse.Namespace, matrix: Any) -> int:
    """The console report: the grid (text), or the JSON or Markdown report itself; exit 0 all pass, 1 otherwise."""
    from stockgate.gate.matrix import summary
    from stockgate.reports.matrix import FORMATS

    if args.format != "text":
        sys.stdout.write(FORMATS[args.format][1](matrix))
        return 0 if matrix.ok else 1
    for cell in matrix.cells if args.verbosity >= 0 else ():
        state = "ok  " if cell.ok else "FAIL"
        print(f"{state} {cell.pair}: {cell.passed} passed, {len(cell.failed)} failed"
              + (f" ({', '.join(s for s, _ in cell.failed)})" if cell.failed else ""))
        for scenario, why in cell.failed if args.verbosity > 0 else ():
            print(f"    {scenario}: {why}")
    pairs: dict[str, set[str]] = {}
    for cell in matrix.cells:
        for scenario, _ in cell.unchecked:
            pairs.setdefault(scenario, set()).add(cell.pair)
    if pairs and args.verbosity >= 0:
        named = sorted(pairs)[:5]
        print(f"not checked: {len(pairs)} scenario(s) ran without a check they ask for (e.g. then.reported of a "
              f"connector that does not report): "
              + ", ".join(f"{s} ({len(pairs[s])} of {len(matrix.cells)} pair(s))" for s in named)
              + (f" and {len(pairs) - len(named)} more" if len(pairs) > len(named) else "")
              + f"; each check and why in {args.report_dir}/matrix.md (Not checked)")
    counts = summary(matrix)
    print(f"{counts['ok']} of {counts['cells']} pair(s) pass; reports in {args.report_dir}/ "
          f"({', '.join(f for f, _ in FORMATS.values())})")
    return 0 if matrix.ok else 1
