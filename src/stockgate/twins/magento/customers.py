r"""Customer accounts, their addresses and the customer groups of a new store (pure, no HTTP).

Passwords are never kept: an account holds Magento's ``hash:salt:version`` form (here SHA-256 over salt and
password, Magento's version 1; a real 2.4 store hashes with Argon2id when libsodium is there, which a client
never sees), so nothing a cassette or report could carry holds a customer's password. Sign-in failures are
counted per e-mail as ``Integration\Model\Oauth\Token\RequestThrottler`` counts them: each failure extends
the lock window, the count only holds while that window is open, and a success clears it
(``auth.customer_token``).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any

# the address fields an answer carries when they hold a value (customer-data-address-interface)
ADDRESS_FIELDS = ("region", "region_id", "country_id", "street", "company", "telephone", "fax", "postcode", "city",
                  "firstname", "lastname", "middlename", "prefix", "suffix", "vat_id", "custom_attributes")
# the customer fields kept as sent when they hold a value (customer-data-customer-interface)
CUSTOMER_FIELDS = ("confirmation", "dob", "middlename", "prefix", "suffix", "gender", "taxvat", "custom_attributes")


def hash_password(password: str, salt: str) -> str:
    """``hash:salt:1``: what an account keeps instead of its password."""
    return f"{hashlib.sha256((salt + password).encode()).hexdigest()}:{salt}:1"


def password_matches(kept: str, password: str) -> bool:
    """Whether ``password`` is the one ``kept`` was made from."""
    salt = kept.split(":")[1]
    return hmac.compare_digest(kept, hash_password(password, salt))


@dataclass(slots=True, kw_only=True)
class Address:
    """One customer address; ``fields`` holds what was sent (no nulls)."""

    id: int
    customer_id: int
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Account:
    """One customer account (its password only as a hash)."""

    id: int
    email: str
    firstname: str
    lastname: str
    group_id: int
    website_id: int
    store_id: int
    created_in: str
    created_at: str
    updated_at: str
    password_hash: str = field(default="", repr=False)
    fields: dict[str, Any] = field(default_factory=dict)
    addresses: list[int] = field(default_factory=list)
    default_billing: int | None = None
    default_shipping: int | None = None
    disable_auto_group_change: int = 0


@dataclass(slots=True)
class Customers:
    """Every account and address of one store, and the sign-in failure counts."""

    accounts: dict[int, Account] = field(default_factory=dict)
    addresses: dict[int, Address] = field(default_factory=dict)
    failures: dict[str, tuple[int, float]] = field(default_factory=dict)  # email -> (count, lock open until)
    next_account: int = 1
    next_address: int = 1
    salts: int = 0

    def by_email(self, email: str, website_id: int, *, other_than: int | None = None) -> Account | None:
        """The account of ``email`` on ``website_id`` (Magento compares e-mails case-insensitively)."""
        wanted = email.strip().casefold()
        return next((a for a in self.accounts.values() if a.email.casefold() == wanted
                     and a.website_id == website_id and a.id != other_than), None)

    def new_salt(self) -> str:
        """A fresh salt per hash (deterministic, so a twin replays alike)."""
        self.salts += 1
        return hashlib.sha256(f"salt:{self.salts}".encode()).hexdigest()[:32]

    def add_account(self, **values: Any) -> Account:
        """A new account with the next id."""
        account = Account(id=self.next_account, **values)
        self.accounts[account.id] = account
        self.next_account += 1
        return account

    def set_addresses(self, account: Account, sent: list[dict[str, Any]]) -> None:
        """Replace the account's addresses with ``sent`` (ids it already holds are kept, the rest are new)."""
        keep: list[int] = []
        account.default_billing = account.default_shipping = None
        for body in sent:
            address_id = body.get("id")
            if not isinstance(address_id, int) or address_id not in account.addresses:
                address_id = self.next_address
                self.next_address += 1
            self.addresses[address_id] = Address(id=address_id, customer_id=account.id, fields={
                k: body[k] for k in ADDRESS_FIELDS if body.get(k) is not None})
            keep.append(address_id)
            if body.get("default_billing"):
                account.default_billing = address_id
            if body.get("default_shipping"):
                account.default_shipping = address_id
        for gone in set(account.addresses) - set(keep):
            self.addresses.pop(gone, None)
        account.addresses = keep

    def delete_address(self, address_id: int) -> None:
        """Remove one address (and its account's default marks)."""
        address = self.addresses.pop(address_id)
        account = self.accounts.get(address.customer_id)
        if account is not None:
            account.addresses = [a for a in account.addresses if a != address_id]
            if account.default_billing == address_id:
                account.default_billing = None
            if account.default_shipping == address_id:
                account.default_shipping = None

    def delete_account(self, customer_id: int) -> None:
        """Remove an account and its addresses."""
        account = self.accounts.pop(customer_id)
        for address_id in account.addresses:
            self.addresses.pop(address_id, None)

    def failures_of(self, email: str, now: float) -> int:
        """Failed sign-ins of ``email`` while its lock window is open."""
        count, until = self.failures.get(email.casefold(), (0, 0.0))
        return count if until > now else 0

    def fail(self, email: str, now: float, lock_seconds: int) -> None:
        """One more failure; the window stays open ``lock_seconds`` from now."""
        self.failures[email.casefold()] = (self.failures_of(email, now) + 1, now + lock_seconds)

    def signed_in(self, email: str) -> None:
        """A success clears the count."""
        self.failures.pop(email.casefold(), None)


def address_body(address: Address, account: Account) -> dict[str, Any]:
    """``customer-data-address-interface`` as Magento answers it (no nulls; default marks only when true)."""
    body: dict[str, Any] = {"id": address.id, "customer_id": address.customer_id, **address.fields}
    if account.default_shipping == address.id:
        body["default_shipping"] = True
    if account.default_billing == address.id:
        body["default_billing"] = True
    return body


def customer_body(customers: Customers, account: Account, extension: dict[str, Any]) -> dict[str, Any]:
    """``customer-data-customer-interface`` as Magento answers it (no nulls; default ids as strings)."""
    body: dict[str, Any] = {"id": account.id, "group_id": account.group_id}
    if account.default_billing is not None:
        body["default_billing"] = str(account.default_billing)
    if account.default_shipping is not None:
        body["default_shipping"] = str(account.default_shipping)
    body.update({"created_at": account.created_at, "updated_at": account.updated_at,
                 "created_in": account.created_in, "email": account.email, "firstname": account.firstname,
                 "lastname": account.lastname, **account.fields, "store_id": account.store_id,
                 "website_id": account.website_id,
                 "addresses": [address_body(customers.addresses[a], account) for a in account.addresses],
                 "disable_auto_group_change": account.disable_auto_group_change,
                 "extension_attributes": dict(extension)})
    return body
