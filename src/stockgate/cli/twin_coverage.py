"""``stockgate twin coverage``: which connector operations a twin implements, per contract version."""

from __future__ import annotations

import argparse
from typing import Any

from stockgate.cli.common import add_format, print_json, table


def register(commands: Any) -> None:
    """Add the subcommand."""
    parser = commands.add_parser("coverage", help="which operations a stock connector uses the twin implements")
    parser.add_argument("ref", metavar="PLATFORM@VERSION", help="e.g. magento@2.4.8")
    add_format(parser)
    parser.set_defaults(run=run)


def rows_for(ref_text: str) -> list[dict[str, Any]]:
    """One row per connector operation (see :func:`stockgate.twins.registry.coverage`)."""
    from stockgate.twins.registry import coverage

    return coverage(ref_text)


def run(args: argparse.Namespace) -> int:
    """Print the coverage table and the percentage."""
    rows = rows_for(args.ref)
    counted = [r for r in rows if "not served" not in r["note"]]
    done = sum(r["implemented"] for r in counted)
    percent = round(100 * done / len(counted), 1) if counted else 100.0
    if args.format == "json":
        print_json({"ref": args.ref, "implemented": done, "total": len(counted), "percent": percent,
                    "operations": rows})
        return 0
    lines = [["AREA", "OPERATION", "CONTRACT", "TWIN", "NOTE"]]
    lines += [[r["area"], r["operation"], "yes" if r["in_contract"] else "no", "yes" if r["implemented"] else "-",
               r["note"]] for r in rows]
    print(table(lines))
    print(f"\n{args.ref}: the twin implements {done} of {len(counted)} connector operations it serves ({percent}%)")
    return 0
