"""``stockgate gate``: one verdict for an upgrade: contract diff, scenarios on both sides, cassettes."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from stockgate.cli.common import ProgressBar, add_format, add_report_dir, add_scenarios, add_verbosity, require
from stockgate.cli.project import add_config, apply

ACCEPTED = Path("contracts") / "accepted.yaml"


def register(commands: Any) -> None:
    """Add ``gate``."""
    gate = commands.add_parser(
        "gate", help="pass or fail an upgrade: contract diff, scenarios on both sides, cassettes",
        description="Gate an upgrade. Exit 0 pass, 1 regression (a blocking contract change, a scenario that "
        "passes on --from and fails on --to, an expired acceptance; with --fail-on-pre-existing, a scenario that "
        "fails on both sides), 2 usage or data error (a downgrade without --allow-downgrade among them). A pass "
        "with scenarios failing on both sides says so in its verdict. Reports go to --report-dir: gate.md, "
        "gate.json, junit.xml, gate.html.")
    gate.add_argument("--from", dest="before", metavar="magento@V,lightspeed@V",
                      help="the versions in production (default: the second newest of each)")
    gate.add_argument("--to", dest="after", metavar="magento@V,lightspeed@V",
                      help="the versions to upgrade to (default: the newest of each)")
    gate.add_argument("--profile", action="append", default=[], metavar="NAME",
                      help="merchant configuration on both sides, e.g. input-limits-on or registers-10 (repeatable)")
    gate.add_argument("--connector", default=None, metavar="SPEC",
                      help='reference (default), python:package.module:Class or command:"..."; a tick may take '
                      'STOCKGATE_TICK_TIMEOUT seconds (default 60), and the last 64 KiB of what it prints is kept; '
                      "default: [tool.stockgate] connector of ./pyproject.toml, else reference")
    add_config(gate)
    gate.add_argument("--consumer", default="observed", metavar="observed|reference|none|FILE",
                      help="whose surface filters the diff: what the connector did in this run (default), the "
                      "shipped reference surface, none, or a surface file")
    gate.add_argument("--reads", type=Path, metavar="FILE",
                      help="declare what the connector reads (and, optionally, calls and sends): a surface file, "
                      "the format `stockgate surface --out` writes, merged into what this run observed (fields "
                      "united; `read: unknown` makes every field of that answer count). For command: connectors, "
                      "whose reads stockgate can only infer from the values later requests carry. Only with "
                      "--consumer observed; the gate's consumer line says 'reads declared in FILE'")
    add_scenarios(gate)
    gate.add_argument("--contracts-dir", type=Path, metavar="DIR",
                      help="gate on these contracts (a folder with index.toml, e.g. with your staging store's schema)")
    gate.add_argument("--cassettes", type=Path, metavar="DIR", help="cassette folder (default: cassettes/)")
    gate.add_argument("--accepted", type=Path, metavar="FILE", help=f"accepted changes (default: {ACCEPTED} if any)")
    add_report_dir(gate, "gate.md, gate.json, junit.xml and gate.html", Path("reports"))
    add_format(gate, "md")
    add_verbosity(gate)
    gate.add_argument("--fail-on", choices=["breaking", "risky"], default=None,
                      help="the least severity of a contract change that blocks (default: [tool.stockgate] fail-on, "
                      "else breaking)")
    gate.add_argument("--fail-on-pre-existing", action="store_true",
                      help="also block on scenarios that fail on both sides (the connector already fails them on "
                      "--from); without it they are reported loudly but do not block")
    gate.add_argument("--allow-downgrade", action="store_true",
                      help="gate a --from newer than --to (refused otherwise); every report labels it a downgrade")
    gate.add_argument("--drift", nargs="?", const="", default=None, metavar="KEY=N,...",
                      help="also simulate a drift week on both sides (stockgate drift simulate, with this connector) "
                      "and block when the risk band worsens; size as stores=2,skus=300,daily-orders=200,days=2,seed=1 "
                      "(those are the defaults: about a minute a side)")
    gate.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), metavar="N",
                      help="run the two sides in parallel processes when N > 1 (default: 2 on 2+ cores)")
    gate.set_defaults(run=run)


def parse_side(text: str, what: str, profiles: list[str]) -> Any:
    """``magento@2.4.7,lightspeed@2026-04`` (either order) → a Pair with the profiles asked for."""
    from stockgate.cli.scenarios_run import pairs_for
    from stockgate.contracts.refs import VersionRef

    refs = [VersionRef.parse(part.strip()) for part in text.split(",") if part.strip()]
    versions = {ref.platform.value: ref.version for ref in refs}
    require(len(refs) == 2 and set(versions) == {"magento", "lightspeed"},
            f"{what} {text}: expected one Magento and one Lightspeed version, e.g. magento@2.4.8,lightspeed@2026-07")
    (pair,) = pairs_for([versions["magento"]], [versions["lightspeed"]], profiles)
    return pair


def default_sides(profiles: list[str]) -> tuple[Any, Any]:
    """The second newest → the newest supported version of each platform."""
    from stockgate.cli.scenarios_run import pairs_for
    from stockgate.contracts import load_index
    from stockgate.scenarios.model import version_key
    from stockgate.scenarios.runner import newest_pair

    newest = newest_pair()
    previous = {}
    for platform in ("magento", "lightspeed"):
        top = getattr(newest, platform)
        older = [e.ref.version for e in load_index().entries if e.ref.platform.value == platform
                 and version_key(platform, e.ref.version) < version_key(platform, top)]
        previous[platform] = max(older, key=lambda v: version_key(platform, v)) if older else top
    (before,) = pairs_for([previous["magento"]], [previous["lightspeed"]], profiles)
    (after,) = pairs_for([newest.magento], [newest.lightspeed], profiles)
    return before, after


def _options(args: argparse.Namespace) -> Any:
    """Every argument checked (cheap ones first), as GateOptions."""
    from stockgate.adapters import adapter_for
    from stockgate.cli.diff_cmd import reference_surface_path
    from stockgate.diff import Severity, load_accepted
    from stockgate.gate import GateOptions

    if args.contracts_dir is not None:
        require((args.contracts_dir / "index.toml").is_file(), f"--contracts-dir {args.contracts_dir}: no index.toml "
                "there (a contracts folder lists its versions in index.toml)")
        os.environ["STOCKGATE_CONTRACTS_DIR"] = str(args.contracts_dir)
    require(args.jobs >= 1, f"--jobs {args.jobs}: expected 1 or more")
    adapter_for(args.connector)  # a bad --connector fails before any work
    require(args.accepted is None or args.accepted.is_file(), f"--accepted {args.accepted}: no such file")
    consumer = str(reference_surface_path()) if args.consumer == "reference" else args.consumer
    require(consumer in ("observed", "none") or Path(consumer).is_file(),
            f"--consumer {args.consumer}: expected observed, reference, none or a surface file")
    if args.before or args.after:
        require(bool(args.before and args.after), "--from and --to go together (or neither: the newest upgrade)")
        before = parse_side(args.before, "--from", args.profile)
        after = parse_side(args.after, "--to", args.profile)
    else:
        before, after = default_sides(args.profile)
    if args.reads is not None:
        from stockgate.gate.run import load_declared

        require(consumer == "observed", f"--reads {args.reads} goes with --consumer observed (it is merged into what "
                f"the run observes), not --consumer {args.consumer}")
        require(args.reads.is_file(), f"--reads {args.reads}: no such file (a surface file: stockgate surface --out "
                "writes one to start from)")
        load_declared(args.reads, before, after)  # a bad file fails before any work
    drift = None
    if args.drift is not None:
        from stockgate.gate.drift import DriftSize, config_for

        drift = DriftSize.parse(args.drift)
        config_for(drift, after, args.connector)  # a size the simulation refuses fails before any work
    return GateOptions(before=before, after=after, connector=args.connector, reads=args.reads, drift=drift,
                       scenario_dirs=tuple(args.scenarios or ()), patterns=tuple(args.scenario or ()),
                       consumer=consumer, accepted=load_accepted(args.accepted or ACCEPTED),
                       fail_on=Severity(args.fail_on), cassettes_dir=args.cassettes, jobs=args.jobs,
                       fail_on_pre_existing=args.fail_on_pre_existing, allow_downgrade=args.allow_downgrade)


def _gate_with_progress(options: Any, verbose: bool = False) -> Any:
    """run_gate with a progress bar (drawn on a terminal only) once the number of runs is known.

    ``verbose``: also a line per scenario run on stdout as each side's result arrives.
    """
    from stockgate.gate import run_gate

    with contextlib.ExitStack() as stack:
        bars: list[ProgressBar] = []

        def show(event: Any) -> None:
            if event.kind == "started":
                bars.append(stack.enter_context(ProgressBar(event.total, "scenarios")))
            elif event.kind == "drift":
                print(f"  {event.text}", file=sys.stderr, flush=True)
            elif event.kind == "scenario" and bars:
                bars[0].advance(f"{event.side}: {event.result.scenario}")
                if verbose:
                    print(f"  {event.side}: {event.result.status} {event.result.scenario} on {event.result.pair}",
                          flush=True)

        return run_gate(options, emit=show)


def run(args: argparse.Namespace) -> int:
    """Gate, print the verdict and the blocking findings, write the reports."""
    from stockgate.cli.scenarios_run import origin_line
    from stockgate.gate import check_direction
    from stockgate.reports.console import gate_lines
    from stockgate.reports.gate import FORMATS
    from stockgate.safewrite import REPORT_MODE, writable_dir, write_atomic

    origin = apply(args, gate=True)  # [tool.stockgate] of ./pyproject.toml under the flags
    writable_dir(args.report_dir, "--report-dir")  # before the gate's minutes of work, not after them
    options = _options(args)
    downgrades = check_direction(options)  # refused here, before any work, unless --allow-downgrade
    label = f"; DOWNGRADE {'; '.join(downgrades)} (--allow-downgrade)" if downgrades else ""
    text = args.format == "text"
    if text and args.verbosity >= 0:
        print(f"gate {options.before} -> {options.after} (connector {args.connector}, {origin_line(origin)}{label})",
              flush=True)
    gate = _gate_with_progress(options, verbose=text and args.verbosity > 0)
    for fmt in FORMATS.values():
        write_atomic(args.report_dir / fmt.filename, fmt.render(gate), mode=REPORT_MODE)
    if not text:  # the report itself on stdout, as written to --report-dir
        sys.stdout.write(FORMATS[args.format].render(gate))
        return int(gate.exit_code)
    if args.verbosity < 0:
        print(gate.verdict())
        return int(gate.exit_code)
    for line in gate_lines(gate, verbose=args.verbosity > 0, detail=args.report_dir / FORMATS["md"].filename):
        print(line)  # new and blocking findings whole; the rest per state in one line (all with --verbose)
    for note in [*gate.cassettes.get("skipped", []), *gate.notes]:
        print(f"  note: {note}")
    print(gate.verdict())
    print(f"reports: {', '.join(str(args.report_dir / f.filename) for f in FORMATS.values())} "
          f"({gate.elapsed_seconds:g} s)")
    sys.stdout.flush()
    return int(gate.exit_code)
