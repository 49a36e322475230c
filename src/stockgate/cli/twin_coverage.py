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
    """One row per connector operation: area, operation, in the contract, implemented by the twin."""
    from stockgate.contracts import load_contract
    from stockgate.twins.registry import connector_operations, twin_for

    contract = load_contract(ref_text)
    platform = contract.ref.platform.value
    app = twin_for(platform).factory(contract.ref.version, "default", seed=None)
    implemented = set(app.operations())
    return [{"area": area, "operation": op, "in_contract": op in contract.operations, "implemented": op in implemented}
            for area, op in connector_operations(platform)]


def run(args: argparse.Namespace) -> int:
    """Print the coverage table and the percentage."""
    rows = rows_for(args.ref)
    done = sum(r["implemented"] for r in rows)
    percent = round(100 * done / len(rows), 1) if rows else 100.0
    if args.format == "json":
        print_json({"ref": args.ref, "implemented": done, "total": len(rows), "percent": percent, "operations": rows})
        return 0
    lines = [["AREA", "OPERATION", "CONTRACT", "TWIN"]]
    lines += [[r["area"], r["operation"], "yes" if r["in_contract"] else "NO", "yes" if r["implemented"] else "-"]
              for r in rows]
    print(table(lines))
    print(f"\n{args.ref}: the twin implements {done} of {len(rows)} connector operations ({percent}%)")
    return 0
