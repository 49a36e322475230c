"""The gate: consumer-filtered contract diff, the catalog on both sides, cassettes, a verdict.

The cassettes recorded on the ``--from`` versions are checked against the ``--to`` contracts, in a
thread while the sides run.

Both sides run the same catalog with the same connector; while they run, the connector's surface
is derived from what it does (the reference connector's reads observed), so the diff is filtered by
the connector actually under test, not by a file that may be stale. With ``jobs`` > 1 the two
sides run in two processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import shlex
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from stockgate import __version__
from stockgate.datafile import display_path
from stockgate.diff import Severity, diff_versions
from stockgate.diff.model import Acceptance, DiffReport
from stockgate.diff.surface import Surface, with_declared
from stockgate.errors import UsageError
from stockgate.gate.model import GateEvent, GateFinding, GateResult, ScenarioOutcome, failures, fingerprint
from stockgate.gate.proven import auth_proven
from stockgate.scenarios.model import Pair, ScenarioResult

Emit = Callable[[GateEvent], None]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class GateOptions:
    """What to gate and how."""

    before: Pair
    after: Pair
    connector: str = "reference"
    scenario_dirs: tuple[Path, ...] = ()
    patterns: tuple[str, ...] = ()
    consumer: str = "observed"  # observed (from the gate's own runs), none, or a surface file
    accepted: tuple[Acceptance, ...] = ()
    fail_on: Severity = Severity.BREAKING
    cassettes_dir: Path | None = None
    jobs: int = 1
    today: dt.date | None = None
    fail_on_pre_existing: bool = False  # a scenario failing on both sides blocks too
    allow_downgrade: bool = False  # gate --from newer than --to (labelled), instead of refusing it
    reads: Path | None = None  # a reads file merged into the observed surface (see load_declared)
    drift: Any = None  # gate.drift.DriftSize: simulate a week on both sides; a worse band blocks


def run_gate(options: GateOptions, emit: Emit | None = None) -> GateResult:
    """Run everything and decide; ``emit`` sees progress events (the console report draws them)."""
    from stockgate.scenarios.loader import discover

    started = time.monotonic()
    downgrades = check_direction(options)
    say = emit or (lambda _event: None)
    scenarios = discover(list(options.scenario_dirs) or None, list(options.patterns) or None)
    if not scenarios:
        raise UsageError(f"no scenario matches {' '.join(options.patterns)}")
    total = sum(1 for p in (options.before, options.after) for s in scenarios if s.applies(p))
    say(GateEvent(kind="started", total=total))
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="gate-cassettes") as background:
        checking = background.submit(_cassettes, options)  # overlaps the sides (in worker processes with --jobs)
        sides = _run_sides(options, say)
        cassettes = checking.result()
    surface = _consumer(options, sides["to"][1])
    diffs, unused = _diffs(options, surface, sides["from"][1] if options.consumer == "observed" else None)
    diffs = [auth_proven(report, sides["to"][0], sides["to"][1], getattr(options.after, report.platform),
                         sides["from"][0]) for report in diffs]
    for report in diffs:
        say(GateEvent(kind="diff", diff=report))
    say(GateEvent(kind="cassettes"))
    outcomes = _outcomes(sides["from"][0], sides["to"][0])
    findings = _diff_findings(diffs, options.fail_on) + _scenario_findings(outcomes, options) + \
        _cassette_findings(cassettes, options)
    drift = _drift(options, say)
    if drift is not None:
        from stockgate.gate.drift import findings as drift_findings

        findings += drift_findings(drift["from"], drift["to"], options.drift)
    contracts = _contracts(options)
    result = GateResult(
        from_pair=str(options.before), to_pair=str(options.after), connector=options.connector,
        fail_on=options.fail_on, stockgate_version=__version__, contracts=contracts, diffs=tuple(diffs),
        outcomes=tuple(outcomes), cassettes=cassettes, findings=tuple(findings), unused_acceptances=tuple(unused),
        consumer=_consumer_label(options, surface), elapsed_seconds=round(time.monotonic() - started, 1),
        notes=(*_extension_notes(diffs, contracts),
               *(f"acceptance {a.fingerprint} matches no change (expires {a.expires})" for a in unused)),
        fail_on_pre_existing=options.fail_on_pre_existing, downgrades=downgrades, drift=drift)
    say(GateEvent(kind="finished", gate=result))
    return result


def _extension_notes(diffs: list[DiffReport], contracts: dict[str, dict[str, Any]]) -> list[str]:
    """``--to`` a pulled contract: how many fields its modules add under extension_attributes (info, not blocking)."""
    out = []
    for report in diffs:
        ref = f"{report.platform}@{report.to_version}"
        every = [c for c in report.changes if c.extension]
        if contracts.get(ref, {}).get("status") != "pulled" or not every:
            continue
        on = len(report.extensions())
        folder = os.environ.get("STOCKGATE_CONTRACTS_DIR")  # --contracts-dir (or the variable): where it was pulled
        where = f" --contracts-dir {shlex.quote(display_path(Path(folder)))}" if folder else ""
        out.append(f"{ref} (pulled): {len(every)} extension change(s) (fields the store's modules add under "
                   f"extension_attributes), {on} on operations the connector calls; info, not blocking; "
                   f"`stockgate diff {report.platform}@{report.from_version} {ref}{where}` lists them")
    return out


def _drift(options: GateOptions, say: Emit) -> dict[str, Any] | None:
    """``--drift``: the same simulated week on both sides (one after the other), with the gate's connector."""
    if options.drift is None:
        return None
    from stockgate.gate.drift import config_for, simulate

    out: dict[str, Any] = {"size": options.drift.label()}
    for side, pair in (("from", options.before), ("to", options.after)):
        say(GateEvent(kind="drift", text=f"drift week on {pair} ({options.drift.label()})"))
        out[side] = simulate(config_for(options.drift, pair, options.connector))
    return out


def _backwards(before: Pair, after: Pair) -> list[tuple[str, str, str]]:
    """(platform, --from version, --to version) for each platform whose --to version is the older one."""
    from stockgate.scenarios.model import version_key

    out = []
    for platform in ("magento", "lightspeed"):
        old, new = getattr(before, platform), getattr(after, platform)
        if version_key(platform, new) < version_key(platform, old):
            out.append((platform, old, new))
    return out


def check_direction(options: GateOptions) -> tuple[str, ...]:
    """The downgrades asked for (``magento 2.4.9 -> 2.4.8``); refused in one line unless ``allow_downgrade``."""
    backwards = _backwards(options.before, options.after)
    if backwards and not options.allow_downgrade:
        named = "; ".join(f"{p}@{old} (--from) is newer than {p}@{new} (--to)" for p, old, new in backwards)
        raise UsageError(f"downgrade refused: {named}; swap them between --from and --to to gate the upgrade, "
                         "or pass --allow-downgrade to gate the downgrade")
    return tuple(f"{p} {old} -> {new}" for p, old, new in backwards)


def _side(pair: Pair, dirs: tuple[Path, ...], patterns: tuple[str, ...], connector: str,
          on_result: Callable[[ScenarioResult], None] | None = None) -> tuple[list[ScenarioResult], Surface]:
    """One side's catalog (top level: it runs in a worker process when jobs > 1)."""
    from stockgate.scenarios.loader import discover
    from stockgate.scenarios.usage import derive_surface

    results: list[ScenarioResult] = []

    def seen(result: ScenarioResult) -> None:
        results.append(result)
        if on_result:
            on_result(result)

    scenarios = discover(list(dirs) or None, list(patterns) or None)
    surface = asyncio.run(derive_surface(scenarios, [pair], connector, on_result=seen))
    return results, surface


def _run_sides(options: GateOptions, say: Emit) -> dict[str, tuple[list[ScenarioResult], Surface]]:
    args = (options.scenario_dirs, options.patterns, options.connector)
    sides = (("from", options.before), ("to", options.after))
    if options.jobs > 1:
        return _run_sides_apart(sides, args, say)
    out = {}
    for side, pair in sides:
        def seen(result: ScenarioResult, side: str = side) -> None:
            say(GateEvent(kind="scenario", side=side, result=result))

        out[side] = _side(pair, *args, on_result=seen)
    return out


_PROGRESS: Any = None  # in a worker process: the queue its scenario results go to as each is done


def _worker_start(progress: Any) -> None:
    global _PROGRESS  # noqa: PLW0603 - set once per worker process, by the pool's initializer
    _PROGRESS = progress


def _report_result(side: str, result: ScenarioResult) -> None:
    _PROGRESS.put((side, result))


def _run_sides_apart(sides: tuple[tuple[str, Pair], ...], args: tuple[Any, ...],
                     say: Emit) -> dict[str, tuple[list[ScenarioResult], Surface]]:
    """Both sides in two processes; each scenario's result is said as it arrives, not once both sides end."""
    import functools
    import multiprocessing
    import queue

    context = multiprocessing.get_context()
    progress = context.Queue()
    said = dict.fromkeys((side for side, _pair in sides), 0)  # results said so far, per side

    def hear(timeout: float) -> None:
        with contextlib.suppress(queue.Empty):
            side, result = progress.get(timeout=timeout)
            said[side] += 1
            say(GateEvent(kind="scenario", side=side, result=result))

    with ProcessPoolExecutor(max_workers=2, mp_context=context, initializer=_worker_start,
                             initargs=(progress,)) as pool:
        dirs, patterns, connector = args
        futures = {side: pool.submit(_side, pair, dirs, patterns, connector, functools.partial(_report_result, side))
                   for side, pair in sides}
        while not all(f.done() for f in futures.values()):
            hear(0.1)
        done = {side: future.result() for side, future in futures.items()}
    for side, (results, _surface) in done.items():  # a worker's last results may still be on their way: say them
        for result in results[said[side]:]:
            say(GateEvent(kind="scenario", side=side, result=result))
    progress.close()
    return done


def _consumer(options: GateOptions, observed: Surface) -> Surface | None:
    """The connector as it runs on --to: a change blocks only if what it does there touches it.

    A connector that already switches method per version is not blocked for the change it handles;
    what it did on --from only is history.
    """
    from stockgate.diff import load_surface

    if options.consumer == "observed" and options.reads is not None:
        return with_declared(observed, load_declared(options.reads, options.before, options.after),
                             str(options.reads))
    if options.consumer == "observed":
        return observed
    if options.consumer == "none":
        return None
    return load_surface(Path(options.consumer))


def load_declared(path: Path, before: Pair, after: Pair) -> Surface:
    """A reads file (the surface format ``stockgate surface --out`` writes), strictly.

    Its operations must be ones the ``--from`` or ``--to`` contract of their platform declares
    (a misspelt path would otherwise declare nothing, silently); the nearest one is suggested.
    """
    from stockgate.contracts import load_contract
    from stockgate.diff import load_surface
    from stockgate.errors import nearest

    declared = load_surface(path)
    for n, use in enumerate(declared.uses):
        known: set[str] = set()
        for pair in (before, after):
            known |= set(load_contract(f"{use.platform}@{getattr(pair, use.platform)}").operations)
        if use.operation not in known:
            near = nearest(use.operation, known)
            raise UsageError(f"--reads {path}: operations[{n}].operation: {use.operation!r} is not an operation of "
                             f"{use.platform} {getattr(before, use.platform)} or {getattr(after, use.platform)}"
                             + (f"; did you mean {near!r}?" if near else "") + " (write it as the contract does, "
                             "METHOD /path, Lightspeed without /api/<version>)")
    return declared


def _consumer_label(options: GateOptions, surface: Surface | None) -> str:
    """``reference (observed on --to in this run; reads observed …)``: whose surface, and how its reads were known."""
    if surface is None:
        return "none"
    where = " (observed on --to in this run" if options.consumer == "observed" else f" ({options.consumer}"
    return f"{surface.connector}{where}; reads {surface.reads or 'as the surface file states them'})"


def _diffs(options: GateOptions, surface: Surface | None,
           before: Surface | None = None) -> tuple[list[DiffReport], list[Acceptance]]:
    reports, unused_sets = [], []
    for platform in ("magento", "lightspeed"):
        old, new = getattr(options.before, platform), getattr(options.after, platform)
        if old == new:
            continue
        profile = getattr(options.after, f"{platform}_profile")
        report, unused = diff_versions(f"{platform}@{old}", f"{platform}@{new}", surface=surface,
                                       accepted=options.accepted, profile=profile, today=options.today,
                                       surface_before=before)
        reports.append(report)
        unused_sets.append({a.fingerprint for a in unused})
    used_anywhere = set.intersection(*unused_sets) if unused_sets else {a.fingerprint for a in options.accepted}
    return reports, [a for a in options.accepted if a.fingerprint in used_anywhere]


def _cassettes(options: GateOptions) -> dict[str, Any]:
    """Cassettes recorded on each changing platform's --from version, checked against its --to contract."""
    from stockgate.cassettes.lint import cassette_files
    from stockgate.cassettes.store import ROOT
    from stockgate.cassettes.verify import verify_cassette
    from stockgate.contracts.refs import VersionRef

    root = options.cassettes_dir or ROOT
    out: dict[str, Any] = {"root": str(root), "checked": 0, "files": 0, "problems": [], "skipped": []}
    for platform in ("magento", "lightspeed"):
        old, new = getattr(options.before, platform), getattr(options.after, platform)
        if old == new:
            continue
        folder = root / platform / old
        files = cassette_files([folder]) if folder.is_dir() else []
        if not files:
            out["skipped"].append(f"no cassettes recorded on {platform}@{old} under {root}: nothing to check "
                                  f"against {platform}@{new}")
            continue
        for path in files:
            problems, checked = verify_cassette(path, VersionRef.parse(f"{platform}@{new}"))
            out["checked"] += checked
            out["files"] += 1
            out["problems"] += [{"platform": platform, "from": old, "to": new, "problem": p} for p in problems]
    return out


def _contracts(options: GateOptions) -> dict[str, dict[str, Any]]:
    from stockgate.contracts import load_contract

    out = {}
    for pair in (options.before, options.after):
        for platform in ("magento", "lightspeed"):
            ref = f"{platform}@{getattr(pair, platform)}"
            if ref in out:
                continue
            contract = load_contract(ref)
            digest = hashlib.sha256(json.dumps(contract.document, sort_keys=True).encode()).hexdigest()
            # document_sha256: the parsed document as the gate used it (canonical JSON, overlays applied);
            # the file's own hash is published_sha256 (a vendor's file) or pulled_sha256 (a store's or a download)
            status = contract.entry.status.value
            label = "pulled_sha256" if status == "pulled" else "published_sha256"
            out[ref] = {"status": status, "document_sha256": digest, label: contract.entry.sha256,
                        "source": contract.entry.source}
    return out


def _outcomes(before: list[ScenarioResult], after: list[ScenarioResult]) -> list[ScenarioOutcome]:
    old = {r.scenario: r for r in before}
    new = {r.scenario: r for r in after}
    baseline = frozenset(key for r in before for key in failures(r))
    ids = list(dict.fromkeys([*new, *old]))
    return [ScenarioOutcome(scenario=i, title=(new.get(i) or old[i]).title, before=old.get(i), after=new.get(i),
                            baseline=baseline) for i in ids]


def _diff_findings(diffs: list[DiffReport], fail_on: Severity) -> list[GateFinding]:
    out = []
    for report in diffs:
        for c in report.changes:
            if c.severity is Severity.INFO and c.accepted is None:
                continue
            blocking = c.accepted is None and c.severity.rank >= fail_on.rank
            note = f"accepted until {c.accepted.expires}: {c.accepted.reason}" if c.accepted else c.why
            scenarios = f"; exercised by {', '.join(c.scenarios[:3])}" + (
                f" and {len(c.scenarios) - 3} more" if len(c.scenarios) > 3 else "") if c.scenarios else ""
            out.append(GateFinding(
                kind="diff", severity=c.severity, pair=f"{c.platform} {c.from_version} -> {c.to_version}",
                subject=c.operation or c.rule, field=c.field, expected=c.before, actual=c.after,
                todo=c.kind.advice + scenarios, fingerprint=c.fingerprint, blocking=blocking, note=note))
    return out


_NOTES = {"new": "new on --to", "pre-existing": "also fails on --from: not caused by the upgrade",
          "fixed": "fails on --from only: fixed by the upgrade",
          "not-applicable": "fails on --from; the scenario does not run on --to"}
_BASELINE = "also failing on --from in another scenario: not caused by the upgrade"


def _scenario_findings(outcomes: list[ScenarioOutcome], options: GateOptions) -> list[GateFinding]:
    """One row per finding on either side, compared by identity (scenario, check, subject): new ones block."""
    out = []
    for o in outcomes:
        for s in o.states():
            f = s.finding
            blocking = s.state == "new" or (s.state == "pre-existing" and options.fail_on_pre_existing)
            note = _note(o, s.state)
            note += "; blocking: --fail-on-pre-existing" if blocking and s.state != "new" else ""
            result = o.after if s.side == "to" else o.before
            assert result is not None
            out.append(GateFinding(kind="scenario", severity=Severity.BREAKING, pair=f.pair, subject=o.scenario,
                                   field=f"{f.check} {f.subject}", expected=f.expected, actual=f.actual,
                                   todo=f.hint or _todo(result, options),
                                   fingerprint=fingerprint(o.scenario, f.check, f.subject),
                                   blocking=blocking, note=note, state=s.state))
    return out


def _note(outcome: ScenarioOutcome, state: str) -> str:
    """Why a finding is in its group, naming how --from did."""
    if state == "pre-existing" and outcome.before is None:
        return _BASELINE
    if state == "new" and outcome.before is None:
        return "new on --to; the scenario does not run on --from"
    if state == "new" and outcome.before is not None:
        return "passes on --from" if outcome.before.passed else "new on --to: --from fails this scenario otherwise"
    return _NOTES[state]


def _todo(result: ScenarioResult, options: GateOptions) -> str:
    """What to look at first: the connector's first complaint in the run, else how to rerun it alone."""
    for output in result.connector_output:
        for line in output.splitlines():
            if ": failed:" in line or ": refused" in line or "error" in line.lower():
                return f"start from what the connector said: {line.strip()[:300]}"
    return f"rerun it alone: {rerun_command(result, options)}"


def rerun_command(result: ScenarioResult, options: GateOptions) -> str:
    """``stockgate run`` for this one scenario on its pair, with the gate's connector, profiles and folders."""
    pair = Pair.parse(result.pair)
    argv = ["stockgate", "run", "--magento", pair.magento, "--lightspeed", pair.lightspeed]
    for profile in (*pair.magento_profile.split("+"), pair.lightspeed_profile):
        argv += ["--profile", profile] if profile != "default" else []
    if options.connector != "reference":
        argv += ["--connector", options.connector]
    for folder in options.scenario_dirs:
        argv += ["--scenarios", str(folder)]
    return shlex.join([*argv, "--scenario", result.scenario])


def _cassette_findings(cassettes: dict[str, Any], options: GateOptions) -> list[GateFinding]:
    blocking = Severity.RISKY.rank >= options.fail_on.rank
    return [GateFinding(kind="cassette", severity=Severity.RISKY, pair=f"{p['platform']} {p['from']} -> {p['to']}",
                        subject=p["problem"].split(": interaction", 1)[0], field=p["problem"].split(": ", 1)[-1],
                        expected=f"an answer {p['platform']}@{p['to']} promises", actual="the recorded answer differs",
                        todo="check the connector handles the new shape; re-record on the new version",
                        fingerprint=fingerprint(p["problem"]), blocking=blocking,
                        note="a recorded answer outside the target contract")
            for p in cassettes["problems"]]
