"""Named seed datasets (``demo``) and user seed files for the Lightspeed twin, loaded strictly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stockgate.errors import UsageError
from stockgate.twins.lightspeed.state import Outlet, Product, Register, Row, Store, User
from stockgate.twins.seedfiles import load_seed_file

DATA = Path(__file__).parent / "data"
_STOCK = {"type": "object", "additionalProperties": {"type": "number"}}
_PRODUCT: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["name"],
    "properties": {"name": {"type": "string"}, "sku": {"type": "string"}, "code": {"type": "string"},
                   "price": {"type": "number"}, "stock": _STOCK, "options": {"type": "object"},
                   "variants": {"type": "array", "items": {"$ref": "#/definitions/product"}}},
}
SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["seed_format", "name", "outlets"],
    "definitions": {"product": _PRODUCT},
    "properties": {
        "seed_format": {"const": 1}, "name": {"type": "string"}, "description": {"type": "string"},
        "retailer": {"type": "object", "additionalProperties": False,
                     "properties": {"domain_prefix": {"type": "string"}, "name": {"type": "string"}}},
        "outlets": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["key", "name"],
            "properties": {"key": {"type": "string"}, "name": {"type": "string"}, "city": {"type": "string"},
                           "postcode": {"type": "string"},
                           "registers": {"type": "array", "items": {"type": "string"}}}}},
        "users": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["key", "username"],
            "properties": {"key": {"type": "string"}, "username": {"type": "string"},
                           "account_type": {"type": "string"}, "primary": {"type": "boolean"}}}},
        "tokens": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["token", "user", "bucket"],
            "properties": {"token": {"type": "string"}, "user": {"type": "string"},
                           "bucket": {"enum": ["application", "users"]}, "application": {"type": "string"},
                           "client_secret": {"type": "string"}}}},
        "products": {"type": "array", "items": {"$ref": "#/definitions/product"}},
        "generated": {"type": "object", "additionalProperties": False, "required": ["count"],
                      "properties": {"count": {"type": "integer", "minimum": 0}, "name": {"type": "string"},
                                     "code_prefix": {"type": "string"}, "stock": _STOCK}},
    },
}


def load_seed(name: str) -> dict[str, Any]:
    """Read and validate a named seed or a seed file."""
    return load_seed_file(name, DATA, "Lightspeed", SCHEMA)


def apply_seed(data: dict[str, Any], store: Store) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Load ``data`` into an empty store; returns token → (user id, bucket) and bucket → client secret."""
    store.retailer.update(data.get("retailer", {}))
    outlets: dict[str, str] = {}
    for raw in data["outlets"]:
        row = Outlet(id=store.make_id("outlet"), name=raw["name"], physical_city=raw.get("city", ""),
                     physical_postcode=raw.get("postcode", ""))
        store.outlets[row.id] = row
        store.touch(row)
        outlets[raw["key"]] = row.id
        for name in raw.get("registers", []):
            reg = Register(id=store.make_id("register"), name=name, outlet_id=row.id,
                           invoice_prefix=raw["key"][:3].upper() + "-")
            store.registers[reg.id] = reg
            store.touch(reg)
    users: dict[str, str] = {}
    for raw in data.get("users", []):
        person = User(id=store.make_id("user"), username=raw["username"], display_name=raw["username"],
                      account_type=raw.get("account_type", "cashier"), is_primary_user=raw.get("primary", False))
        store.users[person.id] = person
        store.touch(person)
        users[raw["key"]] = person.id
    names = sorted({key for raw in data.get("products", []) for variant in raw.get("variants", [])
                    for key in variant.get("options", {})})
    for name in names:  # the variant attributes a family's options use must exist first
        attribute = Row(id=store.make_id("variant_attribute"))
        store.variant_attributes[attribute.id] = attribute
        store.attribute_names[attribute.id] = name
        store.touch(attribute)
    for raw in data.get("products", []):
        _product(store, raw, outlets, None)
    generated = data.get("generated")
    if generated:
        for n in range(1, generated["count"] + 1):
            raw = {"name": f"{generated.get('name', 'Item')} {n:04d}",
                   "code": f"{generated.get('code_prefix', 'GEN-')}{n:04d}", "price": 5 + n % 20,
                   "stock": generated.get("stock", {})}
            _product(store, raw, outlets, None)
    tokens, secrets = {}, {}
    for raw in data.get("tokens", []):
        bucket = f"application:{raw.get('application', raw['token'])}" if raw["bucket"] == "application" else "users"
        tokens[raw["token"]] = (users.get(raw["user"], raw["user"]), bucket)
        if raw.get("client_secret"):
            secrets[bucket] = raw["client_secret"]
    return tokens, secrets


def _product(store: Store, raw: dict[str, Any], outlets: dict[str, str], parent: Product | None) -> Product:
    sku = raw.get("sku") or store.next_sku()  # omitted SKUs come from the retailer's sequence
    handle = (parent.handle if parent else raw["name"].lower().replace(" ", "-").replace(",", ""))
    row = Product(id=store.make_id("product"), name=raw["name"], handle=handle, sku=sku,
                  price_excluding_tax=float(raw.get("price", parent.price_excluding_tax if parent else 0)),
                  variant_parent_id=parent.id if parent else None,
                  variant_name=raw["name"],
                  variant_options=[{"name": k, "value": str(v)} for k, v in raw.get("options", {}).items()],
                  product_codes=[{"type": "CUSTOM", "code": raw["code"]}] if raw.get("code") else [])
    row.family_id = parent.id if parent else row.id
    store.products[row.id] = row
    store.touch(row)
    for key, qty in raw.get("stock", {}).items():
        if key not in outlets:
            raise UsageError(f"seed product {raw['name']!r} stocks unknown outlet {key!r}; "
                             f"outlets: {', '.join(outlets)}")
        store.set_level(row.id, outlets[key], qty)
    for child in raw.get("variants", []):
        _product(store, child, outlets, row)
    if raw.get("variants"):
        row.has_inventory = False  # stock lives on the variants
    return row
