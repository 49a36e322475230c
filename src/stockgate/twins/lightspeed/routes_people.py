"""Users and registers beyond reads: user deletes, sessions, sale totals and bulk reads; payment summaries, layouts.

* ``DELETE /users/{id}`` soft-deletes and answers the deleted user; the current user and a primary
  admin are refused 403 ``permission denied`` (the documents' parameter text and example).
  ``DELETE /users/{id}/sessions`` forgets every token of the user (200, no body).
* ``GET /users/{id}/sale_totals``: ``today`` and ``month`` (the documents' labels), each from local
  midnight in the retailer's time zone to the end of today, in UTC; closed sales the user made
  (profile fact ``users.sale_totals``).
* ``POST /users/bulk``: 2.0 takes ``{"user_ids": [...]}``, the date versions a bare array (each
  version's ``GetUsersByIdsRequest``); ids naming no user are left out.
* ``GET /registers/{id}/payments_summary``: every payment type of the retailer with the total paid
  through it at the register in its current session, as decimal strings (the examples' shape).

Button layouts stay not emulated (501): a layout's node attributes (``key``/``value``) are in no
public example, so the twin could only invent them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import shapes
from stockgate.twins.lightspeed.errors import LightspeedError, invalid
from stockgate.twins.lightspeed.state import Register, User, live
from stockgate.twins.web import Response

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp
    from stockgate.twins.lightspeed.sales import Sale


def _user(call: Call) -> User:
    found: User = live(call.twin.store.users.get(call.params["user_id"]), "user")
    return found


def delete_user(call: Call) -> Any:
    """``DELETE /users/{user_id}``: the deleted user (403 for yourself or a primary admin)."""
    row = _user(call)
    if row.id == call.user_id or row.is_primary_user:
        raise LightspeedError(403, "permission denied")
    row.deleted_at = call.twin.now()
    call.twin.store.touch(row)
    call.twin.tokens = {k: v for k, v in call.twin.tokens.items() if v[0] != row.id}
    return {"data": shapes.user(row)}


def delete_sessions(call: Call) -> Any:
    """``DELETE /users/{user_id}/sessions``: every session and personal token of the user ends."""
    row = _user(call)
    call.twin.tokens = {k: v for k, v in call.twin.tokens.items() if v[0] != row.id}
    return Response(status=200, body=b"", content_type="")


def _zone(call: Call) -> dt.tzinfo:
    first = next(iter(call.twin.store.outlets.values()), None)
    try:
        return zoneinfo.ZoneInfo(first.time_zone if first else "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _totals(label: str, start: dt.datetime, end: dt.datetime, sales: list[Sale]) -> dict[str, Any]:
    chosen = [s for s in sales if start <= dt.datetime.fromisoformat(s.sale_date) <= end]
    lines = [line for s in chosen for line in s.lines]
    revenue, tax = sum(s.total_price for s in chosen), sum(s.total_tax for s in chosen)
    return {"label": label, "date_from": _stamp(start), "date_to": _stamp(end), "total": shapes.num(revenue + tax),
            "cost": shapes.num(sum(line.cost * line.quantity for line in lines)), "tax": shapes.num(tax),
            "revenue": shapes.num(revenue),
            "discounts": shapes.num(sum(line.discount * line.quantity for line in lines)),
            "loyalty": shapes.num(sum(line.loyalty_value * line.quantity for line in lines)), "sale_count": len(chosen)}


def sale_totals(call: Call) -> Any:
    """``GET /users/{user_id}/sale_totals``: today and this month so far."""
    row, zone = _user(call), _zone(call)
    now = dt.datetime.fromisoformat(call.twin.now()).astimezone(zone)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    end = today + dt.timedelta(days=1, seconds=-1)
    sales = [s for s in call.twin.sales.sales.values()
             if s.user_id == row.id and not s.deleted_at and s.status.endswith("CLOSED") and s.sale_date]
    return {"data": [_totals("today", today, end, sales), _totals("month", today.replace(day=1), end, sales)]}


def users_bulk(call: Call) -> Any:
    """``POST /users/bulk``: the users named (2.0 ``{"user_ids": [...]}``, date versions a bare array)."""
    ids = call.obj().get("user_ids") if call.api.legacy else call.body()
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        where = '{"user_ids": [...]}' if call.api.legacy else "an array of user ids"
        raise invalid(f"the request body must be {where}", 400)
    store = call.twin.store
    found = [u for u in (store.users.get(i) for i in dict.fromkeys(ids)) if u is not None and not u.deleted_at]
    return {"data": [shapes.user(u) for u in found],
            "version": {"min": min((u.version for u in found), default=0),
                        "max": max((u.version for u in found), default=0)}}


def _register(call: Call) -> Register:
    found: Register = live(call.twin.store.registers.get(call.params["register_id"]), "register")
    return found


def payments_summary(call: Call) -> Any:
    """``GET /registers/{register_id}/payments_summary``: totals per payment type in the current session."""
    row, twin = _register(call), call.twin
    totals: dict[str, float] = {}
    for sale in twin.sales.sales.values():
        for payment in sale.payments:
            if payment.register_id == row.id and payment.session == row.open_sequence_id and not sale.deleted_at:
                totals[payment.payment_type_id] = totals.get(payment.payment_type_id, 0.0) + payment.amount
    payments = [{"payment_type_id": t.id, "payment_type_name": t.name, "total": f"{totals.get(t.id, 0.0):.2f}"}
                for t in twin.catalog.payment_types.values() if not t.deleted_at]
    return {"data": {"register_open_time": row.opened_at if row.is_open else None,
                     "register_closure_sequence_number": row.sessions,
                     "register_closure_id": row.open_sequence_id, "payments": payments}}


def register(app: LightspeedApp) -> None:
    """Add the routes."""
    r = app.route
    r("DELETE", "/users/{user_id}", delete_user)
    r("DELETE", "/users/{user_id}/sessions", delete_sessions)
    r("GET", "/users/{user_id}/sale_totals", sale_totals)
    r("POST", "/users/bulk", users_bulk)
    r("GET", "/registers/{register_id}/payments_summary", payments_summary)
