"""Orders as Magento answers them (``sales-data-order-interface`` and what it holds).

Shapes follow the recorded order answers (tests/data/real/magento/order*, the AdobeDocs order tutorial):
a guest order placed through checkout with check / money order and the flat rate. Amounts come from the
lines (``pricing``, ``totals``); ``base_*`` equal the store-currency amounts. Totals a real store keeps
null until an invoice, a credit memo or a cancel moved them are left out until then, and so is every
other property a real store leaves null for such an order (``schema.omitted_when_null``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from stockgate.twins.magento import totals
from stockgate.twins.magento.orders import Order
from stockgate.twins.magento.pricing import money
from stockgate.twins.magento.serialize_catalog import number
from stockgate.twins.magento.serialize_items import both, order_item
from stockgate.twins.magento.stores import STORE_NAMES, WEBSITE_NAMES

PAYMENT_TITLES = {"checkmo": "Check / Money order", "free": "No Payment Information Required"}
ADDRESS_OPTIONAL = ("company", "middlename", "prefix", "suffix", "fax", "vat_id", "region", "region_code")


def store_name(store_code: str) -> str:
    """Website, store and store view names joined by new lines, as ``sales_order.store_name`` keeps them."""
    website, group, _code = WEBSITE_NAMES["base"]
    return f"{website}\n{group}\n{STORE_NAMES.get(store_code, store_code.title())}"


def address(order: Order, kind: str) -> dict[str, Any]:
    """``sales-data-order-address-interface``: the address as the shopper gave it (shipping ids first)."""
    given = order.address if kind == "shipping" or order.billing is None else order.billing
    body: dict[str, Any] = {
        "address_type": kind, "city": str(given.get("city") or ""), "country_id": str(given.get("country_id") or ""),
        "email": str(given.get("email") or order.customer_email),
        "entity_id": order.entity_id * 2 - (1 if kind == "shipping" else 0),
        "firstname": str(given.get("firstname") or order.customer_firstname),
        "lastname": str(given.get("lastname") or order.customer_lastname), "parent_id": order.entity_id,
        "postcode": str(given.get("postcode") or ""), "street": [str(s) for s in given.get("street") or []],
        "telephone": str(given.get("telephone") or ""),
    }
    region = given.get("region")
    if isinstance(region, dict):  # the checkout's region object: {region, region_code, region_id}
        given = {**given, **{k: v for k, v in region.items() if v not in (None, "")}}
    body.update({k: str(given[k]) for k in ADDRESS_OPTIONAL if isinstance(given.get(k), str | int) and given[k] != ""})
    if given.get("region_id") not in (None, ""):
        body["region_id"] = int(given["region_id"])
    return body


def _payment(order: Order, placed: totals.Money, paid: totals.Money | None,
             refunded: totals.Money | None) -> dict[str, Any]:
    """``sales-data-order-payment-interface`` of an offline method."""
    body: dict[str, Any] = {
        "account_status": None, "additional_information": [PAYMENT_TITLES.get(order.payment_method, "")],
        **both("amount_ordered", placed.grand_total), **both("shipping_amount", placed.shipping),
        "cc_exp_year": "0", "cc_last4": None, "cc_ss_start_month": "0", "cc_ss_start_year": "0",
        "entity_id": order.entity_id, "method": order.payment_method, "parent_id": order.entity_id,
    }
    if paid is not None:
        body.update({**both("amount_paid", paid.grand_total), **both("shipping_captured", paid.shipping)})
    if refunded is not None:
        body.update({**both("amount_refunded", refunded.grand_total), **both("shipping_refunded", refunded.shipping)})
    return body


def _shipping_total(body: dict[str, Any]) -> dict[str, Any]:
    """``sales-data-total-interface``: the order's shipping amounts, copied as Magento's ShippingBuilder does."""
    return {k: v for k, v in body.items() if k.startswith(("shipping_", "base_shipping_"))
            and k != "shipping_description"}


def _taxes(order: Order, lines: list[dict[str, Any]]) -> dict[str, Any]:
    """``applied_taxes`` of the order and ``item_applied_taxes`` per taxed line (one rule: every rate of it)."""
    percent = sum(t["percent"] for t in order.applied_taxes) or 1.0
    tax = totals.ordered(order).tax
    applied = [{"code": t["code"], "title": t["title"], "percent": number(t["percent"]),
                **both("amount", money(tax * t["percent"] / percent))} for t in order.applied_taxes]
    per_item = []
    for line in lines:
        if line.get("tax_amount") and "parent_item_id" not in line:
            rows = [{"code": t["code"], "title": t["title"], "percent": number(t["percent"]),
                     **both("amount", money(line["tax_amount"] * t["percent"] / percent))}
                    for t in order.applied_taxes]
            per_item.append({"type": "product", "item_id": line["item_id"], "applied_taxes": rows})
    return {"applied_taxes": applied, "item_applied_taxes": per_item}


def _extension(order: Order, body: dict[str, Any], lines: list[dict[str, Any]]) -> dict[str, Any]:
    """``sales-data-order-extension-interface`` of an Open Source store."""
    assignment = {"shipping": {"address": address(order, "shipping"), "method": order.shipping_method,
                               "total": _shipping_total(body)}, "items": lines}
    ext: dict[str, Any] = {"shipping_assignments": [assignment], "payment_additional_info": [
        {"key": "method_title", "value": PAYMENT_TITLES.get(order.payment_method, "")}], **_taxes(order, lines)}
    if order.from_quote:
        ext["converting_from_quote"] = True
    return ext


def _amounts(placed: totals.Money) -> dict[str, Any]:
    return {**both("discount_amount", 0), **both("discount_tax_compensation_amount", 0),
            **both("grand_total", placed.grand_total), **both("shipping_amount", placed.shipping),
            **both("shipping_discount_amount", 0), "shipping_discount_tax_compensation_amount": 0,
            "base_shipping_discount_tax_compensation_amnt": 0, **both("shipping_incl_tax", placed.shipping),
            **both("shipping_tax_amount", 0), **both("subtotal", placed.subtotal),
            **both("subtotal_incl_tax", placed.subtotal + placed.tax), **both("tax_amount", placed.tax)}


def _flows(placed: totals.Money, invoiced: totals.Money | None, refunded: totals.Money | None,
           canceled: totals.Money | None) -> dict[str, Any]:
    """The ``*_invoiced``/``*_paid``, ``*_refunded`` and ``*_canceled`` totals, once there are any."""
    paid = invoiced.grand_total if invoiced is not None else 0.0
    body: dict[str, Any] = both("total_due", max(0.0, placed.grand_total - paid))
    if invoiced is not None:
        body.update({**both("discount_invoiced", 0), **both("discount_tax_compensation_invoiced", 0),
                     **both("shipping_invoiced", invoiced.shipping), **both("subtotal_invoiced", invoiced.subtotal),
                     **both("tax_invoiced", invoiced.tax), **both("total_invoiced", invoiced.grand_total),
                     **both("total_paid", invoiced.grand_total), "base_total_invoiced_cost": 0})
    if refunded is not None:
        body.update({**both("adjustment_negative", refunded.adjustment_negative),
                     **both("adjustment_positive", refunded.adjustment_positive), **both("discount_refunded", 0),
                     **both("discount_tax_compensation_refunded", 0), **both("shipping_refunded", refunded.shipping),
                     **both("shipping_tax_refunded", 0), **both("subtotal_refunded", refunded.subtotal),
                     **both("tax_refunded", refunded.tax), **both("total_offline_refunded", refunded.grand_total),
                     **both("total_refunded", refunded.grand_total)})
    if canceled is not None:
        body.update({**both("discount_canceled", 0), **both("shipping_canceled", canceled.shipping),
                     **both("subtotal_canceled", canceled.subtotal), **both("tax_canceled", canceled.tax),
                     **both("total_canceled", canceled.grand_total)})
    return body


def _customer(order: Order) -> dict[str, Any]:
    body: dict[str, Any] = {"customer_email": order.customer_email, "customer_group_id": order.customer_group_id,
                            "customer_is_guest": 1 if order.customer_id is None else 0, "customer_note_notify": 1}
    if order.customer_id is not None:
        body["customer_id"] = order.customer_id
    for key in ("customer_firstname", "customer_lastname"):
        if getattr(order, key):
            body[key] = getattr(order, key)
    return body


def _identity(order: Order) -> dict[str, Any]:
    body: dict[str, Any] = {
        "base_currency_code": "USD", "base_to_global_rate": 1, "base_to_order_rate": 1,
        "billing_address_id": order.entity_id * 2, "created_at": order.created_at, "entity_id": order.entity_id,
        "global_currency_code": "USD", "increment_id": order.increment_id, "is_virtual": 0,
        "order_currency_code": "USD", "protect_code": hashlib.md5(f"order-{order.entity_id}".encode()).hexdigest(),
        "shipping_description": order.shipping_description, "state": order.state, "store_currency_code": "USD",
        "store_id": 1, "store_name": store_name(order.store_code), "store_to_base_rate": 0, "store_to_order_rate": 0,
        "total_item_count": len(order.top_lines), "updated_at": order.updated_at,
        "total_qty_ordered": number(sum(ln.qty_ordered for ln in order.top_lines)),
        "weight": number(sum((ln.weight or 0.0) * ln.qty_ordered for ln in order.top_lines)),
    }
    if order.status:  # a cleared status is null: left out (order_actions)
        body["status"] = order.status
    if order.hold_before is not None:
        body["hold_before_state"], body["hold_before_status"] = order.hold_before
    for key in ("quote_id", "remote_ip"):
        if getattr(order, key) is not None:
            body[key] = getattr(order, key)
    # checkout sends the order confirmation at once (sales_email async_sending = 0); so does POST …/emails
    if order.from_quote or order.email_sent:
        body["email_sent"] = 1
    return body


def order(item: Order) -> dict[str, Any]:
    """``sales-data-order-interface``."""
    placed = totals.ordered(item)
    invoiced = totals.flow(item, item.documents_of("invoice"))
    refunded = totals.flow(item, item.documents_of("creditmemo"))
    lines = order_lines(item)
    body = {**_identity(item), **_customer(item), **_amounts(placed),
            **_flows(placed, invoiced, refunded, totals.canceled(item, invoiced))}
    body.update({"items": lines, "billing_address": address(item, "billing"),
                 "payment": _payment(item, placed, invoiced, refunded),
                 "status_histories": [dict(h) for h in reversed(item.histories)]})  # newest first, as Order loads them
    body["extension_attributes"] = _extension(item, body, lines)
    return body


def order_lines(item: Order) -> list[dict[str, Any]]:
    """Every line of the order, with what its documents moved."""
    invoiced = totals.line_flows(item, item.documents_of("invoice"))
    refunded = totals.line_flows(item, item.documents_of("creditmemo"))
    return [order_item(item, line, invoiced, refunded) for line in item.items]


def order_row(item: Order) -> dict[str, Any]:
    """The flat row searchCriteria filters an order list by (no lines, addresses or totals of documents).

    Cheap on purpose: a list builds one per order and the full body only for the page it answers.
    """
    return {**_identity(item), **_customer(item), **_amounts(totals.ordered(item))}
