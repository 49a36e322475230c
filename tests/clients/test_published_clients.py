"""Published API clients nobody here wrote, run against served twins with nothing changed but the base URL.

Issue 15's "Done when": a client written against the real platforms runs against the twins and either
works or gets the answer a real store gives. ``pymagento`` (Bixoto, MIT; Bearer integration tokens) and
``lightspeed-x`` (MIT; personal tokens) are small pure-Python test dependencies; the clients that are not
(my-magento, the npm clients) are manual checks in ``tests/clients/manual/`` (README.md there says what
each did). ``lightspeed-x`` hard-codes ``https://<prefix>.vendhq.com`` and has no base-URL option, so its
HTTP client gets a transport that sends each request to the served twin instead, as a hosts entry and a
TLS terminator would; nothing else of the client is touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import requests

from tests.served import serve

TOKEN = "stockgate-demo-token"


def _stop(proc: Any) -> None:
    proc.terminate()
    proc.communicate(timeout=20)


@pytest.fixture(scope="module")
def magento_url() -> Iterator[str]:
    """magento@2.4.8 with integration tokens accepted as Bearer (``integration-bearer-on``): pymagento's auth."""
    proc, url = serve("magento@2.4.8", "--profile", "integration-bearer-on")
    try:
        yield url
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def lightspeed_url() -> Iterator[str]:
    proc, url = serve("lightspeed@2026-07")
    try:
        yield url
    finally:
        _stop(proc)


def guest_order(base: str, sku: str, qty: int) -> int:
    """A shopper's guest checkout through the storefront API (no credentials), as on a real store."""
    address = {"firstname": "Ada", "lastname": "Shopper", "street": ["1 Main St"], "city": "Austin",
               "region": "Texas", "region_id": 57, "region_code": "TX", "postcode": "78701", "country_id": "US",
               "telephone": "5550100", "email": "ada@example.com"}
    with requests.Session() as s:
        cart = s.post(f"{base}/rest/default/V1/guest-carts", timeout=10).json()
        s.post(f"{base}/rest/default/V1/guest-carts/{cart}/items", json={"cartItem": {"sku": sku, "qty": qty}},
               timeout=10).raise_for_status()
        s.post(f"{base}/rest/default/V1/guest-carts/{cart}/shipping-information", timeout=10, json={
            "addressInformation": {"shipping_address": address, "billing_address": address,
                                   "shipping_carrier_code": "flatrate", "shipping_method_code": "flatrate"}},
               ).raise_for_status()
        placed = s.post(f"{base}/rest/default/V1/guest-carts/{cart}/payment-information", timeout=10,
                        json={"email": address["email"], "paymentMethod": {"method": "checkmo"}})
        placed.raise_for_status()
        return int(placed.json())


def test_pymagento_reads_and_writes_the_catalog_and_msi(magento_url: str) -> None:
    from magento import Magento

    with Magento(token=TOKEN, base_url=magento_url) as m:  # scope "all": /rest/all/V1/...
        _catalog_and_msi(m)


def _catalog_and_msi(m: Any) -> None:
    from magento import make_field_value_query

    assert [p["sku"] for p in m.get_products(query=make_field_value_query("sku", "TS-RED-%", "like"))] == [
        "TS-RED-S", "TS-RED-M", "TS-RED-L"]
    assert m.get_product_by_id(1)["sku"] == "MUG-BLK"  # a search on entity_id (search.field_aliases)
    assert m.get_product("NO-SUCH-SKU") is None  # Magento's 404, read by the client as "no product"
    configurable = m.get_product("TS")
    assert configurable["type_id"] == "configurable" and "stock_item" in configurable["extension_attributes"]
    assert list(m.get_products(fields="sku,id", limit=2)) == [{"id": 1, "sku": "MUG-BLK"}, {"id": 2, "sku": "MUG-WHT"}]
    item = m.get_product_stock_item("MUG-BLK")
    assert m.update_product_stock_item_quantity("MUG-BLK", item["item_id"], 7) == item["item_id"]
    assert m.get_product_stock_status("MUG-BLK")["qty"] == 7
    m.save_source_items([{"sku": "MUG-BLK", "source_code": "central", "quantity": 11, "status": 1}])
    quantities = {(i["source_code"], i["quantity"]) for i in m.get_source_items(sku="MUG-BLK")}
    assert ("central", 11) in quantities and ("default", 7) in quantities
    assert [s["source_code"] for s in m.get_sources()] == ["default", "central", "north"]
    assert {w["code"] for w in m.get_websites()} == {"base", "admin"}
    assert m.async_update_products([{"sku": "MUG-WHT", "price": 9.5}])["errors"] is False


def test_pymagento_manages_configurables_attribute_options_media_and_base_prices(magento_url: str) -> None:
    """The catalog sync calls pymagento has for configurable children and options, attribute options, one gallery
    entry and the base price storage (issue 15 item 1): each works against the twin as against a store."""
    from magento import Magento

    with Magento(token=TOKEN, base_url=magento_url) as m:
        options = {o["label"]: o["value"] for o in m.get_products_attribute_options("color")}
        assert {"Red", "Blue"} <= set(options)
        green = m.add_products_attribute_option("color", {"label": "Green", "value": ""})
        assert {"label": "Green", "value": green} in m.get_products_attribute_options("color")
        assert m.delete_products_attribute_option("color", green) is True
        assert "color" in {a["attribute_code"] for a in m.get_attribute_set_attributes(4)}
        assert m.unlink_child_product("TS", "TS-BLU-L") is True
        assert "TS-BLU-L" not in {c["sku"] for c in m.get_json_api("/V1/configurable-products/TS/children")}
        assert m.link_child_product("TS", "TS-BLU-L") is True
        color_id = m.get_json_api("/V1/products/attributes/color")["attribute_id"]
        option_id = m.save_configurable_product_option("TS", {"attribute_id": str(color_id), "label": "Colour",
                                                             "values": [{"value_index": int(options["Red"])}]})
        labels = {o["id"]: o["label"] for o in m.get_product("TS")["extension_attributes"]
                  ["configurable_product_options"]}
        assert labels[option_id] == "Colour"  # the product's option for color, relabelled
        entry = m.get_product_medias("TS")[0]
        assert m.get_product_media("TS", entry["id"]) == entry
        assert m.save_base_prices([{"price": 3.14, "sku": "CAP-NVY", "store_id": 0}]) == []
        assert m.get_base_prices(["CAP-NVY"], store_id=0) == [{"price": 3.14, "store_id": 0, "sku": "CAP-NVY"}]
        assert m.get_product("CAP-NVY")["price"] == 3.14
        # the module's other tests share this twin: leave the demo catalog as it was
        m.save_base_prices([{"price": 18, "sku": "CAP-NVY", "store_id": 0}])
        m.save_configurable_product_option("TS", {"attribute_id": str(color_id), "label": "Color",
                                                  "values": [{"value_index": int(options["Red"])}]})


def test_pymagento_reads_attribute_sets_and_saves_attributes(magento_url: str) -> None:
    """pymagento's attribute set and attribute calls (issue 15 item 1): every entity type's Default set from
    ``/V1/eav/attribute-sets/list``, an attribute saved with pymagento's defaults, assigned to the Default set's
    first group, unassigned and deleted."""
    from magento import Magento

    with Magento(token=TOKEN, base_url=magento_url) as m:
        sets = list(m.get_attribute_sets())
        assert [(s["attribute_set_id"], s["attribute_set_name"]) for s in sets] == [(n, "Default") for n in range(1, 9)]
        saved = m.save_attribute({"attribute_code": "pm_material", "default_frontend_label": "Material"})
        assert (saved["attribute_code"], saved["frontend_input"], saved["is_user_defined"]) == \
            ("pm_material", "select", True)
        group = m.get_json_api("/V1/products/attribute-sets/groups/list", {
            "searchCriteria[filter_groups][0][filters][0][field]": "attribute_set_id",
            "searchCriteria[filter_groups][0][filters][0][value]": 4})["items"][0]
        assert isinstance(m.assign_attribute_set_attribute(4, int(group["attribute_group_id"]), "pm_material"), int)
        assert "pm_material" in {a["attribute_code"] for a in m.get_attribute_set_attributes(4)}
        assert m.remove_attribute_set_attribute(4, "pm_material") is True
        assert "pm_material" not in {a["attribute_code"] for a in m.get_attribute_set_attributes(4)}
        assert m.delete_attribute("pm_material") is True


def test_pymagento_reads_customers_and_a_customer_uses_its_own_token(magento_url: str) -> None:
    """pymagento's customer calls (issue 15 item 1): a shopper signs up and signs in through the storefront API
    (no credentials), pymagento with the customer's token reads ``me`` and changes the password; with the
    integration token it lists customers and groups, reads one and deletes its address."""
    from magento import Magento

    rest = f"{magento_url}/rest/default/V1"
    address = {"firstname": "Grace", "lastname": "Hopper", "street": ["2 Navy Way"], "city": "Arlington",
               "region": {"region_code": "VA", "region": "Virginia", "region_id": 61}, "region_id": 61,
               "country_id": "US", "postcode": "22201", "telephone": "5550101", "default_billing": True}
    made = requests.post(f"{rest}/customers", timeout=10, json={"customer": {
        "email": "grace@example.com", "firstname": "Grace", "lastname": "Hopper", "addresses": [address]},
        "password": "Cobol-1959"})
    made.raise_for_status()
    token = requests.post(f"{rest}/integration/customer/token", timeout=10,
                          json={"username": "grace@example.com", "password": "Cobol-1959"}).json()
    with Magento(token=token, base_url=magento_url) as me:
        assert me.get_current_customer()["email"] == "grace@example.com"
        assert me.change_current_customer_password("Cobol-1959", "Fortran-1957") is True
    with Magento(token=TOKEN, base_url=magento_url) as m:
        emails = [c["email"] for c in m.get_customers()]
        assert "grace@example.com" in emails
        assert [g["code"] for g in m.get_customer_groups()] == ["NOT LOGGED IN", "General", "Wholesale", "Retailer"]
        customer = m.get_customer(made.json()["id"])
        assert customer["default_billing"] == str(customer["addresses"][0]["id"])
        assert m.delete_customer_address(customer["addresses"][0]["id"]) is True
        assert m.get_customer(customer["id"])["addresses"] == []


def test_pymagento_saves_reads_and_deletes_product_media(magento_url: str) -> None:
    """``save_product_media()`` (it answered 501): the new entry is filed as Magento's uploader files it, read back
    with its bytes (2.4.8: ``catalog.media_read_content``) and deleted; a custom option saved and removed beside it."""
    import base64

    from magento import Magento

    gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff," \
        b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    content = {"base64_encoded_data": base64.b64encode(gif).decode(), "type": "image/gif", "name": "Sock Pair.gif"}
    with Magento(token=TOKEN, base_url=magento_url) as m:
        entry_id = m.save_product_media("SOCK-3PK", {"media_type": "image", "label": "Pair", "position": 1,
                                                     "disabled": False, "types": ["image"], "content": content})
        entry = m.get_product_media("SOCK-3PK", entry_id)
        assert (entry["file"], entry["types"], entry["content"]["type"]) == ("/s/o/sock_pair.gif", ["image"],
                                                                             "image/gif")
        assert base64.b64decode(entry["content"]["base64_encoded_data"]) == gif
        assert [e["id"] for e in m.get_product("SOCK-3PK")["media_gallery_entries"]] == [entry_id]
        assert m.delete_product_media("SOCK-3PK", entry_id) is True
        assert m.get_product_medias("SOCK-3PK") == []
        option = m.post_json_api("/V1/products/options", json={"option": {
            "product_sku": "SOCK-3PK", "title": "Gift note", "type": "area", "sort_order": 1, "is_require": False,
            "price": 1, "price_type": "fixed", "max_characters": 200}})
        assert [o["title"] for o in m.get_product("SOCK-3PK")["options"]] == ["Gift note"]
        assert m.delete_json_api(f"/V1/products/SOCK-3PK/options/{option['option_id']}") is True


def test_pymagento_follows_an_order_from_checkout_to_refund(magento_url: str) -> None:
    from magento import Magento

    with Magento(token=TOKEN, base_url=magento_url) as m:
        _order_to_refund(m, magento_url)


def _order_to_refund(m: Any, magento_url: str) -> None:
    order_id = guest_order(magento_url, "CAP-NVY", 2)
    order = m.get_order(order_id)
    assert m.get_order_by_increment_id(order["increment_id"])["entity_id"] == order_id
    assert m.sku_was_bought("CAP-NVY")
    line = order["items"][0]["item_id"]
    assert m.hold_order(order_id) and m.unhold_order(order_id)
    invoice_id = int(m.create_order_invoice(order_id, notify=False))
    assert [i["entity_id"] for i in m.get_order_invoices(order_id)] == [invoice_id]
    shipment = m.ship_order(order_id, {"items": [{"order_item_id": line, "qty": 2}],
                                       "arguments": {"extension_attributes": {"source_code": "central"}}})
    assert m.get_shipment(shipment)["total_qty"] == 2
    memo = m.post_json_api(f"/V1/order/{order_id}/refund", json={
        "items": [{"order_item_id": line, "qty": 1}],
        "arguments": {"extension_attributes": {"return_to_stock_items": [line]}}})
    assert memo in [c["entity_id"] for c in m.get_credit_memos()]
    assert m.get_order(order_id)["total_refunded"] > 0


class _ToTwin(httpx.HTTPTransport):
    """Every request to the served twin, whatever host the client names."""

    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = httpx.URL(base)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme=self.base.scheme, host=self.base.host, port=self.base.port)
        return super().handle_request(request)


def test_lightspeed_x_reads_outlets_products_inventory_and_runs_a_sale_and_a_supplier_order(
        lightspeed_url: str) -> None:
    from lightspeed_x.base import LightspeedX

    ls = LightspeedX(TOKEN, "demo")
    ls._client.close()
    with httpx.Client(headers=ls._client.headers, transport=_ToTwin(lightspeed_url)) as ls._client:
        _sale_and_supplier_order(ls)


def _sale_and_supplier_order(ls: Any) -> None:
    outlets = {o["name"]: o["id"] for o in ls.get("/outlets")["data"]}
    assert set(outlets) == {"Central Store", "North Store", "Pop-up Store"}
    page = ls.get("/products", params={"page_size": 5})
    assert len(page["data"]) == 5 and page["version"]["max"] > 0
    mug = ls.get("/search", params={"type": "products", "sku": "mug-blk"})["data"][0]  # "values must be lowercased"
    levels = {r["outlet_id"]: r["inventory_level"] for r in ls.get(f"/products/{mug['id']}/inventory")["data"]}
    register, user = ls.get("/registers")["data"][0], ls.get("/users")["data"][0]
    payment = ls.get("/payment_types")["data"][0]["id"]
    sale = ls.post("/sales", api_version="2026-07", data={
        "state": "closed", "source": {"author_id": user["id"], "register_id": register["id"]},
        "line_items": [{"product": {"id": mug["id"]}, "quantity": 1, "pricing": {"price": 12},
                        "tax": {"id": ls.get("/taxes")["data"][0]["id"], "amount": 0}}],
        "payments": [{"amount": 12, "type": {"config_id": payment}}]})["data"]
    assert ls.get(f"/sales/{sale['id']}")["data"]["status"] == "CLOSED"
    outlet = register["outlet_id"]
    order = ls.post("/consignments", data={"type": "SUPPLIER", "status": "OPEN", "outlet_id": outlet,
                                           "name": "PO 1"})["data"]
    ls.post(f"/consignments/{order['id']}/products", data={"product_id": mug["id"], "count": 3, "received": 3,
                                                            "cost": 1.5})
    assert ls.get(f"/consignments/{order['id']}/totals")["data"][0]["total_received_count"] == "3.00000"
    ls.put(f"/consignments/{order['id']}", data={"status": "RECEIVED"})
    after = {r["outlet_id"]: r["inventory_level"] for r in ls.get(f"/products/{mug['id']}/inventory")["data"]}
    assert after[outlet] == levels[outlet] - 1 + 3
