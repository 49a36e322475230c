"""Contract loading speed: the numbers behind the issue's targets, written to bench/results/.

Targets (2-core machine): a warm `stockgate contracts list` under 1 s end to end, and loading one
Magento contract (document + operations) under 0.3 s warm. "Warm" = the on-disk cache is filled,
as it is from the second run on. Each number is the median of several runs in fresh processes.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
OUT = Path(__file__).parent / "results" / "contracts.json"
LOAD_ONE = (
    "import time; t=time.perf_counter();"
    "from stockgate.contracts import load_contract;"
    "c=load_contract('magento@2.4.8'); n=len(c.operations);"
    "print(time.perf_counter()-t)"
)


def _seconds(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _inner(code: str, env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True)
    return float(out.stdout.strip())


def main() -> int:
    """Measure, print, write JSON; exit 1 when a target is missed."""
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "STOCKGATE_CACHE_DIR": cache}
        cli = [sys.executable, "-m", "stockgate", "contracts", "list"]
        cold_load = _inner(LOAD_ONE, env)
        _seconds(cli, env)
        results = {
            "contracts_list_warm_s": statistics.median(_seconds(cli, env) for _ in range(RUNS)),
            "magento_load_cold_s": cold_load,
            "magento_load_warm_s": statistics.median(_inner(LOAD_ONE, env) for _ in range(RUNS)),
        }
    targets = {"contracts_list_warm_s": 1.0, "magento_load_warm_s": 0.3}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"runs": RUNS, "results": results, "targets": targets}, indent=2) + "\n")
    missed = [k for k, limit in targets.items() if results[k] > limit]
    for key, value in results.items():
        limit = targets.get(key)
        verdict = "" if limit is None else f" (target < {limit:.1f} s: {'MISSED' if key in missed else 'ok'})"
        print(f"{key:24} {value:.3f} s{verdict}")
    print(f"written to {OUT}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
