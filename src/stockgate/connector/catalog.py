"""Reference data the flows share: outlets ↔ sources, registers, the author, and the SKU match.

SKU matching follows the mapping's order (``sku``: the same SKU; ``product_code``: a Lightspeed
product code equal to the Magento SKU, which is how auto-numbered Lightspeed SKUs meet merchant
SKUs; ``table``: an explicit file). Variant parents (``has_variants``) and Magento configurable
parents never match: inventory lives on children.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stockgate.connector.clients import LightspeedClient, MagentoClient, unsendable
from stockgate.connector.mapping import Mapping
from stockgate.errors import DataError


@dataclass(slots=True)
class Catalog:
    """What the connector knows about both sides' reference data."""

    outlet_source: dict[str, str | None] = field(default_factory=dict)  # outlet id -> source (None: unmapped)
    outlet_names: dict[str, str] = field(default_factory=dict)
    web_outlet: str = ""
    web_source: str = ""
    web_register: str = ""
    author: str = ""
    pos_sku: dict[str, str] = field(default_factory=dict)  # Lightspeed product id -> Magento SKU
    sku_pos: dict[str, str] = field(default_factory=dict)
    magento: dict[str, dict[str, Any]] = field(default_factory=dict)  # Magento SKU -> product row
    pos: dict[str, dict[str, Any]] = field(default_factory=dict)  # Lightspeed product id -> product row
    unmatched: list[str] = field(default_factory=list)
    quarantined: dict[str, str] = field(default_factory=dict)  # Lightspeed SKU -> why it cannot be synced


def _outlets(mapping: Mapping, outlets: list[dict[str, Any]], catalog: Catalog) -> None:
    by_name = {o["name"]: o["id"] for o in outlets if not o.get("deleted_at")}
    for name, source in mapping.outlets.items():
        if name not in by_name:
            raise DataError("the mapping names an outlet the retailer does not have", where=str(mapping.path),
                            key="outlets", actual=name, expected=f"one of {', '.join(sorted(by_name))}")
        catalog.outlet_source[by_name[name]] = source
    for name, outlet_id in by_name.items():
        catalog.outlet_names[outlet_id] = name
        catalog.outlet_source.setdefault(outlet_id, None)
    catalog.web_outlet = by_name[mapping.web_outlet]
    catalog.web_source = str(mapping.outlets[mapping.web_outlet] or "")


async def load(mapping: Mapping, magento: MagentoClient, lightspeed: LightspeedClient) -> Catalog:
    """Read outlets, registers, users and both product lists; match SKUs."""
    catalog = Catalog()
    _outlets(mapping, await lightspeed.walk("/outlets", mapping.page_size), catalog)
    registers = {r["name"]: r["id"] for r in await lightspeed.walk("/registers", mapping.page_size)}
    if mapping.web_register not in registers:
        raise DataError("the mapping's web-order register does not exist", where=str(mapping.path),
                        key="web_orders.register", actual=mapping.web_register,
                        expected=f"one of {', '.join(sorted(registers))}")
    catalog.web_register = registers[mapping.web_register]
    users = await lightspeed.walk("/users", mapping.page_size)
    catalog.author = next((u["id"] for u in users if u.get("is_primary_user")), users[0]["id"] if users else "")
    # only what the connector uses of a product: a full product is ~3 KB of JSON, 30 MB at 10,000 SKUs
    rows = await magento.search("GET /V1/products", "/products", [], page_size=mapping.page_size,
                                fields=("sku", "type_id", "price", "name"))
    catalog.magento = {str(p["sku"]).strip(): p for p in rows if p.get("type_id") != "configurable"}
    for product in await lightspeed.walk("/products", mapping.page_size):
        if product.get("deleted_at") or product.get("has_variants"):
            continue
        why = unsendable(str(product.get("sku") or "").strip())
        if why:
            catalog.quarantined[str(product.get("sku"))] = why
            continue
        catalog.pos[product["id"]] = product
        sku = match(mapping, product, catalog.magento)
        if sku is None:
            catalog.unmatched.append(str(product.get("sku")))
            continue
        catalog.pos_sku[product["id"]] = sku
        catalog.sku_pos[sku] = product["id"]
    return catalog


def match(mapping: Mapping, product: dict[str, Any], magento: dict[str, Any]) -> str | None:
    """The Magento SKU of a Lightspeed product, by the mapping's strategies in order."""
    codes = [str(c.get("code", "")).strip() for c in product.get("product_codes") or []]
    for strategy in mapping.sku_match:
        if strategy == "sku" and str(product.get("sku", "")).strip() in magento:
            return str(product["sku"]).strip()
        if strategy == "product_code":
            found = next((c for c in codes if c in magento), None)
            if found:
                return found
        if strategy == "table":
            for key in (str(product.get("sku", "")).strip(), *codes):
                if mapping.sku_table.get(key) in magento:
                    return mapping.sku_table[key]
    return None
