"""Customer accounts, addresses, groups and customer tokens on the Magento twin (issue 15 item 1).

A customer made through ``POST /V1/customers`` (anonymous, with a password) is read, searched, saved and
deleted by an admin; signs in through ``POST /V1/integration/customer/token`` and reads and saves itself
through ``/V1/customers/me``. A customer token opens only ``self`` routes: admin routes refuse it with the
ACL 401, and ``/me`` routes called by an admin get Magento's required-``customerId`` 400 (the route's
``%customer_id%`` is null for anyone but a customer). Messages are the profile facts ``customers.accounts``
and ``auth.customer_token``; every answer is checked against its version's contract by the ``magento`` fixture.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.conftest import Checked, ok, refused

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]
PASSWORD = "Secret-pass1"
ADDRESS = {"firstname": "Ada", "lastname": "Lovelace", "street": ["1 Main St"], "city": "Springfield",
           "region": {"region_code": "IL", "region": "Illinois", "region_id": 23}, "region_id": 23,
           "country_id": "US", "postcode": "62701", "telephone": "5550100",
           "default_billing": True, "default_shipping": True}


def customer(email: str = "ada@example.com", **more: Any) -> dict[str, Any]:
    return {"customer": {"email": email, "firstname": "Ada", "lastname": "Lovelace", **more}, "password": PASSWORD}


async def call(m: Checked, method: str, path: str, status: int = 200, token: str | None = None, **kw: Any) -> Any:
    """A call as a customer (``token``) or a guest (no token); its JSON."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    r = await m.request(method, f"/rest/V1{path}", headers=headers, **kw)
    assert r.status_code == status, f"{method} {path}: {r.status_code} {r.text}"
    return r.json()


async def sign_up(m: Checked, email: str = "ada@example.com", **more: Any) -> dict[str, Any]:
    made: dict[str, Any] = await call(m, "POST", "/customers", json=customer(email, **more))
    return made


async def sign_in(m: Checked, email: str = "ada@example.com", password: str = PASSWORD) -> str:
    token = await call(m, "POST", "/integration/customer/token", json={"username": email, "password": password})
    assert isinstance(token, str) and len(token) == 32
    return token


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_signed_up_customer_is_read_searched_and_carries_its_addresses(magento: Any, version: str) -> None:
    m = magento(version)
    made = await sign_up(m, addresses=[ADDRESS])
    assert made["id"] >= 1 and made["email"] == "ada@example.com"
    assert made["group_id"] == 1 and made["website_id"] == 1 and made["store_id"] == 1
    assert made["created_in"] == "Default Store View"
    address = made["addresses"][0]
    assert made["default_billing"] == str(address["id"]) == made["default_shipping"]
    assert address["customer_id"] == made["id"] and address["default_billing"] is True
    assert "password" not in made and "password_hash" not in str(made)
    assert await ok(m, "GET", f"/customers/{made['id']}") == made
    assert await ok(m, "GET", f"/customers/addresses/{address['id']}") == address
    assert await ok(m, "GET", f"/customers/{made['id']}/billingAddress") == address
    assert await ok(m, "GET", f"/customers/{made['id']}/shippingAddress") == address
    await sign_up(m, "bob@example.com")
    found = await ok(m, "GET", "/customers/search?searchCriteria[filter_groups][0][filters][0][field]=email"
                               "&searchCriteria[filter_groups][0][filters][0][value]=bob@example.com")
    assert found["total_count"] == 1 and found["items"][0]["email"] == "bob@example.com"
    everyone = await ok(m, "GET", "/customers/search?searchCriteria[pageSize]=10")
    assert [c["email"] for c in everyone["items"]] == ["ada@example.com", "bob@example.com"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_sign_up_refusals_are_magentos(magento: Any, version: str) -> None:
    m = magento(version)
    await sign_up(m)
    taken = await call(m, "POST", "/customers", 400, json=customer())
    assert taken["message"] == "A customer with the same email address already exists in an associated website."
    short = await call(m, "POST", "/customers", 400, json={**customer("c@example.com"), "password": "Ab1"})
    assert short == {"message": "The password needs at least %1 characters. Create a new password and try again.",
                     "parameters": [8]}
    weak = await call(m, "POST", "/customers", 400, json={**customer("d@example.com"), "password": "abcdefghij"})
    assert weak["message"].startswith("Minimum of different classes of characters in password is %1.")
    assert weak["parameters"] == [3]
    assert await call(m, "POST", "/customers/isEmailAvailable", json={"customerEmail": "ada@example.com"}) is False
    assert await call(m, "POST", "/customers/isEmailAvailable", json={"customerEmail": "eve@example.com"}) is True


@pytest.mark.parametrize("version", VERSIONS)
async def test_admin_saves_and_deletes_a_customer(magento: Any, version: str) -> None:
    m = magento(version)
    made = await sign_up(m, addresses=[ADDRESS])
    saved = await ok(m, "PUT", f"/customers/{made['id']}", json={"customer": {
        **{k: v for k, v in made.items() if k not in ("updated_at",)}, "firstname": "Augusta", "group_id": 2}})
    assert saved["firstname"] == "Augusta" and saved["group_id"] == 2 and saved["email"] == made["email"]
    other = await sign_up(m, "bob@example.com")
    clash = await refused(m, "PUT", f"/customers/{other['id']}", 400, json={"customer": {
        **other, "email": "ada@example.com"}})
    assert clash["message"] == "A customer with the same email address already exists in an associated website."
    address_id = made["addresses"][0]["id"]
    assert await ok(m, "DELETE", f"/addresses/{address_id}") is True
    gone = await refused(m, "GET", f"/customers/addresses/{address_id}", 404)
    assert gone == {"message": "No such entity with %fieldName = %fieldValue",
                    "parameters": {"fieldName": "addressId", "fieldValue": address_id}}
    assert await ok(m, "DELETE", f"/customers/{made['id']}") is True
    missing = await refused(m, "GET", f"/customers/{made['id']}", 404)
    assert missing["parameters"] == {"fieldName": "customerId", "fieldValue": made["id"]}


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_customer_token_opens_self_routes_only(magento: Any, version: str) -> None:
    m = magento(version)
    made = await sign_up(m, addresses=[ADDRESS])
    token = await sign_in(m)
    me = await call(m, "GET", "/customers/me", token=token)
    assert me == made
    assert await call(m, "GET", "/customers/me/billingAddress", token=token) == made["addresses"][0]
    saved = await call(m, "PUT", "/customers/me", token=token, json={"customer": {**me, "lastname": "King",
                                                                                   "id": 999}})
    assert saved["id"] == made["id"] and saved["lastname"] == "King"  # the route forces customer.id
    denied = await call(m, "GET", f"/customers/{made['id']}", 401, token=token)
    assert denied == {"message": "The consumer isn't authorized to access %resources.",
                      "parameters": {"resources": "Magento_Customer::customer"}}
    await call(m, "GET", "/products/MUG-BLK", 401, token=token)
    await call(m, "GET", "/customers/me", 401)  # a guest
    admin = await refused(m, "GET", "/customers/me", 400)
    assert admin == {"message": '"%fieldName" is required. Enter and try again.',
                     "parameters": {"fieldName": "customerId"}}


@pytest.mark.parametrize("version", VERSIONS)
async def test_wrong_credentials_then_the_lockout(magento: Any, version: str) -> None:
    m = magento(version)
    await sign_up(m)
    for _ in range(6):
        wrong = await call(m, "POST", "/integration/customer/token", 401,
                           json={"username": "ada@example.com", "password": "nope"})
        assert wrong == {"message": "You did not sign in correctly or your account is temporarily disabled."}
    locked = await call(m, "POST", "/integration/customer/token", 401,
                        json={"username": "ada@example.com", "password": PASSWORD})
    assert locked["message"].startswith("The account sign-in was incorrect or your account is disabled temporarily.")
    m.app.twin.clock.advance(1800)
    await sign_in(m)
    empty = await call(m, "POST", "/integration/customer/token", 400, json={"username": "", "password": ""})
    assert [e["parameters"]["fieldName"] for e in empty["errors"]] == ["username", "password"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_customer_token_expires_after_an_hour(magento: Any, version: str) -> None:
    m = magento(version)
    await sign_up(m)
    token = await sign_in(m)
    m.app.twin.clock.advance(3599)
    await call(m, "GET", "/customers/me", token=token)
    m.app.twin.clock.advance(2)
    await call(m, "GET", "/customers/me", 401, token=token)


async def test_revoke_signs_the_customer_out_everywhere(magento: Any) -> None:
    m = magento("2.4.8")
    await sign_up(m)
    first, second = await sign_in(m), await sign_in(m)
    assert first != second
    assert await call(m, "POST", "/integration/customer/revoke-customer-token", token=first) is True
    await call(m, "GET", "/customers/me", 401, token=second)
    await call(m, "POST", "/integration/customer/revoke-customer-token", 401)  # a guest: ACL on "self"


async def test_revoke_is_not_routed_on_2_4_5(magento: Any) -> None:
    m = magento("2.4.5")
    await sign_up(m)
    token = await sign_in(m)
    absent = await call(m, "POST", "/integration/customer/revoke-customer-token", 404, token=token)
    assert absent["message"] == "Request does not match any route."


@pytest.mark.parametrize("version", VERSIONS)
async def test_password_change_needs_the_current_one(magento: Any, version: str) -> None:
    m = magento(version)
    await sign_up(m)
    token = await sign_in(m)
    wrong = await call(m, "PUT", "/customers/me/password", 401, token=token,
                       json={"currentPassword": "nope", "newPassword": "Other-pass2"})
    assert wrong["message"] == "The password doesn't match this account. Verify the password and try again."
    assert await call(m, "PUT", "/customers/me/password", token=token,
                      json={"currentPassword": PASSWORD, "newPassword": "Other-pass2"}) is True
    await call(m, "POST", "/integration/customer/token", 401, json={"username": "ada@example.com",
                                                                   "password": PASSWORD})
    await sign_in(m, password="Other-pass2")


@pytest.mark.parametrize("version", VERSIONS)
async def test_customer_groups_of_a_new_store(magento: Any, version: str) -> None:
    m = magento(version)
    general = await ok(m, "GET", "/customerGroups/1")
    assert general == {"id": 1, "code": "General", "tax_class_id": 3, "tax_class_name": "Retail Customer"}
    assert await ok(m, "GET", "/customerGroups/default") == general
    assert await ok(m, "GET", "/customerGroups/default/1") == general
    groups = await ok(m, "GET", "/customerGroups/search?searchCriteria[pageSize]=10")
    assert [g["code"] for g in groups["items"]] == ["NOT LOGGED IN", "General", "Wholesale", "Retailer"]
    missing = await refused(m, "GET", "/customerGroups/9", 404)
    assert missing["parameters"] == {"fieldName": "id", "fieldValue": 9}


async def test_the_password_is_kept_as_a_hash_only(magento: Any) -> None:
    m = magento("2.4.8")
    made = await sign_up(m)
    kept = m.app.twin.customers.accounts[made["id"]]
    assert PASSWORD not in repr(kept) and kept.password_hash.count(":") == 2


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_customers_order_is_found_by_customer_id_until_the_account_goes(magento: Any, version: str) -> None:
    m = magento(version)
    made = await sign_up(m)
    order = await ok(m, "POST", "/orders", json={"entity": {
        "customer_email": made["email"], "customer_id": made["id"], "customer_group_id": 1, "customer_is_guest": 0,
        "items": [{"sku": "SOCK-3PK", "qty_ordered": 1, "price": 9}]}})
    assert (order["customer_id"], order["customer_is_guest"], order["customer_group_id"]) == (made["id"], 0, 1)
    by_customer = (f"/orders?searchCriteria[filter_groups][0][filters][0][field]=customer_id"
                   f"&searchCriteria[filter_groups][0][filters][0][value]={made['id']}")
    assert [o["entity_id"] for o in (await ok(m, "GET", by_customer))["items"]] == [order["entity_id"]]
    await ok(m, "DELETE", f"/customers/{made['id']}")
    assert (await ok(m, "GET", by_customer))["total_count"] == 0  # sales_order.customer_id: ON DELETE SET NULL


async def test_a_full_journal_keeps_no_password_and_no_customer_token() -> None:
    """A scenario run's journal (bodies kept, and reports may show it) masks passwords and issued tokens."""
    import httpx

    from stockgate.twins.journal import Journal
    from stockgate.twins.magento import create_app

    app = create_app("2.4.8", "integration-bearer-on", journal=Journal.full())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://m") as client:
        await client.post("/rest/V1/customers", json=customer())
        token = (await client.post("/rest/V1/integration/customer/token",
                                   json={"username": "ada@example.com", "password": PASSWORD})).json()
        await client.put("/rest/V1/customers/me/password", headers={"Authorization": f"Bearer {token}"},
                         json={"currentPassword": PASSWORD, "newPassword": "Other-pass2"})
    kept = repr(list(app.twin.journal))
    for secret in (PASSWORD, "Other-pass2", token):
        assert secret not in kept, secret
    assert [e.status for e in app.twin.journal] == [200, 200, 200]


@pytest.mark.parametrize("version", VERSIONS)
async def test_customers_are_searched_by_entity_id_and_an_id_filter_is_refused(magento: Any, version: str) -> None:
    m = magento(version)
    await sign_up(m)
    bob = await sign_up(m, "bob@example.com")
    q = "/customers/search?searchCriteria[filter_groups][0][filters][0][field]={}" \
        "&searchCriteria[filter_groups][0][filters][0][value]={}"
    found = await ok(m, "GET", q.format("entity_id", bob["id"]))
    assert (found["total_count"], [c["email"] for c in found["items"]]) == (1, ["bob@example.com"])
    listed = await ok(m, "GET", "/customers/search?searchCriteria[sortOrders][0][field]=entity_id"
                                "&searchCriteria[sortOrders][0][direction]=DESC")
    assert [c["email"] for c in listed["items"]] == ["bob@example.com", "ada@example.com"]
    assert await refused(m, "GET", q.format("id", bob["id"]), 400) == {
        "message": 'The "%1" attribute name is invalid. Reset the name and try again.', "parameters": ["id"]}
