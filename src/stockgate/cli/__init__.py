"""The ``stockgate`` command: one thin module per command, all logic in the engine packages.

Exit codes: 0 pass, 1 regression or invalid data found by a check, 2 usage or data error
(bad argument, malformed file), 3 internal error. Errors are one line on stderr, never a
traceback (set ``STOCKGATE_DEBUG=1`` to see one for an internal error).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from typing import NoReturn

from stockgate import __version__
from stockgate.errors import StockgateError, UsageError


class CommandLineError(UsageError):
    """argparse's complaint about the command line, with the (sub)command it is about (``prog``)."""

    def __init__(self, prog: str, message: str) -> None:
        """``prog``: ``stockgate gate``; ``message``: argparse's, e.g. ``argument --jobs: invalid int value: 'x'``."""
        self.prog = prog
        super().__init__(f"{message} (see `{prog} --help`)")


class _Parser(argparse.ArgumentParser):
    """argparse that raises CommandLineError instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise CommandLineError(self.prog, " ".join(message.split()))


def build_parser() -> argparse.ArgumentParser:
    """The full command tree."""
    from stockgate.cli import (
        cassettes_cmd,
        ci_cmd,
        completion_cmd,
        connector_run,
        contracts_copy,
        contracts_list,
        contracts_pull,
        contracts_show,
        contracts_validate,
        diff_cmd,
        drift_cmd,
        gate_cmd,
        live_cmd,
        matrix_cmd,
        scenarios_run,
        selftest_cmd,
        twin_check,
        twin_coverage,
        twin_seed,
        twin_serve,
    )

    parser = _Parser(prog="stockgate", description="Will stock still be right after the upgrade?")
    parser.add_argument("--version", action="version", version=f"stockgate {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    contracts = commands.add_parser("contracts", help="list, show and validate platform contracts")
    contracts_cmds = contracts.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND",
                                              parser_class=_Parser)
    for module in (contracts_list, contracts_show, contracts_validate, contracts_pull, contracts_copy):
        module.register(contracts_cmds)
    twin = commands.add_parser("twin", help="serve a platform twin on loopback, or show what it implements")
    twin_cmds = twin.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=_Parser)
    for twin_module in (twin_serve, twin_coverage, twin_seed, twin_check):
        twin_module.register(twin_cmds)
    connector = commands.add_parser("connector", help="run the reference connector (or yours) against base URLs")
    connector_cmds = connector.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND",
                                              parser_class=_Parser)
    connector_run.register(connector_cmds)
    scenarios_run.register(commands)
    cassettes_cmd.register(commands)
    diff_cmd.register(commands)
    gate_cmd.register(commands)
    live_cmd.register(commands)
    matrix_cmd.register(commands)
    ci_cmd.register(commands)
    selftest_cmd.register(commands)
    drift_cmd.register(commands)
    completion_cmd.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (the console script exits with it)."""
    try:
        parser = build_parser()
        args, extras = parser.parse_known_args(argv)
        if extras:  # said by the (sub)command they were given to, with its help
            _chosen(parser, args).error(f"unrecognized arguments: {' '.join(extras)}")
        with _contracts_dir(args):
            code: int = args.run(args)
    except StockgateError as exc:
        print(f"{getattr(exc, 'prog', 'stockgate')}: error: {exc}", file=sys.stderr)
        code = exc.exit_code
    except KeyboardInterrupt:
        print("stockgate: interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as exc:
        if os.environ.get("STOCKGATE_DEBUG"):
            traceback.print_exc()
        print(f"stockgate: internal error: {type(exc).__name__}: {exc} "
              "(a stockgate defect: please report it, with STOCKGATE_DEBUG=1 output)", file=sys.stderr)
        code = 3
    return code


def _chosen(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The innermost (sub)command parser the command line chose (``stockgate contracts list``)."""
    while True:
        subparsers = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
        chosen = getattr(args, subparsers.dest, None) if subparsers is not None else None
        if subparsers is None or chosen not in subparsers.choices:
            return parser
        parser = subparsers.choices[chosen]


@contextlib.contextmanager
def _contracts_dir(args: argparse.Namespace) -> Iterator[None]:
    """``--contracts-dir DIR``: every contract the command reads comes from DIR, for this command only.

    The folder is checked first (its index read), so a wrong one is named as ``--contracts-dir``; then
    STOCKGATE_CONTRACTS_DIR points at it (worker processes inherit it) until the command returns.
    """
    folder = getattr(args, "contracts_dir", None)
    if folder is None:
        yield
        return
    from stockgate.contracts import load_index

    if folder.is_dir() or not folder.exists():
        index = folder / "index.toml"
        if not index.is_file():
            per_command = getattr(args, "contracts_dir_hint", None)  # e.g. pull, which cannot do without one
            hint = per_command() if callable(per_command) else ("point it at the folder holding index.toml (e.g. "
                                                                "contracts/), or leave it out for the shipped "
                                                                "contracts")
            raise UsageError(f"--contracts-dir {folder}: no index.toml, so no contract index here; {hint}")
    load_index(folder)
    before = os.environ.get("STOCKGATE_CONTRACTS_DIR")
    os.environ["STOCKGATE_CONTRACTS_DIR"] = str(folder.resolve())
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("STOCKGATE_CONTRACTS_DIR", None)
        else:
            os.environ["STOCKGATE_CONTRACTS_DIR"] = before


def run() -> NoReturn:  # pragma: no cover - console-script shim
    """Entry point used by ``python -m stockgate``."""
    sys.exit(main())
