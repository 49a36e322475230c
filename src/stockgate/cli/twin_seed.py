"""``stockgate twin seed generate``: a generated merchant's Magento seed, Lightspeed seed and mapping."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    """Add ``seed`` and its ``generate`` subcommand."""
    seed = commands.add_parser("seed", help="generate seeds for the twins at any size")
    sub = seed.add_subparsers(dest="seed_command", required=True, metavar="SUBCOMMAND", parser_class=type(seed))
    generate = sub.add_parser(
        "generate", help="a generated merchant: magento.yaml, lightspeed.yaml and mapping.yaml",
        description="Write a generated merchant (deterministic by --seed): OUT/magento.yaml and OUT/lightspeed.yaml "
                    "(serve them with `stockgate twin serve magento@V --seed OUT/magento.yaml`) and "
                    "OUT/mapping.yaml (`stockgate connector run --mapping OUT/mapping.yaml`).")
    generate.add_argument("--skus", type=int, required=True, metavar="N", help="sellable SKUs (variants count)")
    generate.add_argument("--outlets", type=int, required=True, metavar="K",
                          help="outlets, each a Magento source of one stock")
    generate.add_argument("--variants", type=float, default=20.0, metavar="PCT",
                          help="percent of SKUs that are variants, in families of six (default: 20)")
    generate.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default: 1)")
    generate.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the three files to")
    generate.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the sizes, write the files, say what was written."""
    from stockgate.cli import CommandLineError
    from stockgate.safewrite import writable_dir
    from stockgate.twins.generate import Merchant, write

    merchant = Merchant(skus=args.skus, outlets=args.outlets, variants=args.variants, seed=args.seed)
    problems = merchant.check()
    if problems:
        raise CommandLineError("stockgate twin seed generate", "; ".join(problems))
    writable_dir(args.out, "--out")
    started = time.monotonic()
    paths = write(merchant, args.out)
    sizes = ", ".join(f"{p} ({p.stat().st_size / 1e6:.1f} MB)" for p in paths)
    print(f"wrote {sizes} in {time.monotonic() - started:.1f} s")
    return 0
