"""``stockgate contracts list``: every platform version stockgate knows."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from stockgate.cli.common import add_contracts_dir, add_format, parse_date, print_json, table
from stockgate.contracts.index import ContractEntry, load_index


def register(commands: Any) -> None:
    """Add the subcommand."""
    parser = commands.add_parser("list", help="every platform version with status, source and support window")
    add_contracts_dir(parser)
    add_format(parser)
    parser.add_argument("--as-of", type=parse_date, default=None, metavar="DATE",
                        help="judge support windows on DATE (YYYY-MM-DD; default: today)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the index."""
    index = load_index(args.contracts_dir)
    today = args.as_of or dt.date.today()
    if args.format == "json":
        print_json({"as_of": today.isoformat(), "contracts": [_json(e, today) for e in index.entries]})
        return 0
    rows = [["VERSION", "STATUS", "RELEASED", "SUPPORT", "RETRIEVED", "SOURCE"]]
    rows += [[str(e.ref), e.status.value, e.released, _support(e, today), e.retrieved, _source(e)]
             for e in index.entries]
    print(table(rows))
    derived = [str(e.ref) for e in index.entries if e.base]
    if derived:
        print(f"\nderived = no vendor file exists; built by stockgate from a published base with a cited "
              f"overlay: {', '.join(derived)}")
    pulled = [f"{e.ref} (nearest {e.extends})" for e in index.entries if e.extends is not None]
    if pulled:
        print(f"pulled = a store's own schema or a downloaded document (`stockgate contracts pull`), its profile "
              f"assumed from the nearest release: {', '.join(pulled)}")
    return 0


def _support(entry: ContractEntry, today: dt.date) -> str:
    state = entry.support_state(today)
    if state == "unknown":
        return "unknown"
    return f"{'until' if state == 'supported' else 'ended'} {entry.support_ends}"


def _source(entry: ContractEntry) -> str:
    if entry.base:
        return f"overlay on {entry.base} ({entry.publisher})"
    return f"{entry.publisher}: {entry.source}"


def _json(entry: ContractEntry, today: dt.date) -> dict[str, Any]:
    return {
        "ref": str(entry.ref),
        "platform": entry.ref.platform.value,
        "version": entry.ref.version,
        "status": entry.status.value,
        "title": entry.title,
        "publisher": entry.publisher,
        "source": entry.source,
        "licence": entry.licence,
        "retrieved": entry.retrieved,
        "sha256": entry.sha256,
        "base": str(entry.base) if entry.base else None,
        "released": entry.released,
        "released_source": entry.released_source,
        "support_ends": entry.support_ends,
        "support_source": entry.support_source,
        "support_state": entry.support_state(today),
        "notes": entry.notes,
    }
