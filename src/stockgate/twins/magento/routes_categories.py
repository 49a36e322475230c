"""Category writes: create, update, move, delete (``Magento_Catalog::categories``; issue 15 item 1).

As ``catalog.category_writes`` states ``CategoryRepository``, ``CategoryManagement::move`` and the category
resource: a new category goes last under its parent (the store's root category when none is named); an
update changes its name, flags and position but never its parent; a move takes the place after ``afterId``
(after the parent's last child by default) and closes the gap it leaves; a delete takes the categories
under it and their product assignments along. The tree, list, one-category and category-product reads, and
the products' ``category_ids`` and ``category_links`` follow. A save sets the url_key (given in
``custom_attributes``, else from the name; a rename keeps it) and the url_path follows the tree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento.catalog_eav import CategoryPlace
from stockgate.twins.magento.catalog_tree import TREE_ROOT, Tree
from stockgate.twins.magento.errors import MagentoError, input_error, no_such_entity
from stockgate.twins.magento.numbers import php_int
from stockgate.twins.magento.routes_catalog import category, category_tree
from stockgate.twins.magento.serialize_catalog import url_key

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.category_writes"))


def _int(call: Call, value: Any, name: str) -> int:
    return php_int(value, call.twin.behaviour.float_fields, name)


def _known(t: Tree, category_id: int) -> None:
    """``CategoryRepository::get``: the 404 for an unknown id (the tree root is a parent, never answered)."""
    if category_id != TREE_ROOT and not t.exists(category_id):
        raise no_such_entity("id", category_id)


def _fix(call: Call, t: Tree, parent: int) -> None:
    """Write down the current places of ``parent``'s children before positions shift."""
    for child in t.children(parent):
        current = t.place(child)
        call.twin.inventory.eav.category_places[child] = CategoryPlace(
            parent_id=current.parent_id, position=current.position, is_active=current.is_active,
            include_in_menu=current.include_in_menu)


def create(call: Call) -> dict[str, Any]:
    """``POST /V1/categories`` with ``category``: the saved category (an id given updates that one)."""
    body = call.obj("category")
    if body.get("id"):
        return _update(call, _int(call, body["id"], "id"), body)
    facts, t = _facts(call), category_tree(call)
    parent = _int(call, body["parent_id"], "parent_id") if body.get("parent_id") else t.root_id
    _known(t, parent)
    if not str(body.get("name") or "").strip():
        raise input_error(facts["save_failed"], [str(facts["required"]).replace("%1", "Name")])
    new_id = t.next_id()
    key = _url_key(call, _given_url_key(body), str(body["name"]))
    position = max((t.place(c).position for c in t.children(parent)), default=0) + 1
    call.twin.inventory.categories[new_id] = str(body["name"])
    call.twin.inventory.eav.category_url_keys[new_id] = key
    call.twin.inventory.eav.category_places[new_id] = CategoryPlace(
        parent_id=parent, position=position, is_active=bool(body.get("is_active")),
        include_in_menu=bool(body.get("include_in_menu", True)))
    return category(call, new_id)


def _given_url_key(body: dict[str, Any]) -> str | None:
    """The url_key a save's ``custom_attributes`` give (None: not given, or empty)."""
    rows = body.get("custom_attributes")
    found = next((row.get("value") for row in rows if isinstance(row, dict)
                  and row.get("attribute_code") == "url_key"), None) if isinstance(rows, list) else None
    return str(found) if found not in (None, "") else None


def _url_key(call: Call, given: str | None, fallback: str) -> str:
    """``CategoryUrlPathAutogeneratorObserver``: the given key or ``fallback`` formatted; refused when empty."""
    key = url_key(given if given is not None else fallback)
    if not key:
        f = _facts(call)
        message = f["url_key_invalid"] if given is not None else f["url_name_invalid"]
        detail = str(message).replace("%1", given if given is not None else fallback)
        raise input_error(f["save_failed"], [detail])
    return key


def update(call: Call) -> dict[str, Any]:
    """``PUT /V1/categories/{id}``: the path's id names the category."""
    return _update(call, call.int_param("id"), call.obj("category"))


def _update(call: Call, category_id: int, body: dict[str, Any]) -> dict[str, Any]:
    t = category_tree(call)
    if category_id == TREE_ROOT or not t.exists(category_id):
        raise no_such_entity("id", category_id)
    if category_id != t.root_id:  # the observer formats the stored key again: a rename keeps it
        given, kept = _given_url_key(body), str(t.url_key(category_id))
        call.twin.inventory.eav.category_url_keys[category_id] = kept if given is None else \
            _url_key(call, given, kept)
    _fix(call, t, t.place(category_id).parent_id)
    place = call.twin.inventory.eav.category_places.setdefault(category_id, t.place(category_id))
    if body.get("name") is not None:
        if category_id == t.root_id:
            call.twin.inventory.eav.root_name = str(body["name"])
        else:
            call.twin.inventory.categories[category_id] = str(body["name"])
    for flag in ("is_active", "include_in_menu"):
        if body.get(flag) is not None:
            setattr(place, flag, bool(body[flag]))
    if body.get("position") is not None:
        place.position = _int(call, body["position"], "position")
    return category(call, category_id)


def move(call: Call) -> bool:
    """``PUT /V1/categories/{categoryId}/move`` with ``parentId`` and ``afterId``."""
    facts, t = _facts(call), category_tree(call)
    moved = call.int_param("categoryId")
    body = call.obj()
    _known(t, moved)
    parent = _int(call, body.get("parentId"), "parentId")
    _known(t, parent)
    after = _int(call, body["afterId"], "afterId") if body.get("afterId") is not None else None
    siblings = t.children(parent)
    if siblings and (after is None or after > siblings[-1]):
        after = siblings[-1]
    if t.path(parent)[: len(t.path(moved))] == t.path(moved):
        raise input_error(facts["move_into_child"])
    old = t.place(moved)
    _fix(call, t, old.parent_id)
    _fix(call, t, parent)
    places = call.twin.inventory.eav.category_places
    for child in t.children(old.parent_id):  # close the gap
        if child != moved and places[child].position > old.position:
            places[child].position -= 1
    position = t.place(after).position + 1 if after is not None and t.exists(after) else 1
    for child in t.children(parent):  # make room
        if child != moved and places[child].position >= position:
            places[child].position += 1
    places[moved] = CategoryPlace(parent_id=parent, position=position, is_active=old.is_active,
                                  include_in_menu=old.include_in_menu)
    return True


def delete(call: Call) -> bool:
    """``DELETE /V1/categories/{categoryId}``: the category and those under it, with their product assignments."""
    t = category_tree(call)
    category_id = call.int_param("categoryId")
    _known(t, category_id)
    if category_id in (TREE_ROOT, t.root_id):  # a root category a store uses cannot be deleted
        raise MagentoError(400, _facts(call)["delete_failed"], [category_id])
    inventory = call.twin.inventory
    for gone in [category_id, *t.below(category_id)]:
        inventory.categories.pop(gone, None)
        inventory.eav.category_places.pop(gone, None)
        for product in inventory.products.values():
            if gone in product.category_ids:
                product.category_ids.remove(gone)
            inventory.category_positions.pop((gone, product.sku), None)
    return True


def register(app: MagentoApp) -> None:
    """Add the category write routes."""
    r = app.route
    r("POST", "/V1/categories", create)
    r("PUT", "/V1/categories/{id}", update)
    r("PUT", "/V1/categories/{categoryId}/move", move)
    r("DELETE", "/V1/categories/{categoryId}", delete)
