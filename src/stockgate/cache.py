"""A small on-disk cache for expensive, pure derivations of files (parsed contracts, validation).

Entries are keyed by the sha256 of their inputs plus a format tag, so an edited file is simply a
new key; nothing is ever invalidated by time. The cache lives in ``$STOCKGATE_CACHE_DIR``, else
``$XDG_CACHE_HOME/stockgate``, else ``~/.cache/stockgate``; ``STOCKGATE_CACHE_DIR=off`` turns it
off. A cache that cannot be written is skipped silently: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

FORMAT = "1"  # bump when the shape of any cached value changes


def cache_dir() -> Path | None:
    """Where cache entries live, or None when caching is off."""
    configured = os.environ.get("STOCKGATE_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stockgate"


def digest(*parts: bytes | str) -> str:
    """sha256 over the parts, each length-prefixed so that concatenations cannot collide."""
    h = hashlib.sha256()
    for part in parts:
        raw = part.encode() if isinstance(part, str) else part
        h.update(len(raw).to_bytes(8, "big"))
        h.update(raw)
    return h.hexdigest()


def cached(kind: str, key: str, compute: Callable[[], T]) -> T:
    """Return the cached value for (kind, key), computing and storing it on a miss."""
    root = cache_dir()
    if root is None:
        return compute()
    entry = root / kind / f"{FORMAT}-{key}.pickle"
    try:
        with entry.open("rb") as fh:
            value: T = pickle.load(fh)
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = compute()
    _store(entry, value)
    return value


def _store(entry: Path, value: object) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(entry)  # atomic: readers never see half an entry
    except OSError:
        return
