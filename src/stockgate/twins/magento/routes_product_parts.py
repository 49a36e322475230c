"""Parts of a product on their own: links by type, websites, type lists (issue 15 item 1).

As ``catalog.link_and_media_reads`` states them: a link type is checked before the product is loaded, and
the links answered are those ``GET /V1/products/{sku}`` carries in ``product_links`` (the gallery is
``routes_media``', custom options ``routes_custom_options``'). Website links are ``ProductWebsiteLinkRepository``
as ``catalog.product_websites`` states it; they show in the product's ``website_ids`` and decide which products
a website's stock index dump lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import serialize_catalog as out
from stockgate.twins.magento.errors import MagentoError, input_error

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.link_and_media_reads"))


def links(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/{sku}/links/{type}``."""
    kind = call.params["type"]
    if kind not in _facts(call)["link_types"]:
        raise MagentoError(404, _facts(call)["unknown_link_type"], [kind])
    inventory = call.twin.inventory
    product = inventory.product(call.params["sku"])
    return [row for row in out.product_links(inventory, product) if row["link_type"] == kind]


def _website_ids(call: Call) -> set[int]:
    """Website 0 (admin) and every website of the store."""
    return {0, *call.twin.inventory.websites.values()}


def save_website(call: Call) -> bool:
    """``POST``/``PUT /V1/products/{sku}/websites`` with ``productWebsiteLink {sku, website_id}``."""
    facts = dict(call.twin.profile.value("catalog.product_websites"))
    link = call.obj("productWebsiteLink")
    website = link.get("website_id")
    if not website:
        raise input_error(facts["no_website"])
    product = call.twin.inventory.product(str(link.get("sku") or ""))
    if website not in _website_ids(call):  # the foreign key on catalog_product_website refuses it
        raise input_error(facts["assign_failed"], [product.id, website])
    if website not in product.website_ids:
        product.website_ids.append(website)
    return True


def delete_website(call: Call) -> bool:
    """``DELETE /V1/products/{sku}/websites/{websiteId}``."""
    product = call.twin.inventory.product(call.params["sku"])
    website = call.int_param("websiteId")
    product.website_ids[:] = [w for w in product.website_ids if w != website]
    return True


def product_types(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/types`` (fact ``catalog.type_lists``)."""
    return [dict(row) for row in call.twin.profile.value("catalog.type_lists")["product_types"]]


def option_types(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/options/types`` (fact ``catalog.type_lists``)."""
    return [dict(row) for row in call.twin.profile.value("catalog.type_lists")["custom_option_types"]]


def register(app: MagentoApp) -> None:
    """Add the product part reads and website links."""
    r = app.route
    r("GET", "/V1/products/{sku}/links/{type}", links)
    r("GET", "/V1/products/types", product_types)
    r("GET", "/V1/products/options/types", option_types)
    r("POST", "/V1/products/{sku}/websites", save_website)
    r("PUT", "/V1/products/{sku}/websites", save_website)
    r("DELETE", "/V1/products/{sku}/websites/{websiteId}", delete_website)
