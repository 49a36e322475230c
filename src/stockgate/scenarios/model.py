"""Scenarios as data: a stable id, a merchant-readable title, where it applies, given → when → then.

Findings are results, never exceptions (STYLE.md rule 14): each has a stable fingerprint over the
scenario, the version pair, the check and its subject, so a report can track it across runs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stockgate.errors import UsageError


def version_key(platform: str, version: str) -> tuple[int, ...]:
    """Comparable key: Magento ``2.4.8`` → (2, 4, 8); Lightspeed ``2.0`` → (0, 2, 0), ``2026-07`` → (1, 2026, 7).

    A pulled contract's name (``my-staging``) orders as the release it extends (its index entry's ``extends``).
    """
    if version[:1].isalpha():
        return _pulled_key(platform, version)
    if platform == "lightspeed":
        if re.fullmatch(r"\d{4}-\d{2}", version):
            year, month = version.split("-")
            return (1, int(year), int(month))
        return (0, *map(int, version.split(".")))
    return tuple(int(p) for p in re.findall(r"\d+", version))


def _pulled_key(platform: str, name: str) -> tuple[int, ...]:
    from stockgate.contracts.index import load_index
    from stockgate.contracts.refs import Platform, VersionRef

    entry = load_index().get(VersionRef(platform=Platform(platform), version=name))
    if entry.extends is None:
        raise UsageError(f"{entry.ref} names no release it extends, so it cannot be ordered among versions")
    return version_key(platform, entry.extends.version)


def in_range(platform: str, version: str, spec: str | None) -> bool:
    """``spec`` like ``>=2.4.7``, ``<2026-04``, ``>=2.4.5 <2.4.8`` or ``2.4.8`` (None: any)."""
    if not spec:
        return True
    key = version_key(platform, version)
    for part in spec.split():
        op, value = re.match(r"^(>=|<=|>|<|==|=)?(.+)$", part).groups()  # type: ignore[union-attr]
        other = version_key(platform, value)
        ok = {">=": key >= other, "<=": key <= other, ">": key > other, "<": key < other}.get(op or "==",
                                                                                           key == other)
        if not ok:
            return False
    return True


@dataclass(frozen=True, slots=True, kw_only=True)
class Pair:
    """The platform versions (and named configurations) a scenario runs on."""

    magento: str
    lightspeed: str
    magento_profile: str = "default"
    lightspeed_profile: str = "default"

    def __str__(self) -> str:
        """``magento@2.4.8-lightspeed@2026-07`` (the pytest id part)."""
        text = f"magento@{self.magento}-lightspeed@{self.lightspeed}"
        profiles = [p for p in (self.magento_profile, self.lightspeed_profile) if p != "default"]
        return text + (f"+{'+'.join(profiles)}" if profiles else "")

    @classmethod
    def parse(cls, text: str) -> Pair:
        """The inverse of ``str()`` (a Lightspeed profile is ``registers-N``, any other is Magento's)."""
        head, *profiles = text.split("+")
        magento, sep, lightspeed = head.partition("-lightspeed@")
        if not sep or not magento.startswith("magento@"):
            raise UsageError(f"not a version pair: {text!r} (expected magento@2.4.8-lightspeed@2026-07)")
        return cls(magento=magento.removeprefix("magento@"), lightspeed=lightspeed,
                   magento_profile=combined(*(p for p in profiles if not p.startswith("registers-"))),
                   lightspeed_profile=next((p for p in profiles if p.startswith("registers-")), "default"))


def combined(*names: str) -> str:
    """Magento configurations applied together, in order, each once: ``input-limits-on+auto-return-on``.

    ``default`` adds nothing; a later configuration's fact wins over an earlier one's
    (:func:`~stockgate.contracts.profiles.load_profile` reads the ``+``).
    """
    parts = [part for name in names for part in name.split("+") if part and part != "default"]
    return "+".join(dict.fromkeys(parts)) or "default"


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One ``when`` step: its kind, arguments, and where it is in the file."""

    kind: str
    args: Mapping[str, Any]
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A parsed scenario file."""

    id: str
    title: str
    areas: tuple[str, ...]
    path: Path
    applies_to: Mapping[str, str]
    given: Mapping[str, Any]
    when: tuple[Step, ...]
    then: Mapping[str, Any]
    invariants: tuple[str, ...]

    def applies(self, pair: Pair) -> bool:
        """Whether the scenario runs on ``pair``."""
        return in_range("magento", pair.magento, self.applies_to.get("magento")) and \
            in_range("lightspeed", pair.lightspeed, self.applies_to.get("lightspeed"))


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One failed check: what, where, expected vs actual, what to do."""

    scenario: str
    pair: str
    check: str
    subject: str
    expected: str
    actual: str
    hint: str = ""

    @property
    def fingerprint(self) -> str:
        """Stable across runs: scenario, pair, check and subject (not the values)."""
        text = "|".join((self.scenario, self.pair, self.check, self.subject))
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def line(self) -> str:
        """One line for consoles and logs."""
        hint = f" — {self.hint}" if self.hint else ""
        return f"[{self.fingerprint}] {self.check} {self.subject}: expected {self.expected}, got {self.actual}{hint}"


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioResult:
    """The outcome of one scenario on one pair."""

    scenario: str
    title: str
    pair: str
    status: str  # passed | failed | error
    findings: tuple[Finding, ...]
    convergence_seconds: float | None
    requests: Mapping[str, int]
    connector_output: tuple[str, ...] = ()
    error: str = ""
    areas: tuple[str, ...] = field(default_factory=tuple)
    ticks: tuple[float, ...] = ()  # virtual seconds at which the connector ticked (a replay ticks the same)
    unchecked: tuple[str, ...] = ()  # checks this run could not make, and why (on a real store: twin-only ones)

    @property
    def passed(self) -> bool:
        """No finding and no error."""
        return self.status == "passed"
