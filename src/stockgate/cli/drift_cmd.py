"""``stockgate drift simulate``: the 7-day inventory drift test on the virtual clock (logic in stockgate.drift)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from stockgate.cli.common import add_contracts_dir

PROG = "stockgate drift simulate"


def register(commands: Any) -> None:
    """Add ``drift`` and its ``simulate`` subcommand."""
    drift = commands.add_parser("drift", help="how far stock drifts in a week: simulated through twins and connector")
    sub = drift.add_subparsers(dest="drift_command", required=True, metavar="SUBCOMMAND", parser_class=type(drift))
    p = sub.add_parser(
        "simulate", help="a business week of a generated merchant through both twins and your connector",
        description="Run a business week on the virtual clock: a generated merchant in both twins, POS sales per "
                    "outlet, web orders through Magento's guest checkout, shipments, cancellations, returns, "
                    "transfers, stock counts and price changes, with the connector under test on its own schedule. "
                    "Measures the delay from each POS sale to Magento's salable quantity, the observed sync "
                    "cadence, oversells, negative salable quantities, undersells, day-end disagreements and staff "
                    "hours, catalog lag, and gives a risk band (GREEN / AMBER / RED). Exit 0 whatever the band of a "
                    "complete run; 2 on a bad argument; 130 when interrupted: Ctrl-C ends the run after the current "
                    "tick and writes the partial report, with the figures measured so far and the band INCOMPLETE.")
    p.add_argument("--stores", type=_int, required=True, metavar="N", help="physical stores (POS outlets)")
    p.add_argument("--skus", type=_int, required=True, metavar="N", help="SKUs sold (variants count)")
    p.add_argument("--daily-orders", type=_int, required=True, metavar="N", help="web orders a day")
    p.add_argument("--days", type=_int, default=7, metavar="D", help="days to simulate (default: 7)")
    p.add_argument("--pos-sales-per-day", type=_int, default=None, metavar="N",
                   help="POS sales a day over all outlets (default: the seed's ratio, 20,000 per 6,000 web orders)")
    p.add_argument("--return-rate", type=float, default=0.08, metavar="R", help="share of sales returned (0.08)")
    p.add_argument("--connector", default="reference", metavar="SPEC",
                   help="reference (default), python:package.module:Class or command:\"...\"")
    p.add_argument("--schedule", default=None, metavar="FLOW=DUR,...",
                   help="the connector's schedule: inventory=5m,orders=1m,catalog=1h (default); returns= follows "
                        "orders unless given")
    p.add_argument("--compare", default=None, metavar="SPEC2",
                   help="run the same seeded week with this connector too and show both side by side")
    p.add_argument("--compare-schedule", default=None, metavar="FLOW=DUR,...",
                   help="run the same seeded week with this schedule too (with --compare: for SPEC2)")
    p.add_argument("--magento", default="2.4.8", metavar="V",
                   help="Magento version of the twin: 2.4.8 or magento@2.4.8 (default: 2.4.8)")
    p.add_argument("--lightspeed", default="2026-07", metavar="V",
                   help="Lightspeed release of the twin: 2026-07 or lightspeed@2026-07 (default: 2026-07)")
    p.add_argument("--profile", default="default", metavar="NAME", help="the Magento twin's profile")
    p.add_argument("--outage", default=None, metavar="START/DURATION",
                   help="the connector is down then, e.g. 2026-12-09T10:00/2h (UTC; inside the simulated week)")
    p.add_argument("--faults", default=None, metavar="KIND=RATE,...",
                   help="faults the connector meets: per tick, the chance its next request to a platform gets "
                        "http-429, http-5xx, connection-reset, lost-response or latency (e.g. http-5xx=0.02)")
    p.add_argument("--start", type=_start, default=None, metavar="DATE",
                   help="the simulated week's first day (default: 2026-12-07, a Monday)")
    p.add_argument("--minutes-per-fix", type=float, default=5.0, metavar="M",
                   help="staff minutes to fix one disagreeing cell or one missing credit memo (default: 5)")
    p.add_argument("--seed", type=int, default=1, metavar="N", help="random seed (default: 1)")
    p.add_argument("--report-dir", type=Path, default=None, metavar="DIR",
                   help="write drift.json, drift.md and drift.html here")
    p.add_argument("--format", choices=["text", "json", "md"], default="text", help="console output format")
    add_contracts_dir(p)
    p.set_defaults(run=run)
    from stockgate.cli import drift_observe

    drift_observe.register(sub)


def _int(text: str) -> int:
    try:
        return int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None


def _version(option: str, text: str) -> str:
    """``2.4.8`` or ``magento@2.4.8`` for ``--magento``; the other platform's reference is named as such."""
    platform = option.removeprefix("--")
    named, at, version = text.strip().rpartition("@")
    names = {"magento": "Magento", "lightspeed": "Lightspeed"}
    if at and named.strip().lower() in names and named.strip().lower() != platform:
        other = names[named.strip().lower()]
        raise _bad(f"{option} {text}: a {other} version given to {option}; expected a {names[platform]} version, "
                   f"e.g. {option} {_EXAMPLE[platform]} (the {other} twin's is --{named.strip().lower()})")
    if at and named.strip().lower() != platform:
        raise _bad(f"{option} {text}: expected {platform}@VERSION or VERSION, e.g. {_EXAMPLE[platform]}")
    if not (version if at else text.strip()):
        raise _bad(f"{option} {text!r}: the version is missing, e.g. {_EXAMPLE[platform]}")
    return version if at else text.strip()


_EXAMPLE = {"magento": "2.4.8", "lightspeed": "2026-07"}


def _bad(message: str) -> Exception:
    from stockgate.cli import CommandLineError

    return CommandLineError(PROG, message)


def _parsed(args: argparse.Namespace) -> dict[str, Any]:
    """The options given as text (schedule, outage, faults, versions), read; one line naming the option if bad."""
    from stockgate.drift.config import ConfigError, Outage, parse_faults, parse_schedule

    try:
        return {"schedule": None if args.schedule is None else parse_schedule(args.schedule),
                "compare_schedule": None if args.compare_schedule is None else parse_schedule(args.compare_schedule),
                "outage": None if args.outage is None else Outage.parse(args.outage),
                "faults": {} if args.faults is None else parse_faults(args.faults),
                "magento": _version("--magento", args.magento),
                "lightspeed": _version("--lightspeed", args.lightspeed)}
    except ConfigError as exc:
        raise _bad(str(exc)) from None


def _start(text: str) -> Any:
    import datetime as dt

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def config_from(args: argparse.Namespace) -> Any:
    """The run's configuration, checked (one line, exit 2, on any problem)."""
    from stockgate.drift.config import DEFAULT_SCHEDULE, DEFAULT_START, DriftConfig

    given = _parsed(args)
    config = DriftConfig(stores=args.stores, skus=args.skus, daily_orders=args.daily_orders, days=args.days,
                         pos_sales_per_day=args.pos_sales_per_day, return_rate=args.return_rate,
                         connector=args.connector, schedule=given["schedule"] or dict(DEFAULT_SCHEDULE),
                         magento=given["magento"], lightspeed=given["lightspeed"], magento_profile=args.profile,
                         outage=given["outage"], faults=given["faults"], seed=args.seed,
                         start=args.start or DEFAULT_START, minutes_per_fix=args.minutes_per_fix)
    problems = config.problems()
    if problems:
        raise _bad("; ".join(problems))
    args.compare_schedule = given["compare_schedule"]
    _warn_long_periods(config, "--schedule")
    return config


def _warn_long_periods(config: Any, option: str) -> None:
    """A flow whose period is longer than the run never runs in it: legal (a what-if), but say so on stderr."""
    import sys

    from stockgate.drift.config import show_days, show_duration

    for flow, period in config.schedule.items():
        if period > config.seconds:
            print(f"{PROG}: warning: {option} {flow}={show_duration(period)} is longer than the simulated "
                  f"{show_days(config.days)}: the connector's {flow} flow never runs in it", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    """Simulate (twice with --compare), print the summary, write the reports (the partial ones after Ctrl-C).

    Every error is named as this command's (``stockgate drift simulate: error: ...``), as other commands do.
    """
    from stockgate.errors import StockgateError

    try:
        return _run(args)
    except StockgateError as exc:
        if not hasattr(exc, "prog"):
            exc.prog = PROG  # type: ignore[attr-defined]  # read by stockgate.cli.main for the prefix
        raise


INTERRUPTED = 130  # as shells report a command ended by SIGINT


def _run(args: argparse.Namespace) -> int:
    import dataclasses
    import sys

    from stockgate.drift import compare
    from stockgate.drift.report import as_json, render_markdown, render_text, write_reports
    from stockgate.safewrite import writable_dir

    config = config_from(args)
    other = None
    if args.compare or args.compare_schedule:
        other = dataclasses.replace(config, connector=args.compare or config.connector,
                                    schedule=args.compare_schedule or config.schedule)
    if args.report_dir is not None:
        writable_dir(args.report_dir, "--report-dir")
    first = _simulate(config)
    second = _simulate(other) if other is not None and not first[2].interrupted else None
    if second is not None:
        text = {"json": lambda: json.dumps(compare.as_json_pair(first, second), indent=1) + "\n",
                "md": lambda: compare.render_markdown(first, second),
                "text": lambda: compare.render_text(first, second)}
        print(text[args.format](), end="")
    elif args.format == "json":
        document = as_json(*first)
        document.pop("sales")
        print(json.dumps(document, indent=1))
    else:
        print((render_markdown if args.format == "md" else render_text)(*first), end="")
    if args.report_dir is not None:
        paths = write_reports(args.report_dir, *first)
        if second is not None:
            paths += write_reports(args.report_dir / "compare", *second)
        print(f"reports: {', '.join(str(p) for p in paths)}", file=sys.stderr)
    stopped = first[2].interrupted or (second is not None and second[2].interrupted)
    return INTERRUPTED if stopped else 0


def _simulate(config: Any) -> Any:
    """One run with Ctrl-C ending it after the current tick: (config, summary, raw)."""
    import asyncio
    import signal
    import sys

    from stockgate.adapters import adapter_for
    from stockgate.drift.measure import summarize
    from stockgate.drift.sim import Simulation

    simulation = Simulation(config, adapter=adapter_for(config.connector),
                            progress=lambda line: print(line, file=sys.stderr, flush=True))
    previous = signal.signal(signal.SIGINT, lambda *_: simulation.stop())
    try:
        raw = asyncio.run(simulation.run())
    finally:
        signal.signal(signal.SIGINT, previous)
    return config, summarize(raw, seed=config.seed, minutes_per_fix=config.minutes_per_fix), raw
