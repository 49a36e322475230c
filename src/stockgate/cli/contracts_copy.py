"""``stockgate contracts copy DIR``: the contracts in use, copied to a folder of your own.

Pulled contracts (``stockgate contracts pull``) are added to a contracts folder; an installed
stockgate's shipped contracts sit read-only inside its package, so the first step on a merchant's own
stores is a copy of them. The copy is written beside DIR under a temporary name and renamed into
place, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from stockgate.cli.common import add_contracts_dir


def register(commands: Any) -> None:
    """Add the subcommand."""
    parser = commands.add_parser(
        "copy", help="copy the contracts in use to a folder of your own (where contracts pull adds contracts)",
        description="Copy the contracts in use (by default the ones shipped with stockgate) to DIR, a new or empty "
        "folder, so contracts pull can add a store's own contract beside them; give the same --contracts-dir DIR "
        "to every later command that names a pulled version.")
    parser.add_argument("folder", type=Path, metavar="DIR", help="a new (or empty) folder")
    add_contracts_dir(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Copy, check the copy reads, say what to run next."""
    import shutil
    import tempfile

    from stockgate.contracts.index import load_index
    from stockgate.datafile import display_path
    from stockgate.errors import UsageError

    source = load_index(args.contracts_dir)
    target: Path = args.folder
    if target.exists() and not target.is_dir():
        raise UsageError(f"{display_path(target)} is a file, not a folder; give a new folder to copy the contracts "
                         "into (e.g. my-contracts)")
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"{display_path(target)} already exists and is not an empty folder; choose a new folder "
                         "(contracts copy never writes into one that holds something)")
    parent = target.resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{display_path(target)}: its parent folder {display_path(parent)} does not exist; "
                         "create it or choose another place")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=parent))
    try:
        shutil.copytree(source.root, staging, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for path in staging.rglob("*"):  # the package's files may be read-only: the copy is the user's
            path.chmod(path.stat().st_mode | 0o200)
        copied = load_index(staging)
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shown = display_path(target)
    print(f"copied {len(copied.refs())} platform versions from {display_path(source.root)} to {shown}")
    print(f"next: stockgate contracts pull magento --target URL --as my-staging --contracts-dir {shown}")
    return 0
