"""Sales (2.0 reads, date-version writes, the 0.9 register_sales write), returns, and the 0.9 leftovers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import shapes_legacy, shapes_sales
from stockgate.twins.lightspeed.errors import invalid, not_found
from stockgate.twins.lightspeed.routes_core import listing
from stockgate.twins.lightspeed.routes_search import asked, keep_deleted, matches, moment, reader, wanted
from stockgate.twins.lightspeed.sales import STATE_OF, STATUS_OF, Sale

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp


class Returns(Mapping[str, list[str]]):
    """Original sale id → the ids of the sales returning it, not voided (the date model's ``return_sale_ids``).

    Read per sale answered from the sales' index of returns, not gathered from every sale.
    """

    def __init__(self, returns: Mapping[str, list[Sale]]) -> None:
        """Over ``Sales.index().returns``."""
        self.returns = returns

    def __getitem__(self, sale_id: str) -> list[str]:
        found = [s.id for s in self.returns[sale_id] if s.status != "VOIDED"]
        if not found:
            raise KeyError(sale_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return (k for k in self.returns if k in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def returns_of(call: Call) -> Mapping[str, list[str]]:
    """Original sale id → the ids of the sales returning it (none for 2.0, whose model has no such list)."""
    return {} if call.api.legacy else Returns(call.twin.sales.index().returns)


def render(call: Call) -> Any:
    """A function shaping sales for this call's version."""
    returns, catalog = returns_of(call), call.twin.catalog
    return lambda sale: shapes_sales.sale(catalog, sale, call.api, returns)


def list_sales(call: Call) -> Any:
    """``GET /sales`` (version cursor; sales cap)."""
    return listing(call, call.twin.sales.sales.values(), render(call), kind="sales", of=Sale)


def get_sale(call: Call) -> Any:
    """``GET /sales/{id}``; 2.0 returns only completed sales (``sales.get_by_id``)."""
    sale = call.twin.sales.get(call.params["sale_id"])
    allowed = call.api.profile.value("sales.get_by_id")
    if call.api.legacy and sale.status not in allowed:
        raise not_found("sale")
    return {"data": render(call)(sale)}


SALE_FILTERS = ("_id", "status", "outlet_id", "invoice_number", "customer_id", "user_id", "register_id")


def search_sales(call: Call) -> tuple[Iterable[Sale], Callable[[list[Sale]], list[dict[str, Any]]]]:
    """Sales for ``/search?type=sales`` (status, state, outlet, invoice number, customer, user, register).

    Returned, as they are found, with how to shape a page of them: only the page answered is shaped. The
    sales compared are those the narrowest index allows (an included value, a date range), in stored order.
    """
    since, until = moment(call, "date_from"), moment(call, "date_to")

    def dated(sale: Sale) -> bool:
        when = dt.datetime.fromisoformat(sale.sale_date) if sale.sale_date else None
        if when is None:
            return since is None and until is None
        return (since is None or when >= since) and (until is None or when <= until)

    filters, state = asked(call, SALE_FILTERS), asked(call, ("state",))
    found = call.twin.sales.index().candidates({name: wanted(call, name)[0] for name in filters}, since, until)
    rows = (s for s in found if keep_deleted(call, s) and dated(s) and matches(call, filters, reader(s))
            and matches(call, state, reader(s, text={"state": STATE_OF[s.status][0]})))
    return rows, lambda page: list(map(render(call), page))


def _date_status(raw: dict[str, Any]) -> str:
    state = raw.get("state")
    attributes = [a for a in raw.get("attributes") or [] if isinstance(a, str)]
    qualifier = next((a for a in attributes if a in {"onaccount", "layby", "delivery", "pickup", "service"}), None)
    status = STATUS_OF.get((str(state), qualifier))
    if status is None:
        raise invalid("state must be parked, pending (with an attribute), closed or voided")
    return status


def _date_lines(raw: dict[str, Any]) -> list[dict[str, Any]] | None:
    lines = raw.get("line_items")
    if lines is None:
        return None
    if not isinstance(lines, list):
        raise invalid("line_items must be a list")
    out = []
    for line in lines:
        if not isinstance(line, dict) or not isinstance(line.get("product"), dict):
            raise invalid("every line item needs product.id, quantity, pricing and tax")
        pricing, tax = line.get("pricing") or {}, line.get("tax") or {}
        out.append({"id": line.get("id"), "product_id": line["product"].get("id"), "quantity": line.get("quantity"),
                    "price": pricing.get("price"), "cost": pricing.get("cost"), "discount": pricing.get("discount"),
                    "loyalty_value": pricing.get("loyalty_amount"), "tax": tax.get("amount"), "tax_id": tax.get("id"),
                    "price_set": (line.get("_metadata") or {}).get("is_price_override"), "note": line.get("note")})
    return out


def _date_payments(raw: dict[str, Any]) -> list[dict[str, Any]] | None:
    """Date-model payments (``type.config_id`` names the retailer payment type) in the store's terms."""
    payments = raw.get("payments")
    if payments is None:
        return None
    if not isinstance(payments, list) or not all(isinstance(p, dict) for p in payments):
        raise invalid("payments must be a list of objects")
    return [{"id": p.get("id"), "payment_type_id": (p.get("type") or {}).get("config_id"), "amount": p.get("amount"),
             "date": p.get("date"), "register_id": (p.get("source") or {}).get("register_id")} for p in payments]


def _payments_09(raw: dict[str, Any]) -> list[dict[str, Any]] | None:
    """0.9 ``register_sale_payments`` in the store's terms."""
    payments = raw.get("register_sale_payments")
    if payments is None:
        return None
    return [{"id": p.get("id"), "payment_type_id": p.get("retailer_payment_type_id"), "amount": p.get("amount"),
             "date": p.get("payment_date"), "register_id": p.get("register_id")}
            for p in payments if isinstance(p, dict)]


def create_sale(call: Call) -> Any:
    """``POST /sales`` (date versions)."""
    raw = call.obj()
    source = raw.get("source") or {}
    if not isinstance(source, dict) or not source.get("author_id"):
        raise invalid("source.author_id is required")
    if raw.get("id") and raw["id"] in call.twin.sales.sales:
        raise invalid("a sale with this id already exists")
    lines = _date_lines(raw) or []
    sale = call.twin.sales.create(register_id=str(source.get("register_id") or ""), user_id=str(source["author_id"]),
                                  status=_date_status(raw), lines=lines, rules=call.api.return_rules,
                                  sale_id=raw.get("id"), note=str(raw.get("note") or ""),
                                  invoice_number=str(raw.get("invoice_number") or "") or None,
                                  customer_id=raw.get("customer_id"), sale_date=str(raw.get("date") or ""),
                                  source_id=str(source.get("id") or "") or None, payments=_date_payments(raw),
                                  short_code=str(raw.get("short_code") or ""))
    return {"data": render(call)(sale)}


def update_sale(call: Call) -> Any:
    """``PUT /sales/{id}`` (date versions)."""
    raw = call.obj()
    sale = call.twin.sales.get(call.params["sale_id"])
    status = _date_status(raw) if raw.get("state") else None
    call.twin.sales.update(sale, status=status, lines=_date_lines(raw), rules=call.api.return_rules,
                           payments=_date_payments(raw), note=raw.get("note"))
    return {"data": render(call)(sale)}


def start_return(call: Call) -> Any:
    """``PUT`` (2.0) or ``POST`` (date versions) ``/sales/{id}/actions/return`` (``returns.endpoint``).

    Both answer the parked return as a 2.0 sale; date versions add its ``state``.
    """
    if call.request.method != call.api.returns_method:
        raise not_found("route")
    original = call.twin.sales.get(call.params["sale_id"])
    parked = call.twin.sales.start_return(original, user_id=call.user_id, rules=call.api.return_rules)
    if call.api.legacy:
        return {"data": render(call)(parked)}
    return {"data": shapes_sales.started_return(call.twin.catalog, parked)}  # schema.response_overrides


def register_sales(call: Call) -> Any:
    """0.9 ``POST /api/register_sales``: create, or update when the body names an existing id."""
    raw = call.obj()
    raw = raw.get("register_sale", raw) if isinstance(raw.get("register_sale"), dict) else raw
    status = str(raw.get("status") or "")
    if not raw.get("user_id") or not status:
        raise invalid("user_id and status are required")
    fields = ("product_id", "quantity", "price", "tax", "tax_id", "id", "cost", "discount", "loyalty_value",
              "price_set", "is_return", "sequence", "note")
    lines = [{k: p.get(k) for k in fields if k in p}
             for p in raw.get("register_sale_products") or [] if isinstance(p, dict)]
    sales = call.twin.sales
    existing = sales.sales.get(str(raw.get("id") or ""))
    if existing is not None:
        sale = sales.update(existing, status=status, lines=lines or None, rules=call.api.return_rules,
                            payments=_payments_09(raw), note=raw.get("note"))
    else:
        sale = sales.create(register_id=str(raw.get("register_id") or ""), user_id=str(raw["user_id"]), status=status,
                            lines=lines, rules=call.api.return_rules, sale_id=raw.get("id") or None,
                            note=str(raw.get("note") or ""), sale_date=str(raw.get("sale_date") or ""),
                            source_id=raw.get("source_id"), return_for=raw.get("return_for"),
                            invoice_number=str(raw.get("invoice_number") or "") or None,
                            customer_id=raw.get("customer_id"), payments=_payments_09(raw))
    return {"register_sale": _sale_09(call, sale)}


def _sale_09(call: Call, sale: Sale) -> dict[str, Any]:
    """The 0.9 ``RegisterSale`` (``shapes_legacy``), with its customer's spending so far."""
    from stockgate.twins.lightspeed.routes_catalog import spending_of

    spent = spending_of(call)
    return shapes_legacy.register_sale(call.twin.catalog, sale, spent.get(sale.customer_id or "", (0.0, 0.0, 0.0)))


def register(app: LightspeedApp) -> None:
    """Add the sales routes and the 0.9 leftovers."""
    from stockgate.twins.lightspeed.app import GONE

    r = app.route
    r("GET", "/sales", list_sales)
    r("GET", "/sales/{sale_id}", get_sale)
    r("POST", "/sales", create_sale)
    r("PUT", "/sales/{sale_id}", update_sale)
    r("PUT", "/sales/{sale_id}/actions/return", start_return)
    r("POST", "/sales/{sale_id}/actions/return", start_return)
    r("POST", "/register_sales", register_sales, space="0.9")
    for method, template in (("GET", "/products"), ("POST", "/products"), ("GET", "/products/{id}")):
        r(method, template, GONE, space="0.9")
    _ = STATE_OF
