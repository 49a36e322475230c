"""What every adapter shares: the environment a connector under test is given, a tick's result, the protocol."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable
from urllib.parse import quote

import httpx

from stockgate.clock import VirtualClock

SCRUBBED = "<scrubbed>"
OAUTH_VARIABLES = {"consumer_key": "STOCKGATE_MAGENTO_CONSUMER_KEY",
                   "consumer_secret": "STOCKGATE_MAGENTO_CONSUMER_SECRET",
                   "token_secret": "STOCKGATE_MAGENTO_TOKEN_SECRET"}


EVERY_KIND = "*"  # declared by a connector that reports every kind a scenario may expect


@dataclass(slots=True)
class Reports:
    """What a connector under test reported through stockgate's hook, and the kinds it declared it reports.

    A scenario's ``then.reported`` kinds are checked only against a connector that declared them
    (or :data:`EVERY_KIND`); for any other they are listed as not checked, never passed silently.
    """

    declared: set[str] = field(default_factory=set)
    seen: list[tuple[str, str]] = field(default_factory=list)  # (kind, detail), in order
    problems: list[str] = field(default_factory=list)  # hook lines that could not be read (command connectors)
    shown: int = 0  # how many of ``seen`` a tick's output has shown

    def declare(self, kinds: Iterable[str]) -> None:
        """The connector reports these kinds (:data:`EVERY_KIND`: all of them)."""
        self.declared.update(kinds)

    def add(self, kind: str, detail: str = "") -> None:
        """One report."""
        self.seen.append((kind, detail))

    def checks(self, kind: str) -> bool:
        """Whether a ``then.reported`` of ``kind`` can be checked: the connector declared it reports it."""
        return EVERY_KIND in self.declared or kind in self.declared

    def kinds(self) -> set[str]:
        """The kinds reported so far."""
        return {kind for kind, _ in self.seen}

    def new_lines(self) -> list[str]:
        """``reported KIND: detail`` for each report not shown in a tick's output yet."""
        fresh, self.shown = self.seen[self.shown:], len(self.seen)
        return [f"reported {kind}: {detail}" if detail else f"reported {kind}" for kind, detail in fresh]


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectorEnv:
    """What a connector under test is given: where the platforms are, how to authenticate, the mapping."""

    mapping: Path
    magento_url: str
    magento_token: str
    lightspeed_url: str
    lightspeed_token: str
    lightspeed_api_version: str
    clock: VirtualClock
    state: Path | str = ":memory:"
    magento_version: str | None = None
    magento_profile: str = "default"
    magento_oauth: dict[str, str] = field(default_factory=dict)  # consumer_key, consumer_secret, token_secret
    magento_transport: httpx.AsyncBaseTransport | None = None  # in-process only (None: real HTTP)
    lightspeed_transport: httpx.AsyncBaseTransport | None = None
    reports: Reports = field(default_factory=Reports)  # filled through report(); read by the checks

    def report(self, kind: str, detail: str = "") -> None:
        """Report something a merchant must see (``unmapped-outlet``, ``unmatched-product``, ...): stockgate's hook.

        A scenario's ``then.reported`` is checked against these kinds when the connector declares
        what it reports (a ``python:`` class: ``reports = ("unmapped-outlet", ...)`` or ``("*",)``).
        Safe to call from any thread; ``detail`` is shown in the scenario's connector output.
        """
        if not isinstance(kind, str) or not kind.strip():
            raise ValueError(f"env.report(kind, detail): kind must be a non-empty string such as 'unmapped-outlet', "
                             f"got {kind!r}")
        self.reports.add(kind.strip(), self.scrub(str(detail)))

    def variables(self) -> dict[str, str]:
        """The ``STOCKGATE_*`` part of a ``command:`` connector's environment (documented in the README).

        ``STOCKGATE_MAGENTO_AUTH`` says how the store expects to be called: ``oauth1`` (sign with the
        token, the consumer key and secret and the token secret, all given) or ``bearer`` (send
        ``STOCKGATE_MAGENTO_TOKEN`` as a Bearer token).
        """
        oauth = {OAUTH_VARIABLES[key]: value for key, value in self.magento_oauth.items() if key in OAUTH_VARIABLES}
        return {"STOCKGATE_MAGENTO_URL": self.magento_url, "STOCKGATE_MAGENTO_TOKEN": self.magento_token,
                "STOCKGATE_MAGENTO_AUTH": "oauth1" if oauth else "bearer", **oauth,
                "STOCKGATE_LIGHTSPEED_URL": self.lightspeed_url, "STOCKGATE_LIGHTSPEED_TOKEN": self.lightspeed_token,
                "STOCKGATE_LIGHTSPEED_API_VERSION": self.lightspeed_api_version, "STOCKGATE_MAPPING": str(self.mapping)}

    def secrets(self) -> tuple[str, ...]:
        """Every credential value the connector is given (what its output must never carry into a report)."""
        return tuple(value for value in (self.magento_token, self.lightspeed_token, *self.magento_oauth.values())
                     if value)

    def secret_forms(self) -> tuple[str, ...]:
        """Every form of every credential that :meth:`scrub` replaces, longest first."""
        # under 4 characters a "credential" is a test stub, and replacing it would garble every line
        forms = {form for secret in self.secrets() for form in (secret, quote(secret, safe="")) if len(form) >= 4}
        return tuple(sorted(forms, key=len, reverse=True))  # longest first: no fragment of a longer one survives

    def scrub(self, text: str) -> str:
        """``text`` with every credential value (as given, or percent-encoded) replaced by ``<scrubbed>``."""
        for form in self.secret_forms():
            text = text.replace(form, SCRUBBED)
        return text


@dataclass(frozen=True, slots=True, kw_only=True)
class TickResult:
    """One sync tick: whether it finished, what it printed or noted (for the report), and why it did not end.

    ``failure`` is set when the tick itself did not complete (a command that outlived the tick
    timeout): the runner reports it as a finding of its own.
    """

    ok: bool
    output: str = ""
    failure: str = ""


class ConnectorFailed(Exception):
    """The connector under test failed outside a tick (``configure`` or ``close`` raised or hung).

    A finding of the scenario, never stockgate's internal error: ``stage`` names the call.
    """

    def __init__(self, stage: str, message: str) -> None:
        """``stage``: configure or close; ``message``: what happened, credentials already scrubbed."""
        super().__init__(f"{stage}(): {message}")
        self.stage = stage
        self.message = message


@runtime_checkable
class ConnectorUnderTest(Protocol):
    """What stockgate drives: configure once, tick per sync, close at the end.

    A ``python:`` class runs on a thread of its own, with its own event loop; what it prints is
    captured for the report (see :mod:`stockgate.adapters.python`). What a merchant must see goes
    through ``env.report(kind, detail)``; a class attribute ``reports = ("unmapped-outlet", ...)``
    (or ``("*",)``) declares the kinds, so a scenario's ``then.reported`` holds it to them.
    """

    async def configure(self, env: ConnectorEnv) -> None:
        """Receive URLs, tokens and the mapping."""

    async def tick(self) -> TickResult:
        """Run one sync pass."""

    async def close(self) -> None:
        """Release resources."""
