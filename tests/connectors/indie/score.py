"""The gate's mutation score (``nox -s mutants``, after the catalog's): killed / total indie defect variants.

Each variant of :data:`tests.connectors.indie.mutants.MUTANTS` is gated on the upgrade where it
surfaces (python: and, with ``--command``, command: too); the line per variant gives the reason it
was killed (the blocking finding that names it) or why it survived. Writes
``bench/results/gate-mutants.json``; exit 1 when a variant survives. That the correct connectors pass
every gate is the other half, ``python -m tests.mutants.sweep`` (``nox -s sweep``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tests.connectors.indie.mutants import MUTANTS, judge

RESULTS = Path(__file__).resolve().parents[3] / "bench" / "results" / "gate-mutants.json"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--command", action="store_true", help="also judge the command: variants")
    args = parser.parse_args(argv)
    started = time.monotonic()
    kinds = ["python", "command"] if args.command else ["python"]
    rows = []
    print("the gate's own mutants: indie defect variants, each gated on the upgrade where it surfaces\n", flush=True)
    for kind in kinds:
        for mutant in MUTANTS:
            killed, reason = judge(mutant, kind)
            rows.append({"defect": mutant.defect, "adapter": kind, "killed": killed, "reason": reason})
            print(f"{kind + ':':8} {mutant.defect:20} {'killed' if killed else 'SURVIVED':8} {reason}", flush=True)
    killed = sum(1 for row in rows if row["killed"])
    print(f"\ngate mutation score: {killed}/{len(rows)} defect variants killed", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"score": f"{killed}/{len(rows)}", "killed": killed, "total": len(rows),
                                   "variants": rows,
                                   "seconds": round(time.monotonic() - started, 1)}, indent=2) + "\n",
                       encoding="utf-8")
    print(f"written: {RESULTS}")
    return 0 if killed == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
