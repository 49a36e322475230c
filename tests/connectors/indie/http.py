"""The indie connector's two HTTP clients: retries as the platforms document them, OAuth 1.0a for Magento.

Written from the README and the platforms' public documentation only (never from stockgate's own
connector). A 429 waits for its ``Retry-After``: seconds; an HTTP date measured against the
answer's ``Date`` plus one second (a date names a whole second); a legacy body timestamp; else
30 s. 5xx and dropped connections on a read or an absolute write back off 2, 4, 8 … s within the
call; on a write that is not idempotent (a POS sale, a refund, a product) the outcome is unknown
and :class:`Unknown` is raised: the caller reconciles before it sends again, never blindly.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

ATTEMPTS = 6
FALLBACK_WAIT = 30.0
WAIT_BUDGET = 900.0


class Failed(Exception):
    """A call that cannot succeed: a 4xx other than 429, or out of attempts or of waiting time."""

    def __init__(self, message: str, status: int = 0, body: Any = None) -> None:
        """Keep the status and the parsed answer for the caller (a 400 that names a limit, a 401 naming an ACL)."""
        super().__init__(message)
        self.status = status
        self.body = body


class Unknown(Exception):
    """A write that is not idempotent got no clear answer: it may or may not have landed."""


def enc(text: str) -> str:
    """RFC 3986 percent-encoding (OAuth's and a path segment's): everything but unreserved characters."""
    return quote(text, safe="~-._")


def query_string(params: list[tuple[str, str]]) -> str:
    """``k=v&…`` percent-encoded the same way the signature base string encodes them."""
    return "&".join(f"{enc(k)}={enc(v)}" for k, v in params)


@dataclass
class Client:
    """One platform: base URL, how to authenticate, the retry policy, the run's clock."""

    name: str
    base: str
    client: httpx.AsyncClient
    now: Callable[[], dt.datetime]
    sleep: Callable[[float], Awaitable[None]]
    bearer: str = ""
    oauth: dict[str, str] = field(default_factory=dict)  # token, consumer_key, consumer_secret, token_secret
    ignore_retry_after: bool = False  # a defect variant: retry a 429 after 1 s
    log: list[str] = field(default_factory=list)
    nonce: int = 0
    closed_until: float = 0.0  # after a 429 whose wait outlasted the budget: nothing is sent before this

    async def call(self, method: str, path: str, params: list[tuple[str, str]] | None = None, body: Any = None,
                   *, idempotent: bool = True) -> Any:
        """The parsed JSON answer of a 2xx; :class:`Failed` or :class:`Unknown` otherwise."""
        url = self.base + path + (f"?{query_string(params)}" if params else "")
        if self.now().timestamp() < self.closed_until:
            raise Failed(f"{self.name} {method} {path}: not sent, the platform asked to wait until "
                         f"{dt.datetime.fromtimestamp(self.closed_until, dt.UTC):%H:%M:%S}", 429)
        waited, attempt = 0.0, 0
        while True:
            attempt += 1
            try:
                answer = await self.client.request(method, url, headers=self._headers(method, url),
                                                   content=json.dumps(body).encode() if body is not None else None)
            except httpx.TransportError as exc:
                if not idempotent:
                    raise Unknown(f"{method} {path}: no answer ({type(exc).__name__})") from None
                if attempt >= ATTEMPTS:
                    raise Failed(f"{self.name} {method} {path}: no answer after {ATTEMPTS} attempts") from None
                await self.sleep(2.0 ** attempt)
                continue
            if answer.status_code < 300:
                return answer.json() if answer.content.strip() else None
            if answer.status_code == 429:
                wait = 1.0 if self.ignore_retry_after else self._retry_after(answer)
                waited += wait
                if waited > WAIT_BUDGET:
                    self.closed_until = self.now().timestamp() + wait
                    raise Failed(f"{self.name} {method} {path}: rate-limited for over {WAIT_BUDGET:g} s", 429)
                self.log.append(f"{self.name}: 429 on {method} {path}: waiting {wait:g} s")
                await self.sleep(wait)
                continue
            parsed = _json(answer)
            if answer.status_code >= 500:
                if not idempotent:
                    raise Unknown(f"{method} {path}: {answer.status_code}")
                if attempt >= ATTEMPTS:
                    raise Failed(f"{self.name} {method} {path}: {answer.status_code} after {ATTEMPTS} attempts",
                                 answer.status_code, parsed)
                await self.sleep(2.0 ** attempt)
                continue
            message = parsed.get("message") if isinstance(parsed, dict) else None
            raise Failed(f"{self.name} {method} {path}: {answer.status_code} {message or answer.text[:200]}",
                         answer.status_code, parsed)

    def _headers(self, method: str, url: str) -> dict[str, str]:
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        if self.oauth:
            headers["Authorization"] = self._sign(method, url)
        elif self.bearer:
            headers["Authorization"] = f"Bearer {self.bearer}"
        return headers

    def _sign(self, method: str, url: str) -> str:
        """OAuth 1.0a, HMAC-SHA256 (RFC 5849 section 3.4): the query is part of the signed parameters."""
        parts = urlsplit(url)
        stamp = str(int(self.now().timestamp()))
        self.nonce += 1
        nonce = hashlib.sha256(f"{stamp}:{self.nonce}:{url}".encode()).hexdigest()[:32]
        params = {"oauth_consumer_key": self.oauth["consumer_key"], "oauth_nonce": nonce,
                  "oauth_signature_method": "HMAC-SHA256", "oauth_timestamp": stamp,
                  "oauth_token": self.oauth["token"], "oauth_version": "1.0"}
        query = [tuple(pair.split("=", 1)) if "=" in pair else (pair, "") for pair in parts.query.split("&") if pair]
        from urllib.parse import unquote
        pairs = sorted([(enc(k), enc(v)) for k, v in params.items()]
                       + [(enc(unquote(k)), enc(unquote(v))) for k, v in query])
        port = parts.port
        default = port is None or (parts.scheme, port) in {("http", 80), ("https", 443)}
        origin = f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}{'' if default else f':{port}'}"
        base = "&".join([method.upper(), enc(origin + parts.path), enc("&".join(f"{k}={v}" for k, v in pairs))])
        key = f"{enc(self.oauth['consumer_secret'])}&{enc(self.oauth['token_secret'])}"
        signature = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha256).digest()).decode()
        return "OAuth " + ", ".join(f'{enc(k)}="{enc(v)}"' for k, v in {**params, "oauth_signature": signature}.items())

    def _retry_after(self, answer: httpx.Response) -> float:
        """Seconds to wait for a 429: Retry-After seconds or date (against Date, plus 1 s), body stamp, 30 s."""
        text = answer.headers.get("retry-after", "").strip()
        server_now = _date(answer.headers.get("date", "")) or self.now()
        if text:
            try:
                return max(1.0, float(text))
            except ValueError:
                when = _date(text)
                if when is not None:
                    return max(1.0, (when - server_now).total_seconds() + 1.0)
        body = _json(answer)
        stamp = body.get("retry-after") if isinstance(body, dict) else None
        if stamp:
            try:
                when = dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
                if when.tzinfo is None:
                    when = when.replace(tzinfo=dt.UTC)
                return max(1.0, (when - server_now).total_seconds() + 1.0)
            except ValueError:
                pass
        return FALLBACK_WAIT


def _json(answer: httpx.Response) -> Any:
    try:
        return answer.json()
    except ValueError:
        return None


def _date(text: str) -> dt.datetime | None:
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
