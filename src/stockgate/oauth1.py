"""OAuth 1.0a request signing (RFC 5849), shared by the Magento twin (verifying) and the connector (signing).

Magento integrations sign every request with HMAC-SHA1 or HMAC-SHA256 over the base string of
method, URL (no query) and the sorted, percent-encoded parameters (oauth_*, query and form fields),
keyed by ``consumer_secret&token_secret`` (MAGENTO.md §2.4; RFC 5849 §3.4).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit

METHODS = {"HMAC-SHA1": hashlib.sha1, "HMAC-SHA256": hashlib.sha256}


@lru_cache(maxsize=16384)  # keys, keys' values and paths repeat on every request
def encode(text: str) -> str:
    """RFC 3986 percent-encoding (unreserved characters kept)."""
    return quote(text, safe="~-._")


def base_string(method: str, url: str, params: Iterable[tuple[str, str]]) -> str:
    """RFC 5849 §3.4.1 signature base string."""
    parts = urlsplit(url)
    scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    netloc = host if port is None or (scheme, port) in {("http", 80), ("https", 443)} else f"{host}:{port}"
    normalized = "&".join(f"{k}={v}" for k, v in sorted((encode(k), encode(v)) for k, v in params))
    return "&".join([method.upper(), encode(f"{scheme}://{netloc}{parts.path}"), encode(normalized)])


def sign(method: str, base: str, consumer_secret: str, token_secret: str) -> str:
    """The base64 HMAC signature of ``base`` with ``method`` (HMAC-SHA1 or HMAC-SHA256)."""
    key = f"{encode(consumer_secret)}&{encode(token_secret)}".encode()
    return base64.b64encode(hmac.new(key, base.encode(), METHODS[method]).digest()).decode()


def parse_header(value: str) -> dict[str, str]:
    """``OAuth k="v", …`` → {k: v} (percent-decoded)."""
    return {k: unquote(v) for k, v in re.findall(r'([A-Za-z_]+)="([^"]*)"', value)}


def authorization(*, method: str, url: str, query: Iterable[tuple[str, str]], consumer_key: str,
                  consumer_secret: str, token: str, token_secret: str, nonce: str, timestamp: int,
                  signature_method: str = "HMAC-SHA256") -> str:
    """The ``Authorization: OAuth …`` header value for one request."""
    oauth = {"oauth_consumer_key": consumer_key, "oauth_token": token, "oauth_signature_method": signature_method,
             "oauth_timestamp": str(timestamp), "oauth_nonce": nonce, "oauth_version": "1.0"}
    base = base_string(method, url, [*oauth.items(), *query])
    oauth["oauth_signature"] = sign(signature_method, base, consumer_secret, token_secret)
    return "OAuth " + ", ".join(f'{k}="{encode(v)}"' for k, v in oauth.items())
