"""Named seed datasets (``demo``) and user seed files for the Lightspeed twin, loaded strictly."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from stockgate.errors import UsageError
from stockgate.twins.lightspeed.catalog import Catalog
from stockgate.twins.lightspeed.seed_catalog import SECTIONS, Keys, apply_catalog
from stockgate.twins.lightspeed.state import Image, Outlet, Product, Register, Row, Store, User
from stockgate.twins.seedfiles import gc_paused, load_seed_file

DATA = Path(__file__).parent / "data"
_S = {"type": "string"}
_STOCK = {"type": "object", "additionalProperties": {"type": "number"}}
_RELATIONS = {"brand": _S, "supplier": _S, "type": _S, "tags": {"type": "array", "items": _S}}
_PRODUCT: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["name"],
    "properties": {"name": _S, "sku": _S, "code": _S, "price": {"type": "number"}, "stock": _STOCK,
                   "options": {"type": "object"}, "supply_price": {"type": "number"}, "description": _S,
                   "supplier_code": _S, "weight": {"type": "number"}, "images": {"type": "array", "items": _S},
                   **_RELATIONS, "variants": {"type": "array", "items": {"$ref": "#/definitions/product"}}},
}
_OUTLET = {"key": _S, "name": _S, "address": _S, "suburb": _S, "city": _S, "postcode": _S, "state": _S,
           "country": _S, "time_zone": _S, "email": _S, "phone": _S, "tax": _S,
           "registers": {"type": "array", "items": _S}}
SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["seed_format", "name", "outlets"],
    "definitions": {"product": _PRODUCT},
    "properties": {
        "seed_format": {"const": 1}, "name": _S, "description": _S,
        "retailer": {"type": "object", "additionalProperties": False,
                     "properties": {"domain_prefix": _S, "name": _S}},
        **SECTIONS,
        "outlets": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["key", "name"], "properties": _OUTLET}},
        "users": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["key", "username"],
            "properties": {"key": _S, "username": _S, "display_name": _S, "account_type": _S,
                           "primary": {"type": "boolean"}, "image": {"type": "boolean"}}}},
        "tokens": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["token", "user", "bucket"],
            "properties": {"token": _S, "user": _S, "bucket": {"enum": ["application", "users"]},
                           "application": _S, "client_secret": _S}}},
        "products": {"type": "array", "items": {"$ref": "#/definitions/product"}},
        "generated": {"type": "object", "additionalProperties": False, "required": ["count"],
                      "properties": {"count": {"type": "integer", "minimum": 0}, "name": _S, "code_prefix": _S,
                                     "stock": _STOCK, **_RELATIONS}},
    },
}


def load_seed(name: str) -> dict[str, Any]:
    """Read and validate a named seed or a seed file."""
    return load_seed_file(name, DATA, "Lightspeed", SCHEMA)


def image_file(seed_text: str) -> str:
    """The CDN file name of a seeded picture: ``<sha1>.jpg`` of what it shows (stable across runs)."""
    return hashlib.sha1(seed_text.encode(), usedforsecurity=False).hexdigest() + ".jpg"


def apply_seed(data: dict[str, Any], store: Store,
               catalog: Catalog) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Load ``data`` into an empty store; returns token → (user id, bucket) and bucket → client secret.

    Without pauses for garbage collection: loading only adds objects.
    """
    with gc_paused():
        return _apply(data, store, catalog)


def _apply(data: dict[str, Any], store: Store, catalog: Catalog) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    store.retailer.update(data.get("retailer", {}))
    keys = Keys()
    apply_catalog(data, catalog, keys)
    outlets = _outlets(data, store, catalog, keys)
    users = _users(data, store)
    names = sorted({key for raw in data.get("products", []) for variant in raw.get("variants", [])
                    for key in variant.get("options", {})})
    for name in names:  # the variant attributes a family's options use must exist first
        attribute = Row(id=store.make_id("variant_attribute"))
        store.variant_attributes[attribute.id] = attribute
        store.attribute_names[attribute.id] = name
        store.touch(attribute)
    for raw in data.get("products", []):
        _product(store, raw, outlets, keys, None)
    generated = data.get("generated")
    if generated:
        for n in range(1, generated["count"] + 1):
            raw = {"name": f"{generated.get('name', 'Item')} {n:04d}",
                   "code": f"{generated.get('code_prefix', 'GEN-')}{n:04d}", "price": 5 + n % 20,
                   "stock": generated.get("stock", {}), **{k: generated[k] for k in _RELATIONS if k in generated}}
            _product(store, raw, outlets, keys, None)
    return _tokens(data, users)


def _outlets(data: dict[str, Any], store: Store, catalog: Catalog, keys: Keys) -> dict[str, str]:
    outlets: dict[str, str] = {}
    for raw in data["outlets"]:
        default = catalog.default_tax()
        tax = keys.get("taxes", raw.get("tax"), f"outlet {raw['key']!r}") or (default.id if default else "")
        row = Outlet(id=store.make_id("outlet"), name=raw["name"], default_tax_id=tax,
                     physical_address_1=raw.get("address", ""), physical_suburb=raw.get("suburb", ""),
                     physical_city=raw.get("city", ""), physical_postcode=raw.get("postcode", ""),
                     physical_state=raw.get("state", ""), physical_country_id=raw.get("country", "US"),
                     time_zone=raw.get("time_zone", "America/Chicago"), email=raw.get("email", ""),
                     phone=raw.get("phone"))
        store.outlets[row.id] = row
        store.touch(row)
        outlets[raw["key"]] = row.id
        for name in raw.get("registers", []):
            reg = Register(id=store.make_id("register"), name=name, outlet_id=row.id,
                           invoice_prefix=raw["key"][:3].upper() + "-", opened_at=row.created_at,
                           open_sequence_id=store.make_id("register_open"))
            store.registers[reg.id] = reg
            store.touch(reg)
    return outlets


def _users(data: dict[str, Any], store: Store) -> dict[str, str]:
    users: dict[str, str] = {}
    for raw in data.get("users", []):
        person = User(id=store.make_id("user"), username=raw["username"],
                      display_name=raw.get("display_name", raw["username"]),
                      account_type=raw.get("account_type", "cashier"), is_primary_user=raw.get("primary", False),
                      email=raw["username"] if "@" in raw["username"] else None,
                      image=image_file(raw["username"]) if raw.get("image") else None)
        store.users[person.id] = person
        store.touch(person)
        users[raw["key"]] = person.id
    return users


def _tokens(data: dict[str, Any], users: dict[str, str]) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    tokens, secrets = {}, {}
    for raw in data.get("tokens", []):
        bucket = f"application:{raw.get('application', raw['token'])}" if raw["bucket"] == "application" else "users"
        tokens[raw["token"]] = (users.get(raw["user"], raw["user"]), bucket)
        if raw.get("client_secret"):
            secrets[bucket] = raw["client_secret"]
    return tokens, secrets


def _relations(row: Product, raw: dict[str, Any], keys: Keys, parent: Product | None) -> None:
    """Brand, supplier, type and tags: the product's own, else its family parent's."""
    owner = f"product {raw['name']!r}"
    row.brand_id = keys.get("brands", raw.get("brand"), owner) or (parent.brand_id if parent else None)
    row.supplier_id = keys.get("suppliers", raw.get("supplier"), owner) or (parent.supplier_id if parent else None)
    row.product_type_id = keys.get("product_types", raw.get("type"), owner) or (
        parent.product_type_id if parent else None)
    tags = [keys.get("tags", t, owner) or "" for t in raw.get("tags", [])]
    row.tag_ids = tags or (list(parent.tag_ids) if parent else [])


def _attribute_id(store: Store, name: str) -> str:
    return next(i for i, n in store.attribute_names.items() if n == name)


def _product(store: Store, raw: dict[str, Any], outlets: dict[str, str], keys: Keys,
             parent: Product | None) -> Product:
    sku = raw.get("sku") or store.next_sku()  # omitted SKUs come from the retailer's sequence
    handle = (parent.handle if parent else raw["name"].lower().replace(" ", "-").replace(",", ""))
    row = Product(id=store.make_id("product"), name=raw["name"], handle=handle, sku=sku,
                  price_excluding_tax=float(raw.get("price", parent.price_excluding_tax if parent else 0)),
                  supply_price=float(raw.get("supply_price", parent.supply_price if parent else 0)),
                  variant_parent_id=parent.id if parent else None, variant_name=raw["name"],
                  variant_options=[{"id": _attribute_id(store, k), "name": k, "value": str(v)}
                                   for k, v in raw.get("options", {}).items()],
                  product_codes=[{"type": "CUSTOM", "code": raw["code"]}] if raw.get("code") else [],
                  description=raw.get("description", parent.description if parent else None),
                  supplier_code=raw.get("supplier_code"), weight=raw.get("weight"))
    _relations(row, raw, keys, parent)
    row.images = [Image(id=store.make_id("product_image"), file=image_file(shown)) for shown in raw.get("images", [])]
    row.family_id = parent.id if parent else row.id
    store.products[row.id] = row
    store.touch(row)
    for image in row.images:
        image.version = row.version
    for key, qty in raw.get("stock", {}).items():
        if key not in outlets:
            raise UsageError(f"seed product {raw['name']!r} stocks unknown outlet {key!r}; "
                             f"outlets: {', '.join(outlets)}")
        store.set_level(row.id, outlets[key], qty)
    for child in raw.get("variants", []):
        _product(store, child, outlets, keys, row)
    if raw.get("variants"):
        row.has_inventory = False  # stock lives on the variants
    return row
