"""``stockgate completion bash|zsh|fish``: a shell completion script generated from the parser (by shtab)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

SHELLS = {
    "bash": 'eval "$(stockgate completion bash)"  # in ~/.bashrc',
    "zsh": "stockgate completion zsh > \"${fpath[1]}/_stockgate\"  # then restart zsh",
    "fish": "stockgate completion fish > ~/.config/fish/completions/stockgate.fish",
}


def register(commands: Any) -> None:
    """Add ``completion``."""
    parser = commands.add_parser(
        "completion", help="print a shell completion script (bash, zsh or fish)",
        description="Print a completion script for SHELL, generated from stockgate's own options, so it never "
        "lags behind them. Install it with:\n" + "\n".join(f"  {line}" for line in SHELLS.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shell", choices=list(SHELLS), metavar="SHELL", help="bash, zsh or fish")
    parser.set_defaults(run=run)


def script(shell: str) -> str:
    """The completion script for ``shell``, from the full command tree."""
    import shtab

    from stockgate.cli import build_parser

    return str(shtab.complete(build_parser(), shell=shell))


def run(args: argparse.Namespace) -> int:
    """Print the script on stdout."""
    text = script(args.shell)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0
