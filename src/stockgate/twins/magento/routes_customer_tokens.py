"""Customer tokens and a customer's own password (issue 15 item 1).

``POST /V1/integration/customer/token`` is ``CustomerTokenService::createCustomerAccessToken``: the
credentials' required errors, then the throttle (``auth.customer_token`` lockout: refused before the
password is even checked), then any failed sign-in becomes one message and one more failure; the token
answers as a JSON string and lasts ``lifetime_hours`` on the virtual clock.
``POST /V1/integration/customer/revoke-customer-token`` (contracts from 2.4.6) is the caller's own
(``self``): every token of that customer goes. ``PUT /V1/customers/me/password`` checks the current
password (``customers.accounts`` wrong_password, a 401) and the new one's strength.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento.auth import SELF
from stockgate.twins.magento.customers import hash_password, password_matches
from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.routes_customers import account, check_password, facts, me, website_and_store
from stockgate.twins.web import Response

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp

REQUIRED = '"%fieldName" is required. Enter and try again.'


def token_facts(call: Call) -> dict[str, Any]:
    """The profile fact ``auth.customer_token``."""
    return dict(call.twin.profile.value("auth.customer_token"))


def _credentials(body: Any) -> tuple[str, str]:
    """``CredentialsValidator::validate``: both present, or one 400 listing what is missing."""
    missing = [f for f in ("username", "password") if not isinstance(body, Mapping) or not body.get(f)]
    if missing:
        raise MagentoError(400, "One or more input exceptions have occurred.",
                           errors=[{"message": REQUIRED, "parameters": {"fieldName": f}} for f in missing])
    return str(body["username"]), str(body["password"])


def create_token(call: Call) -> str:
    """``POST /V1/integration/customer/token`` {username, password}."""
    username, password = _credentials(call.body())
    f, customers, now = token_facts(call), call.twin.customers, call.twin.clock.elapsed
    lock = f["lockout"]
    if customers.failures_of(username, now) >= int(lock["max_failures"]):
        raise MagentoError(int(lock["status"]), lock["message"])
    found = customers.by_email(username, website_and_store(call)[0])
    if found is None or not found.password_hash or not password_matches(found.password_hash, password):
        customers.fail(username, now, int(lock["lock_seconds"]))
        refusal = f["sign_in_error"]
        raise MagentoError(int(refusal["status"]), refusal["body"]["message"])
    customers.signed_in(username)
    return call.twin.auth.issue_customer_token(found.id, float(f["lifetime_hours"]))


def revoke_token(call: Call) -> bool | Response:
    """``POST /V1/integration/customer/revoke-customer-token``: every token of the caller goes."""
    if f"{call.request.method} {call.template}" not in call.twin.contract.operations:
        answer = call.twin.profile.value("routing.precedence")["no_route"]  # not routed before 2.4.6
        return Response(status=int(answer["status"]), body=dict(answer["body"]))
    if call.twin.auth.revoke_customer(me(call)) == 0:
        raise input_error(token_facts(call)["no_tokens"])
    return True


def change_password(call: Call) -> bool:
    """``PUT /V1/customers/me/password`` {currentPassword, newPassword}."""
    found = account(call, me(call))
    sent = call.obj()
    current, new = sent.get("currentPassword"), sent.get("newPassword")
    if not isinstance(current, str) or not password_matches(found.password_hash or "::", current):
        raise MagentoError(401, facts(call)["wrong_password"])
    check_password(call, str(new or ""))
    found.password_hash = hash_password(str(new), call.twin.customers.new_salt())
    found.updated_at = call.twin.clock.magento_time()
    return True


def register(app: MagentoApp) -> None:
    """Add the customer token and password routes."""
    app.route("POST", "/V1/integration/customer/token", create_token, resource="anonymous")
    app.route("POST", "/V1/integration/customer/revoke-customer-token", revoke_token, resource=SELF)
    app.route("PUT", "/V1/customers/me/password", change_password, resource=SELF)
