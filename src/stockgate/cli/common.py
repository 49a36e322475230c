"""Options and helpers shared by commands."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stockgate.errors import UsageError


def add_contracts_dir(parser: argparse.ArgumentParser) -> None:
    """``--contracts-dir DIR``: read contracts from DIR instead of the embedded ones."""
    parser.add_argument("--contracts-dir", type=Path, default=None, metavar="DIR",
                        help="folder holding index.toml (default: the contracts shipped with stockgate)")


def add_format(parser: argparse.ArgumentParser, *extra: str) -> None:
    """``--format text|json`` (and ``extra`` choices, e.g. ``md`` where a Markdown report exists)."""
    choices = ["text", "json", *extra]
    parser.add_argument("--format", choices=choices, default="text",
                        help=f"what to print on stdout: {', '.join(choices)} (default: text)")


def add_report_dir(parser: argparse.ArgumentParser, written: str, default: Path | None = None) -> None:
    """``--report-dir DIR``: where the command writes ``written`` (created if missing)."""
    fallback = f"default: {default}/" if default else "default: none written"
    parser.add_argument("--report-dir", type=Path, default=default, metavar="DIR",
                        help=f"write {written} there ({fallback})")


def add_scenarios(parser: argparse.ArgumentParser, *, patterns: bool = True) -> None:
    """``--scenario GLOB`` (which scenarios) and ``--scenario-dir DIR`` (where they are).

    ``--scenarios DIR`` is the old spelling of ``--scenario-dir``: still accepted, no longer shown.
    """
    if patterns:
        parser.add_argument("--scenario", action="append", metavar="GLOB",
                            help="which scenarios, by id, e.g. 'returns/*' (repeatable; default: all)")
    parser.add_argument("--scenario-dir", dest="scenarios", action="append", type=Path, metavar="DIR",
                        help="a folder of scenario files to read instead of the shipped catalog (repeatable)")
    parser.add_argument("--scenarios", dest="scenarios", action="append", type=Path, help=argparse.SUPPRESS)


def add_verbosity(parser: argparse.ArgumentParser) -> None:
    """``--quiet`` (the verdict or summary and errors only) and ``--verbose`` (per-scenario or per-file detail)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1, default=0,
                       help="print only the verdict or summary line (and errors)")
    group.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=1,
                       help="also print the detail of each scenario run or file checked")


def platform_version(platform: str) -> Callable[[str], str]:
    """Argparse type for a version of ``platform``: ``magento@2.4.8`` or the bare ``2.4.8``, both giving ``2.4.8``."""
    example = {"magento": "2.4.8", "lightspeed": "2026-07"}.get(platform, "1.0")

    def parse(text: str) -> str:
        return version_of(platform, text, example)

    return parse


def version_of(platform: str, text: str, example: str = "") -> str:
    """The version in ``platform@VERSION`` or ``VERSION``; another platform's reference is a usage error."""
    named, at, version = text.strip().rpartition("@")
    if not at:
        version = text.strip()
    elif named.strip().lower() != platform:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a {platform.capitalize()} version; expected {platform}@VERSION or VERSION"
            + (f", e.g. {platform}@{example} or {example}" if example else ""))
    if not version:
        raise argparse.ArgumentTypeError(f"'{text}': the version is missing; expected {platform}@VERSION or VERSION")
    return version


def parse_date(text: str) -> dt.date:
    """Argparse type for YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date YYYY-MM-DD") from None


def print_json(value: Any) -> None:
    """Deterministic JSON on stdout."""
    json.dump(value, sys.stdout, indent=2, sort_keys=False, ensure_ascii=False)
    sys.stdout.write("\n")


def table(rows: list[list[str]]) -> str:
    """Left-aligned columns separated by two spaces."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)


class ProgressBar:
    """A progress bar on stderr (rich) while long work runs, only when stderr is a terminal.

    Not a terminal (CI logs, pipes): nothing is drawn; the command's own output says what happened.
    """

    def __init__(self, total: int, what: str) -> None:
        """``total`` steps of ``what`` ("scenario runs", "contracts")."""
        self.total = total
        self.what = what
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> ProgressBar:
        """Start drawing (terminals only)."""
        if sys.stderr.isatty() and self.total > 0:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
            from rich.table import Column

            item = TextColumn("{task.fields[item]}", table_column=Column(ratio=1, no_wrap=True, overflow="ellipsis"))
            self._bar = Progress(TextColumn("{task.description}"), BarColumn(bar_width=24), MofNCompleteColumn(),
                                 TimeElapsedColumn(), item, console=Console(file=sys.stderr), transient=True,
                                 expand=True)
            self._bar.start()
            self._task = self._bar.add_task(self.what, total=self.total, item="")
        return self

    def advance(self, item: str) -> None:
        """One step done; ``item`` says which (and how it went)."""
        if self._bar is not None:
            self._bar.update(self._task, advance=1, item=item)

    def __exit__(self, *exc: object) -> None:
        """Remove the bar (transient): the summary that follows stays clean."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def require(condition: bool, message: str) -> None:
    """Raise UsageError(message) unless ``condition``."""
    if not condition:
        raise UsageError(message)
