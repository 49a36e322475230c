"""The scenario catalog with the reference connector (via the pytest plugin), and its mutation score."""

from __future__ import annotations

import asyncio

import pytest

from stockgate.pytest_plugin import assert_passed
from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.runner import newest_pair, run_scenario
from tests.mutants import MUTANTS
from tests.mutants.adapters import ADAPTERS
from tests.mutants.kills import KILLS


def test_catalog(stockgate_result: object) -> None:
    """Every scenario passes with the reference connector on the plugin's pair (default: the newest)."""
    assert_passed(stockgate_result)


BY_ID = {s.id: s for s in discover()}


def test_every_scenario_has_a_mutant_to_kill() -> None:
    assert set(KILLS) == set(BY_ID), "add the new scenario to tests/mutants/kills.py with the mutant it must fail"


def test_every_mutant_is_killed_by_a_scenario() -> None:
    assert {row[0] for row in KILLS.values()} == set(MUTANTS)


@pytest.mark.parametrize("scenario_id", sorted(KILLS))
def test_the_scenario_fails_its_mutant(scenario_id: str) -> None:
    mutant, magento, *lightspeed = KILLS[scenario_id]
    newest = newest_pair()
    pair = Pair(magento=magento or newest.magento, lightspeed=lightspeed[0] if lightspeed else newest.lightspeed)
    if not BY_ID[scenario_id].applies(pair):
        pytest.fail(f"{scenario_id} does not apply to {pair}: give its row in kills.py a version it applies to")
    spec = f"python:tests.mutants.adapters:{ADAPTERS[mutant].__name__}"
    result = asyncio.run(run_scenario(BY_ID[scenario_id], pair, spec))
    assert not result.passed, f"{scenario_id} does not catch the {mutant} mutant"
    if pair != newest:  # test_catalog covers the reference connector on the newest pair
        reference = asyncio.run(run_scenario(BY_ID[scenario_id], pair))
        assert reference.passed, [f.line() for f in reference.findings]
