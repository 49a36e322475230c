"""Reference data as each API version answers it: taxes, payment types, product types, suppliers, ...

Brands, tags, customer groups and customers too.

2.0 types a supplier's contact lines as non-null strings (an empty line is ``""``); the date
documents make them nullable (``null``). A date-version payment type leaves out ``is_editable``
("Omitted when not applicable") and its global ``payment_type`` (no public source shows one).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed.catalog import CUSTOMER_TEXT, Customer, Named, PaymentType, Supplier, Tax
from stockgate.twins.lightspeed.shapes import num

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.sales import Sale
    from stockgate.twins.lightspeed.versions import ApiVersion


def _row(row: Any) -> dict[str, Any]:
    return {"id": row.id, "deleted_at": row.deleted_at, "version": row.version}


def tax(row: Tax) -> dict[str, Any]:
    """A tax and its rates (no threshold rules)."""
    return {**_row(row), "name": row.name, "display_name": row.name, "is_default": row.is_default,
            "rates": [{"id": r.id, "name": r.name, "display_name": r.name, "rate": r.rate, "rules": []}
                      for r in row.rates]}


def payment_type(row: PaymentType, api: ApiVersion) -> dict[str, Any]:
    """A retailer payment type."""
    body = {**_row(row), "name": row.name, "type_id": row.type_id, "config": row.config}
    if not api.legacy:
        body.update({"created_at": row.created_at, "disabled": False, "gateway": False, "internal": False,
                     "name_changed_by_user": False, "outlet_ids": None})
    return body


def product_type(row: Named) -> dict[str, Any]:
    """A product type (one level deep: its own category path)."""
    return {**_row(row), "name": row.name, "leaf_category": True,
            "category_path": [{"id": row.id, "name": row.name}]}


def brand(row: Named) -> dict[str, Any]:
    """A brand."""
    return {**_row(row), "name": row.name, "description": row.description}


def tag(row: Named) -> dict[str, Any]:
    """A tag."""
    return {**_row(row), "name": row.name}


def customer_group(row: Named, retailer_id: str) -> dict[str, Any]:
    """A customer group (``group_id``: the code the retailer gave it)."""
    return {**_row(row), "name": row.name, "group_id": row.description or "", "retailer_id": retailer_id,
            "created_at": row.created_at, "updated_at": row.updated_at}


def supplier(row: Supplier, api: ApiVersion) -> dict[str, Any]:
    """A supplier and its contact."""
    empty = "" if api.legacy else None
    return {**_row(row), "name": row.name, "description": row.description if row.description is not None else empty,
            "source": row.source, "default_markup": num(row.default_markup),
            "contact": {k: (v if v is not None else empty) for k, v in row.contact.items()}}


def spending(sales: list[Sale], year: int) -> dict[str, tuple[float, float, float]]:
    """Per customer: spent this year (closed sales, tax inclusive), loyalty earned, and on-account balance."""
    out: dict[str, tuple[float, float, float]] = {}
    for sale in sales:
        if not sale.customer_id or sale.deleted_at or sale.status == "VOIDED":
            continue
        spent, loyalty, balance = out.get(sale.customer_id, (0.0, 0.0, 0.0))
        total = sale.total_price + sale.total_tax
        if sale.status.endswith("CLOSED") and sale.sale_date[:4] == str(year):
            spent += total
        if sale.stock_taken:
            loyalty += sale.total_loyalty
        if sale.status == "ONACCOUNT":
            balance -= total - sale.paid
        out[sale.customer_id] = (spent, loyalty, balance)
    return out


def customer(row: Customer, totals: tuple[float, float, float]) -> dict[str, Any]:
    """A customer; ``totals`` from :func:`spending` (year to date, loyalty, balance)."""
    spent, loyalty, balance = totals
    return {**_row(row), "first_name": row.first_name, "last_name": row.last_name, "name": row.name,
            "customer_code": row.customer_code, "customer_group_id": row.customer_group_id,
            **{k: row.text.get(k) for k in CUSTOMER_TEXT}, "enable_loyalty": row.enable_loyalty,
            "do_not_email": row.do_not_email, "enable_promotional_sms": row.enable_promotional_sms,
            "on_account_limit": row.on_account_limit, "year_to_date": num(spent),
            "loyalty_balance": num(loyalty if row.enable_loyalty else 0.0), "balance": num(balance),
            "created_at": row.created_at, "updated_at": row.updated_at}


def customer_event(row: Customer, group: str) -> dict[str, Any]:
    """A ``customer.update`` webhook payload: the 0.9 Customer (address lines without the underscore)."""
    text = {k.replace("_address_", "_address"): v for k, v in row.text.items() if k != "tax_id"}
    return {"id": row.id, "name": row.name or "", "customer_code": row.customer_code,
            "customer_group_id": row.customer_group_id, "customer_group_name": group,
            "first_name": row.first_name or "", "last_name": row.last_name or "",
            **{k: v or "" for k, v in text.items() if k != "gender"}, "sex": row.text.get("gender") or "",
            "enable_loyalty": row.enable_loyalty, "updated_at": row.updated_at, "deleted_at": row.deleted_at or ""}


def this_year(now: str) -> int:
    """The year of an ISO timestamp."""
    return dt.datetime.fromisoformat(now).year
