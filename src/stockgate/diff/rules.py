"""The contract-change rules: a registry keyed by a stable id (a duplicate id fails at import).

Each rule has a severity before any consumer filter (``breaking``: a client that worked may now
fail; ``risky``: it may, depending on what it does; ``info``: it cannot), a direction (what the
client sends, or what it reads) and what a person should do about it. oasdiff's check list
(github.com/oasdiff/oasdiff, ``checker/``) is the bar the set is measured against; where a rule
is ours alone (behaviour from the profiles), its id starts with ``behaviour-``.

Keyword-level rules (constraints, defaults, ``readOnly``/``writeOnly``, deprecation,
``oneOf``/``anyOf`` alternatives) are decided in :mod:`stockgate.diff.keywords`; response headers
and ``x-sunset`` in :mod:`stockgate.diff.operations`. Not covered yet, measured against oasdiff's
checks: a new required property that has a default (reported as breaking), ``not`` schemas,
``discriminator`` mappings, header-level constraints and request headers' schemas beyond their type.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a change is; ordered (``Severity.rank``)."""

    INFO = "info"
    RISKY = "risky"
    BREAKING = "breaking"

    @property
    def rank(self) -> int:
        """0 info, 1 risky, 2 breaking."""
        return ("info", "risky", "breaking").index(self.value)


class Direction(StrEnum):
    """Which side of the exchange a change touches."""

    REQUEST = "request"
    RESPONSE = "response"
    BEHAVIOUR = "behaviour"


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One kind of change."""

    id: str
    severity: Severity
    direction: Direction
    title: str
    advice: str
    field_level: bool = False  # the consumer filter looks at the field, not only the operation


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, direction: str, title: str, advice: str, *, field_level: bool = False) -> None:
    """Register a rule."""
    if rule_id in RULES:
        raise ValueError(f"duplicate diff rule id {rule_id!r}")
    RULES[rule_id] = Rule(id=rule_id, severity=Severity(severity), direction=Direction(direction), title=title,
                          advice=advice, field_level=field_level)


B, R, INFO = "breaking", "risky", "info"
REQ, RES, BEH = "request", "response", "behaviour"

# operations
rule("operation-removed", B, REQ, "operation removed", "move to its replacement before upgrading")
rule("operation-method-changed", B, REQ, "operation moved to another method on the same path",
     "send the new method (e.g. GET became POST)")
rule("operation-added", INFO, REQ, "operation added", "nothing to do")
rule("operation-deprecated", R, REQ, "operation deprecated", "plan the move: it may go in a later version")
rule("security-changed", B, REQ, "security scheme changed", "check how the connector authenticates")
# parameters
rule("request-parameter-added-required", B, REQ, "required parameter added", "send it")
rule("request-parameter-added", INFO, REQ, "optional parameter added", "nothing to do")
rule("request-parameter-removed", R, REQ, "parameter removed", "stop sending it: it may be refused or ignored",
     field_level=True)
rule("request-parameter-became-required", B, REQ, "parameter became required", "send it", field_level=True)
rule("request-parameter-retyped", B, REQ, "parameter type changed", "send the new type", field_level=True)
# request body
rule("request-body-became-required", B, REQ, "request body became required", "send a body")
rule("request-content-type-removed", B, REQ, "request media type removed", "send a media type still accepted")
rule("request-property-added-required", B, REQ, "required request property added", "send it", field_level=True)
rule("request-property-added", INFO, REQ, "optional request property added", "nothing to do")
rule("request-property-became-required", B, REQ, "request property became required", "send it",
     field_level=True)
rule("request-property-removed", R, REQ, "request property removed", "stop sending it: it may be refused or "
     "ignored", field_level=True)
rule("request-property-retyped", B, REQ, "request property type changed", "send the new type", field_level=True)
rule("request-enum-narrowed", B, REQ, "request enum narrowed", "stop sending the removed values", field_level=True)
rule("request-max-length-decreased", B, REQ, "request maxLength decreased", "send shorter values",
     field_level=True)
rule("request-min-length-increased", B, REQ, "request minLength increased", "send longer values", field_level=True)
rule("request-max-items-decreased", B, REQ, "request maxItems decreased", "send smaller batches", field_level=True)
rule("request-min-items-increased", B, REQ, "request minItems increased", "send more items", field_level=True)
rule("request-maximum-decreased", B, REQ, "request maximum decreased", "send smaller numbers", field_level=True)
rule("request-minimum-increased", B, REQ, "request minimum increased", "send larger numbers", field_level=True)
rule("request-pattern-changed", R, REQ, "request pattern added or changed", "check the values sent match it",
     field_level=True)
rule("request-format-changed", R, REQ, "request format added or changed", "check the values sent match it",
     field_level=True)
rule("request-array-items-retyped", B, REQ, "request array item type changed", "send the new item type",
     field_level=True)
rule("request-max-properties-decreased", B, REQ, "request maxProperties decreased", "send fewer keys",
     field_level=True)
rule("request-min-properties-increased", B, REQ, "request minProperties increased", "send more keys",
     field_level=True)
rule("request-multiple-of-changed", B, REQ, "request multipleOf added or no longer dividing the old one",
     "send multiples of the new step", field_level=True)
rule("request-unique-items-added", B, REQ, "request array must now hold unique items", "send no duplicates",
     field_level=True)
rule("request-property-became-read-only", B, REQ, "request property became readOnly", "stop relying on it: the "
     "server no longer takes it", field_level=True)
rule("request-default-changed", R, REQ, "request default changed", "send the value you mean instead of relying on "
     "the default", field_level=True)
rule("request-property-deprecated", R, REQ, "request property deprecated", "plan to stop sending it",
     field_level=True)
rule("request-branch-removed", B, REQ, "request oneOf/anyOf alternative removed", "send one of the remaining "
     "shapes", field_level=True)
rule("request-branch-added", INFO, REQ, "request oneOf/anyOf alternative added", "nothing to do")
rule("operation-sunset-set", R, REQ, "operation sunset date set or brought forward (x-sunset)",
     "move to its replacement before that date")
# responses
rule("response-status-removed", B, RES, "success status removed", "handle the status the operation answers now")
rule("response-status-added", INFO, RES, "status added", "nothing to do, unless it is a new success answer")
rule("response-content-type-removed", B, RES, "response media type removed", "accept a media type still sent")
rule("response-property-removed", B, RES, "response property removed", "stop reading it", field_level=True)
rule("response-property-added", INFO, RES, "response property added", "nothing to do")
rule("response-property-retyped", B, RES, "response property type changed", "read the new type",
     field_level=True)
rule("response-property-became-nullable", B, RES, "response property may now be null", "handle null",
     field_level=True)
rule("response-property-became-optional", R, RES, "response property no longer required", "handle its absence",
     field_level=True)
rule("response-enum-widened", R, RES, "response enum widened", "handle the new values", field_level=True)
rule("response-array-items-retyped", B, RES, "response array item type changed", "read the new item type",
     field_level=True)
rule("response-header-removed", R, RES, "response header removed", "stop relying on it (stockgate does not see "
     "which headers a connector reads)")
rule("response-header-retyped", R, RES, "response header type changed", "read the new type")
rule("response-constraint-relaxed", R, RES, "response constraint removed or loosened (maxLength, maximum, pattern, "
     "...)", "handle longer, larger or other values than before", field_level=True)
rule("response-property-became-write-only", B, RES, "response property became writeOnly (no longer answered)",
     "stop reading it", field_level=True)
rule("response-default-changed", R, RES, "response default changed", "check what an absent value means now",
     field_level=True)
rule("response-property-deprecated", R, RES, "response property deprecated", "plan to stop reading it",
     field_level=True)
rule("response-branch-added", R, RES, "response oneOf/anyOf alternative added", "handle the new shape",
     field_level=True)
rule("response-branch-removed", INFO, RES, "response oneOf/anyOf alternative removed", "nothing to do")
# behaviour (profile facts: what the documents cannot say)
rule("behaviour-auth-changed", B, BEH, "authentication behaviour changed", "check the connector's auth mode")
rule("behaviour-auth-implementation-changed", R, BEH, "authentication still accepted, implemented differently",
     "re-record signed cassettes and check edge cases (the profile's source says which)")
rule("behaviour-input-limits-changed", R, BEH, "input limits changed", "check batch and page sizes")
rule("behaviour-rate-limit-changed", R, BEH, "rate limiting changed", "check retry and back-off handling")
rule("behaviour-pagination-changed", R, BEH, "pagination changed", "check list walking")
rule("behaviour-endpoint-gone", B, BEH, "endpoint answers 410 Gone", "move to its replacement")
rule("behaviour-method-moved", B, BEH, "operation moved to another endpoint or method", "call the new one")
rule("behaviour-validation-changed", R, BEH, "validation changed", "check the values sent are still accepted")
rule("behaviour-errors-changed", R, BEH, "error answers changed", "check error handling")
rule("behaviour-semantics-changed", R, BEH, "behaviour changed", "check the flows that rely on it")
rule("behaviour-documentation", INFO, BEH, "descriptive fact changed (version path, bundled module release, "
     "schema origin)", "nothing to do")
rule("behaviour-unknown", INFO, BEH, "behaviour not known on one side", "nothing to compare: the profile says what "
     "is missing")
# acceptance
rule("accepted-expired", B, BEH, "an accepted change's acceptance expired", "review it: renew the expiry with a "
     "reason, or fix the connector")
