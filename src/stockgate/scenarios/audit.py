"""``stockgate cassettes audit``: what in a cassette folder can no longer be trusted, and what is missing.

Per cassette: no provenance; recorded longer ago than ``max_age_days``; recorded on a version whose
support has ended (contracts/index.toml ``support_ends``) or that stockgate no longer knows; an
orphan whose scenario no longer exists; a scenario that changed since recording (its sha256 in the
provenance); a file whose place disagrees with its provenance. Per pair asked for: every scenario
that applies to it and has no cassette.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from stockgate.cassettes.lint import cassette_files
from stockgate.cassettes.store import cassette_path, file_sha256, read_cassette
from stockgate.contracts import load_index
from stockgate.contracts.refs import VersionRef
from stockgate.errors import UsageError
from stockgate.scenarios.model import Pair, Scenario


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditFinding:
    """One thing the audit found."""

    kind: str  # no-provenance | stale | unsupported-version | orphan | scenario-changed | misplaced | missing
    path: str
    message: str

    def line(self) -> str:
        """``kind: path: message``."""
        return f"{self.kind}: {self.path}: {self.message}"


def audit(root: Path, scenarios: Iterable[Scenario], pairs: Iterable[Pair], *, max_age_days: int = 180,
          today: dt.date | None = None) -> list[AuditFinding]:
    """Everything wrong with the cassettes under ``root`` for ``scenarios`` on ``pairs``."""
    day = today or dt.date.today()
    by_id = {s.id: s for s in scenarios}
    found: list[AuditFinding] = []
    for path in (cassette_files([root]) if root.is_dir() else []):
        found += [AuditFinding(kind=kind, path=str(path), message=message)
                  for kind, message in _one(root, path, by_id, max_age_days, day)]
    for pair in pairs:
        for scenario in by_id.values():
            if not scenario.applies(pair):
                continue
            for platform, version in (("magento", pair.magento), ("lightspeed", pair.lightspeed)):
                path = cassette_path(root, platform, version, scenario.id)
                if not path.is_file():
                    found.append(AuditFinding(kind="missing", path=str(path),
                                              message=f"{scenario.id} on {pair} has no {platform} cassette"))
    return found


def _one(root: Path, path: Path, by_id: dict[str, Scenario], max_age_days: int,
         day: dt.date) -> list[tuple[str, str]]:
    provenance, _interactions = read_cassette(path)
    if provenance is None:
        return [("no-provenance", "no provenance header: where, when and on what it was recorded is unknown "
                 "(re-record it with `stockgate cassettes record`)")]
    out = []
    expected = cassette_path(root, provenance.platform, provenance.version, provenance.scenario)
    if expected.resolve() != path.resolve():
        out.append(("misplaced", f"its provenance says {provenance.platform}@{provenance.version} "
                    f"{provenance.scenario}, which belongs at {expected}"))
    try:
        recorded = dt.date.fromisoformat(provenance.recorded_at[:10])
    except ValueError:
        out.append(("no-provenance", f"recorded_at {provenance.recorded_at!r} is not a date"))
    else:
        if (day - recorded).days > max_age_days:
            out.append(("stale", f"recorded {(day - recorded).days} days ago ({recorded}), more than "
                        f"{max_age_days}: re-record it"))
    ref = f"{provenance.platform}@{provenance.version}"
    try:
        entry = load_index().get(VersionRef.parse(ref))
    except UsageError:
        out.append(("unsupported-version", f"{ref} is not a version stockgate knows any more"))
    else:
        if entry.support_state(day) == "ended":
            out.append(("unsupported-version", f"support for {ref} ended {entry.support_ends}"))
    scenario = by_id.get(provenance.scenario)
    if scenario is None:
        out.append(("orphan", f"no scenario {provenance.scenario} any more: delete the cassette or restore it"))
    elif file_sha256(scenario.path) != provenance.scenario_sha256:
        out.append(("scenario-changed", f"{scenario.id} changed since it was recorded: re-record it"))
    return out
