"""The gate's reports: Markdown, JSON evidence, JUnit XML, one-file HTML (a registry keyed by format).

Each renders the same :class:`~stockgate.gate.model.GateResult`, verdict first. The Markdown fits
a GitHub step summary or a PR comment: one line per finding with the version pair, scenario or
operation, field, expected, actual and what to do. The JSON bundle is the evidence a CI system or
an auditor keeps: versions, contract hashes, every scenario result on both sides, every finding
with its fingerprint, accepted changes. The console is :mod:`stockgate.reports.console`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from stockgate.gate.model import STATES, GateFinding, GateResult, ScenarioOutcome, UncheckedCheck, state_label
from stockgate.reports.pages import junit_class


@dataclass(frozen=True, slots=True)
class Format:
    """A report format: its file name in ``--report-dir`` and its renderer."""

    name: str
    filename: str
    render: Callable[[GateResult], str]


FORMATS: dict[str, Format] = {}


def report_format(name: str, filename: str) -> Callable[[Callable[[GateResult], str]], Callable[[GateResult], str]]:
    """Register a format (a duplicate name fails at import)."""
    def add(fn: Callable[[GateResult], str]) -> Callable[[GateResult], str]:
        if name in FORMATS:
            raise ValueError(f"duplicate gate report format {name!r}")
        FORMATS[name] = Format(name, filename, fn)
        return fn
    return add


def _ordered(findings: tuple[GateFinding, ...]) -> list[GateFinding]:
    """Grouped by how each compares across the upgrade (new, pre-existing, fixed, not applicable), blocking first."""
    return sorted(findings, key=lambda f: (STATES.index(f.state), not f.blocking, -f.severity.rank, f.kind, f.pair,
                                           f.subject, f.field))


def state_counts(gate: GateResult) -> dict[str, int]:
    """How many findings per state: new, pre-existing, fixed, not-applicable."""
    return {s: sum(1 for f in gate.findings if f.state == s) for s in STATES}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _side(result: Any) -> str:
    """``passed``, ``passed*`` (without a check it asks for: see Not checked), ``failed (3)``, ``n/a``."""
    if result is None:
        return "n/a"
    if result.passed:
        return f"{result.status}*" if result.unchecked else result.status
    return f"{result.status} ({len(result.findings)})"


def counted(n: int, word: str) -> str:
    """``1 check``, ``3,000 checks``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def unchecked_summary(gate: GateResult) -> str:
    """``1 check in 1 scenario`` (``""`` when every check a scenario asks for was made)."""
    rows = gate.unchecked
    if not rows:
        return ""
    return f"{counted(len(rows), 'check')} in {counted(len({u.scenario for u in rows}), 'scenario')}"


def sides_text(u: UncheckedCheck) -> str:
    """``--from, --to``: the runs a check was not made in."""
    return ", ".join(f"--{side}" for side in u.sides)


UNCHECKED_WHY = ("a run could not make these checks, so its pass says nothing about them (`stockgate run` shows "
                 "such a run as PASSED*, the scenario tables as passed*)")


def callouts(gate: GateResult) -> list[str]:
    """What a reader must not miss beside the verdict: scenarios failing on both sides, a downgrade."""
    out = []
    warning = gate.warning()
    if warning:
        still = len(gate.pre_existing)
        block = ("They block (--fail-on-pre-existing)." if gate.fail_on_pre_existing else
                 "They do not block; pass --fail-on-pre-existing to block on them.")
        out.append(f"{warning[0].upper()}{warning[1:]}, and {still} of them still fail on {gate.to_pair}: the "
                   f"upgrade neither caused nor fixes them. {block}")
    if gate.downgrades:
        out.append(f"This is a downgrade ({'; '.join(gate.downgrades)}), gated on purpose (--allow-downgrade): a "
                   "regression here passes on the newer --from versions and fails on the older --to ones.")
    return out


def _title(gate: GateResult) -> str:
    label = f" ({gate.label()})" if gate.downgrades else ""
    return f"stockgate gate{label}: {gate.from_pair} → {gate.to_pair}"


# GitHub refuses an issue or pull-request comment body over 65,536 characters ("Body is too long
# (maximum is 65536 characters)"); the margin covers characters GitHub may count twice (emoji, as UTF-16).
GITHUB_COMMENT_LIMIT = 65_536
_MD_BUDGET = GITHUB_COMMENT_LIMIT - 2_048
_MD_CELL = 300  # a cell's most characters when the report has to be cut


def _finding_rows(findings: list[GateFinding], clip: int | None = None) -> list[str]:
    rows = []
    for f in findings:
        state = "**blocks**" if f.blocking else f.severity.value
        note = f" ({f.note})" if f.note else ""
        cells = (f"{state} {f.kind}", state_label(f.state), f.pair, f.subject, f.field, f.expected, f.actual,
                 f"{f.todo}{note}")
        rows.append("| " + " | ".join(_cell(x if clip is None or len(x) <= clip else x[:clip] + "…")
                                       for x in cells) + " |")
    return rows


def _unchecked_rows(gate: GateResult, clip: int | None = None) -> list[str]:
    return ["| " + " | ".join(_cell(x if clip is None or len(x) <= clip else x[:clip] + "…")
                              for x in (u.scenario, u.check, sides_text(u), u.why)) + " |" for u in gate.unchecked]


def _md_unchecked(gate: GateResult, rows: list[str]) -> list[str]:
    """The checks not made, per scenario and why (nothing when every check was made)."""
    if not gate.unchecked:
        return []
    return [f"**Not checked: {unchecked_summary(gate)}.** {UNCHECKED_WHY[0].upper()}{UNCHECKED_WHY[1:]}:", "",
            "| scenario | check not made | on | why |", "|---|---|---|---|", *rows, ""]


def _scenario_rows(gate: GateResult, clip: int | None = None) -> list[str]:
    return [f"| {_cell(o.scenario if clip is None else o.scenario[:clip])} | {_side(o.before)} | {_side(o.after)} | "
            f"{o.outcome}{' (blocks)' if gate.blocks(o) and not o.blocking else ''} |"
            for o in sorted(gate.outcomes, key=lambda o: not gate.blocks(o))]


def _md_head(gate: GateResult) -> list[str]:
    icon = "✅" if gate.clean else "⚠️" if gate.passed else "❌"
    lines = [f"## {icon} {_title(gate)}", "", f"**{gate.verdict()}**", ""]
    for note in callouts(gate):
        lines += [f"> ⚠️ **{note}**", ""]
    return [*lines, f"Connector `{gate.connector}`; diff filtered by {gate.consumer}; blocking from "
                    f"{gate.fail_on.value}.", ""]


def _md_evidence(gate: GateResult) -> list[str]:
    lines = ["<details><summary>Contracts and cassettes</summary>", ""]
    for ref, info in gate.contracts.items():
        lines.append(f"- `{ref}` {info['status']}, document sha256 `{str(info['document_sha256'])[:16]}…`")
    lines.append(f"- cassettes: {gate.cassettes.get('checked', 0)} recorded answer(s) in "
                 f"{gate.cassettes.get('files', 0)} file(s) checked against the --to contracts")
    if gate.drift is not None:
        before, after = gate.drift["from"], gate.drift["to"]
        lines.append(f"- drift week ({gate.drift['size']}): {before['band']} -> {after['band']} "
                     f"(p95 delay {before['p95_delay_s'] / 60:.1f} -> {after['p95_delay_s'] / 60:.1f} min)")
    lines += [f"- {note}" for note in [*gate.cassettes.get("skipped", []), *gate.notes]]
    return [*lines, "", "</details>", ""]


def _md(gate: GateResult, findings: list[str], scenarios: list[str], evidence: list[str], *, cut: list[str],
        unchecked: list[str]) -> str:
    lines = [*_md_head(gate), *cut]
    if gate.findings:
        lines += ["Findings: " + ", ".join(f"{n} {state_label(s)}" for s, n in state_counts(gate).items()), "",
                  "| | group | version pair | scenario / operation | field | expected | actual | what to do |",
                  "|---|---|---|---|---|---|---|---|", *findings, ""]
    lines += _md_unchecked(gate, unchecked)
    lines += ["<details><summary>Scenarios</summary>", "", "| scenario | --from | --to | outcome |",
              "|---|---|---|---|", *scenarios, "", "</details>", "", *evidence]
    return "\n".join(lines)


def _fitting(rows: list[str], budget: int) -> list[str]:
    """The first rows that fit in ``budget`` characters (each with its newline)."""
    kept: list[str] = []
    for row in rows:
        budget -= len(row) + 1
        if budget < 0:
            break
        kept.append(row)
    return kept


@report_format("md", "gate.md")
def markdown(gate: GateResult) -> str:
    """Verdict, what must not be missed, findings, the checks not made, then the scenarios and evidence folded.

    Kept under GitHub's comment limit: when the whole report is longer, long cells are clipped and
    the rows that do not fit are left out (blocking findings first in, then the checks not made, the
    scenarios last), and a line under the verdict says how many are not shown and where they all are.
    """
    findings, scenarios = _ordered(gate.findings), _scenario_rows(gate)
    whole = _md(gate, _finding_rows(findings), scenarios, _md_evidence(gate), cut=[],
                unchecked=_unchecked_rows(gate))
    if len(whole) <= _MD_BUDGET:
        return whole
    rows, scenarios = _finding_rows(findings, _MD_CELL), _scenario_rows(gate, _MD_CELL)
    unchecked = _unchecked_rows(gate, _MD_CELL)
    evidence = [*_fitting(_md_evidence(gate)[:-3], 4_000), "", "</details>", ""]
    notice = [_cut_notice((9_999_999, 9_999_999), (9_999_999, 9_999_999) if unchecked else None,
                          (9_999_999, 9_999_999)), ""]
    budget = _MD_BUDGET - len(_md(gate, [], [], evidence, cut=notice, unchecked=[]))
    kept = _fitting(rows, budget * 4 // 5)  # a fifth at least for the rest: which scenarios failed, at a glance
    budget -= sum(len(r) + 1 for r in kept)
    kept_unchecked = _fitting(unchecked, budget // 2)
    kept_scenarios = _fitting(scenarios, budget - sum(len(r) + 1 for r in kept_unchecked))
    notice[0] = _cut_notice((len(kept), len(rows)), (len(kept_unchecked), len(unchecked)) if unchecked else None,
                            (len(kept_scenarios), len(scenarios)))
    return _md(gate, kept, kept_scenarios, evidence, cut=notice, unchecked=kept_unchecked)


def _cut_notice(findings: tuple[int, int], unchecked: tuple[int, int] | None, scenarios: tuple[int, int]) -> str:
    """The line under the verdict of a cut report: how many of each are shown, and where they all are."""
    parts = [f"{findings[0]:,} of {findings[1]:,} findings"]
    if unchecked is not None:
        parts.append(f"{unchecked[0]:,} of {unchecked[1]:,} checks not made")
    shown = ", ".join(parts) + f" and {scenarios[0]:,} of {scenarios[1]:,} scenarios"
    return (f"> ✂️ **Cut to fit GitHub's 65,536-character comment limit: {shown} shown here, the rest not shown; "
            "gate.json and gate.html hold them all.**")


def _result_json(result: Any) -> dict[str, Any] | None:
    if result is None:
        return None
    return {"status": result.status, "pair": result.pair, "convergence_seconds": result.convergence_seconds,
            "error": result.error, "unchecked": list(result.unchecked),
            "findings": [{"fingerprint": f.fingerprint, "check": f.check, "subject": f.subject,
                          "expected": f.expected, "actual": f.actual, "hint": f.hint} for f in result.findings],
            "connector_output": list(result.connector_output)}


def _outcome_json(o: ScenarioOutcome, gate: GateResult) -> dict[str, Any]:
    return {"scenario": o.scenario, "title": o.title, "outcome": o.outcome, "blocking": gate.blocks(o),
            "from": _result_json(o.before), "to": _result_json(o.after)}


def _pre_existing_json(gate: GateResult) -> dict[str, Any]:
    failing, ran = gate.baseline_failures()
    return {"count": len(gate.pre_existing), "on": gate.from_pair, "failing_on_from": failing, "of": ran,
            "blocking": gate.fail_on_pre_existing and bool(gate.pre_existing),
            "scenarios": [o.scenario for o in gate.pre_existing]}


@report_format("json", "gate.json")
def evidence(gate: GateResult) -> str:
    """The evidence bundle."""
    from stockgate.reports.diff import _change_json

    data = {
        "gate_format": 1, "verdict": "pass" if gate.passed else "fail", "exit_code": gate.exit_code,
        "summary": gate.verdict(), "warnings": callouts(gate), "direction": gate.direction,
        "downgrades": list(gate.downgrades), "pre_existing": _pre_existing_json(gate),
        "from": gate.from_pair, "to": gate.to_pair, "connector": gate.connector,
        "consumer": gate.consumer, "fail_on": gate.fail_on.value, "stockgate_version": gate.stockgate_version,
        "elapsed_seconds": gate.elapsed_seconds, "contracts": gate.contracts,
        "finding_states": state_counts(gate),
        "unchecked": [{"scenario": u.scenario, "check": u.check, "why": u.why, "sides": list(u.sides)}
                      for u in gate.unchecked],
        "findings": [{"fingerprint": f.fingerprint, "kind": f.kind, "severity": f.severity.value, "blocking":
                      f.blocking, "state": f.state, "pair": f.pair, "subject": f.subject, "field": f.field,
                      "expected": f.expected,
                      "actual": f.actual, "todo": f.todo, "note": f.note} for f in _ordered(gate.findings)],
        "scenarios": [_outcome_json(o, gate) for o in gate.outcomes],
        "diffs": [{"platform": d.platform, "from": d.from_version, "to": d.to_version, "consumer": d.consumer,
                   "derived_contracts": list(d.derived), "counts": d.counts(),
                   "changes": [_change_json(c, gate.fail_on) for c in d.changes]} for d in gate.diffs],
        "accepted": [{"fingerprint": c.fingerprint, "reason": c.accepted.reason, "expires": c.accepted.expires}
                     for d in gate.diffs for c in d.changes if c.accepted is not None],
        "cassettes": gate.cassettes, "notes": list(gate.notes), "drift": gate.drift,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _verdict_suite(root: ET.Element, gate: GateResult) -> None:
    """Scenarios failing on both sides and a downgrade, each as a testcase named by what it says (if any)."""
    cases: list[tuple[str, str, str]] = []  # classname, name, state (failure | skipped | passed)
    if gate.pre_existing:
        cases.append(("gate.pre-existing", gate.warning(), "failure" if gate.fail_on_pre_existing else "skipped"))
    if gate.downgrades:
        cases.append(("gate.direction", f"{gate.label()} (--allow-downgrade)", "passed"))
    if not cases:
        return
    states = [state for _classname, _name, state in cases]
    suite = ET.SubElement(root, "testsuite", name="verdict", tests=str(len(cases)),
                          failures=str(states.count("failure")), skipped=str(states.count("skipped")))
    text = "\n".join([*callouts(gate), *(o.scenario for o in gate.pre_existing)])
    for classname, name, state in cases:
        case = ET.SubElement(suite, "testcase", classname=classname, name=name)
        if state == "failure":
            ET.SubElement(case, "failure", message="blocking: --fail-on-pre-existing").text = text
        elif state == "skipped":
            ET.SubElement(case, "skipped", message="not blocking without --fail-on-pre-existing").text = text


def _scenario_suite(root: ET.Element, gate: GateResult, side: str) -> None:
    """One testcase per scenario run on one side; a failure where it blocks, skipped where it does not."""
    pair = gate.from_pair if side == "from" else gate.to_pair
    cases = [(o, r) for o in gate.outcomes if (r := o.before if side == "from" else o.after) is not None]
    suite = ET.SubElement(root, "testsuite", name=f"scenarios {pair}", tests=str(len(cases)))
    failures = skipped = 0
    for outcome, result in cases:
        case = ET.SubElement(suite, "testcase", classname=f"scenarios.{side}", name=f"{outcome.scenario}[{pair}]")
        unchecked_properties(case, result.unchecked)
        said = [f"stockgate: {note}" for note in result.unchecked] + list(result.connector_output)
        if said:  # the checks not made, then what the connector said in this run (its kept tail)
            ET.SubElement(case, "system-out").text = "\n".join(said)
        if result.passed:
            continue
        lines = [f"{s.state}: {s.finding.line()}" for s in outcome.states() if s.side == "to"] if side == "to" \
            else [f.line() for f in result.findings]
        text = "\n".join(lines) or result.error
        if side == "to" and gate.blocks(outcome):
            failures += 1
            why = " (--fail-on-pre-existing)" if not outcome.blocking else ""
            ET.SubElement(case, "failure", message=f"{outcome.outcome}: {result.status}{why}").text = text
        else:
            skipped += 1
            reason = "the --from baseline fails too" if side == "from" else "pre-existing: fails on --from too"
            ET.SubElement(case, "skipped", message=reason).text = text
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))


def unchecked_properties(case: ET.Element, notes: Any) -> None:
    """A ``stockgate.unchecked`` property per check a run could not make (pytest's ``record_property`` form)."""
    if notes:
        props = ET.SubElement(case, "properties")
        for note in notes:
            ET.SubElement(props, "property", name="stockgate.unchecked", value=note)


def _contract_suite(root: ET.Element, gate: GateResult) -> None:
    """One failing testcase per blocking diff or cassette finding, or one passing case."""
    blocking = [f for f in _ordered(gate.findings) if f.blocking and f.kind != "scenario"]
    suite = ET.SubElement(root, "testsuite", name="contracts and cassettes", tests=str(max(1, len(blocking))),
                          failures=str(len(blocking)))
    for f in blocking:
        versions = "-".join(f.pair.replace("->", "to").split())  # magento-2_4_8-to-2_4_9
        case = ET.SubElement(suite, "testcase", classname=junit_class(f.kind, versions),
                             name=f"{f.subject} {f.field}".strip())
        ET.SubElement(case, "failure", message=f"{f.severity.value}: {f.expected} -> {f.actual}").text = f.line()
    if not blocking:
        ET.SubElement(suite, "testcase", classname="contracts", name="no blocking contract or cassette finding")


@report_format("junit", "junit.xml")
def junit(gate: GateResult) -> str:
    """The verdict's warnings, one testcase per scenario and version pair, one per blocking diff or cassette finding."""
    label = f"{gate.label()}: " if gate.downgrades else ""
    root = ET.Element("testsuites", name=f"stockgate gate {label}{gate.from_pair} -> {gate.to_pair}")
    _verdict_suite(root, gate)
    for side in ("from", "to"):
        _scenario_suite(root, gate, side)
    _contract_suite(root, gate)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


@report_format("html", "gate.html")
def html_report(gate: GateResult) -> str:
    """One self-contained page (``templates/gate.html.j2``), the verdict badge first.

    Then blocking findings, the rest by group (pre-existing, fixed and not applicable folded),
    convergence on both sides, the scenarios with what the connector said, the evidence.
    """
    from stockgate.reports import gate_html
    from stockgate.reports.pages import render

    return render("gate.html.j2", gate_html.view(gate, _ordered(gate.findings), callouts(gate)))
