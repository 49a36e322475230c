"""The 0.9 API's register sale, as ``POST /api/register_sales`` answers it (``schema.legacy_register_sale``).

The shape is the 0.9 specification's ``RegisterSaleResponse`` (``RegisterSale`` with its
``RegisterSaleProduct`` lines, ``RegisterSalePayment`` payments, ``RegisterSaleTotals``, ``RegisterSaleTax``
rows and the ``Customer``), written as a recorded 0.9 answer writes it: empty texts as ``""``, a customer's
balance and year to date as decimal strings, every line with its ``line_note`` attribute and the retailer's
``display_retail_price_tax_inclusive`` flag (undeclared by the specification, present in the recording:
``schema.undeclared_properties``).
Amounts follow ``sales.line_amounts``: totals are unit values times the quantity, taxes summed per rate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed.catalog import CUSTOMER_TEXT
from stockgate.twins.lightspeed.shapes import num
from stockgate.twins.lightspeed.shapes_sales import line_status, rate_named, sale_taxes, short_code

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.catalog import Catalog, Customer
    from stockgate.twins.lightspeed.sales import Line, Payment, Sale

# the retailer shows prices tax exclusive (Outlet.display_prices "exclusive"): the 0.9 line flag is "0"
TAX_INCLUSIVE_FLAG = "0"


def register_sale(catalog: Catalog, sale: Sale, spent: tuple[float, float, float]) -> dict[str, Any]:
    """``RegisterSale``; ``spent``: the customer's (year to date, loyalty, balance) from ``spending``."""
    customer = catalog.customers.get(sale.customer_id or "")
    user = catalog.store.users.get(sale.user_id)
    paid = sum(p.amount for p in sale.payments)
    return {
        "id": sale.id, "source": sale.source, "source_id": sale.source_id, "register_id": sale.register_id,
        "user_id": sale.user_id, "user_name": user.username if user else "", "customer_id": sale.customer_id,
        "customer_name": (customer.name or "") if customer else "",
        **({"customer": legacy_customer(catalog, customer, spent)} if customer else {}),
        "sale_date": sale.sale_date, "created_at": sale.created_at, "updated_at": sale.updated_at,
        "status": sale.status, "note": sale.note, "short_code": short_code(sale),
        "invoice_number": sale.invoice_number, "return_for": sale.return_for,
        "total_price": num(sale.total_price), "total_cost": num(sum(li.cost * li.quantity for li in sale.lines)),
        "total_tax": num(sale.total_tax), "tax_name": _sale_tax_name(catalog, sale),
        "register_sale_products": [_line(catalog, sale, line) for line in sale.lines],
        "register_sale_payments": [_payment(catalog, p) for p in sale.payments],
        "totals": {"total_tax": num(sale.total_tax), "total_price": num(sale.total_price),
                   "total_payment": num(paid), "total_to_pay": num(sale.total_price + sale.total_tax - paid)},
        "taxes": [{"id": rate_id, "tax": num(amount), "name": name, "rate": rate}
                  for rate_id, amount in sale_taxes(catalog, sale) for name, rate in [rate_named(catalog, rate_id)]],
    }


def _sale_tax_name(catalog: Catalog, sale: Sale) -> str:
    """The name of the tax the sale's outlet charges by default (the twin's reading of the sale's ``tax_name``)."""
    outlet = catalog.store.outlets.get(sale.outlet_id)
    tax = catalog.taxes.get(outlet.default_tax_id or "") if outlet else None
    tax = tax or catalog.default_tax()
    return tax.name if tax else ""


def _line(catalog: Catalog, sale: Sale, line: Line) -> dict[str, Any]:
    """``RegisterSaleProduct``: the line with its product's handle, SKU and name and its tax's name and rate."""
    product = catalog.store.products.get(line.product_id)
    tax = catalog.taxes.get(line.tax_id)
    q = line.quantity
    return {"id": line.id, "product_id": line.product_id, "register_id": sale.register_id,
            "sequence": line.sequence, "handle": product.handle if product else "",
            "sku": product.sku if product else "", "name": product.variant_name or product.name if product else "",
            "quantity": num(q), "price": num(line.price), "cost": num(line.cost), "price_set": int(line.price_set),
            "discount": num(line.discount), "loyalty_value": num(line.loyalty_value), "tax": num(line.tax),
            "tax_id": line.tax_id, "tax_name": tax.name if tax else "", "tax_rate": num(tax.rate) if tax else 0,
            "tax_total": num(line.tax * q), "price_total": num(line.price * q),
            "display_retail_price_tax_inclusive": TAX_INCLUSIVE_FLAG, "status": line_status(sale),
            "attributes": [{"name": "line_note", "value": line.note}]}


def _payment(catalog: Catalog, payment: Payment) -> dict[str, Any]:
    """``RegisterSalePayment``: the retailer payment type's name is also its label."""
    kind = catalog.payment_types.get(payment.payment_type_id)
    return {"id": payment.id, "payment_type_id": str(kind.type_id) if kind else "",
            "register_id": payment.register_id, "retailer_payment_type_id": payment.payment_type_id,
            "name": kind.name if kind else "", "label": kind.name if kind else "", "payment_date": payment.date,
            "amount": num(payment.amount)}


def legacy_customer(catalog: Catalog, row: Customer, spent: tuple[float, float, float]) -> dict[str, Any]:
    """The 0.9 ``Customer``: address lines without the underscore, ``""`` for what is unset, and its contact."""
    year_to_date, _loyalty, balance = spent
    group = catalog.customer_groups.get(row.customer_group_id)
    text = {key.replace("_address_", "_address"): row.text.get(key) or "" for key in CUSTOMER_TEXT
            if key not in ("gender", "tax_id")}
    return {"id": row.id, "name": row.name or "", "customer_code": row.customer_code,
            "customer_group_id": row.customer_group_id, "customer_group_name": group.name if group else "",
            "first_name": row.first_name or "", "last_name": row.last_name or "", **text,
            "sex": row.text.get("gender") or "", "updated_at": row.updated_at, "deleted_at": row.deleted_at or "",
            "balance": f"{balance:.3f}", "year_to_date": f"{year_to_date:.5f}",
            "contact": {"company_name": text["company_name"], "phone": text["phone"], "email": text["email"]}}


# 0.9's status enum (OPEN, SENT, RECEIVED, CANCELLED, STOCKTAKE, STOCKTAKE_COMPLETE) for the twin's statuses
_STATUS_09 = {"STOCKTAKE_SCHEDULED": "STOCKTAKE", "STOCKTAKE_IN_PROGRESS": "STOCKTAKE",
              "STOCKTAKE_IN_PROGRESS_PROCESSED": "STOCKTAKE"}


def legacy_time(stamp: str | None) -> str | None:
    """An ISO timestamp as 0.9 writes it (``2017-05-14 20:40:05``)."""
    return None if not stamp else stamp[:19].replace("T", " ")


def consignment(row: Any, retailer_id: str) -> dict[str, Any]:
    """The 0.9 Consignment (the specification's ``POST /consignment`` example answer, key for key)."""
    return {"id": row.id, "name": row.name, "consignment_date": legacy_time(row.created_at),
            "due_at": legacy_time(row.due_at), "received_at": legacy_time(row.received_at),
            "retailer_id": retailer_id, "outlet_id": row.outlet_id, "supplier_id": row.supplier_id,
            "source_outlet_id": row.source_outlet_id, "status": _STATUS_09.get(row.status, row.status),
            "type": row.type, "accounts_transaction_id": None}
