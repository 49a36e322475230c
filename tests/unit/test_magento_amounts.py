"""Order amounts of the Magento twin: tax from the seed's rules, documents' shares, flows (no HTTP)."""

from __future__ import annotations

from typing import Any

import pytest

from stockgate.contracts import load_contract
from stockgate.twins.magento import serialize as out
from stockgate.twins.magento.behaviour import Behaviour
from stockgate.twins.magento.checkout import Checkout
from stockgate.twins.magento.pricing import TaxRate, TaxRule, TaxRules, money, row_tax
from stockgate.twins.magento.sales import Sales
from stockgate.twins.magento.state import Inventory, Product

US = {"country_id": "US", "region_code": "IL", "postcode": "62701"}


def test_money_rounds_half_away_from_zero_like_php() -> None:
    assert (money(0.125), money(2.675), money(1.005), money(-0.125)) == (0.13, 2.68, 1.01, -0.13)
    assert row_tax(24, 8.25) == 1.98


def test_a_rate_applies_by_country_region_and_postcode() -> None:
    rules = TaxRules([TaxRule(code="r", rates=(TaxRate(code="US-IL", percent=6.25, country_id="US", region="IL"),))])
    assert [r.code for r in rules.rates_for(US, 2)] == ["US-IL"]
    assert rules.rates_for({**US, "region_code": "", "region": {"region_code": "IL"}}, 2) != []
    assert rules.rates_for({**US, "region_code": "MO"}, 2) == []
    assert rules.rates_for(US, 0) == []  # tax class None


@pytest.fixture
def placed() -> tuple[Sales, int]:
    """A demo-like store with one 8.25 % rule and a guest order of 3 x 12.00 shipped to the US."""
    inv = Inventory()
    inv.add_source({"source_code": "a", "name": "A", "country_id": "US", "postcode": "1"})
    inv.link(1, "a", 2)
    inv.add_product(Product(id=0, sku="MUG", name="Mug", price=12))
    inv.set_source_item("MUG", "a", 10, 1)
    inv.tax.rules.append(TaxRule(code="t", rates=(TaxRate(code="US-*-*-Rate 1", percent=8.25, country_id="US"),)))
    sales = Sales(inv, Behaviour.from_profile(load_contract("magento@2.4.8").profile()))
    checkout = Checkout(sales)
    cart = checkout.cart(checkout.create("default"))
    checkout.add_item(cart, {"sku": "MUG", "qty": 3})
    checkout.set_shipping(cart, {"shipping_address": {**US, "firstname": "A", "lastname": "B", "street": ["1"],
                                                      "city": "C", "telephone": "1"},
                                 "shipping_carrier_code": "flatrate", "shipping_method_code": "flatrate"})
    order = checkout.place(cart, {"email": "a@b.c", "paymentMethod": {"method": "checkmo"}}, "t")
    return sales, order.entity_id


def _body(sales: Sales, order_id: int) -> dict[str, Any]:
    return out.order(sales.order(order_id))


def test_an_order_is_taxed_by_the_seed_rule_and_base_equals_store_amounts(placed: tuple[Sales, int]) -> None:
    sales, order_id = placed
    body = _body(sales, order_id)
    assert (body["subtotal"], body["tax_amount"], body["shipping_amount"], body["grand_total"]) == (36, 2.97, 15, 53.97)
    assert body["subtotal_incl_tax"] == 38.97 and body["items"][0]["price_incl_tax"] == 12.99
    assert all(body[f"base_{k}"] == body[k] for k in ("subtotal", "tax_amount", "grand_total", "total_due"))
    assert body["extension_attributes"]["applied_taxes"] == [
        {"code": "US-*-*-Rate 1", "title": "US-*-*-Rate 1", "percent": 8.25, "amount": 2.97, "base_amount": 2.97}]
    assert "total_invoiced" not in body and "customer_id" not in body  # null until invoiced; a guest


def test_documents_take_their_share_and_the_order_sums_them(placed: tuple[Sales, int]) -> None:
    sales, order_id = placed
    order = sales.order(order_id)
    invoice = sales.invoice(order, [], "t")
    memo = sales.refund(order, [(order.items[0].item_id, 1)], [], "t", fingerprint="f", instant=0.0)
    body, inv_body, memo_body = _body(sales, order_id), out.document(invoice, order), out.document(memo, order)
    assert (inv_body["grand_total"], inv_body["shipping_amount"], inv_body["tax_amount"]) == (53.97, 15, 2.97)
    assert (memo_body["subtotal"], memo_body["tax_amount"], memo_body["shipping_amount"]) == (12, 0.99, 15)
    assert (body["total_paid"], body["total_refunded"], body["total_offline_refunded"]) == (53.97, 27.99, 27.99)
    assert body["payment"]["amount_refunded"] == 27.99 and body["items"][0]["tax_refunded"] == 0.99


def test_a_cancel_cancels_what_was_not_invoiced(placed: tuple[Sales, int]) -> None:
    sales, order_id = placed
    assert sales.cancel(sales.order(order_id))
    body = _body(sales, order_id)
    assert (body["total_canceled"], body["subtotal_canceled"], body["tax_canceled"]) == (53.97, 36, 2.97)
    assert body["items"][0]["tax_canceled"] == 2.97


def test_lists_filter_cheap_rows(placed: tuple[Sales, int]) -> None:
    sales, order_id = placed
    row = out.order_row(sales.order(order_id))
    assert "items" not in row and row["entity_id"] == order_id and row["grand_total"] == 53.97
