"""The reference connector's state file: one transaction per page of levels, nothing committed lost on a kill."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from stockgate.connector.state import State


def _commits(state: State) -> list[str]:
    seen: list[str] = []
    state.db.set_trace_callback(lambda sql: seen.append(sql) if sql.strip().upper() == "COMMIT" else None)
    return seen


def test_a_batch_of_levels_is_one_commit(tmp_path: Path) -> None:
    state = State(tmp_path / "state.sqlite")
    commits = _commits(state)
    with state.batch():
        for n in range(300):
            state.set_level(f"p{n}", "outlet", float(n))
    assert len(commits) == 1
    state.set_cursor("inventory", 7)  # outside a batch every write still commits at once
    assert len(commits) == 2


def test_without_a_batch_each_write_commits(tmp_path: Path) -> None:
    """The planted side of the check above: per-row writes are per-row commits."""
    state = State(tmp_path / "state.sqlite")
    commits = _commits(state)
    for n in range(5):
        state.set_level(f"p{n}", "outlet", float(n))
    assert len(commits) == 5


def test_a_batch_that_raises_still_keeps_what_it_wrote(tmp_path: Path) -> None:
    state = State(tmp_path / "state.sqlite")
    try:
        with state.batch():
            state.set_level("p1", "o", 3.0)
            raise RuntimeError("the page's post failed")
    except RuntimeError:
        pass
    assert State(tmp_path / "state.sqlite").level("p1", "o") == 3.0


def _size_after(path: Path, pages: int) -> int:
    state = State(path)
    for page in range(pages):  # the same 300 rows written again and again: the content does not grow
        with state.batch():
            for n in range(300):
                state.set_level(f"p{n}", "outlet", float(page))
    state.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    state.close()
    assert sqlite3.connect(path).execute("SELECT count(*) FROM levels").fetchone()[0] == 300
    return path.stat().st_size


def test_the_file_grows_with_its_content_not_with_its_writes(tmp_path: Path) -> None:
    once, twenty = _size_after(tmp_path / "once.sqlite", 1), _size_after(tmp_path / "twenty.sqlite", 20)
    assert twenty <= once * 1.25


KILLED = """
import os, signal, sys
from stockgate.connector.state import State
state = State(sys.argv[1])
with state.batch():
    state.set_level("p1", "o", 1.0)
state.set_cursor("inventory", 42)
with state.batch():
    state.set_level("p2", "o", 2.0)
    os.kill(os.getpid(), signal.SIGKILL)  # mid-batch: p2 was never committed
"""


def test_a_killed_process_loses_only_the_uncommitted_batch(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    subprocess.run([sys.executable, "-c", KILLED, str(path)], check=False, timeout=60)
    state = State(path)
    assert state.cursor("inventory") == 42
    assert state.level("p1", "o") == 1.0
    assert state.level("p2", "o") is None


def _web_sales(state: State, shipped: int) -> None:
    for n in range(shipped):
        state.save_web_sale(n, f"W{n}", f"s{n}", state="recorded", lines={}, open_qty={"SKU-A": 0.0})
    state.save_web_sale(10_000, "W-open", "s-open", state="recorded", lines={}, open_qty={"SKU-A": 2.0, "SKU-B": 0.0})
    state.save_web_sale(10_001, "W-void", "s-void", state="voided", lines={}, open_qty={"SKU-A": 5.0})
    state.save_web_sale(10_002, "W-unsure", None, state="recording", lines={}, open_qty={"SKU-B": 1.0})


def test_the_add_back_reads_only_the_open_orders_not_every_order_recorded(tmp_path: Path) -> None:
    """A week of shipped web orders stays out of each run's add-back (it read and decoded every order ever
    recorded, once per run: a day at 8 stores and 6,000 orders spent a third of its time there)."""
    state = State(tmp_path / "state.sqlite")
    _web_sales(state, 500)
    read: list[str] = []
    state.db.set_trace_callback(read.append)
    assert state.add_back() == {"SKU-A": 2.0}
    assert state.open_web_sale_ids() == [10_000]
    assert state.oldest_open_web_sale() == 10_000
    assert len(read) == 3  # one query each, whatever the number of shipped orders
    state.save_web_sale(10_000, "W-open", "s-open", state="recorded", lines={}, open_qty={"SKU-A": 0.0})
    assert state.add_back() == {} and state.open_web_sales() == [] and state.oldest_open_web_sale() is None
    assert [s["order_id"] for s in state.web_sales()][-1] == 10_000  # still recorded, no longer open


def test_a_state_file_from_before_the_open_orders_table_gets_it_filled(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    _web_sales(State(path), 3)
    old = sqlite3.connect(path)
    old.execute("DROP TABLE web_open_units")  # as a state file written by an earlier release has it
    old.commit()
    old.close()
    reopened = State(path)
    assert reopened.add_back() == {"SKU-A": 2.0}
    assert [s["order_id"] for s in reopened.open_web_sales()] == [10_000]


def _plan(state: State, sql: str, *args: object) -> str:
    return " ".join(str(row[-1]) for row in state.db.execute(f"EXPLAIN QUERY PLAN {sql}", args))


def test_the_lookups_every_run_makes_seek_instead_of_scanning_every_web_sale(tmp_path: Path) -> None:
    state = State(tmp_path / "state.sqlite")
    _web_sales(state, 50)
    read: list[str] = []
    state.db.set_trace_callback(read.append)
    assert [s["order_id"] for s in state.web_sales("recording")] == [10_002]
    assert state.sale_order("s-void") == 10_001
    plans = [_plan(state, sql) if "?" not in sql else _plan(state, sql, "s-void") for sql in read]
    assert all("SCAN web_sales" not in plan or "USING INDEX" in plan for plan in plans), plans
    # the add-back's joins still start from the open units, not from every recorded web sale
    assert _plan(state, "SELECT MIN(order_id) FROM web_open_units JOIN web_sales USING (order_id) "
                 "WHERE state = 'recorded'").startswith("SEARCH web_open_units")


def test_a_lookup_without_its_index_is_told_apart(tmp_path: Path) -> None:
    # planted: the sale id index dropped (a state file of an earlier release before it is reopened)
    state = State(tmp_path / "state.sqlite")
    state.db.execute("DROP INDEX web_sales_sale_id")
    assert "SCAN web_sales" in _plan(state, "SELECT order_id FROM web_sales WHERE sale_id = ?", "s")
    assert "SCAN web_sales" not in _plan(State(tmp_path / "state.sqlite"), "SELECT order_id FROM web_sales "
                                         "WHERE sale_id = ?", "s")  # reopened: the index is back


def test_an_unknown_web_sale_state_is_refused() -> None:
    with pytest.raises(ValueError, match="recording, recorded, voided, skipped"):
        State(":memory:").web_sales("gone' OR 1=1 --")
