"""``stockgate twin coverage``: what a twin answers over its whole contract version, by area.

Every operation of the contract is either emulated or answered 501 naming it; the report counts both
per area, with the percentage of the contract and of the connector-relevant areas. ``--connector-only``
keeps the older view: the operations a stock connector and stockgate's scenarios use.
"""

from __future__ import annotations

import argparse
from typing import Any

from stockgate.cli.common import add_contracts_dir, add_format, print_json, table


def register(commands: Any) -> None:
    """Add the subcommand."""
    parser = commands.add_parser("coverage", help="which operations of a contract version the twin emulates "
                                                  "(the rest answer 501), by area")
    parser.add_argument("ref", metavar="PLATFORM@VERSION", help="e.g. magento@2.4.8")
    parser.add_argument("--connector-only", action="store_true",
                        help="only the operations a stock connector and stockgate's scenarios use")
    add_contracts_dir(parser)
    add_format(parser)
    parser.set_defaults(run=run)


def rows_for(ref_text: str) -> list[dict[str, Any]]:
    """One row per connector operation (see :func:`stockgate.twins.registry.coverage`)."""
    from stockgate.twins.registry import coverage

    return coverage(ref_text)


def run(args: argparse.Namespace) -> int:
    """Print the coverage report."""
    if args.connector_only:
        return _connector_view(args)
    from stockgate.twins.coverage import contract_coverage

    report = contract_coverage(args.ref).as_json()
    if args.format == "json":
        print_json(report)
        return 0
    lines = [["AREA", "OPERATION", "TWIN"]]
    lines += [[r["area"], r["operation"], r["answer"]] for r in report["operations"]]
    print(table(lines))
    areas = [["AREA", "CONNECTOR", "EMULATED", "501", "TOTAL", "%"]]
    areas += [[a["area"], "yes" if a["connector_relevant"] else "-", str(a["emulated"]), str(a["not_emulated"]),
               str(a["total"]), f"{a['percent']:.1f}"] for a in report["areas"]]
    print()
    print(table(areas))
    share = report["connector_relevant"]
    print(f"\n{report['ref']}: the twin emulates {report['emulated']} of {report['total']} operations of "
          f"{report['ref']}'s contract ({report['percent']}%); the other {report['not_emulated']} answer 501")
    print(f"connector-relevant areas ({', '.join(share['areas'])}): {share['emulated']} of {share['total']} "
          f"emulated ({share['percent']}%)")
    return 0


def _connector_view(args: argparse.Namespace) -> int:
    rows = rows_for(args.ref)
    counted = [r for r in rows if "not served" not in r["note"]]
    done = sum(r["implemented"] for r in counted)
    percent = round(100 * done / len(counted), 1) if counted else 100.0
    if args.format == "json":
        print_json({"ref": args.ref, "view": "connector", "implemented": done, "total": len(counted),
                    "percent": percent, "operations": rows})
        return 0
    lines = [["AREA", "OPERATION", "CONTRACT", "TWIN", "NOTE"]]
    lines += [[r["area"], r["operation"], "yes" if r["in_contract"] else "no", "yes" if r["implemented"] else "-",
               r["note"]] for r in rows]
    print(table(lines))
    print(f"\n{args.ref}: the twin implements {done} of {len(counted)} connector operations it serves ({percent}%)")
    return 0
