"""StoreClient: the named host only, read-only unless allowed, within budget and rate, Retry-After honoured."""

from __future__ import annotations

import httpx
import pytest

from stockgate.errors import UsageError
from stockgate.live.client import BudgetSpent, Limits, Refused, StoreClient, positive_rate
from stockgate.target import magento_store

ENV = {"STOCKGATE_MAGENTO_TOKEN": "planted-token"}


class Clock:
    """A virtual clock that sleeping advances."""

    def __init__(self) -> None:
        self.t = 100.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds


def _client(handler: object, limits: Limits | None = None, clock: Clock | None = None) -> tuple[StoreClient, list]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)  # type: ignore[operator]

    clock = clock or Clock()
    client = StoreClient(target=magento_store("https://store.test", ENV), limits=limits or Limits(rate=1000),
                         transport=httpx.MockTransport(record), sleep=clock.sleep, clock=clock.now)
    return client, seen


def test_writes_are_refused_before_anything_is_sent_unless_allowed() -> None:
    client, seen = _client(lambda r: httpx.Response(200, json={}))
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        with pytest.raises(Refused, match="--allow-writes"):
            client.request(method, "/rest/default/V1/products")
    assert seen == [] and client.sent == 0
    allowed, seen = _client(lambda r: httpx.Response(200, json={}), Limits(rate=1000, allow_writes=True))
    allowed.request("POST", "/rest/default/V1/products", body=b"{}")
    assert [r.method for r in seen] == ["POST"]


def test_only_the_named_host_and_no_redirects() -> None:
    client, seen = _client(lambda r: httpx.Response(302, headers={"Location": "https://elsewhere.test/x"}))
    with pytest.raises(Refused, match="--target"):
        client.get("https://elsewhere.test/rest/default/V1/products")
    with pytest.raises(UsageError, match="302, a redirect"):  # an answer (the run cannot judge it), not a hop
        client.get("/rest/default/schema")
    client.judged = True  # once the store answered like a store, a 3xx is an answer like any other
    assert client.get("/rest/default/schema").status_code == 302
    assert [r.url.host for r in seen] == ["store.test", "store.test"]
    assert seen[0].headers["authorization"] == "Bearer planted-token"


def test_the_budget_counts_every_request_retries_included() -> None:
    answers = iter([httpx.Response(429, headers={"Retry-After": "2"})] + [httpx.Response(200, json={})] * 10)
    client, seen = _client(lambda r: next(answers), Limits(max_requests=3, rate=1000))
    client.get("/a")  # a 429, a wait, the retry: two requests
    client.get("/b")
    with pytest.raises(BudgetSpent, match="3 request"):
        client.get("/c")
    assert len(seen) == 3 and client.sent == 3


def test_retry_after_is_waited_out_and_a_long_one_is_an_answer() -> None:
    clock = Clock()
    answers = iter([httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json={"ok": 1}),
                    httpx.Response(503, headers={"Retry-After": "3600"})])
    client, seen = _client(lambda r: next(answers), Limits(rate=1000, max_wait=120), clock)
    assert client.get("/a").json() == {"ok": 1}
    assert 7 in clock.slept and client.waited == 7
    assert client.get("/b").status_code == 503  # an hour: reported, not slept
    assert client.waited == 7 and len(seen) == 3


def test_the_rate_spaces_requests() -> None:
    clock = Clock()
    client, _ = _client(lambda r: httpx.Response(200, json={}), Limits(rate=2), clock)
    for _ in range(3):
        client.get("/a")
    assert clock.slept == [0.5, 0.5]


def test_oauth_signed_when_the_oauth_variables_are_set() -> None:
    env = {**ENV, "STOCKGATE_MAGENTO_CONSUMER_KEY": "ck", "STOCKGATE_MAGENTO_CONSUMER_SECRET": "cs",
           "STOCKGATE_MAGENTO_TOKEN_SECRET": "ts"}
    seen: list[httpx.Request] = []
    client = StoreClient(target=magento_store("https://store.test", env),
                         transport=httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(200, json={})))
    client.get("/rest/default/schema", [("services", "all")])
    header = seen[0].headers["authorization"]
    assert header.startswith("OAuth ") and 'oauth_consumer_key="ck"' in header and "oauth_signature=" in header
    assert seen[0].url.params["services"] == "all"


@pytest.mark.parametrize("text", ["0", "-1", "abc", "51/s"])
def test_a_bad_rate_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError, match="--rate"):
        positive_rate(text)
    assert positive_rate("0.5/s") == 0.5


def test_a_lightspeed_window_share_is_waited_out_when_full() -> None:
    from stockgate.target import lightspeed_store

    clock = Clock()
    seen: list[httpx.Request] = []
    client = StoreClient(target=lightspeed_store("https://demo.retail.test", {"STOCKGATE_LIGHTSPEED_TOKEN": "ls"}),
                         limits=Limits(rate=1000, window=(3, 300.0)), platform="lightspeed", sleep=clock.sleep,
                         clock=clock.now, transport=httpx.MockTransport(
                             lambda r: seen.append(r) or httpx.Response(200, json={})))
    for _ in range(4):
        client.get("/api/2026-07/products")
    assert clock.slept[-1] == pytest.approx(300.0, abs=0.01) and client.paced == pytest.approx(300.0, abs=0.01)
    assert client.waited == 0  # its own pacing, not a Retry-After wait
    assert len(seen) == 4 and seen[0].headers["authorization"] == "Bearer ls"
    assert client.label.startswith("staging:")
