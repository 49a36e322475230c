"""Generated merchants at any size: a Magento seed, a Lightspeed seed and the mapping between them.

``stockgate twin seed generate --skus N --outlets K [--variants PCT] [--seed S] --out DIR`` writes
``DIR/magento.yaml``, ``DIR/lightspeed.yaml`` and ``DIR/mapping.yaml``, the same bytes for the same
arguments. The merchant: K outlets, each a Magento source of one stock on the base website (outlet
``Store 01`` <-> source ``store01``) with a register; N sellable SKUs, of which about PCT % are
variants in families of six (two colours x three sizes; a Magento configurable parent, a Lightspeed
family whose variants carry the Magento child SKU as their product code), the rest simple products
sharing their SKU on both sides. Every SKU starts with the same quantity on both sides at every
location (a seeded draw: slow and fast movers), so a first sync has nothing to correct. Credentials
are the demo's public values. Used by the merchant-scale benches and the drift simulation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

FAMILY = (("Red", "S"), ("Red", "M"), ("Red", "L"), ("Blue", "S"), ("Blue", "M"), ("Blue", "L"))
MAX_SKUS = 1_000_000
MAX_OUTLETS = 200


@dataclass(frozen=True, slots=True)
class Merchant:
    """What to generate."""

    skus: int
    outlets: int
    variants: float = 20.0  # percent of SKUs that are variants
    seed: int = 1

    def check(self) -> list[str]:
        """Problems with the sizes, as `--option value: expected …` sentences."""
        problems = []
        if not 1 <= self.skus <= MAX_SKUS:
            problems.append(f"--skus {self.skus}: expected 1 to {MAX_SKUS:,}")
        if not 1 <= self.outlets <= MAX_OUTLETS:
            problems.append(f"--outlets {self.outlets}: expected 1 to {MAX_OUTLETS}")
        if not 0 <= self.variants <= 100:
            problems.append(f"--variants {self.variants:g}: expected a percentage, 0 to 100")
        return problems


def generate(merchant: Merchant) -> dict[str, dict[str, Any]]:
    """The three documents (magento, lightspeed, mapping) as plain data."""
    rng = random.Random(merchant.seed)
    codes = [f"store{n:02d}" for n in range(1, merchant.outlets + 1)]
    names = {code: f"Store {code[5:]}" for code in codes}
    families = round(merchant.skus * merchant.variants / 100) // len(FAMILY)
    simples = merchant.skus - families * len(FAMILY)
    m_products: list[dict[str, Any]] = []
    l_products: list[dict[str, Any]] = []
    for n in range(1, simples + 1):
        sku, price = f"SKU-{n:06d}", 5 + rng.randrange(0, 20000) / 100
        stock = _stock(rng, codes)
        m_products.append({"sku": sku, "name": f"Item {n:06d}", "price": price, "stock": stock})
        l_products.append({"name": f"Item {n:06d}", "sku": sku, "price": price, "supply_price": round(price / 2, 2),
                           "stock": stock})
    for n in range(1, families + 1):
        parent, price = f"FAM-{n:05d}", 10 + rng.randrange(0, 9000) / 100
        children = [(f"{parent}-{colour[:3].upper()}-{size}", colour, size, _stock(rng, codes))
                    for colour, size in FAMILY]
        m_products.append({"sku": parent, "name": f"Family {n:05d}", "type": "configurable", "price": price,
                           "configurable_attributes": ["color", "size"], "children": [
                               {"sku": sku, "name": f"Family {n:05d} {colour} {size}",
                                "attributes": {"color": colour, "size": size}, "stock": stock}
                               for sku, colour, size, stock in children]})
        l_products.append({"name": f"Family {n:05d}", "price": price, "supply_price": round(price / 2, 2),
                           "code": parent, "variants": [
                               {"name": f"Family {n:05d} {colour} {size}", "code": sku,
                                "options": {"Color": colour, "Size": size}, "stock": stock}
                               for sku, colour, size, stock in children]})
    description = (f"Generated merchant: {merchant.skus:,} SKUs ({families * len(FAMILY):,} variants), "
                   f"{merchant.outlets} outlets, seed {merchant.seed}")
    magento = {
        "seed_format": 1, "name": "generated", "description": description, "stores": {"default": "base"},
        "attributes": {"color": 93, "size": 144},
        "sources": [{"source_code": code, "name": names[code], "enabled": True, "country_id": "US",
                     "postcode": f"{63100 + i:05d}", "city": names[code]} for i, code in enumerate(codes)],
        "stocks": [{"stock_id": 2, "name": "Retail Stock", "websites": ["base"], "sources": codes}],
        "products": m_products,
        "users": {"admin": "stockgate-demo1"},
        "integrations": [{"name": "stockgate-demo", "consumer_key": "stockgate-demo-consumer-key",
                          "consumer_secret": "stockgate-demo-consumer-secret",
                          "access_token": "stockgate-demo-token",
                          "access_token_secret": "stockgate-demo-token-secret"}],
    }
    lightspeed = {
        "seed_format": 1, "name": "generated", "description": description,
        "retailer": {"domain_prefix": "demo", "name": "Generated Retail"},
        "outlets": [{"key": code, "name": names[code], "registers": [f"{names[code]} Register"]} for code in codes],
        "users": [{"key": "owner", "username": "owner@demo.example", "display_name": "Owner", "account_type": "admin",
                   "primary": True}],
        "tokens": [{"token": "stockgate-demo-token", "user": "owner", "bucket": "application",
                    "application": "stockgate-connector", "client_secret": "stockgate-demo-client-secret"}],
        "products": l_products,
    }
    mapping = {
        "mapping_format": 1, "name": "generated", "description": description,
        "magento": {"store": "default", "stock_id": 2}, "lightspeed": {"api_version": "2026-07"},
        "outlets": [{"outlet": names[code], "source": code} for code in codes],
        "web_orders": {"outlet": names[codes[0]], "register": f"{names[codes[0]]} Register", "invoice_prefix": "WEB-"},
        "skus": {"match": ["sku", "product_code"]}, "variants": {"post_parents": False},
        "catalog": {"price": "lightspeed", "name": "lightspeed", "new_products": "none"},
        "returns": {"restock": True, "by_reason": {}},
        "polling": {"stock": 60, "orders": 60, "returns": 120, "catalog": 900},
        "retry": {"attempts": 6, "wait_budget": 900, "jitter": 0.2, "fallback_wait": 30, "seed": 1},
        "batches": {"source_items": 100, "page_size": 300},
    }
    return {"magento": magento, "lightspeed": lightspeed, "mapping": mapping}


def _stock(rng: random.Random, codes: list[str]) -> dict[str, int]:
    """Units per location: most SKUs move slowly (a few units), one in five fast (dozens)."""
    fast = rng.random() < 0.2
    return {code: rng.randrange(0, 60 if fast else 8) for code in codes}


def write(merchant: Merchant, out: Path) -> list[Path]:
    """Write the three files into ``out`` (atomically, each); the paths written."""
    from stockgate.safewrite import write_atomic

    documents = generate(merchant)
    header = f"# {documents['magento']['description']}. Written by `stockgate twin seed generate`.\n"
    paths = []
    for name, document in documents.items():
        text = header + yaml.safe_dump(document, sort_keys=False, width=120, default_flow_style=None)
        path = out / f"{name}.yaml"
        write_atomic(path, text)
        paths.append(path)
    return paths
