"""The X-Series rate limiter: ``300 x registers + 50`` requests per 300 s window, per bucket.

Buckets (``rate_limit.formula``): one per retailer per application, and one for all of the
retailer's users. A window opens with a bucket's first request and lasts ``window_seconds``; the
request after the limit inside it is refused until the window ends (``rate_limit.window``).
Refused requests do not count. Time is the shared virtual clock, so waiting costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from stockgate.clock import VirtualClock


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """One request's outcome: allowed or not, the limit, what is left, and when the window ends."""

    allowed: bool
    limit: int
    remaining: int
    window_ends: float  # virtual seconds since the clock started


@dataclass(slots=True)
class _Window:
    start: float
    used: int


class RateLimiter:
    """Fixed windows per bucket on the virtual clock."""

    def __init__(self, clock: VirtualClock, *, limit: int, window: float) -> None:
        """``limit`` requests per ``window`` seconds in every bucket."""
        self.clock = clock
        self.limit = limit
        self.window = window
        self._windows: dict[str, _Window] = {}

    def hit(self, bucket: str) -> Verdict:
        """Count one request in ``bucket`` (if it fits) and say whether it may proceed."""
        now = self.clock.elapsed
        current = self._windows.get(bucket)
        if current is None or now >= current.start + self.window:
            current = self._windows[bucket] = _Window(start=now, used=0)
        ends = current.start + self.window
        if current.used >= self.limit:
            return Verdict(allowed=False, limit=self.limit, remaining=0, window_ends=ends)
        current.used += 1
        return Verdict(allowed=True, limit=self.limit, remaining=self.limit - current.used, window_ends=ends)

    def reset(self) -> None:
        """Forget every window."""
        self._windows.clear()
