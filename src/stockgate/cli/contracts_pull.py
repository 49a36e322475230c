"""``stockgate contracts pull``: a store's own schema (Magento) or a downloaded document (Lightspeed) as a contract."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from stockgate.cli.common import add_contracts_dir, require


def register(commands: Any) -> None:
    """Add the subcommand."""
    parser = commands.add_parser(
        "pull", help="store a Magento store's own schema (or a downloaded Lightspeed document) as a contract",
        description="Fetch GET /rest/<store>/schema?services=all from a Magento store with the integration's "
        "credentials (STOCKGATE_MAGENTO_TOKEN, and STOCKGATE_MAGENTO_CONSUMER_KEY, _CONSUMER_SECRET and "
        "_TOKEN_SECRET for OAuth 1.0a), or read a Lightspeed OpenAPI document you downloaded, and add it to the "
        "contracts folder as PLATFORM@NAME, usable by diff, gate --to and verify-live. Its profile extends the "
        "nearest known release's, every fact marked assumed until confirmed on the store.")
    parser.add_argument("platform", choices=["magento", "lightspeed"], help="whose contract")
    parser.add_argument("--target", metavar="URL", help="magento: the store's base URL (e.g. "
                        "https://staging.example.com); only this host is contacted")
    parser.add_argument("--file", type=Path, metavar="FILE", help="lightspeed: the OpenAPI document (JSON or YAML)")
    parser.add_argument("--as", dest="name", metavar="NAME",
                        help="the version name, e.g. my-staging or 2027-01 (magento default: staging-<host hash>)")
    parser.add_argument("--store", default="default", metavar="CODE",
                        help="magento: the store code in /rest/<store>/schema (default: default)")
    parser.add_argument("--extends", metavar="VERSION",
                        help="the known release it is nearest (default: from the document's info.version)")
    add_contracts_dir(parser)
    for action in parser._actions:  # pulling writes: the shipped contracts are never the destination
        if action.dest == "contracts_dir":
            action.help = ("the contracts folder to add it to (holding index.toml; default "
                           "STOCKGATE_CONTRACTS_DIR, else the project's contracts/). Required when stockgate is "
                           "installed as a package: its shipped contracts are read-only; make one with "
                           "`stockgate contracts copy DIR`")
    parser.set_defaults(run=run, contracts_dir_hint=_no_index_hint)


def _no_index_hint() -> str:
    """``--contracts-dir`` without index.toml: pull adds to a folder it can write, so say how to make one."""
    return ("pull adds to a contracts folder it can write: make one with `stockgate contracts copy DIR` (a copy "
            "of the contracts in use) and give that DIR")


def run(args: argparse.Namespace) -> int:
    """Pull, check, write; print what was written and what to run next."""
    import datetime as dt

    from stockgate.contracts.index import load_index
    from stockgate.contracts.profiles import ASSUMED
    from stockgate.contracts.refs import Platform
    from stockgate.live import pull

    root = pull.contracts_root(args.contracts_dir)
    index = load_index(root)
    if args.platform == "magento":
        require(args.target is not None and args.file is None, "contracts pull magento: give --target URL (the "
                "store's base URL); Magento stores publish their own schema")
        pulled = _magento(args, index)
    else:
        require(args.file is not None and args.target is None and args.name is not None, "contracts pull lightspeed: "
                "give --file FILE --as NAME (Lightspeed publishes no per-store schema: download the document)")
        pulled = pull.pull_file(args.file, index, platform=Platform.LIGHTSPEED, name=args.name,
                                extends=args.extends, now=dt.datetime.now(dt.UTC))
    written = pull.write(pulled, root)
    print(f"pulled {pulled.ref} from {pulled.pulled_from}: {pulled.operations} operation(s), nearest "
          f"{pulled.extends}; its profile extends {pulled.extends}'s with {written.facts} fact(s) "
          f"{ASSUMED}")
    print(f"wrote {written.document}, {written.profile} and its entry in {written.index}")
    print(f"next: stockgate diff {pulled.extends} {pulled.ref}"
          + (f" --contracts-dir {args.contracts_dir}" if args.contracts_dir else ""))
    return 0


def _magento(args: argparse.Namespace, index: Any) -> Any:
    from stockgate.live import pull
    from stockgate.live.client import StoreClient, store_code
    from stockgate.target import magento_store

    client = StoreClient(target=magento_store(args.target), strict=False)  # pull judges the schema's answer itself
    store_code(args.store)
    try:
        return pull.pull_magento(client, index, name=args.name, store=args.store, extends=args.extends)
    finally:
        client.close()
