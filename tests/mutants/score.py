"""Mutation score: every mutant connector against every scenario (``nox -s mutants``).

Prints which scenarios catch which mutants; exits 1 when a mutant survives the whole catalog or a
scenario catches no mutant at all (each scenario's chosen mutant is in ``tests/mutants/kills.py``,
and ``tests/scenarios/test_catalog.py`` holds both directions as tests).
"""

from __future__ import annotations

import asyncio
import sys

from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.runner import newest_pair, run_scenario
from tests.mutants.adapters import ADAPTERS
from tests.mutants.kills import KILLS


def pair_for(mutant: str, newest: Pair) -> Pair:
    """The newest pair, unless the mutant's kill row needs older versions (the refund race before 2.4.8)."""
    for name, magento, *lightspeed in KILLS.values():
        if name == mutant and (magento or lightspeed):
            return Pair(magento=magento or newest.magento,
                        lightspeed=lightspeed[0] if lightspeed else newest.lightspeed)
    return newest


async def main() -> int:
    """Run the matrix and print it."""
    scenarios = discover()
    caught: dict[str, list[str]] = {name: [] for name in ADAPTERS}
    newest = newest_pair()
    print(f"every mutant against every scenario on {newest} (or the pair its kill row in kills.py names)\n",
          flush=True)
    for name, adapter in ADAPTERS.items():
        pair = pair_for(name, newest)
        for scenario in scenarios:
            if not scenario.applies(pair):
                continue
            result = await run_scenario(scenario, pair, f"python:tests.mutants.adapters:{adapter.__name__}")
            if not result.passed:
                caught[name].append(scenario.id)
        where = "" if pair == newest else f" (on {pair})"
        print(f"{name:26} caught by {len(caught[name]):2d}{where}: {', '.join(caught[name]) or '-'}", flush=True)
    catching = {s for ids in caught.values() for s in ids}
    idle = [s.id for s in scenarios if s.id not in catching]
    survivors = [name for name, ids in caught.items() if not ids]
    print(f"\nmutation score: {len(ADAPTERS) - len(survivors)}/{len(ADAPTERS)} mutants caught")
    print(f"scenarios that catch no mutant ({len(idle)}): {', '.join(idle) or '-'}")
    print(f"scenario score: {len(scenarios) - len(idle)}/{len(scenarios)} scenarios fail at least one mutant")
    return 1 if survivors or idle else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
