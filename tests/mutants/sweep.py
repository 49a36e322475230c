"""Every gate between adjacent versions, for every correct connector: nothing may block (``nox -s sweep``).

Issue 16's bar: a correct connector is never blocked. The reference connector and both forms of the
independent connector (``python:`` and ``command:``, tests/connectors/indie/) are gated on each
upgrade between adjacent known versions of one platform (the other platform on its newest version),
on the whole catalog. Every blocking finding is printed; exit 1 when any gate blocks. Writes
``bench/results/gate-sweep.json``. Several minutes per connector: not part of ``nox -s tests``
(which keeps one pair of it, tests/gate/test_gate_mutants.py).

``--connector reference|python|command`` (repeatable) picks connectors, ``--upgrade ID`` (e.g.
``magento-2.4.6-2.4.7``, repeatable) picks upgrades, ``--scenario GLOB`` narrows the catalog.

``--defects`` adds the other half of the bar: a defect variant that an upgrade brings out (its row in
tests/connectors/indie/mutants.py says "new") blocks that upgrade **and no other**. Each such variant
is gated on every other adjacent upgrade, on its own scenarios: before the upgrade that brings it out
the defect is harmless, after it the finding is on both sides (pre-existing), so every one must pass.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

from tests.connectors.indie.mutants import MUTANTS, gate, spec

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results" / "gate-sweep.json"
CONNECTORS = ("reference", "python", "command")


def adjacent_upgrades() -> list[tuple[str, str, str]]:
    """(id, --from, --to) for each pair of adjacent known versions of one platform; the other on its newest."""
    from stockgate.contracts.index import load_index
    from stockgate.scenarios.model import version_key

    index = load_index()
    ordered = {p: sorted((r.version for r in index.refs(p)), key=lambda v, p=p: version_key(p, v))  # type: ignore[misc]
               for p in ("magento", "lightspeed")}
    newest = {p: versions[-1] for p, versions in ordered.items()}
    out = []
    for platform, versions in ordered.items():
        other = "lightspeed" if platform == "magento" else "magento"
        for old, new in itertools.pairwise(versions):
            def side(version: str, platform: str = platform, other: str = other) -> str:
                sides = {platform: version, other: newest[other]}
                return f"magento@{sides['magento']},lightspeed@{sides['lightspeed']}"

            out.append((f"{platform}-{old}-{new}", side(old), side(new)))
    return out


def connector_spec(name: str) -> str:
    """``--connector`` for ``reference``, or the correct indie connector as ``python`` or ``command``."""
    return "reference" if name == "reference" else spec("correct", name)


def sweep_one(name: str, before: str, after: str, patterns: tuple[str, ...]) -> dict[str, Any]:
    """One gate; the row written to gate-sweep.json."""
    started = time.monotonic()
    result: Any = gate(before, after, connector_spec(name), patterns)
    blocking = [f.line() for f in result.blocking]
    return {"connector": name, "from": before, "to": after, "passed": not blocking, "blocking": blocking,
            "seconds": round(time.monotonic() - started, 1)}


def upgrade_of(before: str, after: str, upgrades: list[tuple[str, str, str]]) -> str | None:
    """The adjacent-upgrade id whose sides are ``before`` -> ``after`` (None when it is not adjacent)."""
    return next((u for u, b, a in upgrades if (b, a) == (before, after)), None)


def defect_rows(upgrades: list[tuple[str, str, str]], chosen: list[tuple[str, str, str]],
                kind: str) -> list[dict[str, Any]]:
    """Each "new" defect variant gated on every chosen adjacent upgrade but its own: all must pass."""
    rows = []
    for mutant in (m for m in MUTANTS if m.state == "new"):
        own = upgrade_of(mutant.before, mutant.after, upgrades)
        for upgrade, before, after in chosen:
            if upgrade == own:
                continue
            started = time.monotonic()
            result: Any = gate(before, after, spec(mutant.defect, kind), mutant.scenarios)
            blocking = [f.line() for f in result.blocking]
            row = {"upgrade": upgrade, "connector": f"{kind}:{mutant.defect}", "from": before, "to": after,
                   "passed": not blocking, "blocking": blocking, "seconds": round(time.monotonic() - started, 1)}
            rows.append(row)
            print(f"{row['connector']:28} {upgrade:28} {'PASS' if row['passed'] else 'BLOCKED'} "
                  f"({row['seconds']} s; blocks only {own})", flush=True)
            for line in blocking:
                print(f"    {line}", flush=True)
    return rows


def main(argv: list[str]) -> int:
    """Run the sweep; print one line per gate and every blocking finding."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connector", action="append", choices=CONNECTORS, help="default: all three")
    parser.add_argument("--upgrade", action="append", help="an upgrade id (default: every adjacent upgrade)")
    parser.add_argument("--scenario", action="append", default=[], help="scenario id glob (default: the catalog)")
    parser.add_argument("--defects", action="store_true",
                        help="also: each defect an upgrade brings out blocks that upgrade and no other")
    parser.add_argument("--no-correct", action="store_true", help="skip the correct connectors (with --defects)")
    args = parser.parse_args(argv)
    upgrades = adjacent_upgrades()
    unknown = sorted(set(args.upgrade or ()) - {u[0] for u in upgrades})
    if unknown:
        parser.error(f"unknown --upgrade {', '.join(unknown)}; known: {', '.join(u[0] for u in upgrades)}")
    chosen = [u for u in upgrades if not args.upgrade or u[0] in args.upgrade]
    rows = []
    for name in () if args.no_correct else (args.connector or CONNECTORS):
        for upgrade, before, after in chosen:
            row = sweep_one(name, before, after, tuple(args.scenario))
            rows.append({"upgrade": upgrade, **row})
            print(f"{name:9} {upgrade:28} {'PASS' if row['passed'] else 'BLOCKED'} ({row['seconds']} s)", flush=True)
            for line in row["blocking"]:
                print(f"    {line}", flush=True)
    if args.defects:
        rows += defect_rows(upgrades, chosen, "python")
    blocked = [r for r in rows if not r["passed"]]
    print(f"\nblocked where nothing may block: {len(blocked)} of {len(rows)} gates", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"gates": len(rows), "blocked": len(blocked), "rows": rows}, indent=2) + "\n",
                       encoding="utf-8")
    print(f"written: {RESULTS}")
    return 1 if blocked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
