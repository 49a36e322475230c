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


# the one range each answer may take (checked in run, so the message names the option as given)
RANGES = {"stores": (1, "a merchant with no store has no POS to sync"), "skus": (0, ""), "daily_orders": (0, "")}


def _count(text: str) -> int:
    try:
        return int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None


def _check(args: argparse.Namespace) -> None:
    """Each answer within its range: one line naming the option, the value and the range."""
    from stockgate.cli import CommandLineError

    for name, (low, why) in RANGES.items():
        value = getattr(args, name)
        if not low <= value <= LIMIT:
            raise CommandLineError("stockgate selftest", f"--{name.replace('_', '-')} {value:,}: expected {low:,} "
                                   f"to {LIMIT:,}" + (f" ({why})" if why else ""))


def _flags(text: str) -> tuple[str, ...]:
    from stockgate.drift.selftest import FLAGS

    flags = tuple(dict.fromkeys(f.strip() for f in text.split(",") if f.strip()))
    unknown = [f for f in flags if f not in FLAGS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown flag {', '.join(unknown)} (expected some of {', '.join(FLAGS)})")
    return flags


def run(args: argparse.Namespace) -> int:
    """Print the assessment."""
    from stockgate.drift.selftest import assess, render_markdown, render_text

    _check(args)
    assessment = assess(args.stores, args.skus, args.daily_orders, args.flags)
    if args.format == "json":
        print(json.dumps(assessment.as_dict(), indent=2, ensure_ascii=False))
    elif args.format == "md":
        print(render_markdown(assessment), end="")
    else:
        print(render_text(assessment), end="")
    return 0
