"""A request-side change against what the connector sends on ``--to``, with the platform's handling cited.

A request rule matters only when the connector's surface on the new version touches the field:
it sends a property or parameter the new version no longer declares, retypes, narrows, makes
read-only or bounds tighter than the values it was seen to send. Then the change breaks the sync
whatever the rule's own severity: the value sent is refused or silently lost. A rule about what
the connector does *not* send (a property that became required, a changed default) is the other
way round. How the version answers such a request is cited from its profile facts where one
exists; where none does, the reason says so plainly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from stockgate.contracts.profiles import Fact, Profile
from stockgate.diff.model import Change
from stockgate.diff.operations import parameter_key
from stockgate.diff.rules import RULES, Severity
from stockgate.diff.surface import OperationUse

REQUIRED = ("request-property-added-required", "request-property-became-required",
            "request-parameter-became-required")
# sent and then refused or lost: breaking whatever the rule's own severity; the value is the handling note's key
BREAKS_WHEN_SENT = {
    "request-property-removed": "undeclared", "request-parameter-removed": "parameter",
    "request-property-retyped": "type", "request-parameter-retyped": "type", "request-array-items-retyped": "type",
    "request-enum-narrowed": "value", "request-property-became-read-only": "value",
    "request-branch-removed": "value",
}
# bound rules: (what was measured of the values sent, whether the new bound is an upper one)
BOUNDS = {
    "request-max-length-decreased": ("length", True), "request-min-length-increased": ("length", False),
    "request-max-items-decreased": ("items", True), "request-min-items-increased": ("items", False),
    "request-maximum-decreased": ("number", True), "request-minimum-increased": ("number", False),
    "request-max-properties-decreased": ("properties", True),
    "request-min-properties-increased": ("properties", False),
}
UNKNOWN_PROPERTY, PROPERTY_NAMES = "request.unknown_property", "request.property_names"
PARAMETERS, FLOATS, SCALARS = "request.parameters", "validation.float_fields", "validation.scalar_coercion"


def handling_notes(profile: Profile) -> dict[str, str]:
    """How ``profile``'s version answers each kind of request a change affects, one sentence per kind."""
    return {"undeclared": undeclared_handling(profile), "parameter": _parameter_handling(profile),
            "type": _type_handling(profile), "value": _none(profile, "a value its schema no longer allows")}


def _known(profile: Profile, fact_id: str) -> Fact | None:
    fact = profile.facts.get(fact_id)
    return None if fact is None or fact.basis == "unknown" else fact


def _cite(fact: Fact) -> str:
    return f"{fact.id}, {fact.basis}: {fact.source.split(' (', 1)[0]}"


def _none(profile: Profile, what: str) -> str:
    return f"no profile fact states how {profile.ref} answers {what} (refused or misread: stockgate cannot say which)"


def undeclared_handling(profile: Profile) -> str:
    """How a version answers a body property its schema lacks, from its profile's ``request.unknown_property``.

    Magento's web API input processor refuses a nested key its data interface lacks (400 from 2.4.7,
    a masked 500 before) and ignores an unknown top-level key; either way the value sent is lost.
    A platform without the fact says so: the severity does not depend on which of the two it is.
    """
    fact = _known(profile, UNKNOWN_PROPERTY)
    if fact is None:
        return f"how {profile.ref} treats a property it does not declare is not stated in its profile (refused or " \
               "dropped: the value is lost either way)"
    value = fact.value if isinstance(fact.value, Mapping) else {}
    answer = f"{value.get('answer')}" + (f" {value['status']}" if "status" in value else "")
    return f"{profile.ref} answers a nested property it does not declare with {answer} and ignores an unknown " \
           f"top-level key ({_cite(fact)})"


def _parameter_handling(profile: Profile) -> str:
    """A parameter the version no longer declares: Magento leaves it unread, Lightspeed ignores it (both stated)."""
    names, params = _known(profile, PROPERTY_NAMES), _known(profile, PARAMETERS)
    if names is not None and _value(names, "unknown_top_level") == "ignored":
        return f"{profile.ref} reads each parameter by its declared name and leaves any other unread: the value " \
               f"sent is silently lost ({_cite(names)})"
    if params is not None and _value(params, "unknown") == "ignored":
        return f"{profile.ref} ignores a query parameter it does not declare: the value sent is silently lost " \
               f"({_cite(params)})"
    return _none(profile, "a parameter it does not declare")


def _type_handling(profile: Profile) -> str:
    """A value of the old type: Magento's type processing refuses it or casts it (both stated)."""
    floats, scalars = _known(profile, FLOATS), _known(profile, SCALARS)
    if floats is None or scalars is None:
        return _none(profile, "a value of the old type")
    return f"{profile.ref} refuses what a number field cannot read with {_value(floats, 'status')} " \
           f"({_cite(floats)}) and casts other scalars into bool and string fields ({_cite(scalars)}): the value " \
           "sent is refused or changed"


def _value(fact: Fact, key: str) -> Any:
    return fact.value.get(key) if isinstance(fact.value, Mapping) else None


def request_view(change: Change, keep: Change, use: OperationUse, notes: Mapping[str, str]) -> Change:
    """A field-level request change by whether the connector sends that field on the new version.

    ``keep`` is ``change`` with the scenarios that exercise the operation; ``notes`` come from
    :func:`handling_notes` for the new version (empty: no handling is cited).
    """
    sent = sends(use, change.field)
    if change.rule in REQUIRED or change.rule == "request-default-changed":
        return _unsent_view(change, keep, use, sent)
    if not sent:
        return dataclasses.replace(change, severity=Severity.INFO, why="the connector does not send it")
    if change.rule in BOUNDS:
        return _bounded(change, keep, use)
    note = notes.get(BREAKS_WHEN_SENT.get(change.rule, ""), "")
    if change.rule == "request-enum-narrowed":
        return _enum_view(change, keep, use, note)
    why = "the connector sends it" + (f"; {note}" if note else "")
    severity = Severity.BREAKING if change.rule in BREAKS_WHEN_SENT else keep.severity
    return dataclasses.replace(keep, severity=severity, why=why)


def _enum_view(change: Change, keep: Change, use: OperationUse, note: str) -> Change:
    """A narrowed enum against the values the connector was seen to send: breaking only for a value it sends."""
    sent = use.values_of(_extent_key(change.field))
    if sent is None:
        why = "the connector sends it; the values it sends are not recorded: any may be a removed one"
        return dataclasses.replace(keep, severity=Severity.BREAKING, why=why + (f"; {note}" if note else ""))
    allowed = set(change.after.split(", "))
    refused = [value for value in sent if value not in allowed]
    if refused:
        why = f"the connector sent {', '.join(refused)}, which {change.platform}@{change.to_version} no longer " \
              f"allows ({change.after})"
        return dataclasses.replace(keep, severity=Severity.BREAKING, why=why + (f"; {note}" if note else ""))
    return dataclasses.replace(keep, severity=min(keep.severity, Severity.RISKY, key=lambda s: s.rank),
                               why=f"the connector sent only {', '.join(sent)} in its scenarios, all still allowed "
                               "(a value it did not send there may be refused)")


def _unsent_view(change: Change, keep: Change, use: OperationUse, sent: bool) -> Change:
    """Rules about a field left out: a new requirement, or a default that now fills it differently."""
    parent = parent_of(change.field)
    if parent and not sends(use, parent):
        return dataclasses.replace(change, severity=Severity.INFO,
                                   why=f"the connector does not send {parent}, so nothing it sends lacks it")
    if sent:
        already = "the connector already sends it" if change.rule in REQUIRED else \
            "the connector sends its own value, so the default does not apply"
        return dataclasses.replace(keep, severity=Severity.INFO, why=already)
    return dataclasses.replace(keep, why="the connector calls it without this field" + (
        ": the new default applies" if change.rule == "request-default-changed" else ""))


def _bounded(change: Change, keep: Change, use: OperationUse) -> Change:
    """A tighter bound against the values the connector was seen to send (breaking only beyond them)."""
    measure, upper = BOUNDS[change.rule]
    seen = use.extent_of(_extent_key(change.field), measure)
    try:
        bound = float(change.after)
    except ValueError:
        seen = None
    if seen is None:
        return dataclasses.replace(keep, why=f"the connector sends it (the {measure} of its values was not "
                                   "measured: the bound may refuse them)")
    least, most = seen
    sent_range = f"the connector sent {measure} {_num(least)} to {_num(most)} in its scenarios"
    if (most > bound) if upper else (least < bound):
        return dataclasses.replace(keep, severity=Severity.BREAKING, why=f"{sent_range}, beyond the new bound "
                                   f"{change.after}: those values are refused")
    return dataclasses.replace(keep, severity=min(keep.severity, Severity.RISKY, key=lambda s: s.rank),
                               why=f"{sent_range}, within the new bound {change.after} (production values may "
                               "differ)")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _extent_key(field: str) -> str:
    location, _, name = field.partition(" ")
    return parameter_key(location, name) if location in ("query", "header", "path") and name else field


def parent_of(field: str) -> str:
    """``a.b[].c`` → ``a.b``; ``a.b`` → ``a``; ``a`` → ``""`` (the body itself); parameters have none."""
    if " " in field:
        return ""
    head = field.rsplit(".", 1)[0] if "." in field else ""
    return head[:-2] if head.endswith("[]") else head


def sends(use: OperationUse, field: str) -> bool:
    """Whether the connector sends ``field`` (a path parameter is in every call of the operation)."""
    location, _, name = field.partition(" ")
    if location == "path":
        return True
    if location in ("query", "header") and name:
        return parameter_key(location, name.split(".", 1)[0]) in use.sent
    return use.sends(field)


if not set(BREAKS_WHEN_SENT) | set(BOUNDS) <= set(RULES):  # a typo here would silently never apply
    raise ValueError(f"sent-field rules not registered: {sorted(set(BREAKS_WHEN_SENT) | set(BOUNDS) - set(RULES))}")
