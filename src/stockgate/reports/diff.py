"""A contract diff as text, Markdown, JSON or JUnit XML (a registry keyed by format name).

Every format leads with the verdict, then one line per blocking change (severity, rule, operation
and field, before → after, why, the scenarios that exercise it, fingerprint), then accepted
changes with their reason; ``info`` changes are counted, and listed with ``show_info``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from xml.etree import ElementTree as ET

from stockgate.diff.model import Acceptance, Change, DiffReport
from stockgate.diff.rules import Severity

Renderer = Callable[[DiffReport, Severity, bool, Sequence[Acceptance]], str]
FORMATS: dict[str, Renderer] = {}


def renderer(name: str) -> Callable[[Renderer], Renderer]:
    """Register a format (a duplicate name fails at import)."""
    def add(fn: Renderer) -> Renderer:
        if name in FORMATS:
            raise ValueError(f"duplicate diff format {name!r}")
        FORMATS[name] = fn
        return fn
    return add


def title(report: DiffReport) -> str:
    """``magento 2.4.6 -> 2.4.7 (consumer: reference)``."""
    consumer = f"consumer: {report.consumer}" if report.consumer else "no consumer filter"
    return f"{report.platform} {report.from_version} -> {report.to_version} ({consumer})"


def verdict(report: DiffReport, fail_on: Severity) -> str:
    """``FAIL: 2 blocking changes`` or ``PASS``, with the counts."""
    blocking = report.blocking(fail_on)
    counts = report.counts()
    summary = ", ".join(f"{counts[k]} {k}" for k in ("breaking", "risky", "info", "accepted"))
    head = f"FAIL: {len(blocking)} blocking change(s)" if blocking else "PASS: nothing blocks"
    return f"{head} ({summary}; blocking from {fail_on.value})"


def _ordered(changes: Sequence[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (-c.severity.rank, c.rule, c.operation, c.field))


def _derived_note(report: DiffReport) -> str:
    if not report.derived:
        return ""
    return (f"Derived contracts (built from a published one and release notes, not published by the vendor): "
            f"{', '.join(report.derived)}")


@renderer("text")
def text(report: DiffReport, fail_on: Severity, show_info: bool, unused: Sequence[Acceptance]) -> str:
    """Plain lines for a terminal or a CI log."""
    lines = [title(report), verdict(report, fail_on)]
    if note := _derived_note(report):
        lines.append(note)
    for change in _ordered([c for c in report.changes if c.accepted is None and c.severity is not Severity.INFO]):
        lines.append("  " + change.line())
        if change.scenarios:
            lines.append(f"      exercised by: {_some(change.scenarios)}")
        lines.append(f"      what to do: {change.kind.advice}")
    for change in _ordered([c for c in report.changes if c.accepted is not None]):
        assert change.accepted is not None
        lines.append(f"  accepted until {change.accepted.expires}: {change.line()} -- {change.accepted.reason}")
    extensions = report.extensions()
    if count := _extension_count(report):
        total, detail = count.split(": ", 1)
        lines.append(f"  {total} (fields modules add under extension_attributes: a store's extensions, or the "
                     f"platform's own; info, they do not block): {detail}" + (":" if extensions else ""))
        lines += ["    " + c.line() for c in _ordered(extensions)]
    info = [c for c in report.changes if c.accepted is None and c.severity is Severity.INFO and c not in extensions]
    if show_info:
        lines += ["  " + c.line() for c in _ordered(info)]
    elif other := [c for c in info if not c.extension]:
        lines.append(f"  {len(other)} {'other ' if count else ''}info change(s) not shown (--all lists them)")
    lines += [f"  acceptance {a.fingerprint} matches no change (expires {a.expires}): remove it, or check the "
              "fingerprint" for a in unused]
    return "\n".join(lines) + "\n"


def _extension_count(report: DiffReport) -> str:
    """``11 extension change(s): 5 on operations the connector calls, 6 more on operations it does not call``."""
    listed = report.extensions()
    every = [c for c in report.changes if c.extension and c.accepted is None and c.severity is Severity.INFO]
    if not every:
        return ""
    more = len(every) - len(listed)
    rest = f", {more} more on operations it does not call (--all lists them)" if more else ""
    return f"{len(every)} extension change(s): {len(listed)} on operations the connector calls{rest}"


def _some(names: Sequence[str], limit: int = 4) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


@renderer("md")
def markdown(report: DiffReport, fail_on: Severity, show_info: bool, unused: Sequence[Acceptance]) -> str:
    """Verdict first, then a table: fit for a GitHub step summary or a PR comment."""
    lines = [f"## Contract diff: {title(report)}", "", f"**{verdict(report, fail_on)}**", ""]
    if note := _derived_note(report):
        lines += [f"> {note}", ""]
    extensions = report.extensions()
    shown = [c for c in report.changes if (c.severity is not Severity.INFO or c.accepted is not None or show_info)
             and c not in extensions]
    if shown:
        lines += _md_table(shown)
    if count := _extension_count(report):
        lines += ["", f"### Extension changes: {count}", "",
                  "Fields modules add under `extension_attributes` (a store's extensions, or the platform's own): "
                  "info, they do not block.", "", *(_md_table(extensions) if extensions else [])]
    hidden = sum(1 for c in report.changes if c.severity is Severity.INFO and c.accepted is None
                 and not c.extension) if not show_info else 0
    if hidden:
        lines += ["", f"{hidden} {'other ' if count else ''}info change(s) not shown (`--all` lists them)."]
    lines += [f"- acceptance `{a.fingerprint}` matches no change (expires {a.expires})" for a in unused]
    return "\n".join(lines) + "\n"


def _md_table(changes: Sequence[Change]) -> list[str]:
    lines = ["| severity | rule | where | before -> after | why | scenarios | fingerprint |",
             "|---|---|---|---|---|---|---|"]
    for c in _ordered(changes):
        severity = f"accepted until {c.accepted.expires}: {c.accepted.reason}" if c.accepted else c.severity.value
        lines.append("| " + " | ".join(_cell(x) for x in (
            severity, c.rule, c.where(), f"{c.before} -> {c.after}", c.why or c.kind.advice,
            _some(c.scenarios), f"`{c.fingerprint}`")) + " |")
    return lines


def _change_json(c: Change, fail_on: Severity) -> dict[str, object]:
    return {"fingerprint": c.fingerprint, "severity": c.severity.value, "rule": c.rule, "direction":
            c.kind.direction.value, "platform": c.platform, "from": c.from_version, "to": c.to_version,
            "operation": c.operation, "field": c.field, "pointer": c.pointer, "before": c.before, "after": c.after,
            "why": c.why, "advice": c.kind.advice, "scenarios": list(c.scenarios), "extension": c.extension,
            "on_surface": c.on_surface,
            "blocking": c.accepted is None and c.severity.rank >= fail_on.rank,
            "accepted": None if c.accepted is None else {"reason": c.accepted.reason, "expires": c.accepted.expires}}


@renderer("json")
def as_json(report: DiffReport, fail_on: Severity, show_info: bool, unused: Sequence[Acceptance]) -> str:
    """Every change (info included: machines filter), with fingerprints."""
    data = {"platform": report.platform, "from": report.from_version, "to": report.to_version,
            "consumer": report.consumer, "derived_contracts": list(report.derived), "fail_on": fail_on.value,
            "passed": not report.blocking(fail_on), "counts": report.counts(),
            "extension_changes": {"total": sum(1 for c in report.changes if c.extension),
                                  "on_surface": len(report.extensions())},
            "changes": [_change_json(c, fail_on) for c in _ordered(report.changes)],
            "unused_acceptances": [{"fingerprint": a.fingerprint, "expires": a.expires} for a in unused]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@renderer("junit")
def junit(report: DiffReport, fail_on: Severity, show_info: bool, unused: Sequence[Acceptance]) -> str:
    """One testcase per blocking or accepted change (one passing case when nothing blocks)."""
    blocking = report.blocking(fail_on)
    accepted = [c for c in report.changes if c.accepted is not None]
    suite = ET.Element("testsuite", name=f"stockgate diff {title(report)}", tests=str(max(1, len(blocking) +
                                                                                            len(accepted))),
                       failures=str(len(blocking)), errors="0", skipped=str(len(accepted)))
    for c in _ordered(blocking):
        case = ET.SubElement(suite, "testcase", classname=f"diff.{report.platform}", name=f"{c.rule} {c.where()}")
        failure = ET.SubElement(case, "failure", message=f"{c.severity.value}: {c.before} -> {c.after}",
                                type=c.rule)
        failure.text = f"{c.line()}\nwhat to do: {c.kind.advice}\nscenarios: {', '.join(c.scenarios) or '-'}"
    for c in _ordered(accepted):
        case = ET.SubElement(suite, "testcase", classname=f"diff.{report.platform}", name=f"{c.rule} {c.where()}")
        skipped = ET.SubElement(case, "skipped", message=f"accepted until {c.accepted.expires if c.accepted else ''}")
        skipped.text = c.accepted.reason if c.accepted else ""
    if not blocking and not accepted:
        ET.SubElement(suite, "testcase", classname=f"diff.{report.platform}", name="no blocking change")
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
