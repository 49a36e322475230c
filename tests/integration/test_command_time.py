"""Time for a `command:` connector (issue 16 item 4): STOCKGATE_NOW, STOCKGATE_SLEEP on the run's clock, and
served twins' `Date` on the virtual clock; an independent command connector passes the Retry-After scenarios."""

from __future__ import annotations

import asyncio
import shlex
import sys
import time
from pathlib import Path

import httpx
import pytest

from stockgate.adapters import ConnectorEnv, adapter_for
from stockgate.clock import VirtualClock
from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair, ScenarioResult
from stockgate.scenarios.runner import run_scenario
from stockgate.scenarios.world import DEMO
from stockgate.twins.lightspeed import create_app as lightspeed_app
from stockgate.twins.serving import ServedTwin

ROOT = Path(__file__).resolve().parents[2]
MAPPING = ROOT / "scenarios" / "mappings" / "demo.yaml"
CONNECTOR = ROOT / "tests" / "connectors" / "stock_command.py"
RETRY_AFTER = ("api-limits/lightspeed-429-http-date", "api-limits/lightspeed-window-exhausted",
               "api-limits/retry-after-sub-second")


def _env(clock: VirtualClock) -> ConnectorEnv:
    return ConnectorEnv(mapping=MAPPING, magento_url="http://127.0.0.1:9", magento_token=DEMO["token"],
                        lightspeed_url="http://127.0.0.1:10", lightspeed_token="stockgate-demo-token",
                        lightspeed_api_version="2026-07", clock=clock)


def _ticks(command: str, clock: VirtualClock, ticks: int = 1) -> list[str]:
    async def go() -> list[str]:
        adapter = adapter_for(f"command:{command}")
        await adapter.configure(_env(clock))
        try:
            return [(await adapter.tick()).output for _ in range(ticks)]
        finally:
            await adapter.close()

    return asyncio.run(go())


def test_each_tick_gets_the_runs_now_in_rfc_3339_utc() -> None:
    clock = VirtualClock()
    clock.advance(90.5)
    (said,) = _ticks('echo "$STOCKGATE_NOW"', clock)
    assert said == "exit 0\n2026-01-05T09:01:30.5Z"
    clock.advance(29.5)
    (said,) = _ticks('echo "$STOCKGATE_NOW"', clock)
    assert said == "exit 0\n2026-01-05T09:02:00Z"


def test_stockgate_sleep_moves_the_runs_clock_not_the_wall() -> None:
    clock = VirtualClock()
    start = time.monotonic()
    (said,) = _ticks('"$STOCKGATE_SLEEP" 300 && "$STOCKGATE_SLEEP" 0.25 && echo slept', clock)
    assert said == "exit 0\nslept" and clock.elapsed == 300.25
    assert time.monotonic() - start < 10


@pytest.mark.parametrize("argument", ["soon", "-1", "nan", ""])
def test_stockgate_sleep_refuses_what_is_not_seconds(argument: str) -> None:
    clock = VirtualClock()
    (said,) = _ticks(f'"$STOCKGATE_SLEEP" {shlex.quote(argument)}', clock)
    assert said.startswith("exit 2\n") and ("STOCKGATE_SLEEP" in said) and clock.elapsed == 0


def test_a_served_twin_dates_its_answers_on_the_virtual_clock() -> None:
    clock = VirtualClock()
    clock.advance(3600 * 24 * 40 + 0.75)
    served = ServedTwin(lightspeed_app("2026-07", clock=clock))
    try:
        answer = httpx.get(f"{served.url}/api/2026-07/outlets", headers={"Authorization": "Bearer x"})
    finally:
        served.stop()
    assert answer.headers.get_list("date") == [clock.http_date()]  # one Date, the twin's: Feb 14 2026, not today


def _run(scenario_id: str, *options: str, pair: Pair | None = None) -> ScenarioResult:
    scenario = next(s for s in discover() if s.id == scenario_id)
    command = shlex.join([sys.executable, str(CONNECTOR), *options])
    return asyncio.run(run_scenario(scenario, pair or Pair(magento="2.4.8", lightspeed="2026-07"),
                                    f"command:{command}"))


@pytest.mark.parametrize("scenario_id", RETRY_AFTER)
def test_an_independent_command_connector_passes_the_retry_after_scenarios(scenario_id: str) -> None:
    result = _run(scenario_id)
    assert result.passed, [f.line() for f in result.findings] + list(result.connector_output)[-3:]
    assert any("429 from" in said for said in result.connector_output)  # it met the limit and waited


@pytest.mark.parametrize("scenario_id", RETRY_AFTER)
def test_the_same_connector_ignoring_retry_after_fails_them(scenario_id: str) -> None:
    """The planted defect: a 429 retried after 1 s, whatever the answer asked."""
    result = _run(scenario_id, "--ignore-retry-after")
    assert not result.passed


def test_the_independent_connector_passes_a_plain_scenario_on_lightspeed_2_0() -> None:
    result = _run("per-location/sale-moves-only-its-source", pair=Pair(magento="2.4.6", lightspeed="2.0"))
    assert result.passed, [f.line() for f in result.findings] + list(result.connector_output)[-3:]
