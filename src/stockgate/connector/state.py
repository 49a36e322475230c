"""The connector's memory in one SQLite file, so a killed connector restarts without losing or repeating work.

It holds cursors, last seen POS levels, web orders recorded in the POS, refunds and id mappings.

Every write commits at once (a flow checkpoints after each step that changed a platform), except
inside :meth:`State.batch`, which commits its writes together: a page of POS levels is one
transaction, not one per row (at 50,000 SKUs, per-row commits wrote 9.4 GB for a 45 MB file). The
file is in WAL mode, so a commit appends its pages instead of rewriting a rollback journal; a
killed process loses nothing committed.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS cursors (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS levels (product_id TEXT, outlet_id TEXT, level REAL NOT NULL,
                                   PRIMARY KEY (product_id, outlet_id));
CREATE TABLE IF NOT EXISTS dirty (sku TEXT, source TEXT, PRIMARY KEY (sku, source));
CREATE TABLE IF NOT EXISTS web_sales (order_id INTEGER PRIMARY KEY, increment_id TEXT NOT NULL, sale_id TEXT,
                                      state TEXT NOT NULL, lines TEXT NOT NULL, open TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS refunds (return_sale_id TEXT PRIMARY KEY, order_id INTEGER NOT NULL,
                                    creditmemo_id TEXT, state TEXT NOT NULL, memos_before INTEGER NOT NULL,
                                    note TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS schedule (flow TEXT PRIMARY KEY, next_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS refund_waits (return_sale_id TEXT PRIMARY KEY, refusals INTEGER NOT NULL,
                                         next_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS web_sales_sale_id ON web_sales (sale_id);
CREATE INDEX IF NOT EXISTS web_sales_recording ON web_sales (order_id) WHERE state = 'recording';
"""
# The two indexes serve what every run asks of a table that grows by every web order: the order a POS return's
# sale records (returns flow) and the sales sent without a known outcome (orders flow), which scanned every web
# sale ever recorded. The partial index holds only the unsettled few; an index on ``state`` would also steer the
# add-back's joins through every recorded sale (tests/unit/test_connector_state.py reads the query plans).
WEB_SALE_STATES = ("recording", "recorded", "voided", "skipped")
# a refund Magento refused (an order not invoiced yet cannot take a credit memo) is tried again after
# REFUND_WAIT seconds, doubling after each refusal up to REFUND_WAIT_MAX: retried at every run, a week of
# refused returns made the returns flow most of the connector's work.
REFUND_WAIT = 300.0
REFUND_WAIT_MAX = 6 * 3600.0
# a web order's units still open (unshipped) in Magento, per SKU: what the add-back (summed by SQLite) and
# the orders flow read every run, kept beside web_sales in the same transaction, so a run neither reads nor
# decodes every order ever recorded. A state file written before this table existed gets it filled from
# web_sales when it is opened.
OPEN_TABLE = ("CREATE TABLE web_open_units (order_id INTEGER NOT NULL, sku TEXT NOT NULL, qty REAL NOT NULL, "
              "PRIMARY KEY (order_id, sku))")


def _open_units(order_id: int, open_qty: dict[str, Any]) -> list[tuple[int, str, float]]:
    return [(order_id, str(sku), float(qty)) for sku, qty in sorted(open_qty.items()) if float(qty) > 0]


class State:
    """SQLite-backed state; ``path=":memory:"`` for a throw-away run."""

    def __init__(self, path: Path | str) -> None:
        """Open (and create) the state file."""
        self.path = str(path)
        self.db = sqlite3.connect(self.path)
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)
        if self._one("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'web_open_units'") is None:
            self.db.execute(OPEN_TABLE)
            rows = self.db.execute("SELECT order_id, open FROM web_sales").fetchall()
            self.db.executemany("INSERT INTO web_open_units VALUES (?, ?, ?)",
                                [unit for order_id, text in rows for unit in _open_units(order_id, json.loads(text))])
        self.db.commit()
        self._batching = False

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def _one(self, sql: str, *args: Any) -> Any:
        row = self.db.execute(sql, args).fetchone()
        return row[0] if row else None

    def _write(self, sql: str, *args: Any) -> None:
        self.db.execute(sql, args)
        if not self._batching:
            self.db.commit()

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Writes inside commit once, at the end (also when the block raises: each write is a fact seen)."""
        if self._batching:
            yield
            return
        self._batching = True
        try:
            yield
        finally:
            self._batching = False
            self.db.commit()

    # cursors and schedule
    def cursor(self, name: str) -> int:
        """A saved cursor (0 when never saved)."""
        return int(self._one("SELECT value FROM cursors WHERE name = ?", name) or 0)

    def set_cursor(self, name: str, value: int) -> None:
        """Checkpoint a cursor."""
        self._write("INSERT OR REPLACE INTO cursors VALUES (?, ?)", name, value)

    def due(self, flow: str, now: float) -> bool:
        """Whether ``flow`` is due at ``now`` (POSIX seconds on the connector's clock)."""
        next_at = self._one("SELECT next_at FROM schedule WHERE flow = ?", flow)
        return next_at is None or now >= float(next_at)

    def schedule(self, flow: str, at: float) -> None:
        """Next run of ``flow`` (POSIX seconds: survives a restart, unlike a process-relative clock)."""
        self._write("INSERT OR REPLACE INTO schedule VALUES (?, ?)", flow, at)

    # POS levels and what must be re-posted
    def set_level(self, product_id: str, outlet_id: str, level: float) -> None:
        """Remember the last POS level seen."""
        self._write("INSERT OR REPLACE INTO levels VALUES (?, ?, ?)", product_id, outlet_id, level)

    def level(self, product_id: str, outlet_id: str) -> float | None:
        """The last POS level seen (None: never)."""
        value = self._one("SELECT level FROM levels WHERE product_id = ? AND outlet_id = ?", product_id, outlet_id)
        return None if value is None else float(value)

    def mark_dirty(self, sku: str, source: str) -> None:
        """(sku, source) must be re-posted (its add-back changed)."""
        self._write("INSERT OR IGNORE INTO dirty VALUES (?, ?)", sku, source)

    def dirty(self) -> list[tuple[str, str]]:
        """Pairs waiting to be re-posted."""
        return [(r[0], r[1]) for r in self.db.execute("SELECT sku, source FROM dirty ORDER BY sku, source")]

    def clean(self, pairs: list[tuple[str, str]]) -> None:
        """Posted: forget these pairs."""
        self.db.executemany("DELETE FROM dirty WHERE sku = ? AND source = ?", pairs)
        self.db.commit()

    # web orders recorded as POS sales
    def web_sale(self, order_id: int) -> dict[str, Any] | None:
        """The record of a Magento order (state: recording | recorded | voided)."""
        row = self.db.execute(f"SELECT {_WEB_SALE} FROM web_sales WHERE order_id = ?", (order_id,)).fetchone()
        return None if row is None else _web_sale(row)

    def save_web_sale(self, order_id: int, increment_id: str, sale_id: str | None, *, state: str,
                      lines: dict[str, Any], open_qty: dict[str, float]) -> None:
        """Record (or update) a web order's POS counterpart and its units still open in Magento (one commit)."""
        self.db.execute("INSERT OR REPLACE INTO web_sales VALUES (?, ?, ?, ?, ?, ?)", (
            order_id, increment_id, sale_id, state, json.dumps(lines, sort_keys=True),
            json.dumps(open_qty, sort_keys=True)))
        self.db.execute("DELETE FROM web_open_units WHERE order_id = ?", (order_id,))
        self.db.executemany("INSERT INTO web_open_units VALUES (?, ?, ?)", _open_units(order_id, open_qty))
        if not self._batching:
            self.db.commit()

    def web_sales(self, state: str = "recorded") -> list[dict[str, Any]]:
        """Every web order record in ``state``."""
        if state not in WEB_SALE_STATES:
            raise ValueError(f"a web sale's state is one of {', '.join(WEB_SALE_STATES)}, not {state!r}")
        # the state written into the query, not bound: SQLite uses a partial index only for a literal it can match
        return [_web_sale(row) for row in self.db.execute(
            f"SELECT {_WEB_SALE} FROM web_sales WHERE state = '{state}' ORDER BY order_id")]

    def open_web_sale_ids(self) -> list[int]:
        """The recorded web orders with units still open (unshipped) in Magento."""
        return [int(r[0]) for r in self.db.execute(
            "SELECT DISTINCT order_id FROM web_open_units JOIN web_sales USING (order_id) WHERE state = 'recorded' "
            "ORDER BY order_id")]

    def oldest_open_web_sale(self) -> int | None:
        """The oldest recorded web order with units still open in Magento (None: none)."""
        value = self._one("SELECT MIN(order_id) FROM web_open_units JOIN web_sales USING (order_id) "
                          "WHERE state = 'recorded'")
        return None if value is None else int(value)

    def open_web_sales(self) -> list[dict[str, Any]]:
        """The records of :meth:`open_web_sale_ids`."""
        return [s for s in (self.web_sale(i) for i in self.open_web_sale_ids()) if s is not None]

    def sale_order(self, sale_id: str) -> int | None:
        """The Magento order a POS sale records."""
        value = self._one("SELECT order_id FROM web_sales WHERE sale_id = ?", sale_id)
        return None if value is None else int(value)

    def add_back(self) -> dict[str, float]:
        """Units per Magento SKU recorded in the POS but still open (unshipped) in Magento."""
        return {str(sku): float(total) for sku, total in self.db.execute(
            "SELECT sku, SUM(qty) FROM web_open_units JOIN web_sales USING (order_id) WHERE state = 'recorded' "
            "GROUP BY sku ORDER BY sku")}

    # refunds
    def refund(self, return_sale_id: str) -> dict[str, Any] | None:
        """The refund record of a POS return (state: pending | done | skipped)."""
        row = self.db.execute("SELECT order_id, creditmemo_id, state, memos_before, note FROM refunds "
                              "WHERE return_sale_id = ?", (return_sale_id,)).fetchone()
        if row is None:
            return None
        return {"order_id": row[0], "creditmemo_id": row[1], "state": row[2], "memos_before": row[3], "note": row[4]}

    def save_refund(self, return_sale_id: str, order_id: int, *, state: str, memos_before: int,
                    creditmemo_id: str | None = None, note: str = "") -> None:
        """Write-ahead (pending) and outcome (done/skipped) of a refund."""
        self._write("INSERT OR REPLACE INTO refunds VALUES (?, ?, ?, ?, ?, ?)", return_sale_id, order_id,
                    creditmemo_id, state, memos_before, note)
        if state != "pending":
            self._write("DELETE FROM refund_waits WHERE return_sale_id = ?", return_sale_id)

    def pending_refunds(self, now: float | None = None) -> list[tuple[str, int]]:
        """(return sale id, order id) of refunds not known to be done (with ``now``: not waiting after a refusal)."""
        rows = self.db.execute(
            "SELECT r.return_sale_id, r.order_id FROM refunds r LEFT JOIN refund_waits w "
            "ON w.return_sale_id = r.return_sale_id WHERE r.state = 'pending' AND (? IS NULL OR w.next_at IS NULL "
            "OR w.next_at <= ?) ORDER BY r.return_sale_id", (now, now))
        return [(r[0], int(r[1])) for r in rows]

    def refund_refused(self, return_sale_id: str, now: float) -> float:
        """Magento refused this refund at ``now``: when to try again (the wait doubles with each refusal)."""
        refusals = int(self._one("SELECT refusals FROM refund_waits WHERE return_sale_id = ?", return_sale_id) or 0)
        next_at = now + min(REFUND_WAIT * 2.0 ** refusals, REFUND_WAIT_MAX)
        self._write("INSERT OR REPLACE INTO refund_waits VALUES (?, ?, ?)", return_sale_id, refusals + 1, next_at)
        return next_at

    def refund_waiting(self, return_sale_id: str, now: float) -> bool:
        """Whether a refused refund must wait longer before it is tried again."""
        next_at = self._one("SELECT next_at FROM refund_waits WHERE return_sale_id = ?", return_sale_id)
        return next_at is not None and now < float(next_at)

    def refunds_for(self, order_id: int) -> list[dict[str, Any]]:
        """Refund records of one order."""
        ids = [r[0] for r in self.db.execute("SELECT return_sale_id FROM refunds WHERE order_id = ?", (order_id,))]
        return [r for r in (self.refund(i) for i in ids) if r is not None]


_WEB_SALE = "order_id, increment_id, sale_id, state, lines, open"


def _web_sale(row: Any) -> dict[str, Any]:
    return {"order_id": row[0], "increment_id": row[1], "sale_id": row[2], "state": row[3],
            "lines": json.loads(row[4]), "open": json.loads(row[5])}
