"""``stockgate drift observe``: the drift test on a real store pair, read-only (logic in stockgate.drift.observe)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from stockgate.live.rates import negative_rate_is_a_value

PROG = "stockgate drift observe"
FOREVER = 10**12  # requests: the run is bounded by --rate and Lightspeed's window, not by a count


def register(sub: Any) -> None:
    """Add ``drift observe`` to the ``drift`` subcommands."""
    p = sub.add_parser(
        "observe", help="a merchant's real store pair, read-only: how long POS sales take to reach Magento",
        description="Watch a real Magento + Lightspeed pair (staging or production) on wall time, read-only: "
                    "follow closed POS sales by Lightspeed's version cursor, sample up to --sample a day from peak "
                    "hours, poll the sold SKU's Magento source item and salable quantity until the sale shows, "
                    "count negative salable quantities, infer the connector's inventory cadence, and compare both "
                    "stores for the SKUs sold each day at its end (UTC). Writes the same report as drift simulate. "
                    "Only GET requests are ever sent. Credentials come from the environment as for cassettes record "
                    "--target (STOCKGATE_MAGENTO_TOKEN, the OAuth 1.0a variables, STOCKGATE_LIGHTSPEED_TOKEN). "
                    "Run it again with the same --state after a stop and it resumes. Exit 0 when the run ends, 2 on "
                    "a bad argument or a store that cannot be read, 130 when interrupted (Ctrl-C writes the "
                    "partial report and keeps the state).")
    p.add_argument("--target", required=True, metavar="MAGENTO_URL,LIGHTSPEED_URL",
                   help="the stores' base URLs, or staging (STOCKGATE_MAGENTO_URL and STOCKGATE_LIGHTSPEED_URL)")
    span = p.add_mutually_exclusive_group()
    span.add_argument("--days", type=float, default=None, metavar="D", help="observe D days (default: 7)")
    span.add_argument("--hours", type=float, default=None, metavar="H", help="observe H hours instead")
    p.add_argument("--state", type=Path, required=True, metavar="FILE",
                   help="where the run keeps what it learnt (JSON); the same file resumes a stopped run")
    p.add_argument("--mapping", type=Path, default=None, metavar="FILE",
                   help="the connector's mapping file (outlets to sources, stock, store code, SKU table); default: "
                        "outlets matched to Magento sources by name, the stock those sources are linked to")
    p.add_argument("--sample", type=int, default=20, metavar="N", help="sales measured per day (default: 20)")
    p.add_argument("--peak", default="11:00-14:00", metavar="HH:MM-HH:MM",
                   help="peak hours in each outlet's own time zone, where the sample is taken (default: 11:00-14:00)")
    p.add_argument("--poll", default="60s", metavar="DURATION",
                   help="time between polls, e.g. 30s or 2m (default: 60s): the delays' resolution")
    p.add_argument("--registers", type=int, default=1, metavar="N",
                   help="the retailer's registers: Lightspeed's limit is 300 x N + 50 requests per 300 s (default: 1)")
    p.add_argument("--lightspeed-share", type=float, default=0.25, metavar="F",
                   help="share of Lightspeed's rate limit this run may use, at most 0.5 (default: 0.25: the rest is "
                        "the merchant's connector's)")
    p.add_argument("--rate", default="2/s", metavar="R/s", help="at most R Magento requests a second (default: 2/s)")
    p.add_argument("--day-end-skus", type=int, default=100, metavar="N",
                   help="SKUs sold that day compared at each day's end (default: 100)")
    p.add_argument("--minutes-per-fix", type=float, default=5.0, metavar="M",
                   help="staff minutes to fix one disagreeing cell (default: 5)")
    p.add_argument("--report-dir", type=Path, default=None, metavar="DIR",
                   help="write drift.json, drift.md and drift.html here")
    p.add_argument("--format", choices=["text", "json", "md"], default="text", help="console output format")
    p.set_defaults(run=run)
    negative_rate_is_a_value(p)


def _bad(message: str) -> Exception:
    from stockgate.cli import CommandLineError

    return CommandLineError(PROG, message)


def config_from(args: argparse.Namespace, stores: str) -> Any:
    """The observation's settings, each checked (one line naming the option)."""
    from stockgate.drift.config import ConfigError, duration
    from stockgate.drift.observe import ObserveConfig, parse_peak
    from stockgate.errors import UsageError
    from stockgate.live.client import positive_rate

    if args.hours is not None:
        if not 0 < args.hours <= 31 * 24:
            raise _bad(f"--hours {args.hours:g}: expected more than 0 and at most 744 (31 days)")
        seconds = args.hours * 3600
    else:
        days = 7.0 if args.days is None else args.days
        if not 0 < days <= 31:
            raise _bad(f"--days {days:g}: expected more than 0 and at most 31")
        seconds = days * 86400
    checks = [("--sample", args.sample, 1, 1000), ("--registers", args.registers, 1, 100),
              ("--day-end-skus", args.day_end_skus, 0, 10_000)]
    for option, value, low, high in checks:
        if not low <= value <= high:
            raise _bad(f"{option} {value}: expected {low:,} to {high:,}")
    if not 0 < args.lightspeed_share <= 0.5:
        raise _bad(f"--lightspeed-share {args.lightspeed_share:g}: expected more than 0 and at most 0.5 (the rest of "
                   "the limit is the merchant's connector's)")
    if args.minutes_per_fix <= 0:
        raise _bad(f"--minutes-per-fix {args.minutes_per_fix:g}: expected minutes above zero")
    try:
        poll = duration(args.poll, f"--poll {args.poll}")
        rate = positive_rate(args.rate)
        peak = parse_peak(args.peak)
    except (ConfigError, UsageError) as exc:
        raise _bad(str(exc).removeprefix("stockgate: ")) from None
    if not 1 <= poll <= 3600:
        raise _bad(f"--poll {args.poll}: expected 1s to 1h")
    return ObserveConfig(seconds=seconds, poll=poll, sample=args.sample, peak=peak,
                         lightspeed_share=args.lightspeed_share, registers=args.registers,
                         day_end_skus=args.day_end_skus, minutes_per_fix=args.minutes_per_fix, rate=rate, stores=stores)


def run(args: argparse.Namespace) -> int:
    """Observe, print the summary, write the reports; every error named as this command's."""
    from stockgate.errors import StockgateError

    try:
        return _run(args)
    except StockgateError as exc:
        if not hasattr(exc, "prog"):
            exc.prog = PROG  # type: ignore[attr-defined]  # read by stockgate.cli.main for the prefix
        raise


def _run(args: argparse.Namespace) -> int:
    import json
    import sys

    from stockgate.cli.drift_cmd import INTERRUPTED
    from stockgate.drift.measure import summarize
    from stockgate.drift.report import as_json, render_markdown, render_text, write_reports

    config, raw, sent = _observe(args)
    summary = summarize(raw, seed=config.seed, minutes_per_fix=config.minutes_per_fix)
    if args.format == "json":
        document = as_json(config, summary, raw)
        document.pop("sales")
        print(json.dumps(document, indent=1))
    else:
        print((render_markdown if args.format == "md" else render_text)(config, summary, raw), end="")
    if args.report_dir is not None:
        paths = write_reports(args.report_dir, config, summary, raw)
        print(f"reports: {', '.join(str(p) for p in paths)}", file=sys.stderr)
    print(f"requests sent: Magento {sent[0]:,}, Lightspeed {sent[1]:,} (all GET)", file=sys.stderr)
    return INTERRUPTED if raw.interrupted else 0


def _observe(args: argparse.Namespace) -> tuple[Any, Any, tuple[int, int]]:
    """Check the arguments, read how the stores are tied, poll until the end or Ctrl-C: (config, raw, requests)."""
    import dataclasses
    import signal
    import sys
    import threading

    from stockgate.connector.mapping import load_mapping
    from stockgate.drift.observe import Observer, resolve_links
    from stockgate.live.client import Limits, StoreClient
    from stockgate.safewrite import writable_dir, writable_file
    from stockgate.target import parse_target

    target = parse_target(args.target)
    if target is None:
        raise _bad("--target twin: drift observe watches real stores; for the twins run `stockgate drift simulate`")
    config = config_from(args, f"{target.label('magento')},{target.label('lightspeed')}")
    writable_file(args.state, "--state")
    if args.report_dir is not None:
        writable_dir(args.report_dir, "--report-dir")
    mapping = load_mapping(args.mapping) if args.mapping is not None else None
    magento = StoreClient(target=target, platform="magento", limits=Limits(max_requests=FOREVER, rate=config.rate))
    lightspeed = StoreClient(target=target, platform="lightspeed", limits=Limits(
        max_requests=FOREVER, rate=config.rate, window=config.lightspeed_window()))
    stop = threading.Event()
    try:
        links = resolve_links(magento, lightspeed, mapping)
        config = dataclasses.replace(config, links=links.how)
        observer = Observer(config, magento, lightspeed, links, args.state, sleep=stop.wait,
                            progress=lambda line: print(line, file=sys.stderr, flush=True))
        if observer.resumed:
            config = dataclasses.replace(config, seconds=observer.state["ends"] - observer.state["started"])
            observer.config = config
        print(_opening(observer, args.state), file=sys.stderr, flush=True)

        def interrupt(*_: object) -> None:
            observer.stop()
            stop.set()

        previous = signal.signal(signal.SIGINT, interrupt)
        try:
            raw = observer.run()
        finally:
            signal.signal(signal.SIGINT, previous)
    finally:
        magento.close()
        lightspeed.close()
    return config, raw, (magento.sent, lightspeed.sent)


def _opening(observer: Any, state: Path) -> str:
    import datetime as dt

    started = dt.datetime.fromtimestamp(observer.state["started"], dt.UTC)
    ends = dt.datetime.fromtimestamp(observer.state["ends"], dt.UTC)
    verb = "resuming the observation started" if observer.resumed else "observing from"
    return (f"{verb} {started:%Y-%m-%d %H:%M:%S} UTC until {ends:%Y-%m-%d %H:%M:%S} UTC (state {state}); read-only; "
            "Ctrl-C stops and writes the partial report")
