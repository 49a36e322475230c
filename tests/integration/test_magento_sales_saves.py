"""Magento sales repository saves, the management refund, order address save and the ready-for-pickup
notice (fact ``sales.repository_saves``; issue 15 item 1).

A repository save persists the document without registering it on the order, while MSI's hooks on
the save still move stock: a new shipment deducts its source, a new credit memo deducts what MSI's
formula finds unshipped. The management refund registers the memo as a refund does. Every answer is
checked against its version's contract by the ``magento`` fixture.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TOKEN, Checked
from tests.integration.test_magento_operations import set_default, shipped_order
from tests.integration.test_magento_twin import place_order

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]


def qty(m: Checked, sku: str, source: str) -> float:
    return float(m.app.twin.inventory.items[(sku, source)]["quantity"])


def reserved(m: Checked, order_id: int, event: str) -> float:
    return sum(r.quantity for r in m.app.twin.inventory.reservations_for(object_id=str(order_id))
               if r.event_type == event)


async def order_body(m: Checked, order_id: int) -> dict[str, Any]:
    r = await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_saved_shipment_deducts_its_source_and_ships_nothing_on_the_order(magento: Any, version: str) -> None:
    m = magento(version)
    order_id = await place_order(m, "MUG-BLK", 2)
    before = qty(m, "MUG-BLK", "central")
    r = await m.post("/rest/V1/shipment/", headers=TOKEN, json={"entity": {
        "order_id": order_id, "items": [{"order_item_id": 1, "qty": 2}], "tracks": [], "comments": [],
        "extension_attributes": {"source_code": "central"}}})
    assert r.status_code == 200, r.text
    shipment = r.json()
    assert shipment["extension_attributes"]["source_code"] == "central"
    assert [(i["sku"], i["qty"]) for i in shipment["items"]] == [("MUG-BLK", 2)]
    assert qty(m, "MUG-BLK", "central") == before - 2
    assert reserved(m, order_id, "shipment_created") == 2
    order = await order_body(m, order_id)
    assert (order["state"], order["items"][0]["qty_shipped"]) == ("new", 0)
    assert (await m.get(f"/rest/V1/shipment/{shipment['entity_id']}", headers=TOKEN)).json() == shipment


async def test_a_saved_shipment_needs_a_source_that_has_the_units(magento: Any) -> None:
    m = magento()
    order_id = await place_order(m, "MUG-BLK", 2)
    base = {"order_id": order_id, "items": [{"order_item_id": 1, "qty": 2}], "tracks": [], "comments": []}
    for extension in ({}, {"source_code": "default"}, {"source_code": "nowhere"}):
        entity = {**base, "extension_attributes": extension}
        r = await m.post("/rest/V1/shipment/", headers=TOKEN, json={"entity": entity})
        assert (r.status_code, r.json()["message"]) == (400, "The shipment couldn't be saved."), extension
    assert m.app.twin.sales.documents["shipment"] == {}


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_saved_invoice_is_kept_and_invoices_nothing_on_the_order(magento: Any, version: str) -> None:
    m = magento(version)
    order_id = await place_order(m, "MUG-BLK", 2)
    r = await m.post("/rest/V1/invoices/", headers=TOKEN, json={"entity": {
        "order_id": order_id, "total_qty": 1, "items": [{"order_item_id": 1, "qty": 1, "sku": "MUG-BLK"}]}})
    assert r.status_code == 200, r.text
    invoice = r.json()
    assert "state" not in invoice and invoice["items"][0]["qty"] == 1
    assert (await m.get(f"/rest/V1/invoices/{invoice['entity_id']}", headers=TOKEN)).json() == invoice
    order = await order_body(m, order_id)
    assert order["items"][0]["qty_invoiced"] == 0 and "total_invoiced" not in order
    r = await m.post("/rest/V1/invoices/", headers=TOKEN, json={"entity": {
        "order_id": 999, "total_qty": 1, "items": [{"order_item_id": 1, "qty": 1, "sku": "MUG-BLK"}]}})
    assert r.status_code == 500 and r.json()["message"].startswith("Internal Error."), r.text


async def test_a_saved_credit_memo_deducts_unshipped_units_and_again_shipped_ones(magento: Any) -> None:
    m = magento()
    order_id = await shipped_order(m)  # 2 invoiced, 1 shipped from central
    central, north = qty(m, "MUG-BLK", "central"), qty(m, "MUG-BLK", "north")
    r = await m.post("/rest/V1/creditmemo", headers=TOKEN, json={"entity": {
        "order_id": order_id, "items": [{"order_item_id": 1, "qty": 1, "base_cost": 0, "base_price": 12,
                                         "entity_id": 0}]}})
    assert r.status_code == 200, r.text
    memo = r.json()
    # processed = 2 invoiced - 0 refunded + 1 - 1 shipped = 2 > 0: back = -1, so the unit is taken (priority: central)
    assert qty(m, "MUG-BLK", "central") + qty(m, "MUG-BLK", "north") == central + north - 1
    assert reserved(m, order_id, "creditmemo_created") == 1
    order = await order_body(m, order_id)
    assert order["items"][0]["qty_refunded"] == 0 and order["status"] == "processing"
    assert (await m.get(f"/rest/V1/creditmemo/{memo['entity_id']}", headers=TOKEN)).json() == memo


@pytest.mark.parametrize("version", VERSIONS)
async def test_the_management_refund_registers_the_memo(magento: Any, version: str) -> None:
    m = magento(version)
    order_id = await shipped_order(m)
    r = await m.post("/rest/V1/creditmemo/refund", headers=TOKEN, json={"creditmemo": {
        "order_id": order_id, "items": [{"order_item_id": 1, "qty": 1, "base_cost": 0, "base_price": 12,
                                         "entity_id": 0}]}, "offlineRequested": True})
    assert r.status_code == 200, r.text
    memo = r.json()
    assert memo["state"] == 2 and memo["items"][0]["qty"] == 1
    order = await order_body(m, order_id)
    assert order["items"][0]["qty_refunded"] == 1
    assert order["status_histories"][-1]["comment"].startswith("We refunded $")
    assert reserved(m, order_id, "creditmemo_created") == 1  # the unshipped unit: deducted, then compensated


async def test_the_management_refund_refusals(magento: Any) -> None:
    m = magento()
    shipped = await shipped_order(m)  # its line is item 1
    placed = await place_order(m, "MUG-BLK", 2)  # item 2
    item = {"order_item_id": 1, "qty": 1, "base_cost": 0, "base_price": 12, "entity_id": 0, "name": "Black Mug"}
    r = await m.post("/rest/V1/creditmemo/refund", headers=TOKEN, json={"creditmemo": {
        "order_id": placed, "items": [{**item, "order_item_id": 2}]}})
    assert (r.status_code, r.json()["message"]) == (400, 'We found an invalid quantity to refund item "Black Mug".')
    r = await m.post("/rest/V1/creditmemo/refund", headers=TOKEN, json={"creditmemo": {
        "order_id": shipped, "items": [{**item, "qty": 1}], "adjustment_positive": 500}})
    assert r.status_code == 400 and r.json()["message"].startswith("The most money available to refund is $"), r.text
    refund = {"items": [{"order_item_id": 1, "qty": 1}]}
    assert (await m.post(f"/rest/V1/order/{shipped}/refund", headers=TOKEN, json=refund)).status_code == 200
    r = await m.post("/rest/V1/creditmemo/refund", headers=TOKEN, json={"creditmemo": {
        "entity_id": 1, "order_id": shipped, "items": [item]}})
    assert (r.status_code, r.json()["message"]) == (400, "We cannot register an existing credit memo.")


@pytest.mark.parametrize("version", VERSIONS)
async def test_an_order_address_save_changes_the_order(magento: Any, version: str) -> None:
    m = magento(version)
    order_id = await place_order(m, "MUG-BLK", 1)
    billing = (await order_body(m, order_id))["billing_address"]
    r = await m.put(f"/rest/V1/orders/{order_id}", headers=TOKEN, json={"entity": {
        **billing, "city": "Chicago", "street": ["2 Lake Shore Dr"]}})
    assert r.status_code == 200, r.text
    assert (r.json()["city"], r.json()["street"], r.json()["address_type"]) == ("Chicago", ["2 Lake Shore Dr"],
                                                                               "billing")
    order = await order_body(m, order_id)
    assert order["billing_address"]["city"] == "Chicago"
    assert order["extension_attributes"]["shipping_assignments"][0]["shipping"]["address"]["city"] == "Springfield"
    r = await m.put("/rest/V1/orders/1", headers=TOKEN, json={"entity": {**billing, "entity_id": 99, "parent_id": 98}})
    assert (r.status_code, r.json()["message"]) == (400, "The order address couldn't be saved.")


@pytest.mark.parametrize("version", VERSIONS)
async def test_ready_for_pickup_ships_an_unshipped_order_and_notes_it(magento: Any, version: str) -> None:
    m = magento(version)
    await set_default(m, "MUG-BLK", 5)
    shipped = await shipped_order(m)
    unshipped = await place_order(m, "MUG-BLK", 2)
    r = await m.post("/rest/V1/order/notify-orders-are-ready-for-pickup", headers=TOKEN,
                     json={"orderIds": [unshipped, shipped, 99]})
    assert r.status_code == 200, r.text
    assert r.json() == {"successful": False, "errors": [
        {"id": 99, "message": "The entity that was requested doesn't exist. Verify the entity and try again."}]}
    assert qty(m, "MUG-BLK", "default") == 3  # the order's pickup location is none: the unnamed source
    for order_id, shipped_qty in ((unshipped, 2), (shipped, 1)):
        order = await order_body(m, order_id)
        assert order["items"][0]["qty_shipped"] == shipped_qty
        note = order["status_histories"][-1]
        assert note["comment"].startswith("Order notified for pickup at: ")
        assert (note["is_visible_on_front"], note["is_customer_notified"]) == (1, 0)


async def test_ready_for_pickup_refuses_an_order_that_cannot_ship(magento: Any) -> None:
    m = magento()
    order_id = await place_order(m, "MUG-BLK", 1)
    assert (await m.post(f"/rest/V1/orders/{order_id}/cancel", headers=TOKEN)).json() is True
    r = await m.post("/rest/V1/order/notify-orders-are-ready-for-pickup", headers=TOKEN, json={"orderIds": [order_id]})
    failure = {"id": order_id, "message": "The order is not ready for pickup"}
    assert r.json() == {"successful": False, "errors": [failure]}
    r = await m.post("/rest/V1/order/notify-orders-are-ready-for-pickup", json={"orderIds": [order_id]},
                     headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401


async def test_orders_create_is_the_order_save(magento: Any) -> None:
    m = magento()
    r = await m.put("/rest/V1/orders/create", headers=TOKEN, json={"entity": {
        "customer_email": "pos@example.com", "items": [{"sku": "SOCK-3PK", "qty_ordered": 1, "price": 9}]}})
    assert r.status_code == 200, r.text
    assert r.json()["customer_email"] == "pos@example.com"
    assert reserved(m, r.json()["entity_id"], "order_placed") == 0  # saved through the repository: no reservation
