"""Complete objects: the Magento twin's orders, order items, products, source items and sales documents
carry every property their version's contract declares, on every version 2.4.5-2.4.9.

A fresh demo twin per version is walked through a store's life (guest checkout of a simple and a
configurable product with a taxed address, an import, invoice, shipment, refund, cancel, product saves),
and every answer of an emulated operation that returns one of those objects is read beside its declared
schema. Documents and order items are also serialized directly, so they are checked before their read
routes exist. A declared property an answer leaves out is listed with where it sits and which
definition declares it, unless the version's profile says a real store leaves it out too:
``schema.omitted_when_null`` (null for such an object: Magento's DataObjectProcessor drops it) or
``schema.commerce_only`` (only Adobe Commerce modules fill it).
"""

from __future__ import annotations

import asyncio
import functools
import json
from typing import Any

import httpx
import pytest

from stockgate.contracts import Contract, Profile, load_contract
from stockgate.contracts.conformance import response_problems
from stockgate.twins.magento import create_app
from stockgate.twins.magento import serialize as out
from stockgate.twins.magento.app import MagentoApp
from tests.data import magento_type_walk
from tests.data.objects_walk import Missing, missing

VERSIONS = ["2.4.5", "2.4.6", "2.4.7", "2.4.8", "2.4.9"]
TOKEN = {"Authorization": "Bearer stockgate-demo-token"}
ADDRESS = {"firstname": "Ada", "lastname": "Lovelace", "street": ["1 Main St"], "city": "Springfield",
           "region": "Illinois", "region_code": "IL", "region_id": 23, "country_id": "US", "postcode": "62701",
           "telephone": "5550100", "email": "ada@example.com"}
SEARCH = "searchCriteria[pageSize]=50"
# the operations answering the objects this test is about; each one the twin emulates must be walked
OBJECT_OPERATIONS = {
    "GET /V1/orders/{id}", "GET /V1/orders", "POST /V1/orders", "GET /V1/orders/items", "GET /V1/orders/items/{id}",
    "GET /V1/products/{sku}", "GET /V1/products", "POST /V1/products", "PUT /V1/products/{sku}",
    "GET /V1/configurable-products/{sku}/children", "GET /V1/inventory/source-items",
    "GET /V1/invoices/{id}", "GET /V1/invoices", "GET /V1/shipment/{id}", "GET /V1/shipments",
    "GET /V1/creditmemo/{id}", "GET /V1/creditmemos", "POST /V1/shipment/track",
    "POST /V1/invoices/", "POST /V1/shipment/", "POST /V1/creditmemo", "POST /V1/creditmemo/refund",
    "PUT /V1/orders/create",
    "GET /V1/configurable-products/{sku}/options/all", "GET /V1/configurable-products/{sku}/options/{id}",
    "GET /V1/products/attributes", "GET /V1/products/attributes/{attributeCode}",
    "GET /V1/products/attributes/{attributeCode}/options",
    "GET /V1/products/attribute-sets/{attributeSetId}/attributes",
    "GET /V1/products/{sku}/links/{type}", "GET /V1/products/{sku}/media/{entryId}", "POST /V1/products/base-prices",
    "POST /V1/products/base-prices-information", "POST /V1/products/cost", "POST /V1/products/cost-information",
    "GET /V1/inventory/dump-stock-index-data/{salesChannelType}/{salesChannelCode}",
    "POST /V1/products/special-price", "POST /V1/products/special-price-information",
    "GET /V1/products/links/types", "GET /V1/products/links/{type}/attributes",
    "POST /V1/products/tier-prices", "PUT /V1/products/tier-prices", "POST /V1/products/tier-prices-information",
    "POST /V1/products/tier-prices-delete", "GET /V1/products/types", "GET /V1/products/options/types",
    "GET /V1/eav/attribute-sets/list", "GET /V1/eav/attribute-sets/{attributeSetId}", "POST /V1/eav/attribute-sets",
    "PUT /V1/eav/attribute-sets/{attributeSetId}", "GET /V1/products/attribute-sets/sets/list",
    "GET /V1/products/attribute-sets/{attributeSetId}", "POST /V1/products/attribute-sets",
    "PUT /V1/products/attribute-sets/{attributeSetId}", "GET /V1/products/attribute-sets/groups/list",
    "POST /V1/products/attribute-sets/groups", "PUT /V1/products/attribute-sets/{attributeSetId}/groups",
    "POST /V1/products/attributes", "PUT /V1/products/attributes/{attributeCode}",
    "GET /V1/products/{sku}/options", "GET /V1/products/{sku}/options/{optionId}", "POST /V1/products/options",
    "PUT /V1/products/options/{optionId}", "GET /V1/products/{sku}/media",
    "GET /V1/products/media/types/{attributeSetName}", *magento_type_walk.OPERATIONS,
    "POST /V1/customers", "GET /V1/customers/{customerId}", "PUT /V1/customers/{customerId}",
    "GET /V1/customers/search", "GET /V1/customers/me", "PUT /V1/customers/me", "GET /V1/customers/me/billingAddress",
    "GET /V1/customers/me/shippingAddress", "GET /V1/customers/{customerId}/billingAddress",
    "GET /V1/customers/{customerId}/shippingAddress", "GET /V1/customers/addresses/{addressId}",
    "GET /V1/customerGroups/{id}", "GET /V1/customerGroups/default", "GET /V1/customerGroups/default/{storeId}",
    "GET /V1/customerGroups/search",
    "GET /V1/inventory/in-store-pickup/pickup-locations/", "GET /V1/products-render-info",
}
ROOTS = ("sales-data-order-interface", "catalog-data-product-interface", "inventory-api-data-source-item-interface",
         "sales-data-invoice-interface", "sales-data-shipment-interface", "sales-data-creditmemo-interface",
         "catalog-data-product-attribute-interface", "catalog-data-price-update-result-interface",
         "catalog-data-base-price-interface", "catalog-data-cost-interface",
         "inventory-export-stock-api-data-product-stock-index-data-interface", "catalog-data-special-price-interface",
         "catalog-data-product-link-type-interface", "catalog-data-product-link-attribute-interface",
         "catalog-data-tier-price-interface", "catalog-data-product-type-interface",
         "catalog-data-product-custom-option-type-interface", "eav-data-attribute-set-interface",
         "eav-data-attribute-group-interface", "customer-data-customer-interface", "customer-data-group-interface",
         "inventory-in-store-pickup-api-data-search-result-interface",
         "catalog-data-product-render-search-results-interface", *magento_type_walk.ROOTS)
DOCUMENTS = {"invoice": "sales-data-invoice-interface", "shipment": "sales-data-shipment-interface",
             "creditmemo": "sales-data-creditmemo-interface"}


@functools.cache
def components(ref: str) -> dict[str, Any]:
    """The contract document with its Swagger definitions readable as components (the walk names them)."""
    text = json.dumps(load_contract(ref).document).replace('"#/definitions/', '"#/components/schemas/')
    doc: dict[str, Any] = json.loads(text)
    doc["components"] = {"schemas": doc["definitions"]}
    return doc


@functools.cache
def objects(ref: str) -> frozenset[str]:
    """Every definition an answer of those objects can hold (search criteria echoes are not objects here)."""
    definitions = load_contract(ref).document["definitions"]
    seen: set[str] = set()
    todo = list(ROOTS)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            text = json.dumps(definitions[name].get("properties", {}))
            todo += [part.split('"')[0] for part in text.split('"#/definitions/')[1:]]
    return frozenset(seen)


def allowed(profile: Profile) -> set[tuple[str, str]]:
    """(definition, property) pairs the profile says a real store leaves out."""
    nulls, commerce = profile.facts.get("schema.omitted_when_null"), profile.facts.get("schema.commerce_only")
    pairs = {(d, p) for d, groups in ((nulls.value if nulls else None) or {}).items()
             for props in groups.values() for p in props}
    return pairs | {(d, p) for d, props in ((commerce.value if commerce else None) or {}).items() for p in props}


class Walk:
    """Calls on one twin, and what their answers leave out or break."""

    def __init__(self, app: MagentoApp, client: httpx.AsyncClient) -> None:
        self.app, self.client = app, client
        self.contract: Contract = app.twin.contract
        self.profile = app.twin.profile
        self.doc = components(str(self.contract.ref))
        self.allowed = allowed(self.profile)
        self.objects = objects(str(self.contract.ref))
        self.served = set(app.operations()) & OBJECT_OPERATIONS
        self.done: set[str] = set()
        self.gaps: dict[str, str] = {}
        self.problems: list[str] = []

    async def __call__(self, key: str, path: str, **kw: Any) -> Any:
        """Call ``key`` at ``path`` (``/rest/default/V1`` + path) and read its answer."""
        method = key.split(maxsplit=1)[0]
        url = f"/rest/default/V1{path}"
        headers = kw.pop("headers", TOKEN)
        response = await self.client.request(method, url, headers=headers, **kw)
        assert 200 <= response.status_code < 300, f"{key}: {response.status_code} {response.text[:300]}"
        body = response.json()
        if key in self.served:
            self.done.add(key)
            self.problems += response_problems(self.contract, self.profile, method=method, url=f"http://m{url}",
                                               status=response.status_code, body=body)
            pointer = self.schema_of(method, url.partition("?")[0], response.status_code)
            if pointer is not None:
                ref = "#" + pointer.replace("/definitions/", "/components/schemas/")
                self.note(key, missing(self.doc, {"$ref": ref}, body))
        return body

    def schema_of(self, method: str, url: str, status: int) -> str | None:
        """The JSON pointer of the schema the operation declares for ``status`` (Magento wraps no answer)."""
        found = self.contract.match(method, url)
        declared = found.operation.response(status) if found else None
        return declared.body.schema if declared is not None and declared.body is not None else None

    def read(self, label: str, definition: str, body: Any) -> None:
        """Read a body serialized directly beside ``definition``."""
        self.note(label, missing(self.doc, {"$ref": f"#/components/schemas/{definition}"}, body))

    def note(self, where: str, found: list[Missing]) -> None:
        """Keep the first place each undeclared omission shows up."""
        for gap in found:
            if gap.component in self.objects and (gap.component, gap.name) not in self.allowed:
                self.gaps.setdefault(f"{gap.component}.{gap.name}", f"{where} {gap.at}")


async def _checkout(w: Walk, lines: list[dict[str, Any]]) -> int:
    cart = (await w.client.post("/rest/default/V1/guest-carts")).json()
    for line in lines:
        item = {"cartItem": {**line, "quote_id": cart}}
        r = await w.client.post(f"/rest/default/V1/guest-carts/{cart}/items", json=item)
        assert r.status_code == 200, r.text
    r = await w.client.post(f"/rest/default/V1/guest-carts/{cart}/shipping-information", json={"addressInformation": {
        "shipping_address": ADDRESS, "billing_address": ADDRESS, "shipping_carrier_code": "flatrate",
        "shipping_method_code": "flatrate"}})
    assert r.status_code == 200, r.text
    r = await w.client.post(f"/rest/default/V1/guest-carts/{cart}/payment-information",
                            json={"email": ADDRESS["email"], "paymentMethod": {"method": "checkmo"}})
    assert r.status_code == 200, r.text
    return int(r.json())


def _tshirt(app: MagentoApp) -> dict[str, Any]:
    """A cart line for the red S T-shirt, naming its option values as a storefront does."""
    inv = app.twin.inventory
    child = inv.products["TS-RED-S"]
    options = [{"option_id": str(inv.attribute_ids[code]), "option_value": inv.option_id(code, child.attributes[code])}
               for code in inv.products["TS"].configurable_attributes]
    return {"sku": "TS", "qty": 1, "product_option": {"extension_attributes": {"configurable_item_options": options}}}


async def _orders(w: Walk) -> tuple[int, int]:
    """A taxed order of a simple and a configurable product through its documents, and a canceled one."""
    order = await _checkout(w, [{"sku": "MUG-BLK", "qty": 2}, _tshirt(w.app)])
    await w("GET /V1/orders/{id}", f"/orders/{order}")
    await w("POST /V1/order/{orderId}/invoice", f"/order/{order}/invoice", json={})
    await w("GET /V1/orders/{id}", f"/orders/{order}")
    await w("POST /V1/order/{orderId}/ship", f"/order/{order}/ship",
            json={"arguments": {"extension_attributes": {"source_code": "central"}}})
    if "POST /V1/shipment/track" in w.served:
        await w("POST /V1/shipment/track", "/shipment/track", json={"entity": {
            "order_id": order, "parent_id": 1, "weight": 1.5, "qty": 1, "description": "box",
            "track_number": "1Z999", "title": "UPS Ground", "carrier_code": "ups"}})
    back = {"extension_attributes": {"return_to_stock_items": [1]}}
    await w("POST /V1/order/{orderId}/refund", f"/order/{order}/refund",
            json={"items": [{"order_item_id": 1, "qty": 1}], "arguments": back})
    await w("GET /V1/orders/{id}", f"/orders/{order}")
    canceled = await _checkout(w, [{"sku": "CAP-NVY", "qty": 1}])
    await w("POST /V1/orders/{id}/cancel", f"/orders/{canceled}/cancel")
    await w("GET /V1/orders/{id}", f"/orders/{canceled}")
    await w("GET /V1/orders", f"/orders?{SEARCH}")
    await w("POST /V1/orders", "/orders", json={"entity": {
        "customer_email": "pos@example.com", "items": [{"sku": "SOCK-3PK", "qty_ordered": 1, "price": 9}]}})
    await _saves(w, order)
    if "GET /V1/orders/items" in w.served:
        await w("GET /V1/orders/items", f"/orders/items?{SEARCH}")
        await w("GET /V1/orders/items/{id}", "/orders/items/3")
    return order, canceled


async def _saves(w: Walk, order: int) -> None:
    """Repository saves and the management refund of the first order (item 1: two mugs, one refunded)."""
    line = {"order_item_id": 1, "qty": 1, "sku": "MUG-BLK"}
    memo_line = {**line, "base_cost": 0, "base_price": 12, "entity_id": 0}
    if "POST /V1/invoices/" in w.served:
        await w("POST /V1/invoices/", "/invoices/", json={"entity": {"order_id": order, "total_qty": 1,
                                                                   "items": [line]}})
        await w("POST /V1/shipment/", "/shipment/", json={"entity": {
            "order_id": order, "items": [line], "tracks": [], "comments": [],
            "extension_attributes": {"source_code": "north"}}})
        await w("POST /V1/creditmemo", "/creditmemo", json={"entity": {"order_id": order, "items": [memo_line]}})
        await w("POST /V1/creditmemo/refund", "/creditmemo/refund", json={"creditmemo": {
            "order_id": order, "items": [memo_line]}})
        await w("PUT /V1/orders/create", "/orders/create", json={"entity": {
            "customer_email": "pos@example.com", "items": [{"sku": "SOCK-3PK", "qty_ordered": 1, "price": 9}]}})


async def _documents(w: Walk) -> None:
    for read, search in (("/invoices", "/invoices"), ("/shipment", "/shipments"), ("/creditmemo", "/creditmemos")):
        if f"GET /V1{read}/{{id}}" in w.served:
            await w(f"GET /V1{read}/{{id}}", f"{read}/1")
        if f"GET /V1{search}" in w.served:
            await w(f"GET /V1{search}", f"{search}?{SEARCH}")
    sales = w.app.twin.sales
    for kind, definition in DOCUMENTS.items():
        for doc in sales.documents[kind].values():
            w.read(f"serialize.document({kind})", definition, out.document(doc, sales.order(doc.order_id)))
    for order in sales.orders.values():
        for line in order.items:
            w.read("serialize.order_item", "sales-data-order-item-interface", out.order_item(order, line))


async def _catalog(w: Walk) -> None:
    for sku in ("MUG-BLK", "TS", "TS-BLU-M"):
        await w("GET /V1/products/{sku}", f"/products/{sku}")
    await w("GET /V1/products", f"/products?{SEARCH}")
    await w("GET /V1/configurable-products/{sku}/children", "/configurable-products/TS/children")
    await w("POST /V1/products", "/products", json={"product": {"sku": "TOTE", "name": "Tote", "price": 15}})
    await w("PUT /V1/products/{sku}", "/products/TOTE", json={"product": {"price": 16}})
    await w("GET /V1/inventory/source-items", f"/inventory/source-items?{SEARCH}")


async def _catalog_parts(w: Walk) -> None:
    """Configurable options, attributes, links, one gallery entry, base prices and cost (issue 15 item 1)."""
    options = await w("GET /V1/configurable-products/{sku}/options/all", "/configurable-products/TS/options/all")
    await w("GET /V1/configurable-products/{sku}/options/{id}", f"/configurable-products/TS/options/{options[0]['id']}")
    await w("GET /V1/products/attributes", f"/products/attributes?{SEARCH}")
    await w("GET /V1/products/attributes/{attributeCode}", "/products/attributes/color")
    await w("GET /V1/products/attributes/{attributeCode}/options", "/products/attributes/size/options")
    await w("GET /V1/products/attribute-sets/{attributeSetId}/attributes", "/products/attribute-sets/4/attributes")
    await w("GET /V1/products/{sku}/links/{type}", "/products/TS/links/related")
    entry = w.app.twin.inventory.products["TS"].media[0].id
    await w("GET /V1/products/{sku}/media/{entryId}", f"/products/TS/media/{entry}")
    rows = [{"sku": "MUG-WHT", "price": 11, "store_id": 0}, {"sku": "TS", "price": -1, "store_id": 5}]
    await w("POST /V1/products/base-prices", "/products/base-prices", json={"prices": rows})
    await w("POST /V1/products/base-prices-information", "/products/base-prices-information",
            json={"skus": ["MUG-WHT"]})
    await w("POST /V1/products/cost", "/products/cost", json={"prices": [
        {"sku": "MUG-WHT", "cost": 4, "store_id": 0}, {"sku": "NOPE", "cost": 1, "store_id": 0}]})
    await w("POST /V1/products/cost-information", "/products/cost-information", json={"skus": ["MUG-WHT"]})
    await w("GET /V1/inventory/dump-stock-index-data/{salesChannelType}/{salesChannelCode}",
            "/inventory/dump-stock-index-data/website/base")
    special = {"sku": "MUG-WHT", "price": 8, "store_id": 0, "price_from": "2026-01-01 00:00:00",
               "price_to": "2026-02-01 00:00:00"}
    await w("POST /V1/products/special-price", "/products/special-price",
            json={"prices": [special, {**special, "sku": "TS", "store_id": 1}]})
    await w("POST /V1/products/special-price-information", "/products/special-price-information",
            json={"skus": ["MUG-WHT"]})
    await w("GET /V1/products/links/types", "/products/links/types")
    await w("GET /V1/products/links/{type}/attributes", "/products/links/associated/attributes")
    tier = {"price": 5, "price_type": "discount", "website_id": 0, "sku": "MUG-WHT", "customer_group": "General",
            "quantity": 2}
    await w("POST /V1/products/tier-prices", "/products/tier-prices", json={"prices": [tier, {**tier, "price": -1}]})
    await w("PUT /V1/products/tier-prices", "/products/tier-prices", json={"prices": [tier, {**tier, "quantity": 4}]})
    await w("POST /V1/products/tier-prices-information", "/products/tier-prices-information",
            json={"skus": ["MUG-WHT"]})
    await w("GET /V1/products/{sku}", "/products/MUG-WHT")
    await w("GET /V1/products/types", "/products/types")
    await w("GET /V1/products/options/types", "/products/options/types")
    await w("POST /V1/products/tier-prices-delete", "/products/tier-prices-delete",
            json={"prices": [{**tier, "website_id": 3}]})


async def _attribute_sets(w: Walk) -> None:
    """Attribute sets through both services, groups, and attribute saves (issue 15 item 1)."""
    await w("GET /V1/eav/attribute-sets/list", f"/eav/attribute-sets/list?{SEARCH}")
    await w("GET /V1/eav/attribute-sets/{attributeSetId}", "/eav/attribute-sets/4")
    await w("GET /V1/products/attribute-sets/sets/list", f"/products/attribute-sets/sets/list?{SEARCH}")
    await w("GET /V1/products/attribute-sets/{attributeSetId}", "/products/attribute-sets/4")
    made = await w("POST /V1/products/attribute-sets", "/products/attribute-sets", json={
        "attributeSet": {"attribute_set_name": "Bags", "sort_order": 2}, "skeletonId": 4})
    full = {"attribute_set_name": "Totes", "sort_order": 3, "entity_type_id": 4}
    await w("PUT /V1/products/attribute-sets/{attributeSetId}", f"/products/attribute-sets/{made['attribute_set_id']}",
            json={"attributeSet": full})
    other = await w("POST /V1/eav/attribute-sets", "/eav/attribute-sets", json={
        "entityTypeCode": "catalog_product", "attributeSet": {"attribute_set_name": "Boxes", "sort_order": 4},
        "skeletonId": 4})
    await w("PUT /V1/eav/attribute-sets/{attributeSetId}", f"/eav/attribute-sets/{other['attribute_set_id']}",
            json={"attributeSet": {**full, "attribute_set_name": "Crates"}})
    await w("GET /V1/products/attribute-sets/groups/list", f"/products/attribute-sets/groups/list?{SEARCH}")
    group = await w("POST /V1/products/attribute-sets/groups", "/products/attribute-sets/groups", json={
        "group": {"attribute_group_name": "Specs", "attribute_set_id": made["attribute_set_id"]}})
    await w("PUT /V1/products/attribute-sets/{attributeSetId}/groups",
            f"/products/attribute-sets/{made['attribute_set_id']}/groups",
            json={"group": {**group, "attribute_group_name": "Details"}})
    created = await w("POST /V1/products/attributes", "/products/attributes", json={"attribute": {
        "attribute_code": "material", "frontend_input": "select", "default_frontend_label": "Material"}})
    await w("PUT /V1/products/attributes/{attributeCode}", "/products/attributes/material", json={"attribute": {
        "attribute_id": created["attribute_id"], "default_frontend_label": "Fabric"}})


async def _options_and_media(w: Walk) -> None:
    """Custom options of each kind, an uploaded image and the gallery reads (issue 15 item 1)."""
    import base64

    field = {"product_sku": "CAP-NVY", "title": "Initials", "type": "field", "sort_order": 1, "is_require": True,
             "price": 4, "price_type": "fixed", "sku": "ini", "max_characters": 3}
    select = {"product_sku": "CAP-NVY", "title": "Patch", "type": "drop_down", "sort_order": 2, "is_require": False,
              "values": [{"title": "Flag", "sort_order": 1, "price": 2, "price_type": "fixed", "sku": "flag"},
                         {"title": "None", "sort_order": 2, "price": 0, "price_type": "fixed"}]}
    upload = {"product_sku": "CAP-NVY", "title": "Logo", "type": "file", "sort_order": 3, "is_require": False,
              "price": 1, "price_type": "percent", "file_extension": "png, jpg", "image_size_x": 100,
              "image_size_y": 100}
    saved = await w("POST /V1/products/options", "/products/options", json={"option": field})
    await w("POST /V1/products/options", "/products/options", json={"option": select})
    await w("PUT /V1/products/options/{optionId}", f"/products/options/{saved['option_id']}",
            json={"option": {**field, "option_id": saved["option_id"], "title": "Monogram"}})
    await w("POST /V1/products/options", "/products/options", json={"option": upload})
    await w("GET /V1/products/{sku}/options", "/products/CAP-NVY/options")
    await w("GET /V1/products/{sku}/options/{optionId}", f"/products/CAP-NVY/options/{saved['option_id']}")
    await w("GET /V1/products/{sku}", "/products/CAP-NVY")
    gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff," \
        b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    content = {"base64_encoded_data": base64.b64encode(gif).decode(), "type": "image/gif", "name": "cap.gif"}
    await w("POST /V1/products/{sku}/media", "/products/CAP-NVY/media", json={"entry": {
        "media_type": "image", "label": "Cap", "position": 1, "disabled": False, "types": ["image"],
        "content": content}})
    await w("GET /V1/products/{sku}/media", "/products/CAP-NVY/media")
    await w("GET /V1/products/media/types/{attributeSetName}", "/products/media/types/Default")


async def _customers(w: Walk) -> None:
    """A customer with a default address, read and saved by an admin and by itself (issue 15 item 1)."""
    address = {**ADDRESS, "region": {"region_code": "IL", "region": "Illinois", "region_id": 23},
               "default_billing": True, "default_shipping": True}
    del address["email"], address["region_code"]
    made = await w("POST /V1/customers", "/customers", json={"customer": {
        "email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace", "addresses": [address]},
        "password": "Secret-pass1"})
    cid, aid = made["id"], made["addresses"][0]["id"]
    await w("GET /V1/customers/{customerId}", f"/customers/{cid}")
    await w("PUT /V1/customers/{customerId}", f"/customers/{cid}", json={"customer": {**made, "lastname": "King"}})
    await w("GET /V1/customers/search", f"/customers/search?{SEARCH}")
    await w("GET /V1/customers/addresses/{addressId}", f"/customers/addresses/{aid}")
    for kind in ("billing", "shipping"):
        await w(f"GET /V1/customers/{{customerId}}/{kind}Address", f"/customers/{cid}/{kind}Address")
    r = await w.client.post("/rest/default/V1/integration/customer/token",
                            json={"username": "ada@example.com", "password": "Secret-pass1"})
    mine = {"Authorization": f"Bearer {r.json()}"}
    for key, path, kw in (("GET /V1/customers/me", "/customers/me", {}),
                          ("PUT /V1/customers/me", "/customers/me", {"json": {"customer": made}}),
                          ("GET /V1/customers/me/billingAddress", "/customers/me/billingAddress", {}),
                          ("GET /V1/customers/me/shippingAddress", "/customers/me/shippingAddress", {})):
        await w(key, path, headers=mine, **kw)
    await w("GET /V1/customerGroups/{id}", "/customerGroups/1")
    await w("GET /V1/customerGroups/default", "/customerGroups/default")
    await w("GET /V1/customerGroups/default/{storeId}", "/customerGroups/default/1")
    await w("GET /V1/customerGroups/search", f"/customerGroups/search?{SEARCH}")


async def _pickup_and_render(w: Walk) -> None:
    """A pickup location found by a request of every part, and the render of a simple and a configurable."""
    await w.client.put("/rest/default/V1/inventory/sources/central", headers=TOKEN, json={"source": {
        "source_code": "central", "name": "Central Store", "country_id": "US", "postcode": "63145",
        "city": "St. Louis", "street": "1 Main St", "phone": "5550100",
        "extension_attributes": {"is_pickup_location_active": True}}})
    request = "&".join(f"searchRequest[filters][{name}][value]={value}" for name, value in (
        ("country", "US"), ("postcode", "63145"), ("city", "St. Louis"), ("street", "1 Main St"),
        ("name", "Central Store"), ("pickupLocationCode", "central")))
    await w("GET /V1/inventory/in-store-pickup/pickup-locations/",
            f"/inventory/in-store-pickup/pickup-locations/?searchRequest[scopeCode]=base&{request}"
            "&searchRequest[sort][0][field]=name&searchRequest[sort][0][direction]=ASC&searchRequest[pageSize]=5"
            "&searchRequest[extensionAttributes][productsInfo][0][sku]=MUG-BLK")
    await w("GET /V1/inventory/in-store-pickup/pickup-locations/",
            "/inventory/in-store-pickup/pickup-locations/?searchRequest[scopeCode]=base"
            "&searchRequest[area][radius]=50&searchRequest[area][searchTerm]=63145")
    await w("GET /V1/products-render-info", "/products-render-info?searchCriteria[filterGroups][0][filters][0]"
            "[field]=sku&searchCriteria[filterGroups][0][filters][0][value]=MUG-BLK,TS&searchCriteria"
            "[filterGroups][0][filters][0][conditionType]=in&storeId=1&currencyCode=USD")


async def _walk(version: str) -> Walk:
    app = create_app(version, "integration-bearer-on", seed="demo")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://m") as client:
        w = Walk(app, client)
        await _orders(w)
        await _documents(w)
        await _catalog(w)
        await _catalog_parts(w)
        await _attribute_sets(w)
        await _options_and_media(w)
        await _customers(w)
        await magento_type_walk.bundles_downloads_and_tiers(w)
        await _pickup_and_render(w)
    return w


@pytest.mark.parametrize("version", VERSIONS, ids=[f"magento@{v}" for v in VERSIONS])
def test_every_object_answer_carries_every_declared_property(version: str) -> None:
    w = asyncio.run(_walk(version))
    assert sorted(w.served - w.done) == [], "emulated object operations the walk never called (add them here)"
    assert w.problems == [], "answers that break the contract:\n" + "\n".join(w.problems)
    assert w.gaps == {}, f"{len(w.gaps)} declared properties missing:\n" + "\n".join(
        f"{k} (first at {v})" for k, v in sorted(w.gaps.items()))


def test_the_walk_finds_a_property_the_twin_leaves_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """A planted omission (orders without shipping_description) is listed with its definition."""
    from stockgate.twins.magento import serialize_orders

    real = serialize_orders.order
    monkeypatch.setattr(serialize_orders, "order",
                        lambda item: {k: v for k, v in real(item).items() if k != "shipping_description"})
    w = asyncio.run(_walk("2.4.8"))
    assert "sales-data-order-interface.shipping_description" in w.gaps, w.gaps


def test_the_walk_finds_a_customer_property_the_twin_leaves_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """A planted omission (customers without created_in) is listed with its definition."""
    from stockgate.twins.magento import customers

    real = customers.customer_body
    monkeypatch.setattr(customers, "customer_body",
                        lambda *a: {k: v for k, v in real(*a).items() if k != "created_in"})
    monkeypatch.setattr("stockgate.twins.magento.routes_customers.customer_body", customers.customer_body)
    w = asyncio.run(_walk("2.4.8"))
    assert "customer-data-customer-interface.created_in" in w.gaps, w.gaps


def test_every_allow_listed_property_is_declared() -> None:
    """The omission facts name properties the newest contract declares (a typo would allow nothing)."""
    contract = load_contract("magento@2.4.9")
    definitions = contract.document["definitions"]
    unknown = sorted(f"{d}.{p}" for d, p in allowed(contract.profile()) if p not in definitions[d]["properties"])
    assert unknown == []


def test_an_allow_listed_property_needs_its_fact() -> None:
    """Without the profile's omission facts, what real stores leave out is reported too."""
    profile = load_contract("magento@2.4.8").profile("integration-bearer-on")
    assert ("sales-data-order-interface", "customer_id") in allowed(profile)
    assert ("sales-data-order-interface", "shipping_description") not in allowed(profile)
