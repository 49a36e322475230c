"""The 0.9 register sale as POST /api/register_sales answers it (schema.legacy_register_sale).

A closed sale to a named customer, paid in cash, answers its customer, its lines with their product and
tax, its payments with their type, the totals and the taxes per rate, as the 0.9 specification declares
and a recorded 0.9 answer writes them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.test_lightspeed_catalog import _sale, seeded

pytestmark = pytest.mark.anyio


async def test_a_register_sale_answers_its_customer_lines_payments_and_totals(lightspeed: Any) -> None:
    ls = lightspeed()
    i = seeded(ls)
    sale = await _sale(ls, i, [{"product_id": i["product"]["MUG-BLK"], "quantity": 2, "price": 12,
                                "tax_id": i["tax"]["Sales Tax"], "note": "gift wrap"}],
                       customer_id=i["customer"]["Jane"],
                       register_sale_payments=[{"retailer_payment_type_id": i["payment"]["Cash"], "amount": 20}])
    customer = sale["customer"]
    assert (sale["customer_name"], customer["name"], customer["physical_city"], customer["postal_city"]) == (
        "Jane Doe", "Jane Doe", "St. Louis", "")
    assert customer["contact"] == {"company_name": "", "phone": customer["phone"], "email": "jane@demo.example"}
    assert (customer["balance"], customer["year_to_date"]) == ("0.000", "25.92000")  # 24 + 8 % tax, closed today
    line = sale["register_sale_products"][0]
    assert (line["sku"], line["name"], line["tax_name"], line["tax_rate"], line["tax_total"], line["price_total"]) \
        == ("MUG-BLK", "Black Mug", "Sales Tax", 0.08, 1.92, 24)
    assert line["attributes"] == [{"name": "line_note", "value": "gift wrap"}] and line["price_set"] == 0
    payment = sale["register_sale_payments"][0]
    assert (payment["name"], payment["label"], payment["payment_type_id"], payment["amount"]) == (
        "Cash", "Cash", "1", 20)
    assert sale["totals"] == {"total_tax": 1.92, "total_price": 24, "total_payment": 20, "total_to_pay": 5.92}
    assert [(t["name"], t["rate"], t["tax"]) for t in sale["taxes"]] == [("Sales Tax", 0.08, 1.92)]
    assert (sale["total_cost"], sale["tax_name"], sale["user_name"]) == (10, "No Tax", "owner@demo.example")
