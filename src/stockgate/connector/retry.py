"""The retry policy: what is retried, how long to wait, and errors that never carry a secret.

Retriable: 429 (waiting for ``Retry-After`` as an RFC 1123 date or as seconds, or a legacy
``retry-after`` timestamp in the body; without a usable one, ``fallback_wait`` jittered — what
Vend's own client does), 5xx, timeouts and dropped connections (exponential back-off from 2 s,
jittered). Everything else 4xx is fatal. Waiting is the shared clock's ``sleep``: virtual in the
suite, so a 300 s Retry-After costs no wall time. A call never waits longer in total than the
``wait_budget``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from stockgate.clock import VirtualClock
from stockgate.connector.mapping import RetrySettings
from stockgate.errors import FatalError, RetriableError
from stockgate.httpwait import retry_after_seconds

FIRST_BACKOFF = 2.0


def retry_after(response: httpx.Response, now: dt.datetime) -> float | None:
    """Seconds to wait per the answer (header date or seconds, or legacy body timestamp); None if absent or bad."""
    try:
        body = response.json()
    except ValueError:
        body = None
    return retry_after_seconds(response.headers.get("retry-after"), body, now)


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

    def _jitter(self, seconds: float) -> float:
        spread = self.settings.jitter
        return seconds * (1 + self.rng.uniform(-spread, spread)) if spread else seconds

    async def call(self, operation: str, send: Callable[[], Awaitable[httpx.Response]], *,
                   idempotent: bool = True) -> httpx.Response:
        """Send until success, a fatal answer, or the attempts/budget run out.

        A non-idempotent write is not re-sent after a dropped connection: it raises
        :class:`RetriableError` so that the flow can first check whether the write landed.
        """
        waited = 0.0
        for attempt in range(1, self.settings.attempts + 1):
            try:
                response = await send()
            except httpx.TransportError as exc:
                if not idempotent:
                    raise RetriableError(f"{operation}: no answer ({type(exc).__name__}); the write may have "
                                         "been applied", operation=operation) from None
                wait, why, status = self._backoff(attempt), f"no answer ({type(exc).__name__})", None
            else:
                if response.status_code < 400:
                    return response
                status = response.status_code
                why = f"HTTP {status}: {platform_message(response)}"
                if status == 429:
                    told = retry_after(response, self.clock.now())
                    wait = self._jitter(self.settings.fallback_wait) if told is None else told
                elif status >= 500:
                    wait = self._backoff(attempt)
                else:
                    raise FatalError(f"{operation}: {why}", operation=operation, status=status,
                                     details=_body(response))
            if attempt == self.settings.attempts or waited + wait > self.settings.wait_budget:
                raise RetriableError(f"{operation}: gave up after {attempt} attempt(s) and {waited:.0f} s of waiting; "
                                     f"last: {why}", operation=operation, status=status)
            await self.clock.sleep(wait)
            waited += wait
            self.waited_total += wait
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        return self._jitter(FIRST_BACKOFF * 2 ** (attempt - 1))


def describe(value: Any) -> str:
    """A short, secret-free description of a request body for messages."""
    text = str(value)
    return text if len(text) < 120 else text[:117] + "..."
