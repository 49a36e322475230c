"""A sale (or return) as each API version answers it: the 2.0 ``status`` model or the date ``state`` model.

Amounts follow ``sales.line_amounts``: unit values as stored, totals as unit times quantity, tax
components per rate of the line's tax (a group's tax split by its rates), the sale's taxes summed
per rate, and ``receipt_number`` equal to the invoice number (the vendor's sale and return
examples). A line's status follows its sale: ``SAVED`` while parked, ``VOIDED`` once voided,
``CONFIRMED`` otherwise (the vendor's examples); a 2.0 line without a note has ``null`` there, as
do a 2.0 payment's ``deleted_at`` and ``source_id`` (the vendor's sale example). Properties the
documents type as non-null but a sale may lack (a client-side source id, a payment surcharge, a
live sale's ``deleted_at`` in the date documents) are left out when there is nothing to say.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed.sales import STATE_OF, Line, Payment, Sale
from stockgate.twins.lightspeed.shapes import num

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.catalog import Catalog
    from stockgate.twins.lightspeed.versions import ApiVersion


def short_code(sale: Sale) -> str:
    """The code a client gave the sale, else six lowercase letters stable per sale (the vendor's: ``xamfvy``)."""
    if sale.short_code:
        return sale.short_code
    digest = hashlib.sha1(sale.id.encode(), usedforsecurity=False).digest()
    return "".join(chr(ord("a") + b % 26) for b in digest[:6])


def line_status(sale: Sale) -> str:
    """SAVED while parked, VOIDED once voided, CONFIRMED otherwise."""
    return "SAVED" if sale.status == "SAVED" else "VOIDED" if sale.status == "VOIDED" else "CONFIRMED"


def components(catalog: Catalog, line: Line) -> list[dict[str, Any]]:
    """The line's tax total split over the rates of its tax (by rate; all on the first when rates are 0)."""
    tax = catalog.taxes.get(line.tax_id)
    total = line.tax * line.quantity
    if tax is None or not tax.rates:
        return []
    weights = [r.rate for r in tax.rates] if tax.rate else [1.0] + [0.0] * (len(tax.rates) - 1)
    return [{"rate_id": r.id, "total_tax": num(total * w / sum(weights))} for r, w in zip(tax.rates, weights,
                                                                                        strict=True)]


def sale_taxes(catalog: Catalog, sale: Sale) -> list[tuple[str, float]]:
    """(rate id, tax) per rate over the sale's lines, in first-seen order."""
    totals: dict[str, float] = {}
    for line in sale.lines:
        for part in components(catalog, line):
            totals[part["rate_id"]] = totals.get(part["rate_id"], 0.0) + part["total_tax"]
    return list(totals.items())


def rate_named(catalog: Catalog, rate_id: str) -> tuple[str, float]:
    """The name and rate of a tax rate by id ("" and 0 when unknown)."""
    for tax in catalog.taxes.values():
        for rate in tax.rates:
            if rate.id == rate_id:
                return rate.name, rate.rate
    return "", 0.0


def sale(catalog: Catalog, row: Sale, api: ApiVersion, returns: Mapping[str, list[str]]) -> dict[str, Any]:
    """A sale in the version's model; ``returns``: original sale id → ids of the sales returning it."""
    return _legacy(catalog, row) if api.legacy else _dated(catalog, row, api, returns.get(row.id, []))


def started_return(catalog: Catalog, row: Sale) -> dict[str, Any]:
    """What a date version's ``POST /sales/{id}/actions/return`` answers: the 2.0 sale with its ``state``.

    Not the date model its document's schema names: the vendor's example in the same document and the
    date-version returns tutorial both answer the flat sale (``schema.response_overrides``).
    """
    return {**_legacy(catalog, row), "state": STATE_OF[row.status][0]}


def _legacy(catalog: Catalog, row: Sale) -> dict[str, Any]:
    taxes = [{"id": rate_id, "name": name, "rate": rate, "amount": num(amount)}
             for rate_id, amount in sale_taxes(catalog, row) for name, rate in [rate_named(catalog, rate_id)]]
    return {"id": row.id, "outlet_id": row.outlet_id, "register_id": row.register_id, "user_id": row.user_id,
            "customer_id": row.customer_id, "invoice_number": row.invoice_number,
            "invoice_sequence": row.invoice_sequence, "receipt_number": row.invoice_number,
            "receipt_sequence": row.invoice_sequence, "source": row.source,
            **({"source_id": row.source_id} if row.source_id else {}), "status": row.status, "note": row.note,
            "short_code": short_code(row), "return_for": row.return_for, "total_price": num(row.total_price),
            "total_tax": num(row.total_tax), "total_loyalty": num(row.total_loyalty), "sale_date": row.sale_date,
            "created_at": row.created_at, "updated_at": row.updated_at, "deleted_at": row.deleted_at,
            "version": row.version, "taxes": taxes, "line_items": [_line_20(catalog, row, li) for li in row.lines],
            "payments": [_payment_20(catalog, row, p) for p in row.payments], "adjustments": [], "attributes": [],
            "ecom_custom_charges": {"total": 0, "total_tax": 0, "total_incl": 0, "charges": []}}


def _line_20(catalog: Catalog, sale: Sale, line: Line) -> dict[str, Any]:
    q = line.quantity
    units = {"price": line.price, "cost": line.cost, "discount": line.discount, "tax": line.tax,
             "loyalty_value": line.loyalty_value}
    body = {"id": line.id, "product_id": line.product_id, "quantity": num(q), "tax_id": line.tax_id,
            "tax_components": components(catalog, line), "price_set": line.price_set, "sequence": line.sequence,
            "note": line.note or None, "status": line_status(sale), "is_return": line.is_return,
            "salesperson_id": sale.user_id, "surcharges": []}
    for name, unit in units.items():
        body[name] = num(unit)
        body[f"unit_{name}"] = num(unit)
        body[f"total_{name}"] = num(unit * q)
        if name != "loyalty_value":
            body[f"{name}_total"] = num(unit * q)
    return body


def _payment_20(catalog: Catalog, sale: Sale, payment: Payment) -> dict[str, Any]:
    kind = catalog.payment_types.get(payment.payment_type_id)
    return {"id": payment.id, "register_id": payment.register_id, "outlet_id": sale.outlet_id,
            "retailer_payment_type_id": payment.payment_type_id,
            "payment_type_id": str(kind.type_id) if kind else None, "name": kind.name if kind else None,
            "amount": num(payment.amount), "payment_date": payment.date, "deleted_at": None, "source_id": None,
            "external_attributes": []}


def _dated(catalog: Catalog, row: Sale, api: ApiVersion, returned_by: list[str]) -> dict[str, Any]:
    state, attribute = STATE_OF[row.status]
    metadata: dict[str, Any] = {"version": row.version, "has_unsynced_on_account_payments": False}
    register = catalog.store.registers.get(row.register_id)
    if state == "closed" and register is not None and register.open_sequence_id:
        metadata["complete_open_sequence_id"] = register.open_sequence_id
    return {
        "id": row.id, "invoice_number": row.invoice_number, "receipt_number": row.invoice_number, "state": state,
        "attributes": [attribute] if attribute else [], "customer_id": row.customer_id, "note": row.note,
        "short_code": short_code(row), "date": row.sale_date, "created_at": row.created_at,
        "updated_at": row.updated_at, **({"deleted_at": row.deleted_at} if row.deleted_at else {}),
        "source": {**({"id": row.source_id} if row.source_id else {}), "type": row.source,
                   "register_id": row.register_id, "outlet_id": row.outlet_id, "author": {"id": row.user_id}},
        "return": {"is_return": row.return_for is not None, "original_sale_id": row.return_for or "",
                   "return_sale_ids": list(returned_by)},
        "line_items": [_line_dated(catalog, row, li, api) for li in row.lines],
        "totals": {"price": num(row.total_price), "tax": num(row.total_tax),
                   "price_incl_tax": num(row.total_price + row.total_tax), "loyalty": num(row.total_loyalty),
                   "surcharge": 0},
        "payments": [_payment_dated(catalog, row, p, register) for p in row.payments],
        "taxes": [{"id": rate_id, "tax": num(amount)} for rate_id, amount in sale_taxes(catalog, row)],
        "adjustments": [], "ecom_custom_charges": [], "external_applications": [], "_metadata": metadata,
    }


def _line_dated(catalog: Catalog, sale: Sale, line: Line, api: ApiVersion) -> dict[str, Any]:
    q = line.quantity
    body: dict[str, Any] = {"id": line.id, "product": {"id": line.product_id}, "quantity": num(q),
            "pricing": {"price": num(line.price), "total": num(line.price * q), "cost": num(line.cost),
                        "cost_total": num(line.cost * q), "discount": num(line.discount),
                        "discount_total": num(line.discount * q), "loyalty_amount": num(line.loyalty_value),
                        "loyalty_amount_total": num(line.loyalty_value * q)},
            "tax": {"id": line.tax_id, "amount": num(line.tax), "total": num(line.tax * q)},
            "status": line_status(sale), "note": line.note, "return": {"is_return": line.is_return},
            "salesperson_id": sale.user_id, "source": {"register_id": sale.register_id}, "surcharges": [],
            "promotions": [], "customizations": [],
            "_metadata": {"is_price_override": line.price_set, "sequence": line.sequence,
                          "tax_components": components(catalog, line)}}
    if api.profile.value("sales.recognised_lines_immutable"):
        body["quantity_recognized"] = 0  # the twin recognises no revenue (sales.recognised_lines_immutable)
    return body


def _payment_dated(catalog: Catalog, sale: Sale, payment: Payment, register: Any) -> dict[str, Any]:
    kind = catalog.payment_types.get(payment.payment_type_id)
    return {"id": payment.id, "amount": num(payment.amount), "date": payment.date,
            "type": {"config_id": payment.payment_type_id, "id": str(kind.type_id) if kind else "",
                     "name": kind.name if kind else ""},
            "source": {"register_id": payment.register_id, "outlet_id": sale.outlet_id},
            "external_applications": [], "external_attributes": [],
            "_metadata": {"register_open_sequence_id": register.open_sequence_id if register else None}}
