r"""Extension attributes a seed declares: the twin's stand-in for a store's third-party modules.

A Magento module adds fields to a data interface through its ``etc/extension_attributes.xml``
(``<extension_attributes for="Magento\Catalog\Api\Data\ProductInterface"><attribute code="…"
type="int"/>``); the web API then carries them under the object's ``extension_attributes``, and the
store's own schema (``GET /rest/<store>/schema``) lists them on the generated
``…-extension-interface`` definition (Magento's Swagger generator reads the service data
interfaces, extension interfaces included: magento/magento2 ``app/code/Magento/Webapi/Model/Rest/
Swagger/Generator.php``; ``lib/internal/Magento/Framework/Api/ExtensionAttribute/Config``). The twin
has no modules, so a seed says what such a module would have added::

    extension_attributes:
      - extends: catalog-data-product-extension-interface   # the schema definition it lands on
        code: loyalty_points_rate
        type: number                                         # string, integer, number or boolean
        values: {CAP-NVY: 1.5}                               # products only: what their answers carry

The served schema gets the property; product answers carry the value for the SKUs listed (other
interfaces' answers do not: the twin would need every serializer to know them, and a stock
connector's products are where loyalty, gift card and B2B modules show first).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

PRODUCT_EXTENSION = "catalog-data-product-extension-interface"
TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}

SEED_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object", "additionalProperties": False, "required": ["extends", "code", "type"],
        "properties": {
            "extends": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*-extension-interface$",
                        "description": "a schema definition name ending in -extension-interface"},
            "code": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "description": "a snake_case attribute code"},
            "type": {"enum": list(TYPES)},
            "values": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]},
                       "description": "SKU -> value (products only)"},
        },
    },
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtensionAttribute:
    """One attribute a (pretend) module adds to a data interface."""

    extends: str
    code: str
    type: str
    values: dict[str, Any] = field(default_factory=dict)


def declared(raw: list[dict[str, Any]]) -> list[ExtensionAttribute]:
    """The seed's ``extension_attributes`` entries (already validated against :data:`SEED_SCHEMA`)."""
    return [ExtensionAttribute(extends=r["extends"], code=r["code"], type=r["type"],
                               values=dict(r.get("values", {}))) for r in raw]


def with_extensions(document: dict[str, Any], attributes: list[ExtensionAttribute]) -> dict[str, Any]:
    """``document`` with every declared attribute on its extension interface (a copy when any is declared)."""
    if not attributes:
        return document
    out = dict(document)
    definitions = out["definitions"] = dict(document.get("definitions", {}))
    for attribute in attributes:
        target = copy.deepcopy(definitions.get(attribute.extends) or {
            "type": "object", "description": f"ExtensionInterface class ({attribute.extends})", "properties": {}})
        target.setdefault("properties", {})[attribute.code] = {"type": TYPES[attribute.type]}
        definitions[attribute.extends] = target
    return out


def product_values(attributes: list[ExtensionAttribute], sku: str) -> dict[str, Any]:
    """The declared product extension attributes ``sku`` carries in its answers."""
    return {a.code: a.values[sku] for a in attributes if a.extends == PRODUCT_EXTENSION and sku in a.values}
