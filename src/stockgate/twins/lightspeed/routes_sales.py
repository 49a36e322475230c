"""Sales (2.0 reads, date-version writes, the 0.9 register_sales write), returns, and the 0.9 leftovers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import shapes
from stockgate.twins.lightspeed.errors import invalid, not_found
from stockgate.twins.lightspeed.routes_core import listing
from stockgate.twins.lightspeed.sales import STATE_OF, STATUS_OF, Sale

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp


def list_sales(call: Call) -> Any:
    """``GET /sales`` (version cursor; sales cap)."""
    return listing(call, list(call.twin.sales.sales.values()), lambda s: shapes.sale(s, call.api), kind="sales")


def get_sale(call: Call) -> Any:
    """``GET /sales/{id}``; 2.0 returns only completed sales (``sales.get_by_id``)."""
    sale = call.twin.sales.get(call.params["sale_id"])
    allowed = call.api.profile.value("sales.get_by_id")
    if call.api.legacy and sale.status not in allowed:
        raise not_found("sale")
    return {"data": shapes.sale(sale, call.api)}


def search_sales(call: Call) -> list[dict[str, Any]]:
    """Sales rows for ``/search?type=sales`` (status, outlet, invoice number filters)."""
    wanted = [v for k, v in call.request.query if k in {"status", "status[]"}]
    outlet, invoice = call.query.get("outlet_id"), call.query.get("invoice_number")
    rows = [s for s in call.twin.sales.sales.values() if (not wanted or s.status in wanted)
            and (not outlet or s.outlet_id == outlet) and (not invoice or s.invoice_number == invoice)]
    return [shapes.sale(s, call.api) for s in rows]


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
        out.append({"id": line.get("id"), "product_id": line["product"].get("id"), "quantity": line.get("quantity"),
                    "price": (line.get("pricing") or {}).get("price"), "tax": (line.get("tax") or {}).get("amount"),
                    "tax_id": (line.get("tax") or {}).get("id"), "note": line.get("note")})
    return out


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
                                  source_id=str(source.get("id") or "") or None)
    return {"data": shapes.sale(sale, call.api)}


def update_sale(call: Call) -> Any:
    """``PUT /sales/{id}`` (date versions)."""
    raw = call.obj()
    sale = call.twin.sales.get(call.params["sale_id"])
    status = _date_status(raw) if raw.get("state") else None
    call.twin.sales.update(sale, status=status, lines=_date_lines(raw), rules=call.api.return_rules,
                           note=raw.get("note"))
    return {"data": shapes.sale(sale, call.api)}


def start_return(call: Call) -> Any:
    """``PUT`` (2.0) or ``POST`` (date versions) ``/sales/{id}/actions/return`` (``returns.endpoint``)."""
    if call.request.method != call.api.returns_method:
        raise not_found("route")
    original = call.twin.sales.get(call.params["sale_id"])
    parked = call.twin.sales.start_return(original, user_id=call.user_id, rules=call.api.return_rules)
    return {"data": shapes.sale(parked, call.api)}


def register_sales(call: Call) -> Any:
    """0.9 ``POST /api/register_sales``: create, or update when the body names an existing id."""
    raw = call.obj()
    raw = raw.get("register_sale", raw) if isinstance(raw.get("register_sale"), dict) else raw
    status = str(raw.get("status") or "")
    if not raw.get("user_id") or not status:
        raise invalid("user_id and status are required")
    lines = [{"product_id": p.get("product_id"), "quantity": p.get("quantity"), "price": p.get("price"),
              "tax": p.get("tax"), "tax_id": p.get("tax_id"), "id": p.get("id")}
             for p in raw.get("register_sale_products") or [] if isinstance(p, dict)]
    sales = call.twin.sales
    existing = sales.sales.get(str(raw.get("id") or ""))
    if existing is not None:
        sale = sales.update(existing, status=status, lines=lines or None, rules=call.api.return_rules,
                            note=raw.get("note"))
    else:
        sale = sales.create(register_id=str(raw.get("register_id") or ""), user_id=str(raw["user_id"]), status=status,
                            lines=lines, rules=call.api.return_rules, sale_id=raw.get("id") or None,
                            note=str(raw.get("note") or ""), sale_date=str(raw.get("sale_date") or ""),
                            source_id=raw.get("source_id"), return_for=raw.get("return_for"),
                            invoice_number=str(raw.get("invoice_number") or "") or None)
    return {"register_sale": _sale_09(sale)}


def _sale_09(sale: Sale) -> dict[str, Any]:
    """The 0.9 RegisterSale shape (numbers as the old API wrote them)."""
    return {"id": sale.id, "source": sale.source, "source_id": sale.source_id, "register_id": sale.register_id,
            "user_id": sale.user_id, "customer_id": sale.customer_id, "sale_date": sale.sale_date,
            "created_at": sale.created_at, "updated_at": sale.updated_at, "status": sale.status,
            "note": sale.note, "invoice_number": sale.invoice_number, "return_for": sale.return_for,
            "total_price": shapes.num(sale.total_price), "total_tax": shapes.num(sale.total_tax),
            "register_sale_products": [{"id": line.id, "product_id": line.product_id,
                                        "quantity": shapes.num(line.quantity), "price": shapes.num(line.price),
                                        "tax": shapes.num(line.tax), "tax_id": line.tax_id,
                                        "sequence": line.sequence} for line in sale.lines],
            "register_sale_payments": list(sale.payments)}


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
