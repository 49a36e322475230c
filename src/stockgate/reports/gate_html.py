"""The view data ``gate.html`` is rendered from (``templates/gate.html.j2``): no HTML here, only what to show."""

from __future__ import annotations

from typing import Any

from stockgate.gate.model import OUTCOMES, STATES, GateFinding, GateResult, state_label
from stockgate.reports.gate import UNCHECKED_WHY, sides_text, unchecked_summary
from stockgate.reports.pages import convergence_chart

_SIDE_CLASS = {"passed": "pass", "fixed": "pass", "regression": "fail", "new-failure": "fail", "pre-existing": "warn"}
_GROUPS = {"new": "New, not blocking: {n}",
           "pre-existing": "Pre-existing: {n} (they fail on --from too: not caused by the upgrade)",
           "fixed": "Fixed: {n} (they failed on --from and pass on --to)",
           "not-applicable": "Not applicable: {n} (on --from, in scenarios that do not run on --to)"}


def verdict(gate: GateResult) -> dict[str, str]:
    """The badge: PASS (clean), PASS with warnings (scenarios failing on both sides), FAIL; and the headline."""
    kind = "pass" if gate.clean else "warn" if gate.passed else "fail"
    badge = {"pass": "PASS", "warn": "PASS with warnings", "fail": "FAIL"}[kind]
    return {"kind": kind, "badge": badge, "headline": gate.verdict()}


def finding_row(f: GateFinding) -> dict[str, Any]:
    """One finding as a table row."""
    return {"blocking": f.blocking, "severity": f"{'blocks' if f.blocking else f.severity.value} {f.kind}",
            "group": state_label(f.state), "pair": f.pair, "subject": f.subject, "field": f.field,
            "expected": f.expected, "actual": f.actual, "todo": f.todo, "note": f.note, "fingerprint": f.fingerprint}


def groups(ordered: list[GateFinding]) -> list[dict[str, Any]]:
    """The findings that do not block, by state (new, pre-existing, fixed, not applicable); all but new folded."""
    out = []
    for state in STATES:
        rows = [finding_row(f) for f in ordered if f.state == state and not f.blocking]
        if rows:
            out.append({"state": state, "folded": state != "new", "rows": rows,
                        "summary": _GROUPS[state].format(n=len(rows))})
    return out


def _side_text(result: Any) -> str:
    if result is None:
        return "n/a"
    if result.passed:
        return f"{result.status}*" if result.unchecked else result.status
    return f"{result.status} ({len(result.findings)})"


def _side_title(result: Any) -> str:
    """A cell's hover text: the checks its run could not make ("" when it made them all)."""
    return "; ".join(result.unchecked) if result is not None else ""


def unchecked(gate: GateResult) -> dict[str, Any]:
    """The checks scenarios ask for that their runs could not make: a summary for the first screen and the rows."""
    rows = [{"scenario": u.scenario, "check": u.check, "sides": sides_text(u), "why": u.why} for u in gate.unchecked]
    return {"summary": unchecked_summary(gate), "why": UNCHECKED_WHY.replace("`", ""), "rows": rows,
            "checks": sorted({u.check.split(" ")[0] for u in gate.unchecked})}


def _said(result: Any, side: str) -> list[dict[str, Any]]:
    """What the connector said in one run (its kept tail), for a folded block; nothing when it said nothing."""
    if result is None or not result.connector_output:
        return []
    text = "\n".join(result.connector_output)
    return [{"side": side, "lines": text.count("\n") + 1, "text": text}]


def scenario_rows(gate: GateResult) -> list[dict[str, Any]]:
    """Every scenario on both sides, the blocking ones first, with what the connector said."""
    rows = []
    for o in sorted(gate.outcomes, key=lambda o: not gate.blocks(o)):
        rows.append({"scenario": o.scenario, "outcome": o.outcome, "blocks": gate.blocks(o) and not o.blocking,
                     "from_text": _side_text(o.before), "to_text": _side_text(o.after),
                     "from_title": _side_title(o.before), "to_title": _side_title(o.after),
                     "from_class": _SIDE_CLASS.get(o.before.status if o.before else "", ""),
                     "to_class": "fail" if gate.blocks(o) else _SIDE_CLASS.get(o.outcome, ""),
                     "said": _said(o.before, "--from") + _said(o.after, "--to")})
    return rows


def _missing(result: Any) -> str:
    """What the chart writes for a run without a convergence time."""
    if result is None:
        return "does not run here"
    return "error" if result.error else "did not converge"


def chart(gate: GateResult) -> dict[str, Any]:
    """Convergence per scenario on both sides."""
    rows = [(o.scenario, [r.convergence_seconds if r is not None else None for r in (o.before, o.after)],
             [_missing(o.before), _missing(o.after)]) for o in gate.outcomes]
    return convergence_chart(f"Convergence per scenario: {gate.from_pair} and {gate.to_pair}",
                             [(f"--from {gate.from_pair}", "--from"), (f"--to {gate.to_pair}", "--to")], rows)


def view(gate: GateResult, ordered: list[GateFinding], callouts: list[str]) -> dict[str, Any]:
    """Everything ``gate.html.j2`` shows, in the order it shows it."""
    counts = ", ".join(f"{sum(1 for f in gate.findings if f.state == s)} {state_label(s)}" for s in STATES)
    cassettes = (f"cassettes: {gate.cassettes.get('checked', 0)} recorded answer(s) in "
                 f"{gate.cassettes.get('files', 0)} file(s) checked against the --to contracts")
    return {"verdict": verdict(gate), "callouts": callouts, "label": gate.label(), "from_pair": gate.from_pair,
            "to_pair": gate.to_pair, "connector": gate.connector, "consumer": gate.consumer,
            "fail_on": gate.fail_on.value, "counts": f"Findings: {counts}",
            "blocking": [finding_row(f) for f in ordered if f.blocking], "groups": groups(ordered),
            "chart": chart(gate), "scenarios": scenario_rows(gate), "unchecked": unchecked(gate),
            "outcome_counts": ", ".join(f"{sum(1 for o in gate.outcomes if o.outcome == k)} {k}" for k in OUTCOMES),
            "contracts": [{"ref": ref, "status": str(info["status"]), "sha256": str(info["document_sha256"])}
                          for ref, info in gate.contracts.items()],
            "cassettes": cassettes, "notes": [*gate.cassettes.get("skipped", []), *gate.notes],
            "version": gate.stockgate_version}
