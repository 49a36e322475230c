"""What a diff finds: one :class:`Change` per difference, and the :class:`DiffReport` of an upgrade."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from stockgate.diff.rules import RULES, Rule, Severity


@dataclass(frozen=True, slots=True)
class Delta:
    """One difference inside a document: the rule, the field, where in the document, and the values."""

    rule: str
    field: str
    pointer: str
    before: str
    after: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Acceptance:
    """One entry of ``contracts/accepted.yaml``: a change a person looked at and accepted, until ``expires``."""

    fingerprint: str
    reason: str
    expires: str  # YYYY-MM-DD
    line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One difference between two versions of a platform's contract or profile.

    ``severity`` starts as the rule's and is set again by the consumer filter; ``why`` says why it
    is what it is. ``scenarios`` are the scenarios that exercise the operation (from the consumer's
    surface).
    """

    rule: str
    platform: str
    from_version: str
    to_version: str
    operation: str = ""  # "POST /V1/inventory/source-items"; "" for document-wide and behaviour changes
    field: str = ""  # "sourceItems[].sku", "query searchCriteria[pageSize]", or a profile fact id
    pointer: str = ""  # JSON pointer into the new document (the old one for what was removed)
    before: str = ""
    after: str = ""
    severity: Severity = Severity.INFO
    why: str = ""
    scenarios: tuple[str, ...] = ()
    accepted: Acceptance | None = dataclasses.field(default=None, compare=False)
    on_surface: bool = False  # an extension change on an operation the connector calls (or no consumer filter)

    @property
    def fingerprint(self) -> str:
        """Stable across runs and machines: rule, platform, versions, operation and field (not the values)."""
        key = "|".join((self.rule, self.platform, self.from_version, self.to_version, self.operation, self.field))
        return hashlib.sha256(key.encode()).hexdigest()[:12]

    @property
    def extension(self) -> bool:
        """A field under ``extension_attributes``: what a store's modules add (extension_attributes.xml)."""
        return "extension_attributes." in f".{self.field}"

    @property
    def kind(self) -> Rule:
        """The rule this change is an instance of."""
        return RULES[self.rule]

    @property
    def blocking(self) -> bool:
        """Breaking or risky, and not accepted (the gate's ``--fail-on`` picks which of the two blocks)."""
        return self.accepted is None and self.severity is not Severity.INFO

    def where(self) -> str:
        """``POST /V1/inventory/source-items sourceItems[].sku`` (what a person searches for)."""
        return " ".join(part for part in (self.operation, self.field) if part) or "(whole contract)"

    def line(self) -> str:
        """One line: fingerprint, severity, rule, where, before → after, why."""
        values = f": {self.before} -> {self.after}" if self.before or self.after else ""
        why = f" ({self.why})" if self.why else ""
        return f"[{self.fingerprint}] {self.severity.value} {self.rule} {self.where()}{values}{why}"


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffReport:
    """The changes from one platform version to another, as a consumer sees them."""

    platform: str
    from_version: str
    to_version: str
    consumer: str  # "reference", a surface file, or "" (no filter: every change at its rule's severity)
    changes: tuple[Change, ...]
    derived: tuple[str, ...] = ()  # the versions whose contract is derived, not published (said in reports)

    def blocking(self, fail_on: Severity = Severity.BREAKING) -> list[Change]:
        """Unaccepted changes at ``fail_on`` or worse."""
        return [c for c in self.changes if c.accepted is None and c.severity.rank >= fail_on.rank]

    def extensions(self) -> list[Change]:
        """Info extension changes on the connector's surface: listed by every format, even without ``--all``."""
        return [c for c in self.changes if c.extension and c.on_surface and c.accepted is None
                and c.severity is Severity.INFO]

    def counts(self) -> dict[str, int]:
        """How many changes per severity, and how many accepted."""
        out = {s.value: sum(1 for c in self.changes if c.severity is s and c.accepted is None) for s in Severity}
        out["accepted"] = sum(1 for c in self.changes if c.accepted is not None)
        return out
