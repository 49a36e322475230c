"""The runner's own behaviour: a crashing connector is a finding; results carry what reports need."""

from __future__ import annotations

import asyncio

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
