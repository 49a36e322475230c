r"""Customer accounts, their addresses and customer groups (issue 15 item 1).

``POST /V1/customers`` is ``AccountManagement::createAccount`` (anonymous: a storefront signs up; a caller
without ``Magento_Customer::manage`` gets the default group whatever it sent, as ``AccountManagementApi`` does);
reads, saves and deletes are ``CustomerRepository``'s; ``/V1/customers/me`` routes are the same services
with the caller's own id (``self``: a customer token; anyone else gets ``auth.customer_token``'s
``not_a_customer``). Messages and a new store's groups are the profile fact ``customers.accounts``; the
state is :mod:`stockgate.twins.magento.customers`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento.auth import SELF
from stockgate.twins.magento.customers import CUSTOMER_FIELDS, Account, address_body, customer_body, hash_password
from stockgate.twins.magento.errors import MagentoError, input_error, no_such_entity
from stockgate.twins.magento.routes_inventory import listing
from stockgate.twins.magento.search import parse as parse_criteria
from stockgate.twins.magento.stores import STORE_NAMES, Stores

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp

CUSTOMER = "Magento_Customer::customer"
MANAGE = "Magento_Customer::manage"
GROUP = "Magento_Customer::group"


def facts(call: Call) -> dict[str, Any]:
    """The profile fact ``customers.accounts``."""
    return dict(call.twin.profile.value("customers.accounts"))


def me(call: Call) -> int:
    """The caller's own customer id (``%customer_id%``); the required-field answer for anyone else."""
    if call.caller.customer_id is None:
        answer = call.twin.profile.value("auth.customer_token")["not_a_customer"]
        raise MagentoError(int(answer["status"]), answer["body"]["message"], answer["body"].get("parameters"))
    return call.caller.customer_id


def account(call: Call, customer_id: int) -> Account:
    """``CustomerRegistry::retrieve``: the 404 ``singleField('customerId')``."""
    found = call.twin.customers.accounts.get(customer_id)
    if found is None:
        raise no_such_entity("customerId", customer_id)
    return found


def body(call: Call, found: Account) -> dict[str, Any]:
    """The account as Magento answers it."""
    return customer_body(call.twin.customers, found, facts(call)["extension_attributes"])


def website_and_store(call: Call) -> tuple[int, int, str]:
    """The website id, store id and store name of the store the request addressed."""
    stores = Stores(call.twin.inventory, call.twin.profile.value("store.lists"))
    code = call.store if call.store in call.twin.inventory.stores else "default"
    return stores.website_of(code), stores.store_ids()[code], STORE_NAMES.get(code, code.title())


# --- checks ----------------------------------------------------------------------------------------
def check_password(call: Call, password: str) -> None:
    """``AccountManagement::checkPasswordStrength``: length, spaces at the ends, character classes."""
    rule = facts(call)["password"]
    if len(password) < int(rule["min_length"]):
        raise input_error(rule["too_short"], [int(rule["min_length"])])
    if password != password.strip():
        raise input_error(rule["edge_spaces"])
    classes = sum(bool(re.search(p, password)) for p in (r"\d", r"[a-z]", r"[A-Z]", r"[^a-zA-Z0-9]"))
    if classes < int(rule["character_classes"]):
        raise input_error(rule["too_few_classes"], [int(rule["character_classes"])])


def check_customer(call: Call, sent: dict[str, Any], website_id: int, customer_id: int | None) -> None:
    """The resource model's save checks: an e-mail, names, and an e-mail no other account of the website holds."""
    f = facts(call)
    if not str(sent.get("email") or "").strip():
        raise input_error(f["email_missing"])
    for key, label in (("firstname", "First Name"), ("lastname", "Last Name")):
        if not str(sent.get(key) or "").strip():
            raise input_error(f["required_value"], [label])
    if call.twin.customers.by_email(str(sent["email"]), website_id, other_than=customer_id) is not None:
        raise input_error(f["email_taken"])


def group_id(call: Call, sent: dict[str, Any], keep: int | None = None) -> int:
    """The group an account gets: the one sent (checked), the one it had, or the store's default."""
    value = sent.get("group_id")
    if value is None:
        return keep if keep is not None else int(facts(call)["default_group_id"])
    found = int(value)
    group(call, found)
    return found


def addresses(sent: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The addresses sent (None: not sent, the account keeps its own)."""
    value = sent.get("addresses")
    return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else None


# --- accounts --------------------------------------------------------------------------------------
def create(call: Call) -> dict[str, Any]:
    """``POST /V1/customers`` {customer, password?, redirectUrl?}."""
    sent, password = call.obj("customer"), call.obj().get("password")
    website_id, store_id, store_name = website_and_store(call)
    check_customer(call, sent, website_id, None)
    if password is not None:
        check_password(call, str(password))
    manager = call.caller.allowed(MANAGE)  # AccountManagementApi: only a manager may choose the group
    customers, now = call.twin.customers, call.twin.clock.magento_time()
    made = customers.add_account(
        email=str(sent["email"]).strip(), firstname=str(sent["firstname"]), lastname=str(sent["lastname"]),
        group_id=group_id(call, sent if manager else {}), website_id=website_id, store_id=store_id,
        created_in=store_name, created_at=now, updated_at=now,
        password_hash=hash_password(str(password), customers.new_salt()) if password is not None else "",
        fields={k: sent[k] for k in CUSTOMER_FIELDS if sent.get(k) is not None})
    customers.set_addresses(made, addresses(sent) or [])
    return body(call, made)


def save(call: Call, customer_id: int) -> dict[str, Any]:
    """``CustomerRepository::save`` of ``customer_id`` (the path's or the caller's id wins over the body's)."""
    found = account(call, customer_id)
    sent = call.obj("customer")
    check_customer(call, sent, found.website_id, found.id)
    found.email, found.firstname, found.lastname = str(sent["email"]).strip(), str(sent["firstname"]), \
        str(sent["lastname"])
    found.group_id = group_id(call, sent, found.group_id)
    found.fields = {k: sent[k] for k in CUSTOMER_FIELDS if sent.get(k) is not None}
    if sent.get("disable_auto_group_change") is not None:
        found.disable_auto_group_change = int(sent["disable_auto_group_change"])
    sent_addresses = addresses(sent)
    if sent_addresses is not None:
        call.twin.customers.set_addresses(found, sent_addresses)
    found.updated_at = call.twin.clock.magento_time()
    return body(call, found)


def delete(call: Call) -> bool:
    """``DELETE /V1/customers/{customerId}``: the account, its addresses and its tokens."""
    found = account(call, call.int_param("customerId"))
    call.twin.customers.delete_account(found.id)
    for order in call.twin.sales.orders.values():  # sales_order.customer_id: ON DELETE SET NULL
        if order.customer_id == found.id:
            order.customer_id = None
    if call.twin.profile.value("auth.customer_token")["delete_revokes"]:
        call.twin.auth.revoke_customer(found.id)
    return True


def search(call: Call) -> dict[str, Any]:
    """``GET /V1/customers/search``: searchCriteria over the accounts as answered."""
    refused = call.twin.profile.value("customers.search_fields")
    for group in parse_criteria(call.request.query).filter_groups:  # the EAV collection has no such attribute
        wrong = next((f["field"] for f in group if f.get("field") in refused["refused"]), None)
        if wrong is not None:
            raise input_error(refused["invalid_attribute"], [wrong])
    rows = [body(call, a) for a in sorted(call.twin.customers.accounts.values(), key=lambda a: a.id)]
    return listing(call, rows, required=True, entity="customer")


def email_available(call: Call) -> bool:
    """``POST /V1/customers/isEmailAvailable`` {customerEmail, websiteId?}: no account of the website has it."""
    sent = call.obj()
    website_id = sent.get("websiteId")
    website = int(website_id) if website_id is not None else website_and_store(call)[0]
    return call.twin.customers.by_email(str(sent.get("customerEmail") or ""), website) is None


# --- addresses ----------------------------------------------------------------------------------------
def address(call: Call) -> dict[str, Any]:
    """``GET /V1/customers/addresses/{addressId}``: the 404 ``singleField('addressId')``."""
    address_id = call.int_param("addressId")
    found = call.twin.customers.addresses.get(address_id)
    if found is None:
        raise no_such_entity("addressId", address_id)
    return address_body(found, call.twin.customers.accounts[found.customer_id])


def delete_address(call: Call) -> bool:
    """``DELETE /V1/addresses/{addressId}``."""
    address_id = call.int_param("addressId")
    if address_id not in call.twin.customers.addresses:
        raise no_such_entity("addressId", address_id)
    call.twin.customers.delete_address(address_id)
    return True


def default_address(call: Call, customer_id: int, kind: str) -> dict[str, Any] | None:
    """``getDefaultBillingAddress`` / ``getDefaultShippingAddress``: null when the account has none."""
    found = account(call, customer_id)
    address_id = found.default_billing if kind == "billing" else found.default_shipping
    if address_id is None:
        return None
    return address_body(call.twin.customers.addresses[address_id], found)


# --- groups ----------------------------------------------------------------------------------------
def group(call: Call, wanted: int) -> dict[str, Any]:
    """``GroupRepository::getById``: the 404 ``singleField('id')``."""
    found = next((g for g in facts(call)["groups"] if int(g["id"]) == wanted), None)
    if found is None:
        raise no_such_entity("id", wanted)
    return dict(found)


def default_group(call: Call) -> dict[str, Any]:
    """``GroupManagement::getDefaultGroup`` (a new store's: ``customer/create_account/default_group``)."""
    if "storeId" in call.params:
        store_id = call.int_param("storeId")
        if store_id != 0 and store_id not in Stores(call.twin.inventory, {"current_first": False}).store_ids().values():
            raise MagentoError(404, "The store that was requested wasn't found. Verify the store and try again.")
    return group(call, int(facts(call)["default_group_id"]))


def group_search(call: Call) -> dict[str, Any]:
    """``GET /V1/customerGroups/search``."""
    return listing(call, [dict(g) for g in facts(call)["groups"]], required=True, entity="customer_group")


def _default_of(kind: str, *, mine: bool) -> Callable[[Call], dict[str, Any] | None]:
    """The handler of one default-address route (the caller's own, or the path's customer)."""
    def handler(call: Call) -> dict[str, Any] | None:
        return default_address(call, me(call) if mine else call.int_param("customerId"), kind)
    return handler


def register(app: MagentoApp) -> None:
    """Add the customer, address and group routes."""
    r = app.route
    r("POST", "/V1/customers", create, resource="anonymous")
    r("GET", "/V1/customers/search", search, resource=CUSTOMER)
    r("POST", "/V1/customers/isEmailAvailable", email_available, resource="anonymous")
    r("GET", "/V1/customers/{customerId}", lambda c: body(c, account(c, c.int_param("customerId"))),
      resource=CUSTOMER)
    r("PUT", "/V1/customers/{customerId}", lambda c: save(c, c.int_param("customerId")), resource=MANAGE)
    r("DELETE", "/V1/customers/{customerId}", delete, resource=MANAGE)
    r("GET", "/V1/customers/me", lambda c: body(c, account(c, me(c))), resource=SELF)
    r("PUT", "/V1/customers/me", lambda c: save(c, me(c)), resource=SELF)
    for kind in ("billing", "shipping"):
        r("GET", f"/V1/customers/me/{kind}Address", _default_of(kind, mine=True), resource=SELF)
        r("GET", f"/V1/customers/{{customerId}}/{kind}Address", _default_of(kind, mine=False), resource=MANAGE)
    r("GET", "/V1/customers/addresses/{addressId}", address, resource=MANAGE)
    r("DELETE", "/V1/addresses/{addressId}", delete_address, resource=MANAGE)
    r("GET", "/V1/customerGroups/{id}", lambda c: group(c, c.int_param("id")), resource=GROUP)
    r("GET", "/V1/customerGroups/default", default_group, resource=GROUP)
    r("GET", "/V1/customerGroups/default/{storeId}", default_group, resource=GROUP)
    r("GET", "/V1/customerGroups/search", group_search, resource=GROUP)
