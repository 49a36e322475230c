"""A storefront shopper for the manual checks: guest checkout on a Magento twin (no credentials)."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

ADDRESS = {"firstname": "Ada", "lastname": "Shopper", "street": ["1 Main St"], "city": "Austin", "region": "Texas",
           "region_id": 57, "region_code": "TX", "postcode": "78701", "country_id": "US", "telephone": "5550100",
           "email": "ada@example.com"}


def _post(url: str, body: Any = None) -> Any:
    data = json.dumps(body).encode() if body is not None else b""
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def guest_order(base: str, sku: str, qty: int) -> int:
    """Place a flat-rate, check/money-order guest order for ``qty`` of ``sku``; its order id."""
    carts = f"{base}/rest/default/V1/guest-carts"
    cart = _post(carts)
    _post(f"{carts}/{cart}/items", {"cartItem": {"sku": sku, "qty": qty}})
    _post(f"{carts}/{cart}/shipping-information", {"addressInformation": {
        "shipping_address": ADDRESS, "billing_address": ADDRESS, "shipping_carrier_code": "flatrate",
        "shipping_method_code": "flatrate"}})
    return int(_post(f"{carts}/{cart}/payment-information",
                     {"email": ADDRESS["email"], "paymentMethod": {"method": "checkmo"}}))


if __name__ == "__main__":
    import sys

    print(guest_order(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "MUG-BLK", 2))
