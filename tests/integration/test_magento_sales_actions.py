"""Magento sales document actions on offline payments (fact ``sales.document_actions``; issue 15 item 1).

E-mails, credit memo cancel, invoice capture/void/refund, shipment labels and tracks, order statuses and
payment transactions, statefully and on the oldest and newest versions. Every answer is checked against
its version's contract by the ``magento`` fixture.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import TOKEN, Checked
from tests.integration.test_magento_operations import ALL, shipped_order

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]


async def refunded_order(m: Checked) -> int:
    order_id = await shipped_order(m)
    r = await m.post(f"/rest/V1/order/{order_id}/refund", headers=TOKEN,
                     json={"items": [{"order_item_id": 1, "qty": 1}]})
    assert r.status_code == 200, r.text
    return order_id


def track(**changes: Any) -> dict[str, Any]:
    body = {"order_id": 1, "parent_id": 1, "weight": 1.5, "qty": 1, "description": "box", "track_number": "1Z999",
            "title": "UPS Ground", "carrier_code": "ups"}
    return {"entity": {**body, **changes}}


@pytest.mark.parametrize("version", VERSIONS)
async def test_emails_mark_the_document_sent_and_answer_true(magento: Any, version: str) -> None:
    m = magento(version)
    order_id = await refunded_order(m)
    for path, read in (("invoices/1", "invoices/1"), ("shipment/1", "shipment/1"), ("creditmemo/1", "creditmemo/1")):
        assert "email_sent" not in (await m.get(f"/rest/V1/{read}", headers=TOKEN)).json()
        r = await m.post(f"/rest/V1/{path}/emails", headers=TOKEN)
        assert (r.status_code, r.json()) == (200, True)
        assert (await m.get(f"/rest/V1/{read}", headers=TOKEN)).json()["email_sent"] == 1
    r = await m.post(f"/rest/V1/orders/{order_id}/emails", headers=TOKEN)
    assert (r.status_code, r.json()) == (200, True)
    order = (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    assert order["email_sent"] == 1
    assert [h["is_customer_notified"] for h in order["status_histories"]] == [1]  # the refund's entry was notified


async def test_emails_of_unknown_documents_are_the_repository_errors(magento: Any) -> None:
    m = magento()
    r = await m.post("/rest/V1/invoices/99/emails", headers=TOKEN)
    assert (r.status_code, r.json()["message"]) == (404, "The entity that was requested doesn't exist. Verify the "
                                                          "entity and try again.")
    r = await m.post("/rest/V1/orders/0/emails", headers=TOKEN)
    assert (r.status_code, r.json()["message"]) == (400, "An ID is needed. Set the ID and try again.")


async def test_an_email_marks_only_the_newest_unnotified_history_entry(magento: Any) -> None:
    m = magento()
    order_id = await shipped_order(m)
    for text in ("first", "second"):
        r = await m.post(f"/rest/V1/orders/{order_id}/comments", headers=TOKEN,
                         json={"statusHistory": {"comment": text, "is_customer_notified": 0}})
        assert r.status_code == 200, r.text
    await m.post(f"/rest/V1/orders/{order_id}/emails", headers=TOKEN)
    comments = (await m.get(f"/rest/V1/orders/{order_id}/comments", headers=TOKEN)).json()["items"]
    assert {c["comment"]: c["is_customer_notified"] for c in comments} == {"first": 0, "second": 1}


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_credit_memo_cannot_be_canceled(magento: Any, version: str) -> None:
    m = magento(version)
    await refunded_order(m)
    for memo in (1, 99):  # refused before the memo is looked up
        r = await m.put(f"/rest/V1/creditmemo/{memo}", headers=TOKEN)
        assert (r.status_code, r.json()) == (400, {"message": "You can not cancel Credit Memo"})
    assert (await m.get("/rest/V1/creditmemo/1", headers=TOKEN)).json()["state"] == 2


@pytest.mark.parametrize("version", VERSIONS)
async def test_offline_invoices_refuse_capture_void_and_refund(magento: Any, version: str) -> None:
    m = magento(version)
    order_id = await shipped_order(m)
    before = (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    for action, message in (("capture", "The capture action is not available."),
                            ("void", "The void action is not available.")):
        r = await m.post(f"/rest/V1/invoices/1/{action}", headers=TOKEN)
        assert (r.status_code, r.json()) == (400, {"message": message})
        assert (await m.post(f"/rest/V1/invoices/7/{action}", headers=TOKEN)).status_code == 404
    r = await m.post("/rest/V1/invoice/1/refund", headers=TOKEN, json={"items": [{"order_item_id": 1, "qty": 1}]})
    assert (r.status_code, r.json()["message"]) == (
        400, "Creditmemo Document Validation Error(s):\nWe can't create creditmemo for the invoice.")
    after = (await m.get(f"/rest/V1/orders/{order_id}", headers=TOKEN)).json()
    assert (after["state"], after.get("total_refunded", 0)) == (before["state"], before.get("total_refunded", 0))
    assert (await m.get(f"/rest/V1/creditmemos?{ALL}", headers=TOKEN)).json()["total_count"] == 0


async def test_the_invoice_refund_names_the_order_refusal_first(magento: Any) -> None:
    m = magento()
    order_id = await shipped_order(m)
    r = await m.post(f"/rest/V1/order/{order_id}/refund", headers=TOKEN, json={})  # everything invoiced
    assert r.status_code == 200, r.text
    r = await m.post("/rest/V1/invoice/1/refund", headers=TOKEN, json={})
    assert r.json()["message"] == ("Creditmemo Document Validation Error(s):\nThe order does not allow a creditmemo "
                                   "to be created.\nWe can't create creditmemo for the invoice.")


@pytest.mark.parametrize("version", VERSIONS)
async def test_order_status_label_and_transactions(magento: Any, version: str) -> None:
    m = magento(version)
    order_id = await shipped_order(m)
    r = await m.get(f"/rest/V1/orders/{order_id}/statuses", headers=TOKEN)
    assert (r.status_code, r.json()) == (200, "processing")
    assert (await m.post(f"/rest/V1/orders/{order_id}/hold", headers=TOKEN)).status_code == 200
    assert (await m.get(f"/rest/V1/orders/{order_id}/statuses", headers=TOKEN)).json() == "holded"
    assert (await m.get("/rest/V1/orders/42/statuses", headers=TOKEN)).status_code == 404
    r = await m.get("/rest/V1/shipment/1/label", headers=TOKEN)
    assert (r.status_code, r.json()) == (200, "")
    assert (await m.get("/rest/V1/shipment/5/label", headers=TOKEN)).status_code == 404
    r = await m.get(f"/rest/V1/transactions?{ALL}", headers=TOKEN)
    assert (r.status_code, r.json()["items"], r.json()["total_count"]) == (200, [], 0)
    assert (await m.get("/rest/V1/transactions", headers=TOKEN)).status_code == 400  # searchCriteria required
    r = await m.get("/rest/V1/transactions/1", headers=TOKEN)
    assert (r.status_code, r.json()["message"]) == (404, "The entity that was requested doesn't exist. Verify the "
                                                          "entity and try again.")
    assert (await m.get("/rest/V1/transactions/0", headers=TOKEN)).status_code == 400


@pytest.mark.parametrize("version", VERSIONS)
async def test_tracks_are_saved_on_their_shipment_and_deleted(magento: Any, version: str) -> None:
    m = magento(version)
    await shipped_order(m)
    r = await m.post("/rest/V1/shipment/track", headers=TOKEN, json=track())
    assert r.status_code == 200, r.text
    saved = r.json()
    assert (saved["entity_id"], saved["parent_id"], saved["track_number"], saved["weight"]) == (1, 1, "1Z999", 1.5)
    shipment = (await m.get("/rest/V1/shipment/1", headers=TOKEN)).json()
    assert shipment["tracks"] == [saved]
    r = await m.post("/rest/V1/shipment/track", headers=TOKEN, json=track(entity_id=1, track_number="1Z000"))
    assert (r.json()["entity_id"], r.json()["track_number"]) == (1, "1Z000")  # an entity_id updates
    assert len((await m.get("/rest/V1/shipment/1", headers=TOKEN)).json()["tracks"]) == 1
    for track_id in (1, 1, 77):  # the repository deletes without looking the track up
        r = await m.delete(f"/rest/V1/shipment/track/{track_id}", headers=TOKEN)
        assert (r.status_code, r.json()) == (200, True)
    assert (await m.get("/rest/V1/shipment/1", headers=TOKEN)).json()["tracks"] == []


@pytest.mark.parametrize("bad", [{"track_number": ""}, {"carrier_code": None}, {"parent_id": 9}, {"order_id": 0}],
                         ids=["empty-number", "no-carrier", "unknown-shipment", "no-order"])
async def test_a_track_that_cannot_be_saved_is_refused(magento: Any, bad: dict[str, Any]) -> None:
    m = magento()
    await shipped_order(m)
    r = await m.post("/rest/V1/shipment/track", headers=TOKEN, json=track(**bad))
    assert (r.status_code, r.json()) == (400, {"message": "Could not save the shipment tracking."})
    assert (await m.get("/rest/V1/shipment/1", headers=TOKEN)).json()["tracks"] == []
