"""The checks: a scenario's ``then`` expectations and the global invariants of DESIGN.md.

Invariants, read through the platforms' APIs:

* **source truth** — each mapped source holds its outlet's POS on-hand, plus (for the web outlet's
  source) the units of web orders recorded in the POS that Magento has not shipped: in flight.
* **salable truth** — Magento's salable quantity = POS on-hand of the enabled mapped sources minus
  units of open web orders not yet recorded in the POS, minus the out-of-stock threshold: every open
  order counted exactly once.
* **reservation balance** — an order in a final state has reservations summing to 0 (reservations
  have no Web API, so this one reads the twin).
* **exactly once** — no web order has two POS sales; no order has more credit memos than POS returns.
* **restocked once** — sampled right after each connector tick that created a credit memo, not only
  once the platforms agree: for each SKU the memo refunds, the units in Magento's mapped sources do
  not exceed the POS on-hand at their outlets plus recorded web units not yet shipped. A return put
  back twice (by the memo's ``return_to_stock_items`` and again by the connector's own push) lasts
  until the next absolute stock push, which hides it from every check that waits for agreement.
* **retry-after honoured** — after a 429 that named a wait (``Retry-After`` seconds or date, or the
  legacy body timestamp), the connector sent nothing more to that platform before the wait was
  over, on the virtual clock (read from the twins' journals; the scenario's own steps excluded).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stockgate.connector.catalog import match
from stockgate.connector.clients import segment
from stockgate.httpwait import retry_after_seconds
from stockgate.scenarios.model import Finding
from stockgate.scenarios.world import World
from stockgate.twins.shell import ACTOR

if TYPE_CHECKING:
    from stockgate.adapters.protocol import Reports

INVARIANTS = ("source-truth", "salable-truth", "reservation-balance", "exactly-once", "retry-after-honoured",
              "restocked-once")
TWIN_ONLY = ("reservation-balance", "retry-after-honoured", "restocked-once")  # not checkable on a real store
AT_TICKS = ("restocked-once",)  # sampled after the connector's ticks (Checker.after_tick), not at the end
REFUND = "POST /V1/order/{orderId}/refund"
FINAL = {"complete", "closed", "canceled"}


@dataclass(slots=True, kw_only=True)
class Truth:
    """What the platforms say, gathered once per check."""

    pairs: dict[str, str]  # Magento SKU -> Lightspeed product id
    levels: dict[tuple[str, str], float]  # (sku, outlet name) -> POS level
    open_units: dict[str, float]  # sku -> units of open Magento orders (unshipped)
    recorded_open: dict[str, float]  # sku -> of those, orders already recorded as POS sales
    orders: list[dict[str, Any]]
    sales: list[dict[str, Any]]


async def gather(w: World) -> Truth:
    """Read both platforms."""
    products = await w.ls_rows("/products")
    magento_rows = await w.admin_list("/products")
    magento = {p["sku"]: p for p in magento_rows if p.get("type_id") != "configurable"}
    pairs: dict[str, str] = {}
    for product in products:
        if not product.get("has_variants"):
            sku = match(w.mapping, product, magento)
            if sku:
                pairs[sku] = product["id"]
    if w.watch is None:  # normally set by the runner before the first step (World.start_watching)
        w.watch = set(pairs) | w.named
    pairs = {sku: pid for sku, pid in pairs.items() if sku in w.watch}
    outlets = {o["id"]: o["name"] for o in (await w.ls_get("/outlets"))["data"]}
    inventory = await w.ls_rows("/inventory")
    by_product = {pid: sku for sku, pid in pairs.items()}
    levels = {(by_product[r["product_id"]], outlets[r["outlet_id"]]): float(r["inventory_level"])
              for r in inventory if r["product_id"] in by_product}
    orders, sales = await w.orders(), await w.pos_sales()
    recorded = {s["invoice_number"] for s in sales if s["status"] != "VOIDED"}
    open_units: dict[str, float] = {}
    recorded_open: dict[str, float] = {}
    for order in orders:
        if order.get("state") == "canceled":
            continue
        is_recorded = f"{w.mapping.invoice_prefix}{order['increment_id']}" in recorded
        for item in order.get("items") or []:
            if item.get("product_type") == "configurable":
                continue
            left = float(item["qty_ordered"]) - float(item.get("qty_shipped") or 0) \
                - float(item.get("qty_canceled") or 0) - float(item.get("qty_refunded") or 0)
            if left > 0:
                open_units[item["sku"]] = open_units.get(item["sku"], 0.0) + left
                if is_recorded:
                    recorded_open[item["sku"]] = recorded_open.get(item["sku"], 0.0) + left
    return Truth(pairs=pairs, levels=levels, open_units=open_units, recorded_open=recorded_open, orders=orders,
                 sales=sales)


class Checker:
    """Builds findings for one scenario run."""

    def __init__(self, w: World, scenario: str, pair: str, *, invariants: tuple[str, ...] = INVARIANTS) -> None:
        """Collect findings for ``scenario`` on ``pair`` (``invariants``: the scenario's, for the tick samples)."""
        self.w = w
        self.scenario = scenario
        self.pair = pair
        self.findings: list[Finding] = []
        self.unchecked: list[str] = []
        self.sampled = tuple(name for name in invariants if name in AT_TICKS)

    def tick_mark(self) -> int:
        """Where the Magento journal is before a tick (what :meth:`after_tick` looks past)."""
        return len(self.w.magento.twin.journal) if self.w.twins and self.sampled else 0

    async def after_tick(self, mark: int) -> None:
        """Sample the tick invariants when the tick that just ended created a credit memo."""
        if not self.w.twins or "restocked-once" not in self.sampled:
            return
        refunds = [e for e in list(self.w.magento.twin.journal)[mark:] if e.operation == REFUND
                   and not e.request_header(ACTOR) and e.status is not None and e.status < 300]
        if refunds:
            await self._restocked_once(refunds)

    async def _restocked_once(self, refunds: list[Any]) -> None:
        skus: set[str] = set()
        for entry in refunds:
            order = (await self.w.admin("GET", f"/orders/{entry.path.rstrip('/').split('/')[-2]}")).json()
            by_item = {int(i["item_id"]): str(i["sku"]) for i in order.get("items") or []}
            skus |= {by_item.get(int(i.get("order_item_id") or 0), "") for i in (entry.request_body or {}).get(
                "items") or []}
        truth = await gather(self.w)
        items = await self.w.source_items()
        mapped, seen = self._mapped(), {f.subject for f in self.findings if f.check == "restocked-once"}
        for sku in sorted(skus & set(truth.pairs)):
            magento = sum(items.get((sku, source)) or 0.0 for source in mapped.values())
            shelf = sum(max(truth.levels.get((sku, outlet), 0.0), 0.0) for outlet in mapped)
            expected = shelf + truth.recorded_open.get(sku, 0.0)
            subject = f"{sku} right after its credit memo"  # the time is in actual: a subject is an identity
            if magento > expected + 1e-6 and subject not in seen:
                self.fail("restocked-once", subject, f"at most {expected:g}",
                          f"{magento:g} at {self.w.clock.elapsed:g} s",
                          f"POS on-hand {shelf:g} + {truth.recorded_open.get(sku, 0.0):g} recorded web "
                          "units not yet shipped; more in Magento's sources is a return put back twice (the memo's "
                          "return_to_stock_items and the connector's own push): sold online until the next push")

    def fail(self, check: str, subject: str, expected: Any, actual: Any, hint: str = "") -> None:
        """Record one finding."""
        self.findings.append(Finding(scenario=self.scenario, pair=self.pair, check=check, subject=subject,
                                     expected=_show(expected), actual=_show(actual), hint=hint))

    async def invariants(self, names: tuple[str, ...] = INVARIANTS, *, first_failure: bool = False) -> list[Finding]:
        """Check the global invariants (in ``names`` order); returns this call's findings.

        ``first_failure`` stops after the first invariant that fails: a convergence probe only needs
        to know whether the platforms agree yet, and salable truth (two reads per SKU) is the dearest.
        """
        before = len(self.findings)
        if not self.w.twins:  # a real store: no journal, no reservations to read
            for name in TWIN_ONLY:
                if name in names:
                    self._unchecked(name, "it reads the twins (journals or reservations), and this run acts on a "
                                    "real store")
            names = tuple(name for name in names if name not in TWIN_ONLY)
        names = tuple(name for name in names if name not in AT_TICKS)  # sampled after ticks (after_tick)
        if "retry-after-honoured" in names:  # journals only: no reads
            self._retry_after_honoured()
            names = tuple(name for name in names if name != "retry-after-honoured")
            if not names or (first_failure and len(self.findings) > before):
                return self.findings[before:]
        truth = await gather(self.w)
        for name in names:
            if name == "source-truth":
                await self._source_truth(truth)
            elif name == "salable-truth":
                await self._salable_truth(truth)
            elif name == "reservation-balance":
                self._reservation_balance(truth)
            elif name == "exactly-once":
                await self._exactly_once(truth)
            if first_failure and len(self.findings) > before:
                break
        return self.findings[before:]

    def _unchecked(self, check: str, why: str) -> None:
        note = f"{check}: not checked: {why}"
        if note not in self.unchecked:
            self.unchecked.append(note)

    def _mapped(self) -> dict[str, str]:
        return {outlet: source for outlet, source in self.w.mapping.outlets.items() if source}

    async def _source_truth(self, truth: Truth) -> None:
        web_source = self.w.mapping.outlets.get(self.w.mapping.web_outlet)
        items = await self.w.source_items()
        for sku in sorted(truth.pairs):
            for outlet, source in self._mapped().items():
                level = truth.levels.get((sku, outlet), 0.0)
                expected = max(level, 0.0) + (truth.recorded_open.get(sku, 0.0) if source == web_source else 0.0)
                actual = items.get((sku, source))
                if actual is None and expected == 0:
                    continue
                if actual is None or abs(actual - expected) > 1e-6:
                    self.fail("source-truth", f"{sku}@{source}", expected, actual,
                              f"POS {outlet} on-hand {level:g}" + (f" + {truth.recorded_open.get(sku, 0):g} recorded "
                                                                   "web units not yet shipped"
                                                                   if source == web_source else ""))

    async def _salable_truth(self, truth: Truth) -> None:
        sources = await self.w.admin_list("/inventory/sources")
        enabled = {s["source_code"] for s in sources if s.get("enabled", True)}
        salable = await self.w.salables(sorted(truth.pairs))  # a page of SKUs per request, not one each
        for sku in sorted(truth.pairs):
            threshold = await self.w.threshold(sku)
            on_hand = sum(max(truth.levels.get((sku, outlet), 0.0), 0.0) for outlet, source in self._mapped().items()
                          if source in enabled)
            unrecorded = truth.open_units.get(sku, 0.0) - truth.recorded_open.get(sku, 0.0)
            expected = max(0.0, on_hand - unrecorded - threshold)
            actual = salable[sku]
            if abs(actual - expected) > 1e-6:
                self.fail("salable-truth", sku, expected, actual,
                          f"POS on-hand {on_hand:g} - open web units not in the POS {unrecorded:g} - threshold "
                          f"{threshold:g}; a lower figure counts an order twice")

    def _retry_after_honoured(self) -> None:
        for platform, app in (("magento", self.w.magento), ("lightspeed", self.w.lightspeed)):
            closed_until, told = 0.0, ""
            early: list[tuple[Any, float, str]] = []
            for entry in app.twin.journal:
                if entry.request_header(ACTOR):
                    continue
                if entry.at < closed_until - 1e-6:
                    early.append((entry, closed_until, told))
                if entry.status == 429:
                    wait = retry_after_seconds(entry.response_header("retry-after"), entry.response_body,
                                               self.w.clock.at(entry.at))
                    if wait is not None and entry.at + wait > closed_until:
                        closed_until = entry.at + wait
                        told = f"the 429 at {entry.at:g} s to {entry.method} {entry.path} asked for {wait:g} s"
            if early:  # one finding per platform: the first early request, and how many there were
                entry, until, why = early[0]
                self.fail("retry-after-honoured", f"{platform} requests during a Retry-After wait",
                          f"nothing sent before {until:g} s",
                          f"{entry.method} {entry.path} at {entry.at:g} s" + (f" and {len(early) - 1} more"
                                                                             if len(early) > 1 else ""),
                          f"{why}; a client that comes back sooner is refused again and may be blocked")

    def _reservation_balance(self, truth: Truth) -> None:
        inventory = self.w.magento.twin.inventory
        for order in truth.orders:
            if order.get("state") in FINAL:
                total = sum(r.quantity for r in inventory.reservations_for(object_id=str(order["entity_id"])))
                if abs(total) > 1e-6:
                    self.fail("reservation-balance", f"order {order['increment_id']}", 0, total,
                              "read from the twin: Magento exposes no reservations API")

    async def _exactly_once(self, truth: Truth) -> None:
        per_invoice: dict[str, int] = {}
        for sale in truth.sales:
            if sale["status"] != "VOIDED" and sale["invoice_number"].startswith(self.w.mapping.invoice_prefix):
                per_invoice[sale["invoice_number"]] = per_invoice.get(sale["invoice_number"], 0) + 1
        for order in truth.orders:
            invoice = f"{self.w.mapping.invoice_prefix}{order['increment_id']}"
            want = 0 if order.get("state") == "canceled" else 1
            if per_invoice.get(invoice, 0) != want:
                self.fail("exactly-once", f"POS sale for web order {order['increment_id']}", want,
                          per_invoice.get(invoice, 0), "a lost event (0) or a retried write (2+)" if want else
                          "a canceled order's sale must be voided")
        returns: dict[str, int] = {}
        by_id = {s["id"]: s for s in truth.sales}
        for sale in truth.sales:
            original = by_id.get(sale.get("return_for") or "")
            if original and sale["status"] == "CLOSED":
                returns[original["invoice_number"]] = returns.get(original["invoice_number"], 0) + 1
        await self._memos_per_order(truth, returns)

    async def _memos_per_order(self, truth: Truth, returns: Mapping[str, int]) -> None:
        per_order: dict[int, int] = {}
        for memo in await self.w.creditmemos():
            per_order[int(memo["order_id"])] = per_order.get(int(memo["order_id"]), 0) + 1
        for order in truth.orders:
            invoice = f"{self.w.mapping.invoice_prefix}{order['increment_id']}"
            allowed = returns.get(invoice, 0)
            if per_order.get(int(order["entity_id"]), 0) != allowed:
                self.fail("exactly-once", f"credit memos of order {order['increment_id']}", allowed,
                          per_order.get(int(order["entity_id"]), 0),
                          "one credit memo per POS return: fewer is a lost return, more a retried refund")


    async def expectations(self, then: Mapping[str, Any], *, convergence: float | None,
                           journals: Mapping[str, Any] | None, reported: Reports | None) -> None:
        """The scenario's own ``then`` checks (``journals`` None: a real store, request checks cannot be made)."""
        await self._quantities(then)
        await self._memos(then.get("credit_memos"))
        await self._pos_sales(then.get("pos_sales"))
        if journals is not None:
            self._requests(then.get("requests"), journals)
        elif then.get("requests"):
            self._unchecked("then.requests", "it reads the twins' journals, and this run acts on a real store")
        self._converged(then.get("converged_within"), convergence)
        self._reported(then.get("reported") or [], reported)

    def _reported(self, kinds: list[str], reports: Reports | None) -> None:
        """Each expected kind against what the connector reported through the hook, if it declared it reports it."""
        for kind in kinds:
            if reports is None or not reports.checks(kind):
                self._unchecked(f"then.reported {kind}", "the connector does not declare that it reports it (a "
                                "python: class: reports = (\"KIND\", ...) and env.report(KIND, detail); a command: "
                                "JSON lines in $STOCKGATE_REPORT; see the README, \"Reporting hook\")")
            elif kind not in reports.kinds():
                got = ", ".join(sorted(reports.kinds())) or "nothing"
                self.fail("then.reported", kind, "reported by the connector", f"not reported (it reported {got})",
                          "; ".join(reports.problems[:3]))

    async def _sources(self, then: Mapping[str, Any]) -> None:
        for sku, per_source in (then.get("sources") or {}).items():
            for source, qty in per_source.items():
                actual = await self.w.source_qty(sku, source)
                if qty is None:
                    if actual is not None:
                        self.fail("then.sources", f"{sku}@{source}", "no source item", actual)
                elif actual is None or abs(actual - float(qty)) > 1e-6:
                    self.fail("then.sources", f"{sku}@{source}", qty, actual)

    async def _quantities(self, then: Mapping[str, Any]) -> None:
        await self._sources(then)
        for sku, per_outlet in (then.get("outlets") or {}).items():
            for outlet, qty in per_outlet.items():
                actual = await self.w.pos_level(sku, outlet)
                if abs(actual - float(qty)) > 1e-6:
                    self.fail("then.outlets", f"{sku}@{outlet}", qty, actual)
        for sku, price in (then.get("prices") or {}).items():
            actual = float((await self.w.admin("GET", f"/products/{segment(sku)}")).json().get("price") or 0)
            if abs(actual - float(price)) > 1e-6:
                self.fail("then.prices", sku, price, actual)
        for sku, flag in (then.get("salable_flags") or {}).items():
            r = await self.w.admin("GET", f"/inventory/is-product-salable/{segment(sku)}/{self.w.mapping.stock_id}")
            if r.json() is not flag:
                self.fail("then.salable_flags", sku, flag, r.json())
        for sku, qty in (then.get("salable") or {}).items():
            actual = await self.w.salable(sku)
            if abs(actual - float(qty)) > 1e-6:
                self.fail("then.salable", sku, qty, actual)

    async def _memos(self, spec: Mapping[str, Any] | None) -> None:
        if not spec:
            return
        memos = await self.w.creditmemos()
        if "count" in spec and len(memos) != spec["count"]:
            self.fail("then.credit_memos", "count", spec["count"], len(memos))
        refunded: dict[str, float] = {}
        for memo in memos:
            for item in memo.get("items") or []:
                refunded[item["sku"]] = refunded.get(item["sku"], 0.0) + float(item["qty"])
        for sku, qty in (spec.get("refunded") or {}).items():
            if abs(refunded.get(sku, 0.0) - float(qty)) > 1e-6:
                self.fail("then.credit_memos", f"refunded {sku}", qty, refunded.get(sku, 0.0))

    async def _pos_sales(self, spec: Mapping[str, Any] | None) -> None:
        if not spec:
            return
        sales = [s for s in await self.w.pos_sales() if s["status"] != "VOIDED"]
        web = [s for s in sales if s["invoice_number"].startswith(self.w.mapping.invoice_prefix)]
        if "web" in spec and len(web) != spec["web"]:
            self.fail("then.pos_sales", "web orders recorded", spec["web"], len(web))
        if "total" in spec and len(sales) != spec["total"]:
            self.fail("then.pos_sales", "sales", spec["total"], len(sales))

    def _requests(self, spec: Mapping[str, Any] | None, journals: Mapping[str, Any]) -> None:
        # the connector's traffic only: the scenario's own steps (actors) are not what is being checked
        journals = {name: [e for e in entries if not e.request_header(ACTOR)] for name, entries in journals.items()}
        served = {"magento": set(self.w.magento.operations()),
                  "lightspeed": set(self.w.lightspeed.operations()) | set(self.w.lightspeed.extra_operations())}
        for rule in [*(spec or {}).get("forbid", []), *(spec or {}).get("at_most", []), *(spec or {}).get("require",
                                                                                                      [])]:
            if rule.get("operation") and rule["operation"] not in served[rule["platform"]]:
                self.fail("then.requests", f"{rule['platform']} {rule['operation']}", "an operation the platform "
                          "serves (METHOD /template, as the journal names it)", "unknown: this check could never "
                          "fail", "use a template such as 'POST /V1/order/{orderId}/refund' or 'POST /sales'")
        for rule in (spec or {}).get("forbid") or []:
            hits = [e for e in journals[rule["platform"]] if e.operation == rule["operation"]
                    and (not rule.get("sku") or _mentions(e.request_body, rule["sku"]))
                    and (not rule.get("field") or _carries(e.request_body, rule["field"]))]
            if hits:
                self.fail("then.requests", f"{rule['platform']} {rule['operation']}"
                          + (f" with {rule['sku']}" if rule.get("sku") else "")
                          + (f" carrying {rule['field']}" if rule.get("field") else ""),
                          "never", f"{len(hits)} time(s)")
        for rule in (spec or {}).get("at_most") or []:
            hits = [e for e in journals[rule["platform"]] if rule.get("operation") in (None, e.operation)
                    and rule.get("status") in (None, e.status)
                    and (not rule.get("sku") or _mentions(e.request_body, rule["sku"]))]
            what = " ".join(str(x) for x in (rule["platform"], rule.get("operation") or "requests",
                                              f"with {rule['sku']}" if rule.get("sku") else "",
                                              f"answered {rule['status']}" if rule.get("status") else "") if x)
            if len(hits) > rule.get("count", 0):
                self.fail("then.requests", what, f"at most {rule.get('count', 0)}", len(hits),
                          "a client that ignores Retry-After keeps hitting a closed window" if rule.get("status") == 429
                          else "")

        for rule in (spec or {}).get("require") or []:
            self._required(rule, journals[rule["platform"]])

    def _required(self, rule: Mapping[str, Any], journal: list[Any]) -> None:
        """At least ``count`` (default 1) such requests, and every one of them carrying ``field`` when named."""
        hits = [e for e in journal if e.operation == rule["operation"]
                and (not rule.get("sku") or _mentions(e.request_body, rule["sku"]))]
        what = f"{rule['platform']} {rule['operation']}" + (f" with {rule['sku']}" if rule.get("sku") else "")
        if len(hits) < rule.get("count", 1):
            self.fail("then.requests", what, f"at least {rule.get('count', 1)}", len(hits))
        bare = [e for e in hits if rule.get("field") and not _carries(e.request_body, rule["field"])]
        if bare:
            self.fail("then.requests", f"{what} carrying {rule['field']}", f"every one ({len(hits)})",
                      f"{len(hits) - len(bare)} of {len(hits)}", f"the first without it at {bare[0].at:g} s")

    def _converged(self, budget: float | None, measured: float | None) -> None:
        if budget is None:
            return
        if measured is None or measured > float(budget):
            self.fail("convergence", "platforms agree", f"within {budget:g} s",
                      "never (within the settle budget)" if measured is None else f"after {measured:g} s")


def _mentions(body: Any, sku: str) -> bool:
    """Whether a request body names ``sku`` as a SKU (exactly, anywhere in it)."""
    if isinstance(body, dict):
        return body.get("sku") == sku or any(_mentions(v, sku) for v in body.values())
    if isinstance(body, list):
        return any(_mentions(v, sku) for v in body)
    return False


def _carries(body: Any, field: str) -> bool:
    """Whether a request body has a non-empty ``field`` anywhere in it (``return_to_stock_items``)."""
    if isinstance(body, dict):
        return any((key == field and value not in (None, [], {}, "")) or _carries(value, field)
                   for key, value in body.items())
    if isinstance(body, list):
        return any(_carries(v, field) for v in body)
    return False


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
