"""The gate's one result model: what every report renders and what decides the exit code.

A :class:`GateResult` holds the two pairs, the evidence (contract hashes, the diff reports, every
scenario result on both sides, cassette problems) and :class:`GateFinding` rows: one per thing a
person must look at, each with the version pair, scenario or operation, field, expected, actual,
what to do, and a stable fingerprint. Reports are handlers of :class:`GateEvent` s; none of them
decides anything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stockgate.diff.model import Acceptance, DiffReport
from stockgate.diff.rules import Severity
from stockgate.scenarios.model import Finding, ScenarioResult

# how a scenario compares across the upgrade
OUTCOMES = ("passed", "fixed", "regression", "pre-existing", "new-failure", "retired")
BLOCKING_OUTCOMES = ("regression", "new-failure")


# how one finding compares across the upgrade (the report's groups, in this order)
STATES = ("new", "pre-existing", "fixed", "not-applicable")
def state_label(state: str) -> str:
    """How a report writes a state: ``not applicable`` for ``not-applicable``, the others as they are."""
    return state.replace("not-", "not ")


RUN = "run"  # the check a scenario that could not run is reported under (its subject: "error")


def identity(check: str, subject: str) -> tuple[str, str]:
    """What makes two findings of one scenario the same finding on both sides: the check and its subject."""
    return check, subject


def failures(result: ScenarioResult | None) -> dict[tuple[str, str], Finding]:
    """A run's findings by identity, its error as the finding ``run error`` (nothing for no run)."""
    if result is None:
        return {}
    out = {identity(f.check, f.subject): f for f in result.findings}
    if result.error:
        out[identity(RUN, "error")] = Finding(scenario=result.scenario, pair=result.pair, check=RUN, subject="error",
                                              expected="the scenario to run", actual=result.error,
                                              hint="fix what the error names")
    return out


NOT_CHECKED = ": not checked: "  # how the runner words a check it could not make: "CHECK: not checked: WHY"


def split_unchecked(note: str) -> tuple[str, str]:
    """``(check, why)`` of a run's ``unchecked`` note (the whole note as the check when it is worded otherwise)."""
    check, sep, why = note.partition(NOT_CHECKED)
    return (check, why) if sep else (note, "")


@dataclass(frozen=True, slots=True, kw_only=True)
class UncheckedCheck:
    """A check a scenario asks for that its runs could not make, and why: a pass says nothing about it."""

    scenario: str
    check: str  # e.g. "then.reported unmatched-product"
    why: str  # e.g. "the connector does not declare that it reports it (...)"
    sides: tuple[str, ...]  # "from", "to": the runs it was not made in


def unchecked_checks(outcomes: tuple[ScenarioOutcome, ...]) -> tuple[UncheckedCheck, ...]:
    """Every check not made, once per scenario and check, with the sides it was not made on."""
    sides: dict[tuple[str, str, str], list[str]] = {}
    for o in outcomes:
        for side, result in (("from", o.before), ("to", o.after)):
            for note in result.unchecked if result is not None else ():
                sides.setdefault((o.scenario, *split_unchecked(note)), []).append(side)
    return tuple(UncheckedCheck(scenario=scenario, check=check, why=why, sides=tuple(on))
                 for (scenario, check, why), on in sides.items())


@dataclass(frozen=True, slots=True, kw_only=True)
class FindingState:
    """One finding of one scenario, and how it compares across the upgrade."""

    scenario: str
    finding: Finding
    state: str  # one of STATES
    side: str  # the side whose run it comes from: "to", or "from" for fixed and not-applicable ones


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioOutcome:
    """One scenario across the upgrade: its result on each side (None: it does not apply there).

    ``baseline`` holds the identities failing on ``--from`` in any scenario: a scenario that runs on
    ``--to`` only is judged by its findings against it, not by its existence.
    """

    scenario: str
    title: str
    before: ScenarioResult | None
    after: ScenarioResult | None
    baseline: frozenset[tuple[str, str]] = frozenset()

    def states(self) -> list[FindingState]:
        """Each finding on either side: new on --to, pre-existing on both, fixed, or not applicable."""
        old, new = failures(self.before), failures(self.after)
        known = set(old) if self.before is not None else set(self.baseline)
        out = [FindingState(scenario=self.scenario, finding=f, state="pre-existing" if key in known else "new",
                            side="to") for key, f in new.items()]
        gone = "fixed" if self.after is not None else "not-applicable"
        return out + [FindingState(scenario=self.scenario, finding=f, state=gone, side="from")
                      for key, f in old.items() if key not in new]

    @property
    def outcome(self) -> str:
        """passed, fixed, regression, pre-existing, new-failure (fails on --to, does not apply on --from), retired.

        A run that fails on both sides is a regression when it has a finding --from did not have.
        """
        if self.after is None:
            return "retired"
        if self.after.passed:
            return "fixed" if self.before is not None and not self.before.passed else "passed"
        if not any(s.state == "new" for s in self.states()):
            return "pre-existing"
        return "new-failure" if self.before is None else "regression"

    @property
    def blocking(self) -> bool:
        """A new finding on --to blocks the upgrade."""
        return self.outcome in BLOCKING_OUTCOMES


@dataclass(frozen=True, slots=True, kw_only=True)
class GateFinding:
    """One line of the verdict's evidence."""

    kind: str  # diff | scenario | cassette | acceptance
    severity: Severity
    pair: str  # the version pair (scenarios), or "platform from -> to" (diff), or the cassette's version
    subject: str  # scenario id, operation, or cassette path
    field: str
    expected: str
    actual: str
    todo: str
    fingerprint: str
    blocking: bool
    note: str = ""  # why it is (not) blocking: accepted with reason, pre-existing, outside the surface
    state: str = "new"  # new, pre-existing, fixed or not-applicable (STATES): how it compares across the upgrade

    def line(self) -> str:
        """``[fp] BLOCKS diff magento 2.4.7 -> 2.4.8: POST /V1/x field: expected …, got …; do: …``."""
        state = "BLOCKS" if self.blocking else self.severity.value
        field = f" {self.field}" if self.field else ""
        note = f" ({self.note})" if self.note else ""
        shown = "" if self.state == "new" else f" {self.state}"
        return (f"[{self.fingerprint}] {state}{shown} {self.kind} {self.pair}: {self.subject}{field}: expected "
                f"{self.expected}, got {self.actual}; do: {self.todo}{note}")


def fingerprint(*parts: str) -> str:
    """A stable 12-hex-digit fingerprint of ``parts``."""
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True, kw_only=True)
class GateResult:
    """Everything the gate found, for the verdict and every report."""

    from_pair: str
    to_pair: str
    connector: str
    fail_on: Severity
    stockgate_version: str
    contracts: Mapping[str, Mapping[str, Any]]  # "magento@2.4.8" -> status, document_sha256, source
    diffs: tuple[DiffReport, ...]
    outcomes: tuple[ScenarioOutcome, ...]
    cassettes: Mapping[str, Any]  # checked: N answers in M files; problems: [...]
    findings: tuple[GateFinding, ...]
    unused_acceptances: tuple[Acceptance, ...] = ()
    consumer: str = ""
    elapsed_seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)
    fail_on_pre_existing: bool = False  # scenarios failing on both sides block too
    downgrades: tuple[str, ...] = ()  # "magento 2.4.9 -> 2.4.8" per platform gated backwards (--allow-downgrade)
    drift: Mapping[str, Any] | None = None  # --drift: {"size", "from": {band, reason, ...}, "to": {...}}

    @property
    def blocking(self) -> list[GateFinding]:
        """The findings that fail the gate."""
        return [f for f in self.findings if f.blocking]

    @property
    def passed(self) -> bool:
        """Nothing blocks."""
        return not self.blocking

    @property
    def exit_code(self) -> int:
        """0 pass, 1 something blocks (a regression; with ``fail_on_pre_existing``, a failure on both sides)."""
        return 0 if self.passed else 1

    def blocks(self, outcome: ScenarioOutcome) -> bool:
        """Does this scenario block: a regression or a new failure, or a pre-existing one with the flag."""
        return outcome.blocking or (self.fail_on_pre_existing and outcome.outcome == "pre-existing")

    @property
    def direction(self) -> str:
        """``downgrade`` when any platform goes back to an older version, else ``upgrade``."""
        return "downgrade" if self.downgrades else "upgrade"

    def label(self) -> str:
        """``DOWNGRADE magento 2.4.9 -> 2.4.8`` for a downgrade, else ``""``."""
        return f"DOWNGRADE {'; '.join(self.downgrades)}" if self.downgrades else ""

    @property
    def unchecked(self) -> tuple[UncheckedCheck, ...]:
        """The checks scenarios ask for that their runs could not make (e.g. ``then.reported`` without the hook)."""
        return unchecked_checks(self.outcomes)

    @property
    def pre_existing(self) -> list[ScenarioOutcome]:
        """The scenarios that fail on both sides (not caused by the upgrade, not fixed by it either)."""
        return [o for o in self.outcomes if o.outcome == "pre-existing"]

    def baseline_failures(self) -> tuple[int, int]:
        """How many scenarios fail on the ``--from`` versions, of how many that ran there."""
        ran = [o.before for o in self.outcomes if o.before is not None]
        return sum(1 for r in ran if not r.passed), len(ran)

    def warning(self) -> str:
        """``the connector fails 37 of 40 scenarios already on magento@…`` if some still fail after it, else ``""``."""
        if not self.pre_existing:
            return ""
        failing, ran = self.baseline_failures()
        return f"the connector fails {failing} of {ran} scenarios already on {self.from_pair}"

    @property
    def clean(self) -> bool:
        """Passed, with no scenario failing on both sides: the only verdict that reads as a plain pass."""
        return self.passed and not self.pre_existing

    def verdict(self) -> str:
        """The headline: ``PASS for …``, ``PASS (upgrade) — but the connector fails …``, ``FAIL: 3 blocking …``."""
        counts = {o: sum(1 for x in self.outcomes if x.outcome == o) for o in OUTCOMES}
        shown = ", ".join(f"{n} {o}" for o, n in counts.items() if n)
        pairs = f"{self.from_pair} -> {self.to_pair} ({shown or 'no scenario'})"
        head = "PASS" if self.passed else f"FAIL: {len(self.blocking)} blocking finding(s)"
        label = self.label()
        warning = self.warning()
        if not warning:
            return f"{head} ({label}) for {pairs}" if label else f"{head} for {pairs}"
        if self.passed:
            return (f"{head} ({label or 'upgrade'}) — but {warning} (not blocking without "
                    f"--fail-on-pre-existing): {pairs}")
        why = "blocking: --fail-on-pre-existing" if self.fail_on_pre_existing else \
            "not blocking without --fail-on-pre-existing"
        return f"{head}{f' ({label})' if label else ''} — {warning} ({why}): {pairs}"


@dataclass(frozen=True, slots=True, kw_only=True)
class GateEvent:
    """Something the gate did, for progress (``kind``: started, scenario, diff, cassettes, drift, finished)."""

    kind: str
    side: str = ""  # from | to
    result: ScenarioResult | None = None
    diff: DiffReport | None = None
    gate: GateResult | None = None
    total: int = 0
    text: str = ""  # kind "drift": what is being simulated
