"""``stockgate cassettes``: record, lint, verify, audit and fidelity-check recorded platform exchanges.

Recording runs on the twins or a staging store pair; lint finds secrets and personal data; verify
checks answers against contracts; audit keeps cassettes current; fidelity keeps the twins honest.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from stockgate.cli.common import (
    ProgressBar,
    add_contracts_dir,
    add_format,
    add_report_dir,
    add_scenarios,
    add_verbosity,
    platform_version,
    print_json,
    require,
)


def register(commands: Any) -> None:
    """Add ``cassettes`` and its subcommands."""
    from stockgate.cli import _Parser

    cassettes = commands.add_parser("cassettes", help="record, lint and replay recorded platform exchanges")
    sub = cassettes.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser)
    record = sub.add_parser("record", help="run scenarios on the twins and write their cassettes (scrubbed)")
    record.add_argument("--magento", type=platform_version("magento"), metavar="VERSION",
                        help="Magento version, magento@2.4.8 or 2.4.8 (default: the newest supported)")
    record.add_argument("--lightspeed", type=platform_version("lightspeed"), metavar="VERSION",
                        help="Lightspeed version, lightspeed@2026-07 or 2026-07 (default: the newest supported)")
    add_scenarios(record)
    record.add_argument("--connector", default="reference", metavar="SPEC",
                        help="reference (default) or python:package.module:Class")
    record.add_argument("--cassettes", type=Path, metavar="DIR", help="where to write (default: cassettes/)")
    record.add_argument("--target", default="twin", metavar="twin|staging|MAGENTO_URL,LIGHTSPEED_URL",
                        help="where to record: the twins (default), or a real store pair: 'staging' reads "
                        "STOCKGATE_MAGENTO_URL and STOCKGATE_LIGHTSPEED_URL; credentials always come from the "
                        "environment (see the README). The store pair gets real orders and sales; time is real")
    record.add_argument("--allow-writes", action="store_true",
                        help="confirm that the --target store pair may be written to (orders, sales, returns, "
                        "stock): required for any target but the twins")
    add_contracts_dir(record)
    add_verbosity(record)
    record.set_defaults(run=run_record)
    lint = sub.add_parser("lint", help="fail (exit 1) on anything in cassettes that looks secret or personal")
    lint.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: cassettes/)")
    _reporting(lint, "cassettes-lint.json")
    lint.set_defaults(run=run_lint)
    verify = sub.add_parser("verify", help="check every recorded answer against its version's contract, or "
                            "against another version's to preview an upgrade")
    verify.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: cassettes/)")
    verify.add_argument("--against", metavar="PLATFORM@VERSION",
                        help="check against this contract instead (e.g. magento@2.4.9): an upgrade preview")
    add_contracts_dir(verify)
    _reporting(verify, "cassettes-verify.json")
    verify.set_defaults(run=run_verify)
    audit = sub.add_parser("audit", help="cassettes without provenance, stale, on unsupported versions, orphaned "
                           "or outdated by a changed scenario; scenarios without a cassette")
    audit.add_argument("--cassettes", type=Path, metavar="DIR", help="cassette folder (default: cassettes/)")
    add_scenarios(audit, patterns=False)
    audit.add_argument("--magento", action="append", type=platform_version("magento"), metavar="VERSION",
                       help="Magento versions whose pairs should have cassettes, magento@2.4.8 or 2.4.8 "
                       "(default: the newest supported)")
    audit.add_argument("--lightspeed", action="append", type=platform_version("lightspeed"), metavar="VERSION",
                       help="Lightspeed versions, lightspeed@2026-07 or 2026-07 (default: the newest supported)")
    audit.add_argument("--max-age", type=int, default=180, metavar="DAYS",
                       help="older cassettes are stale (default: 180)")
    add_contracts_dir(audit)
    add_verbosity(audit)
    audit.set_defaults(run=run_audit)
    fidelity = sub.add_parser("fidelity", help="run each cassette's scenario again on the twin of the same version "
                              "and compare the answers structurally (a difference is a twin finding)")
    fidelity.add_argument("ref", metavar="PLATFORM@VERSION", help="e.g. magento@2.4.8")
    fidelity.add_argument("--cassettes", type=Path, metavar="DIR", help="cassette folder (default: cassettes/)")
    add_scenarios(fidelity, patterns=False)
    add_contracts_dir(fidelity)
    add_verbosity(fidelity)
    fidelity.set_defaults(run=run_fidelity)


def _reporting(parser: argparse.ArgumentParser, filename: str) -> None:
    """``--format``, ``--report-dir`` (``filename``), ``--quiet``/``--verbose`` of a checking subcommand."""
    add_format(parser)
    add_report_dir(parser, filename)
    add_verbosity(parser)


def _report(args: argparse.Namespace, filename: str, problems: list[str], summary: str, *,
            counts: dict[str, Any], checked: list[Path]) -> int:
    """Print the problems and the summary (text or JSON), write ``filename`` on request; exit 1 when any problem."""
    import json

    from stockgate.safewrite import write_atomic

    data = {"ok": not problems, **counts, "problems": problems, "files": [str(p) for p in checked]}
    if args.report_dir:
        write_atomic(args.report_dir / filename, json.dumps(data, indent=2) + "\n")
    if args.format == "json":
        print_json(data)
        return 1 if problems else 0
    for path in checked if args.verbosity > 0 else ():
        print(f"checked {path}")
    for problem in problems if args.verbosity >= 0 else ():
        print(problem)
    print(summary)
    return 1 if problems else 0


def run_record(args: argparse.Namespace) -> int:
    """Record; print one line per cassette written; exit 1 when a scenario failed while recording."""
    from stockgate.cassettes.store import ROOT, cassette_paths
    from stockgate.cli.scenarios_run import pairs_for
    from stockgate.scenarios.loader import discover
    from stockgate.scenarios.recording import record_scenario
    from stockgate.scenarios.runner import store_refusals
    from stockgate.target import parse_target

    require(not args.connector.startswith("command:"), "recording needs an in-process connector (reference or "
            "python:...): vcrpy cannot see another process's HTTP")
    target = parse_target(args.target)
    require(target is None or bool(args.magento and args.lightspeed), "--target: a store pair's versions cannot "
            "be guessed; give the stores' versions with --magento VERSION --lightspeed VERSION")
    require(target is None or args.allow_writes, "--target: recording writes to the store pair (web orders, POS "
            "sales and returns, stock counts, transfers), and stockgate does not undo them; add --allow-writes to "
            "confirm it is a staging pair")
    scenarios = discover(args.scenarios, args.scenario)
    require(bool(scenarios), f"no scenario matches {' '.join(args.scenario or [])}")
    (pair,) = pairs_for([args.magento] if args.magento else None, [args.lightspeed] if args.lightspeed else None, [])
    root = args.cassettes or ROOT
    chosen = [s for s in scenarios if s.applies(pair)]
    for scenario in chosen:  # a cassette that would land outside the folder is refused before any recording
        cassette_paths(root, (pair.magento, pair.lightspeed), scenario.id)
    if target is not None:
        refused = {s.id: store_refusals(s) for s in chosen}
        for scenario_id, reasons in refused.items():
            if reasons:
                print(f"skipped {scenario_id}: cannot run on a real store: {'; '.join(reasons)}")
        chosen = [s for s in chosen if not refused[s.id]]
        require(bool(chosen), "none of the chosen scenarios can run on a real store (see the lines above)")
        print(f"recording from {target.label('magento')} (Magento) and {target.label('lightspeed')} (Lightspeed), "
              f"run {target.run_id}: {len(chosen)} scenario(s) write there, on wall time", flush=True)
    failed = []

    written: list[Path] = []

    async def all_of() -> None:
        with ProgressBar(len(chosen), "recording") as bar:
            for scenario in chosen:
                result, paths = await record_scenario(scenario, pair, root, args.connector, target=target)
                written.extend(paths)
                for path in paths if args.verbosity >= 0 else ():
                    print(f"recorded {path}")
                if args.verbosity > 0:
                    print(f"{scenario.id} on {result.pair}: {result.status}, "
                          f"{sum(dict(result.requests).values())} request(s)")
                if result.status == "error":
                    failed.append(f"{scenario.id}: not recorded: {result.error}")
                elif not result.passed:
                    failed.append(f"{scenario.id}: {result.status} (the cassette records it as it was)")
                for note in result.unchecked if args.verbosity >= 0 else ():
                    print(f"{scenario.id}: {note}")
                bar.advance(scenario.id)

    try:
        asyncio.run(all_of())
    finally:
        if target is not None and target.writes:
            print(f"run {target.run_id} wrote to the store pair (not undone; notes, names and the shopper's email "
                  f"carry the run id):")
            for line in target.writes:
                print(f"  {line}")
    for line in failed:
        print(f"not passing while recording: {line}")
    print(f"{'FAILED' if failed else 'ok'}: {len(written)} cassette(s) recorded from {len(chosen)} scenario(s), "
          f"{len(failed)} not passing")
    return 1 if failed else 0


def run_lint(args: argparse.Namespace) -> int:
    """One line per problem (file, interaction, field); exit 1 when any."""
    from stockgate.cassettes.lint import cassette_files, lint_paths
    from stockgate.cassettes.store import ROOT
    from stockgate.safewrite import writable_dir

    if args.report_dir:
        writable_dir(args.report_dir, "--report-dir")
    paths = args.paths or [ROOT]
    problems, files = lint_paths(paths)
    checked = list(cassette_files(paths)) if args.verbosity > 0 or args.format == "json" or args.report_dir else []
    return _report(args, "cassettes-lint.json", [str(p) for p in problems],
                   f"{'FAILED' if problems else 'ok'}: {files} cassette(s), {len(problems)} problem(s)",
                   counts={"cassettes": files}, checked=checked)


def run_verify(args: argparse.Namespace) -> int:
    """One line per problem; exit 1 when any."""
    from stockgate.cassettes.lint import cassette_files
    from stockgate.cassettes.store import ROOT
    from stockgate.cassettes.verify import verify_cassette
    from stockgate.contracts import load_contract
    from stockgate.contracts.refs import VersionRef
    from stockgate.safewrite import writable_dir

    if args.report_dir:
        writable_dir(args.report_dir, "--report-dir")
    against = None
    if args.against:
        against = VersionRef.parse(args.against)
        load_contract(against)  # an unknown version fails here with the list of known ones
    files = list(cassette_files(args.paths or [ROOT]))
    problems: list[str] = []
    checked = 0
    with ProgressBar(len(files), "verifying cassettes") as bar:
        for path in files:
            found, answers = verify_cassette(path, against)
            problems += found
            checked += answers
            bar.advance(str(path))
    target = f" against {against}" if against else ""
    return _report(args, "cassettes-verify.json", problems,
                   f"{'FAILED' if problems else 'ok'}: {checked} recorded answer(s) in {len(files)} cassette(s)"
                   f"{target}, {len(problems)} problem(s)",
                   counts={"answers": checked, "cassettes": len(files),
                           "against": str(against) if against else None}, checked=files)


def run_audit(args: argparse.Namespace) -> int:
    """One line per finding; exit 1 when any."""
    from stockgate.cassettes.store import ROOT
    from stockgate.cli.scenarios_run import pairs_for
    from stockgate.scenarios.audit import audit
    from stockgate.scenarios.loader import discover

    require(args.max_age >= 0, "--max-age must be 0 or more days")
    root = args.cassettes or ROOT
    pairs = pairs_for(args.magento, args.lightspeed, [])
    findings = audit(root, discover(args.scenarios), pairs, max_age_days=args.max_age)
    if args.verbosity > 0:
        print(f"audited {root} for {', '.join(str(p) for p in pairs)} (stale after {args.max_age} days)")
    for finding in findings if args.verbosity >= 0 else ():
        print(finding.line())
    print(f"{'FAILED' if findings else 'ok'}: {root}: {len(findings)} finding(s)")
    return 1 if findings else 0


def run_fidelity(args: argparse.Namespace) -> int:
    """One line per difference; exit 1 when any."""
    from stockgate.cassettes.lint import cassette_files
    from stockgate.cassettes.store import ROOT
    from stockgate.contracts import load_contract
    from stockgate.contracts.refs import VersionRef
    from stockgate.scenarios.loader import discover
    from stockgate.scenarios.recording import fidelity

    ref = VersionRef.parse(args.ref)
    load_contract(ref)  # an unknown version fails here with the list of known ones
    folder = (args.cassettes or ROOT) / ref.platform.value / ref.version
    require(folder.is_dir(), f"no cassettes for {ref} in {folder}: record some with `stockgate cassettes record`")
    scenarios = {s.id: s for s in discover(args.scenarios)}
    files = list(cassette_files([folder]))
    problems: list[str] = []

    async def all_of() -> None:
        with ProgressBar(len(files), f"comparing with the {ref} twin") as bar:
            for path in files:
                problems.extend(await fidelity(path, scenarios))
                bar.advance(str(path))
                if args.verbosity > 0:
                    print(f"compared {path}", flush=True)

    asyncio.run(all_of())
    for problem in problems if args.verbosity >= 0 else ():
        print(problem)
    print(f"{'FAILED' if problems else 'ok'}: {len(files)} cassette(s) of {ref} against its twin, "
          f"{len(problems)} difference(s)")
    return 1 if problems else 0
