"""Diff two versions of one platform: documents, security, profile facts; then the consumer filter.

Without a consumer every change keeps its rule's severity. With one (a :class:`Surface`), a change
the connector cannot notice becomes ``info`` and says why (it does not call the operation, send
the field or read it); one it can keeps its severity and names the scenarios that exercise the
operation. Accepted changes (``contracts/accepted.yaml``) are then attached, never dropped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from stockgate.contracts import load_contract
from stockgate.contracts.refs import VersionRef
from stockgate.diff.accepted import apply_accepted
from stockgate.diff.behaviour import fact_deltas, operations_named
from stockgate.diff.model import Acceptance, Change, Delta, DiffReport
from stockgate.diff.operations import OperationsDiff
from stockgate.diff.rules import RULES, Severity
from stockgate.diff.sent import handling_notes, request_view
from stockgate.diff.surface import OperationUse, Surface, family
from stockgate.errors import UsageError


def diff_versions(old: str, new: str, *, surface: Surface | None = None, accepted: Iterable[Acceptance] = (),
                  profile: str = "default", contracts_dir: Path | None = None,
                  today: dt.date | None = None,
                  surface_before: Surface | None = None) -> tuple[DiffReport, list[Acceptance]]:
    """Every change from ``old`` to ``new`` (``magento@2.4.6``, ``magento@2.4.7``), filtered by ``surface``.

    ``surface`` is the connector on ``new``; ``surface_before``, if known, the same connector on ``old``: an
    operation it calls on ``new`` but did not call under the same API family on ``old`` is a path
    written for the new version, not one the upgrade changes under it. Returns the report and the
    acceptances that matched no change.
    """
    a, b = VersionRef.parse(old), VersionRef.parse(new)
    if a.platform != b.platform:
        raise UsageError(f"cannot diff {old} against {new}: two platforms (diff one platform's versions; the gate "
                         "takes one of each)")
    before, after = load_contract(a, contracts_dir), load_contract(b, contracts_dir)
    platform = a.platform.value
    labels = (f"{old} ({before.entry.document or before.entry.overlay})",
              f"{new} ({after.entry.document or after.entry.overlay})")
    deltas = [(op, d) for op, d in OperationsDiff(before.document, after.document, before.operations,
                                                  after.operations, labels).changes()]
    deltas += [("", d) for d in _security(before.document, after.document)]
    deltas += [("", d) for d in fact_deltas(before.profile(profile), after.profile(profile))]
    changes = [Change(rule=d.rule, platform=platform, from_version=a.version, to_version=b.version, operation=op,
                      field=d.field, pointer=d.pointer, before=d.before, after=d.after,
                      severity=RULES[d.rule].severity) for op, d in deltas]
    if surface is not None:
        notes = handling_notes(after.profile(profile))
        changes = [consumer_view(c, surface, b.version, notes=notes) for c in changes]
        if surface_before is not None:
            changes = [switched_view(c, surface_before, surface, a.version, b.version) for c in changes]
    else:
        changes = [dataclasses.replace(c, on_surface=True, why=c.why or "a module's extension_attributes field "
                                       "(no consumer filter)") if c.extension else c
                   for c in changes]
    changes, unused = apply_accepted(changes, accepted, today or dt.date.today())
    derived = tuple(f"{platform}@{c.ref.version}" for c in (before, after) if c.entry.status.value == "derived")
    report = DiffReport(platform=platform, from_version=a.version, to_version=b.version,
                        consumer=surface.connector if surface else "", changes=tuple(changes), derived=derived)
    return report, unused


def _security(old_doc: Mapping[str, Any], new_doc: Mapping[str, Any]) -> list[Delta]:
    """Security schemes (Swagger ``securityDefinitions``, OpenAPI ``components.securitySchemes``) that changed."""
    def schemes(doc: Mapping[str, Any]) -> dict[str, Any]:
        return dict(doc.get("securityDefinitions") or (doc.get("components") or {}).get("securitySchemes") or {})

    a, b = schemes(old_doc), schemes(new_doc)
    keys = ("type", "in", "name", "scheme", "flows")
    out = []
    for name in sorted(set(a) | set(b)):
        was, now = ({k: s.get(k) for k in keys if s.get(k)} if s else None for s in (a.get(name), b.get(name)))
        if was != now:
            out.append(Delta("security-changed", name, "/securityDefinitions" if "securityDefinitions" in new_doc
                             else "/components/securitySchemes", str(was or "absent"), str(now or "absent")))
    return out


def consumer_view(change: Change, surface: Surface, version: str, *, notes: Mapping[str, str] | None = None
                  ) -> Change:
    """``change`` as ``surface``'s connector sees it: its severity, why, and the scenarios concerned.

    ``notes`` say how the version answers a request a change affects (:func:`~stockgate.diff.sent.handling_notes`):
    a removed property or parameter the connector still sends, say, is then breaking and cites them.
    """
    rule = RULES[change.rule]
    if rule.severity is Severity.INFO:
        return _extension_view(change, surface, version) if change.extension else change
    if rule.direction.value == "behaviour" or change.rule == "security-changed":
        return _behaviour_view(change, surface, version)
    use = surface.use(change.platform, change.operation, version)
    if use is None:
        return dataclasses.replace(change, severity=Severity.INFO, why="the connector does not call it")
    keep = dataclasses.replace(change, scenarios=use.scenarios)
    if not rule.field_level:
        return dataclasses.replace(keep, why="the connector calls it")
    if rule.direction.value == "request":
        return request_view(change, keep, use, notes or {})
    return _read_view(change, keep, use)


def _extension_view(change: Change, surface: Surface, version: str) -> Change:
    """An info change under ``extension_attributes`` (a store's extension, or the platform's own module).

    It stays info (an added optional field breaks no connector), but one on an operation the connector
    calls is on its surface: every report lists it, so a merchant sees what their extensions add there.
    """
    use = surface.use(change.platform, change.operation, version)
    if use is None:
        return dataclasses.replace(change, why="a module's extension_attributes field on an operation the connector "
                                   "does not call")
    if RULES[change.rule].direction.value == "request":
        why = "the connector calls it; a module's extension_attributes field it need not send"
    elif use.read is None:
        why = "the connector calls it; a module's extension_attributes field (what it reads is unknown)"
    elif use.reads(change.field):
        why = "the connector calls it and reads this module's extension_attributes field"
    else:
        why = "the connector calls it; a module's extension_attributes field it does not read"
    return dataclasses.replace(change, why=why, scenarios=use.scenarios, on_surface=True)


def _read_view(change: Change, keep: Change, use: OperationUse) -> Change:
    """A field-level response change, by whether the connector reads that field."""
    if use.read is None:
        return dataclasses.replace(keep, why="what the connector reads is unknown: every field counts")
    return dataclasses.replace(keep, why="the connector reads it") if use.reads(change.field) else \
        dataclasses.replace(change, severity=Severity.INFO, why="the connector does not read it")


def switched_view(change: Change, before: Surface, after: Surface, old: str, new: str) -> Change:
    """A change the connector handles by switching per version is not one the upgrade springs on it.

    An operation called on ``new`` that the connector did not call under the same API family on
    ``old`` (it spoke 2.0 there, date versions now), or an operation moved by a behaviour fact whose
    new operations the connector already calls on ``new`` and whose old ones it no longer calls,
    becomes ``info`` and says so.
    """
    if change.severity is Severity.INFO or change.accepted is not None:
        return change
    if RULES[change.rule].direction.value == "behaviour":
        return _moved_view(change, after, new)
    if not change.operation or after.use(change.platform, change.operation, new) is None:
        return change
    if before.use(change.platform, change.operation, new) is None:  # not under the family it speaks on new
        fam = family(new) if change.platform == "lightspeed" else new
        return dataclasses.replace(change, severity=Severity.INFO, why=f"the connector calls it on {new} (as {fam}) "
                                   f"but not on {old}: a path written for the new version, exercised by its scenarios")
    return change


def _moved_view(change: Change, after: Surface, new: str) -> Change:
    if change.rule != "behaviour-method-moved":
        return change
    old_ops = operations_named(change.platform, change.field, _value(change.before))
    new_ops = operations_named(change.platform, change.field, _value(change.after))
    calls = {u.operation for u in after.operations(change.platform, new)}
    # it has switched when it calls a new operation on --to and none of the old ones (an operation it
    # does not call there, such as a sale update, it does not need on --to)
    if any(op in calls for op, _f in new_ops) and not any(
            op in calls for op, _f in old_ops if (op, _f) not in new_ops):
        shown = ", ".join(sorted({op for op, _f in new_ops if op in calls}))
        return dataclasses.replace(change, severity=Severity.INFO, why=f"the connector already calls {shown} on {new}")
    return change


def _behaviour_view(change: Change, surface: Surface, version: str) -> Change:
    """A fact about named operations concerns a connector that calls one; other facts concern every connector."""
    calls = surface.operations(change.platform, version)
    if change.rule == "security-changed":
        return dataclasses.replace(change, why="every operation authenticates", scenarios=_all(calls)) if calls \
            else dataclasses.replace(change, severity=Severity.INFO, why="the connector does not call this platform")
    named = operations_named(change.platform, change.field, _value(change.before), _value(change.after))
    if not named:
        return dataclasses.replace(change, why="it concerns every connector of this platform", scenarios=_all(calls))
    used = [u for op, fam in named for u in surface.uses if u.platform == change.platform and u.operation == op
            and ((u in calls) if fam is None else (u.family == fam))]
    if not used:
        shown = ", ".join(op for op, _fam in named)
        return dataclasses.replace(change, severity=Severity.INFO, why=f"the connector does not call {shown}")
    return dataclasses.replace(change, why="the connector calls " + ", ".join(sorted({u.operation for u in used})),
                               scenarios=_all(used))


def _value(shown: str) -> Any:
    """A fact value as the change shows it (JSON for structured values, plain text otherwise)."""
    try:
        return json.loads(shown)
    except ValueError:
        return shown


def _all(uses: Iterable[OperationUse]) -> tuple[str, ...]:
    return tuple(sorted({s for u in uses for s in u.scenarios}))
