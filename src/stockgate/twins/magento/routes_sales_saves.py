"""Sales repository saves and the management refund (fact ``sales.repository_saves``).

``POST /V1/invoices/``, ``/V1/shipment/`` and ``/V1/creditmemo`` are the repositories' ``save``: the document
is stored as sent, nothing registers it on the order (its lines' ``qty_invoiced``/``qty_shipped``/
``qty_refunded``, state and totals stay), so the twin keeps it out of the order's own documents. What
MSI hangs on those saves still runs: a new shipment deducts its source and places the compensating
reservation (``SourceDeductionProcessor``); a new credit memo deducts what MSI's formula finds unshipped
from the default algorithm's sources and compensates it (``DeductSourceItemQuantityOnRefundPlugin``) —
on a shipped line that formula takes the units a second time, as Magento does. ``POST
/V1/creditmemo/refund`` (``CreditmemoService::refund``) registers the memo on the order as a refund
does, returning nothing to stock (a memo item carries no ``back_to_stock`` on the Web API).

The twin computes a saved document's amounts from its lines and the order's prices, where Magento keeps
the amounts the client sent (none collected): the difference is named in the fact's note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import routes_sales
from stockgate.twins.magento import serialize as out
from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.numbers import finite
from stockgate.twins.magento.orders import Document
from stockgate.twins.magento.pricing import formatted
from stockgate.twins.magento.sales import CLOSED_TO_DOCUMENTS
from stockgate.twins.magento.totals import document_money

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.orders import Order, OrderItem


def _rule(call: Call) -> Any:
    return call.twin.profile.value("sales.repository_saves")


def _refused(call: Call, kind: str) -> MagentoError:
    """The repository's ``CouldNotSaveException`` (any failure of the save); the invoice repository catches none."""
    message = str(_rule(call)[f"{kind}_save_error"])
    return call.internal_error() if message == "errors.internal_error" else input_error(message)


def _order_of(call: Call, raw: dict[str, Any], kind: str) -> Order:
    """The document's order; a missing one fails the table's foreign key, reported as the save error."""
    try:
        order_id = int(raw.get("order_id") or 0)
    except (TypeError, ValueError):
        raise _refused(call, kind) from None
    order = call.twin.sales.orders.get(order_id)
    if order is None:
        raise _refused(call, kind)
    return order


def _lines(call: Call, order: Order, raw: dict[str, Any], kind: str) -> list[tuple[OrderItem, float]]:
    """``items[{order_item_id, qty}]`` resolved to the order's stock lines (a parent names its child)."""
    items = raw.get("items")
    if not isinstance(items, list):
        raise MagentoError(400, '"%fieldName" is required. Enter and try again.', {"fieldName": "items"})
    lines = []
    for item in items:
        if not isinstance(item, dict):
            raise _refused(call, kind)
        line = order.item(int(item.get("order_item_id") or 0))
        qty = finite(item.get("qty"))
        if line is None or qty is None:
            raise _refused(call, kind)
        lines.append((order.stock_line(line), qty))
    return lines


def _amount(raw: dict[str, Any], key: str) -> float:
    value = finite(raw.get(key))
    return value if value is not None else 0.0


def _existing(call: Call, kind: str, raw: dict[str, Any]) -> Document | None:
    """The document an ``entity_id`` names (a save of it updates, and MSI adds nothing)."""
    try:
        wanted = int(raw.get("entity_id") or 0)
    except (TypeError, ValueError):
        return None
    return call.twin.sales.documents[kind].get(wanted) if wanted else None


def _store(call: Call, order: Order, kind: str, lines: list[tuple[OrderItem, float]],
           raw: dict[str, Any]) -> Document:
    """A new document in the sales tables, outside the order's registered documents."""
    doc_id = call.twin.sales.next_document_id(kind)
    now = call.twin.clock.magento_time()
    doc = Document(entity_id=doc_id, increment_id=str(raw.get("increment_id") or f"{doc_id:09d}"),
                   order_id=order.entity_id, kind=kind, created_at=now,
                   lines=[(ln.parent_item_id or ln.item_id, ln.sku, qty) for ln, qty in lines])
    state = raw.get("state")
    doc.state = int(state) if isinstance(state, int | float) and not isinstance(state, bool) else None
    doc.shipping_amount = _amount(raw, "shipping_amount")
    doc.adjustment_positive, doc.adjustment_negative = (_amount(raw, "adjustment_positive"),
                                                        _amount(raw, "adjustment_negative"))
    return call.twin.sales.store_document(doc)


def save_invoice(call: Call) -> dict[str, Any]:
    """``POST /V1/invoices/``: ``InvoiceRepository::save``; the order is not invoiced by it."""
    raw = call.obj("entity")
    doc = _existing(call, "invoice", raw)
    if doc is None:
        order = _order_of(call, raw, "invoice")
        doc = _store(call, order, "invoice", _lines(call, order, raw, "invoice"), raw)
    return out.document(doc, call.twin.sales.order(doc.order_id))


def save_shipment(call: Call) -> dict[str, Any]:
    """``POST /V1/shipment/``: ``ShipmentRepository::save``; a new shipment deducts its source.

    ``SourceDeductionProcessor`` takes the source from ``extension_attributes.source_code``, the default
    source in single-source mode, and none otherwise (the save fails); a source short of the units fails
    it too. The order's lines are not shipped by it.
    """
    raw = call.obj("entity")
    doc = _existing(call, "shipment", raw)
    if doc is not None:
        return out.document(doc, call.twin.sales.order(doc.order_id))
    order = _order_of(call, raw, "shipment")
    lines = _lines(call, order, raw, "shipment")
    inventory = call.twin.inventory
    source = ((raw.get("extension_attributes") or {}).get("source_code") or
              (_rule(call)["single_source_default"] if list(inventory.sources) == ["default"] else None))
    if source is None or source not in inventory.sources:
        raise _refused(call, "shipment")
    for line, qty in lines:
        row = inventory.items.get((line.sku, source))
        if row is None or row["quantity"] < qty - 1e-9:
            raise _refused(call, "shipment")
    for line, qty in lines:
        inventory.deduct(line.sku, source, qty)
        inventory.reserve(order.stock_id, line.sku, qty, "shipment_created", str(order.entity_id))
    doc = _store(call, order, "shipment", lines, raw)
    doc.source_code = source
    return out.document(doc, order)


def _memo_deduction(call: Call, order: Order, lines: list[tuple[OrderItem, float]]) -> None:
    """``DeductSourceItemQuantityOnRefundPlugin`` on a new memo (qty_refunded as it stands at the save).

    Per SKU: processed = invoiced - refunded + qty - shipped; back = qty - processed when processed > 0,
    else qty; the units taken are qty - back when back > 0, else qty (``GetSourceSelectionResultFrom
    CreditMemoItems``), deducted by the default algorithm and compensated by a reservation.
    """
    inventory = call.twin.inventory
    for line, qty in lines:
        if qty <= 0 or inventory.products.get(line.sku) is None:
            continue
        processed = line.qty_invoiced - line.qty_refunded + qty - line.qty_shipped
        back = qty - processed if processed > 0 else qty
        take = qty - back if back > 0 else qty
        taken = 0.0
        for row in inventory.priority_selection(order.stock_id, [(line.sku, take)]):
            if row["qty_to_deduct"] > 0:
                inventory.deduct(line.sku, row["source_code"], row["qty_to_deduct"])
                taken += row["qty_to_deduct"]
        inventory.reserve(order.stock_id, line.sku, taken, "creditmemo_created", str(order.entity_id))


def save_creditmemo(call: Call) -> dict[str, Any]:
    """``POST /V1/creditmemo``: ``CreditmemoRepository::save``; MSI's refund deduction on a new memo."""
    raw = call.obj("entity")
    doc = _existing(call, "creditmemo", raw)
    if doc is None:
        order = _order_of(call, raw, "creditmemo")
        lines = _lines(call, order, raw, "creditmemo")
        _memo_deduction(call, order, lines)
        doc = _store(call, order, "creditmemo", lines, raw)
    return out.document(doc, call.twin.sales.order(doc.order_id))


def refund_creditmemo(call: Call) -> dict[str, Any]:
    """``POST /V1/creditmemo/refund``: ``CreditmemoService::refund`` (validate, register, save).

    An existing memo is refused; a total above what was paid and not refunded is refused with the
    amount left; a line above its invoiced, unrefunded quantity is refused as the memo item
    does. Nothing goes back to stock (no ``back_to_stock`` on the Web API; ``refunds.auto_return`` aside).
    """
    from stockgate.twins.magento.app import fingerprint

    rule = _rule(call)
    raw = call.obj("creditmemo")
    if _existing(call, "creditmemo", raw) is not None:
        raise input_error(rule["refund_existing"])
    order = _order_of(call, raw, "creditmemo")
    lines = _lines(call, order, raw, "creditmemo")
    for (line, qty), item in zip(lines, raw["items"], strict=True):
        if qty > line.qty_invoiced - line.qty_refunded + 1e-9:  # Creditmemo\Item::register: the memo item's name
            name = str(item.get("name") or "")
            raise input_error(str(rule["refund_quantity"]).replace("%1", name))
    probe = Document(entity_id=0, increment_id="", order_id=order.entity_id, kind="creditmemo", created_at="",
                     lines=[(ln.parent_item_id or ln.item_id, ln.sku, q) for ln, q in lines],
                     shipping_amount=_amount(raw, "shipping_amount"),
                     adjustment_positive=_amount(raw, "adjustment_positive"),
                     adjustment_negative=_amount(raw, "adjustment_negative"))
    paid = sum(document_money(order, d).grand_total for d in order.documents_of("invoice"))
    refunded = sum(document_money(order, d).grand_total for d in order.documents_of("creditmemo"))
    if round(refunded + document_money(order, probe).grand_total, 2) > round(paid, 2):
        raise input_error(str(rule["refund_over"]).replace("%1", formatted(max(0.0, paid - refunded))))
    if order.state in CLOSED_TO_DOCUMENTS or not lines:
        raise input_error(rule["refund_refused"])
    doc = call.twin.sales.refund(order, [(ln.item_id, q) for ln, q in lines], [], call.twin.clock.magento_time(),
                                 fingerprint=fingerprint(call.body()), instant=call.twin.clock.elapsed,
                                 shipping_amount=probe.shipping_amount,
                                 adjustment_positive=probe.adjustment_positive,
                                 adjustment_negative=probe.adjustment_negative)
    return out.document(doc, order)


def save_address(call: Call) -> dict[str, Any]:
    """``PUT /V1/orders/{parent_id}``: ``OrderAddressRepository::save`` of an order's address.

    The body's ``entity`` names the address by ``entity_id`` (the path's ``parent_id`` is not read by the
    service); the fields sent replace the address's, and the order answers with it from then on. An
    unknown address id with an unknown ``parent_id`` fails the save; a new address row for an existing
    order is not kept by the twin (501).
    """
    from stockgate.twins.magento.serialize_orders import address

    raw = call.obj("entity")
    try:
        address_id = int(raw.get("entity_id") or 0)
    except (TypeError, ValueError):
        raise _refused(call, "address") from None
    order = call.twin.sales.orders.get((address_id + 1) // 2) if address_id > 0 else None
    if order is None:
        try:
            parent = call.twin.sales.orders.get(int(raw.get("parent_id") or 0))
        except (TypeError, ValueError):
            parent = None
        if parent is None:
            raise _refused(call, "address")
        raise MagentoError(501, "stockgate twin: a new order address (no entity_id of an existing one) is not "
                           "emulated; name the address's entity_id")
    kind = "shipping" if address_id % 2 else "billing"
    if kind == "billing" and order.billing is None:
        order.billing = dict(order.address)
    given = order.address if kind == "shipping" else order.billing
    assert given is not None
    for key, value in raw.items():
        if key not in {"entity_id", "parent_id", "address_type", "extension_attributes"} and value is not None:
            given[key] = value
    order.updated_at = call.twin.clock.magento_time()
    return address(order, kind)


def notify_pickup(call: Call) -> dict[str, Any]:
    """``POST /V1/order/notify-orders-are-ready-for-pickup``: ``NotifyOrdersAreReadyForPickup::execute``.

    Per order: one without a shipment is shipped whole first when it can ship (``CreateShippingDocument``:
    the pickup location as its source — none for an order not placed for in-store pickup, so the source a
    ship call without one takes), refused ``The order is not ready for pickup`` otherwise; then a status
    history comment ``Order notified for pickup at: <time>`` (visible on the storefront, notified as the
    e-mail went: the ready-for-pickup e-mail has no default configuration, so none goes). Failures are
    listed per order and the others proceed.
    """
    rule = _rule(call)
    body = call.body()
    ids = body.get("orderIds") if isinstance(body, dict) else None
    if not isinstance(ids, list):
        raise MagentoError(400, '"%fieldName" is required. Enter and try again.', {"fieldName": "orderIds"})
    sales, errors = call.twin.sales, []
    for raw_id in ids:
        order_id = int(raw_id)
        try:
            order = sales.order(order_id)
            if not any(d.order_id == order_id for d in sales.documents["shipment"].values()):
                if order.state in CLOSED_TO_DOCUMENTS or not any(sales.shippable(ln) > 0 for ln in order.stock_lines):
                    raise input_error(rule["pickup_not_ready"])
                sales.ship(order, [], None, call.twin.clock.magento_time())
            stamp = call.twin.clock.now().strftime("%B %-d, %Y at %-I:%M:%S %p")
            order.add_history(str(rule["pickup_comment"]).replace("%1", stamp), call.twin.clock.magento_time(),
                              notified=0, visible=1)
        except MagentoError as exc:
            message = exc.message
            for name, value in (exc.parameters.items() if isinstance(exc.parameters, dict) else ()):
                message = message.replace(f"%{name}", str(value))
            errors.append({"id": order_id, "message": message})
    return {"successful": not errors, "errors": errors}


def register(app: MagentoApp) -> None:
    """Add the repository save and management refund routes."""
    r = app.route
    r("PUT", "/V1/orders/{parent_id}", save_address)
    r("PUT", "/V1/orders/create", routes_sales.import_order)  # OrderRepositoryInterface::save, as POST /V1/orders
    r("POST", "/V1/order/notify-orders-are-ready-for-pickup", notify_pickup,
      resource="Magento_InventoryInStorePickupApi::notify_orders_are_ready_for_pickup")
    r("POST", "/V1/invoices/", save_invoice)
    r("POST", "/V1/shipment/", save_shipment)
    r("POST", "/V1/creditmemo", save_creditmemo)
    r("POST", "/V1/creditmemo/refund", refund_creditmemo)
