"""The reference connector's state file: one transaction per page of levels, nothing committed lost on a kill."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

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
