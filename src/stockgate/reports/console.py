"""The gate on a terminal: short when it passes, every line with ``--verbose``; the files keep everything.

A gate over a connector that already fails scenarios on ``--from`` finds hundreds of pre-existing
findings; printing each one buries the few that matter. So the console shows the counts per state,
every new or blocking finding in full, and each other state with more than :data:`WHOLE` findings as
one summary line (how many, in which scenarios, why it does not block) that points at gate.md for
the detail. ``--verbose`` prints every
finding as before; gate.md, gate.json, junit.xml and gate.html are always complete.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from stockgate.gate.model import STATES, GateFinding, GateResult, state_label

NAMED = 3  # scenarios (or subjects) a summary line names before "and N more"
WHOLE = 5  # a state with at most this many findings is printed whole: as short as its summary
WHY = {"pre-existing": "also failing on --from: not caused by the upgrade",
       "fixed": "failing on --from only: fixed by the upgrade",
       "not-applicable": "failing on --from; the scenario does not run on --to",
       "new": "new on --to, not blocking"}


def shown_in_full(finding: GateFinding) -> bool:
    """New and blocking findings are printed whole; the others are summarised per state."""
    return finding.blocking or finding.state == "new"


def counts_line(gate: GateResult) -> str:
    """``findings: 2 new (1 blocking), 148 pre-existing, 3 fixed`` (states with none left out)."""
    parts = []
    for state in STATES:
        of_state = [f for f in gate.findings if f.state == state]
        blocking = sum(1 for f in of_state if f.blocking)
        if of_state:
            parts.append(f"{len(of_state)} {state_label(state)}" + (f" ({blocking} blocking)" if blocking else ""))
    return "findings: " + (", ".join(parts) if parts else "none")


def summary_line(state: str, findings: list[GateFinding], detail: Path) -> str:
    """One state's findings as one line: how many, where, why they do not block, and where they all are."""
    subjects = Counter(f.subject for f in findings)
    named = ", ".join(f"{subject} ({n})" for subject, n in subjects.most_common(NAMED))
    more = f" and {len(subjects) - NAMED} more" if len(subjects) > NAMED else ""
    return (f"  {state_label(state)}: {len(findings)} finding(s) in {len(subjects)} subject(s), {WHY[state]}: "
            f"{named}{more}; each one in {detail} (or --verbose)")


def gate_lines(gate: GateResult, *, verbose: bool, detail: Path) -> list[str]:
    """The console body between the header and the verdict (``detail``: the gate.md written)."""
    lines = [counts_line(gate)]
    for state in STATES:  # grouped: new, pre-existing, fixed, not applicable; blocking first in each
        of_state = sorted((f for f in gate.findings if f.state == state), key=lambda f: not f.blocking)
        full = of_state if verbose or len(of_state) <= WHOLE else [f for f in of_state if shown_in_full(f)]
        lines += [("  " if f.blocking else "  (not blocking) ") + f.line() for f in full]
        rest = [f for f in of_state if f not in full]
        if rest:
            lines.append(summary_line(state, rest, detail))
    unchecked = [o.scenario for o in gate.outcomes if o.after is not None and o.after.unchecked]
    if unchecked:
        lines.append(f"  not checked: {len(unchecked)} scenario(s) on --to ran without a check they ask for "
                     f"(e.g. then.reported of a connector that does not report): {', '.join(unchecked[:NAMED])}"
                     + (f" and {len(unchecked) - NAMED} more" if len(unchecked) > NAMED else "")
                     + f"; each check and why in {detail} (Not checked)")
    return lines
