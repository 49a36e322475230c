"""OAuth 1.0a request signing (RFC 5849), shared by the Magento twin (verifying) and the connector (signing).

Magento integrations sign every request with HMAC-SHA1 or HMAC-SHA256 over the base string of
method, URL (no query) and the sorted, percent-encoded parameters (oauth_*, query and form fields),
keyed by ``consumer_secret&token_secret`` (MAGENTO.md §2.4; RFC 5849 §3.4).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, unquote_plus, urlsplit

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


def query_string(pairs: Iterable[tuple[str, str]]) -> str:
    """``pairs`` as a query string in RFC 3986 percent-encoding: a space is %20, never "+".

    RFC 5849 reads "+" as a space, Magento's request helper (rawurldecode) as a plus: a query both sign
    alike leaves "+" out (``auth.oauth1_signature``). HTTP clients' form encoding writes spaces as "+".
    """
    return "&".join(f"{encode(k)}={encode(v)}" for k, v in pairs)


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


# --- Magento's verifier ----------------------------------------------------------------------------------
# Magento does not build RFC 5849's base string: its request helper (Framework/Oauth/Helper/Request.php)
# collects the parameters, and laminas-oauth (up to 2.4.7) or its own signer (2.4.8 on) orders and
# joins them. Each difference is a key of the profile fact ``auth.oauth1_signature`` (its source says
# where in Magento's code it is); a client signing by the RFC agrees with Magento only where they agree.

_PROTOCOL = re.compile(r"oauth_[a-z_-]+")  # Request::_isProtocolParameter (unanchored, as in Magento)
_ARRAY = object()  # a parse_str() value that nested into an array


def magento_header(value: str) -> dict[str, str]:
    """The oauth_* parameters Magento's request helper reads from an Authorization header (``Request::_processHeader``).

    It takes what follows the first ``OAuth `` (any case), splits on commas, each part once on ``=``, keeps names
    matching ``oauth_[a-z_-]+`` and rawurldecodes name and value, the value first trimmed of double quotes: so
    quotes are optional (RFC 5849 section 3.5.1 requires them) and other parameters are ignored.
    """
    at = value.lower().find("oauth ")
    if at < 0:
        return {}
    params: dict[str, str] = {}
    for part in value[at + 6:].split(","):
        name, equals, raw = part.strip().partition("=")
        if equals and _PROTOCOL.search(name):
            params[unquote(name, encoding="latin-1")] = unquote(raw.strip('"'), encoding="latin-1")
    return params


def magento_base_string(method: str, url: str, *, protocol: Mapping[str, str], query: str,
                        form: list[tuple[str, str]], rule: Mapping[str, Any]) -> str:
    """The base string Magento signs for a request (``rule``: the ``auth.oauth1_signature`` fact's value).

    ``protocol``: the Authorization header's oauth_* parameters; ``query``: the raw query string;
    ``form``: the fields of an application/x-www-form-urlencoded body.
    """
    pairs = _magento_params(protocol, query, form, rule)
    if rule["name_order"] == "bytes-raw":  # the 2.4.8 signer: ksort() on the names as received
        pairs.sort(key=lambda kv: kv[0].encode("latin-1", "replace"))
    encoded = [(_raw(k), _raw(v)) for k, v in pairs]
    if rule["name_order"] == "natural-encoded":  # laminas-oauth: uksort($params, 'strnatcmp') once encoded
        encoded.sort(key=functools.cmp_to_key(_natural_pair))
    elif rule["name_order"] == "bytes-encoded":  # RFC 5849 section 3.4.1.3.2
        encoded.sort()
    normalized = "&".join(f"{k}={v}" for k, v in encoded)
    return "&".join([method.upper(), _raw(_magento_url(url, rule["url"])), _raw(normalized)])


def _magento_params(protocol: Mapping[str, str], query: str, form: list[tuple[str, str]],
                    rule: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """``Request::_processRequest`` (and the 2.4.8 signer's second reading of the query): what is signed."""
    listed: list[tuple[str, Any]] = [(k, v) for k, v in protocol.items() if k != "oauth_signature"]
    if rule["query_pairs"] == "all":  # RFC 5849 section 3.4.1.3.1: every pair, form-decoded
        listed += [*form, *parse_qsl(query, keep_blank_values=True)]
    else:
        listed += [(k, v) for k, v in form if not _PROTOCOL.search(k)]
        for pair in query.split("&") if query else []:
            parts = pair.split("=")  # Request::_extractQueryStringParams: exactly one '=', rawurldecode()
            if len(parts) == 2 and not _PROTOCOL.search(parts[0]):
                listed.append((unquote(parts[0], encoding="latin-1"), unquote(parts[1], encoding="latin-1")))
    if rule["query_reparsed"] == "php-parse-str":
        listed = _reparsed(listed, query)
    if rule["repeated_names"] == "last-wins":  # a PHP array keeps one value per name, the last
        listed = list(dict(listed).items())
    return [(k, v) for k, v in listed if v is not _ARRAY and k != "oauth_signature"]


def _reparsed(listed: list[tuple[str, Any]], query: str) -> list[tuple[str, Any]]:
    """Hmac::buildRequestParams: parse_str() of the query merged over the helper's, nested arrays removed."""
    params = dict(listed)
    params.update(_parse_str(query))
    for key in [k for k in params if "[" in k and "]" in k]:
        if params.get(key[:key.index("[")]) is _ARRAY:
            del params[key[:key.index("[")]]
    return list(params.items())


def _parse_str(query: str) -> dict[str, Any]:
    """PHP's ``parse_str``: form-decoded, a bare name is "", ``a[b]`` nests, ``.`` and space in names are ``_``."""
    out: dict[str, Any] = {}
    for pair in query.split("&") if query else []:
        if not pair:
            continue
        raw_key, _, raw_value = pair.partition("=")
        key = unquote_plus(raw_key, encoding="latin-1").lstrip(" ")
        if not key:
            continue
        opening = key.find("[")
        if opening > 0 and "]" in key[opening:]:
            out[key[:opening]] = _ARRAY
            continue
        out[re.sub(r"[ .\[]", "_", key)] = unquote_plus(raw_value, encoding="latin-1")
    return out


def _magento_url(url: str, how: str) -> str:
    """The signed URL: laminas-oauth's normalised one (lowercase scheme and host, no default port), or as sent."""
    parts = urlsplit(url)
    if how == "as-sent":
        return f"{parts.scheme}://{parts.netloc}{parts.path}"
    scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    netloc = host if port is None or (scheme, port) in {("http", 80), ("https", 443)} else f"{host}:{port}"
    return f"{scheme}://{netloc}{parts.path}"


@lru_cache(maxsize=16384)  # names, keys, paths and the demo credentials repeat on every signed request
def _raw(text: str) -> str:
    """PHP's rawurlencode over the bytes as received (``~`` kept, as laminas-oauth and RFC 3986 keep it)."""
    return quote(text, safe="~-._", encoding="latin-1", errors="replace")


def _natural_pair(a: tuple[str, str], b: tuple[str, str]) -> int:
    """``uksort($params, 'strnatcmp')`` over encoded names (one value per name, so names decide)."""
    return strnatcmp(a[0], b[0]) or ((a[1] > b[1]) - (a[1] < b[1]))


def strnatcmp(a: str, b: str) -> int:
    """PHP's ``strnatcmp``: runs of digits compare by value (``a9`` before ``a10``), the rest byte by byte."""
    ka, kb = _natural_key(a), _natural_key(b)
    return (ka > kb) - (ka < kb)


def _natural_key(text: str) -> list[tuple[int, int, str]]:
    return [(1, int(run), "") if run.isdigit() else (0, 0, run) for run in re.findall(r"\d+|\D+", text)]
