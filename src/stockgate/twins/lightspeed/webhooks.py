"""Webhook subscriptions and deliveries, on the virtual clock (``webhooks`` profile fact).

Deliveries are ``application/x-www-form-urlencoded`` POSTs whose ``payload`` field holds a JSON
object shaped like the API 1.0/0.9 objects (not 2.0 — the exact webhook fields are not recorded in
public material, so the objects follow the 0.9 specification's definitions), with
``X-Signature: signature=<hex>,algorithm=HMAC-SHA256`` over the body keyed by the subscribing
application's client secret. A subscriber has ``timeout_seconds`` to answer 2xx; failures are
retried ``retries`` times with exponential back-off (60 s doubling, capped at 4 h: the exact
steps are not documented). Faults ``webhook-drop``, ``webhook-duplicate`` and ``webhook-reorder``
(matched on the event type) lose, repeat and reorder deliveries, as real ones can be.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from stockgate.twins.faults import FaultPlan
from stockgate.twins.lightspeed.errors import LightspeedError, invalid, not_found
from stockgate.twins.lightspeed.state import Row, Store

FIRST_RETRY, MAX_BACKOFF = 60.0, 4 * 3600.0


@dataclass(slots=True, kw_only=True)
class Webhook(Row):
    """A subscription."""

    url: str
    type: str
    active: bool
    application: str
    secret: str | None = None


@dataclass(slots=True, kw_only=True)
class Delivery:
    """One event on its way to one subscription."""

    seq: int
    webhook_id: str
    event: str
    payload: dict[str, Any]
    due_at: float
    attempts: int = 0
    state: str = "pending"  # pending | delivered | dropped | failed
    results: list[str] = field(default_factory=list)


class Webhooks:
    """Subscriptions and the delivery queue of one retailer."""

    def __init__(self, store: Store, settings: Mapping[str, Any], clock: Any) -> None:
        """``settings`` is the ``webhooks`` profile fact."""
        self.store = store
        self.settings = settings
        self.clock = clock
        self.subscriptions: dict[str, Webhook] = {}
        self.deliveries: list[Delivery] = []
        self.faults = FaultPlan()
        store.listeners.append(self.emit)

    # --- subscriptions --------------------------------------------------------------------------
    def subscribe(self, raw: Mapping[str, Any], application: str, secret: str | None) -> Webhook:
        """``POST /webhooks``: 409 when the application already has this url and type."""
        url, kind = str(raw.get("url") or ""), str(raw.get("type") or "")
        self._check(url, kind)
        if any(w.url == url and w.type == kind and w.application == application and not w.deleted_at
               for w in self.subscriptions.values()):
            raise LightspeedError(409, "A webhook with this url and type already exists")
        hook = Webhook(id=self.store.make_id("webhook"), url=url, type=kind, active=bool(raw.get("active", True)),
                       application=application, secret=secret)
        self.subscriptions[hook.id] = hook
        self.store.touch(hook)
        return hook

    def _check(self, url: str, kind: str) -> None:
        if len(url) < 3:
            raise invalid("url is required")
        if kind not in self.settings["types"]:
            raise invalid(f"type must be one of {', '.join(self.settings['types'])}")

    def get(self, hook_id: str, application: str) -> Webhook:
        """A subscription of the calling application (others' are invisible)."""
        hook = self.subscriptions.get(hook_id)
        if hook is None or hook.deleted_at or hook.application != application:
            raise not_found("webhook")
        return hook

    def update(self, hook: Webhook, raw: Mapping[str, Any]) -> Webhook:
        """``PUT /webhooks/{id}``."""
        url, kind = str(raw.get("url") or hook.url), str(raw.get("type") or hook.type)
        self._check(url, kind)
        hook.url, hook.type = url, kind
        if raw.get("active") is not None:
            hook.active = bool(raw["active"])
        self.store.touch(hook)
        return hook

    def mine(self, application: str) -> list[Webhook]:
        """The calling application's subscriptions."""
        return [w for w in self.subscriptions.values() if w.application == application and not w.deleted_at]

    # --- events and deliveries ------------------------------------------------------------------
    def emit(self, event: str, payload: Any) -> None:
        """Queue ``event`` for every active subscription of its type (the payload is built once, if needed)."""
        hooks = [h for h in self.subscriptions.values() if h.active and not h.deleted_at and h.type == event]
        if not hooks:
            return
        body = payload() if callable(payload) else payload
        for hook in hooks:
            self.deliveries.append(Delivery(seq=len(self.deliveries) + 1, webhook_id=hook.id, event=event,
                                            payload=body, due_at=self.clock.elapsed))

    def body(self, delivery: Delivery) -> bytes:
        """The form-encoded body: ``payload`` (JSON) plus ``domain_prefix``."""
        fields = {"payload": json.dumps(delivery.payload, separators=(",", ":")),
                  "domain_prefix": self.store.retailer["domain_prefix"], "environment": "production"}
        return urlencode(fields).encode()

    def signature(self, secret: str, body: bytes) -> str:
        """``signature=<hex>,algorithm=HMAC-SHA256`` over the raw body."""
        digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return f"signature={digest},algorithm=HMAC-SHA256"

    def due(self) -> list[Delivery]:
        """Pending deliveries due now, oldest first."""
        now = self.clock.elapsed
        return sorted((d for d in self.deliveries if d.state == "pending" and d.due_at <= now),
                      key=lambda d: (d.due_at, d.seq))

    async def deliver(self, transport: httpx.AsyncBaseTransport | None = None) -> int:
        """Send every due delivery once (faults applied); returns how many POSTs were made."""
        batch = self.due()
        sent = 0
        skip: set[int] = set()
        for i, delivery in enumerate(batch):
            if delivery.seq in skip:
                continue
            rule = self.faults.pick("POST", delivery.event)
            kind = rule.kind if rule else None
            if kind == "webhook-drop":
                delivery.state = "dropped"
                continue
            if kind == "webhook-reorder" and i + 1 < len(batch):
                later = batch[i + 1]
                sent += await self._send(later, transport)
                skip.add(later.seq)
            sent += await self._send(delivery, transport)
            if kind == "webhook-duplicate":
                sent += await self._send(delivery, transport, again=True)
        return sent

    async def _send(self, delivery: Delivery, transport: httpx.AsyncBaseTransport | None, *,
                    again: bool = False) -> int:
        hook = self.subscriptions[delivery.webhook_id]
        body = self.body(delivery)
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}
        if hook.secret:
            headers["X-Signature"] = self.signature(hook.secret, body)
        timeout = float(self.settings["timeout_seconds"])
        try:
            async with httpx.AsyncClient(transport=transport, timeout=timeout) as client:
                answer = await client.post(hook.url, content=body, headers=headers)
            ok = 200 <= answer.status_code < 300
            delivery.results.append(str(answer.status_code))
        except httpx.HTTPError as exc:
            ok = False
            delivery.results.append(type(exc).__name__)
        if again:
            return 1
        delivery.attempts += 1
        if ok:
            delivery.state = "delivered"
        elif delivery.attempts > int(self.settings["retries"]):
            delivery.state = "failed"
        else:
            delivery.due_at = self.clock.elapsed + min(FIRST_RETRY * 2 ** (delivery.attempts - 1), MAX_BACKOFF)
        return 1
