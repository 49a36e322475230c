"""The scenario catalog on one version pair with the reference connector (issue 6's target: < 10 s).

Writes bench/results/scenarios.json with the total and the per-scenario wall times; exit 1 when the
target is missed.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.runner import run_scenario

OUT = Path(__file__).parent / "results" / "scenarios.json"
TARGET = 10.0


async def main() -> int:
    """Run, time, write, compare."""
    pair = Pair(magento="2.4.8", lightspeed="2026-07")
    times: dict[str, float] = {}
    start = time.perf_counter()
    failed = []
    for scenario in discover():
        if not scenario.applies(pair):
            continue
        t = time.perf_counter()
        result = await run_scenario(scenario, pair)
        times[scenario.id] = round(time.perf_counter() - t, 3)
        if not result.passed:
            failed.append(scenario.id)
    total = round(time.perf_counter() - start, 3)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"pair": str(pair), "total_s": total, "target_s": TARGET, "failed": failed,
                               "per_scenario_s": times}, indent=2) + "\n")
    for scenario_id, seconds in sorted(times.items(), key=lambda kv: -kv[1]):
        print(f"{seconds:7.2f} s  {scenario_id}")
    verdict = "ok" if total < TARGET else "MISSED"
    print(f"catalog on {pair}: {total:.1f} s for {len(times)} scenarios (target < {TARGET:.0f} s: {verdict})")
    print(f"written to {OUT}")
    return 0 if total < TARGET and not failed else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
