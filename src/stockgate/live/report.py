"""verify-live reports as a registry of formats (text, json, md, junit) over one :class:`VerifyResult`.

Nothing in a report names the store's host or a credential: the store is its ``staging:<hash>``
label and each finding's request is a path and query (replay it against ``$STOCKGATE_MAGENTO_URL``
with the integration's credentials).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from stockgate.live.verify import VerifyResult

FORMATS: dict[str, tuple[str, Callable[[VerifyResult], str]]] = {}


def format_(name: str, filename: str) -> Callable[[Callable[[VerifyResult], str]], Callable[[VerifyResult], str]]:
    """Register a renderer as format ``name`` written to ``filename``; a duplicate name fails at import."""

    def add(render: Callable[[VerifyResult], str]) -> Callable[[VerifyResult], str]:
        if name in FORMATS:
            raise ValueError(f"duplicate verify-live report format {name!r}")
        FORMATS[name] = (filename, render)
        return render

    return add


def counts(result: VerifyResult) -> str:
    """Where every planned operation went, adding up to the plan: checked, not emulated, no case, not reached."""
    parts = [f"{result.checked_planned} of {result.planned} operation(s) checked"]
    if result.not_emulated:
        parts.append(f"{len(result.not_emulated)} not emulated")
    if result.no_case:
        parts.append(f"{len(result.no_case)} with no case to send")
    parts.append(f"{result.not_reached} not reached")
    extra = len(result.checked) - result.checked_planned
    walk = f" (and {extra} write-walk operation(s))" if extra > 0 else ""
    return ", ".join(parts) + walk


def _seconds(seconds: float) -> int:
    """Whole seconds (at least 1 for any wait at all): the JSON report keeps the exact figure."""
    return max(1, round(seconds))


def headline(result: VerifyResult) -> str:
    """The one-line verdict."""
    spent = f"{result.sent} of {result.budget} request(s) at most {result.rate:g}/s"
    paced = f", paced {_seconds(result.paced)} s to keep half the rate limit" if result.paced else ""
    waited = paced + (f", waited {_seconds(result.waited)} s on Retry-After" if result.waited else "")
    missed = len(result.connector_not_reached)
    partial = f" (partial: {missed} connector operation(s) not reached)" if missed else ""
    verdict = f"FINDINGS: {len(result.findings)}{partial}" if result.findings else f"CONFORMS{partial}"
    stopped = (f"; stopped early: {result.stopped} (raise --max-requests or pick --operation)"
               if result.stopped else "")
    return f"{verdict}: {result.ref} on {result.store}, {counts(result)}, {spent}{waited}{stopped}"


def data(result: VerifyResult) -> dict[str, Any]:
    """The result as JSON-ready data."""
    return {"ok": not result.findings, "ref": result.ref, "store": result.store, "budget": result.budget,
            "rate": result.rate, "writes_allowed": result.writes_allowed, "sent": result.sent,
            "waited_seconds": result.waited, "paced_seconds": result.paced, "stopped": result.stopped or None,
            "planned_operations": result.planned, "checked_operations": result.checked_planned,
            "not_reached": result.not_reached, "no_case": result.no_case,
            "connector_operations": result.connector, "connector_area_operations": result.connector_area,
            "connector_not_reached": result.connector_not_reached,
            "checked": result.checked, "not_emulated": result.not_emulated, "writes": result.writes,
            "write_walk_not_run": result.write_walk_not_run or None,
            "findings": [{"operation": f.operation, "status": f.status, "problem": f.problem, "request": f.request}
                         for f in result.findings]}


@format_("json", "verify-live.json")
def render_json(result: VerifyResult) -> str:
    """JSON."""
    return json.dumps(data(result), indent=2) + "\n"


def _role(result: VerifyResult, op: str) -> str:
    """``connector`` (on its surface: the operations ``diff`` filters by), ``connector area`` or ``""``."""
    return "connector" if op in result.connector else "connector area" if op in result.connector_area else ""


def _answers(result: VerifyResult, op: str) -> str:
    role = _role(result, op)
    return f"{op} ({result.checked[op]} answer(s)" + (f", {role})" if role else ")")


@format_("text", "verify-live.txt")
def render_text(result: VerifyResult) -> str:
    """Plain text: one line per finding, what was checked (and what not), then the verdict."""
    lines = [f"{f.operation}: {f.problem}\n  reproduce: {f.request}" for f in result.findings]
    lines.append("checked: " + (", ".join(_answers(result, op) for op in result.checked) or "nothing"))
    if result.not_emulated:
        lines.append(f"not emulated by the twin: {', '.join(result.not_emulated)}")
    if result.no_case:
        lines.append(f"no case to send (no earlier answer carried a path value): {', '.join(result.no_case)}")
    if result.connector_not_reached:
        lines.append(f"connector operation(s) not reached: {', '.join(result.connector_not_reached)}")
    lines += [f"wrote (not undone): {w}" for w in result.writes]
    if result.write_walk_not_run:
        lines.append(f"write walk not run: {result.write_walk_not_run}")
    return "\n".join([*lines, headline(result)]) + "\n"


@format_("md", "verify-live.md")
def render_md(result: VerifyResult) -> str:
    """Markdown."""
    out = [f"# verify-live {result.ref}", "", f"**{headline(result)}**", ""]
    if result.findings:
        out += ["## Findings", "", "| operation | status | problem | reproduce |", "|---|---|---|---|"]
        out += [f"| `{f.operation}` | {f.status} | {_cell(f.problem)} | `{_cell(f.request)}` |"
                for f in result.findings]
        out.append("")
    out += [f"## Checked ({counts(result)})", ""]
    if result.checked:
        out += ["| operation | answers checked | connector |", "|---|---|---|"]
        out += [f"| `{op}` | {n} | {_role(result, op)} |" for op, n in result.checked.items()]
    else:
        out.append("Nothing.")
    out.append("")
    for title, ops in ((f"Not emulated by the twin ({len(result.not_emulated)})", result.not_emulated),
                       (f"No case to send ({len(result.no_case)}): no earlier answer carried a path value",
                        result.no_case),
                       (f"Connector operations not reached ({len(result.connector_not_reached)})",
                        result.connector_not_reached)):
        if ops:
            out += [f"## {title}", "", *[f"- `{op}`" for op in ops], ""]
    if result.not_reached:
        mine = len(result.connector_not_reached)
        out += [f"{result.not_reached} planned operation(s) not reached" + (f" ({mine} of them the connector's, "
                "listed above)" if mine else "") + ": the budget ended the run first.", ""]
    if result.writes or result.write_walk_not_run:
        out += ["## Writes", ""]
        out += [f"- wrote (not undone): {w}" for w in result.writes]
        out += [f"- write walk not run: {result.write_walk_not_run}"] if result.write_walk_not_run else []
        out.append("")
    out += ["Requests are paths below the store's base URL; send them with the integration's credentials.", ""]
    return "\n".join(out)


@format_("junit", "verify-live.junit.xml")
def render_junit(result: VerifyResult) -> str:
    """JUnit XML: a test case per operation checked, a failure per finding."""
    suite = ET.Element("testsuite", name=f"verify-live {result.ref}", tests=str(len(result.checked)),
                       failures=str(len({f.operation for f in result.findings})))
    for operation in result.checked:
        case = ET.SubElement(suite, "testcase", classname=f"verify-live.{result.ref}", name=operation)
        found = [f for f in result.findings if f.operation == operation]
        if found:
            failure = ET.SubElement(case, "failure", message=found[0].problem[:200])
            failure.text = "\n".join(f"{f.problem}\nreproduce: {f.request}" for f in found)
    return str(ET.tostring(suite, encoding="unicode")) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
