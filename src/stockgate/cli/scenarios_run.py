"""``stockgate run``: the scenario catalog on version pairs with a connector; exit 0 pass, 1 fail, 2 bad input."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from stockgate.cli.common import (
    ProgressBar,
    add_contracts_dir,
    add_format,
    add_report_dir,
    add_scenarios,
    add_verbosity,
    platform_version,
    print_json,
    require,
    table,
)
from stockgate.cli.project import add_config, apply

SAID_LINES = 20  # lines of a failing scenario's connector output the text report shows


def register(commands: Any) -> None:
    """Add the command."""
    parser = commands.add_parser("run", help="run the scenario catalog on platform versions with a connector")
    parser.add_argument("--magento", action="append", type=platform_version("magento"), metavar="VERSION",
                        help="Magento version(s), magento@2.4.8 or 2.4.8, repeatable (default: the newest supported)")
    parser.add_argument("--lightspeed", action="append", type=platform_version("lightspeed"), metavar="VERSION",
                        help="Lightspeed version(s), lightspeed@2026-07 or 2026-07, repeatable (default: the newest "
                        "supported)")
    parser.add_argument("--profile", action="append", default=[], metavar="NAME",
                        help="a named configuration for the pair, e.g. input-limits-on or registers-3 (repeatable: "
                        "every Magento one applies, in order; a scenario's own profile is added to them)")
    add_scenarios(parser)
    parser.add_argument("--connector", default=None, metavar="SPEC",
                        help='reference (default), python:package.module:Class or command:"..."; a tick may take '
                        'STOCKGATE_TICK_TIMEOUT seconds (default 60), and the last 64 KiB of what it prints is kept; '
                        "default: [tool.stockgate] connector of ./pyproject.toml, else reference")
    add_config(parser)
    add_report_dir(parser, "results.json")
    parser.add_argument("--mode", choices=["twins", "replay"], default="twins",
                        help="twins (default): against the twins; replay: against recorded cassettes, strictly")
    parser.add_argument("--cassettes", type=Path, metavar="DIR",
                        help="cassette folder for --mode replay (default: the shipped cassettes/)")
    add_contracts_dir(parser)
    add_format(parser)
    add_verbosity(parser)
    parser.set_defaults(run=run)


def _pairs(args: argparse.Namespace) -> list[Any]:
    return pairs_for(args.magento, args.lightspeed, args.profile)


def pairs_for(magento: list[str] | None, lightspeed: list[str] | None, profiles: list[str]) -> list[Any]:
    """Every Magento x Lightspeed pair asked for (default: the newest of each), versions checked."""
    from stockgate.contracts import load_contract
    from stockgate.scenarios.model import Pair, combined
    from stockgate.scenarios.runner import newest_pair

    newest = newest_pair()
    magento = magento or [newest.magento]
    lightspeed = lightspeed or [newest.lightspeed]
    m_profile = combined(*(p for p in profiles if not p.startswith("registers-")))
    registers = list(dict.fromkeys(p for p in profiles if p.startswith("registers-")))
    require(len(registers) <= 1, f"--profile {' and '.join(registers)}: one Lightspeed configuration at a time "
            "(registers-N sets the register count); choose one")
    l_profile = registers[0] if registers else "default"
    for version in magento:  # unknown versions and profiles fail now, with the list of known ones
        load_contract(f"magento@{version}").profile(m_profile)
    for version in lightspeed:
        load_contract(f"lightspeed@{version}").profile(l_profile)
    return [Pair(magento=m, lightspeed=ls, magento_profile=m_profile, lightspeed_profile=l_profile)
            for m in magento for ls in lightspeed]


def run(args: argparse.Namespace) -> int:
    """Run, print a summary (text or JSON), write results.json on request."""
    from stockgate.adapters import adapter_for
    from stockgate.safewrite import writable_dir, write_atomic
    from stockgate.scenarios.loader import discover
    from stockgate.scenarios.runner import run_all

    origin = apply(args)  # [tool.stockgate] of ./pyproject.toml under the flags
    if args.report_dir:
        writable_dir(args.report_dir, "--report-dir")  # before any work, not after it
    adapter_for(args.connector)  # a bad --connector fails now, before any work
    scenarios = discover(args.scenarios, args.scenario)
    require(bool(scenarios), f"no scenario matches {' '.join(args.scenario or [])}")
    pairs = _pairs(args)
    total = sum(1 for p in pairs for s in scenarios if s.applies(p))
    with ProgressBar(total, "scenario runs") as bar:
        results = asyncio.run(run_all(scenarios, pairs, args.connector, on_result=lambda r: bar.advance(
            f"{r.scenario} on {r.pair}: {r.status}"), run=_replaying(args)))
    data = [_as_json(r) for r in results]
    if args.report_dir:
        write_atomic(args.report_dir / "results.json", json.dumps({"results": data}, indent=2, sort_keys=True) + "\n")
    if args.format == "json":
        print_json({"connector": {"spec": args.connector, "from": origin}, "results": data})
    elif args.verbosity < 0:
        print(_summary(results))
    else:
        print(f"connector {args.connector} ({origin_line(origin)})")
        _print_text(results, verbose=args.verbosity > 0)
    return 0 if results and all(r.passed for r in results) else 1


def origin_line(origin: str) -> str:
    """``from pyproject.toml [tool.stockgate]``, ``from --connector`` or ``the default``."""
    return origin if origin == "the default" else f"from {origin}"


def _replaying(args: argparse.Namespace) -> Any:
    """The replay runner for ``--mode replay`` (None: run against the twins)."""
    if args.mode != "replay":
        require(args.cassettes is None, "--cassettes is for --mode replay")
        return None
    from stockgate.cassettes.store import ROOT
    from stockgate.scenarios.recording import replay_scenario

    root = args.cassettes or ROOT
    require(root.is_dir(), f"no cassette folder {root}: record cassettes with `stockgate cassettes record`")
    require(not args.connector.startswith("command:"), "--mode replay needs an in-process connector (reference "
            "or python:...): vcrpy cannot answer another process's HTTP")
    return lambda scenario, pair, connector: replay_scenario(scenario, pair, root, connector)


def _as_json(result: Any) -> dict[str, Any]:
    return {"scenario": result.scenario, "title": result.title, "pair": result.pair, "status": result.status,
            "convergence_seconds": result.convergence_seconds, "requests": dict(result.requests),
            "error": result.error, "connector_output": list(result.connector_output),
            "unchecked": list(result.unchecked), "findings": [
                {"fingerprint": f.fingerprint, "check": f.check, "subject": f.subject, "expected": f.expected,
                 "actual": f.actual, "hint": f.hint} for f in result.findings]}


def _print_text(results: list[Any], *, verbose: bool = False) -> None:
    rows = [["STATUS", "SCENARIO", "PAIR", "CONVERGED", "FINDINGS"]]
    for r in results:
        converged = "-" if r.convergence_seconds is None else f"{r.convergence_seconds:.0f} s"
        star = "*" if r.passed and r.unchecked else ""  # passed without a check it asked for: see "not checked"
        rows.append([r.status.upper() + star, r.scenario, r.pair, converged, str(len(r.findings))])
    print(table(rows))
    for r in results if verbose else [r for r in results if not r.passed]:
        _print_run(r, verbose)
    _print_unchecked(results)
    print(f"\n{_summary(results)}")


def _print_unchecked(results: list[Any]) -> None:
    """Checks a scenario asked for that this run could not make, each once, with the runs it concerns."""
    runs: dict[str, list[str]] = {}
    for r in results:
        for note in r.unchecked:
            runs.setdefault(note, []).append(f"{r.scenario} on {r.pair}")
    if runs:
        print("\nnot checked (PASSED*: passed without these checks; its status says nothing about them):")
    for note, where in runs.items():
        print(f"  {note}\n    in {', '.join(where[:3])}" + (f" and {len(where) - 3} more" if len(where) > 3 else ""))


def _print_run(r: Any, verbose: bool) -> None:
    """A run's detail: why it failed; with --verbose also its requests, for passing runs too."""
    print(f"\n{r.scenario} on {r.pair}: {r.title}" + (f" ({r.status})" if verbose else ""))
    if r.error:
        print(f"  error: {r.error}")
    for n, finding in enumerate(r.findings, start=1):
        print(f"  {n}. {finding.line()}")
    if verbose:
        for operation, count in dict(r.requests).items():
            print(f"  request {operation}: {count}")
    said = "\n".join(r.connector_output).splitlines()[-SAID_LINES:]
    if said and (verbose or not r.passed):
        print(f"  connector output (last {len(said)} lines; all that is kept is in --format json):")
        print("\n".join(f"    | {line}" for line in said))


def _summary(results: list[Any]) -> str:
    passed = sum(1 for r in results if r.passed)
    unchecked = sum(1 for r in results if r.passed and r.unchecked)
    return f"{passed} of {len(results)} scenario runs passed" + (
        f" ({unchecked} with checks not made: see 'not checked')" if unchecked else "")
