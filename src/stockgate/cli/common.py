"""Options and helpers shared by commands."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from stockgate.errors import UsageError


def add_contracts_dir(parser: argparse.ArgumentParser) -> None:
    """``--contracts-dir DIR``: read contracts from DIR instead of the embedded ones."""
    parser.add_argument("--contracts-dir", type=Path, default=None, metavar="DIR",
                        help="folder holding index.toml (default: the contracts shipped with stockgate)")


def add_format(parser: argparse.ArgumentParser) -> None:
    """``--format text|json``."""
    parser.add_argument("--format", choices=["text", "json"], default="text", help="output format")


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
