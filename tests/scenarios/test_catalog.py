"""The scenario catalog with the reference connector (via the pytest plugin), and its mutation score."""

from __future__ import annotations

import asyncio

import pytest

from stockgate.pytest_plugin import assert_passed
from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.runner import run_scenario
from tests.mutants import MUTANTS
from tests.mutants.adapters import ADAPTERS


def test_catalog(stockgate_result: object) -> None:
    """Every scenario passes with the reference connector on the plugin's pair (default: the newest)."""
    assert_passed(stockgate_result)


# Which scenario catches which mutant (each mutant must fail at least its catcher).
CATCHERS = {
    "ignores-cancellations": ("reservations/cancel-releases", "2.4.8"),
    "ignores-restocks": ("returns/pos-only-return-moves-stock", "2.4.8"),
    "bearer-only": ("upgrades/integration-token-needs-oauth", "2.4.8"),
    "salable-into-source": ("reservations/web-order-counted-once", "2.4.8"),
    "posts-to-parent": ("variants/child-level-only", "2.4.8"),
    "aggregates-into-default": ("per-location/sale-moves-only-its-source", "2.4.8"),
    "ignores-retry-after": ("api-limits/lightspeed-window-exhausted", "2.4.8"),
    "retry-after-seconds-only": ("api-limits/lightspeed-window-exhausted", "2.4.8"),
    "blind-refund-retry": ("returns/lost-refund-answer-one-memo", "2.4.7"),
    "ignores-returns": ("returns/web-return-one-credit-memo", "2.4.8"),
    "hundred-per-call": ("api-limits/magento-input-limits-on", "2.4.8"),
}
BY_ID = {s.id: s for s in discover()}


def test_every_mutant_has_a_catcher() -> None:
    assert set(CATCHERS) == set(MUTANTS)


@pytest.mark.parametrize("mutant", sorted(CATCHERS))
def test_the_catcher_fails_the_mutant(mutant: str) -> None:
    scenario_id, magento = CATCHERS[mutant]
    pair = Pair(magento=magento, lightspeed="2026-07")
    spec = f"python:tests.mutants.adapters:{ADAPTERS[mutant].__name__}"
    result = asyncio.run(run_scenario(BY_ID[scenario_id], pair, spec))
    assert not result.passed, f"{scenario_id} does not catch the {mutant} mutant"
    reference = asyncio.run(run_scenario(BY_ID[scenario_id], pair))
    assert reference.passed, [f.line() for f in reference.findings]
