"""What a Magento order and its documents record as they happen (issue 15 item 3, real-exchange gaps).

An offline refund writes "We refunded $X offline." into the order's status history (``Payment::refund``),
a document created with ``notify: true`` has its e-mail sent (``email_sent``), and a checkout order keeps
the address of the client that placed it (``remote_ip``). Every answer is checked against its contract.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TOKEN
from tests.integration.test_magento_twin import place_order

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("version", ["2.4.5", "2.4.9"])
async def test_an_offline_refund_is_noted_in_the_order_history(magento: Any, version: str) -> None:
    m = magento(version)
    order_id = await place_order(m, "MUG-BLK", 2)
    assert (await m.post(f"/rest/V1/order/{order_id}/invoice", headers=TOKEN, json={})).status_code == 200
    r = await m.post(f"/rest/V1/order/{order_id}/refund", headers=TOKEN, json={"items": [
        {"order_item_id": 1, "qty": 1}]})
    assert r.status_code == 200, r.text
    order = (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    # one mug (12.00) and its 8.25 % tax (0.99) plus the invoiced shipping (10.00)
    assert [(h["comment"], h["status"], h["is_customer_notified"], h["entity_name"])
            for h in order["status_histories"]] == [("We refunded $22.99 offline.", order["status"], 1, "order")]


async def test_a_document_asked_to_notify_has_its_email_sent(magento: Any) -> None:
    m = magento()
    order_id = await place_order(m, "MUG-BLK", 2)
    invoice = (await m.post(f"/rest/V1/order/{order_id}/invoice", headers=TOKEN, json={"notify": True})).json()
    shipment = (await m.post(f"/rest/V1/order/{order_id}/ship", headers=TOKEN, json={"notify": False})).json()
    assert (await m.get(f"/rest/V1/invoices/{invoice}", headers=TOKEN)).json()["email_sent"] == 1
    assert "email_sent" not in (await m.get(f"/rest/V1/shipment/{shipment}", headers=TOKEN)).json()


async def test_a_checkout_order_keeps_the_client_address(magento: Any) -> None:
    m = magento()
    order_id = await place_order(m, "MUG-BLK", 1)
    order = (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    assert order["remote_ip"] == "127.0.0.1"  # httpx's in-process transport names the loopback client


async def _records(c: Any, _a: Any) -> Any:
    """What the order and its documents record: the refund comment, the invoice e-mail, the client address."""
    order_id = await place_order(c, "MUG-BLK", 1)
    await c.post(f"/rest/V1/order/{order_id}/invoice", headers=TOKEN, json={"notify": True})
    await c.post(f"/rest/V1/order/{order_id}/refund", headers=TOKEN, json={"items": [{"order_item_id": 1, "qty": 1}]})
    order = (await c.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    invoice = (await c.get("/rest/V1/invoices/1", headers=TOKEN)).json()
    return [h["comment"] for h in order["status_histories"]], invoice.get("email_sent"), order.get("remote_ip")


FACT_CASES = [
    ("sales.order_records", {"sales.order_records": {"refund_comment": "Refunded %1.", "notify_sends_email": False,
                                                     "checkout_remote_ip": False}}, _records),
]
