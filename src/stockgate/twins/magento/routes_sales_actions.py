"""Sales document actions on a store paid with offline methods (fact ``sales.document_actions``).

E-mails (``*/emails``) send nothing and answer as the notifiers do with async sending off: the document
is marked sent and the newest unnotified status history entry of its order notified. A credit memo
cannot be canceled; an invoice of an offline method can be neither captured, voided nor refunded on
its own (the payment method cannot); labels of shipments made through the API are empty; offline
payments record no transaction. Shipment tracks are saved and deleted through their repository.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import tracks
from stockgate.twins.magento.errors import MagentoError, input_error, not_found
from stockgate.twins.magento.routes_documents import document, entity_id
from stockgate.twins.magento.routes_inventory import listing
from stockgate.twins.magento.sales import CLOSED_TO_DOCUMENTS

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.sales import Order


def _rule(call: Call) -> Any:
    return call.twin.profile.value("sales.document_actions")


def _order(call: Call, name: str = "id") -> Order:
    """``OrderRepository::get``: ``An ID is needed.`` for 0, the entity 404 for an unknown id."""
    return call.twin.sales.order(entity_id(call, name))


def _mark_history(order: Order) -> None:
    """``AbstractNotifier::notify``: the newest status history entry not yet notified becomes notified."""
    for entry in reversed(order.histories):
        if not entry.get("is_customer_notified"):
            entry["is_customer_notified"] = 1
            return


def emailer(kind: str) -> Any:
    """``POST /V1/<kind>/{id}/emails``: the notifier's answer; the document's ``email_sent`` set."""
    def handler(call: Call) -> bool:
        if kind == "order":
            order = _order(call)
            order.email_sent = True
        else:
            doc = document(call, kind, entity_id(call))
            doc.email_sent = True
            order = call.twin.sales.order(doc.order_id)
        _mark_history(order)
        return bool(_rule(call)["emails_answer"])
    return handler


def cancel_creditmemo(call: Call) -> bool:
    """``PUT /V1/creditmemo/{id}``: ``CreditmemoService::cancel`` refuses before it looks the memo up."""
    raise input_error(_rule(call)["creditmemo_cancel"])


def invoice_action(action: str) -> Any:
    """``POST /V1/invoices/{id}/capture`` or ``/void``: the offline payment method refuses."""
    def handler(call: Call) -> str:
        document(call, "invoice", entity_id(call))
        raise input_error(_rule(call)[action])
    return handler


def refund_invoice(call: Call) -> int:
    """``POST /V1/invoice/{invoiceId}/refund``: ``RefundInvoice``'s validators refuse an offline invoice.

    The order's own refusal comes first when it cannot take a credit memo, then the invoice's.
    """
    doc = document(call, "invoice", entity_id(call, "invoiceId"))
    order = call.twin.sales.order(doc.order_id)
    messages = []
    if order.state in CLOSED_TO_DOCUMENTS or not any(ln.qty_invoiced > ln.qty_refunded for ln in order.stock_lines):
        messages.append("The order does not allow a creditmemo to be created.")
    messages.append(_rule(call)["invoice_refund"])
    raise input_error("Creditmemo Document Validation Error(s):\n" + "\n".join(messages))


def label(call: Call) -> str:
    """``GET /V1/shipment/{id}/label``: the shipment's ``shipping_label`` as a string (none: empty)."""
    document(call, "shipment", entity_id(call))
    return str(_rule(call)["label"])


def status(call: Call) -> str | None:
    """``GET /V1/orders/{id}/statuses``: ``OrderManagement::getStatus``, the order's status."""
    return _order(call).status or None


def transactions(call: Call) -> dict[str, Any]:
    """``GET /V1/transactions``: a search over no transactions (offline methods record none)."""
    return listing(call, [], required=True)


def transaction(call: Call) -> dict[str, Any]:
    """``GET /V1/transactions/{id}``: ``An ID is needed.`` for 0, the repository's 404 for any other."""
    entity_id(call)
    raise not_found("entity")


def save_track(call: Call) -> dict[str, Any]:
    """``POST /V1/shipment/track``: the saved track (``TrackRepository::save``)."""
    raw = call.obj("entity")
    shipments = call.twin.sales.documents["shipment"]
    try:
        return tracks.save(shipments, raw, call.twin.clock.magento_time())
    except tracks.Refused:
        raise MagentoError(400, _rule(call)["track_save_error"]) from None


def delete_track(call: Call) -> bool:
    """``DELETE /V1/shipment/track/{id}``: true, whether or not the track existed."""
    tracks.delete(call.twin.sales.documents["shipment"], call.int_param("id"))
    return True


def register(app: MagentoApp) -> None:
    """Add the document action routes."""
    r = app.route
    for kind, path in (("order", "/V1/orders"), ("invoice", "/V1/invoices"), ("shipment", "/V1/shipment"),
                       ("creditmemo", "/V1/creditmemo")):
        r("POST", f"{path}/{{id}}/emails", emailer(kind))
    r("PUT", "/V1/creditmemo/{id}", cancel_creditmemo)
    r("POST", "/V1/invoices/{id}/capture", invoice_action("capture"))
    r("POST", "/V1/invoices/{id}/void", invoice_action("void"))
    r("POST", "/V1/invoice/{invoiceId}/refund", refund_invoice)
    r("GET", "/V1/shipment/{id}/label", label)
    r("GET", "/V1/orders/{id}/statuses", status)
    r("GET", "/V1/transactions", transactions)
    r("GET", "/V1/transactions/{id}", transaction)
    r("POST", "/V1/shipment/track", save_track)
    r("DELETE", "/V1/shipment/track/{id}", delete_track)
