"""``stockgate contracts validate``: every contract and profile (or the given paths), checked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from stockgate.cli.common import ProgressBar, add_contracts_dir, add_format, add_verbosity, print_json


def register(commands: Any) -> None:
    """Add the subcommand."""
    parser = commands.add_parser("validate", help="check contracts, hashes, profiles and overlays")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or folders to check (default: everything in the index)")
    add_contracts_dir(parser)
    add_format(parser)
    add_verbosity(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 when everything holds, 2 when a contract or profile does not."""
    from stockgate.contracts.index import load_index
    from stockgate.contracts.validation import validate_contracts, validate_paths

    index = load_index(args.contracts_dir)
    with ProgressBar(0 if args.paths else len(index.entries), "validating contracts") as bar:
        issues = validate_paths(index, args.paths) if args.paths else validate_contracts(index, progress=bar.advance)
    errors = [i for i in issues if i.level == "error"]
    if args.format == "json":
        print_json({"ok": not errors, "issues": [{"level": i.level, "where": i.where, "message": i.message}
                                                for i in issues]})
    else:
        for entry in index.entries if args.verbosity > 0 and not args.paths else ():
            print(f"checked {entry.ref}")
        for issue in issues:
            if issue.level == "error" or args.verbosity >= 0:  # --quiet: the errors and the summary only
                print(issue.render(), file=sys.stderr if issue.level == "error" else sys.stdout)
        checked = ", ".join(str(p) for p in args.paths) if args.paths else f"{len(index.entries)} contracts"
        print(f"{'FAILED' if errors else 'ok'}: {checked}; {len(errors)} error(s), "
              f"{len(issues) - len(errors)} warning(s)")
    return 2 if errors else 0
