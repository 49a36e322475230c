"""The drift simulation's proofs (issue 19 "Proof"): tiny merchants, one or two simulated days each.

A connector with a planted inventory delay gives that delay back (within one tick); the mutants that
post salable as on-hand, aggregate outlets into one source or ignore returns each give their incident
and a band that is not GREEN; the reference connector is GREEN; the same seed gives the same numbers.
"""

from __future__ import annotations

import dataclasses

import pytest

from stockgate.drift.config import DriftConfig
from stockgate.drift.measure import Summary, summarize
from stockgate.drift.model import Raw
from stockgate.drift.sim import Simulation, simulate
from tests.drift.connectors import DELAY, DelayedInventory

SMALL = DriftConfig(stores=2, skus=60, daily_orders=30, days=1, pos_sales_per_day=120, return_rate=0.3,
                    schedule={"inventory": 300.0, "orders": 900.0, "catalog": 3600.0})


def run(config: DriftConfig = SMALL, adapter: object = None) -> tuple[Raw, Summary]:
    raw = simulate(config, adapter=adapter)
    return raw, summarize(raw, seed=config.seed, minutes_per_fix=config.minutes_per_fix)


@pytest.fixture(scope="module")
def reference() -> tuple[Raw, Summary]:
    return run()


def test_reference_connector_is_green(reference: tuple[Raw, Summary]) -> None:
    raw, summary = reference
    assert summary.band.colour == "GREEN", summary.band.reason
    assert summary.delay.count > 50 and summary.delay.open == 0
    assert summary.delay.max <= SMALL.schedule["inventory"] + 1e-6  # within one stock run of the sale
    assert summary.fixes == 0 and not summary.incidents
    assert {c.operation: c.median for c in summary.cadence}["inventory read"] == SMALL.schedule["inventory"]
    assert {c.operation: c.median for c in summary.cadence}["order pull"] == SMALL.schedule["orders"]
    assert raw.counts["web orders"] > 10 and raw.counts["POS returns"] > 0


def test_web_orders_returned_in_store_get_their_credit_memo() -> None:
    """The simulated warehouse invoices what it ships, as a merchant does: Magento makes no credit memo for an
    order not invoiced ("The order does not allow a creditmemo to be created."), so every web order returned in
    a store stayed uncredited and the reference connector was RED at any size with returns (issue 19)."""
    config = dataclasses.replace(SMALL, days=2, return_rate=0.6, schedule={"inventory": 900.0, "orders": 900.0,
                                                                           "catalog": 3600.0})
    raw, summary = run(config)
    assert raw.counts["web-order returns"] > 0
    assert summary.incidents.get("uncredited-return", 0) == 0, summary.incidents
    assert not [n for n in raw.connector_notes if "refund-refused" in n], raw.connector_notes
    assert summary.band.colour == "GREEN", summary.band.reason


def test_planted_delay_comes_back_within_one_tick() -> None:
    config = dataclasses.replace(SMALL, schedule={"inventory": 60.0, "orders": 1800.0, "catalog": 3600.0})
    _raw, summary = run(config, DelayedInventory())
    tick = config.tick
    for name, value in (("p50", summary.delay.p50), ("p95", summary.delay.p95)):
        assert DELAY <= value <= DELAY + tick + 1e-6, f"{name} {value} s for a planted {DELAY} s delay"
    # the max may be longer: a held write landing after a shipment overstates until the next one (measured, not hidden)
    assert summary.delay.max >= DELAY
    assert summary.band.colour == "GREEN"  # 20 min is inside the 15-30 min tolerance


@pytest.mark.parametrize(("mutant", "incident"), [
    ("salable-into-source", "disagreement"),
    ("aggregates-into-default", "disagreement"),
    ("ignores-returns", "uncredited-return"),
])
def test_mutants_give_their_incident_and_are_not_green(mutant: str, incident: str) -> None:
    """Two days, 60 % of sales returned and 15 min per fix: a tiny merchant with a merchant-sized return load."""
    from tests.mutants.adapters import ADAPTERS

    config = dataclasses.replace(SMALL, days=2, daily_orders=30, return_rate=0.6, minutes_per_fix=15.0,
                                 schedule={"inventory": 900.0, "orders": 900.0, "catalog": 3600.0})
    _raw, summary = run(config, ADAPTERS[mutant]())
    assert summary.incidents.get(incident, 0) > 0, summary.incidents
    assert summary.band.colour != "GREEN", summary.band.reason


def test_aggregating_outlets_never_reaches_the_outlets_sources() -> None:
    """Selected as a user selects a connector: the python: spec, through the scenario runner's adapter."""
    _raw, summary = run(dataclasses.replace(SMALL, connector="python:tests.mutants.adapters:AggregatesIntoDefault"))
    assert summary.delay.open > summary.delay.count / 2  # most sales never reach Magento's stock


def test_same_seed_same_numbers(reference: tuple[Raw, Summary]) -> None:
    from stockgate.drift.report import as_json

    again = run()
    first = as_json(SMALL, reference[1], reference[0])
    second = as_json(SMALL, again[1], again[0])
    assert first == second
    other = run(dataclasses.replace(SMALL, seed=2))
    assert as_json(SMALL, other[1], other[0])["sales"] != first["sales"]


def test_stop_writes_what_was_measured() -> None:
    config = dataclasses.replace(SMALL, days=3)
    simulation = Simulation(config)
    simulation.progress = lambda _line: simulation.stop()  # "Ctrl-C" at the first day's end
    raw = simulate(config, simulation=simulation)
    assert raw.interrupted and raw.end == 86400.0 and len(raw.day_ends) == 1
    summary = summarize(raw, seed=1, minutes_per_fix=5)
    assert summary.delay.count > 0 and summary.days == 1.0


def test_outage_window_stops_the_connector_and_the_delays_show_it() -> None:
    import datetime as dt

    from stockgate.drift.config import Outage

    start = SMALL.start + dt.timedelta(hours=11)
    config = dataclasses.replace(SMALL, schedule={"inventory": 900.0, "orders": 900.0, "catalog": 3600.0},
                                 outage=Outage(start=start, seconds=3 * 3600))
    raw, summary = run(config)
    assert raw.counts["ticks skipped (outage)"] == 3 * 3600 / 900
    during = [s for s in raw.sales if 11 * 3600 <= s.at < 14 * 3600]
    after = [s for s in during if s.reflected_at is not None and s.reflected_at >= 14 * 3600]
    assert during and len(after) >= 0.9 * len(during)  # a few "reflect" by coincidence (a return raises the truth)
    assert summary.delay.max > 2 * 3600
    gaps = {c.operation: c.max for c in summary.cadence}
    assert gaps["inventory read"] >= 3 * 3600  # the observed cadence shows the hole


def test_a_command_connector_that_does_nothing_is_not_green() -> None:
    """The command: adapter path (twins served on loopback, one process per tick): nothing ever syncs."""
    config = dataclasses.replace(SMALL, connector="command:true",
                                 schedule={"inventory": 3600.0, "orders": 3600.0, "catalog": 3600.0})
    _raw, summary = run(config)
    # nearly every sale stays unreflected; a few "reflect" by coincidence, when a later return or count
    # raises the true figure up to Magento's stale one
    assert summary.delay.open >= 0.9 * summary.delay.count > 0
    assert summary.band.colour != "GREEN"
    assert {c.operation: c.runs for c in summary.cadence}["inventory push"] == 0


def test_catalog_lag_new_products_and_prices(reference: tuple[Raw, Summary]) -> None:
    _raw, summary = reference
    assert summary.new_products.count >= 1 and summary.new_products.open == 0
    assert summary.catalog.count >= 1 and summary.catalog.open == 0
    assert summary.catalog.max <= SMALL.schedule["catalog"] + SMALL.tick  # the next catalog run shows it


def test_a_connector_that_ignores_price_changes_leaves_them_unshown() -> None:
    from tests.mutants.adapters import ADAPTERS

    config = dataclasses.replace(SMALL, price_changes_per_day=6,
                                 schedule={"inventory": 900.0, "orders": 900.0, "catalog": 3600.0})
    _raw, summary = run(config, ADAPTERS["ignores-price-changes"]())
    assert summary.catalog.count >= 6 and summary.catalog.open == summary.catalog.count


def test_faults_at_a_rate_reach_the_connector_and_cost_it_time(reference: tuple[Raw, Summary]) -> None:
    config = dataclasses.replace(SMALL, faults={"http-5xx": 0.3, "lost-response": 0.2})
    raw, summary = run(config)
    planted = {k: v for k, v in raw.counts.items() if k.startswith("faults planted")}
    assert planted.get("faults planted (http-5xx)", 0) > 10 and planted.get("faults planted (lost-response)", 0) > 5
    assert summary.delay.p95 >= reference[1].delay.p95  # retries and missed runs only ever add delay
