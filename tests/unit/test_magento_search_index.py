"""Searches answered from the sales indexes answer exactly what a scan of the rows does (issue 18 item 2)."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from stockgate.twins.magento import create_app, sales_index, search
from stockgate.twins.magento import serialize as out
from stockgate.twins.magento.orders import DOCUMENT_INDEXED, ORDER_INDEXED
from stockgate.twins.magento.search_index import IndexedTable
from tests.unit import busy_twins

PAGING = search.Paging(limits_on=True, max_page_size=300, default_page_size=20, page_size_error={})
FIELDS = ("entity_id", "increment_id", "status", "state", "customer_email", "created_at", "updated_at",
          "grand_total", "order_id", "sku", "item_id")
CONDITIONS = ("eq", "in", "neq", "gt", "gteq", "from", "lt", "lteq", "to", "like", "null", "notnull")


@pytest.fixture(scope="module")
def sales() -> Any:
    """A twin with 300 orders, some invoiced, refunded, canceled, held or with a cleared status."""
    app = create_app("2.4.8", "integration-bearer-on", seed="demo")
    busy_twins.fill_magento(app.twin, 300)
    orders = list(app.twin.sales.orders.values())
    app.twin.sales.cancel(orders[5])
    orders[7].status = ""  # a cleared status: the row leaves it out (null)
    orders[8].updated_at = orders[2].updated_at  # ties for the sorts
    orders[9].increment_id = "7"  # "7" and "000000007" are one number to Magento's comparison
    return app.twin.sales


def _tables(sales: Any) -> dict[str, tuple[IndexedTable, list[dict[str, Any]]]]:
    index = sales.index()
    tables = {"orders": index.orders.table(out.order_row),
              "invoices": index.documents["invoice"].table(lambda d: out.document_row(d, sales.order(d.order_id))),
              "items": index.lines.table(lambda pair: out.order_item(*pair))}
    return {name: (table, [table.row(n) for n in range(len(table))]) for name, table in tables.items()}


def test_every_index_holds_what_the_rows_hold(sales: Any) -> None:
    for name, (table, rows) in _tables(sales).items():
        for field, index in table.indexes.items():
            assert index.value == {n: row.get(field) for n, row in enumerate(rows)}, (name, field)
            assert len(index.order) == len(rows), (name, field)


def _value(rows: list[dict[str, Any]], field: str, rng: random.Random) -> str:
    picked = [str(r[field]) for r in rng.sample(rows, 3) if r.get(field) is not None] or ["x"]
    return rng.choice([picked[0], ",".join(picked), "7", "000000007", "2026-01-05 10:00:00", "nan", "1e2", ""])


def _criteria(rows: list[dict[str, Any]], rng: random.Random) -> search.Criteria:
    groups = [[{"field": rng.choice(FIELDS), "value": "", "condition_type": rng.choice(CONDITIONS)}
               for _ in range(rng.choice((1, 1, 2)))] for _ in range(rng.choice((0, 1, 1, 2, 3)))]
    for flt in itertools.chain(*groups):
        flt["value"] = _value(rows, flt["field"], rng)
    sorts = [{"field": rng.choice(FIELDS), "direction": rng.choice(("ASC", "DESC"))}
             for _ in range(rng.choice((0, 1, 1, 2)))]
    return search.Criteria(filter_groups=groups, sort_orders=sorts, page_size=rng.choice((5, 50, 300)),
                           current_page=rng.choice((1, 2, 7)), present=True)


@pytest.mark.parametrize("table_name", ["orders", "invoices", "items"])
def test_a_seek_answers_what_a_scan_answers(sales: Any, table_name: str) -> None:
    table, rows = _tables(sales)[table_name]
    rng = random.Random(table_name)
    sought = 0
    for _ in range(300):
        criteria = _criteria(rows, rng)
        expected = search.apply(list(rows), criteria, PAGING)
        assert search.apply(table, criteria, PAGING) == expected, criteria
        sought += table.select(criteria.filter_groups, criteria.sort_orders, {}) is not None
    assert sought > 15  # the indexes answered many of them (not only the scan)


def test_a_later_write_moves_the_order_in_its_indexes(sales: Any) -> None:
    orders, status = sales.index().orders.table(out.order_row), {"field": "status", "value": "holded",
                                                                 "condition_type": "eq"}
    criteria = search.Criteria(filter_groups=[[status]], present=True)
    before = search.apply(orders, criteria, PAGING)[1]
    order = list(sales.orders.values())[40]
    order.state, order.status = "holded", "holded"
    assert search.apply(orders, criteria, PAGING)[1] == before + 1
    assert order.entity_id in {r["entity_id"] for r in search.apply(orders, criteria, PAGING)[0]}


def test_every_indexed_attribute_names_the_fields_that_read_it() -> None:
    assert set(sales_index.ORDER_READS) == set(ORDER_INDEXED)
    assert set(sales_index.DOCUMENT_READS) == set(DOCUMENT_INDEXED)
    assert set(itertools.chain(*sales_index.ORDER_READS.values())) == set(sales_index.ORDER_FIELDS)
    assert set(itertools.chain(*sales_index.DOCUMENT_READS.values())) == set(sales_index.DOCUMENT_FIELDS)


def _reassign_every_indexed_attribute() -> tuple[Any, list[str]]:
    """A fresh twin whose every indexed order and document attribute was assigned a new value, one by one."""
    app = create_app("2.4.8", "integration-bearer-on", seed="demo")
    busy_twins.fill_magento(app.twin, 30)
    sales = app.twin.sales
    order = list(sales.orders.values())[3]
    doc = sales.index().documents["invoice"].rows[0]
    for name, value in {"increment_id": "900000001", "status": "holded", "state": "holded",
                        "customer_email": "z@example.com", "created_at": "2020-01-01 00:00:00",
                        "updated_at": "2030-01-01 00:00:00"}.items():
        setattr(order, name, value)
    moved = {"increment_id": "800000001", "order_id": order.entity_id, "created_at": "2019-01-01 00:00:00"}
    for name, value in moved.items():
        setattr(doc, name, value)
    # the watched tables (an order line's created_at is its order's, which nothing assigns after placement)
    tables = {k: v for k, v in _tables(sales).items() if k in ("orders", "invoices")}
    return tables, [f"{name}.{field}" for name, (table, rows) in tables.items()
                    for field, index in table.indexes.items()
                    if index.value != {n: row.get(field) for n, row in enumerate(rows)}]


def test_an_assignment_re_reads_every_field_that_reads_it() -> None:
    assert _reassign_every_indexed_attribute()[1] == []


def test_a_field_left_out_of_what_an_attribute_is_read_by_goes_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    # planted: a document's updated_at is its created_at; forgetting that leaves the updated_at index behind
    monkeypatch.setattr(sales_index, "DOCUMENT_READS", {**sales_index.DOCUMENT_READS, "created_at": ("created_at",)})
    assert _reassign_every_indexed_attribute()[1] == ["invoices.updated_at"]
