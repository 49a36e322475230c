"""Named seed datasets (``demo``) and user seed files, loaded strictly into a twin's state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stockgate.twins.magento.auth import ALL, Auth, Integration
from stockgate.twins.magento.state import Inventory, Product
from stockgate.twins.seedfiles import load_seed_file

DATA = Path(__file__).parent / "data"

_STOCK = {"type": "object", "additionalProperties": {"type": "number"}}
_PRODUCT = {
    "type": "object", "additionalProperties": False, "required": ["sku", "name"],
    "properties": {
        "sku": {"type": "string", "minLength": 1}, "name": {"type": "string"},
        "type": {"enum": ["simple", "virtual", "configurable"]}, "price": {"type": "number"},
        "min_qty": {"type": "number"}, "attributes": {"type": "object"},
        "configurable_attributes": {"type": "array", "items": {"type": "string"}},
        "children": {"type": "array", "items": {"$ref": "#/definitions/product"}}, "stock": _STOCK,
    },
}
SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["seed_format", "name"],
    "definitions": {"product": _PRODUCT},
    "properties": {
        "seed_format": {"const": 1}, "name": {"type": "string"}, "description": {"type": "string"},
        "stores": {"type": "object", "additionalProperties": {"type": "string"}},
        "attributes": {"type": "object", "additionalProperties": {"type": "integer"}},
        "sources": {"type": "array", "items": {"type": "object", "required": ["source_code", "name"]}},
        "stocks": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["name"],
            "properties": {"stock_id": {"type": "integer"}, "name": {"type": "string"},
                           "websites": {"type": "array", "items": {"type": "string"}},
                           "sources": {"type": "array", "items": {"type": "string"}}}}},
        "products": {"type": "array", "items": {"$ref": "#/definitions/product"}},
        "users": {"type": "object", "additionalProperties": {"type": "string"}},
        "integrations": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["name", "consumer_key", "consumer_secret", "access_token", "access_token_secret"],
            "properties": {k: {"type": "string"} for k in
                           ("name", "consumer_key", "consumer_secret", "access_token", "access_token_secret")}
            | {"resources": {"type": "array", "items": {"type": "string"}}}}},
    },
}


def load_seed(name: str) -> dict[str, Any]:
    """Read and validate a named seed or a seed file."""
    return load_seed_file(name, DATA, "Magento", SCHEMA)


def apply_seed(data: dict[str, Any], inventory: Inventory, auth: Auth, now: str) -> None:
    """Load ``data`` into an empty store."""
    inventory.stores.update(data.get("stores", {}))
    for website in inventory.stores.values():
        inventory.websites.setdefault(website, len(inventory.websites) + 1)
    inventory.attribute_ids.update(data.get("attributes", {}))
    for source in data.get("sources", []):
        inventory.add_source(dict(source))
    for stock in data.get("stocks", []):
        channels = [{"type": "website", "code": w} for w in stock.get("websites", [])]
        sid = inventory.add_stock({"name": stock["name"], "sales_channels": channels}, stock.get("stock_id"))
        for priority, code in enumerate(stock.get("sources", []), start=1):
            inventory.link(sid, code, priority)
    for raw in data.get("products", []):
        _product(inventory, raw, now)
    auth.users.update(data.get("users", {}))
    for raw in data.get("integrations", []):
        auth.integrations.append(Integration(**{**raw, "resources": tuple(raw.get("resources", [ALL]))},
                                             consumer_id=len(auth.integrations) + 1))


def _product(inventory: Inventory, raw: dict[str, Any], now: str) -> Product:
    children = [_product(inventory, child, now) for child in raw.get("children", [])]
    product = inventory.add_product(Product(
        id=0, sku=raw["sku"], name=raw["name"], type_id=raw.get("type", "configurable" if children else "simple"),
        price=float(raw.get("price", 0)), min_qty=float(raw.get("min_qty", 0)),
        attributes=dict(raw.get("attributes", {})),
        configurable_attributes=list(raw.get("configurable_attributes", [])), children=[c.sku for c in children],
        created_at=now, updated_at=now))
    for code, qty in raw.get("stock", {}).items():
        inventory.set_source_item(product.sku, code, qty, 1 if qty > 0 else 0)
    for child in children:
        child.visibility = 1  # children of a configurable are "Not Visible Individually"
        child.price = child.price or product.price
    return product
