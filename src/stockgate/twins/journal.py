"""The journal: the exchanges a twin answered, in order, for oracles and reports.

By default a journal is a ring: it keeps the latest :data:`DEFAULT_KEEP` exchanges without their
bodies and counts every exchange by status and operation, so a twin served for days (``stockgate
twin serve``) holds a bounded amount of memory. A scenario run reads the whole journal, bodies
included (oracles, ``then.requests``, the surface's sent fields, recordings): it asks for
:meth:`Journal.full`.

Authorization headers and OAuth parameters are never kept: a journal may end up in a report. For the same
reason a kept body never holds a password (a top-level field whose name ends in ``password`` or
``passwordHash``, as a customer's sign-up, sign-in and password change send them) nor a token a token endpoint answered.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_SECRET_HEADERS = frozenset({"authorization", "cookie", "x-api-key", "proxy-authorization"})
MASKED = "<scrubbed>"  # what a kept body holds instead of a password or an issued token
DEFAULT_KEEP = 1000  # entries a bounded journal keeps: about 2 MB without bodies
UNROUTED = "unrouted"  # the count key of requests no route matched (the path itself would grow without bound)


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
    request_body: Any  # None unless the journal keeps bodies
    response_body: Any
    response_headers: tuple[tuple[str, str], ...] = ()  # lower-cased names; never a cookie

    def response_header(self, name: str) -> str | None:
        """One response header (``retry-after``), or None."""
        return next((v for k, v in self.response_headers if k == name.lower()), None)

    def request_header(self, name: str) -> str | None:
        """One kept request header, or None."""
        return next((v for k, v in self.request_headers if k.lower() == name.lower()), None)


class Journal:
    """The latest ``keep`` entries (all of them when ``keep`` is None) and counts of every entry."""

    def __init__(self, *, keep: int | None = DEFAULT_KEEP, bodies: bool = False) -> None:
        """An empty journal; ``bodies``: keep request and response bodies."""
        if keep is not None and keep < 1:
            raise ValueError(f"a journal keeps at least one entry (keep={keep})")
        self.keep = keep
        self.bodies = bodies
        self._entries: deque[JournalEntry] = deque(maxlen=keep)
        self.recorded = 0  # every entry ever recorded, clear() included: a change counter
        self.total = 0  # entries recorded since the last clear(), kept or not
        self.by_status: Counter[int | None] = Counter()
        self.by_operation: Counter[str] = Counter()

    @classmethod
    def full(cls) -> Journal:
        """Every entry with its bodies: what a scenario run reads."""
        return cls(keep=None, bodies=True)

    def record(self, **fields: Any) -> JournalEntry:
        """Append an entry (secret headers dropped; bodies dropped unless this journal keeps them)."""
        headers = fields.pop("request_headers", {})
        kept = tuple(sorted((k, v) for k, v in headers.items() if k.lower() not in _SECRET_HEADERS))
        answered = tuple((k.lower(), v) for k, v in fields.pop("response_headers", ())
                         if k.lower() not in _SECRET_HEADERS and k.lower() != "set-cookie")
        if not self.bodies:
            fields["request_body"] = fields["response_body"] = None
        else:
            fields["request_body"] = _without_passwords(fields.get("request_body"))
            if str(fields.get("operation") or "").endswith("/token") and isinstance(fields.get("response_body"), str):
                fields["response_body"] = MASKED  # Magento's admin and customer tokens answer as a JSON string
        self.total += 1
        self.recorded += 1
        entry = JournalEntry(seq=self.total, request_headers=kept, response_headers=answered, **fields)
        self._entries.append(entry)
        self.by_status[entry.status] += 1
        self.by_operation[entry.operation or UNROUTED] += 1
        return entry

    @property
    def dropped(self) -> int:
        """Entries recorded since the last clear() that the ring no longer holds."""
        return self.total - len(self._entries)

    def __iter__(self) -> Iterator[JournalEntry]:
        """Kept entries, oldest first."""
        return iter(self._entries)

    def __len__(self) -> int:
        """How many entries are kept (:attr:`total` counts every one since the last clear)."""
        return len(self._entries)

    def clear(self) -> None:
        """Forget every entry and count (not :attr:`recorded`)."""
        self._entries.clear()
        self.total = 0
        self.by_status.clear()
        self.by_operation.clear()

    def calls(self, operation: str) -> list[JournalEntry]:
        """Kept entries whose matched operation is ``operation`` (``"POST /V1/order/{orderId}/refund"``)."""
        return [e for e in self._entries if e.operation == operation]


def _without_passwords(body: Any) -> Any:
    """``body`` with the value of each top-level field named ``…password`` (any case) masked.

    Magento's services take passwords as top-level parameters (``password``, ``currentPassword``,
    ``newPassword``, ``passwordHash``); a body nested past PHP's depth must not cost a recursion here.
    """
    if not isinstance(body, dict):
        return body
    return {k: MASKED if str(k).lower().endswith(("password", "passwordhash")) and v is not None else v
            for k, v in body.items()}
