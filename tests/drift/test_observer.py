"""The simulator's reading of the twins matches the twins' own answers (unit-sized, no connector run)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from stockgate.drift.config import DriftConfig, Outage, parse_schedule
from stockgate.drift.sim import Simulation


def test_salable_read_in_process_is_the_twins_salable_quantity() -> None:
    simulation = Simulation(DriftConfig(stores=2, skus=30, daily_orders=1))
    with tempfile.TemporaryDirectory() as tmp:
        simulation._build(Path(tmp))
        simulation._watch()
        inventory = simulation.magento.twin.inventory
        sku = simulation.items[0]
        inventory.reserve(simulation.stock_id, sku, -2, "order_placed", "1")
        assert max(simulation._salable(sku), 0) == inventory.salable_quantity(sku, simulation.stock_id)


def test_schedule_and_outage_parse() -> None:
    assert parse_schedule("inventory=5m,orders=1m,catalog=1h") == {"inventory": 300, "orders": 60, "catalog": 3600}
    assert parse_schedule("returns=2h30m")["returns"] == 9000
    outage = Outage.parse("2026-12-09T10:00/2h")
    assert outage.seconds == 7200 and outage.start.isoformat() == "2026-12-09T10:00:00+00:00"
    assert not DriftConfig(stores=1, skus=1, daily_orders=1, outage=outage).problems()
