"""Category-product assignment (``Magento_Catalog::categories``; issue 15 item 1).

``GET /V1/categories/{categoryId}/products`` is ``CategoryLinkManagement::getAssignedProducts``: the
category's products with their position. Saves and deletes are ``CategoryLinkRepository``: the category
and the product are looked up first (their repositories' 404s), a save sets the product's position in the
category (assigning it when it was not) and answers true; a delete of a product the category does not
hold is refused ``The category doesn't contain the specified product.``. A product's ``category_ids`` and
``category_links`` and a category's ``product_count`` follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento.errors import input_error
from stockgate.twins.magento.numbers import php_int
from stockgate.twins.magento.routes_catalog import category
from stockgate.twins.magento.serialize_catalog import category_position

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp


def assigned(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/categories/{categoryId}/products``: ``[{sku, position, category_id}]``."""
    category_id = call.int_param("categoryId")
    category(call, category_id)
    inventory = call.twin.inventory
    return [{"sku": p.sku, "position": category_position(inventory, p, category_id), "category_id": str(category_id)}
            for p in inventory.products.values() if category_id in p.category_ids]


def save_link(call: Call) -> bool:
    """``POST``/``PUT /V1/categories/{categoryId}/products`` with ``productLink {sku, position, category_id}``.

    The path's ``categoryId`` fills the link's ``category_id`` (Magento's route parameters override the body's).
    """
    link = call.obj("productLink")
    category_id = call.int_param("categoryId")
    category(call, category_id)
    product = call.twin.inventory.product(str(link.get("sku") or ""))
    position = php_int(link["position"], call.twin.behaviour.float_fields, "position") \
        if link.get("position") is not None else 0
    if category_id not in product.category_ids:
        product.category_ids.append(category_id)
    call.twin.inventory.category_positions[(category_id, product.sku)] = position
    product.updated_at = call.twin.clock.magento_time()
    return True


def delete_link(call: Call) -> bool:
    """``DELETE /V1/categories/{categoryId}/products/{sku}``: ``CategoryLinkRepository::deleteByIds``."""
    category_id = call.int_param("categoryId")
    category(call, category_id)
    product = call.twin.inventory.product(call.params["sku"])
    if category_id not in product.category_ids:
        raise input_error("The category doesn't contain the specified product.")
    product.category_ids.remove(category_id)
    call.twin.inventory.category_positions.pop((category_id, product.sku), None)
    product.updated_at = call.twin.clock.magento_time()
    return True


def register(app: MagentoApp) -> None:
    """Add the category-product assignment routes."""
    r = app.route
    r("GET", "/V1/categories/{categoryId}/products", assigned)
    r("POST", "/V1/categories/{categoryId}/products", save_link)
    r("PUT", "/V1/categories/{categoryId}/products", save_link)
    r("DELETE", "/V1/categories/{categoryId}/products/{sku}", delete_link)
