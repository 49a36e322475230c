"""A python: connector whose tick raises: its prints and its traceback reach the result, credentials scrubbed."""

from __future__ import annotations

import asyncio

from stockgate.scenarios.loader import discover
from stockgate.scenarios.runner import run_scenario


def test_prints_and_traceback_of_a_raising_tick_are_kept_and_scrubbed() -> None:
    (scenario,) = discover(None, ["per-location/sale-moves-only-its-source"])
    result = asyncio.run(run_scenario(scenario, connector="python:tests.connectors.crashing:TalkativeCrash"))
    text = "\n".join(result.connector_output)
    assert "configured against" in text and "reading outlets with token <scrubbed>" in text
    assert "Traceback" in text and "in fail" in text and "RuntimeError: no outlets (token <scrubbed>)" in text
    assert "stockgate-demo-token" not in text
    assert not result.passed
