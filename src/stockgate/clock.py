"""The virtual clock every twin, connector and scenario shares.

Time in stockgate never comes from the wall: a 300 s ``Retry-After`` is a call to
:meth:`VirtualClock.advance` and costs no wall time, so the same inputs give the same verdict.
"""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime

EPOCH = dt.datetime(2026, 1, 5, 9, 0, 0, tzinfo=dt.UTC)  # a Monday morning: business weeks start here


class VirtualClock:
    """Monotonic virtual time in seconds since :data:`EPOCH` (or a start of your choice)."""

    def __init__(self, start: dt.datetime = EPOCH) -> None:
        """Start at ``start`` (timezone-aware)."""
        if start.tzinfo is None:
            raise ValueError("VirtualClock needs a timezone-aware start")
        self._start = start
        self._elapsed = 0.0

    @property
    def elapsed(self) -> float:
        """Seconds since the clock started."""
        return self._elapsed

    def now(self) -> dt.datetime:
        """The current virtual instant (UTC)."""
        return self._start + dt.timedelta(seconds=self._elapsed)

    def at(self, elapsed: float) -> dt.datetime:
        """The instant ``elapsed`` virtual seconds after the start (a journal entry's ``at``)."""
        return self._start + dt.timedelta(seconds=elapsed)

    def timestamp(self) -> float:
        """The current virtual instant as a POSIX timestamp."""
        return self.now().timestamp()

    def advance(self, seconds: float) -> None:
        """Move time forward; it never goes back."""
        if seconds < 0:
            raise ValueError(f"time cannot go back ({seconds} s)")
        self._elapsed += seconds

    async def sleep(self, seconds: float) -> None:
        """An awaitable sleep that only advances virtual time."""
        self.advance(max(0.0, seconds))

    def magento_time(self) -> str:
        """``YYYY-MM-DD HH:MM:SS`` (UTC), the way Magento's REST API writes timestamps."""
        return self.now().strftime("%Y-%m-%d %H:%M:%S")

    def http_date(self, offset: float = 0.0) -> str:
        """An RFC 1123 date (``Mon, 05 Jan 2026 09:05:00 GMT``) ``offset`` seconds from now."""
        return format_datetime(self.now() + dt.timedelta(seconds=offset), usegmt=True)


class WallClock(VirtualClock):
    """Real time, for runs against live stores (``stockgate connector run``): sleeping really waits."""

    def __init__(self) -> None:
        """Start now."""
        import time

        super().__init__(dt.datetime.now(dt.UTC))
        self._monotonic = time.monotonic
        self._origin = time.monotonic()

    @property
    def elapsed(self) -> float:
        """Seconds since the clock started."""
        return self._monotonic() - self._origin

    def now(self) -> dt.datetime:
        """The current wall-clock instant (UTC)."""
        return dt.datetime.now(dt.UTC)

    def advance(self, seconds: float) -> None:
        """Wall time cannot be advanced."""
        raise RuntimeError("a WallClock cannot be advanced; sleep instead")

    async def sleep(self, seconds: float) -> None:
        """Really wait."""
        import asyncio

        await asyncio.sleep(max(0.0, seconds))
