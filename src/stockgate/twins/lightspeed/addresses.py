"""Customer addresses (date versions): ``/customers/{customer_id}/addresses``, as the 2026-01+ documents define them.

The documents' validation rules are kept as they state them: ``country_code`` a valid ISO 3166-1
alpha-2 code, ``state_code`` required (and valid) for US and CA, ``postcode`` required, ``type``
BILLING or SHIPPING, ``address_line_1`` (≤ 50), ``city`` (≤ 28) required, ``state`` ≤ 35,
``address_line_2`` ≤ 50. What makes a postcode "valid format for the country" is not published:
the twin only requires one (profile fact ``customers.addresses``). ``country_name`` is the ISO
short name of the code (the documents' example: NZ → "New Zealand").
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stockgate.twins.lightspeed.errors import LightspeedError

_DATA = Path(__file__).parent / "data" / "countries.json"
FIELDS = ("address_line_1", "address_line_2", "city", "country_code", "postcode", "state", "state_code", "suburb",
          "type")
REQUIRED = ("address_line_1", "city", "postcode", "country_code", "type")
MAX_LENGTH = {"address_line_1": 50, "address_line_2": 50, "city": 28, "state": 35}
TYPES = ("BILLING", "SHIPPING")
FIRST_ID = 123_456_789  # addresses have int64 ids (the documents' example id)


@dataclass(slots=True, kw_only=True)
class Address:
    """One address of a customer (hard-deleted: the documents give it no ``deleted_at``)."""

    id: int
    customer_id: str
    fields: dict[str, str | None]
    created_at: str
    updated_at: str


@functools.cache
def _countries() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_DATA.read_text(encoding="utf-8"))
    return data


def country_name(code: str) -> str:
    """The ISO 3166-1 short name of ``code``."""
    return str(_countries()["countries"][code])


def _refuse(message: str) -> LightspeedError:
    return LightspeedError(400, message)


def checked(raw: dict[str, Any]) -> dict[str, str | None]:
    """The address fields of ``raw`` after the documented validation rules (400 naming the first broken one)."""
    values: dict[str, str | None] = {}
    for key in FIELDS:
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise _refuse(f"{key} must be a string")
        values[key] = value.strip() if isinstance(value, str) else None
    for key in REQUIRED:
        if not values[key]:
            raise _refuse(f"{key} is required")
    for key, limit in MAX_LENGTH.items():
        if len(values[key] or "") > limit:
            raise _refuse(f"{key} may be at most {limit} characters")
    code = str(values["country_code"]).upper()
    if code not in _countries()["countries"]:
        raise _refuse(f"country_code {values['country_code']} is not an ISO 3166-1 alpha-2 country code")
    values["country_code"] = code
    if values["type"] not in TYPES:
        raise _refuse("type must be BILLING or SHIPPING")
    states = _countries()["subdivisions"].get(code)
    if states is not None:
        if not values["state_code"]:
            raise _refuse(f"state_code is required for {code}")
        if values["state_code"].upper() not in states:
            raise _refuse(f"state_code {values['state_code']} is not a state or province of {code}")
        values["state_code"] = values["state_code"].upper()
    return values


def render(row: Address, *, created: bool = False) -> dict[str, Any]:
    """``CustomerAddress`` (and, when just created, the ``id_token`` a sale names it by)."""
    body: dict[str, Any] = {"id": row.id, "customer_id": row.customer_id, **row.fields,
                            "country_name": country_name(str(row.fields["country_code"])),
                            "created_at": row.created_at, "updated_at": row.updated_at}
    if created:
        body["id_token"] = hashlib.sha256(f"address-{row.id}".encode()).hexdigest()[:24]
    return body
