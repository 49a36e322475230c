"""``stockgate drift observe``: the drift test on a merchant's real store pair, read-only, on wall time.

What it does, each ``--poll`` interval, until ``--days``/``--hours`` have passed:

1. **Follows closed POS sales** with Lightspeed's version cursor (``GET /api/2.0/sales?after=``; the legacy
   2.0 API is documented as still served next to the date versions). The cursor starts at the newest
   sale of the last day (``GET /api/2.0/search?type=sales&date_from=``), so a store's whole history is
   never paged through; sales closed before the run started are not measured.
2. **Samples** up to ``--sample`` sales a day closed in peak hours (``--peak``, the outlet's own time
   zone), one per SKU at a time, and for each reads the outlet's Lightspeed level (L0) and the mapped
   Magento source item's quantity (M0). Then it **polls** that source item, the SKU's salable quantity
   on the mapped stock and the outlet's level until the sale shows in Magento: the source quantity
   dropped by the sale's units, or equals L0 or the level now (already equal when first read: reflected
   then). The delay is from the sale's close to the read that saw it: a resolution of one poll.
3. **Counts** negative salable quantities (each time one of the polled SKUs goes below zero), infers the
   connector's inventory cadence from when the polled source items changed, and at each day's end (UTC)
   compares Lightspeed and Magento for the SKUs sold that day (at most ``--day-end-skus``): every
   mapped SKU x outlet cell that disagrees is a manual fix. The run's end checks its last part-day too.

It never writes: both clients are :class:`stockgate.live.client.StoreClient` with writes refused (any
request but GET raises before anything is sent; Magento's searches are GETs). Lightspeed requests keep
within ``--lightspeed-share`` of the rate limit, (300 x registers + 50) per 300 s, leaving the rest to
the merchant's connector; Magento requests within ``--rate``; a Retry-After is waited out. Everything
it learnt is kept in ``--state`` (JSON, rewritten atomically after every poll): run it again with the
same ``--state`` after a stop and it resumes until the end the first run set.

What a read-only run cannot see is said in the report, not guessed: oversells, undersells, order pull
cadence, catalog lag (``drift simulate`` measures those).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from stockgate.drift.model import DayEnd, Incident, MeasuredSale, Raw
from stockgate.errors import DataError, UsageError
from stockgate.live.client import StoreClient

STATE_FORMAT = 1
CLOSED = ("CLOSED", "ONACCOUNT_CLOSED", "LAYBY_CLOSED")  # Lightspeed 2.0 sale statuses that moved stock
PUSH = "POST /V1/inventory/source-items"  # the traffic key drift.measure.cadence reads for inventory pushes
SALES_PAGE = 500  # "capped at five hundred" for sales (vend/govend, LIGHTSPEED.md 2.2, unverified)
PAGES_PER_POLL = 20  # a backlog is caught up over several polls rather than in one burst

UNMEASURED = {
    "cadence: order pull": "not observable read-only (Magento records no reads of its orders)",
    "oversells": "not observable read-only (no record says a web order found no unit): see negative salable "
                 "quantity; drift simulate counts them",
    "undersells": "not observable read-only (refused web orders leave no record); drift simulate counts them",
    "unshippable web orders": "not observed by drift observe",
    "catalog lag (price changes)": "not measured by drift observe (drift simulate measures it)",
    "catalog lag (new products)": "not measured by drift observe (drift simulate measures it)",
    "web orders missed (new product not on the site)": "not measured by drift observe",
    "web orders at a stale price": "not measured by drift observe",
}


def observed_push(config: ObserveConfig, summary: Any) -> str:
    """The report's push-interval row for an observation: inferred from the polled source items changing."""
    push = next((c for c in summary.cadence if c.operation == "inventory push"), None)
    if push is None or push.runs < 2:
        return (f"not enough seen: {push.runs if push else 0} change(s) of the polled source items (inferred from "
                "them, so only while a sampled sale waits)")
    return (f"median {push.median / 60:.1f} min, max {push.max / 60:.1f} min over {push.runs:,} changes of the "
            f"polled source items (inferred, to within one poll of {config.poll:g} s; only seen while a sampled sale "
            "waits)")


def parse_peak(text: str) -> tuple[int, int]:
    """``11:00-14:00`` -> minutes of the day (start, end); ``00:00-24:00`` is the whole day."""
    try:
        start, end = (part.strip() for part in text.split("-"))
        minutes = []
        for part in (start, end):
            hours, mins = part.split(":")
            value = int(hours) * 60 + int(mins)
            if not (0 <= int(mins) < 60 and 0 <= value <= 24 * 60):
                raise ValueError
            minutes.append(value)
    except ValueError:
        raise UsageError(f"--peak {text!r}: expected HH:MM-HH:MM in the outlets' local time, e.g. 11:00-14:00") \
            from None
    if minutes[0] >= minutes[1]:
        raise UsageError(f"--peak {text!r}: the end must come after the start (e.g. 11:00-14:00)")
    return minutes[0], minutes[1]


@dataclass(frozen=True, slots=True, kw_only=True)
class ObserveConfig:
    """One observation of a real store pair; quacks like DriftConfig where the reports read it."""

    kind: ClassVar[str] = "observed"
    seconds: float
    poll: float = 60.0
    sample: int = 20
    peak: tuple[int, int] = (11 * 60, 14 * 60)
    lightspeed_share: float = 0.25
    registers: int = 1
    day_end_skus: int = 100
    minutes_per_fix: float = 5.0
    rate: float = 2.0
    stores: str = ""  # staging:<hash>,staging:<hash>
    links: str = ""  # how outlets were matched to sources
    outage: None = None
    seed: int = 1  # the peak-hour sample in the summary is drawn with it

    @property
    def days(self) -> float:
        """The span asked, in days."""
        return round(self.seconds / 86400, 4)

    def lightspeed_window(self) -> tuple[int, float]:
        """At most this many Lightspeed requests per 300 s: the share of (300 x registers + 50)."""
        return max(1, int(self.lightspeed_share * (300 * self.registers + 50))), 300.0

    def as_json(self) -> dict[str, Any]:
        """drift.json's ``config``."""
        return {"mode": "observed", "seconds": self.seconds, "poll_s": self.poll, "sample_per_day": self.sample,
                "peak_minutes": list(self.peak), "lightspeed_share": self.lightspeed_share,
                "registers": self.registers, "day_end_skus": self.day_end_skus,
                "minutes_per_fix": self.minutes_per_fix, "magento_rate_per_s": self.rate, "stores": self.stores,
                "links": self.links}


@dataclass(frozen=True, slots=True)
class Outlet:
    """A Lightspeed outlet and the Magento source it feeds."""

    id: str
    name: str
    source: str
    zone: dt.tzinfo


@dataclass(slots=True, kw_only=True)
class Links:
    """How the two stores are tied: outlets to sources, the stock sold from, the store code, SKU translation."""

    outlets: dict[str, Outlet]
    stock_id: int
    store: str = "default"
    skus: dict[str, str] = field(default_factory=dict)  # Lightspeed SKU -> Magento SKU (a mapping's table)
    how: str = ""


def _ok(response: Any) -> Any:
    """The JSON of a 2xx answer; None for anything else (counted by the caller, retried next poll)."""
    if not 200 <= response.status_code < 300:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _incident(kind: str, at: float, sku: str, where: str, units: float, *, detail: str = "") -> dict[str, Any]:
    """An :class:`Incident`'s fields as the state file keeps them."""
    return {"kind": kind, "at": at, "sku": sku, "where": where, "units": units, "lag": 0.0, "detail": detail}


def _zone(name: str | None) -> dt.tzinfo:
    try:
        return ZoneInfo(name) if name else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _stamp(text: str | None) -> float | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp()


def resolve_links(magento: StoreClient, lightspeed: StoreClient, mapping: Any | None) -> Links:
    """Outlets to sources: from the mapping file, else by name (an outlet and a source named alike)."""
    store = mapping.store if mapping is not None else "default"
    outlets = _ok(lightspeed.get("/api/2.0/outlets", [("page_size", "200")]))
    sources = _ok(magento.get(f"/rest/{store}/V1/inventory/sources", [("searchCriteria[pageSize]", "500")]))
    if outlets is None or sources is None:
        raise UsageError("could not read Lightspeed's outlets and Magento's sources (GET /api/2.0/outlets, "
                         "GET /V1/inventory/sources); does the integration have the inventory ACL and the token "
                         "outlets:read?")
    codes = {s["source_code"]: s.get("name") or "" for s in sources.get("items", [])}
    rows = [o for o in outlets.get("data", []) if not o.get("deleted_at")]
    linked: dict[str, Outlet] = {}
    if mapping is not None:
        for o in rows:
            source = mapping.source_for(o["name"])
            if source is not None and source in codes:
                linked[o["id"]] = Outlet(o["id"], o["name"], source, _zone(o.get("time_zone")))
        how = f"outlets to sources as mapping {mapping.name} says"
    else:
        by_name = {name.strip().casefold(): code for code, name in codes.items() if name}
        for o in rows:
            source = by_name.get(o["name"].strip().casefold())
            if source is not None:
                linked[o["id"]] = Outlet(o["id"], o["name"], source, _zone(o.get("time_zone")))
        how = "outlets matched to Magento sources by name (give --mapping FILE to say otherwise)"
    if not linked:
        raise UsageError("no Lightspeed outlet is tied to a Magento source: "
                         + ("the mapping's outlets name none of the stores' outlets and sources" if mapping else
                            "no outlet's name is a source's name") + "; give --mapping FILE (the connector's mapping)")
    stock = mapping.stock_id if mapping is not None else _stock_of(magento, store, {o.source for o in linked.values()})
    table = dict(mapping.sku_table) if mapping is not None else {}
    return Links(outlets=linked, stock_id=stock, store=store, skus=table, how=how)


def _stock_of(magento: StoreClient, store: str, sources: set[str]) -> int:
    """The stock most of the linked sources belong to (the one the website sells from)."""
    links = _ok(magento.get(f"/rest/{store}/V1/inventory/stock-source-links", [("searchCriteria[pageSize]", "500")]))
    counts: dict[int, int] = {}
    for link in (links or {}).get("items", []):
        if link.get("source_code") in sources:
            counts[int(link["stock_id"])] = counts.get(int(link["stock_id"]), 0) + 1
    if not counts:
        raise UsageError("the sources tied to outlets belong to no stock (GET /V1/inventory/stock-source-links); "
                         "give --mapping FILE with magento.stock_id")
    return max(sorted(counts), key=lambda stock: counts[stock])


class Observer:
    """The polling loop and everything it keeps (the ``--state`` file)."""

    def __init__(self, config: ObserveConfig, magento: StoreClient, lightspeed: StoreClient, links: Links,
                 state_path: Path, *, now: Callable[[], float] = time.time,
                 sleep: Callable[[float], object] = time.sleep,
                 progress: Callable[[str], None] = lambda line: None) -> None:
        """Load ``state_path`` when it holds this store pair's run (resume), else start one."""
        self.config, self.magento, self.lightspeed, self.links = config, magento, lightspeed, links
        self.state_path, self.now, self.sleep, self.progress = state_path, now, sleep, progress
        self.stopped = False
        self.state = self._load() or self._fresh()
        self.products: dict[str, str | None] = {}  # Lightspeed product id -> SKU (None: no SKU)

    def stop(self) -> None:
        """End after the current poll (Ctrl-C)."""
        self.stopped = True

    @property
    def resumed(self) -> bool:
        """Whether this run continues one the state file holds."""
        return bool(self.state.get("resumed"))

    def _fresh(self) -> dict[str, Any]:
        started = self.now()
        return {"format": STATE_FORMAT, "stores": self.config.stores, "started": started,
                "ends": started + self.config.seconds, "cursor": None, "seen": [], "sales": [], "incidents": [],
                "day_ends": [], "pushes": [], "last": {}, "negative": {}, "sampled": {}, "sold": {},
                "checked_days": [], "counts": {"POS sales": 0, "POS sales not in Magento": 0, "answers not 2xx": 0},
                "polls": 0}

    def _load(self) -> dict[str, Any] | None:
        path = self.state_path
        if not path.exists():
            return None
        where = str(path)
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise DataError("the state file is not a drift observe state", where=where, actual=type(exc).__name__,
                            hint="give a new --state path (or remove this file to start over)") from None
        if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
            raise DataError("the state file is not a drift observe state", where=where, key="format",
                            expected=str(STATE_FORMAT), hint="give a new --state path")
        if state.get("stores") != self.config.stores:
            raise UsageError(f"--state {path}: it holds the observation of another store pair ({state.get('stores')}); "
                             "give a new --state path for these stores")
        state["resumed"] = True
        return state

    # -- the loop ---------------------------------------------------------------------------------------

    def run(self) -> Raw:
        """Poll until the end (or :meth:`stop`); the raw observation."""
        state = self.state
        if state["cursor"] is None:
            state["cursor"] = self._anchor()
        while not self.stopped:
            moment = self.now()
            if moment >= state["ends"]:
                break
            self.poll(moment)
            self._save()
            if state["polls"] % 10 == 1:
                self.progress(self._progress_line())
            wait = min(self.config.poll, state["ends"] - self.now())
            if wait > 0 and not self.stopped:
                self.sleep(wait)
        if not self.stopped:
            self._day_end(partial=True)
            self._save()
        return self.raw(interrupted=self.stopped)

    def poll(self, moment: float) -> None:
        """One poll: new sales, the pending ones, a day's end if one passed."""
        state = self.state
        state["polls"] += 1
        day = self._day(moment)
        for ended in range(self._day(state.get("last_poll", moment)), day):
            if ended not in state["checked_days"]:
                self._day_end(day_index=ended)
        state["last_poll"] = moment
        self._follow_sales()
        self._poll_pending()

    def raw(self, *, interrupted: bool) -> Raw:
        """What was observed, as :mod:`stockgate.drift.measure` reads it (times in seconds since the start)."""
        state = self.state
        end = min(self.now(), state["ends"]) - state["started"]
        sales = [MeasuredSale(n=s["n"], sku=s["sku"], outlet=s["outlet"], qty=s["qty"], at=s["at"], peak=s["peak"],
                              reflected_at=s["reflected_at"]) for s in state["sales"]]
        incidents = [Incident(**i) for i in state["incidents"]]
        day_ends = [DayEnd(**d) for d in state["day_ends"]]
        return Raw(end=end, sales=sales, incidents=incidents, day_ends=day_ends,
                   traffic={PUSH: list(state["pushes"])}, counts=dict(state["counts"]), interrupted=interrupted)

    # -- Lightspeed sales -------------------------------------------------------------------------------

    def _anchor(self) -> int:
        """The version to follow sales after: the newest sale of the last day (0 when there is none)."""
        since = dt.datetime.fromtimestamp(self.state["started"] - 86400, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        found = _ok(self.lightspeed.get("/api/2.0/search", [("type", "sales"), ("date_from", since),
                                                            ("page_size", "1000")]))
        versions = [int(s["version"]) for s in (found or {}).get("data", []) if s.get("version") is not None]
        return max(versions, default=0)

    def _follow_sales(self) -> None:
        state = self.state
        seen = set(state["seen"])
        for _ in range(PAGES_PER_POLL):
            page = _ok(self.lightspeed.get("/api/2.0/sales", [("after", str(state["cursor"])),
                                                              ("page_size", str(SALES_PAGE))]))
            if page is None:
                state["counts"]["answers not 2xx"] += 1
                return
            rows = page.get("data") or []
            if not rows:
                return
            for sale in rows:
                state["cursor"] = max(state["cursor"], int(sale.get("version") or 0))
                if sale.get("status") in CLOSED and sale["id"] not in seen:
                    seen.add(sale["id"])
                    state["seen"].append(sale["id"])
                    self._closed(sale)

    def _closed(self, sale: dict[str, Any]) -> None:
        """A sale closed in an outlet tied to a source: note what it sold, maybe sample it."""
        state = self.state
        closed = _stamp(sale.get("sale_date")) or _stamp(sale.get("created_at"))
        outlet = self.links.outlets.get(sale.get("outlet_id") or "")
        if closed is None or closed < state["started"] or outlet is None:
            return
        state["counts"]["POS sales"] += 1
        day = str(self._day(closed))
        sold = state["sold"].setdefault(day, [])
        for line in sale.get("line_items") or []:
            qty = float(line.get("quantity") or 0)
            sku = self._sku(line.get("product_id"))
            if qty <= 0 or sku is None:
                continue
            if [sku, line["product_id"]] not in sold and len(sold) < self.config.day_end_skus:
                sold.append([sku, line["product_id"]])
            if self._peak(closed, outlet) and state["sampled"].get(day, 0) < self.config.sample and not any(
                    s["sku"] == sku and s["reflected_at"] is None for s in state["sales"]):
                self._sample(sale, line["product_id"], sku, qty, closed=closed, outlet=outlet)
                state["sampled"][day] = state["sampled"].get(day, 0) + 1

    def _sample(self, sale: dict[str, Any], product: str, sku: str, qty: float, *, closed: float,
                outlet: Outlet) -> None:
        state = self.state
        level = self._level(product, outlet.id)
        quantity = self._source_quantities(sku).get(outlet.source)
        if quantity is None:
            state["counts"]["POS sales not in Magento"] += 1
            return
        read = self.now()
        entry = {"n": len(state["sales"]) + 1, "sku": sku, "outlet": outlet.name, "qty": qty,
                 "at": closed - state["started"], "peak": True, "reflected_at": None, "product": product,
                 "outlet_id": outlet.id, "source": outlet.source, "m0": quantity, "l0": level, "sale": sale["id"]}
        if level is not None and quantity == level:
            entry["reflected_at"] = read - state["started"]
        state["sales"].append(entry)
        self._note_quantity(sku, outlet.source, quantity, read)

    def _poll_pending(self) -> None:
        state = self.state
        for entry in [s for s in state["sales"] if s["reflected_at"] is None]:
            quantities = self._source_quantities(entry["sku"])
            quantity = quantities.get(entry["source"])
            level = self._level(entry["product"], entry["outlet_id"])
            read = self.now()
            self._salable(entry["sku"], read)
            if quantity is None:
                continue
            self._note_quantity(entry["sku"], entry["source"], quantity, read)
            if quantity <= entry["m0"] - entry["qty"] or quantity == entry["l0"] or (
                    level is not None and quantity == level):
                entry["reflected_at"] = read - state["started"]

    # -- reads ------------------------------------------------------------------------------------------

    def _peak(self, closed: float, outlet: Outlet) -> bool:
        local = dt.datetime.fromtimestamp(closed, outlet.zone)
        minute = local.hour * 60 + local.minute
        return self.config.peak[0] <= minute < self.config.peak[1]

    def _sku(self, product: str | None) -> str | None:
        if not product:
            return None
        if product not in self.products:
            found = _ok(self.lightspeed.get(f"/api/2.0/products/{quote(product, safe='')}"))
            row = (found or {}).get("data") if isinstance(found, dict) else None
            sku = row.get("sku") if isinstance(row, dict) else None
            self.products[product] = self.links.skus.get(sku, sku) if sku else None
        return self.products[product]

    def _level(self, product: str, outlet: str) -> float | None:
        found = _ok(self.lightspeed.get(f"/api/2.0/products/{quote(product, safe='')}/inventory"))
        if found is None:
            self.state["counts"]["answers not 2xx"] += 1
            return None
        for row in found.get("data") or []:
            if row.get("outlet_id") == outlet:
                value = row.get("inventory_level", row.get("current_amount"))
                return float(value) if value is not None else None
        return None

    def _levels(self, product: str) -> dict[str, float]:
        found = _ok(self.lightspeed.get(f"/api/2.0/products/{quote(product, safe='')}/inventory"))
        return {row["outlet_id"]: float(row.get("inventory_level") or 0) for row in (found or {}).get("data") or []
                if row.get("outlet_id")}

    def _source_quantities(self, sku: str) -> dict[str, float]:
        query = [("searchCriteria[filter_groups][0][filters][0][field]", "sku"),
                 ("searchCriteria[filter_groups][0][filters][0][value]", sku),
                 ("searchCriteria[filter_groups][0][filters][0][condition_type]", "eq")]
        found = _ok(self.magento.get(f"/rest/{self.links.store}/V1/inventory/source-items", query))
        if found is None:
            self.state["counts"]["answers not 2xx"] += 1
            return {}
        return {item["source_code"]: float(item.get("quantity") or 0) for item in found.get("items", [])
                if item.get("sku") == sku}

    def _salable(self, sku: str, read: float) -> None:
        """Count a salable quantity gone below zero (once per time it goes below)."""
        path = (f"/rest/{self.links.store}/V1/inventory/get-product-salable-quantity/{quote(sku, safe='')}/"
                f"{self.links.stock_id}")
        value = _ok(self.magento.get(path))
        if not isinstance(value, int | float):
            return
        state = self.state
        negative = value < 0
        if negative and not state["negative"].get(sku):
            state["incidents"].append(_incident("negative-salable", read - state["started"], sku,
                                                f"stock {self.links.stock_id}", float(value)))
        state["negative"][sku] = negative

    def _note_quantity(self, sku: str, source: str, quantity: float, read: float) -> None:
        """A source item seen changed since the last read: the connector pushed (inferred, within a poll)."""
        state = self.state
        key = f"{sku}|{source}"
        before = state["last"].get(key)
        state["last"][key] = quantity
        at = read - state["started"]
        if before is not None and before != quantity and (not state["pushes"] or at - state["pushes"][-1] >= 1):
            state["pushes"].append(at)

    # -- day ends ---------------------------------------------------------------------------------------

    def _day(self, moment: float) -> int:
        """Whole UTC days since the start's midnight."""
        first = dt.datetime.fromtimestamp(self.state["started"], dt.UTC).replace(hour=0, minute=0, second=0,
                                                                                  microsecond=0)
        return int((moment - first.timestamp()) // 86400)

    def _day_end(self, *, day_index: int | None = None, partial: bool = False) -> None:
        """Compare both stores for the SKUs sold that day: each mapped cell that disagrees is a manual fix."""
        state = self.state
        index = self._day(self.now()) if day_index is None else day_index
        if index in state["checked_days"]:
            return
        cells, units, per_outlet = 0, 0.0, dict[str, float]()
        for sku, product in state["sold"].get(str(index), []):
            levels, quantities = self._levels(product), self._source_quantities(sku)
            for outlet in self.links.outlets.values():
                if outlet.id not in levels or outlet.source not in quantities:
                    continue
                off = abs(levels[outlet.id] - quantities[outlet.source])
                if off:
                    cells += 1
                    units += off
                    per_outlet[outlet.name] = per_outlet.get(outlet.name, 0.0) + off
                    state["incidents"].append(_incident("disagreement", self.now() - state["started"], sku,
                                                        outlet.name, off,
                                                        detail="part of a day (the run's end)" if partial else ""))
        state["checked_days"].append(index)
        state["day_ends"].append({"day": len(state["day_ends"]), "at": self.now() - state["started"], "cells": cells,
                                  "units": units, "per_outlet": per_outlet, "uncredited": 0})

    # -- state ------------------------------------------------------------------------------------------

    def _save(self) -> None:
        from stockgate.safewrite import write_atomic

        write_atomic(self.state_path, json.dumps({k: v for k, v in self.state.items() if k != "resumed"}) + "\n")

    def _progress_line(self) -> str:
        state = self.state
        hours = (self.now() - state["started"]) / 3600
        waiting = sum(1 for s in state["sales"] if s["reflected_at"] is None)
        return (f"observed {hours:.2f} h of {self.config.seconds / 3600:.2f} h: {state['counts']['POS sales']:,} POS "
                f"sales followed, {len(state['sales']):,} measured ({waiting} waiting to show in Magento); requests "
                f"Magento {self.magento.sent:,}, Lightspeed {self.lightspeed.sent:,}")
