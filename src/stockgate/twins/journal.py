"""The journal: every exchange a twin answered, in order, for oracles and reports.

Authorization headers and OAuth parameters are never kept: a journal may end up in a report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_SECRET_HEADERS = frozenset({"authorization", "cookie", "x-api-key", "proxy-authorization"})


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalEntry:
    """One request and what the twin did with it."""

    seq: int
    at: float  # virtual seconds since the clock started
    method: str
    path: str
    query: str
    operation: str | None  # "METHOD /template" when a route matched
    status: int | None  # None when the connection was dropped
    fault: str | None
    request_headers: tuple[tuple[str, str], ...]
    request_body: Any
    response_body: Any
    response_headers: tuple[tuple[str, str], ...] = ()  # lower-cased names; never a cookie

    def response_header(self, name: str) -> str | None:
        """One response header (``retry-after``), or None."""
        return next((v for k, v in self.response_headers if k == name.lower()), None)

    def request_header(self, name: str) -> str | None:
        """One kept request header, or None."""
        return next((v for k, v in self.request_headers if k.lower() == name.lower()), None)


class Journal:
    """Append-only list of :class:`JournalEntry`."""

    def __init__(self) -> None:
        """An empty journal."""
        self._entries: list[JournalEntry] = []
        self.recorded = 0  # every entry ever recorded, clear() included: a change counter

    def record(self, **fields: Any) -> JournalEntry:
        """Append an entry (secret headers dropped)."""
        headers = fields.pop("request_headers", {})
        kept = tuple(sorted((k, v) for k, v in headers.items() if k.lower() not in _SECRET_HEADERS))
        answered = tuple((k.lower(), v) for k, v in fields.pop("response_headers", ())
                         if k.lower() not in _SECRET_HEADERS and k.lower() != "set-cookie")
        entry = JournalEntry(seq=len(self._entries) + 1, request_headers=kept, response_headers=answered, **fields)
        self._entries.append(entry)
        self.recorded += 1
        return entry

    def __iter__(self) -> Iterator[JournalEntry]:
        """Entries, oldest first."""
        return iter(self._entries)

    def __len__(self) -> int:
        """How many exchanges were journaled."""
        return len(self._entries)

    def clear(self) -> None:
        """Forget every entry."""
        self._entries.clear()

    def calls(self, operation: str) -> list[JournalEntry]:
        """Entries whose matched operation is ``operation`` (``"POST /V1/order/{orderId}/refund"``)."""
        return [e for e in self._entries if e.operation == operation]
