"""Twins with a history: N Magento orders with their documents, N Lightspeed sales, consignments and customers.

Built through the twins' own state methods (what the HTTP handlers call), so whatever index a write keeps is
kept here too. Used by the page-scale test (``test_twin_page_scale``): a search's page is timed at N = 1,000
and at N = 50,000 of the entities it lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from stockgate.twins.lightspeed.catalog import Customer
from stockgate.twins.lightspeed.sales import ReturnRules

START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
EMAILS = 50  # orders cycle through this many shoppers (20 orders each at 1,000)
OUTLETS_USED = 5
RULES = ReturnRules(reject_mixed=False, void_other_parked=False)
CONSIGNMENT_KINDS = ("SUPPLIER", "RETURN", "STOCKTAKE")


def magento_time(n: int) -> str:
    """The n-th order's time: one a minute."""
    return (START + dt.timedelta(minutes=n)).strftime("%Y-%m-%d %H:%M:%S")


def lightspeed_time(n: int) -> str:
    """The n-th sale's date: one a minute."""
    return (START + dt.timedelta(minutes=n)).isoformat(timespec="seconds")


def fill_magento(twin: Any, orders: int) -> None:
    """``orders`` imported orders of one line each; every 3rd invoiced, every 9th of those refunded too."""
    sales, checkout = twin.sales, twin.checkout
    skus = list(twin.inventory.products)[:200]
    for n in range(orders):
        now = magento_time(n)
        order = checkout.import_order({"items": [{"sku": skus[n % len(skus)], "qty_ordered": 2, "price": 10}],
                                       "customer_email": f"shopper{n % EMAILS}@example.com",
                                       "customer_firstname": "Ann", "customer_lastname": "Lee"},
                                      "default", now, reserve=False)
        if n % 3 == 0:
            sales.invoice(order, [], now)
        if n % 27 == 0:
            sales.refund(order, [(order.items[0].item_id, 1.0)], [], now, fingerprint=str(n), instant=float(n))


def fill_lightspeed(twin: Any, count: int) -> None:
    """``count`` customers, sales (closed, every 4th parked) and consignments (open, every 5th sent)."""
    store, catalog, sales = twin.store, twin.catalog, twin.sales
    group = catalog.default_group().id
    for n in range(count):
        person = Customer(id=store.make_id("customer"), first_name=f"First{n}", last_name=f"Last{n}",
                          customer_code=f"C{n:06d}", customer_group_id=group, text={"email": f"p{n}@example.com"})
        catalog.add(catalog.customers, person)
    customers = list(catalog.customers)
    registers = sorted(store.registers.values(), key=lambda r: r.id)
    products = [p for p in store.products.values() if p.variant_parent_id is None and not store.has_variants(p)][:200]
    user = next(iter(store.users))
    outlets = list(store.outlets)
    for n in range(count):
        register = registers[n % len(registers)]
        sales.create(register_id=register.id, user_id=user, status="SAVED" if n % 4 == 3 else "CLOSED",
                     lines=[{"product_id": products[n % len(products)].id, "quantity": 1, "price": 5.0}],
                     rules=RULES, invoice_number=f"INV-{n:06d}", customer_id=customers[n % len(customers)],
                     sale_date=lightspeed_time(n))
    for n in range(count):
        row = twin.consignments.create({"type": CONSIGNMENT_KINDS[n % 3], "name": f"C{n}",
                                        "outlet_id": outlets[n % len(outlets)]})
        if n % 5 == 0 and row.type != "STOCKTAKE":
            twin.consignments.set_status(row, "SENT")
