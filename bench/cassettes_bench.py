"""Replay of the whole catalog on one version pair from cassettes (issue 7's target: < 5 s).

Records the catalog from the twins into a temporary folder (not timed), then times the strict replay
with the reference connector. Writes bench/results/cassettes.json; exit 1 when the target is missed.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

from stockgate.scenarios.loader import discover
from stockgate.scenarios.recording import record_scenario, replay_scenario
from stockgate.scenarios.runner import newest_pair

OUT = Path(__file__).parent / "results" / "cassettes.json"
TARGET = 5.0


async def main() -> int:
    """Record, then time the replay."""
    pair = newest_pair()
    scenarios = [s for s in discover() if s.applies(pair)]
    times: dict[str, float] = {}
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for scenario in scenarios:
            await record_scenario(scenario, pair, root)
        size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
        start = time.perf_counter()
        for scenario in scenarios:
            t = time.perf_counter()
            result = await replay_scenario(scenario, pair, root)
            times[scenario.id] = round(time.perf_counter() - t, 3)
            if not result.passed:
                failed.append(scenario.id)
        total = round(time.perf_counter() - start, 3)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"pair": str(pair), "replay_total_s": total, "target_s": TARGET, "failed": failed,
                               "cassette_bytes": size, "per_scenario_s": times}, indent=2) + "\n")
    for scenario_id, seconds in sorted(times.items(), key=lambda kv: -kv[1])[:10]:
        print(f"{seconds:7.2f} s  {scenario_id}")
    verdict = "ok" if total < TARGET else "MISSED"
    print(f"replay of {len(times)} scenarios on {pair}: {total:.1f} s, {size / 1e6:.1f} MB of cassettes "
          f"(target < {TARGET:.0f} s: {verdict})")
    print(f"written to {OUT}")
    return 0 if total < TARGET and not failed else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
