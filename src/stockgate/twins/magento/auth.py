"""Who is calling: admin tokens, integration tokens (Bearer or OAuth 1.0a signed) and guests.

* Admin tokens come from ``POST /V1/integration/admin/token`` and expire after the profile's
  lifetime on the virtual clock (``auth.admin_token``); Magento_TwoFactorAuth refuses the plain
  endpoint unless the profile turns it off (``auth.two_factor``).
* Integration access tokens are accepted as Bearer only when ``auth.integration_bearer`` says so
  (off by default since 2.4.4); otherwise requests must carry a real OAuth 1.0a signature, verified
  here over the base string Magento builds (``auth.oauth1_signature``: HMAC-SHA256 only, and where its
  parameters, order and URL depart from RFC 5849); a nonce is single-use per consumer and forgotten
  after ``auth.oauth1_nonces`` (Magento's cleanup period), so the set stays bounded.
* Customer tokens come from ``POST /V1/integration/customer/token`` (``routes_customers``) and expire after
  ``auth.customer_token``'s lifetime; a customer holds only the ``self`` resource (its own ``/me`` routes).
* A caller the store does not recognise is an anonymous user, who fails the route's ACL check
  with ``auth.acl_error`` (401 "The consumer isn't authorized to access %resources.").
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from stockgate.clock import VirtualClock
from stockgate.oauth1 import METHODS, magento_base_string, magento_header, parse_header, sign
from stockgate.twins.magento.behaviour import Behaviour
from stockgate.twins.magento.errors import MagentoError
from stockgate.twins.web import Request

ALL = "all"


@dataclass(frozen=True, slots=True, kw_only=True)
class Integration:
    """An activated integration: its four OAuth credentials and granted ACL resources."""

    name: str
    consumer_key: str
    consumer_secret: str
    access_token: str
    access_token_secret: str
    resources: tuple[str, ...] = (ALL,)
    consumer_id: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Caller:
    """The authenticated caller of one request."""

    kind: str  # admin | integration | customer | guest
    name: str
    resources: tuple[str, ...] = ()
    customer_id: int | None = None  # a customer's own id (what Magento's %customer_id% becomes)

    def allowed(self, resource: str) -> bool:
        """Whether the caller holds ``resource`` (``anonymous`` routes are open to everyone)."""
        return resource == "anonymous" or ALL in self.resources or resource in self.resources


GUEST = Caller(kind="guest", name="guest")
SELF = "self"  # the ACL resource of a customer's own routes (Customer/etc/webapi.xml)


@dataclass(slots=True)
class Auth:
    """Users, integrations and issued tokens of one store."""

    behaviour: Behaviour
    clock: VirtualClock
    users: dict[str, str] = field(default_factory=dict)  # username -> password
    integrations: list[Integration] = field(default_factory=list)
    admin_tokens: dict[str, tuple[str, float]] = field(default_factory=dict)  # token -> (user, expires at)
    nonces: dict[tuple[str, str], float] = field(default_factory=dict)  # (consumer key, nonce) -> seen at
    customer_tokens: dict[str, tuple[int, float]] = field(default_factory=dict)  # token -> (customer, expires at)
    issued: int = 0  # customer tokens ever issued (each one differs)

    def admin_token(self, body: Any) -> str:
        """``POST /V1/integration/admin/token``."""
        if not isinstance(body, Mapping) or not body.get("username") or not body.get("password"):
            raise MagentoError(400, "One or more input exceptions have occurred.", errors=[
                {"message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": f}}
                for f in ("username", "password") if not isinstance(body, Mapping) or not body.get(f)])
        username, password = str(body["username"]), str(body["password"])
        if self.users.get(username) != password:
            raise self._error("auth.admin_sign_in_error")
        tfa = self.behaviour.two_factor
        if tfa["blocks_admin_token"]:
            self._two_factor_refusal(tfa)
        token = hashlib.sha256(f"admin:{username}:{len(self.admin_tokens)}".encode()).hexdigest()[:32]
        self.admin_tokens[token] = (username, self.clock.elapsed + self.behaviour.admin_token_hours * 3600)
        return token

    def issue_customer_token(self, customer_id: int, hours: float) -> str:
        """A new token for ``customer_id`` valid ``hours`` on the virtual clock (earlier ones stay valid)."""
        self.issued += 1
        token = hashlib.sha256(f"customer:{customer_id}:{self.issued}".encode()).hexdigest()[:32]
        self.customer_tokens[token] = (customer_id, self.clock.elapsed + hours * 3600)
        return token

    def revoke_customer(self, customer_id: int) -> int:
        """Forget every token of ``customer_id``; how many there were."""
        mine = [t for t, (owner, _) in self.customer_tokens.items() if owner == customer_id]
        for token in mine:
            del self.customer_tokens[token]
        return len(mine)

    def _error(self, fact: str) -> MagentoError:
        answer = self.behaviour.answers[fact]
        body = answer["body"]
        return MagentoError(answer["status"], body["message"], body.get("parameters"))

    @staticmethod
    def _two_factor_refusal(tfa: Mapping[str, Any]) -> None:
        status = tfa.get("http_status")
        if status is None:  # the profile says the status is unknown: say so rather than guess
            raise MagentoError(501, "stockgate twin: Magento_TwoFactorAuth refuses this endpoint with the message "
                               "below, but the HTTP status of that refusal is not documented (profile fact "
                               "auth.two_factor, basis unknown). Use an integration token, or serve the twin "
                               "with --profile two-factor-off. Refusal: %1", [tfa["message"]])
        raise MagentoError(int(status), tfa["message"], {tfa["parameters_key"]: []})

    def identify(self, request: Request) -> Caller:
        """The caller of ``request``; an unrecognised one is a guest (ACL decides what follows)."""
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer":
            return self._bearer(value.strip())
        if scheme.lower() == "oauth":
            rfc = self.behaviour.oauth1_signature["header"] == "rfc5849"
            return self._oauth(request, parse_header(value) if rfc else magento_header(header))
        return GUEST

    def _bearer(self, token: str) -> Caller:
        admin = self.admin_tokens.get(token)
        if admin is not None:
            user, expires = admin
            return Caller(kind="admin", name=user, resources=(ALL,)) if self.clock.elapsed < expires else GUEST
        customer = self.customer_tokens.get(token)
        if customer is not None:
            owner, expires = customer
            return Caller(kind="customer", name=f"customer {owner}", resources=(SELF,), customer_id=owner) \
                if self.clock.elapsed < expires else GUEST
        integration = next((i for i in self.integrations if hmac.compare_digest(i.access_token, token)), None)
        if integration is not None and self.behaviour.integration_bearer:
            return Caller(kind="integration", name=integration.name, resources=integration.resources)
        return GUEST

    def _oauth(self, request: Request, oauth: dict[str, str]) -> Caller:
        if not self.behaviour.oauth1_accepted:
            return GUEST
        rule = self.behaviour.oauth1_signature
        method = oauth.get("oauth_signature_method", "")
        if method not in rule["methods"]:  # Oauth::_validateProtocolParams, before the consumer is looked up
            refused = rule["method_refused"]
            raise MagentoError(int(refused["status"]), refused["body"]["message"], [method])
        integration = next((i for i in self.integrations if i.consumer_key == oauth.get("oauth_consumer_key")
                            and i.access_token == oauth.get("oauth_token")), None)
        if integration is None or method not in METHODS:
            return GUEST  # unknown credentials: anonymous, refused by the route's ACL check
        form: list[tuple[str, str]] = []
        if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            form = parse_qsl(request.body.decode("latin-1"), keep_blank_values=True)
        base = magento_base_string(request.method, request.url, protocol=oauth, query=request.query_string,
                                   form=form, rule=rule)
        expected = sign(method, base, integration.consumer_secret, integration.access_token_secret)
        if not hmac.compare_digest(expected, oauth.get("oauth_signature", "")):
            raise MagentoError(401, "The signature is invalid. Verify and try again.")
        self._use_nonce(integration, oauth.get("oauth_nonce", ""))
        return Caller(kind="integration", name=integration.name, resources=integration.resources)

    def _use_nonce(self, integration: Integration, nonce: str) -> None:
        """Forget nonces past the cleanup period, refuse a held one, hold this one (``auth.oauth1_nonces``)."""
        rule = self.behaviour.oauth1_nonces
        now = self.clock.elapsed
        cutoff = now - int(rule["kept_minutes"]) * 60
        while self.nonces:  # insertion order is arrival order: the oldest come first
            oldest = next(iter(self.nonces))
            if self.nonces[oldest] > cutoff:
                break
            del self.nonces[oldest]
        key = (integration.consumer_key, nonce)
        if key in self.nonces:
            raise MagentoError(401, rule["message"], [integration.consumer_id])
        self.nonces[key] = now

    def refuse(self, resource: str) -> MagentoError:
        """The ACL failure for ``resource`` (``auth.acl_error`` with the route's resource)."""
        answer = self.behaviour.acl_error
        return MagentoError(int(answer["status"]), answer["body"]["message"], {"resources": resource})
