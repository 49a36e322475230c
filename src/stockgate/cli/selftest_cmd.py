"""``stockgate selftest``: the 60-second self-test — am I in the risky zone? (logic in stockgate.drift.selftest)."""

from __future__ import annotations

import argparse
import json
from typing import Any

LIMIT = 100_000_000  # far beyond any merchant; a bigger number is a typo


def register(commands: Any) -> None:
    """Add ``selftest``."""
    from stockgate.drift.selftest import FLAGS

    parser = commands.add_parser(
        "selftest", help="the 60-second self-test: stores, SKUs, daily orders -> a light per dimension",
        description="Am I in the risky zone for a Magento <-> Lightspeed connector? A light per dimension "
                    "(stores <= 3 green, 4-5 amber, > 5 warning; SKUs < 10,000 green, 10,000-20,000 amber, "
                    "> 20,000 warning; daily orders < 1,000 green, 1,000-5,000 amber, > 5,000 warning; any "
                    "complexity flag is a warning) and what to run next. Exit 0 whatever the lights.")
    parser.add_argument("--stores", type=_count, required=True, metavar="N", help="physical stores (POS outlets)")
    parser.add_argument("--skus", type=_count, required=True, metavar="N", help="SKUs sold (variants count)")
    parser.add_argument("--daily-orders", type=_count, required=True, metavar="N", help="web orders on a normal day")
    parser.add_argument("--flags", type=_flags, default=(), metavar="A,B",
                        help=f"complexity flags: {', '.join(FLAGS)}")
    parser.add_argument("--format", choices=["text", "json", "md"], default="text", help="output format")
    parser.set_defaults(run=run)


def _count(text: str) -> int:
    try:
        value = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0 or value > LIMIT:
        raise argparse.ArgumentTypeError(f"{value}: expected 0 to {LIMIT:,}")
    return value


def _flags(text: str) -> tuple[str, ...]:
    from stockgate.drift.selftest import FLAGS

    flags = tuple(dict.fromkeys(f.strip() for f in text.split(",") if f.strip()))
    unknown = [f for f in flags if f not in FLAGS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown flag {', '.join(unknown)} (expected some of {', '.join(FLAGS)})")
    return flags


def run(args: argparse.Namespace) -> int:
    """Print the assessment."""
    from stockgate.cli import CommandLineError
    from stockgate.drift.selftest import assess, render_markdown, render_text

    if args.stores == 0:
        raise CommandLineError("stockgate selftest", "--stores 0: a merchant with no store has no POS to sync; "
                               "expected 1 or more")
    assessment = assess(args.stores, args.skus, args.daily_orders, args.flags)
    if args.format == "json":
        print(json.dumps(assessment.as_dict(), indent=2, ensure_ascii=False))
    elif args.format == "md":
        print(render_markdown(assessment), end="")
    else:
        print(render_text(assessment), end="")
    return 0
