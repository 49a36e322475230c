"""``stockgate drift simulate``: a business week through both twins and the connector under test.

The generated merchant (:mod:`stockgate.twins.generate`) seeds both twins on one virtual clock.
People act on the twins' own models, as the platforms' handlers do (a cashier closes sales, a
shopper goes through Magento's guest checkout, which checks salability and reserves, the back office
ships, cancels, returns, changes prices, transfers and counts), because a week at scale cannot
afford an HTTP round trip per sale. The connector under test acts only over HTTP, through the same
adapters the scenario runner uses (``reference``, ``python:``, ``command:``), woken at its most
frequent flow's interval and free to decide what is due; during ``--outage`` it is not woken.

After every tick the simulator observes (reading the twins' state, never their APIs and never the
connector): Magento's salable quantity of each SKU with a pending POS sale against the salable truth
(POS on-hand of the mapped outlets minus the units of web orders the POS has not recorded yet, shipped
or not, minus the out-of-stock threshold; the scenario oracles' salable truth counts only unshipped
ones, as it is read once the connector has settled). Each pending sale keeps the truth right
after it, moved by every later change to the SKU except later POS sales (a web order, a return, a
count, a void by the connector ...). The sale is *reflected* at the first observation where
Magento's salable quantity is no higher than that: Magento has caught up with this sale, whatever
later sales still wait. So the delay's resolution is one tick.
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from stockgate.adapters import ConnectorEnv, adapter_for
from stockgate.clock import VirtualClock
from stockgate.drift.config import DriftConfig
from stockgate.drift.load import Arrival, Load
from stockgate.drift.model import CatalogChange, DayEnd, Incident, MeasuredSale, Raw
from stockgate.twins.generate import Merchant, generate
from stockgate.twins.journal import UNROUTED, Journal, JournalEntry

DEMO_TOKEN = "stockgate-demo-token"
OAUTH = {"consumer_key": "stockgate-demo-consumer-key", "consumer_secret": "stockgate-demo-consumer-secret",
         "token_secret": "stockgate-demo-token-secret"}
NEW_PRODUCT_SHARE = 0.05  # of web orders, once there are new products: shoppers look for what is new
ADDRESS = {"firstname": "Sam", "lastname": "Shopper", "street": ["1 Main Street"], "city": "Springfield",
           "country_id": "US", "postcode": "62701", "telephone": "5550100", "email": "shopper@example.com"}
EPS = 1e-6


class TrafficJournal(Journal):
    """A bounded journal that also keeps, per operation, the distinct instants it was called (cadence)."""

    def __init__(self) -> None:
        """Keep the latest 200 entries, no bodies."""
        super().__init__(keep=200)
        self.instants: dict[str, list[float]] = {}

    def record(self, **fields: Any) -> JournalEntry:
        """Record, and note the instant under the operation."""
        entry = super().record(**fields)
        times = self.instants.setdefault(entry.operation or UNROUTED, [])
        if not times or times[-1] != entry.at:
            times.append(entry.at)
        return entry


def merchant_documents(config: DriftConfig) -> dict[str, dict[str, Any]]:
    """The generated merchant, its mapping set to the schedule (Lightspeed owns prices)."""
    documents = generate(Merchant(skus=config.skus, outlets=config.stores, variants=config.variants,
                                  seed=config.seed))
    mapping = documents["mapping"]
    s = config.schedule
    mapping["polling"] = {"stock": s["inventory"], "orders": s["orders"], "returns": s.get("returns", s["orders"]),
                          "catalog": s["catalog"]}
    mapping["lightspeed"]["api_version"] = config.lightspeed
    mapping["catalog"] = {**mapping["catalog"], "price": "lightspeed", "new_products": "lightspeed"}
    return documents


class Simulation:
    """One run: build, then :meth:`run`; :meth:`stop` (from a signal handler) ends it after the current tick."""

    def __init__(self, config: DriftConfig, *, adapter: Any = None,
                 progress: Callable[[str], None] | None = None) -> None:
        """``adapter``: drive this one instead of the one ``config.connector`` names."""
        self.config = config
        self.adapter = adapter or adapter_for(config.connector)
        self.progress = progress or (lambda _line: None)
        self.stopping = False
        self.raw = Raw(end=0.0)

    def stop(self) -> None:
        """Finish after the current tick and report what was measured (Ctrl-C)."""
        self.stopping = True

    # --- building -------------------------------------------------------------------------------
    def _build(self, folder: Path) -> None:
        from stockgate.twins.lightspeed import create_app as lightspeed_app
        from stockgate.twins.magento import create_app as magento_app

        c = self.config
        documents = merchant_documents(c)
        for name, document in documents.items():
            # JSON is YAML (flow style), read by the same seed loader; without indent it is written by json's C
            # encoder (indent=0 took the pure-Python one: 3 s for an 8-store, 25,000-SKU merchant)
            (folder / f"{name}.yaml").write_text(json.dumps(document), encoding="utf-8")
        self.mapping_path = folder / "mapping.yaml"
        self.clock = VirtualClock(c.start)
        self.m_journal, self.l_journal = TrafficJournal(), TrafficJournal()
        self.magento = magento_app(c.magento, c.magento_profile, seed=str(folder / "magento.yaml"), clock=self.clock,
                                   journal=self.m_journal)
        self.lightspeed = lightspeed_app(c.lightspeed, c.lightspeed_profile, seed=str(folder / "lightspeed.yaml"),
                                         clock=self.clock, journal=self.l_journal)
        ls = self.lightspeed.twin
        formula = ls.legacy.profile.value("rate_limit.formula")  # 300 x registers + 50 per 5 minutes (documented)
        ls.limiter.limit = int(formula["per_register"] * len(ls.store.registers) + formula["base"])
        self._index(documents)

    def _index(self, documents: dict[str, dict[str, Any]]) -> None:
        """Names and ids both sides use, the sellable SKUs and which of them move fast."""
        ls, inv = self.lightspeed.twin.store, self.magento.twin.inventory
        mapping = documents["mapping"]
        self.stock_id = int(mapping["magento"]["stock_id"])
        self.prefix = str(mapping["web_orders"]["invoice_prefix"])
        by_name = {o.name: o for o in ls.outlets.values()}
        self.outlets = [o["outlet"] for o in mapping["outlets"]]
        self.outlet_ids = [by_name[name].id for name in self.outlets]
        self.sources = [o["source"] for o in mapping["outlets"]]
        self.registers = [next(r.id for r in ls.registers.values() if r.outlet_id == oid) for oid in self.outlet_ids]
        self.web = self.outlets.index(mapping["web_orders"]["outlet"])
        self.user = next(iter(ls.users))
        self.rules = self.lightspeed.twin.release.versions[self.config.lightspeed].return_rules
        self.pid: dict[str, str] = {}
        for product in ls.products.values():
            for code in (product.sku, *(c.get("code") for c in product.product_codes)):
                if code and code in inv.products and not inv.products[code].composite:
                    self.pid[str(code)] = product.id
        self.items = sorted(self.pid)
        children = {child for p in inv.products.values() for child in p.children}
        self.simple = {sku for sku in self.items if sku not in children}  # prices change on these
        fast = [sum(ls.level(self.pid[sku], oid) for oid in self.outlet_ids) > 8 * len(self.outlet_ids)
                for sku in self.items]
        self.load = Load(self.config, len(self.items), fast)
        self.threshold: dict[str, float] = {sku: float(inv.products[sku].min_qty) for sku in self.items}

    def _env(self) -> tuple[ConnectorEnv, list[Any]]:
        """What the connector is given; a ``command:`` connector gets the twins served on loopback."""
        served: list[Any] = []
        urls = ["http://magento.test", "https://demo.retail.lightspeed.app"]
        if self.config.connector.startswith("command:"):
            from stockgate.twins.serving import ServedTwin

            served = [ServedTwin(self.magento), ServedTwin(self.lightspeed)]
            urls = [s.url for s in served]
        bearer = bool(self.magento.twin.behaviour.integration_bearer)
        env = ConnectorEnv(mapping=self.mapping_path, magento_url=urls[0], magento_token=DEMO_TOKEN,
                           lightspeed_url=urls[1], lightspeed_token=DEMO_TOKEN,
                           lightspeed_api_version=self.config.lightspeed, clock=self.clock,
                           magento_version=self.config.magento, magento_profile=self.config.magento_profile,
                           magento_oauth={} if bearer else dict(OAUTH),
                           magento_transport=None if served else httpx.ASGITransport(app=self.magento),
                           lightspeed_transport=None if served else httpx.ASGITransport(app=self.lightspeed))
        return env, served

    # --- running --------------------------------------------------------------------------------
    async def run(self) -> Raw:
        """The week (or until :meth:`stop`); never raises for the connector's failures (they are measured)."""
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="stockgate-drift-") as tmp:
            self._build(Path(tmp))
            self._watch()
            env, served = self._env()
            try:
                await self.adapter.configure(env)
                await self._loop()
            finally:
                try:
                    await self.adapter.close()
                finally:
                    for twin in served:
                        twin.stop()
        self.raw.traffic = {op: times for journal in (self.m_journal, self.l_journal)
                            for op, times in journal.instants.items()}
        self.raw.counts["http_429"] = self.l_journal.by_status.get(429, 0) + self.m_journal.by_status.get(429, 0)
        self.raw.wall_seconds = time.perf_counter() - started
        return self.raw

    def _watch(self) -> None:
        """Per-SKU bookkeeping the observer needs, kept as the twins change (hooks on their state objects)."""
        self.pending: dict[str, list[list[Any]]] = {}  # sku -> [sale, the truth Magento must come down to]
        self.last_truth: dict[str, float] = {}  # sku with pending sales -> its truth when last looked at
        self.dirty: set[str] = set()
        self.open_orders: dict[str, set[int]] = {}
        self.recorded: dict[str, str] = {}  # invoice number -> POS sale id (not voided)
        self.negative: set[str] = set()
        self.prices: dict[str, CatalogChange] = {}
        self.queue: list[tuple[float, int, str, Any]] = []
        self.seq = itertools.count()
        self.rng = random.Random(self.config.seed * 31 + 7)
        self.fault_rng = random.Random(self.config.seed * 53 + 11)  # its own draws: faults do not move the load
        self.count: dict[str, int] = {}

        self.by_product = by_product = {pid: sku for sku, pid in self.pid.items()}
        self.launched: list[str] = []  # new products, in the order they were created

        def on_change(event: str, payload: Any) -> None:
            if event == "inventory.update":  # a POS level moved (the connector voiding a sale, too)
                sku = by_product.get(str(payload()["product_id"])) if callable(payload) else None
                if sku is not None:
                    self.dirty.add(sku)
            elif event == "sale.update" and isinstance(payload, dict):
                invoice = str(payload.get("invoice_number") or "")
                if invoice.startswith(self.prefix) and not payload.get("return_for"):
                    if payload.get("status") == "VOIDED":
                        self.recorded.pop(invoice, None)
                    else:
                        self.recorded[invoice] = str(payload["id"])
                    self.dirty.update(self._order_skus(invoice))

        self.lightspeed.twin.store.listeners.append(on_change)
        inventory = self.magento.twin.inventory
        for name in ("set_source_item", "reserve", "deduct", "add_back"):  # whatever moves a salable quantity
            setattr(inventory, name, self._noting(getattr(inventory, name), 1 if name == "reserve" else 0))
        self.invoice_order: dict[str, int] = {}
        self.web_returns: list[tuple[int, float]] = []
        self.uncredited: set[int] = set()

    def _noting(self, method: Callable[..., Any], position: int) -> Callable[..., Any]:
        """``method`` of the Magento inventory, noting the SKU (its argument at ``position``) as changed."""
        dirty = self.dirty

        def call(*args: Any, **kwargs: Any) -> Any:
            dirty.add(args[position] if len(args) > position else kwargs["sku"])
            return method(*args, **kwargs)

        return call

    def _order_skus(self, invoice: str) -> list[str]:
        order_id = self.invoice_order.get(invoice)
        if order_id is None:
            return []
        return [line.sku for line in self.magento.twin.sales.orders[order_id].stock_lines]

    def _tally(self, kind: str) -> None:
        self.count[kind] = self.count.get(kind, 0) + 1

    async def _loop(self) -> None:
        c, tick = self.config, self.config.tick
        days = self.load.days()
        next_day, day_index = 0.0, 0
        outage = None
        if c.outage is not None:
            begin = (c.outage.start - c.start).total_seconds()
            outage = (begin, begin + c.outage.seconds)
        steps = int(c.seconds // tick)
        for step in range(1, steps + 1):
            now = step * tick
            while next_day < now and day_index < c.days:
                for arrival in next(days):
                    self._push(arrival.at, "arrival", arrival)
                day_index += 1
                next_day = day_index * 86400.0
            self._act_until(now)
            self.clock.advance(now - self.clock.elapsed)
            down = outage is not None and outage[0] <= now < outage[1]
            if down:
                self._tally("ticks skipped (outage)")
            else:
                await self._tick()
            self._observe(now)
            if now % 86400 == 0:
                self._day_end(int(now // 86400) - 1, now)
                self.progress(f"day {int(now // 86400)} of {c.days} simulated")
            self.raw.end = now
            if self.stopping:
                self.raw.interrupted = True
                break
        self.raw.counts = self.count

    def _faults(self) -> None:
        """``--faults``: per tick, each kind at its rate on one platform, for the connector's next request there."""
        from stockgate.drift.config import FAULT_KINDS
        from stockgate.twins.faults import FaultRule

        for kind, rate in sorted(self.config.faults.items()):
            if self.fault_rng.random() < rate:
                app = self.fault_rng.choice((self.magento, self.lightspeed))
                app.twin.faults.add(FaultRule(kind=kind, path="*", times=1, params=FAULT_KINDS[kind]))
                self._tally(f"faults planted ({kind})")

    async def _tick(self) -> None:
        self._tally("ticks")
        self._faults()
        try:
            result = await self.adapter.tick()
        except Exception as exc:  # a connector under test may raise anything: that is its result
            self._tally("ticks that raised")
            self._note(f"{type(exc).__name__}: {exc}")
            return
        if not result.ok:
            self._tally("ticks that reported a failure")
        for line in (result.output or "").splitlines():
            if ": failed: " in line or ": refund-refused: " in line or line.startswith("Traceback"):
                self._note(line)
        if getattr(result, "failure", ""):
            self._note(result.failure)

    def _note(self, line: str) -> None:
        notes = self.raw.connector_notes
        if line not in notes and len(notes) < 50:
            notes.append(line[:500])

    def _push(self, at: float, kind: str, payload: Any) -> None:
        heapq.heappush(self.queue, (at, next(self.seq), kind, payload))

    def _act_until(self, until: float) -> None:
        while self.queue and self.queue[0][0] <= until:
            at, _, kind, payload = heapq.heappop(self.queue)
            self.clock.advance(max(0.0, at - self.clock.elapsed))
            if kind == "arrival":
                getattr(self, "_" + payload.kind.replace("-", "_"))(payload)
            else:
                getattr(self, "_" + kind.replace("-", "_"))(payload)

    # --- the people ------------------------------------------------------------------------------
    def _level(self, sku: str, outlet: int) -> float:
        return float(self.lightspeed.twin.store.level(self.pid[sku], self.outlet_ids[outlet]))

    def _pos_sale(self, a: Arrival) -> None:
        """A cashier closes a sale of what is on the shelf (a few tries; else the shopper leaves)."""
        sku = self.items[a.item]
        for _ in range(4):
            if self._level(sku, a.outlet) >= a.qty:
                break
            sku = self.items[self.load.pick(self.rng)]
        else:
            self._tally("POS sales not made (shelf empty)")
            return
        before = self._before(sku)
        ls = self.lightspeed.twin
        price = ls.store.products[self.pid[sku]].price_excluding_tax
        sale = ls.sales.create(register_id=self.registers[a.outlet], user_id=self.user, status="CLOSED",
                               lines=[{"product_id": self.pid[sku], "quantity": a.qty, "price": price}],
                               rules=self.rules)
        now = self.clock.elapsed
        measured = MeasuredSale(n=len(self.raw.sales), sku=sku, outlet=self.outlets[a.outlet], qty=a.qty, at=now,
                                peak=self.load.in_peak(now))
        self.raw.sales.append(measured)
        del before  # the earlier sales' targets do not move with this sale: it is waited for on its own
        truth = self._raw_truth(sku)
        self.pending.setdefault(sku, []).append([measured, truth])
        self.last_truth[sku] = truth
        self.dirty.add(sku)
        self._tally("POS sales")
        if self.rng.random() < self.config.return_rate:
            later = now + self.rng.uniform(2 * 3600, 2 * 86400)  # brought back within two days
            self._push(self._open_at(a.outlet, later), "pos-return", (sale.id, sku, a.outlet))

    def _open_at(self, outlet: int, at: float) -> float:
        """``at``, or the next opening hour of ``outlet`` after it."""
        day = int(at // 86400)
        opens, closes = self.load.hours[outlet].on(day)
        hour = (at % 86400) / 3600
        if opens <= hour < closes:
            return at
        if hour < opens:
            return day * 86400.0 + opens * 3600 + 60
        opens, _ = self.load.hours[outlet].on(day + 1)
        return (day + 1) * 86400.0 + opens * 3600 + 60

    def _pos_return(self, payload: tuple[str, str, int]) -> None:
        """A customer brings a POS sale back; four in five go back on the shelf, the rest are written off."""
        sale_id, sku, outlet = payload
        self._return_sale(sale_id, sku, outlet)
        self._tally("POS returns")

    def _return_sale(self, sale_id: str, sku: str, outlet: int) -> None:
        ls = self.lightspeed.twin
        before = self._before(sku)
        try:
            parked = ls.sales.start_return(ls.sales.get(sale_id), user_id=self.user, rules=self.rules)
            ls.sales.transition(parked, "CLOSED")
        except Exception:  # the twin refused (already returned, voided): nothing comes back
            self._tally("returns refused by the POS")
            self._after(sku, before)
            return
        if self.rng.random() < 0.2:  # damaged: written off after the return put it back
            qty = -sum(line.quantity for line in parked.lines)
            ls.store.adjust(self.pid[sku], self.outlet_ids[outlet], -qty)
            self._tally("returns written off (no restock)")
        self._after(sku, before)
        self.dirty.add(sku)

    def _left(self, sku: str) -> float:
        """Units physically left across the mapped outlets, net of open web units not yet in the POS."""
        store = self.lightspeed.twin.store
        pid = self.pid[sku]
        on_hand: float = sum(max(store.level(pid, oid), 0.0) for oid in self.outlet_ids)
        return on_hand - self._unrecorded(sku)

    def _raw_truth(self, sku: str) -> float:
        """The salable truth before it is floored at 0."""
        return self._left(sku) - float(self.threshold[sku])

    def _before(self, sku: str) -> float | None:
        """Before a change to ``sku``: bring its pending sales' targets up to date (None: none pending)."""
        if sku not in self.pending:
            return None
        truth = self._raw_truth(sku)
        self._shift(sku, truth - self.last_truth[sku])
        self.last_truth[sku] = truth
        return truth

    def _after(self, sku: str, before: float | None) -> None:
        """After a change to ``sku`` (not a POS sale of it): its pending sales' targets move with the truth."""
        if before is None or sku not in self.pending:
            return
        truth = self._raw_truth(sku)
        self._shift(sku, truth - before)
        self.last_truth[sku] = truth

    def _shift(self, sku: str, delta: float) -> None:
        if delta:
            for entry in self.pending[sku]:
                entry[1] += delta

    def _unrecorded(self, sku: str) -> float:
        sales = self.magento.twin.sales
        ids = self.open_orders.get(sku)
        if not ids:
            return 0.0
        total = 0.0
        for order_id in list(ids):
            order = sales.orders[order_id]
            if f"{self.prefix}{order.increment_id}" in self.recorded:
                ids.discard(order_id)  # the POS on-hand holds it now
                continue
            # shipped or not, a unit sold on the web is off the shelf for good: the POS just does not know yet
            left = 0.0 if order.state == "canceled" else sum(
                max(0.0, i.qty_ordered - i.qty_canceled - i.qty_refunded) for i in order.stock_lines if i.sku == sku)
            if left <= EPS:
                ids.discard(order_id)
            total += left
        return total

    def _salable(self, sku: str) -> float:
        """Magento's salable quantity before it is floored at 0 (the twin's own model)."""
        inv = self.magento.twin.inventory
        return float(inv.physical_quantity(sku, self.stock_id) + inv.reserved(sku, self.stock_id)
                     - self.threshold[sku])

    def _web_order(self, a: Arrival) -> None:
        """A shopper checks out as a guest (now and then a new product, if the site has it yet)."""
        if self.launched and self.rng.random() < NEW_PRODUCT_SHARE:
            sku = self.launched[self.rng.randrange(len(self.launched))]
            if sku not in self.magento.twin.inventory.products:
                self._tally("web orders missed (new product not on the site yet)")
                self.raw.missed_new.append((self.clock.elapsed, sku))
                return
            self._checkout(sku, a.qty)
            return
        self._checkout(self.items[a.item], a.qty)

    def _checkout(self, sku: str, qty: int) -> None:
        """Guest checkout of ``qty`` x ``sku``; Magento refuses what it does not show as salable."""
        from stockgate.twins.magento.errors import MagentoError

        a = Arrival(at=self.clock.elapsed, kind="web-order", qty=qty)
        m = self.magento.twin
        left = self._left(sku)
        before = self._before(sku)
        co = m.checkout
        cart = co.cart(co.create("default"))
        try:
            co.add_item(cart, {"sku": sku, "qty": a.qty})
            co.set_shipping(cart, {"shipping_address": ADDRESS, "shipping_carrier_code": "flatrate",
                                   "shipping_method_code": "flatrate"})
            order = co.place(cart, {"paymentMethod": {"method": "checkmo"}, "email": ADDRESS["email"]},
                             self.clock.magento_time())
        except MagentoError:
            self._tally("web orders refused (not salable)")
            self._after(sku, before)
            if left >= a.qty:
                self._incident("undersell", sku, units=a.qty, detail=f"{left:g} unit(s) on the shelves, the web "
                               "shop showed it out of stock")
            return
        now = self.clock.elapsed
        self._tally("web orders")
        self.open_orders.setdefault(sku, set()).add(order.entity_id)
        self.invoice_order[f"{self.prefix}{order.increment_id}"] = order.entity_id
        self._after(sku, before)
        self.dirty.add(sku)
        if left < a.qty:
            waiting = self.pending.get(sku) or []
            lag = now - waiting[0][0].at if waiting else 0.0
            self._incident("oversell", sku, units=a.qty - max(left, 0.0), lag=lag,
                           detail=f"accepted {a.qty:g} with {max(left, 0.0):g} physically left")
        change = self.prices.get(sku)
        if change is not None and change.kind == "price":
            off = abs(m.inventory.products[sku].price - change.new) * a.qty
            self.raw.stale_orders.append((now, sku, round(off, 2)))
        if self.rng.random() < self.config.cancel_rate:
            self._push(now + self.rng.uniform(600, 6 * 3600), "cancel", order.entity_id)
        else:
            self._push(self._open_at(self.web, now + self.rng.uniform(3600, 8 * 3600)), "ship", order.entity_id)

    def _incident(self, kind: str, sku: str, **fields: Any) -> None:
        self.raw.incidents.append(Incident(kind=kind, at=self.clock.elapsed, sku=sku, **fields))

    def _ship(self, order_id: int) -> None:
        """The warehouse ships the order from the web source (a source short of it cannot), then invoices it.

        Payment is captured on shipment: Magento makes no credit memo for an order not invoiced, so
        without the invoice no web order returned in a store could be refunded.
        """
        from stockgate.twins.magento.errors import MagentoError

        m = self.magento.twin
        order = m.sales.orders[order_id]
        if order.state in ("canceled", "closed", "complete"):
            return
        befores = {line.sku: self._before(line.sku) for line in order.stock_lines}
        try:
            m.sales.ship(order, [], self.sources[self.web], self.clock.magento_time())
        except MagentoError:
            sku = order.stock_lines[0].sku
            self._incident("unshippable", sku, where=self.sources[self.web], units=order.stock_lines[0].qty_ordered,
                           detail=f"order {order.increment_id}: the source holds too few units to ship")
            return
        m.sales.invoice(order, [], self.clock.magento_time())
        self._tally("shipments")
        for sku, before in befores.items():
            self._after(sku, before)
            self.dirty.add(sku)
        if self.rng.random() < self.config.return_rate:
            later = self.clock.elapsed + self.rng.uniform(2 * 3600, 2 * 86400)  # delivered, then sent back
            self._push(self._open_at(self.web, later), "web-return", order_id)

    def _cancel(self, order_id: int) -> None:
        m = self.magento.twin
        order = m.sales.orders[order_id]
        befores = {line.sku: self._before(line.sku) for line in order.stock_lines}
        if m.sales.cancel(order):
            self._tally("cancellations")
        for sku, before in befores.items():
            self._after(sku, before)
            self.dirty.add(sku)

    def _web_return(self, order_id: int) -> None:
        """A web order comes back to the web outlet: returned in the POS against the sale that recorded it."""
        order = self.magento.twin.sales.orders[order_id]
        invoice = f"{self.prefix}{order.increment_id}"
        sale_id = self.recorded.get(invoice)
        if sale_id is None:
            self._tally("web returns with no POS sale to return against")
            return
        self._return_sale(sale_id, order.stock_lines[0].sku, self.web)
        self.web_returns.append((order_id, self.clock.elapsed))
        self._tally("web-order returns")

    def _price_change(self, a: Arrival) -> None:
        """The back office changes a simple product's price in Lightspeed (Lightspeed owns prices)."""
        sku = self.items[a.item]
        if sku not in self.simple:
            return
        store = self.lightspeed.twin.store
        product = store.products[self.pid[sku]]
        old = product.price_excluding_tax
        product.price_excluding_tax = round(old * self.rng.choice((0.9, 1.1)), 2)
        store.product_changed(product)
        change = CatalogChange(sku=sku, at=self.clock.elapsed, old=old, new=product.price_excluding_tax)
        self.raw.changes.append(change)
        self.prices[sku] = change
        self._tally("price changes")

    def _new_product(self, a: Arrival) -> None:
        """The back office creates a product in Lightspeed with stock at every outlet (Lightspeed owns new products)."""
        from stockgate.twins.lightspeed.state import Product

        store = self.lightspeed.twin.store
        sku = f"NEW-{len(self.launched) + 1:05d}"
        price = round(5 + self.rng.randrange(0, 10000) / 100, 2)
        product = Product(id=store.make_id("product"), name=f"New item {sku}", handle=sku.lower(), sku=sku,
                          price_excluding_tax=price, supply_price=round(price / 2, 2))
        product.family_id = product.id
        store.products[product.id] = product
        store.product_changed(product)
        for oid in self.outlet_ids:
            store.set_level(product.id, oid, float(self.rng.randrange(3, 12)))
        self.pid[sku] = product.id
        self.by_product[product.id] = sku
        self.threshold[sku] = 0.0
        self.launched.append(sku)
        change = CatalogChange(sku=sku, at=self.clock.elapsed, old=0.0, new=price, kind="new")
        self.raw.changes.append(change)
        self.prices[sku] = change
        self._tally("new products")

    def _transfer(self, a: Arrival) -> None:
        """Stock moves between two outlets (sent and received the same day)."""
        sku = self.items[a.item]
        qty = min(a.qty, max(0.0, self._level(sku, a.outlet)))
        if qty <= 0:
            return
        store = self.lightspeed.twin.store
        before = self._before(sku)
        store.adjust(self.pid[sku], self.outlet_ids[a.outlet], -qty)
        store.adjust(self.pid[sku], self.outlet_ids[a.other], qty)
        self._after(sku, before)
        self.dirty.add(sku)
        self._tally("transfers")

    def _stock_count(self, a: Arrival) -> None:
        """A count finds the shelf one unit off (lost or found) and sets the level."""
        sku = self.items[a.item]
        level = self._level(sku, a.outlet)
        before = self._before(sku)
        self.lightspeed.twin.store.set_level(self.pid[sku], self.outlet_ids[a.outlet],
                                             max(0.0, level + self.rng.choice((-1, 1))))
        self._after(sku, before)
        self.dirty.add(sku)
        self._tally("stock counts")

    # --- the observer ------------------------------------------------------------------------------
    def _observe(self, now: float) -> None:
        """After a tick: which pending sales Magento now reflects; negative salable; prices shown."""
        for sku in self.dirty:
            actual = self._salable(sku)
            if actual < -EPS and sku not in self.negative:
                self.negative.add(sku)
                self._incident("negative-salable", sku, units=-actual, detail=f"salable {actual:g}")
            elif actual >= -EPS:
                self.negative.discard(sku)
            if sku in self.pending:
                self._before(sku)
                shown = max(actual, 0.0)
                waiting = [entry for entry in self.pending[sku] if shown > max(entry[1], 0.0) + EPS]
                for entry in self.pending[sku]:
                    if shown <= max(entry[1], 0.0) + EPS:
                        entry[0].reflected_at = now
                if waiting:
                    self.pending[sku] = waiting
                else:
                    del self.pending[sku], self.last_truth[sku]
        self.dirty.clear()  # a SKU nothing touched since keeps its answer (the hooks note every change)
        inventory = self.magento.twin.inventory
        products = inventory.products
        for sku, change in list(self.prices.items()):
            if change.kind == "new":  # shown when a shopper can buy it: on the site and salable
                shown = sku in products and inventory.salable_quantity(sku, self.stock_id) > 0
            else:
                shown = abs(products[sku].price - change.new) < 0.005
            if shown:
                change.shown_at = now
                del self.prices[sku]

    def _day_end(self, day: int, now: float) -> None:
        """Cells (SKU x mapped source) that disagree with the source truth; returns no credit memo followed."""
        inv, store = self.magento.twin.inventory, self.lightspeed.twin.store
        recorded_open: dict[str, float] = {}
        sales = self.magento.twin.sales
        for invoice in self.recorded:
            order_id = self.invoice_order.get(invoice)
            if order_id is None:
                continue
            order = sales.orders[order_id]
            if order.state == "canceled":
                continue
            for i in order.stock_lines:
                left = i.qty_ordered - i.qty_shipped - i.qty_canceled - i.qty_refunded
                if left > 0:
                    recorded_open[i.sku] = recorded_open.get(i.sku, 0.0) + left
        cells, units, per_outlet = 0, 0.0, dict.fromkeys(self.outlets, 0.0)
        for sku in self.items:
            pid = self.pid[sku]
            for n, oid in enumerate(self.outlet_ids):
                expected = max(store.level(pid, oid), 0.0) + (recorded_open.get(sku, 0.0) if n == self.web else 0.0)
                row = inv.items.get((sku, self.sources[n]))
                actual = row["quantity"] if row else 0.0
                if abs(actual - expected) > EPS:
                    cells += 1
                    units += abs(actual - expected)
                    per_outlet[self.outlets[n]] += abs(actual - expected)
        uncredited = 0
        for order_id, _at in self.web_returns:
            if order_id not in self.uncredited and not sales.orders[order_id].documents_of("creditmemo"):
                self.uncredited.add(order_id)  # one fix each, counted on the first day's end it is missing
                uncredited += 1
        self.raw.day_ends.append(DayEnd(day=day, at=now, cells=cells, units=units, per_outlet=per_outlet,
                                        uncredited=uncredited))
        if cells:
            self._incident("disagreement", "*", units=units, detail=f"day {day + 1}: {cells} SKU x location cell(s) "
                           f"disagree by {units:g} unit(s)")
        if uncredited:
            self._incident("uncredited-return", "*", units=uncredited, detail=f"day {day + 1}: {uncredited} POS "
                           "return(s) of web orders with no credit memo in Magento")


def simulate(config: DriftConfig, *, adapter: Any = None, progress: Callable[[str], None] | None = None,
             simulation: Simulation | None = None) -> Raw:
    """Run ``config`` to the end (or until stopped) and return what was observed."""
    import asyncio

    sim = simulation or Simulation(config, adapter=adapter, progress=progress)
    return asyncio.run(sim.run())


def with_defaults(config: DriftConfig, **changes: Any) -> DriftConfig:
    """``config`` with some fields changed (tests and the bench)."""
    return dataclasses.replace(config, **changes)
