"""searchCriteria parsing and application, as Magento does it."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import pytest

from stockgate.twins.magento import search
from stockgate.twins.magento.errors import MagentoError

ROWS = [{"sku": f"S{i}", "quantity": i, "status": i % 2, "name": None if i == 3 else f"n{i}"} for i in range(1, 8)]
OFF = search.Paging(limits_on=False, max_page_size=300, default_page_size=20,
                    page_size_error={"status": 400, "body": {"message": "Maximum SearchCriteria pageSize is %max",
                                                             "parameters": {"max": 300}}})
ON = search.Paging(limits_on=True, max_page_size=3, default_page_size=2, page_size_error=OFF.page_size_error)


def run(query: str, paging: search.Paging = OFF) -> tuple[list[str], int]:
    rows, total, _ = search.apply(ROWS, search.parse(parse_qsl(query)), paging)
    return [r["sku"] for r in rows], total


def f(group: int, index: int, field: str, value: str, cond: str = "eq", *, spelling: str = "filter_groups") -> str:
    base = f"searchCriteria[{spelling}][{group}][filters][{index}]"
    return f"{base}[field]={field}&{base}[value]={value}&{base}[condition_type]={cond}"


@pytest.mark.parametrize(("cond", "value", "expected"), [
    ("eq", "3", ["S3"]), ("neq", "3", ["S1", "S2", "S4", "S5", "S6", "S7"]), ("in", "2,4", ["S2", "S4"]),
    ("nin", "1,2,3,4,5", ["S6", "S7"]), ("gt", "5", ["S6", "S7"]), ("gteq", "6", ["S6", "S7"]),
    ("lt", "2", ["S1"]), ("lteq", "2", ["S1", "S2"]), ("from", "7", ["S7"]), ("to", "1", ["S1"]),
], ids=str)
def test_condition_types_on_numbers(cond: str, value: str, expected: list[str]) -> None:
    assert run(f(0, 0, "quantity", value, cond))[0] == expected


def test_like_null_notnull_finset() -> None:
    assert run(f(0, 0, "sku", "S%", "like"))[1] == 7
    assert run(f(0, 0, "name", "", "null"))[0] == ["S3"]
    assert run(f(0, 0, "name", "", "notnull"))[1] == 6
    rows = [{"sku": "A", "tags": "x,y"}, {"sku": "B", "tags": "z"}]
    got, _, _ = search.apply(rows, search.parse(parse_qsl(f(0, 0, "tags", "y", "finset"))), OFF)
    assert [r["sku"] for r in got] == ["A"]


def test_filters_in_a_group_or_groups_and() -> None:
    either = f(0, 0, "sku", "S1") + "&" + f(0, 1, "sku", "S2")
    assert run(either)[0] == ["S1", "S2"]
    both = either + "&" + f(1, 0, "status", "1")
    assert run(both)[0] == ["S1"]


def test_camel_case_spellings_are_accepted() -> None:
    query = f(0, 0, "sku", "S5", spelling="filterGroups").replace("condition_type", "conditionType")
    assert run(query)[0] == ["S5"]
    assert run("searchCriteria[pageSize]=2&searchCriteria[currentPage]=2")[0] == ["S3", "S4"]


def test_sort_orders_and_paging() -> None:
    q = "searchCriteria[sortOrders][0][field]=quantity&searchCriteria[sortOrders][0][direction]=DESC"
    assert run(q + "&searchCriteria[page_size]=2")[0] == ["S7", "S6"]


def test_page_past_the_end_repeats_the_last_page() -> None:
    assert run("searchCriteria[pageSize]=3&searchCriteria[currentPage]=9") == (["S7"], 7)


def test_limits_off_means_unpaged_and_no_maximum() -> None:
    assert run("searchCriteria[pageSize]=1000")[1] == 7
    assert len(run("searchCriteria=")[0]) == 7


def test_limits_on_default_and_maximum_page_size() -> None:
    assert run("searchCriteria=", ON)[0] == ["S1", "S2"]
    with pytest.raises(MagentoError) as err:
        run("searchCriteria[pageSize]=4", ON)
    assert err.value.status == 400
    assert err.value.body() == {"message": "Maximum SearchCriteria pageSize is %max", "parameters": {"max": 3}}


def test_unknown_condition_type_is_a_400() -> None:
    with pytest.raises(MagentoError, match="condition type"):
        run(f(0, 0, "sku", "x", "regexp"))


def _table(rows: list[dict[str, Any]], built: list[str]) -> search.Table:
    """ROWS as an indexed Table on sku (built: the SKUs whose rows were made)."""
    at = {str(r["sku"]): n for n, r in enumerate(rows)}

    def build(row: dict[str, Any]) -> dict[str, Any]:
        built.append(str(row["sku"]))
        return row

    return search.Table(rows, build, lambda field, value: [at[value]] if field == "sku" and value in at
                        else [] if field == "sku" else None)


NUMERIC: list[dict[str, Any]] = [*ROWS, {"sku": "7", "quantity": 0, "status": 0, "name": "seven"},
           {"sku": "7.0", "quantity": 0, "status": 0, "name": "seven again"}]


@pytest.mark.parametrize("query", [
    f(0, 0, "sku", "S3"), f(0, 0, "sku", "S3,S5, S9", "in"), f(0, 0, "sku", "S3") + "&" + f(0, 1, "sku", "S6"),
    f(0, 0, "sku", "S3,S4,S5", "in") + "&" + f(1, 0, "status", "1"), f(0, 0, "sku", "S9"),
    f(0, 0, "sku", "S2") + "&" + f(0, 1, "quantity", "5"),  # a group with an unindexed filter: a scan
    f(0, 0, "sku", "7"), f(0, 0, "sku", "7,S1", "in"),  # numbers compare as numbers: "7" matches "7.0"
    f(0, 0, "sku", "S%", "like") + "&" + f(1, 0, "sku", "S2,S4", "in") + "&searchCriteria[sortOrders][0][field]=sku"
    "&searchCriteria[sortOrders][0][direction]=DESC",
], ids=str)
def test_an_indexed_table_answers_what_a_scan_answers(query: str) -> None:
    criteria = search.parse(parse_qsl(query))
    scanned = search.apply(NUMERIC, criteria, OFF)
    assert search.apply(_table(NUMERIC, []), criteria, OFF) == scanned


def test_an_indexed_filter_builds_only_the_rows_it_names() -> None:
    built: list[str] = []
    rows, total, _ = search.apply(_table(ROWS, built), search.parse(parse_qsl(f(0, 0, "sku", "S6,S2", "in"))), OFF)
    assert [r["sku"] for r in rows] == ["S2", "S6"] and total == 2  # in the table's order
    assert sorted(built) == ["S2", "S6"]
    built.clear()
    search.apply(_table(ROWS, built), search.parse(parse_qsl(f(0, 0, "sku", "S%", "like"))), OFF)
    assert len(built) == len(ROWS)  # planted: a condition without an index reads every row


def test_an_unknown_condition_type_is_refused_with_an_index_too() -> None:
    query = f(0, 0, "sku", "S9") + "&" + f(1, 0, "quantity", "1", "bogus")
    with pytest.raises(MagentoError):
        search.apply(ROWS[:1], search.parse(parse_qsl(f(1, 0, "quantity", "1", "bogus"))), OFF)
    assert search.apply(_table(ROWS, []), search.parse(parse_qsl(query)), OFF)[1] == 0  # as the scan: no row gets there
    assert search.apply(ROWS, search.parse(parse_qsl(query)), OFF)[1] == 0


def test_a_key_log_keeps_dict_order_through_removals() -> None:
    log: search.KeyLog[str] = search.KeyLog()
    order: dict[str, None] = {}
    for step in ["+a", "+b", "+c", "-b", "+a", "+b", "-a", "+d", "+a"]:
        key = step[1:]
        if step[0] == "+":
            log.add(key)
            order[key] = None
        else:
            log.remove(key)
            order.pop(key)
    assert log.keys() == list(order) == ["c", "b", "d", "a"]
    assert [log.position(k) for k in order] == [0, 1, 2, 3] and log.position("zz") is None
