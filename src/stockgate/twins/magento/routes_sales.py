"""Catalog, checkout, order, invoice, shipment, refund and admin-token routes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import save_values
from stockgate.twins.magento import serialize as out
from stockgate.twins.magento.errors import MagentoError, input_error, not_found
from stockgate.twins.magento.numbers import finite, php_float, php_int
from stockgate.twins.magento.routes_attribute_sets import default_set, refuse_product_set
from stockgate.twins.magento.routes_inventory import listing

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp


def _malformed(call: Call) -> MagentoError:
    """A malformed /ship or /refund body: 500 before 2.4.9, 400 from 2.4.9 (errors.malformed_ship_creditmemo_status)."""
    status = call.twin.behaviour.malformed_ship_creditmemo_status
    if status == 500:
        return call.internal_error()
    return MagentoError(status, "One or more input exceptions have occurred.")


def _lines(call: Call) -> tuple[list[tuple[int, float]], dict[str, Any]]:
    """``items[{order_item_id, qty}]`` and ``arguments`` of a ship/invoice/refund body, strictly."""
    body = call.body() if call.request.body.strip() else {}
    if not isinstance(body, dict):
        raise _malformed(call)
    items = body.get("items", [])
    arguments = body.get("arguments") or {}
    if not isinstance(items, list) or not isinstance(arguments, dict):
        raise _malformed(call)
    lines = []
    for item in items:
        if not isinstance(item, dict) or "order_item_id" not in item or "qty" not in item:
            raise _malformed(call)
        qty = finite(item["qty"])  # "x", "NaN", "Infinity": as malformed as any other bad line
        try:
            item_id = int(item["order_item_id"])
        except (TypeError, ValueError):
            raise _malformed(call) from None
        if qty is None:
            raise _malformed(call)
        lines.append((item_id, qty))
    return lines, arguments


def _order(call: Call, name: str) -> Any:
    return call.twin.sales.order(call.int_param(name))


def _notify(call: Call, doc: Any) -> int:
    """A document's id, its e-mail sent when the body asked ``notify``.

    ``InvoiceOrder``, ``ShipOrder`` and ``RefundOrder`` call their notifier, whose sender sends at once and
    sets ``email_sent`` (PHP truthiness of the body's value; ``sales.order_records``).
    """
    body = call.body() if call.request.body.strip() else {}
    asked = isinstance(body, dict) and body.get("notify") not in (None, False, 0, 0.0, "0", "")
    doc.email_sent = asked and bool(call.twin.behaviour.order_records["notify_sends_email"])
    return int(doc.entity_id)


def invoice(call: Call) -> int:
    """``POST /V1/order/{orderId}/invoice``."""
    lines, _args = _lines(call)
    return _notify(call, call.twin.sales.invoice(_order(call, "orderId"), lines, call.twin.clock.magento_time()))


def ship(call: Call) -> int:
    """``POST /V1/order/{orderId}/ship`` with ``arguments.extension_attributes.source_code``."""
    lines, args = _lines(call)
    source = (args.get("extension_attributes") or {}).get("source_code")
    doc = call.twin.sales.ship(_order(call, "orderId"), lines, source, call.twin.clock.magento_time())
    return _notify(call, doc)


def refund(call: Call) -> int:
    """``POST /V1/order/{orderId}/refund`` (offline) with ``return_to_stock_items``."""
    from stockgate.twins.magento.app import fingerprint

    lines, args = _lines(call)
    returned = (args.get("extension_attributes") or {}).get("return_to_stock_items") or []
    if not isinstance(returned, list):
        raise _malformed(call)
    order = _order(call, "orderId")
    doc = call.twin.sales.refund(order, lines, [int(i) for i in returned], call.twin.clock.magento_time(),
                                 fingerprint=fingerprint(call.body() if call.request.body.strip() else {}),
                                 instant=call.twin.clock.elapsed)
    _attach_comment(call, doc)
    return _notify(call, doc)


def _attach_comment(call: Call, doc: Any) -> None:
    """The body's ``comment`` saved with the credit memo and served in its ``comments``.

    Magento's ``CreditmemoDocumentFactory::attachComment`` sets it on the new memo, and
    ``Creditmemo::getComments`` loads it into every answer, lists included.
    """
    body = call.body() if call.request.body.strip() else {}
    comment = body.get("comment") if isinstance(body, dict) else None
    if isinstance(comment, dict) and isinstance(comment.get("comment"), str):
        doc.comments.append({"comment": comment["comment"], "created_at": doc.created_at,
                             "entity_id": doc.entity_id * 100 + len(doc.comments) + 1,
                             "is_customer_notified": int(bool(body.get("appendComment"))),
                             "is_visible_on_front": int(bool(comment.get("is_visible_on_front"))),
                             "parent_id": doc.entity_id})


def cancel(call: Call) -> bool:
    """``POST /V1/orders/{id}/cancel``: true, or false when the order cannot be canceled."""
    return call.twin.sales.cancel(_order(call, "id"))


def get_order(call: Call) -> dict[str, Any]:
    """``GET /V1/orders/{id}``."""
    return out.order(_order(call, "id"))


def list_orders(call: Call) -> dict[str, Any]:
    """``GET /V1/orders`` (searchCriteria required): filtered on flat rows, full orders for the page only."""
    sales = call.twin.sales
    page = listing(call, sales.index().orders.table(out.order_row), required=True)
    page["items"] = [out.order(sales.orders[r["entity_id"]]) for r in page["items"]]
    return page


def import_order(call: Call) -> dict[str, Any]:
    """``POST /V1/orders``: saved through the repository, so no reservation (orders.repository_save_reserves).

    An ``entity_id`` of an existing order updates it instead (``routes_orders.update_order``).
    """
    from stockgate.twins.magento import routes_orders

    entity = call.obj("entity")
    if routes_orders.existing_order_id(call, entity):
        return routes_orders.update_order(call, entity)
    order = call.twin.checkout.import_order(entity, call.store, call.twin.clock.magento_time(),
                                            reserve=call.twin.behaviour.repository_save_reserves)
    return out.order(order)


def get_creditmemo(call: Call) -> dict[str, Any]:
    """``GET /V1/creditmemo/{id}``."""
    doc = call.twin.sales.documents["creditmemo"].get(call.int_param("id"))
    if doc is None:
        raise not_found("entity")
    return out.document(doc, call.twin.sales.order(doc.order_id))


def list_creditmemos(call: Call) -> dict[str, Any]:
    """``GET /V1/creditmemos``."""
    sales = call.twin.sales
    memos = sales.documents["creditmemo"]
    rows = sales.index().documents["creditmemo"].table(lambda d: out.document_row(d, sales.order(d.order_id)))
    page = listing(call, rows, required=True)
    page["items"] = [out.document(memos[r["entity_id"]], sales.order(r["order_id"])) for r in page["items"]]
    return page


def get_product(call: Call) -> dict[str, Any]:
    """``GET /V1/products/{sku}``."""
    return out.product(call.twin.inventory, call.twin.inventory.product(call.params["sku"]))


def list_products(call: Call) -> dict[str, Any]:
    """``GET /V1/products`` (searchCriteria required)."""
    inventory = call.twin.inventory
    rows = inventory.product_table(lambda p: out.product_row(inventory, p))
    page = listing(call, rows, required=True, entity="product")
    page["items"] = [out.product(inventory, inventory.products[r["sku"]]) for r in page["items"]]
    return page


def save_product(call: Call) -> dict[str, Any]:
    """``POST /V1/products`` and ``PUT /V1/products/{sku}``: create, or update the fields given.

    Repository save semantics: PUT of an unknown SKU creates it; POST of a known SKU updates it.
    A new product needs a name (the message is inferred from ProductRepository's required-attribute check).
    """
    from stockgate.twins.magento.state import Product

    raw = call.obj("product")
    inventory = call.twin.inventory
    sku = call.params.get("sku") or str(raw.get("sku") or "")
    if not sku.strip():
        raise input_error('The "%1" attribute value is empty. Set the attribute and try again.', ["sku"])
    now = call.twin.clock.magento_time()
    if "options" in raw:  # refused before the product is created or changed
        from stockgate.twins.magento.routes_custom_options import check_all

        check_all(call, raw["options"])
    product = inventory.products.get(sku)
    created = product is None
    rule = call.twin.behaviour.float_fields
    set_id = php_int(raw["attribute_set_id"], rule, "attribute_set_id") if raw.get("attribute_set_id") is not None \
        else product.attribute_set_id if product is not None else default_set(call)
    refuse_product_set(call, set_id)  # ResourceModel\Product::validate checks the set before the attributes
    tiers = save_values.read_tiers(call, raw)  # the Tierprice backend's validate, before anything is written
    if product is None:
        if not raw.get("name"):
            raise input_error('The "%1" attribute value is empty. Set the attribute and try again.', ["name"])
        product = inventory.add_product(Product(id=0, sku=sku, name=str(raw["name"]), created_at=now, updated_at=now,
                                                type_id=str(raw.get("type_id") or "simple")))
    if raw.get("name") is not None:
        product.name = raw["name"]
    for field, read in (("status", php_int), ("visibility", php_int), ("attribute_set_id", php_int),
                        ("weight", php_float), ("price", php_float)):
        if raw.get(field) is not None:
            setattr(product, field, read(raw[field], rule, field))
    if "options" in raw:  # a save carrying options replaces them (catalog.custom_options product_save)
        from stockgate.twins.magento.routes_custom_options import replace_all

        replace_all(call, product, raw["options"])
    from stockgate.twins.magento import type_parts

    type_parts.save(call, product, raw, created=created)  # bundle options, downloadable links and samples
    save_values.write_values(call, product, raw)
    if tiers is not None:
        inventory.eav.tiers[product.sku] = tiers
    product.updated_at = now
    return out.product(inventory, product)


def _cart(call: Call) -> Any:
    return call.twin.checkout.cart(call.params["cartId"])


def cart_body(call: Call) -> dict[str, Any]:
    """``GET /V1/guest-carts/{cartId}``."""
    cart = _cart(call)
    return {"id": cart.quote_id, "is_active": cart.active, "items_count": len(cart.items),
            "items_qty": sum(i["qty"] for i in cart.items),
            "items": [{k: v for k, v in i.items() if k != "stock_sku"} for i in cart.items],
            "customer": {}, "store_id": 1}


def add_item(call: Call) -> dict[str, Any]:
    """``POST /V1/guest-carts/{cartId}/items``."""
    return call.twin.checkout.add_item(_cart(call), call.obj("cartItem"))


def shipping_information(call: Call) -> dict[str, Any]:
    """``POST /V1/guest-carts/{cartId}/shipping-information``."""
    return call.twin.checkout.set_shipping(_cart(call), call.obj("addressInformation"))


def payment_information(call: Call) -> int:
    """``POST /V1/guest-carts/{cartId}/payment-information``: places the order.

    The order keeps the shopper's address as ``remote_ip``: ``QuoteManagement::placeOrder`` copies
    ``RemoteAddress::getRemoteAddress()`` (the request's peer) onto the quote, and the quote onto the order
    (``sales.order_records``).
    """
    records = call.twin.behaviour.order_records
    order = call.twin.checkout.place(_cart(call), call.obj(), call.twin.clock.magento_time(),
                                     remote_ip=call.request.client if records["checkout_remote_ip"] else None)
    return order.entity_id


def register(app: MagentoApp) -> None:
    """Add the catalog, checkout and sales routes."""
    r = app.route
    r("POST", "/V1/integration/admin/token", lambda c: c.twin.auth.admin_token(c.body()), resource="anonymous")
    r("GET", "/V1/products", list_products)
    r("GET", "/V1/products/{sku}", get_product)
    r("POST", "/V1/products", save_product)
    r("PUT", "/V1/products/{sku}", save_product)
    r("POST", "/V1/guest-carts", lambda c: c.twin.checkout.create(c.store), resource="anonymous")
    r("GET", "/V1/guest-carts/{cartId}", cart_body, resource="anonymous")
    r("POST", "/V1/guest-carts/{cartId}/items", add_item, resource="anonymous")
    r("POST", "/V1/guest-carts/{cartId}/shipping-information", shipping_information, resource="anonymous")
    r("POST", "/V1/guest-carts/{cartId}/payment-information", payment_information, resource="anonymous")
    r("GET", "/V1/orders", list_orders)
    r("POST", "/V1/orders", import_order)
    r("GET", "/V1/orders/{id}", get_order)
    r("POST", "/V1/orders/{id}/cancel", cancel)
    r("POST", "/V1/order/{orderId}/invoice", invoice)
    r("POST", "/V1/order/{orderId}/ship", ship)
    r("POST", "/V1/order/{orderId}/refund", refund)
    r("GET", "/V1/creditmemo/{id}", get_creditmemo)
    r("GET", "/V1/creditmemos", list_creditmemos)
    _ = input_error, MagentoError
