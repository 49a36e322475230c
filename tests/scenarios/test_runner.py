"""The runner's own behaviour: a crashing connector is a finding; results carry what reports need."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.runner import run_scenario

BY_ID = {s.id: s for s in discover()}
PAIR = Pair(magento="2.4.8", lightspeed="2026-07")


def test_a_connector_that_raises_is_a_finding_not_a_crash() -> None:
    result = asyncio.run(run_scenario(BY_ID["per-location/sale-moves-only-its-source"], PAIR,
                                      "python:tests.connectors.crashing:Crashing"))
    assert result.status == "failed"
    assert any(f.check == "connector" and "RuntimeError: boom" in f.actual for f in result.findings)


def test_results_carry_convergence_requests_and_stable_fingerprints() -> None:
    first = asyncio.run(run_scenario(BY_ID["reservations/cancel-releases"], PAIR))
    assert first.passed and first.convergence_seconds is not None
    assert first.requests["magento"] > 0 and first.requests["lightspeed"] > 0
    broken = asyncio.run(run_scenario(BY_ID["per-location/sale-moves-only-its-source"], PAIR,
                                      "python:tests.connectors.crashing:Crashing"))
    again = asyncio.run(run_scenario(BY_ID["per-location/sale-moves-only-its-source"], PAIR,
                                     "python:tests.connectors.crashing:Crashing"))
    assert [f.fingerprint for f in broken.findings] == [f.fingerprint for f in again.findings]


def test_a_request_check_naming_no_served_operation_is_a_finding() -> None:
    """A typo in ``then.requests`` would make a check that can never fail: it is reported instead."""
    scenario = BY_ID["upgrades/lightspeed-sales-via-date-versions"]
    typo = dataclasses.replace(scenario, then={**scenario.then, "requests": {"forbid": [
        {"platform": "lightspeed", "operation": "POST /register_sale"}]}})
    result = asyncio.run(run_scenario(typo, PAIR))
    assert [f.subject for f in result.findings if f.check == "then.requests"] == [
        "lightspeed POST /register_sale"]
    assert asyncio.run(run_scenario(scenario, PAIR)).passed  # the real template is served and never sent


def test_a_scenario_run_journals_everything_with_bodies() -> None:
    """Oracles, ``then.requests``, the surface and recordings read whole journals: the world asks for them."""
    seen: list[tuple[int | None, bool, int, bool]] = []

    def inspect(world: Any) -> None:
        for journal in (world.magento.twin.journal, world.lightspeed.twin.journal):
            sent = any(e.request_body is not None for e in journal if e.method == "POST")
            seen.append((journal.keep, journal.bodies, journal.dropped, sent))

    assert asyncio.run(run_scenario(BY_ID["reservations/cancel-releases"], PAIR, inspect=inspect)).passed
    assert seen == [(None, True, 0, True), (None, True, 0, True)]
