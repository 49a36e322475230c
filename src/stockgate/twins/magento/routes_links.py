"""Product links: the link types, their attributes, and adding, saving and deleting links (issue 15 item 1).

As ``catalog.link_writes`` states Magento's product link management and repository: ``POST
/V1/products/{sku}/links`` appends its links (a link to the same product and type takes the new position),
``PUT`` saves one link, ``DELETE .../{type}/{linkedProductSku}`` removes one; each shows in the product's
``product_links`` and in ``GET /V1/products/{sku}/links/{type}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.gallery import ProductLink
from stockgate.twins.magento.numbers import php_int

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Product


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.link_writes"))


def types(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/links/types``: ``{name: type, code: its id}``."""
    ids = _facts(call)["type_ids"]
    order = call.twin.profile.value("catalog.link_and_media_reads")["link_types"]
    return [{"code": int(ids[name]), "name": name} for name in order]


def attributes(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/links/{type}/attributes``: none for an unknown type."""
    rows = _facts(call)["attributes"].get(call.params["type"], [])
    return [{"code": code, "type": kind} for code, kind in rows]


def _position(call: Call, link: dict[str, Any]) -> int:
    value = link.get("position")
    return 0 if value is None else php_int(value, call.twin.behaviour.float_fields, "position")


def _put(product: Product, link: ProductLink) -> None:
    """The product's links with ``link`` in place of one to the same product and type (else appended)."""
    for n, existing in enumerate(product.links):
        if (existing.link_type, existing.sku) == (link.link_type, link.sku):
            product.links[n] = link
            return
    product.links.append(link)


def add_links(call: Call) -> bool:
    """``POST /V1/products/{sku}/links`` with ``items``."""
    facts = _facts(call)
    items = call.obj().get("items")
    if not items:
        raise input_error(facts["empty_items"], {"fieldName": "items", "value": "empty array"})
    for link in items:
        kind = (link or {}).get("link_type")
        if not kind:
            raise input_error(facts["type_missing"], {"fieldName": "linkType"})
        if kind not in facts["type_ids"]:
            raise MagentoError(404, facts["unknown_type"], [kind])
    inventory = call.twin.inventory
    product = inventory.product(call.params["sku"])
    if any(str(link.get("linked_product_sku") or "") not in inventory.products for link in items):
        raise input_error(facts["invalid_links"])  # the product save cannot load a linked product
    for link in items:
        _put(product, ProductLink(link_type=str(link["link_type"]), sku=str(link["linked_product_sku"]),
                                  position=_position(call, link)))
    return True


def save_link(call: Call) -> bool:
    """``PUT /V1/products/{sku}/links`` with ``entity``: the link's own SKU names the product."""
    facts = _facts(call)
    link = call.obj("entity")
    inventory = call.twin.inventory
    linked = inventory.product(str(link.get("linked_product_sku") or ""))
    product = inventory.product(str(link.get("sku") or ""))
    if link.get("link_type") not in facts["type_ids"]:
        raise input_error(facts["invalid_links"])
    _put(product, ProductLink(link_type=str(link["link_type"]), sku=linked.sku, position=_position(call, link)))
    return True


def delete_link(call: Call) -> bool:
    """``DELETE /V1/products/{sku}/links/{type}/{linkedProductSku}``."""
    kind, sku, linked = call.params["type"], call.params["sku"], call.params["linkedProductSku"]
    if kind not in call.twin.profile.value("catalog.link_and_media_reads")["link_types"]:
        raise MagentoError(404, call.twin.profile.value("catalog.link_and_media_reads")["unknown_link_type"], [kind])
    product = call.twin.inventory.product(sku)
    found = next((n for n, link in enumerate(product.links) if (link.link_type, link.sku) == (kind, linked)), None)
    if found is None or linked not in call.twin.inventory.products:
        raise MagentoError(404, _facts(call)["not_linked"], [sku, linked, kind])
    del product.links[found]
    return True


def register(app: MagentoApp) -> None:
    """Add the product link routes."""
    r = app.route
    r("GET", "/V1/products/links/types", types)
    r("GET", "/V1/products/links/{type}/attributes", attributes)
    r("POST", "/V1/products/{sku}/links", add_links)
    r("PUT", "/V1/products/{sku}/links", save_link)
    r("DELETE", "/V1/products/{sku}/links/{type}/{linkedProductSku}", delete_link)
