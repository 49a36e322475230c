"""Seed sections for a retailer's reference data (taxes, payment types, product types, suppliers, ...).

Brands, tags, customer groups and customers too. Rows are named by ``key`` in the seed; products
and outlets refer to them by key, and the store by id.
"""

from __future__ import annotations

from typing import Any

from stockgate.errors import UsageError
from stockgate.twins.lightspeed.catalog import (
    CUSTOMER_TEXT,
    SUPPLIER_CONTACT,
    Catalog,
    Customer,
    Named,
    PaymentType,
    Supplier,
    Tax,
    TaxRate,
)

_S = {"type": "string"}
_KEYED = {"key": _S, "name": _S}


def _rows(extra: dict[str, Any], required: tuple[str, ...] = ("key", "name")) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "object", "additionalProperties": False, "required": list(required),
                                       "properties": {**_KEYED, **extra}}}


SECTIONS: dict[str, Any] = {
    "taxes": _rows({"rate": {"type": "number", "minimum": 0}, "default": {"type": "boolean"},
                    "rates": {"type": "array", "items": {"type": "object", "additionalProperties": False,
                                                         "required": ["name", "rate"],
                                                         "properties": {"name": _S, "rate": {"type": "number"}}}}}),
    "payment_types": _rows({"type_id": {"type": "integer"}, "config": {"type": "object"}}),
    "product_types": _rows({}),
    "suppliers": _rows({"description": _S, "markup": {"type": "number"},
                        "contact": {"type": "object", "additionalProperties": False,
                                    "properties": dict.fromkeys(SUPPLIER_CONTACT, _S)}}),
    "brands": _rows({"description": _S}),
    "tags": _rows({}),
    "customer_groups": _rows({"group_id": _S}),
    "customers": _rows({"first_name": _S, "last_name": _S, "default": {"type": "boolean"}, "group": _S,
                        **{k: _S for k in CUSTOMER_TEXT if k != "tax_id"}}, required=("key",)),
}


class Keys:
    """Seed keys → store ids, per section; an unknown key is one clear error."""

    def __init__(self) -> None:
        """Nothing named yet."""
        self.tables: dict[str, dict[str, str]] = {}

    def put(self, section: str, key: str, row_id: str) -> None:
        """Name ``row_id`` ``key`` in ``section``."""
        self.tables.setdefault(section, {})[key] = row_id

    def get(self, section: str, key: str | None, owner: str) -> str | None:
        """The id of ``key`` (None for no key)."""
        if key is None:
            return None
        table = self.tables.get(section, {})
        if key not in table:
            raise UsageError(f"seed {owner} names unknown {section} {key!r}; {section}: {', '.join(table) or 'none'}")
        return table[key]


BASICS: dict[str, list[dict[str, Any]]] = {  # what every retailer has, for a seed that leaves a section out
    "taxes": [{"key": "no-tax", "name": "No Tax", "rate": 0, "default": True}],
    "payment_types": [{"key": "cash", "name": "Cash", "type_id": 1}],
    "customer_groups": [{"key": "all", "name": "All Customers", "group_id": "1111111111"}],
    "customers": [{"key": "walk-in", "default": True}],
}


def apply_catalog(data: dict[str, Any], catalog: Catalog, keys: Keys) -> None:
    """Load the reference-data sections of ``data`` (taxes first: outlets and sales name them)."""
    store = catalog.store
    data = {**BASICS, **{k: v for k, v in data.items() if v}}
    if not any(c.get("default") for c in data["customers"]):
        data["customers"] = [*BASICS["customers"], *data["customers"]]
    for raw in data.get("taxes", []):
        parts = raw.get("rates") or [{"name": raw["name"], "rate": raw.get("rate", 0)}]
        rates = [TaxRate(id=store.make_id("tax_rate"), name=p["name"], rate=float(p["rate"])) for p in parts]
        tax = catalog.add(catalog.taxes, Tax(id=store.make_id("tax"), name=raw["name"], rates=rates,
                                             is_default=bool(raw.get("default"))))
        keys.put("taxes", raw["key"], tax.id)
    for raw in data.get("payment_types", []):
        kind = PaymentType(id=store.make_id("payment_type"), name=raw["name"], type_id=int(raw.get("type_id", 1)),
                           config=raw.get("config"))
        keys.put("payment_types", raw["key"], catalog.add(catalog.payment_types, kind).id)
    for section, table in (("product_types", catalog.product_types), ("brands", catalog.brands),
                           ("tags", catalog.tags), ("customer_groups", catalog.customer_groups)):
        for raw in data.get(section, []):
            row = Named(id=store.make_id(section[:-1]), name=raw["name"],
                        description=raw.get("description", raw.get("group_id")))
            keys.put(section, raw["key"], catalog.add(table, row).id)
    for raw in data.get("suppliers", []):
        contact = {k: raw.get("contact", {}).get(k) for k in SUPPLIER_CONTACT}
        supplier = Supplier(id=store.make_id("supplier"), name=raw["name"], description=raw.get("description"),
                            default_markup=float(raw.get("markup", 0)), contact=contact)
        keys.put("suppliers", raw["key"], catalog.add(catalog.suppliers, supplier).id)
    for raw in data.get("customers", []):
        _customer(raw, catalog, keys)


def _customer(raw: dict[str, Any], catalog: Catalog, keys: Keys) -> None:
    store = catalog.store
    row_id = store.default_customer_id if raw.get("default") else store.make_id("customer")
    group = keys.get("customer_groups", raw.get("group"), f"customer {raw['key']!r}") or catalog.default_group().id
    person = Customer(id=row_id, first_name=raw.get("first_name"), last_name=raw.get("last_name"),
                      customer_code="", customer_group_id=group,
                      text={k: raw.get(k) for k in CUSTOMER_TEXT})
    person.customer_code = catalog.customer_code(person.first_name, person.id)
    keys.put("customers", raw["key"], catalog.add(catalog.customers, person).id)
