"""Catalog reads a connector makes: categories, configurable data, media.

Read statefully from the seeded catalog (``twins.magento.seeds``): the seed's categories sit under
the store's root category, ``Default Category`` (id 2, under the tree root 1), in seed order
(``catalog.reads``). Attributes and their options are ``routes_attributes``', attribute sets
``routes_attribute_sets``'; a configurable's options and children are those of ``GET /V1/products/{sku}``;
the media gallery is ``routes_media``'.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import serialize_catalog as out
from stockgate.twins.magento.catalog_tree import Tree
from stockgate.twins.magento.errors import MagentoError, input_error, no_such_entity
from stockgate.twins.magento.routes_inventory import listing

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Inventory


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.reads"))


def _category_ids(call: Call) -> list[int]:
    """The store root's id, then the seed's categories under it, in seed order."""
    return [int(_facts(call)["tree_root"]["id"]), *call.twin.inventory.categories]


def _product_count(inventory: Inventory, category_id: int) -> int:
    """Products assigned to the category itself (``catalog_category_product``), children of configurables too."""
    return sum(1 for p in inventory.products.values() if category_id in p.category_ids)


def category_tree(call: Call) -> Tree:
    """The store's category tree (``twins.magento.catalog_tree``)."""
    return Tree(call.twin.inventory, _facts(call)["tree_root"])


def category(call: Call, category_id: int) -> dict[str, Any]:
    """``catalog-data-category-interface`` of one category; the repository's 404 for an unknown id."""
    t = category_tree(call)
    if not t.exists(category_id):
        raise no_such_entity("id", category_id)
    place = t.place(category_id)
    return {"id": category_id, "parent_id": place.parent_id, "name": t.name(category_id),
            "is_active": place.is_active, "position": place.position, "level": t.level(category_id),
            "children": ",".join(str(c) for c in t.children(category_id)),
            "path": "/".join(str(c) for c in t.path(category_id)), "available_sort_by": [],
            "include_in_menu": place.include_in_menu, **_url_attributes(t, category_id)}


def _url_attributes(t: Tree, category_id: int) -> dict[str, Any]:
    """``custom_attributes`` with the category's url_key and url_path (none for a store root)."""
    pairs = [(code, value) for code, value in (("url_key", t.url_key(category_id)),
                                               ("url_path", t.url_path(category_id))) if value]
    return {"custom_attributes": [{"attribute_code": c, "value": v} for c, v in pairs]} if pairs else {}


def tree(call: Call) -> dict[str, Any]:
    """``GET /V1/categories[?rootCategoryId=&depth=]``: the store root's tree (or the one asked for)."""
    inventory = call.twin.inventory
    root_id = int(_facts(call)["tree_root"]["id"])
    asked = next((v for k, v in call.request.query if k == "rootCategoryId"), None)
    depth_raw = next((v for k, v in call.request.query if k == "depth"), None)
    start = root_id if asked in (None, "") else _int(asked, "rootCategoryId")
    depth = None if depth_raw in (None, "") else _int(depth_raw, "depth")

    def node(category_id: int, level: int) -> dict[str, Any]:
        body = category(call, category_id)
        below = category_tree(call).children(category_id)
        deeper = depth is None or level < depth
        return {"id": body["id"], "parent_id": body["parent_id"], "name": body["name"],
                "is_active": body["is_active"], "position": body["position"], "level": body["level"],
                "product_count": _product_count(inventory, category_id),
                "children_data": [node(c, level + 1) for c in below] if deeper else []}

    return node(start, 0)


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise MagentoError(400, 'The "%value" value\'s type is invalid. The "%type" type was expected. '
                           "Verify and try again.", {"value": value, "type": "int"}) from None


def category_list(call: Call) -> dict[str, Any]:
    """``GET /V1/categories/list`` (searchCriteria)."""
    rows = [_row(category(call, c)) for c in _category_ids(call)]
    page = listing(call, rows, required=True, entity="category")
    page["items"] = [category(call, row["id"]) for row in page["items"]]
    return page


def _row(body: dict[str, Any]) -> dict[str, Any]:
    """The flat row a category list filters: the answer's fields and its custom attributes by code."""
    row = {k: v for k, v in body.items() if k != "custom_attributes"}
    for attr in body.get("custom_attributes", []):
        row.setdefault(attr["attribute_code"], attr["value"])
    return row


def configurable_options(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/configurable-products/{sku}/options/all``: the options ``GET /V1/products/{sku}`` carries."""
    inventory = call.twin.inventory
    product = inventory.product(call.params["sku"])
    if product.type_id != "configurable":
        raise input_error('This is implemented for the "%1" configurable product only.', [product.sku])
    return out.configurable_options(inventory, product)


def children(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/configurable-products/{sku}/children``: each child as ``GET /V1/products/{sku}`` answers it."""
    inventory = call.twin.inventory
    parent = inventory.product(call.params["sku"])
    return [out.product(inventory, inventory.products[c]) for c in parent.children if c in inventory.products]


def register(app: MagentoApp) -> None:
    """Add the catalog read routes."""
    r = app.route
    r("GET", "/V1/categories", tree)
    r("GET", "/V1/categories/list", category_list)
    r("GET", "/V1/categories/{categoryId}", lambda c: category(c, c.int_param("categoryId")))
    r("GET", "/V1/configurable-products/{sku}/children", children)
    r("GET", "/V1/configurable-products/{sku}/options/all", configurable_options)
