"""The connector's retry policy with respx: every Retry-After form, the budget, and error classification."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
import respx

from stockgate.clock import VirtualClock
from stockgate.connector.mapping import RetrySettings
from stockgate.connector.retry import RetryPolicy, retry_after
from stockgate.errors import FatalError, RetriableError

pytestmark = pytest.mark.anyio
URL = "https://demo.retail.lightspeed.app/api/2026-07/outlets"
TOKEN = "secret-token-value"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def policy(**kw: float) -> RetryPolicy:
    return RetryPolicy(RetrySettings(**{"jitter": 0.0, **kw}), VirtualClock())  # type: ignore[arg-type]


async def run(p: RetryPolicy, *answers: httpx.Response | type[Exception], idempotent: bool = True) -> httpx.Response:
    with respx.mock(assert_all_called=False) as mock:
        mock.get(URL).mock(side_effect=list(answers))
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            return await p.call("GET /outlets", lambda: client.get(URL), idempotent=idempotent)


def limited(**headers: str) -> httpx.Response:
    return httpx.Response(429, headers=headers, json={"error": "Too Many Requests"})


async def test_retry_after_http_date_is_waited_to_the_end_of_its_second() -> None:
    p = policy()
    when = p.clock.http_date(300)
    response = await run(p, limited(**{"Retry-After": when}), httpx.Response(200, json={}))
    assert response.status_code == 200 and p.clock.elapsed == 301  # the window may close inside 09:05:00


async def test_a_date_that_names_the_current_second_still_waits_past_it() -> None:
    """Issue 14, item 6: the window ends at .6 s; waiting until the whole second drew a burst of 429s."""
    p = policy()
    p.clock.advance(0.6)
    now = p.clock.http_date()  # "…09:00:00 GMT": the date already reached, the window not yet over
    await run(p, limited(**{"Retry-After": now}), httpx.Response(200, json={}))
    assert p.clock.elapsed >= 1.6


async def test_429s_spend_the_time_budget_not_the_attempts() -> None:
    p = policy(attempts=2, wait_budget=100)
    answers = [limited(**{"Retry-After": "1"}) for _ in range(10)]
    assert (await run(p, *answers, httpx.Response(200, json={}))).status_code == 200
    assert p.clock.elapsed == 10


async def test_after_a_429_no_call_knocks_on_the_closed_window() -> None:
    p = policy(wait_budget=100)
    with pytest.raises(RetriableError, match="gave up"):
        await run(p, limited(**{"Retry-After": "300"}))
    with pytest.raises(RetriableError, match="not sent: the platform asked to wait 300 s more"):
        await run(p, httpx.Response(200, json={}))
    p.clock.advance(300)
    assert (await run(p, httpx.Response(200, json={}))).status_code == 200


async def test_a_429_jitter_only_lengthens_the_wait_and_is_seeded() -> None:
    waits = []
    for _ in range(2):
        p = RetryPolicy(RetrySettings(jitter=0.2, seed=7), VirtualClock())
        await run(p, limited(**{"Retry-After": "300"}), httpx.Response(200, json={}))
        waits.append(p.clock.elapsed)
    assert waits[0] == waits[1] and 300 < waits[0] <= 301


async def test_retry_after_seconds() -> None:
    p = policy()
    await run(p, limited(**{"Retry-After": "7"}), httpx.Response(200, json={}))
    assert p.clock.elapsed == 7


async def test_legacy_body_timestamp() -> None:
    p = policy()
    stamp = (p.clock.now() + dt.timedelta(seconds=42)).isoformat()
    await run(p, httpx.Response(429, json={"error": "x", "retry-after": stamp}), httpx.Response(200, json={}))
    assert p.clock.elapsed == 42


async def test_missing_or_garbled_retry_after_falls_back() -> None:
    p = policy(fallback_wait=30)
    await run(p, limited(), limited(**{"Retry-After": "soon"}), httpx.Response(200, json={}))
    assert p.clock.elapsed == 60


async def test_jitter_is_seeded_and_bounded() -> None:
    waits = []
    for _ in range(2):
        p = RetryPolicy(RetrySettings(jitter=0.2, fallback_wait=30, seed=7), VirtualClock())
        await run(p, limited(), httpx.Response(200, json={}))
        waits.append(p.clock.elapsed)
    assert waits[0] == waits[1] and 24 <= waits[0] <= 36


async def test_5xx_and_dropped_connections_back_off_then_succeed() -> None:
    p = policy()
    await run(p, httpx.Response(503), httpx.ConnectError, httpx.Response(200, json={}))
    assert p.clock.elapsed == 2 + 4


async def test_budget_and_attempts_bound_the_waiting() -> None:
    p = policy(wait_budget=100)
    with pytest.raises(RetriableError, match="gave up after 1 attempt"):
        await run(p, limited(**{"Retry-After": "300"}))
    p = policy(attempts=2)
    with pytest.raises(RetriableError, match="gave up after 2 attempt"):
        await run(p, httpx.Response(502), httpx.Response(502))


async def test_other_4xx_are_fatal_and_name_operation_status_and_message_but_never_the_token() -> None:
    p = policy()
    with pytest.raises(FatalError) as err:
        await run(p, httpx.Response(422, json={"error": "register_id is not a valid register"}))
    text = str(err.value)
    assert "GET /outlets" in text and "422" in text and "register_id is not a valid register" in text
    assert TOKEN not in text and "Bearer" not in text


async def test_a_non_idempotent_write_is_not_resent_after_a_dropped_connection() -> None:
    p = policy()
    with pytest.raises(RetriableError, match="may have been applied"):
        await run(p, httpx.ReadError, httpx.Response(200, json={}), idempotent=False)


def test_retry_after_parsing_edge_cases() -> None:
    now = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    assert retry_after(limited(**{"Retry-After": "Mon, 05 Jan 2026 09:05:00 GMT"}), now) == 301  # its second's end
    assert retry_after(limited(**{"Retry-After": "Mon, 05 Jan 2026 08:55:00 GMT"}), now) == 1  # in the past
    assert retry_after(limited(), now) is None
    assert retry_after(httpx.Response(429, text="<html>"), now) is None
