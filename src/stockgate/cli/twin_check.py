"""``stockgate twin check``: the twin's distance from a merchant's store, per operation, as a report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from stockgate.cli.common import add_contracts_dir, require
from stockgate.live.rates import negative_rate_is_a_value


def register(commands: Any) -> None:
    """Add the subcommand."""
    parser = commands.add_parser(
        "check", help="compare a store's answers with a twin seeded from them (read-only, --target host only)",
        description="Read the store named by --target (websites, store views, sources, stocks, links, a sample of "
        "products and their source items, and the product extension attributes its modules add), seed a twin of "
        "PLATFORM@VERSION with exactly that in memory, send the same read-only requests to both (websites and "
        "store views included) and compare the answers structurally (as cassettes fidelity does). "
        "Credentials come from the environment (STOCKGATE_MAGENTO_TOKEN and the OAuth 1.0a variables). Exit 0 "
        "when every answer matched (values the store answers against its own contract are listed as the store's, "
        "not counted as the twin's), 1 when the twin differs, 2 usage.")
    parser.add_argument("ref", metavar="magento@VERSION", help="e.g. magento@my-staging or magento@2.4.8")
    parser.add_argument("--target", required=True, metavar="URL", help="the store's base URL")
    parser.add_argument("--store", default="default", metavar="CODE", help="store code (default: default)")
    parser.add_argument("--sample", type=int, default=10, metavar="N", help="products to sample (default: 10)")
    parser.add_argument("--profile", default="default", metavar="NAME", help="the twin's merchant configuration")
    parser.add_argument("--max-requests", type=int, default=200, metavar="N", help="request budget (default: 200)")
    parser.add_argument("--rate", default="2/s", metavar="R/s", help="at most R requests a second (default: 2/s)")
    parser.add_argument("--format", choices=["text", "json", "md"], default="text", help="stdout (default: text)")
    parser.add_argument("--report-dir", type=Path, metavar="DIR", help="write twin-check.json and twin-check.md there")
    add_contracts_dir(parser)
    negative_rate_is_a_value(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check, print, write."""
    from stockgate.contracts import load_contract
    from stockgate.live.client import Limits, StoreClient, positive_rate, store_code
    from stockgate.live.twin_check import check
    from stockgate.live.verify import not_the_platform
    from stockgate.safewrite import REPORT_MODE, writable_dir, write_atomic
    from stockgate.target import magento_store

    contract = load_contract(args.ref)
    require(contract.ref.platform.value == "magento", f"{contract.ref}: twin check compares Magento stores only")
    require(1 <= args.sample <= 100, f"--sample {args.sample}: expected 1 to 100 products")
    require(args.max_requests > 0, f"--max-requests {args.max_requests}: expected a whole number from 1")
    contract.profile(args.profile)
    store_code(args.store)
    if args.report_dir is not None:
        writable_dir(args.report_dir, "--report-dir")
    client = StoreClient(target=magento_store(args.target),
                         limits=Limits(max_requests=args.max_requests, rate=positive_rate(args.rate)),
                         shape=lambda method, url, body: not_the_platform(contract, method, url, body))
    try:
        result = check(contract, args.profile, client, store_code=args.store, sample=args.sample)
    finally:
        client.close()
    require(bool(result.comparisons) or bool(result.stopped), "twin check compared nothing: the store answered "
            f"{result.sent} read(s) but listed nothing to compare (no sources, stocks or products); is --store "
            "the store code?")
    require(not result.stopped, f"twin check stopped after {result.sent} request(s): {result.stopped} before every "
            f"answer was compared; it needs {_needed(result)}; give --max-requests accordingly (nothing written)")
    data = _data(result)
    if args.report_dir is not None:
        write_atomic(args.report_dir / "twin-check.json", json.dumps(data, indent=2) + "\n", mode=REPORT_MODE)
        write_atomic(args.report_dir / "twin-check.md", _markdown(result), mode=REPORT_MODE)
    if args.format == "json":
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    elif args.format == "md":
        sys.stdout.write(_markdown(result))
    else:
        for comparison in result.comparisons:
            for difference in comparison.differences:
                print(f"{comparison.operation}: {difference}\n  request: {comparison.request}")
        for line in result.store_not_conforming:
            print(f"the store, not the twin: {line}")
        print(_headline(result))
    return result.exit_code


def _needed(result: Any) -> str:
    """How many requests the whole check takes, when the store was read far enough to know."""
    if result.planned:
        return f"{result.planned} ({result.planned - len(result.comparisons_planned)} reads to seed the twin, " \
               f"{len(result.comparisons_planned)} to compare)"
    return (f"more than {result.sent} (the budget ended while the store was still being read; the default 200 fits a "
            "10-product sample)")


def _headline(result: Any) -> str:
    differing = sum(1 for c in result.comparisons if c.differences)
    seeded = ", ".join(f"{n} {what.removesuffix('s') if n == 1 else what}" for what, n in result.seeded.items())
    stopped = f"; stopped early: {result.stopped}" if result.stopped else ""
    broken = len(result.store_not_conforming)
    stopped += f"; the store breaks its own contract: {broken} value(s) (not the twin's distance)" if broken else ""
    verdict = "DIFFERS" if differing else "INCOMPLETE" if result.stopped else "SAME"
    return (f"{verdict}: twin of {result.ref} vs {result.store}: {differing} of "
            f"{len(result.comparisons)} answer(s) differ; seeded {seeded or 'nothing'}; {result.sent} request(s) "
            f"to the store{stopped}")


def _data(result: Any) -> dict[str, Any]:
    return {"ok": result.exit_code == 0, "ref": result.ref, "store": result.store, "seeded": result.seeded,
            "extension_attributes": result.extension_attributes, "left_out": result.left_out,
            "sent": result.sent, "stopped": result.stopped or None,
            "store_not_conforming": result.store_not_conforming,
            "comparisons": [{"operation": c.operation, "request": c.request, "differences": c.differences,
                             "store_side": c.store_side} for c in result.comparisons]}


def _markdown(result: Any) -> str:
    lines = [f"# twin check {result.ref}", "", f"**{_headline(result)}**", "", "| operation | request | differences |",
             "|---|---|---|"]
    for c in result.comparisons:
        text = "<br>".join(d.replace("|", "\\|") for d in c.differences) or "same"
        lines.append(f"| `{c.operation}` | `{c.request}` | {text} |")
    lines += ["", *(f"- declared on the twin (a store module's field): `{a['code']}` on {a['extends']} ({a['type']}), "
                    f"values of {a['products']} sampled product(s)" for a in result.extension_attributes)]
    lines += [*(f"- the store, not the twin: {line}" for line in result.store_not_conforming)]
    lines += [*(f"- left out: {line}" for line in result.left_out), ""]
    return "\n".join(lines)
