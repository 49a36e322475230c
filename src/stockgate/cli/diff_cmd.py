"""``stockgate diff`` (two versions of one platform, as a connector sees them) and ``stockgate surface``."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from stockgate.cli.common import (
    add_contracts_dir,
    add_report_dir,
    add_scenarios,
    add_verbosity,
    platform_version,
    require,
)

ACCEPTED = Path("contracts") / "accepted.yaml"
REPORT_FILES = {"md": "diff.md", "json": "diff.json", "junit": "diff-junit.xml"}  # written to --report-dir


def register(commands: Any) -> None:
    """Add ``diff`` and ``surface``."""
    diff = commands.add_parser("diff", help="what changed between two versions of a platform, for your connector",
                               description="Compare two contract versions of one platform: operations, parameters, "
                               "bodies, responses, security and behaviour facts. Changes the connector cannot notice "
                               "are info; the rest block. Exit 0 nothing blocks, 1 something does, 2 usage or data "
                               "error.")
    diff.add_argument("old", metavar="PLATFORM@VERSION", help="from, e.g. magento@2.4.6")
    diff.add_argument("new", metavar="PLATFORM@VERSION", help="to, e.g. magento@2.4.7")
    diff.add_argument("--consumer", default="reference", metavar="reference|none|FILE",
                      help="whose surface filters the changes: the reference connector's (default), none (every "
                      "change at its rule's severity), or a surface file (`stockgate surface` writes one)")
    diff.add_argument("--all", action="store_true", help="list info changes too (as --verbose does)")
    diff.add_argument("--format", choices=["text", "md", "json", "junit"], default="text", help="output format")
    diff.add_argument("--fail-on", choices=["breaking", "risky"], default="breaking",
                      help="the least severity that blocks (default: breaking)")
    diff.add_argument("--accepted", type=Path, metavar="FILE",
                      help=f"accepted changes (default: {ACCEPTED} when it exists)")
    diff.add_argument("--profile", default="default", metavar="NAME",
                      help="the merchant configuration both versions run under (default: default)")
    diff.add_argument("--output", type=Path, metavar="FILE", help="write the report there (the verdict still prints)")
    add_report_dir(diff, "diff.md, diff.json and diff-junit.xml (the verdict still prints)")
    add_contracts_dir(diff)
    add_verbosity(diff)
    diff.set_defaults(run=run_diff)
    surface = commands.add_parser("surface", help="derive a connector's surface (operations, fields sent and read) "
                                  "from scenario runs")
    surface.add_argument("--connector", default="reference", metavar="SPEC",
                         help="reference (default; its reads are observed), python:... or command:\"...\" (reads "
                         "unknown: every field of every answer counts)")
    surface.add_argument("--magento", action="append", type=platform_version("magento"), metavar="VERSION",
                         help="Magento versions, magento@2.4.8 or 2.4.8 (default: every one, with the newest "
                         "Lightspeed)")
    surface.add_argument("--lightspeed", action="append", type=platform_version("lightspeed"), metavar="VERSION",
                         help="Lightspeed versions, lightspeed@2026-07 or 2026-07 (default: every one, with the "
                         "newest Magento)")
    add_scenarios(surface)
    surface.add_argument("--cassettes", nargs="+", type=Path, metavar="PATH",
                         help="do not run scenarios: read these cassettes (files or folders) instead; what the "
                         "connector reads is then unknown")
    surface.add_argument("--out", type=Path, required=True, metavar="FILE", help="the surface file to write")
    add_contracts_dir(surface)
    add_verbosity(surface)
    surface.set_defaults(run=run_surface)


def reference_surface_path() -> Path:
    """The reference connector's surface, shipped with the contracts."""
    from stockgate.contracts.index import default_contracts_dir

    return default_contracts_dir() / "surfaces" / "reference.yaml"


def consumer_surface(spec: str) -> Any:
    """``--consumer``: the reference surface, None (no filter) or a surface file."""
    from stockgate.diff import load_surface

    if spec == "none":
        return None
    path = reference_surface_path() if spec == "reference" else Path(spec)
    require(path.is_file(), f"--consumer {spec}: no surface file {path} (write one with `stockgate surface --out "
            "FILE`, or use reference or none)")
    return load_surface(path)


def run_diff(args: argparse.Namespace) -> int:
    """Print (or write) the report; exit 1 when a change blocks."""
    from stockgate.diff import Severity, diff_versions, load_accepted
    from stockgate.reports.diff import FORMATS, verdict
    from stockgate.safewrite import writable_dir, writable_file, write_atomic

    if args.output:
        writable_file(args.output, "--output")
    if args.report_dir:
        writable_dir(args.report_dir, "--report-dir")
    surface = consumer_surface(args.consumer)
    accepted_path = args.accepted or ACCEPTED
    require(args.accepted is None or args.accepted.is_file(), f"--accepted {args.accepted}: no such file")
    accepted = load_accepted(accepted_path)
    report, unused = diff_versions(args.old, args.new, surface=surface, accepted=accepted, profile=args.profile,
                                   contracts_dir=args.contracts_dir)
    fail_on = Severity(args.fail_on)
    every = args.all or args.verbosity > 0
    text = FORMATS[args.format](report, fail_on, every, unused)
    for fmt, filename in REPORT_FILES.items() if args.report_dir else ():
        write_atomic(args.report_dir / filename, FORMATS[fmt](report, fail_on, every, unused))
    if args.output:
        write_atomic(args.output, text)
    if args.output or args.report_dir or args.verbosity < 0:
        print(verdict(report, fail_on))
    else:
        print(text, end="")
    return 1 if report.blocking(fail_on) else 0


def run_surface(args: argparse.Namespace) -> int:
    """Run the scenarios, write the surface file, print a one-line summary."""
    from stockgate.adapters import adapter_for
    from stockgate.cli.common import ProgressBar
    from stockgate.cli.scenarios_run import pairs_for
    from stockgate.diff.surface import dump_surface
    from stockgate.safewrite import writable_file, write_atomic
    from stockgate.scenarios.loader import discover
    from stockgate.scenarios.runner import newest_pair
    from stockgate.scenarios.usage import derive_surface

    writable_file(args.out, "--out")  # before the scenario runs, not after them
    if args.cassettes:
        from stockgate.scenarios.usage import surface_from_cassettes

        missing = [str(p) for p in args.cassettes if not p.exists()]
        require(not missing, f"--cassettes: no such file or folder: {', '.join(missing)}")
        surface = surface_from_cassettes(args.cassettes)
        require(bool(surface.uses), f"--cassettes {' '.join(map(str, args.cassettes))}: no cassette with "
                "provenance there")
        write_atomic(args.out, dump_surface(surface))
        print(f"wrote {args.out}: {len(surface.uses)} operations from the cassettes (reads unknown)")
        return 0
    adapter_for(args.connector)  # a bad --connector fails before any work
    scenarios = discover(args.scenarios, args.scenario)
    require(bool(scenarios), f"no scenario matches {' '.join(args.scenario or [])}")
    if args.magento or args.lightspeed:
        pairs = pairs_for(args.magento, args.lightspeed, [])
    else:
        newest = newest_pair()
        pairs = list(dict.fromkeys(pairs_for(None, _all("lightspeed"), []) + pairs_for(_all("magento"), None, [])))
        pairs.sort(key=lambda p: (p.magento != newest.magento, p.magento, p.lightspeed))
    runs = sum(1 for p in pairs for s in scenarios if s.applies(p))
    failed: list[str] = []
    with ProgressBar(runs, "deriving") as bar:
        def seen(result: Any) -> None:
            if not result.passed:
                failed.append(f"{result.scenario} on {result.pair}: {result.status}")
            elif args.verbosity > 0:
                print(f"  passed {result.scenario} on {result.pair}", flush=True)
            bar.advance(result.scenario)

        surface = asyncio.run(derive_surface(scenarios, pairs, args.connector, on_result=seen))
    write_atomic(args.out, dump_surface(surface))
    for line in failed if args.verbosity >= 0 else ():
        print(f"not passing (its calls still count): {line}")
    print(f"wrote {args.out}: {len(surface.uses)} operations from {runs} scenario runs on {len(pairs)} pair(s)")
    return 0


def _all(platform: str) -> list[str]:
    from stockgate.contracts import load_index
    from stockgate.contracts.refs import Platform

    return [ref.version for ref in load_index().refs(Platform(platform))]
