"""The reference connector: four idempotent flows on their own schedules, resuming from SQLite checkpoints.

* **stock** — POS inventory changes (version cursor) → absolute source quantities in Magento, per
  mapped outlet/source, in batches no larger than the store's input limit, never to a parent.
* **orders** — new Magento orders → one closed POS sale each at the web outlet (exactly once: the
  sale's invoice number is the idempotency key); canceled orders void their sale.
* **returns** — POS returns of web orders → one credit memo on the original order (exactly once).
* **catalog** — Lightspeed prices and new products → Magento, on a slower schedule.

**The salable truth.** A web order is reserved by Magento *and*, once recorded as a POS sale, gone
from the POS on-hand. Posting that on-hand alone would deduct the order twice. The connector
therefore posts, for the web outlet's source, POS on-hand **plus the units of recorded web orders
that Magento has not shipped yet** (the add-back). Magento's salable quantity is then
on-hand - units of orders not yet recorded in the POS: each open order counted once. When Magento
ships the order from that source, its open units drop to 0 and the add-back with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stockgate.clock import VirtualClock
from stockgate.connector import catalog as catalog_module
from stockgate.connector.clients import LightspeedClient, MagentoClient, magento_limit
from stockgate.connector.mapping import Mapping
from stockgate.connector.state import State
from stockgate.errors import ConnectorError, FatalError

# orders and returns first: they change the add-back that the stock flow then posts in the same tick
FLOWS = ("orders", "returns", "stock", "catalog")


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Something a report should show: an unmapped outlet, a skipped line, a failed call."""

    at: float
    flow: str
    kind: str
    message: str


class Connector:
    """The reference connector over two platform clients, a mapping, a state file and a clock."""

    def __init__(self, mapping: Mapping, magento: MagentoClient, lightspeed: LightspeedClient, state: State,
                 clock: VirtualClock, *, source_item_limit: int | None = None) -> None:
        """``source_item_limit``: the store's input limit when its profile says limits are on."""
        self.mapping = mapping
        self.magento = magento
        self.lightspeed = lightspeed
        self.state = state
        self.clock = clock
        self.batch = min(mapping.source_item_batch, source_item_limit or mapping.source_item_batch)
        self.catalog: catalog_module.Catalog | None = None
        from stockgate.connector import flows

        # one entry per flow; the suite's mutant connectors swap single entries
        self.flows: dict[str, Any] = {name: getattr(flows, name) for name in FLOWS}
        self.events: list[Event] = []
        self._reported: set[str] = set()

    def note(self, flow: str, kind: str, message: str, *, once: bool = False) -> None:
        """Record an event (``once``: only the first time this exact message occurs)."""
        if once and message in self._reported:
            return
        self._reported.add(message)
        self.events.append(Event(at=self.clock.elapsed, flow=flow, kind=kind, message=message))

    async def close(self) -> None:
        """Close clients and state."""
        await self.magento.close()
        await self.lightspeed.close()
        self.state.close()

    async def reference(self) -> catalog_module.Catalog:
        """Outlets, registers, products and the SKU match (loaded once per run)."""
        if self.catalog is None:
            self.catalog = await catalog_module.load(self.mapping, self.magento, self.lightspeed)
            unmatched = self.catalog.unmatched
            if unmatched:
                shown = ", ".join(unmatched[:5]) + (f" and {len(unmatched) - 5} more" if len(unmatched) > 5 else "")
                self.note("catalog", "unmatched-product", f"{len(unmatched)} Lightspeed product(s) match no Magento "
                          f"SKU: {shown}", once=True)
            for sku, why in self.catalog.quarantined.items():
                self.note("catalog", "quarantined-sku", f"Lightspeed product {sku!r} is not synced: {why}; correct "
                          "the SKU in the POS", once=True)
            for outlet_id, source in self.catalog.outlet_source.items():
                if source is None:
                    name = self.catalog.outlet_names.get(outlet_id, outlet_id)
                    self.note("stock", "unmapped-outlet", f"outlet {name} maps to no Magento source: its stock is "
                              "not synced (not dumped into another source)", once=True)
        return self.catalog

    async def tick(self, *, force: bool = False) -> list[str]:
        """Run every flow that is due (all of them with ``force``); returns the flows run.

        Schedules are instants on the clock (POSIX seconds: UTC wall time for a live connector), kept
        in the state file, so a restarted process, or the next ``--once`` run from cron, runs what
        fell due while none ran; a state file without schedules runs everything.
        """
        ran = []
        for flow in FLOWS:
            now = self.clock.timestamp()
            if not force and not self.state.due(flow, now):
                continue
            try:
                await self.flows[flow](self)
            except ConnectorError as exc:
                self.note(flow, "failed", str(exc))
                self._explain_acl(flow, exc)
            self.state.schedule(flow, now + self.mapping.polling[flow])
            ran.append(flow)
        return ran

    def _explain_acl(self, flow: str, exc: ConnectorError) -> None:
        """A Magento 401 that names ACL resources: say which permission to grant (2.4.5 split source-item writes)."""
        parameters = exc.details.get("parameters") if exc.status == 401 else None
        resources = parameters.get("resources") if isinstance(parameters, dict) else None
        if resources and not self.magento.answered:
            self.note(flow, "auth-failed", "Magento refused the connector's credentials: not one call was accepted "
                      "(Magento answers an unknown or expired token as an anonymous caller, \"isn't authorized to "
                      f"access {resources}\"). Check STOCKGATE_MAGENTO_TOKEN and the OAuth 1.0a keys, and that the "
                      "integration is active", once=True)
        elif resources:
            self.note(flow, "acl-missing", f"the Magento integration may not use {resources}: grant it under "
                      "System > Extensions > Integrations (since 2.4.5 source-item writes need "
                      "Magento_InventoryApi::stock_source_item_assign); the flow retries on its next run", once=True)

    async def post_levels(self, quantities: dict[tuple[str, str], float]) -> None:
        """Absolute source quantities to Magento, in batches; learns a lower input limit from the store's 400."""
        items = [{"sku": sku.strip(), "source_code": source, "quantity": max(qty, 0.0), "status": int(qty > 0)}
                 for (sku, source), qty in sorted(quantities.items())]
        start = 0
        while start < len(items):
            batch = items[start:start + self.batch]
            try:
                await self.magento.request("POST /V1/inventory/source-items", "POST", "/inventory/source-items",
                                           body={"sourceItems": batch})
            except FatalError as exc:
                limit = magento_limit(exc, "Maximum items of type")
                if limit is None or limit >= len(batch):
                    raise
                self.batch = limit
                self.note("stock", "input-limit", f"the store limits source items per call to {limit}; batches "
                          "lowered", once=True)
                continue
            start += len(batch)
