"""Mutant connectors: the reference connector with one realistic mistake each (never shipped).

Each entry takes a built :class:`~stockgate.connector.engine.Connector` and breaks it in place.
The scenario suite must catch every one of them; ``tests/integration/test_mutants.py`` shows the
concrete damage each does against the twins.
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from collections.abc import Callable
from typing import Any

import httpx

from stockgate.connector import flows
from stockgate.connector.clients import segment
from stockgate.connector.engine import Connector
from stockgate.connector.retry import RetryPolicy
from stockgate.errors import FatalError, RetriableError
from stockgate.httpwait import retry_after_seconds


def salable_into_source(c: Connector) -> None:
    """Posts a salable figure (on-hand net of open orders) as the source quantity: orders counted twice."""
    real = c.post_levels

    async def post_levels(quantities: dict[tuple[str, str], float]) -> None:
        add = c.state.add_back()
        out = {}
        for (sku, source), qty in quantities.items():
            salable = await c.magento.request("GET salable", "GET",
                                              f"/inventory/get-product-salable-quantity/{sku}/{c.mapping.stock_id}")
            on_hand = qty - (add.get(sku, 0.0) if c.catalog and source == c.catalog.web_source else 0.0)
            out[(sku, source)] = min(on_hand, float(salable))
        await real(out)

    c.post_levels = post_levels  # type: ignore[method-assign]


def posts_to_parent(c: Connector) -> None:
    """Also posts the configurable parent's SKU (the sum of its children) as a source item."""
    real = c.post_levels

    async def post_levels(quantities: dict[tuple[str, str], float]) -> None:
        extra = dict(quantities)
        for (sku, source), qty in quantities.items():
            if sku.startswith("TS-"):
                extra[("TS", source)] = extra.get(("TS", source), 0.0) + qty
        await real(extra)

    c.post_levels = post_levels  # type: ignore[method-assign]


def aggregates_into_default(c: Connector) -> None:
    """Adds every outlet's stock into the `default` source instead of per-outlet sources."""
    real = c.post_levels

    async def post_levels(quantities: dict[tuple[str, str], float]) -> None:
        total: dict[tuple[str, str], float] = {}
        for (sku, _source), qty in quantities.items():
            total[(sku, "default")] = total.get((sku, "default"), 0.0) + qty
        await real(total)

    c.post_levels = post_levels  # type: ignore[method-assign]


class _NoWaitPolicy(RetryPolicy):
    """Retries at once, whatever Retry-After says."""

    async def call(self, operation: str, send: Callable[[], Any], *, idempotent: bool = True,
                   platform: str = "") -> httpx.Response:
        for _ in range(self.settings.attempts):
            response = await send()
            if response.status_code != 429:
                if response.status_code >= 400:
                    raise FatalError(f"{operation}: HTTP {response.status_code}", operation=operation,
                                     status=response.status_code)
                return response  # type: ignore[no-any-return]
            await self.clock.sleep(1)
        raise RetriableError(f"{operation}: still limited", operation=operation, status=429)


class _WaitOnlyAsToldPolicy(RetryPolicy):
    """Waits what :meth:`told` reads from each 429 and counts 429s against its attempts."""

    def told(self, response: httpx.Response) -> float:
        raise NotImplementedError

    async def call(self, operation: str, send: Callable[[], Any], *, idempotent: bool = True,
                   platform: str = "") -> httpx.Response:
        for _ in range(self.settings.attempts):
            response = await send()
            if response.status_code != 429:
                return await super().call(operation, lambda r=response: _done(r), idempotent=idempotent)
            await self.clock.sleep(self.told(response))
        raise RetriableError(f"{operation}: still limited", operation=operation, status=429)


class _SecondsOnlyPolicy(_WaitOnlyAsToldPolicy):
    """Reads Retry-After as seconds only: an HTTP date becomes 0 and the client hammers."""

    def told(self, response: httpx.Response) -> float:
        header = response.headers.get("retry-after", "0")
        return float(header) if header.isdigit() else 0.0


class _ExactDatePolicy(_WaitOnlyAsToldPolicy):
    """Waits exactly until the Retry-After date (a whole second, while the window ends inside it) and counts
    429s against its attempts: a burst of 429s in that second, then it gives up."""

    def told(self, response: httpx.Response) -> float:
        return retry_after_seconds(response.headers.get("retry-after"), None, self.clock.now()) or 0.0


async def _done(response: httpx.Response) -> httpx.Response:
    return response


def _swap_policy(c: Connector, cls: type[RetryPolicy]) -> None:
    policy = cls(c.mapping.retry, c.clock)
    c.magento.policy = policy
    c.lightspeed.policy = policy


def ignores_retry_after(c: Connector) -> None:
    """Retries a 429 after one second, whatever the platform asked."""
    _swap_policy(c, _NoWaitPolicy)


def retry_after_seconds_only(c: Connector) -> None:
    """Parses Retry-After as seconds only (Lightspeed sends an RFC 1123 date)."""
    _swap_policy(c, _SecondsOnlyPolicy)


def blind_refund_retry(c: Connector) -> None:
    """Retries a refund after a lost answer without checking for the credit memo that landed."""
    real = c.magento.request

    async def request(operation: str, method: str, path: str, **kw: Any) -> Any:
        if operation.startswith("POST /V1/order/{orderId}/refund"):
            kw["idempotent"] = True  # a dropped connection is simply re-sent
        return await real(operation, method, path, **kw)

    c.magento.request = request  # type: ignore[method-assign]


def ignores_returns(c: Connector) -> None:
    """Never turns POS returns of web orders into credit memos."""

    async def nothing(_c: Connector) -> None:
        return None

    c.flows["returns"] = nothing


def hundred_per_call(c: Connector) -> None:
    """Posts 100 source items per call and never learns the store's input limit."""
    c.batch = 100

    async def post_levels(quantities: dict[tuple[str, str], float]) -> None:
        items = [{"sku": sku, "source_code": source, "quantity": max(q, 0.0), "status": int(q > 0)}
                 for (sku, source), q in sorted(quantities.items())]
        for start in range(0, len(items), 100):
            await c.magento.request("POST /V1/inventory/source-items", "POST", "/inventory/source-items",
                                    body={"sourceItems": items[start:start + 100]})

    c.post_levels = post_levels  # type: ignore[method-assign]


def bearer_only(c: Connector) -> None:
    """Sends the integration token as a Bearer token (what worked before Magento 2.4.4)."""
    from stockgate.connector.clients import MagentoAuth

    c.magento.auth = MagentoAuth(mode="bearer", token=c.magento.auth.token)


def ignores_cancellations(c: Connector) -> None:
    """Never voids the POS sale of a web order Magento canceled (the units stay gone from the shop)."""

    async def keep(_sale_id: str, _user_id: str) -> None:
        return None

    c.lightspeed.void_sale = keep  # type: ignore[method-assign]


def ignores_restocks(c: Connector) -> None:
    """Posts only quantities that went down (a shop return or delivery never reaches Magento)."""
    real = c.post_levels
    posted: dict[tuple[str, str], float] = {}

    async def post_levels(quantities: dict[tuple[str, str], float]) -> None:
        lower = {k: q for k, q in quantities.items() if k not in posted or q < posted[k]}
        posted.update(lower)
        await real(lower)

    c.post_levels = post_levels  # type: ignore[method-assign]


def dumps_unmapped_outlet(c: Connector) -> None:
    """Posts an outlet the mapping leaves out into the `default` source (the catch-all some connectors use)."""
    real = c.reference

    async def reference() -> Any:
        catalog = await real()
        for outlet_id, source in list(catalog.outlet_source.items()):
            if source is None:
                catalog.outlet_source[outlet_id] = "default"
        return catalog

    c.reference = reference  # type: ignore[method-assign]


class _NoServerRetryPolicy(RetryPolicy):
    """Gives up on a 5xx at once: the run fails and the next scheduled run tries again."""

    async def call(self, operation: str, send: Callable[[], Any], *, idempotent: bool = True) -> httpx.Response:
        response = await send()
        if response.status_code >= 500:
            raise RetriableError(f"{operation}: HTTP {response.status_code}", operation=operation,
                                 status=response.status_code)
        return await super().call(operation, lambda r=response: _done(r), idempotent=idempotent)


def no_retry_on_5xx(c: Connector) -> None:
    """Treats a server error as the end of the run instead of backing off and retrying."""
    _swap_policy(c, _NoServerRetryPolicy)


def ignores_price_changes(c: Connector) -> None:
    """Creates new products but never sends a price change for an existing one (prices drift)."""
    real = c.magento.request

    async def request(operation: str, method: str, path: str, **kw: Any) -> Any:
        if operation == "PUT /V1/products/{sku}":
            product = {k: v for k, v in kw["body"]["product"].items() if k != "price"}
            if set(product) <= {"sku"}:
                return None
            kw["body"] = {"product": product}
        return await real(operation, method, path, **kw)

    c.magento.request = request  # type: ignore[method-assign]


def add_back_forever(c: Connector) -> None:
    """Keeps counting a recorded web order's units as in flight after Magento shipped them."""
    real = c.state.add_back
    seen: dict[str, float] = {}

    def add_back() -> dict[str, float]:
        for sku, qty in real().items():
            seen[sku] = max(seen.get(sku, 0.0), qty)
        return dict(seen)

    c.state.add_back = add_back  # type: ignore[method-assign]


def pre_2026_04_inventory(c: Connector) -> None:
    """Reads inventory the 2.0 way (GET, ``inventory_level``) whatever API version it speaks."""
    c.lightspeed.facts = {**c.lightspeed.facts,
                          "inventory.read": {"operation": "GET /inventory", "level_field": "inventory_level"}}


def blind_sale_retry(c: Connector) -> None:
    """Never looks for a POS sale that may have landed: a lost answer means "create it again"."""

    async def find_sale(_invoice_number: str) -> None:
        return None

    c.lightspeed.find_sale = find_sale  # type: ignore[method-assign,assignment]


def restocks_damaged(c: Connector) -> None:
    """Ignores the mapping's per-reason return policy: every return of a web order restocks."""
    c.mapping = dataclasses.replace(c.mapping, restock_by_reason={})


def unstripped_skus(c: Connector) -> None:
    """Sends the POS SKU as typed, surrounding spaces included (Magento 2.4.7+ rejects the whole batch)."""
    real = c.magento.request

    async def request(operation: str, method: str, path: str, **kw: Any) -> Any:
        if operation == "POST /V1/inventory/source-items" and c.catalog is not None:
            typed = {str(p.get("sku")).strip(): str(p.get("sku")) for p in c.catalog.pos.values()}
            kw["body"] = {"sourceItems": [{**item, "sku": typed.get(item["sku"], item["sku"])}
                                          for item in kw["body"]["sourceItems"]]}
        return await real(operation, method, path, **kw)

    c.magento.request = request  # type: ignore[method-assign]


def creates_unmatched(c: Connector) -> None:
    """Creates every unmatched POS product in Magento, whoever the mapping says owns new products."""
    c.mapping = dataclasses.replace(c.mapping, catalog={**c.mapping.catalog, "new_products": "lightspeed"})


def forgets_created_products(c: Connector) -> None:
    """Creates a new POS product in Magento but never keeps the pairing: its next change creates it again."""
    real = c.flows["catalog"]

    async def catalog(conn: Connector) -> None:
        before = set(conn.catalog.pos_sku) if conn.catalog else set()
        await real(conn)
        assert conn.catalog is not None
        for product_id in set(conn.catalog.pos_sku) - before:
            sku = conn.catalog.pos_sku.pop(product_id)
            conn.catalog.sku_pos.pop(sku, None)
            conn.catalog.magento.pop(sku, None)

    c.flows["catalog"] = catalog


def stops_after_auth_failure(c: Connector) -> None:
    """Switches a flow off for good after a 401, even once the merchant has fixed the permission."""
    for name, real in list(c.flows.items()):
        def guarded(real: Any = real, name: str = name) -> Any:
            dead: set[str] = set()

            async def flow(conn: Connector) -> None:
                if name in dead:
                    return
                try:
                    await real(conn)
                except FatalError as exc:
                    if exc.status == 401:
                        dead.add(name)
                    raise
            return flow
        c.flows[name] = guarded()


def memo_on_parked_return(c: Connector) -> None:
    """Credits a return as soon as it is started (parked), not when the cashier closes it."""
    real = c.lightspeed.sales_since

    async def sales_since(after: int, size: int) -> Any:
        sales, cursor = await real(after, size)
        return [dataclasses.replace(s, state="closed") if s.return_for and s.state == "parked" else s
                for s in sales], cursor

    c.lightspeed.sales_since = sales_since  # type: ignore[method-assign]


def all_or_nothing_returns(c: Connector) -> None:
    """Skips a POS return whose lines are not all on the web order (a mixed return): no credit memo at all."""
    real = flows._refund_items

    def refund_items(conn: Connector, sale: Any, order: dict[str, Any]) -> Any:
        items, back = real(conn, sale, order)
        returned = [q for _p, q in sale.lines if q < 0]
        return ([], []) if len(items) != len(returned) else (items, back)

    async def returns(conn: Connector) -> None:
        flows._refund_items = refund_items  # type: ignore[assignment]
        try:
            await flows.returns(conn)
        finally:
            flows._refund_items = real

    c.flows["returns"] = returns


def register_sales_only(c: Connector) -> None:
    """Keeps writing POS sales through the legacy 0.9 ``register_sales`` whatever API version it speaks."""
    c.lightspeed.facts = {**c.lightspeed.facts, "sales.write": {"create": "POST /api/register_sales",
                                                                "update": "POST /api/register_sales"}}


def open_orders_only(c: Connector) -> None:
    """Asks Magento for open orders only (new, pending, processing): an order shipped, closed or canceled
    before the orders run is never recorded, and a canceled one whose sale went unconfirmed is never voided."""
    real = c.magento.search

    async def search(operation: str, path: str, filters: list[tuple[str, str, str]], **kw: Any) -> Any:
        rows = await real(operation, path, filters, **kw)
        if operation == "GET /V1/orders":
            rows = [r for r in rows if r.get("state") in {"new", "pending", "processing", "pending_payment"}]
        return rows

    c.magento.search = search  # type: ignore[method-assign]
    known = c.state.web_sales

    def web_sales(state: str = "recorded") -> list[dict[str, Any]]:
        return [] if state == "recording" else known(state)  # unconfirmed sales wait for their order's next search

    c.state.web_sales = web_sales  # type: ignore[method-assign]


def memo_by_order(c: Connector) -> None:
    """Takes any credit memo of the order for a refund whose answer was lost (matching by order, not by the
    return's identity): a second return's memo is adopted by the first, and one return is never credited."""
    real = c.magento.search

    async def search(operation: str, path: str, filters: list[tuple[str, str, str]], **kw: Any) -> Any:
        rows = await real(operation, path, filters, **kw)
        if operation == "GET /V1/creditmemos":
            for row in rows:
                pending = [rid for rid, oid in c.state.pending_refunds() if oid == int(row["order_id"])]
                row["comments"] = [*(row.get("comments") or []), *({"comment": flows._memo_mark(rid)}
                                                                    for rid in pending)]
        return rows

    c.magento.search = search  # type: ignore[method-assign]


def unencoded_skus(c: Connector) -> None:
    """Puts SKUs into Magento URLs as they are: "MUG-BLK?variant=1" edits MUG-BLK, "BOX/10" finds no route."""
    real = c.magento.request

    async def request(operation: str, method: str, path: str, **kw: Any) -> Any:
        if operation == "PUT /V1/products/{sku}":
            path = urllib.parse.unquote(path)
        return await real(operation, method, path, **kw)

    c.magento.request = request  # type: ignore[method-assign]


def waits_to_the_second(c: Connector) -> None:
    """Waits until the whole second a Retry-After date names, and gives up after its attempts."""
    _swap_policy(c, _ExactDatePolicy)


def oversize_page_size(c: Connector) -> None:
    """Pages Magento's lists with pageSize 1000, whatever the store's 400 says its maximum is."""

    async def search(operation: str, path: str, filters: list[tuple[str, str, str]], *, page_size: int,
                     sort: str | None = None) -> list[dict[str, Any]]:
        return await c.magento._search(operation, path, filters, page_size=1000, sort=sort)

    c.magento.search = search  # type: ignore[method-assign]


def salable_into_pos(c: Connector) -> None:
    """After recording a web order, writes Magento's salable quantity into the web outlet's POS on-hand
    (a two-way sync that takes salable for on-hand: the order is deducted twice in the shop)."""
    real = c.flows["orders"]
    written: set[int] = set()

    async def orders(conn: Connector) -> None:
        await real(conn)
        cat = conn.catalog
        assert cat is not None
        outlet = next(o for o, s in cat.outlet_source.items() if s == cat.web_source)
        for record in conn.state.web_sales():
            if record["order_id"] in written:
                continue
            written.add(record["order_id"])
            for sku in record["open"]:
                salable = await conn.magento.request("GET salable", "GET", "/inventory/get-product-salable-quantity/"
                                                     f"{segment(sku)}/{conn.mapping.stock_id}")
                await conn.lightspeed.request("PUT /products/{id}", "PUT", f"/2.1/products/{cat.sku_pos[sku]}",
                                              versioned=False, body={"details": {"inventory": [
                                                  {"outlet_id": outlet, "current_amount": float(salable)}]}})

    c.flows["orders"] = orders


def memo_without_restock(c: Connector) -> None:
    """Creates credit memos without ``return_to_stock_items``, whatever the return policy says (its own stock
    push puts the units back later, so the end state looks right)."""
    c.mapping = dataclasses.replace(c.mapping, restock=False, restock_by_reason={})


def restocks_twice(c: Connector) -> None:
    """Credits a restocking return with ``return_to_stock_items`` after its own stock push already carried the
    returned units to Magento, and puts that right only on its next stock run: for one stock interval the
    units are counted twice (and on sale online)."""
    real_returns, real_stock = c.flows["returns"], c.flows["stock"]
    held: set[tuple[str, str]] = set()

    async def returns(conn: Connector) -> None:
        before = set(conn.state.dirty())
        await real_returns(conn)
        marked = sorted(set(conn.state.dirty()) - before)
        conn.state.clean(marked)  # not re-posted in this tick
        held.update(marked)

    async def stock(conn: Connector) -> None:
        await real_stock(conn)
        for sku, source in sorted(held):  # re-posted on the next stock run
            conn.state.mark_dirty(sku, source)
        held.clear()

    c.flows["returns"] = returns
    c.flows["stock"] = stock


MUTANTS: dict[str, Callable[[Connector], None]] = {
    "ignores-cancellations": ignores_cancellations,
    "ignores-restocks": ignores_restocks,
    "bearer-only": bearer_only,
    "salable-into-source": salable_into_source,
    "posts-to-parent": posts_to_parent,
    "aggregates-into-default": aggregates_into_default,
    "ignores-retry-after": ignores_retry_after,
    "blind-refund-retry": blind_refund_retry,
    "ignores-returns": ignores_returns,
    "hundred-per-call": hundred_per_call,
    "retry-after-seconds-only": retry_after_seconds_only,
    "dumps-unmapped-outlet": dumps_unmapped_outlet,
    "no-retry-on-5xx": no_retry_on_5xx,
    "ignores-price-changes": ignores_price_changes,
    "add-back-forever": add_back_forever,
    "pre-2026-04-inventory": pre_2026_04_inventory,
    "blind-sale-retry": blind_sale_retry,
    "restocks-damaged": restocks_damaged,
    "unstripped-skus": unstripped_skus,
    "creates-unmatched": creates_unmatched,
    "forgets-created-products": forgets_created_products,
    "stops-after-auth-failure": stops_after_auth_failure,
    "memo-on-parked-return": memo_on_parked_return,
    "all-or-nothing-returns": all_or_nothing_returns,
    "register-sales-only": register_sales_only,
    "open-orders-only": open_orders_only,
    "memo-by-order": memo_by_order,
    "unencoded-skus": unencoded_skus,
    "waits-to-the-second": waits_to_the_second,
    "oversize-page-size": oversize_page_size,
    "salable-into-pos": salable_into_pos,
    "memo-without-restock": memo_without_restock,
    "restocks-twice": restocks_twice,
}
