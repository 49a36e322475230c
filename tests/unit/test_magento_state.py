"""MSI arithmetic of the Magento twin, against MAGENTO.md's worked examples (no HTTP)."""

from __future__ import annotations

import pytest

from stockgate.contracts import load_contract
from stockgate.twins.magento.behaviour import Behaviour
from stockgate.twins.magento.checkout import Checkout
from stockgate.twins.magento.errors import MagentoError
from stockgate.twins.magento.sales import Sales
from stockgate.twins.magento.state import Inventory, Product


@pytest.fixture(scope="module")
def behaviour() -> Behaviour:
    return Behaviour.from_profile(load_contract("magento@2.4.8").profile())


def _store(quantities: dict[str, float], *, min_qty: float = 0.0) -> Inventory:
    inv = Inventory()
    for code in ("a", "b"):
        inv.add_source({"source_code": code, "name": code.upper(), "country_id": "US", "postcode": "1"})
    sid = inv.add_stock({"name": "Retail", "sales_channels": [{"type": "website", "code": "base"}]})
    inv.link(sid, "a", 1)
    inv.link(sid, "b", 2)
    inv.add_product(Product(id=0, sku="SKU", name="Thing", price=10, min_qty=min_qty))
    for code, qty in quantities.items():
        inv.set_source_item("SKU", code, qty, 1)
    return inv


def test_worked_example_55_minus_15_is_40() -> None:
    """ADMIN selection-reservations.md: 55 on hand, a 15-unit reservation, 40 salable."""
    inv = _store({"a": 55})
    inv.reserve(2, "SKU", -15, "order_placed", "1")
    assert inv.salable_quantity("SKU", 2) == 40


def test_salable_sums_enabled_in_stock_sources_minus_threshold() -> None:
    inv = _store({"a": 10, "b": 5}, min_qty=2)
    assert inv.salable_quantity("SKU", 2) == 13
    inv.sources["b"]["enabled"] = False
    assert inv.salable_quantity("SKU", 2) == 8
    inv.set_source_item("SKU", "a", 10, 0)  # out of stock counts 0
    assert inv.salable_quantity("SKU", 2) == 0


def test_unlinked_source_does_not_count() -> None:
    inv = _store({"a": 10, "b": 5})
    inv.unlink(2, "b")
    assert inv.salable_quantity("SKU", 2) == 10


def test_composite_parent_fails_like_magento() -> None:
    inv = _store({"a": 1})
    inv.add_product(Product(id=0, sku="PARENT", name="P", type_id="configurable", children=["SKU"]))
    with pytest.raises(MagentoError, match="without Source Items support"):
        inv.salable_quantity("PARENT", 2)
    assert inv.is_salable("PARENT", 2)


def test_deduction_refuses_to_go_below_zero() -> None:
    inv = _store({"a": 2})
    with pytest.raises(MagentoError, match="Not all of your products"):
        inv.deduct("SKU", "a", 3)
    inv.deduct("SKU", "a", 2)
    assert inv.items[("SKU", "a")] == {"sku": "SKU", "source_code": "a", "quantity": 0.0, "status": 0}


def _order(inv: Inventory, behaviour: Behaviour, qty: float) -> tuple[Sales, int]:
    sales = Sales(inv, behaviour)
    checkout = Checkout(sales)
    lines = checkout.order_lines("SKU", "SKU", qty, 10)
    from stockgate.twins.magento.sales import Order

    order = Order(entity_id=1, increment_id="000000001", store_code="default", stock_id=2, customer_email="x@y.z",
                  customer_firstname="A", customer_lastname="B", items=lines, created_at="t", updated_at="t")
    sales.place(order, reserve=True)
    return sales, lines[0].item_id


def _balance(inv: Inventory) -> float:
    return sum(r.quantity for r in inv.reservations_for(object_id="1"))


def test_order_reserves_then_shipment_deducts_and_compensates(behaviour: Behaviour) -> None:
    inv = _store({"a": 10, "b": 5})
    sales, _item = _order(inv, behaviour, 4)
    assert inv.salable_quantity("SKU", 2) == 11
    sales.invoice(sales.order(1), [], "t")
    sales.ship(sales.order(1), [], "b", "t")
    assert inv.items[("SKU", "b")]["quantity"] == 1
    assert inv.salable_quantity("SKU", 2) == 11
    assert _balance(inv) == 0
    assert sales.order(1).state == "complete"


def test_cancel_releases_the_reservation(behaviour: Behaviour) -> None:
    inv = _store({"a": 10})
    sales, _item = _order(inv, behaviour, 3)
    assert sales.cancel(sales.order(1)) is True
    assert inv.salable_quantity("SKU", 2) == 10
    assert _balance(inv) == 0
    assert sales.cancel(sales.order(1)) is False


def test_refund_returns_shipped_units_to_the_shipping_source(behaviour: Behaviour) -> None:
    inv = _store({"a": 10, "b": 5})
    sales, item = _order(inv, behaviour, 3)
    sales.invoice(sales.order(1), [], "t")
    sales.ship(sales.order(1), [(item, 2)], "b", "t")
    sales.refund(sales.order(1), [(item, 3)], [item], "t", fingerprint="x", instant=0.0)
    assert inv.items[("SKU", "b")]["quantity"] == 5  # both shipped units back on b
    assert inv.items[("SKU", "a")]["quantity"] == 10  # the unshipped unit never left
    assert _balance(inv) == 0  # the unshipped unit released by a +1 creditmemo_created
    assert [r.event_type for r in inv.reservations][-1] == "creditmemo_created"
    assert sales.order(1).state == "closed"


def test_refund_without_return_deducts_unshipped_from_priority_source(behaviour: Behaviour) -> None:
    inv = _store({"a": 10, "b": 5})
    sales, item = _order(inv, behaviour, 3)
    sales.invoice(sales.order(1), [], "t")
    sales.ship(sales.order(1), [(item, 1)], "b", "t")
    sales.refund(sales.order(1), [(item, 3)], [], "t", fingerprint="x", instant=0.0)
    assert inv.items[("SKU", "b")]["quantity"] == 4  # the shipped unit stays gone
    assert inv.items[("SKU", "a")]["quantity"] == 8  # two unshipped units deducted from the first source
    assert _balance(inv) == 0


def test_unreturned_deduction_follows_the_fact(behaviour: Behaviour) -> None:
    """Planted: with refunds.unreturned_unshipped_deducted off, source a keeps its units."""
    import dataclasses

    off = dataclasses.replace(behaviour, unreturned_unshipped_deducted=False)
    inv = _store({"a": 10})
    sales, item = _order(inv, off, 2)
    sales.invoice(sales.order(1), [], "t")
    sales.refund(sales.order(1), [(item, 2)], [], "t", fingerprint="x", instant=0.0)
    assert inv.items[("SKU", "a")]["quantity"] == 10


def test_auto_return_restocks_without_the_list(behaviour: Behaviour) -> None:
    import dataclasses

    auto = dataclasses.replace(behaviour, auto_return=True)
    inv = _store({"a": 10})
    sales, item = _order(inv, auto, 2)
    sales.invoice(sales.order(1), [], "t")
    sales.ship(sales.order(1), [], "a", "t")
    sales.refund(sales.order(1), [(item, 2)], [], "t", fingerprint="x", instant=0.0)
    assert inv.items[("SKU", "a")]["quantity"] == 10


def test_over_refund_is_refused_unless_racing(behaviour: Behaviour) -> None:
    import dataclasses

    inv = _store({"a": 10})
    sales, item = _order(inv, behaviour, 1)
    sales.invoice(sales.order(1), [], "t")
    sales.refund(sales.order(1), [(item, 1)], [], "t", fingerprint="same", instant=5.0)
    with pytest.raises(MagentoError):
        sales.refund(sales.order(1), [(item, 1)], [], "t", fingerprint="same", instant=5.0)
    racing = Sales(inv, dataclasses.replace(behaviour, concurrent_duplicate_refunds=True))
    racing.orders = sales.orders
    racing._recent_refunds = [(5.0, 1, "same")]
    racing.documents = sales.documents
    racing.refund(sales.order(1), [(item, 1)], [], "t", fingerprint="same", instant=5.0)
    assert len(sales.documents["creditmemo"]) == 2


def test_imported_orders_do_not_reserve(behaviour: Behaviour) -> None:
    inv = _store({"a": 10})
    sales = Sales(inv, behaviour)
    order = Checkout(sales).import_order({"items": [{"sku": "SKU", "qty_ordered": 2}]}, "default", "t",
                                         reserve=behaviour.repository_save_reserves)
    assert order.reserved is False
    assert inv.salable_quantity("SKU", 2) == 10
