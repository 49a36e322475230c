"""The twins' side of the real-exchange comparison: each object kind made through a twin's own API.

For Magento, a web order by guest checkout (a simple product and a configurable child chosen by the option
value ids a shop reads), invoiced and shipped with ``notify``, then partly refunded; for Lightspeed, a 0.9
register sale to a named customer paid in cash, its 2.0 and date-version reads, a return and a supplier
consignment. Every answer is kept per object and exchange (``Answers``) for ``tests.data.real_exchanges``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tests.twin_ids import lightspeed_ids

MAGENTO_TOKEN = {"Authorization": "Bearer stockgate-demo-token"}
LS_TOKEN = {"Authorization": "Bearer stockgate-demo-token"}


@dataclass(frozen=True)
class Answer:
    """A twin's answer to one exchange."""

    status: int
    body: Any


Answers = dict[str, dict[str, Answer]]  # object -> exchange ("GET /V1/orders/{id}") -> answer


def _client(app: Any, base_url: str, headers: dict[str, str]) -> httpx.AsyncClient:
    """In-process, and a crash inside the twin is a 500 answer (not an exception here)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url=base_url,
                             headers=headers)


def _answer(r: httpx.Response) -> Answer:
    try:
        body = r.json()
    except ValueError:
        body = None
    return Answer(r.status_code, body)


class _Log:
    def __init__(self) -> None:
        self.got: Answers = {}

    def keep(self, obj: str, exchange: str, r: httpx.Response) -> Answer:
        answer = _answer(r)
        self.got.setdefault(obj, {})[exchange] = answer
        return answer


_SEARCH_ALL = "searchCriteria[currentPage]=1&searchCriteria[pageSize]=50"
_ADDRESS = {"firstname": "Ada", "lastname": "Lovelace", "street": ["1 Main St"], "city": "Springfield",
            "region": "Missouri", "region_id": 36, "region_code": "MO", "country_id": "US", "postcode": "63101",
            "telephone": "5550100", "email": "ada@example.com"}


def _by_sku(sku: str) -> dict[str, str]:
    return {"searchCriteria[filter_groups][0][filters][0][field]": "sku",
            "searchCriteria[filter_groups][0][filters][0][value]": sku}


async def _options_of(c: httpx.AsyncClient, parent: str, child: str) -> list[dict[str, str]]:
    """The ``configurable_item_options`` that choose ``child`` of ``parent``, read as a shop reads them.

    Each configurable option of the parent names its attribute and its value ids (``value_index``); the
    child's custom attributes hold its own value id of each, so the option value is the one they share.
    """
    v1 = "/rest/default/V1"
    product, children = (await c.get(f"{v1}/products/{parent}")).json(), (
        await c.get(f"{v1}/configurable-products/{parent}/children")).json()
    mine = next((p for p in children if isinstance(p, dict) and p.get("sku") == child), {})
    values = {str(a.get("value")) for a in mine.get("custom_attributes", [])}
    options = (product.get("extension_attributes") or {}).get("configurable_product_options") or []
    return [{"option_id": str(o["attribute_id"]), "option_value": str(v["value_index"])}
            for o in options for v in o.get("values", []) if str(v["value_index"]) in values]


async def _guest_order(c: httpx.AsyncClient) -> int | None:
    """A web order by guest checkout: two of a simple product and one configurable child (Red, S)."""
    base = "/rest/default/V1/guest-carts"
    cart = (await c.post(base)).json()
    options = await _options_of(c, "TS", "TS-RED-S")
    for item in ({"sku": "MUG-BLK", "qty": 2, "quote_id": cart},
                 {"sku": "TS", "qty": 1, "quote_id": cart,
                  "product_option": {"extension_attributes": {"configurable_item_options": options}}}):
        r = await c.post(f"{base}/{cart}/items", json={"cartItem": item})
        if r.status_code != 200 and item["sku"] == "TS":  # a twin without configurable carts: the child itself
            await c.post(f"{base}/{cart}/items", json={"cartItem": {"sku": "TS-RED-S", "qty": 1, "quote_id": cart}})
    await c.post(f"{base}/{cart}/shipping-information", json={"addressInformation": {
        "shipping_address": _ADDRESS, "billing_address": _ADDRESS, "shipping_carrier_code": "flatrate",
        "shipping_method_code": "flatrate"}})
    r = await c.post(f"{base}/{cart}/payment-information", json={
        "email": _ADDRESS["email"], "paymentMethod": {"method": "checkmo"}, "billingAddress": _ADDRESS})
    return int(r.json()) if r.status_code == 200 else None


def _doc_id(answer: Answer) -> str | None:
    return str(answer.body) if answer.status == 200 and isinstance(answer.body, int | str) else None


async def magento_answers(version: str) -> Answers:
    """The Magento twin's answers for every object kind, made through its API (demo seed)."""
    from stockgate.twins.magento import create_app

    log = _Log()
    app = create_app(version, "integration-bearer-on", seed="demo")
    async with _client(app, "http://magento.test", MAGENTO_TOKEN) as c:
        v1 = "/rest/default/V1"
        log.keep("product-simple", "GET /V1/products/{sku}", await c.get(f"{v1}/products/MUG-BLK"))
        log.keep("product-configurable", "GET /V1/products/{sku}", await c.get(f"{v1}/products/TS"))
        log.keep("stock-item", "GET /V1/stockItems/{productSku}", await c.get(f"{v1}/stockItems/MUG-BLK"))
        log.keep("source-item", "GET /V1/inventory/source-items",
                 await c.get(f"{v1}/inventory/source-items", params=_by_sku("MUG-BLK")))
        order_id = await _guest_order(c)
        if order_id is None:
            return log.got
        placed = _answer(await c.get(f"{v1}/orders/{order_id}"))
        items = placed.body.get("items", []) if isinstance(placed.body, dict) else []
        invoice = _doc_id(_answer(await c.post(f"{v1}/order/{order_id}/invoice",
                                               json={"capture": True, "notify": True})))
        shipment = _doc_id(_answer(await c.post(f"{v1}/order/{order_id}/ship", json={
            "items": [{"order_item_id": i["item_id"], "qty": i["qty_ordered"]} for i in items
                      if not i.get("parent_item_id")],
            "tracks": [{"track_number": "1Z999", "title": "United Parcel Service", "carrier_code": "ups"}],
            "notify": True, "arguments": {"extension_attributes": {"source_code": "central"}}})))
        first = next((i["item_id"] for i in items if i.get("sku") == "MUG-BLK"), None)
        memo = _doc_id(_answer(await c.post(f"{v1}/order/{order_id}/refund", json={
            "items": [{"order_item_id": first, "qty": 1}], "notify": False,
            "arguments": {"extension_attributes": {"return_to_stock_items": [first]}}})))
        order = log.keep("order", "GET /V1/orders/{id}", await c.get(f"{v1}/orders/{order_id}"))
        log.got["order-item"] = {"GET /V1/orders/{id}": order}
        log.keep("order", "GET /V1/orders", await c.get(f"{v1}/orders?{_SEARCH_ALL}"))
        if first is not None:
            log.keep("order-item", "GET /V1/orders/items/{id}", await c.get(f"{v1}/orders/items/{first}"))
        for obj, one, many, doc in (("invoice", "invoices", "invoices", invoice),
                                    ("shipment", "shipment", "shipments", shipment),
                                    ("credit-memo", "creditmemo", "creditmemos", memo)):
            if doc is not None:
                log.keep(obj, f"GET /V1/{one}/{{id}}", await c.get(f"{v1}/{one}/{doc}"))
            log.keep(obj, f"GET /V1/{many}", await c.get(f"{v1}/{many}?{_SEARCH_ALL}"))
    return log.got


async def _ls_named(c: httpx.AsyncClient, collection: str, key: str, value: str) -> str | None:
    """The id of the 2.0 ``collection`` row whose ``key`` is ``value``, as a client looks it up."""
    rows = (await c.get(f"/api/2.0/{collection}")).json().get("data", [])
    return next((r["id"] for r in rows if isinstance(r, dict) and r.get(key) == value), None)


async def lightspeed_answers(release: str, versions: tuple[str, ...]) -> dict[str, Answers]:
    """The Lightspeed twin's answers per API version (``0.9``, ``2.0``, date versions) of ``release``."""
    from stockgate.twins.lightspeed import create_app

    app = create_app(release, "default", seed="demo")
    i = lightspeed_ids(app)
    mug, tee = i["product"]["MUG-BLK"], i["product"]["TS-RED-S"]
    out: dict[str, Answers] = {}
    async with _client(app, "https://demo.retail.lightspeed.app", LS_TOKEN) as c:
        legacy = _Log()
        customer, cash = await _ls_named(c, "customers", "first_name", "Jane"), await _ls_named(
            c, "payment_types", "name", "Cash")
        sale = legacy.keep("sale", "POST /register_sales", await c.post("/api/register_sales", json={
            "register_id": i["register"]["central"], "user_id": i["user"], "status": "CLOSED", "customer_id": customer,
            "register_sale_products": [{"product_id": mug, "quantity": 2, "price": 12, "tax": 0},
                                       {"product_id": tee, "quantity": 1, "price": 25, "tax": 0}],
            "register_sale_payments": [{"retailer_payment_type_id": cash, "amount": 49}]}))
        out["0.9"] = legacy.got
        sold = (sale.body or {}).get("register_sale", {}).get("id")
        for v in versions:
            if v == "0.9":
                continue
            log, api = _Log(), f"/api/{v}"
            log.keep("outlet", "GET /outlets", await c.get(f"{api}/outlets"))
            log.keep("product", "GET /products", await c.get(f"{api}/products"))
            log.keep("product", "GET /products/{product_id}", await c.get(f"{api}/products/{tee}"))
            log.keep("inventory", "GET /inventory", await c.get(f"{api}/inventory"))
            log.keep("inventory", "GET /products/{product_id}/inventory",
                     await c.get(f"{api}/products/{mug}/inventory"))
            log.keep("inventory", "GET /inventory/{product_id}", await c.get(f"{api}/inventory/{mug}"))
            log.keep("inventory", "POST /inventory", await c.post(f"{api}/inventory", json={"size": 50}))
            sale_id = sold
            if v != "2.0":
                made = log.keep("sale", "POST /sales", await c.post(f"{api}/sales", json={
                    "state": "closed", "source": {"author_id": i["user"], "register_id": i["register"]["north"]},
                    "line_items": [{"product": {"id": tee}, "quantity": 1, "pricing": {"price": 25},
                                    "tax": {"id": "t", "amount": 0}}]}))
                sale_id = (made.body or {}).get("data", {}).get("id") or sold
            log.keep("sale", "GET /sales", await c.get(f"{api}/sales"))
            log.keep("sale", "GET /sales/{sale_id}", await c.get(f"{api}/sales/{sale_id}"))
            method = "PUT" if v == "2.0" else "POST"
            log.keep("return", f"{method} /sales/{{sale_id}}/actions/return",
                     await c.request(method, f"{api}/sales/{sale_id}/actions/return"))
            made = log.keep("consignment", "POST /consignments", await c.post(f"{api}/consignments", json={
                "name": "PO-1", "type": "SUPPLIER", "outlet_id": i["outlet"]["north"]}))
            cid = (made.body or {}).get("data", {}).get("id")
            if cid:
                await c.post(f"{api}/consignments/{cid}/products", json={"product_id": mug, "count": 5})
                log.keep("consignment", "GET /consignments/{consignment_id}", await c.get(f"{api}/consignments/{cid}"))
                log.keep("consignment", "GET /consignments/{consignment_id}/products",
                         await c.get(f"{api}/consignments/{cid}/products"))
            log.keep("consignment", "GET /consignments", await c.get(f"{api}/consignments"))
            out[v] = log.got
    return out
