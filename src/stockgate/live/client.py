"""The one HTTP client that talks to a merchant's store: its host only, read-only unless told, within a budget.

Every request stockgate sends to a live store (``contracts pull``, ``verify-live``) goes through
:class:`StoreClient`:

* only to the ``--target`` host: a request for any other host is refused before it is sent, and
  redirects are not followed (a 3xx is an answer, never a hop to a host nobody named);
* only ``GET`` unless the run was started with ``--allow-writes`` (Magento's searches are ``GET``), and
  ``POST`` to the paths a profile fact names as reads (``reads_by_post``: Lightspeed's ``POST /inventory``);
* at most ``max_requests`` requests and ``rate`` requests a second (the merchant's own traffic keeps the rest);
* a 429 or 503 with ``Retry-After`` (seconds or an HTTP date, ``httpwait``) is waited out and sent once
  more, counted against the budget; a wait longer than ``max_wait`` is an answer, not a stall;
* authenticated as the integration: ``Authorization: Bearer`` or OAuth 1.0a HMAC-SHA256 (``oauth1``) on
  Magento, the connector's Bearer token on Lightspeed;
* on Lightspeed, within a share of its rate-limit window (``window``: at most N requests per S seconds,
  a full window waited out).

Time and sleeping are injected (``now``, ``sleep``) so tests run on a virtual clock.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import httpx

from stockgate import oauth1
from stockgate.errors import UsageError
from stockgate.httpwait import retry_after_seconds
from stockgate.target import Target


class BudgetSpent(Exception):
    """The run's request budget is used up (the caller stops and reports what it did)."""


class Refused(Exception):
    """A request the client will not send (a write without --allow-writes, another host)."""


TIMEOUT = 60.0  # seconds a request may wait for the store's answer (tests lower it)
STORE_CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")  # Magento's store code rule (letters, digits, '_', letter first)


def store_code(text: str) -> str:
    """``--store CODE`` as Magento store codes are spelled (``/rest/<store>``); one usage line otherwise."""
    if not STORE_CODE.match(text):
        raise UsageError(f"--store {printable(text)}: expected a store code (lowercase letters, digits and '_', "
                         "starting with a letter, at most 32 characters, e.g. default); see Stores > All Stores")
    return text


def printable(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters and quoted with every unprintable character escaped."""
    return ascii(text[:limit])


def check_target(text: str, platform: str) -> None:
    """``--target``: a base URL with no credentials, query, fragment or API path in it (one usage line)."""
    parts = urlsplit(text.strip())
    variable = "STOCKGATE_MAGENTO_TOKEN (and the OAuth 1.0a variables)" if platform == "magento" else \
        "STOCKGATE_LIGHTSPEED_TOKEN"
    if "@" in parts.netloc:
        raise UsageError(f"--target: credentials are never arguments; set {variable} in the environment and give "
                         "the base URL without user:password@")
    api = "/rest" if platform == "magento" else "/api"
    if parts.query or parts.fragment or f"{api}/" in parts.path + "/":
        raise UsageError(f"--target: give the store's base URL (e.g. https://staging.example.com), without a "
                         f"query, a fragment or a {api}/... path; stockgate adds those itself")


@dataclass(slots=True, kw_only=True)
class Limits:
    """How much of the store a run may use."""

    max_requests: int = 200
    rate: float = 2.0  # requests per second
    allow_writes: bool = False
    max_wait: float = 120.0  # longest Retry-After honoured (seconds)
    window: tuple[int, float] | None = None  # at most N requests per S seconds (Lightspeed's rate-limit window)
    reads_by_post: tuple[str, ...] = ()  # wire paths read with POST (a profile fact's ``<area>.read``): sent read-only


@dataclass(slots=True, kw_only=True)
class StoreClient:
    """Requests to one Magento store, as :mod:`stockgate.live.client` describes."""

    target: Target
    limits: Limits = field(default_factory=Limits)
    platform: str = "magento"
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    sent: int = 0
    waited: float = 0.0  # seconds waited on Retry-After
    paced: float = 0.0  # seconds waited to keep within ``window`` (the run's own pacing, no 429 involved)
    _last: float | None = None
    _window: tuple[float, int] | None = None  # (when the current window started, requests sent in it)
    _http: httpx.Client | None = None
    judged: bool = False  # the store answered like a store (a JSON 2xx); until then a 401/403 or HTML ends the run
    strict: bool = True  # judge the first answers (pull checks its own; the in-process twin needs no judging)
    on_judged: Callable[[], None] | None = None  # called once, when the first answer shows a store (e.g. a plan line)
    # why the first JSON success is not the platform's answer at all (None: it may be): (method, url, body)
    shape: Callable[[str, str, object], str | None] | None = None
    missing_version: str = ""  # Lightspeed: the /api/<version> a 404 answered before any success (not served?)

    def __post_init__(self) -> None:
        """Refuse a --target carrying credentials, a query or an API path before anything is sent."""
        check_target(self.base, self.platform)

    @property
    def base(self) -> str:
        """The store's base URL (never written anywhere)."""
        return self.target.magento_url if self.platform == "magento" else self.target.lightspeed_url

    @property
    def label(self) -> str:
        """``staging:<hash of the host>``: the store as reports name it."""
        return self.target.label(self.platform)

    def get(self, path: str, query: list[tuple[str, str]] | None = None, *, anonymous: bool = False) -> httpx.Response:
        """``GET base + path`` (``anonymous``: without the integration's credentials, as a guest asks)."""
        return self.request("GET", path, query=query, anonymous=anonymous)

    def request(self, method: str, path: str, *, query: list[tuple[str, str]] | None = None,
                body: bytes | None = None, headers: dict[str, str] | None = None,
                anonymous: bool = False) -> httpx.Response:
        """One request (and a retry after a Retry-After wait); :class:`Refused` or :class:`BudgetSpent` instead."""
        method = method.upper()
        posted_read = method == "POST" and urlsplit(path).path in self.limits.reads_by_post
        if method not in ("GET", "HEAD") and not self.limits.allow_writes and not posted_read:
            raise Refused(f"{method} {path}: read-only run (add --allow-writes to let it write to the store)")
        url = self._url(path)
        while True:
            response = self._send(method, url, query or [], body, headers or {}, anonymous=anonymous)
            wait = self._retry_wait(response)
            if wait is None:
                self._judge(method, url, response)
                return response
            self.waited += wait
            self.sleep(wait)

    def close(self) -> None:
        """Close the connection pool."""
        if self._http is not None:
            self._http.close()

    def _judge(self, method: str, url: str, response: httpx.Response) -> None:
        """Until the store has answered like a store: a 401/403 or a non-JSON answer means the run cannot judge it."""
        if self.judged or not self.strict:
            return
        status = response.status_code
        where = f"{method} {urlsplit(url).path}"
        served = re.match(r"/api/([^/]+)", urlsplit(url).path) if self.platform == "lightspeed" else None
        if status == 404 and served is not None:
            self.missing_version = self.missing_version or served[1]
        if status in (401, 403):
            variable = ("STOCKGATE_MAGENTO_TOKEN (and the OAuth 1.0a variables, if set)" if self.platform == "magento"
                        else "STOCKGATE_LIGHTSPEED_TOKEN")
            raise UsageError(f"credentials rejected ({status}) on {where}; check {variable}")
        if 300 <= status < 400:
            raise UsageError(f"{where}: the store answered {status}, a redirect (stockgate follows none); give the "
                             "base URL it redirects to as --target (https://? another host name?)")
        text = response.text
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "text/html" or text.lstrip()[:1] == "<":
            raise UsageError(f"{where}: the store answered {status} HTML, not JSON; {self.hint()}")
        try:
            body = json.loads(text)
        except ValueError:
            raise UsageError(f"{where}: the store's answer ({status}) is not JSON (starts {printable(text.strip())}); "
                             "is --target the store's base URL?") from None
        wrong = self.shape(method, url, body) if self.shape is not None and 200 <= status < 300 else None
        if wrong is not None:
            name = "Magento" if self.platform == "magento" else "Lightspeed"
            raise UsageError(f"{where}: not a {name} store: the answer is JSON but {printable(wrong, 160)[1:-1]}; "
                             f"is --target a {name} store's base URL?")
        if 200 <= status < 300:
            self.judged = True
            if self.on_judged is not None:
                self.on_judged()

    def hint(self) -> str:
        """What to check when the store answered nothing a run can judge, in the platform's own terms."""
        if self.missing_version:
            return (f"the store does not serve API version {self.missing_version} (it answered 404 under "
                    f"/api/{self.missing_version}): is --target its base URL, and is {self.missing_version} a version "
                    "it serves?")
        if self.platform == "lightspeed":
            return "is the store up, and --target its base URL?"
        return "is the store up, is --target its base URL and --store its store code?"

    def _url(self, path: str) -> str:
        url = path if path.startswith(("http://", "https://")) else self.base + path
        if urlsplit(url).netloc != urlsplit(self.base).netloc:
            raise Refused(f"{path}: not on the --target store; stockgate sends requests to the named host only")
        return url

    def _send(self, method: str, url: str, query: list[tuple[str, str]], body: bytes | None,
              headers: dict[str, str], *, anonymous: bool = False) -> httpx.Response:
        if self.sent >= self.limits.max_requests:
            raise BudgetSpent(f"the budget of {self.limits.max_requests} request(s) is spent")
        self._pace()
        self._within_window()
        self.sent += 1
        target = url + (f"?{oauth1.query_string(query)}" if query else "")
        sent_headers = {"Accept": "application/json", **headers,
                        **({} if anonymous else self._auth(method, url, query))}
        try:
            return self._client().request(method, target, content=body, headers=sent_headers)
        except httpx.TransportError as exc:
            raise UsageError(self._unreachable(exc)) from None

    def _unreachable(self, exc: httpx.TransportError) -> str:
        """One line: the target, what went wrong, what to check."""
        parts = urlsplit(self.base)
        shown = f"--target {parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        text = str(exc)
        if isinstance(exc, httpx.TimeoutException):
            return f"{shown}: no answer within {TIMEOUT:g} s; is the store up, and not overloaded?"
        if "SSL" in text or "TLS" in text or "certificate" in text.lower():
            return f"{shown}: TLS failed ({printable(text, 80)}); is the store http://, or its certificate valid?"
        if any(s in text.lower() for s in ("name or service not known", "nodename nor servname",
                                           "name resolution", "no address associated", "getaddrinfo")):
            return f"{shown}: host not found; check the host name in --target"
        if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
            return f"{shown}: the store closed the connection without an answer; is --target the store's HTTP port?"
        if isinstance(exc, httpx.ConnectError):
            return f"{shown}: connection refused or unreachable; is the store up, and is the port right?"
        return f"{shown}: {type(exc).__name__} ({printable(text, 80)}); is the store up, and is --target right?"

    def _pace(self) -> None:
        """At most ``rate`` requests a second: wait out the rest of the interval since the last one."""
        interval = 1.0 / self.limits.rate if self.limits.rate > 0 else 0.0
        if self._last is not None:
            wait = self._last + interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last = self.clock()

    def _within_window(self) -> None:
        """At most ``window[0]`` requests per ``window[1]`` seconds: a full window is waited out, then one starts."""
        if self.limits.window is None:
            return
        most, seconds = self.limits.window
        started, count = self._window or (self.clock(), 0)
        if self.clock() - started >= seconds:
            started, count = self.clock(), 0
        elif count >= most:
            wait = started + seconds - self.clock()
            self.paced += wait
            self.sleep(wait)
            started, count = self.clock(), 0
        self._window = (started, count + 1)

    def _retry_wait(self, response: httpx.Response) -> float | None:
        if response.status_code not in (429, 503) or self.sent >= self.limits.max_requests:
            return None
        try:
            body = response.json()
        except ValueError:
            body = None
        wait = retry_after_seconds(response.headers.get("retry-after"), body, self.now())
        return wait if wait is not None and wait <= self.limits.max_wait else None

    def _auth(self, method: str, url: str, query: list[tuple[str, str]]) -> dict[str, str]:
        target = self.target
        if self.platform == "lightspeed":
            return {"Authorization": f"Bearer {target.lightspeed_token}"}
        if not target.magento_oauth:
            return {"Authorization": f"Bearer {target.magento_token}"}
        oauth = target.magento_oauth
        signed = url + (f"?{urlencode(query)}" if query else "")
        header = oauth1.authorization(method=method, url=signed, query=query, consumer_key=oauth["consumer_key"],
                                      consumer_secret=oauth["consumer_secret"], token=target.magento_token,
                                      token_secret=oauth["token_secret"], nonce=uuid.uuid4().hex,
                                      timestamp=int(self.now().timestamp()))
        return {"Authorization": header}

    def _client(self) -> httpx.Client:
        if self._http is None:
            self._http = httpx.Client(transport=self.transport, follow_redirects=False, timeout=TIMEOUT,
                                      trust_env=False)
        return self._http


def positive_rate(text: str) -> float:
    """``--rate``: ``2``, ``2/s`` or ``0.5/s``; a usage error otherwise."""
    value = text.strip().removesuffix("/s")
    try:
        rate = float(value)
    except ValueError:
        raise UsageError(f"--rate {text!r}: expected requests per second, e.g. 2/s or 0.5") from None
    if not 0 < rate <= 50:
        raise UsageError(f"--rate {text!r}: expected more than 0 and at most 50 requests per second")
    return rate
