"""The runner's own checks read in bulk (issue 18 item 4): salable quantities a page of SKUs per request."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest

from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.runner import connector_mapping, run_scenario
from stockgate.scenarios.world import World

BY_ID = {s.id: s for s in discover()}
PAIR = Pair(magento="2.4.8", lightspeed="2026-07")
SCENARIO = "reservations/web-order-counted-once"
SALABLE = "/inventory/get-product-salable-quantity/"
EXPORT = "/inventory/export-stock-salable-qty/"


def _counting(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    calls: Counter[str] = Counter()
    original = World.admin

    async def admin(self: World, method: str, path: str, **kwargs: Any) -> httpx.Response:
        calls[SALABLE if path.startswith(SALABLE) else EXPORT if path.startswith(EXPORT) else "other"] += 1
        return await original(self, method, path, **kwargs)

    monkeypatch.setattr(World, "admin", admin)
    return calls


def test_salable_truth_reads_a_page_of_skus_per_request(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    result = asyncio.run(run_scenario(BY_ID[SCENARIO], PAIR))
    assert result.passed, result.findings
    assert calls[EXPORT] >= 1
    assert calls[SALABLE] == 1  # then.salable's one SKU; the invariants' checks read none one by one


def test_the_bulk_read_answers_what_one_read_per_sku_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """After web orders (reservations), and with a SKU the export leaves out: the same figures either way."""
    async def run() -> tuple[dict[str, float], dict[str, float], Counter[str]]:
        world = World(PAIR, connector_mapping(BY_ID[SCENARIO], PAIR))
        try:
            skus = sorted(world.watch or {str(p["sku"]) for p in await world.admin_list("/products")
                                          if p.get("type_id") != "configurable"})
            inventory = world.magento.twin.inventory
            before = await world.salable(skus[0])
            inventory.reserve(world.mapping.stock_id, skus[0], -3.0, "order_placed", "1")  # an open web order
            assert await world.salable(skus[0]) == before - 3
            for code in list(inventory.items_of[skus[1]]):  # a SKU with no source item: the export leaves it out
                inventory.delete_source_item(skus[1], code)
            one_by_one = {sku: await world.salable(sku) for sku in skus}
            calls = _counting(monkeypatch)
            return await world.salables(skus), one_by_one, calls
        finally:
            await world.close()

    bulk, one_by_one, calls = asyncio.run(run())
    assert bulk == one_by_one and len(bulk) > 10
    assert calls[SALABLE] == 1  # only the SKU the export left out
