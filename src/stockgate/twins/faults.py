"""Fault kinds a twin can inject, as a registry keyed by a stable id (STYLE.md rule 4).

A :class:`FaultPlan` holds rules ("the 2nd and 3rd POST to /V1/order/*/refund lose their
response"); the twin app asks the plan before each request. Kinds act either *before* the
handler (the write never happens) or *after* it (the write is committed, the client sees a
failure — the fault that makes retries dangerous).
"""

from __future__ import annotations

import fnmatch
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx


class ConnectionDropped(httpx.RemoteProtocolError):
    """The twin closed the connection without a response (a reset, or a response lost after commit)."""


Check = Callable[[Any], Any]  # a parameter's value as the twins use it; ValueError saying what was expected
METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
MAX_SECONDS = 31_622_400  # a year: any wait or delay beyond it is a typo, and inf would stop the clock


def _number(value: Any) -> int | float:
    """An int or finite float from YAML or the command line's text; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError
    number = value if not isinstance(value, str) else int(value) if value.strip().isdigit() else float(value)
    if not math.isfinite(number):
        raise ValueError
    return number


def count(value: Any) -> int:
    """A whole number from 0 (``skip``, ``times``)."""
    try:
        number = _number(value)
    except ValueError:
        number = -1
    if not isinstance(number, int) or number < 0:
        raise ValueError(f"expected a whole number from 0, got {value!r}")
    return number


def seconds(value: Any) -> int | float:
    """Seconds from 0 to :data:`MAX_SECONDS`."""
    try:
        number = _number(value)
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_SECONDS:
        raise ValueError(f"expected seconds from 0 to {MAX_SECONDS:,}, got {value!r}")
    return number


def method(value: Any) -> str:
    """An HTTP method, upper case."""
    if not isinstance(value, str) or value.strip().upper() not in METHODS:
        raise ValueError(f"expected one of {', '.join(METHODS)}, got {value!r}")
    return value.strip().upper()


def _retry_after(value: Any) -> int | float | None:
    return None if value is None or value == "null" else seconds(value)


def _one_of(*options: Any) -> Check:
    def check(value: Any) -> Any:
        found = next((o for o in options if str(o) == str(value).strip()), None)
        if found is None or isinstance(value, bool):
            raise ValueError(f"expected one of {', '.join(map(str, options))}, got {value!r}")
        return found
    return check


@dataclass(frozen=True, slots=True, kw_only=True)
class Param:
    """A parameter of a fault kind: what it means, and how its value is checked (and converted)."""

    description: str
    check: Check


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultKind:
    """One registered kind: its id, what it does, when it acts and which parameters it takes."""

    id: str
    description: str
    phase: str  # "before" | "after"
    params: Mapping[str, Param] = field(default_factory=dict)


_KINDS: dict[str, FaultKind] = {}


def register(kind: FaultKind) -> FaultKind:
    """Add ``kind``; a duplicate id fails at import."""
    if kind.id in _KINDS:
        raise ValueError(f"duplicate fault kind {kind.id!r}")
    _KINDS[kind.id] = kind
    return kind


def kinds() -> Mapping[str, FaultKind]:
    """Every registered fault kind."""
    return dict(_KINDS)


register(FaultKind(
    id="http-429", phase="before",
    description="a 429 from the platform or its edge; the request is not processed",
    params={"retry_after": Param(description="seconds until the window reopens, or null to send no Retry-After",
                                 check=_retry_after),
            "retry_after_format": Param(
                description="seconds | http-date | body-timestamp | missing (platform default when unset)",
                check=_one_of("seconds", "http-date", "body-timestamp", "missing"))},
))
register(FaultKind(
    id="http-5xx", phase="before", description="a server error; the request is not processed",
    params={"status": Param(description="500, 502, 503 or 504 (default 503)", check=_one_of(500, 502, 503, 504))},
))
register(FaultKind(
    id="latency", phase="before", description="the answer arrives late: virtual time advances, then it is processed",
    params={"seconds": Param(description="delay in virtual seconds", check=seconds)},
))
register(FaultKind(
    id="connection-reset", phase="before", description="the connection drops before the request is processed",
))
register(FaultKind(
    id="lost-response", phase="after",
    description="the request is processed and committed, then the connection drops before the answer",
))


def _field_name(value: Any) -> str:
    text = str(value)
    if not text or not all(ch.isalnum() or ch == "_" for ch in text):
        raise ValueError(f"expected a property name (letters, digits, _), got {value!r}")
    return text


def _json_value(value: Any) -> Any:
    import json

    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise ValueError(f"expected a JSON value (e.g. \"lots\", null, -1), got {value!r}") from None


register(FaultKind(
    id="corrupt-field", phase="after",
    description="a planted conformance bug: the request is processed, then every 'field' in the JSON answer is "
                "replaced by 'value' (a test hook for stockgate verify-live and the conformance checks)",
    params={"field": Param(description="the property name to corrupt wherever it occurs", check=_field_name),
            "value": Param(description='the JSON value put there (default "corrupted")', check=_json_value)},
))


def corrupted(body: Any, rule: FaultRule) -> Any:
    """``body`` with every ``rule.params['field']`` replaced by its ``value`` (a copy; the state is untouched)."""
    name, value = rule.params.get("field", ""), rule.params.get("value", "corrupted")
    if isinstance(body, dict):
        return {k: value if k == name else corrupted(v, rule) for k, v in body.items()}
    if isinstance(body, list):
        return [corrupted(v, rule) for v in body]
    return body


register(FaultKind(
    id="webhook-drop", phase="webhook",
    description="a webhook delivery is never sent (Lightspeed does not guarantee delivery)",
))
register(FaultKind(
    id="webhook-duplicate", phase="webhook", description="a webhook delivery is sent twice",
))
register(FaultKind(
    id="webhook-reorder", phase="webhook", description="a webhook delivery is sent after the one queued behind it",
))


@dataclass(frozen=True, slots=True, kw_only=True)
class FaultRule:
    """Apply ``kind`` to requests matching ``method`` and the path glob ``path``.

    ``skip`` lets the first N matching requests through; ``times`` is how many are hit after that
    (0 = every one). Every value is checked when the rule is made (ValueError naming the key, what it
    takes and what it got), so a twin never meets a fault it cannot act on.
    """

    kind: str
    method: str | None = None
    path: str = "*"
    skip: int = 0
    times: int = 1
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Reject unknown kinds and keys with the valid ones listed, and values the kind cannot use."""
        if self.kind not in _KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; known: {', '.join(sorted(_KINDS))}")
        known = _KINDS[self.kind].params
        unknown = sorted(set(self.params) - set(known))
        if unknown:
            raise ValueError(f"unknown parameter(s) {', '.join(map(str, unknown))}; {self.kind} takes "
                             f"{', '.join(sorted(known)) or 'none'}")
        checked = {key: _checked(key, known[key].check, value) for key, value in self.params.items()}
        object.__setattr__(self, "params", checked)  # frozen: set once, converted (the CLI's '60' is 60)
        if self.method is not None:
            object.__setattr__(self, "method", _checked("method", method, self.method))
        object.__setattr__(self, "skip", _checked("skip", count, self.skip))
        object.__setattr__(self, "times", _checked("times", count, self.times))

    def matches(self, method: str, path: str) -> bool:
        """Whether a request ``method path`` is in scope of this rule."""
        return (self.method is None or self.method.upper() == method) and fnmatch.fnmatchcase(path, self.path)


def _checked(key: str, check: Check, value: Any) -> Any:
    try:
        return check(value)
    except ValueError as exc:
        raise ValueError(f"{key}: {exc}") from None


class FaultPlan:
    """The rules in force for one twin, with per-rule hit counters (deterministic, no randomness)."""

    def __init__(self, rules: list[FaultRule] | None = None) -> None:
        """Start with ``rules`` (none by default)."""
        self._rules: list[FaultRule] = []
        self._seen: list[int] = []
        for rule in rules or []:
            self.add(rule)

    def add(self, rule: FaultRule) -> None:
        """Add a rule; it applies from the next request on."""
        self._rules.append(rule)
        self._seen.append(0)

    def clear(self) -> None:
        """Remove every rule."""
        self._rules.clear()
        self._seen.clear()

    @property
    def rules(self) -> tuple[FaultRule, ...]:
        """The rules in force."""
        return tuple(self._rules)

    def pick(self, method: str, path: str) -> FaultRule | None:
        """The first rule that hits this request (counting it), or None."""
        for i, rule in enumerate(self._rules):
            if not rule.matches(method, path):
                continue
            self._seen[i] += 1
            n = self._seen[i] - rule.skip
            if n >= 1 and (rule.times == 0 or n <= rule.times):
                return rule
        return None


def parse_rule(text: str) -> FaultRule:
    """``KIND@PATH_GLOB[,key=value…]`` → a rule; keys ``method``, ``skip``, ``times`` and the kind's parameters.

    Example: ``lost-response@/V1/order/*/refund,method=POST`` or ``http-429@/api/*,retry_after=300,times=0``.
    """
    kind, at, rest = text.partition("@")
    if not at or not rest:
        raise ValueError(f"fault '{text}' is not KIND@PATH[,key=value...], e.g. 'http-429@/V1/inventory/*,times=3'")
    glob, *pairs = rest.split(",")
    options: dict[str, Any] = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        if not eq:
            raise ValueError(f"fault '{text}': '{pair}' is not key=value")
        options[key.strip()] = value.strip()
    if kind not in _KINDS:
        raise ValueError(f"unknown fault kind '{kind}'; known: {', '.join(sorted(_KINDS))}")
    allowed = {"method", "skip", "times", *_KINDS[kind].params}
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise ValueError(f"fault '{text}': unknown key(s) {', '.join(unknown)}; "
                         f"{kind} takes {', '.join(sorted(allowed))}")
    try:
        return FaultRule(kind=kind, method=options.pop("method", None), path=glob, skip=options.pop("skip", 0),
                         times=options.pop("times", 1), params=options)
    except ValueError as exc:
        raise ValueError(f"fault '{text}': {exc}") from None
