"""Where a run acts: the twins (in-process), or a real store pair (a staging Magento and Lightspeed).

A store pair is named by its base URLs; its credentials come from the environment, never from
arguments (they would show in process lists and CI logs):

* ``STOCKGATE_MAGENTO_TOKEN``: the integration access token. With ``STOCKGATE_MAGENTO_CONSUMER_KEY``,
  ``STOCKGATE_MAGENTO_CONSUMER_SECRET`` and ``STOCKGATE_MAGENTO_TOKEN_SECRET`` requests are OAuth
  1.0a-signed (what 2.4.4+ needs unless the store allows integration tokens as Bearer), otherwise
  the token is sent as ``Authorization: Bearer``.
* ``STOCKGATE_LIGHTSPEED_TOKEN``: the connector's token (personal token or OAuth access token).
* ``STOCKGATE_LIGHTSPEED_REGISTER_TOKEN`` (optional): the token a scenario's cashier uses; default
  the connector's. ``STOCKGATE_LIGHTSPEED_USER_ID`` (optional): the user a cashier sells as; default
  the first user ``GET /api/2.0/users`` lists (Lightspeed publishes no "current user" endpoint).

Writes happen only with an explicit flag (``--allow-writes``), carry the run id (``sg-`` and 8 hex
digits) in what a person sees (sale notes, consignment names, the shopper's email), and are
listed at the end of the run: stockgate does not undo them.

A store's host never leaves this process: provenance and reports carry :meth:`Target.label`, a
hash of it.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from stockgate.errors import UsageError

OAUTH_KEYS = ("consumer_key", "consumer_secret", "token_secret")


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """A real store pair and the credentials to act on it."""

    magento_url: str
    lightspeed_url: str
    magento_token: str = field(repr=False)
    lightspeed_token: str = field(repr=False)
    magento_oauth: Mapping[str, str] = field(default_factory=dict, repr=False)  # consumer_key, _secret, token_secret
    register_token: str = field(default="", repr=False)
    user_id: str = ""
    run_id: str = ""  # the namespace of this run's writes (in notes, names and the shopper's email)
    writes: list[str] = field(default_factory=list, compare=False)  # what the run wrote, for the person

    def host(self, platform: str) -> str:
        """The store's host (``netloc``) on ``platform``; never written anywhere."""
        return urlsplit(self.magento_url if platform == "magento" else self.lightspeed_url).netloc

    def label(self, platform: str) -> str:
        """``staging:<first 12 hex digits of sha256(host)>``: tells stores apart without naming them."""
        return "staging:" + hashlib.sha256(self.host(platform).encode()).hexdigest()[:12]

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every credential value (scrubbed wherever it might appear)."""
        return tuple(v for v in (self.magento_token, self.lightspeed_token, self.register_token,
                                 *self.magento_oauth.values()) if v)


def credentials(environ: Mapping[str, str] | None = None) -> tuple[str, str, dict[str, str]]:
    """Magento token, Lightspeed token and OAuth 1.0a parts from the environment (one message if missing)."""
    env = os.environ if environ is None else environ
    magento = env.get("STOCKGATE_MAGENTO_TOKEN", "")
    lightspeed = env.get("STOCKGATE_LIGHTSPEED_TOKEN", "")
    missing = [name for name, value in (("STOCKGATE_MAGENTO_TOKEN", magento), ("STOCKGATE_LIGHTSPEED_TOKEN",
                                                                             lightspeed)) if not value]
    if missing:
        raise UsageError(f"set {' and '.join(missing)} in the environment (credentials are never arguments)")
    oauth = {key: env.get(f"STOCKGATE_MAGENTO_{key.upper()}", "") for key in OAUTH_KEYS}
    if any(oauth.values()) and not all(oauth.values()):
        raise UsageError("OAuth 1.0a needs STOCKGATE_MAGENTO_CONSUMER_KEY, _CONSUMER_SECRET and _TOKEN_SECRET "
                         "together")
    for name in ("STOCKGATE_MAGENTO_TOKEN", "STOCKGATE_LIGHTSPEED_TOKEN",
                 *(f"STOCKGATE_MAGENTO_{key.upper()}" for key in OAUTH_KEYS)):
        _check_credential(name, env.get(name, ""))
    return magento, lightspeed, oauth if any(oauth.values()) else {}


def magento_store(url: str, environ: Mapping[str, str] | None = None) -> Target:
    """One Magento store (``contracts pull``, ``verify-live``): its base URL and the integration's credentials.

    Only the Magento variables are read (``STOCKGATE_MAGENTO_TOKEN``, and the OAuth 1.0a parts together);
    the Lightspeed side of the returned target is empty.
    """
    env = os.environ if environ is None else environ
    token = env.get("STOCKGATE_MAGENTO_TOKEN", "")
    if not token:
        raise UsageError("set STOCKGATE_MAGENTO_TOKEN (the integration's access token) in the environment "
                         "(credentials are never arguments)")
    _, _, oauth = credentials({**env, "STOCKGATE_LIGHTSPEED_TOKEN": "unused"})
    return Target(magento_url=base_url(url, "--target"), lightspeed_url="", magento_token=token,
                  lightspeed_token="", magento_oauth=oauth, run_id="sg-" + secrets.token_hex(4))


def lightspeed_store(url: str, environ: Mapping[str, str] | None = None) -> Target:
    """One Lightspeed retailer (``verify-live``): its base URL and the connector's ``STOCKGATE_LIGHTSPEED_TOKEN``."""
    env = os.environ if environ is None else environ
    token = env.get("STOCKGATE_LIGHTSPEED_TOKEN", "")
    if not token:
        raise UsageError("set STOCKGATE_LIGHTSPEED_TOKEN (the connector's token) in the environment (credentials are "
                         "never arguments)")
    _check_credential("STOCKGATE_LIGHTSPEED_TOKEN", token)
    return Target(magento_url="", lightspeed_url=base_url(url, "--target"), magento_token="",
                  lightspeed_token=token, run_id="sg-" + secrets.token_hex(4))


def _check_credential(name: str, value: str) -> None:
    """A credential travels in an HTTP header: visible ASCII only (RFC 9110 field values). Never echo it."""
    bad = next((ch for ch in value if not 33 <= ord(ch) <= 126), None)
    if bad is not None:
        where = value.index(bad) + 1
        raise UsageError(f"{name}: character {where} is not visible ASCII (U+{ord(bad):04X}); tokens and keys "
                         "are sent in HTTP headers: copy the credential again from the platform's admin")


def base_url(text: str, what: str) -> str:
    """``text`` as a base URL (http or https with a host), or one usage error naming ``what``."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{what}: {text!r} is not a base URL (expected e.g. https://staging.example.com)")
    return text.strip().rstrip("/")


def parse_target(spec: str, environ: Mapping[str, str] | None = None) -> Target | None:
    """``--target``: ``twin`` (None), ``staging`` (URLs from the environment) or ``MAGENTO_URL,LIGHTSPEED_URL``."""
    env = os.environ if environ is None else environ
    if spec in ("", "twin"):
        return None
    if spec == "staging":
        urls = [env.get("STOCKGATE_MAGENTO_URL", ""), env.get("STOCKGATE_LIGHTSPEED_URL", "")]
        if not all(urls):
            raise UsageError("--target staging: set STOCKGATE_MAGENTO_URL and STOCKGATE_LIGHTSPEED_URL (the stores' "
                             "base URLs), or give them as --target MAGENTO_URL,LIGHTSPEED_URL")
    else:
        urls = spec.split(",")
        if len(urls) != 2:
            raise UsageError(f"--target {spec}: expected twin, staging, or MAGENTO_URL,LIGHTSPEED_URL (two base URLs "
                             "separated by a comma)")
    magento, lightspeed, oauth = credentials(env)
    return Target(magento_url=base_url(urls[0], "the Magento URL"), lightspeed_url=base_url(urls[1],
                                                                                            "the Lightspeed URL"),
                  magento_token=magento, lightspeed_token=lightspeed, magento_oauth=oauth,
                  register_token=env.get("STOCKGATE_LIGHTSPEED_REGISTER_TOKEN", ""),
                  user_id=env.get("STOCKGATE_LIGHTSPEED_USER_ID", ""), run_id="sg-" + secrets.token_hex(4))
