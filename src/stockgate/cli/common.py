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


def progress(message: str) -> None:
    """A transient progress line on stderr, only when it is a terminal."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K{message}")
        sys.stderr.flush()


def end_progress() -> None:
    """Clear the progress line."""
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


def require(condition: bool, message: str) -> None:
    """Raise UsageError(message) unless ``condition``."""
    if not condition:
        raise UsageError(message)
