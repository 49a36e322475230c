"""Sale searches, returns and customer totals read from the sales' index answer what reading every sale did."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from stockgate.twins.lightspeed import create_app, shapes_catalog
from stockgate.twins.lightspeed.sale_index import SaleIndex
from stockgate.twins.lightspeed.sales import ReturnRules
from tests.unit import busy_twins

AUTH = {"Authorization": "Bearer stockgate-demo-token"}
RULES = ReturnRules(reject_mixed=False, void_other_parked=True)


@pytest.fixture(scope="module")
def app() -> Any:
    """A twin with 120 customers, sales (some returned, one return voided) and consignments."""
    app = create_app("2026-07", "registers-10", seed="demo")
    busy_twins.fill_lightspeed(app.twin, 120)
    sales = app.twin.sales
    closed = [s for s in sales.sales.values() if s.status == "CLOSED"]
    for original in closed[:6]:
        sales.start_return(original, user_id=original.user_id, rules=RULES)
    sales.start_return(closed[0], user_id=closed[0].user_id, rules=RULES)  # voids the first parked return
    return app


def _get(app: Any, urls: list[str]) -> list[Any]:
    async def run() -> list[Any]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            answers = []
            for url in urls:
                response = await client.get(url, headers=AUTH)
                answers.append((response.status_code, response.json()))
            return answers
    return asyncio.run(run())


def _urls(app: Any) -> Iterator[str]:
    sales = list(app.twin.sales.sales.values())
    picks = {"outlet_id": {s.outlet_id for s in sales}, "status": {"CLOSED", "SAVED", "VOIDED", "NOPE"},
             "register_id": {s.register_id for s in sales}, "invoice_number": {sales[7].invoice_number, "INV-x"},
             "customer_id": {sales[3].customer_id or ""}, "_id": {sales[11].id, sales[90].id}}
    at = [busy_twins.lightspeed_time(n).replace("+00:00", "Z") for n in (30, 80, 10, 15)]
    dates = ["", f"&date_from={at[0]}", f"&date_to={at[1]}", f"&date_from={at[2]}&date_to={at[3]}"]
    for (name, values), date in itertools.product(picks.items(), dates):
        for value in sorted(v for v in values if v is not None):
            yield f"/api/2.0/search?type=sales&{name}={value}{date}&page_size=7&offset=2"
            yield f"/api/2.0/search?type=sales&{name}={value}&-status=CLOSED{date}"
    yield "/api/2.0/search?type=sales&status=CLOSED&status=SAVED&outlet_id=" + sales[0].outlet_id
    yield "/api/2.0/search?type=sales&state=parked&page_size=5"


def test_a_sale_search_answers_what_comparing_every_sale_answers(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    urls = list(_urls(app))
    indexed = _get(app, urls)
    monkeypatch.setattr(SaleIndex, "candidates", lambda self, *_a: iter(self.rows))
    assert _get(app, urls) == indexed
    assert sum(bool(body.get("data")) for _status, body in indexed) > len(urls) // 3


def test_customers_totals_and_returns_read_per_row_are_the_totals_of_every_sale(app: Any) -> None:
    from stockgate.twins.lightspeed.routes_catalog import Spending

    sales, year = app.twin.sales, shapes_catalog.this_year(app.twin.now())
    every = shapes_catalog.spending(list(sales.sales.values()), year)
    lazy = Spending(sales.index().customers, year)
    assert dict(lazy) == every and every
    returned = {}
    for sale in sales.sales.values():
        if sale.return_for and sale.status != "VOIDED":
            returned.setdefault(sale.return_for, []).append(sale.id)
    from stockgate.twins.lightspeed.routes_sales import Returns

    assert dict(Returns(sales.index().returns)) == returned and len(returned) == 6
