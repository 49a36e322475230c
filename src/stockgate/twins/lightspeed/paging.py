"""Version-cursor pagination (2.x lists), offset pagination (``/search``) and how their parameters are read.

Integers are ASCII decimal within int64 (``request.query.integers``); a page size the version's document
bounds (``GET /stock_adjustments`` ``page_size`` default 100, maximum 1000) takes that default and refuses
more (``request.query.page_size``); the declared defaults, maxima and enums are read from the document
of the version answering, so they change with it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from stockgate.contracts.model import resolve_pointer
from stockgate.twins.lightspeed.errors import invalid
from stockgate.twins.lightspeed.state import Row

if TYPE_CHECKING:
    from stockgate.contracts import Contract

T = TypeVar("T", bound=Row)
INT64 = (-(2**63), 2**63 - 1)
_DIGITS = re.compile(r"-?[0-9]+\Z")  # ASCII only: not " 5", "+5", "1_000" or other scripts' digits
TRUE = frozenset({"true", "1"})  # request.parameters deleted_true (any case); any other value is false


@dataclass(frozen=True, slots=True, kw_only=True)
class Declared:
    """What a version's document declares for one query parameter or body property."""

    default: Any = None
    maximum: int | None = None
    enum: tuple[Any, ...] = ()


NOTHING = Declared()


@dataclass(frozen=True, slots=True, kw_only=True)
class Cursor:
    """``after``/``before``/``page_size``/``deleted`` as a list request gives them."""

    after: int = 0
    before: int | None = None
    page_size: int | None = None
    deleted: bool = False


def integer(query: Mapping[str, str], name: str) -> int | None:
    """A query integer (``request.query.integers``): ASCII decimal in int64, else a 400 naming it; None if absent."""
    value = query.get(name)
    if value is None or value == "":
        return None
    if not _DIGITS.match(value) or not INT64[0] <= int(value) <= INT64[1]:
        raise invalid(f"{name} must be a whole number from {INT64[0]} to {INT64[1]}, not {value!r}", 400)
    return int(value)


def flag(query: Mapping[str, str], name: str) -> bool:
    """A query boolean: ``true`` or ``1`` in any case (``request.parameters`` deleted_true); anything else false."""
    return str(query.get(name, "")).lower() in TRUE


def page_size(query: Mapping[str, str], declared: Declared = NOTHING, name: str = "page_size") -> int | None:
    """``page_size`` (``request.query.page_size``): at least 1, at most a declared maximum; a declared default."""
    size = integer(query, name)
    if size is None:
        return int(declared.default) if isinstance(declared.default, int) else None
    if size < 1:
        raise invalid(f"{name} must be at least 1", 400)
    if declared.maximum is not None and size > declared.maximum:
        raise invalid(f"{name} may be at most {declared.maximum}, not {size}", 400)
    return size


def choice(query: Mapping[str, str], name: str, declared: Declared) -> Any:
    """A query value of a declared enum (its declared default when absent), else a 400 listing the values."""
    value = query.get(name)
    if value is None or value == "":
        return declared.default
    if declared.enum and value not in declared.enum:
        raise invalid(f"{name} must be one of {', '.join(map(str, declared.enum))}, not {value!r}", 400)
    return value


def cursor(query: Mapping[str, str], *, deleted_key: str = "deleted", declared: Declared = NOTHING) -> Cursor:
    """Parse the cursor parameters of a list request (``declared``: what the document says of ``page_size``)."""
    return Cursor(after=integer(query, "after") or 0, before=integer(query, "before"),
                  page_size=page_size(query, declared), deleted=flag(query, deleted_key))


def declared(contract: Contract, operation: str, name: str) -> Declared:
    """What ``contract`` declares for the query parameter, else the JSON body property, ``name`` of ``operation``."""
    return _declared(contract, operation, name)


@functools.lru_cache(maxsize=256)
def _declared(contract: Contract, operation: str, name: str) -> Declared:
    op = contract.operations.get(operation)
    if op is None:
        return NOTHING
    doc = contract.document
    node = next((_node(doc, p.schema) for p in op.parameters if p.location == "query" and p.name == name
                 and p.schema), None)
    if node is None and op.request_body is not None and op.request_body.schema:
        node = _node(doc, op.request_body.schema).get("properties", {}).get(name)
        node = _node(doc, node["$ref"]) if isinstance(node, dict) and "$ref" in node else node
    if not isinstance(node, dict):
        return NOTHING
    maximum = node.get("maximum")
    return Declared(default=node.get("default"), maximum=maximum if isinstance(maximum, int) else None,
                    enum=tuple(node.get("enum") or ()))


def _node(doc: Mapping[str, Any], ptr: str) -> dict[str, Any]:
    node = resolve_pointer(doc, ptr.removeprefix("#"))
    for _ in range(8):  # a chain of $refs, never a cycle
        if not isinstance(node, dict) or "$ref" not in node:
            break
        node = resolve_pointer(doc, str(node["$ref"]).removeprefix("#"))
    return node if isinstance(node, dict) else {}


def body_integer(raw: Mapping[str, Any], name: str, declared: Declared = NOTHING) -> int | None:
    """A JSON body integer in int64 (not a boolean or a string), else the validation answer naming it."""
    value = raw.get(name, declared.default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not INT64[0] <= value <= INT64[1]:
        raise invalid(f"{name} must be a whole number from {INT64[0]} to {INT64[1]}, not {value!r}")
    return value


def body_flag(raw: Mapping[str, Any], name: str) -> bool:
    """A JSON body boolean (``true``/``false``, absent: false), else the validation answer naming it."""
    value = raw.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise invalid(f"{name} must be true or false, not {value!r}")
    return value


def body_choice(raw: Mapping[str, Any], name: str, declared: Declared) -> Any:
    """A JSON body value of a declared enum (its declared default when absent), else the validation answer."""
    value = raw.get(name)
    if value is None:
        return declared.default
    if declared.enum and value not in declared.enum:
        raise invalid(f"{name} must be one of {', '.join(map(str, declared.enum))}, not {value!r}")
    return value


def body_size(raw: Mapping[str, Any], declared: Declared, cap: int, name: str = "size") -> int:
    """A body page size from 1 to the declared maximum (else ``cap``); the declared default when absent."""
    top = declared.maximum or cap
    size = body_integer(raw, name)
    if size is None:
        return int(declared.default) if isinstance(declared.default, int) else top
    if not 1 <= size <= top:
        raise invalid(f"{name} must be an integer from 1 to {top}, not {size}")
    return size


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
