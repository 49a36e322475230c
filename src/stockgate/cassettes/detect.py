"""Secrets by name and by shape: the one judgement the scrubber and ``cassettes lint`` share.

Names are compared after normalising: case and separators dropped, so ``api_key``, ``apiKey`` and
``api-key`` are one name, and a header's ``X-`` prefix does not hide it (``X-Auth-Token``). Shapes
are looked for in any text, whatever the field is called: stockgate's own patterns (Bearer and
Basic credentials, JWTs, OAuth signatures, URL userinfo, private-key blocks, ``password=…``
written into text, long random-looking tokens), then detect-secrets' known-format plugins (AWS,
GitHub, Slack, Stripe … keys) as a second pass. Ids (UUIDs), hashes (hex) and version cursors
(digits) are not secrets: the entropy detector passes them by.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

SCRUBBED = "<scrubbed>"
# normalised names (see normalise) that hold a secret, and the endings that make one
SECRET_NAMES = frozenset({
    "auth", "authorization", "proxyauthorization", "credential", "credentials", "sig", "signature", "token",
    "secret", "password", "passwd", "pwd", "passphrase", "cookie", "setcookie", "session", "sessionid", "jwt",
    "apikey", "privatekey", "clientsecret", "consumersecret", "consumerkey", "tokensecret", "accesskey",
    "secretkey", "signingkey", "otp"})
SECRET_ENDINGS = ("token", "secret", "password", "passwd", "signature", "apikey", "privatekey", "secretkey",
                  "accesskey", "credentials", "sessionid")
QUERY_ONLY = frozenset({"code", "key"})  # an OAuth code, an API key; in bodies these are product codes and keys
# paging cursors: opaque, random-looking, not secrets, and a replay must send them back as recorded
CURSOR_ENDINGS = ("pagetoken", "nexttoken", "continuationtoken", "synctoken", "cursor")

_TEXT = {
    "a bearer token": r"\bBearer\s+(?P<s>(?!<scrubbed>)[A-Za-z0-9._~+/=-]{8,})",
    "a Basic credential": r"\bBasic\s+(?P<s>[A-Za-z0-9+/]{8,}={0,2})",
    "a JSON web token": r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}",
    "an OAuth signature": r"oauth_signature=\"?(?P<s>(?!%3Cscrubbed|<scrubbed)[A-Za-z0-9%+/=]{6,})",
    "credentials in a URL": r"\b[A-Za-z][A-Za-z0-9+.-]*://(?P<s>(?!<scrubbed>@)[^/\s@<>\"']+)@",
    "a private key": r"-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?"
                     r"(?:-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----|\Z)",
    "a secret written into text": r"(?i)\b(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?token|"
                                  r"refresh[_-]?token|client[_-]?secret|private[_-]?key|auth[_-]?token)\b[\"']?"
                                  r"\s*[=:]\s*[\"']?(?P<s>(?!<scrubbed>)[^\s\"'&,;<>]{4,})",
}
TEXT_PATTERNS = {what: re.compile(pattern) for what, pattern in _TEXT.items()}
_TOKEN = re.compile(r"[A-Za-z0-9+/_=-]{20,}")
_HEX = re.compile(r"[0-9a-fA-F-]+")
ENTROPY_BITS = 3.5  # per character; a 20-character random base62 token has about 4.1, English words under 3.3
_FLAG = re.compile(r"(?P<name>--?[A-Za-z][\w-]*)(?:=|\s+)(?P<s>\"[^\"]*\"|'[^']*'|[^\s\"'-][^\s\"']*)")
_ASSIGN = re.compile(r"(?<![\w-])(?P<name>[A-Za-z_][A-Za-z0-9_]*)=(?P<s>\"[^\"]*\"|'[^']*'|[^\s\"']+)")


def normalise(name: str) -> str:
    """``name`` lower-cased without separators: ``api_key`` = ``apiKey`` = ``api-key`` = ``apikey``."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def json_in_text(value: str) -> dict[str, Any] | list[Any] | None:
    """The JSON object or list a string holds (``'{"password": ...}'``), or None when it holds none."""
    if not value.lstrip().startswith(("{", "[")):
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    return data if isinstance(data, dict | list) else None


def is_cursor_name(name: str) -> bool:
    """Whether ``name`` is a paging cursor (random-looking on purpose; never scrubbed)."""
    return normalise(name).endswith(CURSOR_ENDINGS)


def is_secret_name(name: str, *, query: bool = False) -> bool:
    """Whether a body field (or, with ``query``, a query parameter) called ``name`` holds a secret."""
    n = normalise(name)
    if not n or is_cursor_name(name):
        return False
    return n.startswith("oauth") or n in SECRET_NAMES or n.endswith(SECRET_ENDINGS) or (query and n in QUERY_ONLY)


def is_secret_header(name: str) -> bool:
    """Whether a header called ``name`` holds a secret (``X-`` prefixes ignored; any ``…Key`` header)."""
    bare = name[2:] if name.lower().startswith("x-") else name
    return is_secret_name(bare) or normalise(bare).endswith("key")


def find_secrets(text: str) -> list[tuple[str, str]]:
    """(what it looks like, the secret's text) for every credential-shaped part of ``text``."""
    return list(_find(text))


@lru_cache(maxsize=16384)  # cassettes repeat the same values (names, statuses, dates) thousands of times
def _find(text: str) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for what, pattern in TEXT_PATTERNS.items():
        for match in pattern.finditer(text):
            found.setdefault(match.group("s") if "s" in pattern.groupindex else match.group(0), what)
    for token in _TOKEN.findall(text):
        if random_looking(token) and not any(token in secret or secret in token for secret in found):
            found.setdefault(token, "a high-entropy string")
    for what, secret in known_formats(text):
        if not any(secret in other for other in found):
            found.setdefault(secret, what)
    return tuple((what, secret) for secret, what in found.items() if secret and secret != SCRUBBED)


def random_looking(token: str) -> bool:
    """A long mixed-case, digit-bearing token with high entropy; never hex (ids, hashes) nor digits (cursors).

    Base64 has ``/`` in it, and so do URL paths: a token with a segment that is a plain word
    (``/rest/default/V1/products``) is a path.
    """
    path = any(len(part) >= 3 and part.isalpha() for part in token.split("/")[:-1])  # no "/": no parts
    if path or _HEX.fullmatch(token) or token.isdigit():
        return False
    kinds = (sum(c.isdigit() for c in token), sum(c.isupper() for c in token), sum(c.islower() for c in token))
    return min(kinds) >= 2 and entropy(token) >= ENTROPY_BITS


def entropy(text: str) -> float:
    """Shannon entropy of ``text`` in bits per character."""
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values()) if text else 0.0


def known_formats(text: str) -> Iterator[tuple[str, str]]:
    """The second pass: detect-secrets' known-format plugins (public IPs are not secrets: left out)."""
    for plugin in _plugins():
        for secret in plugin.analyze_string(text):
            yield f"a {plugin.secret_type} (detect-secrets)", str(secret)


@cache
def _plugins() -> tuple[Any, ...]:
    """An instance of every regex-based detect-secrets plugin, imported on first use."""
    import importlib
    import inspect
    import pkgutil

    import detect_secrets.plugins
    from detect_secrets.plugins.base import RegexBasedDetector

    found = []
    for info in pkgutil.iter_modules(detect_secrets.plugins.__path__):
        module = importlib.import_module(f"detect_secrets.plugins.{info.name}")
        found += [cls() for _name, cls in inspect.getmembers(module, inspect.isclass)
                  if issubclass(cls, RegexBasedDetector) and cls.__module__ == module.__name__
                  and not inspect.isabstract(cls) and cls.__name__ != "IPPublicDetector"]
    return tuple(sorted(found, key=lambda plugin: type(plugin).__name__))


def command_secrets(command: str) -> list[tuple[str, str]]:
    """Secrets in a command line: values of secret options (``--token X``) and variables, and any shape."""
    found = [("a secret option on the command line", m.group("s")) for m in _FLAG.finditer(command)
             if is_secret_name(m.group("name"))]
    found += [("a secret variable on the command line", m.group("s")) for m in _ASSIGN.finditer(command)
              if is_secret_name(m.group("name"))]
    return [(what, secret) for what, secret in found if secret.strip("\"'") not in ("", SCRUBBED)] \
        + find_secrets(command)


def replace_secrets(text: str, secrets: list[tuple[str, str]]) -> str:
    """``text`` with every secret's text replaced by ``<scrubbed>`` (longest first: no fragment survives)."""
    for secret in sorted({secret for _what, secret in secrets}, key=len, reverse=True):
        text = text.replace(secret, SCRUBBED)
    return text
