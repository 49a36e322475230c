"""STOCKGATE_STATE (issue 16): where a `command:` connector keeps its state between ticks.

A command runs once per tick, so without a place that outlives the process it cannot remember a
sale it already sent. stockgate gives it one: on the twins a path in a private folder, fresh for
each scenario run and removed after it; under `stockgate connector run`, the ``--state`` path.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from stockgate.adapters import ConnectorEnv, adapter_for
from stockgate.clock import VirtualClock
from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.runner import run_scenario
from stockgate.scenarios.world import DEMO
from tests.connectors.indie.mutants import spec

ROOT = Path(__file__).resolve().parents[2]
MAPPING = ROOT / "scenarios" / "mappings" / "demo.yaml"
# counts its own ticks in the state it is given: prints the count before this tick, then the path
COUNTER = ('command:n=$(cat "$STOCKGATE_STATE" 2>/dev/null || echo 0); echo $((n + 1)) > "$STOCKGATE_STATE" '
           '&& echo "$n $STOCKGATE_STATE"')


def _env(state: Path | str = ":memory:") -> ConnectorEnv:
    return ConnectorEnv(mapping=MAPPING, magento_url="http://127.0.0.1:9", magento_token=DEMO["token"],
                        lightspeed_url="http://127.0.0.1:10", lightspeed_token="stockgate-demo-token",
                        lightspeed_api_version="2026-07", clock=VirtualClock(), state=state)


def _run(env: ConnectorEnv, ticks: int) -> list[str]:
    async def go() -> list[str]:
        adapter = adapter_for(COUNTER)
        await adapter.configure(env)
        try:
            return [(await adapter.tick()).output for _ in range(ticks)]
        finally:
            await adapter.close()

    return asyncio.run(go())


def test_a_command_keeps_its_state_between_ticks_and_each_run_starts_afresh() -> None:
    first = _run(_env(), 3)
    counts = [line.splitlines()[1].split(" ", 1) for line in first]
    assert [n for n, _path in counts] == ["0", "1", "2"], first
    assert len({path for _n, path in counts}) == 1
    path = Path(counts[0][1])
    assert path.is_absolute() and not path.parent.exists()  # removed once the run closed
    again = _run(_env(), 1)
    n, other = again[0].splitlines()[1].split(" ", 1)
    assert n == "0" and other != str(path)  # a new run (the next scenario) has nothing of the last one


def test_the_state_path_of_a_connector_run_is_passed_and_kept(tmp_path: Path) -> None:
    state = tmp_path / "mine.state"
    said = _run(_env(state), 2)
    assert [s.splitlines()[1] for s in said] == [f"0 {state}", f"1 {state}"]
    assert state.read_text().strip() == "2"  # the user's file outlives the run


def test_the_indie_command_connector_sends_a_sale_once_with_only_stockgates_state() -> None:
    """The indie command connector keeps no state of its own (exit 2 without one): exactly-once holds."""
    (scenario,) = discover(None, ["api-limits/lost-sale-answer-one-sale"])
    result = asyncio.run(run_scenario(scenario, Pair(magento="2.4.9", lightspeed="2026-10"),
                                      spec("correct", "command")))
    assert result.passed, [f"{f.check} {f.subject}: {f.actual}" for f in result.findings]
