"""Manual check: my-magento 2.2.0 (PyPI, TDKorn) against a served Magento twin. Not collected by pytest.

my-magento keeps only the host of the domain it is given (``parse_domain`` drops the port) and fetches a
browser user agent from the internet unless it is given one, so: serve the twin on port 80 (as root) and
pass ``user_agent``. It logs in with the admin user, so the twin needs ``--profile two-factor-off``::

    stockgate twin serve magento@2.4.8 --profile two-factor-off --port 80 &
    python -m venv /tmp/my-magento && /tmp/my-magento/bin/pip install my-magento==2.2.0 requests
    /tmp/my-magento/bin/python tests/clients/manual/check_my_magento.py http://127.0.0.1:80

(my-magento and pymagento both install a top-level ``magento`` package: keep them in separate venvs. my-magento
writes its log files into the working directory: run it from a scratch folder, with the script's full path.)
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from shopper import guest_order


def step(name: str, call: Callable[[], Any]) -> Any:
    try:
        result = call()
    except Exception as exc:  # a check script: every failure is printed, none stops the run
        print(f"FAIL {name}: {type(exc).__name__}: {str(exc)[:300]}")
        return None
    print(f"OK   {name}: {result!r:.200}")
    return result


def main(base: str) -> None:
    from magento import Client

    order_id = guest_order(base, "MUG-BLK", 2)
    api = step("login (POST /V1/integration/admin/token)", lambda: Client(
        base.split("://", 1)[1], "admin", "stockgate-demo1", local=True, log_level="WARNING",
        user_agent="stockgate-client-check"))
    if api is None:
        return
    product = step("products.by_sku TS-RED-S", lambda: api.products.by_sku("TS-RED-S"))
    step("product.stock_item", lambda: product.stock_item)
    step("product.update_stock(9)", lambda: product.update_stock(9))
    step("products.get_stock", lambda: api.products.get_stock("TS-RED-S"))
    step("configurable TS: children", lambda: api.products.by_sku("TS").children)
    step("configurable TS: stock", lambda: api.products.by_sku("TS").stock)
    step("products.by_skulist", lambda: api.products.by_skulist(["MUG-BLK", "CAP-NVY"]))
    step("product.update_price", lambda: product.update_price(26))
    step("product.categories (501: categories reads not emulated)", lambda: product.categories)
    order = step("orders.by_id", lambda: api.orders.by_id(order_id))
    step("order.items", lambda: order.items)
    step("order totals", lambda: (order.net_tax, order.net_total, order.total_qty_outstanding))
    step("orders.since('2020-01-01')", lambda: api.orders.since("2020-01-01").execute())
    step("orders.get_all (sends created_at >= 'None': see README)", api.orders.get_all)
    step("order_items.by_sku", lambda: api.order_items.by_sku("MUG-BLK"))
    step("source items search", lambda: api.search("inventory/source-items").add_criteria("sku", "MUG-BLK").execute())
    for what, body in [("invoice", {"capture": True}),
                       ("ship", {"arguments": {"extension_attributes": {"source_code": "central"}}}),
                       ("refund", {"arguments": {"extension_attributes": {"return_to_stock_items": []}}})]:
        step(f"POST order/{order_id}/{what}", lambda w=what, b=body: api.post(api.url_for(f"order/{order_id}/{w}"),
                                                                              b).text)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:80")
