"""Webhook subscription routes: date versions (JSON) and the 0.9 form-encoded ``/api/webhooks``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from stockgate.twins.lightspeed.errors import LightspeedError
from stockgate.twins.web import Response

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp
    from stockgate.twins.lightspeed.webhooks import Webhook


def _app(call: Call) -> str:
    return call.twin.tokens[call.request.headers.get("authorization", "").partition(" ")[2].strip()][1]


def _shape(call: Call, hook: Webhook) -> dict[str, Any]:
    return {"id": hook.id, "retailer_id": call.twin.store.retailer["id"], "url": hook.url, "type": hook.type,
            "active": hook.active}


def create(call: Call) -> Any:
    """``POST /webhooks``: 201, or 409 for a duplicate url + type."""
    application = _app(call)
    hook = call.twin.webhooks.subscribe(call.obj(), application, call.twin.secrets.get(application))
    return Response(status=201, body={"data": _shape(call, hook)})


def create_09(call: Call) -> Any:
    """0.9 ``POST /api/webhooks`` with a form field ``data`` holding the JSON object."""
    fields = dict(parse_qsl(call.request.body.decode("utf-8", "replace")))
    raw = call.parse(fields.get("data", ""), "the form field 'data'")
    if not isinstance(raw, dict):
        raise LightspeedError(400, "the form field 'data' must hold a JSON object")
    application = _app(call)
    hook = call.twin.webhooks.subscribe(raw, application, call.twin.secrets.get(application))
    return {**_shape(call, hook), "user_id": call.user_id}


def register(app: LightspeedApp) -> None:
    """Add the webhook routes."""
    r = app.route
    r("GET", "/webhooks", lambda c: {"data": [_shape(c, h) for h in c.twin.webhooks.mine(_app(c))]})
    r("POST", "/webhooks", create)
    r("GET", "/webhooks/{webhookId}",
      lambda c: {"data": _shape(c, c.twin.webhooks.get(c.params["webhookId"], _app(c)))})
    r("PUT", "/webhooks/{webhookId}", lambda c: {"data": _shape(c, c.twin.webhooks.update(
        c.twin.webhooks.get(c.params["webhookId"], _app(c)), c.obj()))})
    r("DELETE", "/webhooks/{webhookId}", delete)
    r("POST", "/webhooks", create_09, space="0.9")
    r("GET", "/webhooks", lambda c: [_shape(c, h) for h in c.twin.webhooks.mine(_app(c))], space="0.9")


def delete(call: Call) -> Any:
    """``DELETE /webhooks/{id}``."""
    hook = call.twin.webhooks.get(call.params["webhookId"], _app(call))
    hook.deleted_at = call.twin.now()
    call.twin.store.touch(hook)
    return {"data": {}}
