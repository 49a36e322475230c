"""A small on-disk cache for expensive, pure derivations of files (parsed contracts, validation).

Entries are keyed by the sha256 of their inputs plus a format tag, so an edited file is simply a
new key; nothing is ever invalidated by time. The cache lives in ``$STOCKGATE_CACHE_DIR``, else
``$XDG_CACHE_HOME/stockgate``, else ``~/.cache/stockgate``; ``STOCKGATE_CACHE_DIR=off`` turns it
off. A cache that cannot be written is skipped silently, and an entry that cannot be read back as
plain data of the expected shape is rebuilt: it only ever saves time. Entries are read with an
unpickler that refuses every class and function, so a planted file cannot run code.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

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


def cached(kind: str, key: str, compute: Callable[[], T], *, check: Callable[[Any], bool]) -> T:
    """Return the cached value for (kind, key), computing and storing it on a miss.

    ``check`` says whether a stored value has the shape ``compute`` returns; an entry that fails it, or
    that is no plain-data pickle at all (garbage, a truncated file, a pickle naming a class or function),
    is dropped and rebuilt: the cache only ever saves time.
    """
    root = cache_dir()
    if root is None:
        return compute()
    entry = root / kind / f"{FORMAT}-{key}.pickle"
    found = _load(entry)
    if found is not _MISSING and check(found):
        return cast(T, found)
    value = compute()
    _store(entry, value)
    return value


_MISSING = object()


class _PlainUnpickler(pickle.Unpickler):
    """Plain data only: a pickle that names a class or a function is refused, never imported or called."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name}: not plain data")


def _load(entry: Path) -> Any:
    """The entry's value, or ``_MISSING`` when there is none or it cannot be read as plain data."""
    try:
        with entry.open("rb") as fh:
            return _PlainUnpickler(fh).load()
    except Exception:  # missing, or any damage (garbage, truncation, a protocol from the future): rebuild
        return _MISSING


def is_pairs(value: Any) -> bool:
    """Whether ``value`` is a list of (text, text) pairs (a cached list of findings)."""
    return isinstance(value, list) and all(
        isinstance(v, tuple) and len(v) == 2 and all(isinstance(s, str) for s in v) for v in value)


def _store(entry: Path, value: object) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).replace(entry)  # atomic: readers never see half an entry
    except OSError:
        return
