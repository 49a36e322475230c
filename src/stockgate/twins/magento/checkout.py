"""Storefront checkout the way a shop places orders: guest cart → items → shipping → payment → order.

Adding to the cart and placing the order both check ``is-product-salable-for-requested-qty`` on
the store's stock (MSI ``IsProductSalableForRequestedQtyCondition``), so an oversell fails
exactly where it fails on a real store. Check / money order (``checkmo``) leaves the order
``new``/``pending``; the flat rate charges 5.00 per item (Magento's shipped default). The order's
amounts are fixed when it is placed, from the catalog price and the seed's tax rules (``pricing``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from stockgate.twins.magento.errors import MagentoError, input_error, no_such_entity
from stockgate.twins.magento.numbers import php_float, php_int
from stockgate.twins.magento.orders import Order, OrderItem
from stockgate.twins.magento.pricing import TaxRate, row_tax
from stockgate.twins.magento.sales import Sales

FLAT_RATE_PER_ITEM = 5.0
PAYMENT_METHODS = {"checkmo": "Check / Money order", "free": "No Payment Information Required"}


@dataclass(slots=True, kw_only=True)
class Cart:
    """A guest quote."""

    quote_id: int
    masked_id: str
    store_code: str
    items: list[dict[str, Any]] = field(default_factory=list)
    shipping_address: dict[str, Any] | None = None
    billing_address: dict[str, Any] | None = None
    shipping_method: str | None = None
    email: str | None = None
    active: bool = True


class Checkout:
    """Guest carts of one store."""

    def __init__(self, sales: Sales) -> None:
        """No carts yet."""
        self.sales = sales
        self.inventory = sales.inventory
        self.carts: dict[str, Cart] = {}
        self._quote_items = 0  # quote item ids run across carts, as the quote_item table's do

    def create(self, store_code: str) -> str:
        """A new guest cart; its masked id (32 hex characters, deterministic per quote id)."""
        quote_id = len(self.carts) + 1
        masked = hashlib.sha256(f"stockgate-quote-{quote_id}".encode()).hexdigest()[:32]
        self.carts[masked] = Cart(quote_id=quote_id, masked_id=masked, store_code=store_code)
        return masked

    def cart(self, masked_id: str) -> Cart:
        """A cart by masked id; 404 as Magento answers."""
        cart = self.carts.get(masked_id)
        if cart is None or not cart.active:
            raise no_such_entity("cartId", masked_id)
        return cart

    def add_item(self, cart: Cart, item: dict[str, Any]) -> dict[str, Any]:
        """Add ``{sku, qty, product_option}``; a configurable parent needs its option values."""
        sku, qty = str(item.get("sku") or ""), php_float(item.get("qty") or 0, self.sales.behaviour.float_fields, "qty")
        if qty <= 0:
            raise input_error("The qty value is required to update quote item.")
        product = self.inventory.product(sku)
        child = self._child_for(product.sku, item) if product.type_id == "configurable" else None
        stock_sku = child or sku
        held = sum(i["qty"] for i in cart.items if i["stock_sku"] == stock_sku)
        self._check_salable(stock_sku, qty + held, self.inventory.stock_for_store(cart.store_code))
        shown_qty = int(qty) if qty.is_integer() else qty
        self._quote_items += 1
        line = {"item_id": self._quote_items, "sku": sku, "qty": shown_qty, "name": product.name,
                "price": product.price, "product_type": product.type_id, "quote_id": str(cart.quote_id),
                "stock_sku": stock_sku}
        cart.items.append(line)
        if child:
            self._quote_items += 1  # the configurable's child quote item
        return {k: v for k, v in line.items() if k != "stock_sku"}

    def _child_for(self, parent_sku: str, item: dict[str, Any]) -> str:
        parent = self.inventory.product(parent_sku)
        options = ((item.get("product_option") or {}).get("extension_attributes") or {}).get(
            "configurable_item_options") or []
        wanted = {str(o.get("option_id")): str(o.get("option_value")) for o in options if isinstance(o, dict)}
        for child_sku in parent.children:
            child = self.inventory.products[child_sku]
            inv = self.inventory
            codes = {str(inv.attribute_ids.get(a)): str(inv.option_id(a, child.attributes.get(a)))
                     for a in parent.configurable_attributes}
            if wanted and wanted == codes:
                return child_sku
        raise input_error("You need to choose options for your item.")

    def _check_salable(self, sku: str, qty: float, stock_id: int) -> None:
        if self.inventory.salable_quantity(sku, stock_id) < qty:
            raise input_error("The requested qty is not available")

    def set_shipping(self, cart: Cart, info: dict[str, Any]) -> dict[str, Any]:
        """``shipping-information``: address and method; answers payment methods and totals."""
        if not cart.items:
            raise input_error("The shipping method can't be set for an empty cart. Add an item to cart and try again.")
        address = info.get("shipping_address") or {}
        for key in ("firstname", "lastname", "street", "city", "country_id", "postcode", "telephone"):
            if not address.get(key):
                raise input_error('"%fieldName" is required. Enter and try again.', {"fieldName": key})
        carrier, method = info.get("shipping_carrier_code"), info.get("shipping_method_code")
        if (carrier, method) != ("flatrate", "flatrate"):
            raise MagentoError(400, "Carrier with such method not found: %1, %2", [carrier, method])
        cart.shipping_address = address
        cart.billing_address = info.get("billing_address") or address
        cart.shipping_method = "flatrate_flatrate"
        cart.email = address.get("email") or cart.email
        return {"payment_methods": [{"code": c, "title": t} for c, t in PAYMENT_METHODS.items()],
                "totals": self.totals(cart)}

    def totals(self, cart: Cart) -> dict[str, Any]:
        """The cart totals object (subset the contract requires), taxed as the order will be."""
        subtotal = sum(i["price"] * i["qty"] for i in cart.items)
        shipping = FLAT_RATE_PER_ITEM * sum(i["qty"] for i in cart.items) if cart.shipping_method else 0.0
        tax = sum(row_tax(i["price"] * i["qty"], self._percent(i["sku"], cart.shipping_address or {}))
                  for i in cart.items)
        return {"grand_total": subtotal + shipping + tax, "base_grand_total": subtotal + shipping + tax,
                "subtotal": subtotal, "tax_amount": tax, "base_tax_amount": tax, "subtotal_incl_tax": subtotal + tax,
                "shipping_amount": shipping, "items_qty": int(sum(i["qty"] for i in cart.items)),
                "weee_tax_applied_amount": None,
                "items": [], "total_segments": [], "base_currency_code": "USD", "quote_currency_code": "USD"}

    def _rates(self, sku: str, address: dict[str, Any]) -> list[TaxRate]:
        """The seed's tax rates on ``sku`` shipped to ``address`` (guests: Retail Customer)."""
        product = self.inventory.products.get(sku)
        return self.inventory.tax.rates_for(address, product.tax_class_id) if product else []

    def _percent(self, sku: str, address: dict[str, Any]) -> float:
        return sum(rate.percent for rate in self._rates(sku, address))

    def place(self, cart: Cart, payload: dict[str, Any], now: str, *, remote_ip: str | None = None) -> Order:
        """``payment-information``: check stock again, create the order, reserve its lines.

        ``remote_ip``: the shopper's address, which Magento keeps on the order (none when not given).
        """
        method = ((payload.get("paymentMethod") or {}).get("method")) or ""
        if method not in PAYMENT_METHODS:
            raise input_error("The requested Payment Method is not available.")
        if not cart.shipping_method or cart.shipping_address is None:
            raise input_error("The shipping method is missing. Select the shipping method and try again.")
        email = str(payload.get("email") or cart.email or "")
        if not email:
            raise input_error("The customer email is missing. Enter and try again.")
        stock_id = self.inventory.stock_for_store(cart.store_code)
        for line in cart.items:
            self._check_salable(line["stock_sku"], line["qty"], stock_id)
        order = self._order_from(cart, email, stock_id, now)
        order.payment_method = method
        order.remote_ip = remote_ip
        cart.active = False
        return self.sales.place(order, reserve=True)

    def _order_from(self, cart: Cart, email: str, stock_id: int, now: str) -> Order:
        order_id = self.sales.next_order_id()
        address = cart.shipping_address or {}
        items: list[OrderItem] = []
        rates: dict[str, TaxRate] = {}
        for line in cart.items:
            taxed = self._rates(line["sku"], address)
            rates.update({rate.code: rate for rate in taxed})
            items += self.order_lines(line["sku"], line["stock_sku"], line["qty"], line["price"],
                                      tax_percent=sum(rate.percent for rate in taxed), quote_item_id=line["item_id"])
        billing = cart.billing_address if cart.billing_address is not address else None
        return Order(entity_id=order_id, increment_id=f"{order_id:09d}", store_code=cart.store_code,
                     stock_id=stock_id, customer_email=email, customer_firstname=str(address.get("firstname", "")),
                     customer_lastname=str(address.get("lastname", "")), items=items, created_at=now,
                     updated_at=now, shipping_amount=FLAT_RATE_PER_ITEM * sum(i["qty"] for i in cart.items),
                     address=dict(address), billing=dict(billing) if billing else None, quote_id=cart.quote_id,
                     from_quote=True, applied_taxes=[{"code": r.code, "title": r.code, "percent": r.percent}
                                                     for r in rates.values()])

    def order_lines(self, sku: str, stock_sku: str, qty: float, price: float, *, tax_percent: float = 0.0,
                    quote_item_id: int | None = None) -> list[OrderItem]:
        """One line, or a configurable parent line plus its simple child line (both named by the child SKU).

        The amounts sit on the parent line (its child: price 0, no tax), as Magento's quote-to-order
        conversion leaves them; the parent keeps the chosen option values (``product_option``).
        """
        product = self.inventory.products.get(sku)
        tax = row_tax(price * qty, tax_percent)
        if product is None or stock_sku == sku:
            return [OrderItem(item_id=self.sales.new_item_id(), sku=sku, name=product.name if product else sku,
                              product_id=product.id if product else 0, weight=product.weight if product else None,
                              product_type=product.type_id if product else "simple", qty_ordered=qty, price=price,
                              tax_percent=tax_percent, tax_amount=tax, quote_item_id=quote_item_id)]
        child = self.inventory.product(stock_sku)
        inv = self.inventory
        options = [(inv.attribute_ids.get(code, 0), inv.option_id(code, child.attributes.get(code)))
                   for code in product.configurable_attributes]
        parent = OrderItem(item_id=self.sales.new_item_id(), sku=stock_sku, name=product.name, product_id=product.id,
                           product_type="configurable", weight=child.weight, options=options, qty_ordered=qty,
                           price=price, tax_percent=tax_percent, tax_amount=tax, quote_item_id=quote_item_id)
        line = OrderItem(item_id=self.sales.new_item_id(), sku=stock_sku, name=child.name, product_id=child.id,
                         product_type="simple", qty_ordered=qty, price=0.0, original_price=0.0,
                         parent_item_id=parent.item_id, weight=child.weight,
                         quote_item_id=quote_item_id + 1 if quote_item_id is not None else None)
        parent.child_item_id = line.item_id
        return [parent, line]

    def import_order(self, entity: dict[str, Any], store_code: str, now: str, *, reserve: bool) -> Order:
        """``POST /V1/orders``: save an order as given (no checkout, no stock check)."""
        items = entity.get("items")
        if not isinstance(items, list) or not items:
            raise input_error('"%fieldName" is required. Enter and try again.', {"fieldName": "items"})
        order_id = self.sales.next_order_id()
        lines: list[OrderItem] = []
        for raw in items:
            if not isinstance(raw, dict) or not raw.get("sku"):
                raise input_error('"%fieldName" is required. Enter and try again.', {"fieldName": "sku"})
            sku, rule = str(raw["sku"]), self.sales.behaviour.float_fields
            lines += self.order_lines(sku, sku, php_float(raw.get("qty_ordered") or 1, rule, "qty_ordered"),
                                      php_float(raw.get("price") or 0, rule, "price"))
        order = Order(entity_id=order_id, increment_id=str(entity.get("increment_id") or f"{order_id:09d}"),
                      store_code=store_code, stock_id=self.inventory.stock_for_store(store_code),
                      customer_email=str(entity.get("customer_email") or ""),
                      customer_firstname=str(entity.get("customer_firstname") or ""),
                      customer_lastname=str(entity.get("customer_lastname") or ""), items=lines, created_at=now,
                      updated_at=now)
        customer_id = entity.get("customer_id")  # a customer's order keeps its account (guests have none)
        if customer_id not in (None, "", 0, "0") and not entity.get("customer_is_guest"):
            order.customer_id = php_int(customer_id, self.sales.behaviour.float_fields, "customer_id")
            order.customer_group_id = php_int(entity.get("customer_group_id") or 0, self.sales.behaviour.float_fields,
                                              "customer_group_id")
        return self.sales.place(order, reserve=reserve)
