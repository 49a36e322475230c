"""Mutant connectors: the reference connector with one realistic mistake each (never shipped).

Each entry takes a built :class:`~stockgate.connector.engine.Connector` and breaks it in place.
The scenario suite must catch every one of them; ``tests/integration/test_mutants.py`` shows the
concrete damage each does against the twins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from stockgate.connector import flows
from stockgate.connector.engine import Connector
from stockgate.connector.retry import RetryPolicy
from stockgate.errors import FatalError, RetriableError


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

    async def call(self, operation: str, send: Callable[[], Any], *, idempotent: bool = True) -> httpx.Response:
        for _ in range(self.settings.attempts):
            response = await send()
            if response.status_code != 429:
                if response.status_code >= 400:
                    raise FatalError(f"{operation}: HTTP {response.status_code}", operation=operation,
                                     status=response.status_code)
                return response  # type: ignore[no-any-return]
            await self.clock.sleep(1)
        raise RetriableError(f"{operation}: still limited", operation=operation, status=429)


class _SecondsOnlyPolicy(RetryPolicy):
    """Reads Retry-After as seconds only: an HTTP date becomes 0 and the client hammers."""

    async def call(self, operation: str, send: Callable[[], Any], *, idempotent: bool = True) -> httpx.Response:
        for _ in range(self.settings.attempts):
            response = await send()
            if response.status_code != 429:
                return await super().call(operation, lambda r=response: _done(r), idempotent=idempotent)
            header = response.headers.get("retry-after", "0")
            await self.clock.sleep(float(header) if header.isdigit() else 0.0)
        raise RetriableError(f"{operation}: still limited", operation=operation, status=429)


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
}
_ = flows
