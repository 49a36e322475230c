"""``contracts/accepted.yaml``: changes a person reviewed and accepted, each with a reason and an expiry.

An accepted change is still reported, with its reason; it just does not block. An acceptance whose
expiry has passed blocks as ``accepted-expired`` (a forgotten acceptance is a decision nobody made
again). An acceptance that matches nothing is reported too (it may be a typo, or the change went).

    accepted_format: 1
    accepted:
      - fingerprint: 3f2a9c01b7de      # from a diff or gate report
        reason: "We send sku trimmed since v4.2; the new validation cannot refuse us."
        expires: 2027-03-31
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from stockgate.datafile import load_yaml, validate
from stockgate.diff.model import Acceptance, Change
from stockgate.diff.rules import Severity
from stockgate.errors import DataError

SCHEMA: Mapping[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["accepted_format", "accepted"],
    "properties": {
        "accepted_format": {"const": 1},
        "accepted": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["fingerprint", "reason", "expires"],
            "properties": {"fingerprint": {"type": "string", "pattern": "^[0-9a-f]{12}$"},
                           "reason": {"type": "string", "minLength": 10},
                           "expires": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}}}},
    },
}


def load_accepted(path: Path) -> tuple[Acceptance, ...]:
    """Read the file strictly (file:line errors, exit 2); a missing file accepts nothing."""
    if not path.is_file():
        return ()
    loaded = load_yaml(path)
    validate(loaded, SCHEMA, what="accepted changes")
    out = []
    for n, item in enumerate(loaded.data["accepted"]):
        try:
            dt.date.fromisoformat(item["expires"])
        except ValueError:
            raise DataError("not a calendar date", where=loaded.where(("accepted", n, "expires")),
                            key=f"accepted[{n}].expires", expected="a date YYYY-MM-DD", actual=repr(item["expires"]),
                            hint="write the day the acceptance ends") from None
        line = loaded.lines.get(("accepted", n))
        out.append(Acceptance(fingerprint=item["fingerprint"], reason=item["reason"], expires=item["expires"],
                              line=line))
    return tuple(out)


def apply_accepted(changes: Iterable[Change], accepted: Iterable[Acceptance], today: dt.date
                   ) -> tuple[list[Change], list[Acceptance]]:
    """Changes with their acceptance attached, and the acceptances that matched nothing.

    An expired acceptance leaves its change unaccepted and adds an ``accepted-expired`` change.
    """
    by_print = {a.fingerprint: a for a in accepted}
    used: set[str] = set()
    out: list[Change] = []
    for change in changes:
        acceptance = by_print.get(change.fingerprint)
        if acceptance is None:
            out.append(change)
            continue
        used.add(acceptance.fingerprint)
        if dt.date.fromisoformat(acceptance.expires) < today:
            out.append(change)
            out.append(dataclasses.replace(
                change, rule="accepted-expired", severity=Severity.BREAKING, before=acceptance.expires,
                after=today.isoformat(), why=f"accepted until {acceptance.expires}: {acceptance.reason}"))
        else:
            out.append(dataclasses.replace(change, accepted=acceptance))
    return out, [a for a in by_print.values() if a.fingerprint not in used]
