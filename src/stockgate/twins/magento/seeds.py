"""Named seed datasets (``demo``) and user seed files, loaded strictly into a twin's state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stockgate.errors import UsageError
from stockgate.twins.magento import extensions
from stockgate.twins.magento.auth import ALL, Auth, Integration
from stockgate.twins.magento.gallery import LINK_TYPES, ProductLink, gallery
from stockgate.twins.magento.pricing import RETAIL_CUSTOMER, TAXABLE_GOODS, TaxRate, TaxRule
from stockgate.twins.magento.state import Inventory, Product
from stockgate.twins.seedfiles import gc_paused, load_seed_file

DATA = Path(__file__).parent / "data"

_STOCK = {"type": "object", "additionalProperties": {"type": "number"}}
_PRODUCT = {
    "type": "object", "additionalProperties": False, "required": ["sku", "name"],
    "properties": {
        "sku": {"type": "string", "minLength": 1}, "name": {"type": "string"},
        "type": {"enum": ["simple", "virtual", "configurable"]}, "price": {"type": "number"},
        "min_qty": {"type": "number"}, "attributes": {"type": "object"}, "description": {"type": "string"},
        "tax_class_id": {"type": "integer", "minimum": 0}, "weight": {"type": "number", "minimum": 0},
        "categories": {"type": "array", "items": {"type": "integer", "minimum": 3}},
        "configurable_attributes": {"type": "array", "items": {"type": "string"}},
        "children": {"type": "array", "items": {"$ref": "#/definitions/product"}}, "stock": _STOCK,
        "images": {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_.-]*$"}},
        "links": {"type": "object", "additionalProperties": False,
                  "properties": {t: {"type": "array", "items": {"type": "string"}} for t in LINK_TYPES}},
    },
}
_RATE = {"type": "object", "additionalProperties": False, "required": ["code", "country_id", "percent"],
         "properties": {"code": {"type": "string", "minLength": 1}, "country_id": {"type": "string", "minLength": 2},
                        "region": {"type": "string"}, "postcode": {"type": "string"},
                        "percent": {"type": "number", "minimum": 0, "maximum": 100}}}
_TAX_RULE = {"type": "object", "additionalProperties": False, "required": ["code", "rates"],
             "properties": {"code": {"type": "string", "minLength": 1}, "rates": {"type": "array", "items": _RATE},
                            "product_tax_classes": {"type": "array", "items": {"type": "integer"}},
                            "customer_tax_classes": {"type": "array", "items": {"type": "integer"}}}}
_CATEGORY = {"type": "object", "additionalProperties": False, "required": ["id", "name"],
             "properties": {"id": {"type": "integer", "minimum": 3}, "name": {"type": "string", "minLength": 1}}}
_GEONAME = {"type": "object", "additionalProperties": False, "required": ["country_code", "latitude", "longitude"],
            "properties": {"country_code": {"type": "string", "minLength": 2}, "postcode": {"type": "string"},
                           "city": {"type": "string"}, "region": {"type": "string"},
                           "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                           "longitude": {"type": "number", "minimum": -180, "maximum": 180}}}
# ``distance``: the store's distance provider and the geonames ``bin/magento inventory-geonames:import`` would
# have imported (fact inventory.distance_provider); a store without it has neither
_DISTANCE = {"type": "object", "additionalProperties": False,
             "properties": {"provider": {"enum": ["google", "offline"]},
                            "geonames": {"type": "array", "items": _GEONAME}}}
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
        "categories": {"type": "array", "items": _CATEGORY},
        "tax_rules": {"type": "array", "items": _TAX_RULE},
        "distance": _DISTANCE,
        "extension_attributes": extensions.SEED_SCHEMA,
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
    """Load ``data`` into an empty store (without pauses for garbage collection: it only adds objects)."""
    with gc_paused():
        _apply(data, inventory, auth, now)


def _apply(data: dict[str, Any], inventory: Inventory, auth: Auth, now: str) -> None:
    inventory.stores.update(data.get("stores", {}))
    for website in inventory.stores.values():
        inventory.websites.setdefault(website, len(inventory.websites) + 1)
    inventory.attribute_ids.update(data.get("attributes", {}))
    distance = data.get("distance", {})
    inventory.geo.provider = distance.get("provider")
    inventory.geo.geonames = [dict(row) for row in distance.get("geonames", [])]
    for source in data.get("sources", []):
        inventory.add_source(dict(source))
    for stock in data.get("stocks", []):
        channels = [{"type": "website", "code": w} for w in stock.get("websites", [])]
        sid = inventory.add_stock({"name": stock["name"], "sales_channels": channels}, stock.get("stock_id"))
        for priority, code in enumerate(stock.get("sources", []), start=1):
            inventory.link(sid, code, priority)
    inventory.categories.update({c["id"]: c["name"] for c in data.get("categories", [])})
    inventory.tax.rules.extend(_tax_rule(raw) for raw in data.get("tax_rules", []))
    for raw in data.get("products", []):
        _product(inventory, raw, now)
    _links(inventory, data.get("products", []))
    inventory.extension_attributes = extensions.declared(data.get("extension_attributes", []))
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
        created_at=now, updated_at=now, description=raw.get("description"),
        tax_class_id=int(raw.get("tax_class_id", TAXABLE_GOODS)), category_ids=list(raw.get("categories", [])),
        weight=float(raw.get("weight", 1.0))))
    files = list(raw.get("images", []))
    product.media = gallery(files, product.name, inventory.next_media_id(len(files)))
    for code, qty in raw.get("stock", {}).items():
        inventory.set_source_item(product.sku, code, qty, 1 if qty > 0 else 0)
    for child in children:
        child.visibility = 1  # children of a configurable are "Not Visible Individually"
        child.price = child.price or product.price
        child.category_ids = child.category_ids or list(product.category_ids)
        child.description = child.description or product.description
    return product


def _links(inventory: Inventory, products: list[dict[str, Any]]) -> None:
    """Each seed product's related, up-sell and cross-sell SKUs (children included), once all exist."""
    for raw in products:
        for kind in LINK_TYPES:
            for position, sku in enumerate(raw.get("links", {}).get(kind, []), start=1):
                if sku not in inventory.products:
                    raise UsageError(f"seed product {raw['sku']!r} links unknown SKU {sku!r} as {kind}")
                inventory.products[raw["sku"]].links.append(ProductLink(link_type=kind, sku=sku, position=position))
        _links(inventory, raw.get("children", []))


def _tax_rule(raw: dict[str, Any]) -> TaxRule:
    """A seed tax rule: its rates, for the product and customer tax classes named (Magento's defaults)."""
    rates = tuple(TaxRate(code=r["code"], percent=float(r["percent"]), country_id=r["country_id"],
                          region=r.get("region", "*"), postcode=r.get("postcode", "*")) for r in raw["rates"])
    return TaxRule(code=raw["code"], rates=rates,
                   product_classes=frozenset(raw.get("product_tax_classes", [TAXABLE_GOODS])),
                   customer_classes=frozenset(raw.get("customer_tax_classes", [RETAIL_CUSTOMER])))
