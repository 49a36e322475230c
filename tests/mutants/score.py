"""Mutation score: every mutant connector against every scenario (``nox -s mutants``).

Prints which scenarios catch which mutants; exits 1 when a mutant survives the whole catalog.
Scenarios that catch no mutant are listed: each needs a mutant (or a deliberately broken twin) of
its own — the suite's open work, shown rather than hidden.
"""

from __future__ import annotations

import asyncio
import sys

from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.runner import run_scenario
from tests.mutants.adapters import ADAPTERS

PAIRS = {"blind-refund-retry": Pair(magento="2.4.7", lightspeed="2026-07")}  # the race exists before 2.4.8
DEFAULT = Pair(magento="2.4.8", lightspeed="2026-07")


async def main() -> int:
    """Run the matrix and print it."""
    scenarios = discover()
    caught: dict[str, list[str]] = {name: [] for name in ADAPTERS}
    for name, adapter in ADAPTERS.items():
        pair = PAIRS.get(name, DEFAULT)
        for scenario in scenarios:
            if not scenario.applies(pair):
                continue
            result = await run_scenario(scenario, pair, f"python:tests.mutants.adapters:{adapter.__name__}")
            if not result.passed:
                caught[name].append(scenario.id)
        print(f"{name:26} caught by {len(caught[name]):2d}: {', '.join(caught[name]) or '-'}", flush=True)
    catching = {s for ids in caught.values() for s in ids}
    idle = [s.id for s in scenarios if s.id not in catching]
    survivors = [name for name, ids in caught.items() if not ids]
    print(f"\nmutation score: {len(ADAPTERS) - len(survivors)}/{len(ADAPTERS)} mutants caught")
    print(f"scenarios that catch no mutant yet ({len(idle)}): {', '.join(idle) or '-'}")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
