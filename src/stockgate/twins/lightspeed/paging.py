"""Version-cursor pagination (2.x lists) and offset pagination (``/search``)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from stockgate.twins.lightspeed.errors import invalid
from stockgate.twins.lightspeed.state import Row

T = TypeVar("T", bound=Row)


@dataclass(frozen=True, slots=True, kw_only=True)
class Cursor:
    """``after``/``before``/``page_size``/``deleted`` as a list request gives them."""

    after: int = 0
    before: int | None = None
    page_size: int | None = None
    deleted: bool = False


def _int(query: Mapping[str, str], name: str) -> int | None:
    value = query.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise invalid(f"{name} must be an integer", 400) from None


def cursor(query: Mapping[str, str], *, deleted_key: str = "deleted") -> Cursor:
    """Parse the cursor parameters of a list request."""
    size = _int(query, "page_size")
    if size is not None and size < 1:
        raise invalid("page_size must be at least 1", 400)
    deleted = str(query.get(deleted_key, "")).lower() in {"true", "1"}
    return Cursor(after=_int(query, "after") or 0, before=_int(query, "before"), page_size=size, deleted=deleted)


def page(rows: Iterable[T], at: Cursor, cap: int, keep: Callable[[T], bool] | None = None, *,
         ordered: tuple[list[T], list[int]] | None = None) -> list[T]:
    """Rows with ``after < version < before``, oldest version first, at most ``min(page_size, cap)``.

    ``ordered`` (rows in version order, and the version of each entry: ``Store.by_version``) lets a walk
    bisect instead of sorting; an entry whose row has a newer version since is skipped (it comes later).
    """
    size = min(at.page_size or cap, cap)
    items, versions = ordered if ordered is not None else _sorted(rows)
    out: list[T] = []
    for n in range(bisect.bisect_right(versions, at.after), len(items)):
        row, version = items[n], versions[n]
        if at.before is not None and version >= at.before:
            break
        if row.version != version:
            continue
        if (at.deleted or not row.deleted_at) and (keep is None or keep(row)):
            out.append(row)
            if len(out) == size:
                break
    return out


def _sorted(rows: Iterable[T]) -> tuple[list[T], list[int]]:
    items = sorted(rows, key=lambda r: r.version)
    return items, [r.version for r in items]


def envelope(items: list[dict[str, Any]], versions: list[int]) -> dict[str, Any]:
    """``{"data": [...], "version": {"min", "max"}}``; an empty page reports ``{"min": 0, "max": 0}``."""
    return {"data": items, "version": {"min": min(versions, default=0), "max": max(versions, default=0)}}
