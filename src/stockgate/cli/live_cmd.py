"""``stockgate verify-live``: schemathesis against a merchant's store, checked by its own (or a release's) contract."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from stockgate.cli.common import add_contracts_dir, require
from stockgate.live.rates import negative_rate_is_a_value


def register(commands: Any) -> None:
    """Add the command."""
    parser = commands.add_parser(
        "verify-live", help="check a live store against its contract with schemathesis, read-only by default",
        description="Send schemathesis cases to the store named by --target (that host only), the operations a "
        "stock connector calls first, and check every answer with the contract's profile-aware conformance "
        "check. Read-only unless --allow-writes: GET (Magento's searches included); writes are refused by the "
        "client. Credentials come "
        "from the environment (STOCKGATE_MAGENTO_TOKEN, and the OAuth 1.0a variables). Exit 0 conforming, "
        "1 findings, 2 usage.")
    parser.add_argument("ref", metavar="PLATFORM@VERSION", help="the contract to hold the store to, e.g. "
                        "magento@my-staging (pulled with `stockgate contracts pull`), magento@2.4.8 or "
                        "lightspeed@2026-07")
    parser.add_argument("--target", required=True, metavar="URL", help="the store's base URL")
    parser.add_argument("--store", default="default", metavar="CODE", help="store code in /rest/<store> "
                        "(default: default)")
    parser.add_argument("--max-requests", type=int, default=200, metavar="N",
                        help="request budget, retries after Retry-After included (default: 200)")
    parser.add_argument("--rate", default="2/s", metavar="R/s",
                        help="at most R requests a second, leaving the store room for its own traffic (default: 2/s)")
    parser.add_argument("--allow-writes", action="store_true",
                        help="magento: after the reads, create a disabled test product named with the run id "
                        "(sg-XXXXXXXX-1), read it back, stock it at 0 on the default source and read that; every "
                        "write is listed at the end and NOT undone (use a staging store)")
    parser.add_argument("--registers", type=int, metavar="N",
                        help="lightspeed: the retailer's registers; the run keeps to half of its rate limit "
                        "(300 x N + 50 per 300 s) and leaves the rest to the merchant (default: the profile's "
                        "rate_limit.registers)")
    parser.add_argument("--examples", type=int, default=3, metavar="N",
                        help="generated cases per operation after the explicit one (default: 3)")
    parser.add_argument("--seed", type=int, default=0, help="the generator's seed (default: 0: the same run twice)")
    parser.add_argument("--operation", action="append", metavar="'METHOD /path'",
                        help="check only these operations (repeatable; default: every read, the connector's first)")
    parser.add_argument("--profile", default="default", metavar="NAME",
                        help="merchant configuration the store runs, e.g. input-limits-on (default: default)")
    parser.add_argument("--format", choices=["text", "json", "md", "junit"], default="text",
                        help="what to print on stdout (default: text)")
    parser.add_argument("--report-dir", type=Path, metavar="DIR",
                        help="write verify-live.json, .md, .txt and .junit.xml there")
    add_contracts_dir(parser)
    negative_rate_is_a_value(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the arguments, run, print and write the reports."""
    from stockgate.contracts import load_contract
    from stockgate.live.client import Limits, StoreClient, positive_rate, store_code
    from stockgate.live.report import FORMATS, headline
    from stockgate.live.verify import Plan, api_prefix, not_the_platform, ordered_operations, post_reads, verify
    from stockgate.safewrite import REPORT_MODE, writable_dir, write_atomic
    from stockgate.target import lightspeed_store, magento_store

    contract = load_contract(args.ref)
    platform = contract.ref.platform.value
    require(args.registers is None or platform == "lightspeed", "--registers applies to Lightspeed only")
    require(args.registers is None or 1 <= args.registers <= 1000, f"--registers {args.registers}: expected 1 to "
            "1000 registers (the registers-N profile's range)")
    require(args.max_requests > 0, f"--max-requests {args.max_requests}: expected a whole number from 1")
    require(args.examples >= 0, f"--examples {args.examples}: expected a whole number from 0")
    profile = contract.profile(args.profile)
    store_code(args.store)
    operations = [contract.operation(text).key for text in args.operation or []]
    posted = post_reads(contract, profile)
    writing = [op for op in operations if not op.startswith("GET ") and op not in posted]
    require(not writing or args.allow_writes, "--operation: a read-only run sends GET (and the reads a profile "
            f"fact names as POST: {', '.join(posted) or 'none here'}) only; {', '.join(writing)} would write to "
            "the store")
    if args.report_dir is not None:
        writable_dir(args.report_dir, "--report-dir")
    require(not args.allow_writes or platform == "magento", "--allow-writes: the write walk is Magento's only "
            "(Lightspeed verify-live is read-only)")
    limits = Limits(max_requests=args.max_requests, rate=positive_rate(args.rate), allow_writes=args.allow_writes,
                    window=_window(profile, args.registers) if platform == "lightspeed" else None,
                    reads_by_post=tuple(api_prefix(contract, args.store) + op.split(" ", 1)[1] for op in posted))
    target = magento_store(args.target) if platform == "magento" else lightspeed_store(args.target)
    client = StoreClient(target=target, limits=limits, platform=platform,
                         shape=lambda method, url, body: not_the_platform(contract, method, url, body))
    window = f", at most {limits.window[0]} per {limits.window[1]:g} s (half the rate limit)" if limits.window else ""
    pace = _pace(limits, operations or ordered_operations(contract, False, api_prefix(contract, args.store), profile),
                 args.examples)
    banner = (f"verify-live {contract.ref} on {client.label}: at most {limits.max_requests} request(s), "
              f"{limits.rate:g}/s{window}{pace}, " + (f"writes allowed (run {target.run_id}; not undone)"
                                                      if args.allow_writes else "read-only"))
    client.on_judged = lambda: print(banner, file=sys.stderr, flush=True)  # bad input stays one line: the error
    try:
        result = verify(contract, profile, client, Plan(examples=args.examples, seed=args.seed,
                                                        operations=operations or None), store_code=args.store)
    finally:
        client.close()
    require(client.judged and bool(result.checked), f"verify-live checked nothing it could judge: {result.sent} "
            f"request(s) sent, none answered with a JSON success; {client.hint()}")
    for filename, render in FORMATS.values() if args.report_dir is not None else ():
        write_atomic(args.report_dir / filename, render(result), mode=REPORT_MODE)
    printed = FORMATS[args.format][1](result)
    sys.stdout.write(printed)
    if args.format != "text":
        if result.write_walk_not_run:
            print(f"write walk not run: {result.write_walk_not_run}", file=sys.stderr)
        print(headline(result), file=sys.stderr)
    return result.exit_code


def _pace(limits: Any, operations: list[str], examples: int) -> str:
    """`` (about 3 min at this pace, the whole budget)``: how long the run takes at most, answers aside.

    A read-only run sends each operation its explicit case and ``examples`` generated ones at most, so it ends
    there when that is less than the budget (the write walk's requests are not counted ahead: then the budget).
    """
    from stockgate.live.verify import budget_seconds

    used = limits.max_requests if limits.allow_writes else min(limits.max_requests, len(operations) * (1 + examples))
    takes = _duration(budget_seconds(used, limits.rate, limits.window))
    if used == limits.max_requests:
        return f" (about {takes} at this pace, the whole budget)"
    return f" (about {takes} at this pace: the {len(operations)} operation(s) use at most {used} request(s))"


def _duration(seconds: float) -> str:
    """``4 s``, ``5 min``, ``1 h 10 min``: a budget's duration, roughly."""
    if seconds < 59.5:
        return f"{max(1, math.ceil(seconds))} s"
    minutes = max(1, round(seconds / 60))
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"


def _window(profile: Any, registers: int | None) -> tuple[int, float]:
    """Half of Lightspeed's limit for ``registers`` (``rate_limit.formula``): the merchant keeps the other half."""
    formula = profile.value("rate_limit.formula")
    count = registers if registers is not None else int(profile.value("rate_limit.registers") or 1)
    require(count >= 1, f"--registers {count}: expected a whole number from 1")
    limit = int(formula["per_register"]) * count + int(formula["base"])
    return limit // 2, float(formula["window_seconds"])
