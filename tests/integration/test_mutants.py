"""Each mutant connector does real damage that the reference connector does not (the checks can fail)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from stockgate.twins.faults import FaultRule
from tests.integration.test_connector import World
from tests.mutants import MUTANTS

pytestmark = pytest.mark.anyio


async def web_order_counted_once(w: World) -> bool:
    await w.web_order("CAP-NVY", 4)
    await w.tick()
    w.clock.advance(60)
    await w.tick()
    return w.salable("CAP-NVY") == 16 and w.source("CAP-NVY", "central") == 10


async def parent_never_posted(w: World) -> bool:
    w.pos_sale("TS-RED-S", 1)
    await w.tick()
    return ("TS", "central") not in w.m.twin.inventory.items


async def per_outlet_sources(w: World) -> bool:
    w.pos_sale("MUG-BLK", 3, "North")
    await w.tick()
    return w.source("MUG-BLK", "north") == 5 and w.source("MUG-BLK", "default") == 0


async def waits_as_told(w: World) -> bool:
    """The real limiter, tightened to 4 requests per 300 s window: only waiting for Retry-After gets through."""
    w.ls.twin.limiter.limit = 4
    w.pos_sale("MUG-BLK", 3, "North")
    await w.tick()
    return w.source("MUG-BLK", "north") == 5 and not any(e.kind == "failed" for e in w.connector.events)


async def one_credit_memo(w: World) -> bool:
    """A POS return of one of two units: one credit memo for one unit, even after a lost answer."""
    order = await w.web_order("BOTTLE-1L", 2)
    await w.tick()
    w.m.twin.sales.invoice(w.m.twin.sales.order(order), [], w.clock.magento_time())
    sale = w.ls.twin.sales.get(next(iter(w.ls.twin.sales.sales)))
    rules = w.ls.twin.release.versions["2026-07"].return_rules
    ret = w.ls.twin.sales.start_return(sale, user_id="u", rules=rules)
    line = ret.lines[0]
    w.ls.twin.sales.update(ret, status=None, rules=rules, lines=[
        {"product_id": line.product_id, "quantity": -1, "price": line.price, "is_return": True}])
    w.m.twin.faults.add(FaultRule(kind="lost-response", method="POST", path="/V1/order/*/refund"))
    w.ls.twin.sales.transition(ret, "CLOSED")
    await w.tick()
    await w.tick()
    memos = w.m.twin.sales.documents["creditmemo"]
    return len(memos) == 1 and sum(q for doc in memos.values() for _i, _s, q in doc.lines) == 1


async def within_input_limits(w: World) -> bool:
    await w.tick()
    return w.source("SOCK-3PK", "north") == 25 and not any(e.kind == "failed" for e in w.connector.events)


Check = Callable[[World], Awaitable[bool]]
async def signed_requests_sync(w: World) -> bool:
    w.pos_sale("CAP-NVY", 2, "North")
    await w.tick()
    return w.source("CAP-NVY", "north") == 8


async def cancel_gives_back(w: World) -> bool:
    order = await w.web_order("SOCK-3PK", 5)
    await w.tick()
    w.m.twin.sales.cancel(w.m.twin.sales.order(order))
    await w.tick()
    return w.pos("SOCK-3PK", "Central") == 40


async def restock_reaches_magento(w: World) -> bool:
    sale = w.pos_sale("CAP-NVY", 2)
    await w.tick()
    rules = w.ls.twin.release.versions["2026-07"].return_rules
    ret = w.ls.twin.sales.start_return(w.ls.twin.sales.get(sale), user_id="u", rules=rules)
    w.ls.twin.sales.transition(ret, "CLOSED")
    w.clock.advance(60)
    await w.tick()
    return w.source("CAP-NVY", "central") == 10


CASES: dict[str, tuple[dict[str, Any], Check]] = {
    "ignores-cancellations": ({}, cancel_gives_back),
    "ignores-restocks": ({}, restock_reaches_magento),
    "bearer-only": ({}, signed_requests_sync),
    "salable-into-source": ({}, web_order_counted_once),
    "posts-to-parent": ({}, parent_never_posted),
    "aggregates-into-default": ({}, per_outlet_sources),
    "ignores-retry-after": ({}, waits_as_told),
    "blind-refund-retry": ({"magento": "2.4.7"}, one_credit_memo),
    "ignores-returns": ({"magento": "2.4.7"}, one_credit_memo),
    "hundred-per-call": ({"magento_profile": "input-limits-on"}, within_input_limits),
    "retry-after-seconds-only": ({}, waits_as_told),
}


def test_cases_name_real_mutants() -> None:
    """Connector-level illustrations of the first mutants; every mutant's proof is its scenario kill
    (tests/mutants/kills.py, run by tests/scenarios/test_catalog.py)."""
    assert set(CASES) <= set(MUTANTS)


@pytest.mark.parametrize("name", sorted(CASES))
async def test_reference_passes_the_check_and_the_mutant_fails_it(name: str) -> None:
    world_args, check = CASES[name]
    assert await check(World(**world_args)), f"the reference connector fails the {name} check"
    mutant = World(**world_args)
    MUTANTS[name](mutant.connector)
    assert not await check(mutant), f"the {name} mutant passes a check meant to catch it"
