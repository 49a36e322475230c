"""The retry policy: what is retried, how long to wait, and errors that never carry a secret.

Retriable: 429 (waiting for ``Retry-After`` as an RFC 1123 date or as seconds, or a legacy
``retry-after`` timestamp in the body; without a usable one, ``fallback_wait`` jittered — what
Vend's own client does), 5xx, timeouts and dropped connections (exponential back-off from 2 s,
jittered). Everything else 4xx is fatal. Waiting is the shared clock's ``sleep``: virtual in the
suite, so a 300 s Retry-After costs no wall time.

A 429's wait is never shorter than asked: an HTTP date names a whole second while the window may
end inside it, so a date is waited out to the end of its second; every 429 waits at least
``MIN_429_WAIT``, plus a jitter that only lengthens it (clients that come back together do not
collide again). 429s do not use up ``attempts`` (a platform that names its wait is obeyed until the
``wait_budget`` of the call is spent); 5xx and lost connections do.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from stockgate.clock import VirtualClock
from stockgate.connector.mapping import RetrySettings
from stockgate.errors import FatalError, RetriableError
from stockgate.httpwait import http_date, retry_after_seconds

FIRST_BACKOFF = 2.0
MIN_429_WAIT = 1.0  # never come back to a closed window at once, whatever the answer says
JITTER_SPAN = 5.0  # a 429's jitter is a fraction of at most this many seconds: spread, not a second wait


def retry_after(response: httpx.Response, now: dt.datetime) -> float | None:
    """Seconds to wait per the answer (header date or seconds, or legacy body timestamp); None if absent or bad.

    An HTTP date is rounded up to the end of the second it names (the window may close inside it).
    """
    try:
        body = response.json()
    except ValueError:
        body = None
    header = response.headers.get("retry-after")
    told = retry_after_seconds(header, body, now)
    if told is not None and header and http_date(header.strip()) is not None:
        told += 1.0
    return told


def _body(response: httpx.Response) -> dict[str, object]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def platform_message(response: httpx.Response) -> str:
    """The platform's own message (Magento ``message``, Lightspeed ``error``), short, never headers."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:120].strip() or response.reason_phrase
    if isinstance(body, dict):
        return str(body.get("message") or body.get("error") or "")[:300]
    return str(body)[:120]


class RetryPolicy:
    """Runs one platform call with the mapping's retry settings on a clock."""

    def __init__(self, settings: RetrySettings, clock: VirtualClock) -> None:
        """Seeded jitter: same inputs, same waits."""
        self.settings = settings
        self.clock = clock
        self.rng = random.Random(settings.seed)
        self.waited_total = 0.0
        self.closed_until: dict[str, float] = {}  # platform -> clock timestamp its last 429 named

    def _jitter(self, seconds: float) -> float:
        spread = self.settings.jitter
        return seconds * (1 + self.rng.uniform(-spread, spread)) if spread else seconds

    async def call(self, operation: str, send: Callable[[], Awaitable[httpx.Response]], *,
                   idempotent: bool = True, platform: str = "") -> httpx.Response:
        """Send until success, a fatal answer, or the attempts/budget run out.

        A non-idempotent write is not re-sent after a dropped connection: it raises
        :class:`RetriableError` so that the flow can first check whether the write landed. After a
        429, nothing is sent to that ``platform`` until its wait is over, by this call or any other
        (a call that gave up does not let the next one knock on the closed window).
        """
        waited, failures, sent = 0.0, 0, 0
        while True:
            closed = self.closed_until.get(platform, 0.0) - self.clock.timestamp()
            if closed > 0:
                if waited + closed > self.settings.wait_budget:
                    raise RetriableError(f"{operation}: not sent: the platform asked to wait {closed:.0f} s more, "
                                         f"beyond this call's budget ({self.settings.wait_budget:.0f} s)",
                                         operation=operation, status=429)
                await self._wait(closed)
                waited += closed
            sent += 1
            try:
                response = await send()
            except httpx.TransportError as exc:
                if not idempotent:
                    raise RetriableError(f"{operation}: no answer ({type(exc).__name__}); the write may have "
                                         "been applied", operation=operation) from None
                failures += 1
                wait, why, status = self._backoff(failures), f"no answer ({type(exc).__name__})", None
            else:
                if response.status_code < 400:
                    return response
                status = response.status_code
                why = f"HTTP {status}: {platform_message(response)}"
                if status == 429:
                    wait = self._after_429(retry_after(response, self.clock.now()))
                    self.closed_until[platform] = self.clock.timestamp() + wait
                elif status >= 500:
                    failures += 1
                    wait = self._backoff(failures)
                else:
                    raise FatalError(f"{operation}: {why}", operation=operation, status=status,
                                     details=_body(response))
            if failures >= self.settings.attempts or waited + wait > self.settings.wait_budget:
                raise RetriableError(f"{operation}: gave up after {sent} attempt(s) and {waited:.0f} s of waiting "
                                     f"(budget {self.settings.wait_budget:.0f} s, next wait {wait:.0f} s); last: {why}",
                                     operation=operation, status=status)
            if status == 429:
                continue  # the closed window is waited out at the top of the loop
            await self._wait(wait)
            waited += wait

    async def _wait(self, seconds: float) -> None:
        await self.clock.sleep(seconds)
        self.waited_total += seconds

    def _after_429(self, told: float | None) -> float:
        """A 429's wait: as told, rounded up, at least :data:`MIN_429_WAIT`, lengthened by the jitter."""
        if told is None:
            return self._jitter(self.settings.fallback_wait)
        base = max(float(math.ceil(told)), MIN_429_WAIT)
        return base + self.rng.uniform(0, min(base, JITTER_SPAN) * self.settings.jitter)

    def _backoff(self, attempt: int) -> float:
        return self._jitter(FIRST_BACKOFF * 2 ** (attempt - 1))


def describe(value: Any) -> str:
    """A short, secret-free description of a request body for messages."""
    text = str(value)
    return text if len(text) < 120 else text[:117] + "..."
