r"""Attribute sets, their groups and set membership, through both of Magento's services (issue 15 item 1).

``/V1/eav/attribute-sets`` is ``Magento\Eav``'s repository and management (any entity type);
``/V1/products/attribute-sets`` is ``Magento\Catalog``'s, which refuses a set of another entity type and
checks a skeleton first. Groups and assignments are the product services over ``Magento\Eav``'s. The state is
``twins.magento.attribute_sets``, built from the profile fact ``catalog.attribute_sets`` on first use; the
messages and statuses are that fact's. A set deleted through the API keeps its products (the plugin that
deletes them is the admin area's), and their next save is refused (``invalid_product_set``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import routes_attributes as attributes
from stockgate.twins.magento.attribute_sets import AttributeSet, AttributeSets, group_code
from stockgate.twins.magento.errors import MagentoError, input_error, no_such_entity
from stockgate.twins.magento.numbers import php_int
from stockgate.twins.magento.routes_inventory import listing

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Inventory

PRODUCT = "catalog_product"
INVALID_FIELD = "invalid_field"


def facts(call: Call) -> dict[str, Any]:
    """The profile fact ``catalog.attribute_sets``."""
    return dict(call.twin.profile.value("catalog.attribute_sets"))


def state(call: Call) -> AttributeSets:
    """The store's attribute sets: a new store's (the fact's) on first use, then as written."""
    eav = call.twin.inventory.eav
    if eav.sets is None:
        f = facts(call)
        seeded = [code for code in attributes.ids(call) if code not in eav.created_ids]
        eav.sets = AttributeSets.installed(f["entity_types"], f["product_groups"], seeded, PRODUCT)
        product = call.twin.profile.value("catalog.reads")["attribute_set"]
        eav.sets.sets[int(product["attribute_set_id"])].sort_order = int(product["sort_order"])
        for found in eav.sets.sets.values():
            if found.entity_type_id != eav.sets.entity_types[PRODUCT]:
                eav.sets.add_group(found.id, "General", "general", 1, default=True)
    return eav.sets


def product_type(call: Call) -> int:
    """``catalog_product``'s entity type id."""
    return state(call).entity_types[PRODUCT]


def default_set(call: Call) -> int:
    """The product entity type's default set (``Product::getDefaultAttributeSetId``: a new store's Default)."""
    return int(call.twin.profile.value("catalog.reads")["attribute_set"]["attribute_set_id"])


def is_product_set(call: Call, set_id: int) -> bool:
    """Whether ``set_id`` is a set of products (what the product resource model's ``validate`` asks)."""
    found = state(call).sets.get(set_id)
    return found is not None and found.entity_type_id == product_type(call)


def refuse_product_set(call: Call, set_id: int) -> None:
    """``ProductRepository::save``: a product whose set is gone or of another entity type is refused."""
    if not is_product_set(call, set_id):
        f = facts(call)
        raise input_error(f["invalid_product_set"], [f["invalid_product_set_detail"]])


# --- sets ----------------------------------------------------------------------------------------
def _get(call: Call, set_id: int) -> AttributeSet:
    """``Eav AttributeSetRepository::get``: the 404 ``singleField('id')``."""
    found = state(call).sets.get(set_id)
    if found is None:
        raise no_such_entity("id", set_id)
    return found


def _product_set(call: Call, found: AttributeSet) -> AttributeSet:
    """``Catalog SetRepository::validate``: a set of another entity type is refused."""
    if found.entity_type_id != product_type(call):
        raise input_error(facts(call)["non_product"])
    return found


def _rows(call: Call) -> list[dict[str, Any]]:
    """Sets as rows a search filters (``entity_type_code`` is the collection's own filter, not answered)."""
    sets = state(call)
    return [{**s.body(), "entity_type_code": sets.type_code(s.entity_type_id)}
            for s in sorted(sets.sets.values(), key=lambda s: s.id)]


def _listed(call: Call, rows: list[dict[str, Any]]) -> dict[str, Any]:
    page = listing(call, rows, required=True, entity="attribute_set")
    page["items"] = [{k: v for k, v in row.items() if k != "entity_type_code"} for row in page["items"]]
    return page


def eav_list(call: Call) -> dict[str, Any]:
    """``GET /V1/eav/attribute-sets/list``: every entity type's sets (filter ``entity_type_code`` for one type's)."""
    return _listed(call, _rows(call))


def product_list(call: Call) -> dict[str, Any]:
    """``GET /V1/products/attribute-sets/sets/list``: the criteria plus ``entity_type_code = catalog_product``."""
    return _listed(call, [r for r in _rows(call) if r["entity_type_code"] == PRODUCT])


def eav_get(call: Call) -> dict[str, Any]:
    """``GET /V1/eav/attribute-sets/{attributeSetId}``."""
    return _get(call, call.int_param("attributeSetId")).body()


def product_get(call: Call) -> dict[str, Any]:
    """``GET /V1/products/attribute-sets/{attributeSetId}``."""
    return _product_set(call, _get(call, call.int_param("attributeSetId"))).body()


def same_name(stored: str, wanted: str) -> bool:
    """Names compared as MySQL's case-insensitive collation compares them (trailing spaces ignored)."""
    return stored.rstrip().casefold() == wanted.rstrip().casefold()


def _int(call: Call, value: Any, name: str) -> int:
    return php_int(value, call.twin.behaviour.float_fields, name)


def _create(call: Call, entity_type_code: str, body: dict[str, Any], skeleton_id: int) -> dict[str, Any]:
    """``Eav AttributeSetManagement::create``: checks, save, then the skeleton's groups and attributes."""
    f, sets = facts(call), state(call)
    if body.get("attribute_set_id") is not None:
        raise input_error(f[INVALID_FIELD], {"fieldName": "id", "value": body["attribute_set_id"]})
    if skeleton_id == 0:
        raise input_error(f[INVALID_FIELD], {"fieldName": "skeletonId", "value": skeleton_id})
    _get(call, skeleton_id)
    if entity_type_code not in sets.entity_types:  # the message arrives rendered (__($e->getMessage()))
        raise input_error(f["entity_type_missing"].replace("%1", entity_type_code))
    name = str(body.get("attribute_set_name") or "").strip()
    type_id = sets.entity_types[entity_type_code]
    if not name:
        raise input_error(f["name_empty"])
    if any(same_name(s.name, name) and s.entity_type_id == type_id for s in sets.sets.values()):
        raise input_error(f["name_taken"].replace("%1", str(body.get("attribute_set_name"))))
    order = _int(call, body.get("sort_order") or 0, "sort_order")
    made = sets.add_set(str(body["attribute_set_name"]), type_id, order)
    sets.copy_skeleton(made.id, skeleton_id)
    return made.body()


def eav_create(call: Call) -> dict[str, Any]:
    """``POST /V1/eav/attribute-sets`` {entityTypeCode, attributeSet, skeletonId}."""
    body = call.obj()
    return _create(call, str(body.get("entityTypeCode") or ""), call.obj("attributeSet"),
                   _int(call, body.get("skeletonId") or 0, "skeletonId"))


def product_create(call: Call) -> dict[str, Any]:
    """``POST /V1/products/attribute-sets`` {attributeSet, skeletonId}: the skeleton is checked first."""
    f = facts(call)
    skeleton = _int(call, call.obj().get("skeletonId") or 0, "skeletonId")
    found = state(call).sets.get(skeleton)
    if found is None:
        raise input_error(f["skeleton_missing"])
    if found.entity_type_id != product_type(call):
        raise input_error(f["skeleton_non_product"])
    return _create(call, PRODUCT, call.obj("attributeSet"), skeleton)


def _save(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """``Eav AttributeSetRepository::save``: the path's id wins; a duplicate name is a save failure.

    The repository answers the object it was given (sent fields and the id); a set id no row has updates nothing.
    """
    sets, set_id = state(call), call.int_param("attributeSetId")
    answer = {**body, "attribute_set_id": set_id}
    found = sets.sets.get(set_id)
    if found is None:
        return answer
    name = str(body["attribute_set_name"]) if body.get("attribute_set_name") is not None else found.name
    type_id = _int(call, body["entity_type_id"], "entity_type_id") if body.get("entity_type_id") is not None \
        else found.entity_type_id
    if any(s.id != set_id and same_name(s.name, name) and s.entity_type_id == type_id for s in sets.sets.values()):
        raise input_error(facts(call)["save_failed"])
    found.name, found.entity_type_id = name, type_id
    if body.get("sort_order") is not None:
        found.sort_order = _int(call, body["sort_order"], "sort_order")
    return answer


def eav_save(call: Call) -> dict[str, Any]:
    """``PUT /V1/eav/attribute-sets/{attributeSetId}`` {attributeSet}."""
    return _save(call, call.obj("attributeSet"))


def product_save(call: Call) -> dict[str, Any]:
    """``PUT /V1/products/attribute-sets/{attributeSetId}``: the body's entity type must be catalog_product's."""
    body = call.obj("attributeSet")
    if body.get("entity_type_id") is None or _int(call, body["entity_type_id"], "entity_type_id") != \
            product_type(call):
        raise input_error(facts(call)["non_product"])
    return _save(call, body)


def _delete(call: Call, found: AttributeSet) -> bool:
    """``Eav AttributeSetRepository::delete``: never the entity type's default set; products stay."""
    sets = state(call)
    if sets.entity_types.get(sets.type_code(found.entity_type_id)) == found.id:
        raise input_error(facts(call)["default_delete"])
    sets.remove_set(found.id)
    return True


def eav_delete(call: Call) -> bool:
    """``DELETE /V1/eav/attribute-sets/{attributeSetId}``."""
    return _delete(call, _get(call, call.int_param("attributeSetId")))


def product_delete(call: Call) -> bool:
    """``DELETE /V1/products/attribute-sets/{attributeSetId}``."""
    return _delete(call, _product_set(call, _get(call, call.int_param("attributeSetId"))))


def _string_id(call: Call) -> int:
    """A set id the contract types as a string: what is no number loads no set (-1 here: a 404, not a type error)."""
    raw = call.params["attributeSetId"].strip()
    return int(raw) if raw.isdigit() else -1


def set_attributes(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/attribute-sets/{attributeSetId}/attributes``: the attributes the set holds, whole."""
    raw, set_id = call.params["attributeSetId"], _string_id(call)  # the service takes the id as a string
    found = state(call).sets.get(set_id)
    if found is None:
        raise no_such_entity("id", raw)
    if found.entity_type_id != product_type(call):
        raise no_such_entity("attributeSetId", raw)
    known = attributes.ids(call)
    return [attributes.attribute(call, code) for code in state(call).codes_in(set_id) if code in known]


# --- groups --------------------------------------------------------------------------------------
def group_list(call: Call) -> dict[str, Any]:
    """``GET /V1/products/attribute-sets/groups/list`` (``attribute_set_id`` and ``attribute_group_code`` filter)."""
    groups = sorted(state(call).groups.values(), key=lambda g: g.id)
    rows = [{**g.body(), "attribute_group_code": g.code, "sort_order": g.sort_order} for g in groups]
    page = listing(call, rows, required=True, entity="attribute_group")
    page["items"] = [{k: v for k, v in row.items() if k not in ("attribute_group_code", "sort_order")}
                     for row in page["items"]]
    return page


def _group_save(call: Call, body: dict[str, Any]) -> dict[str, Any]:
    """``ProductAttributeGroupRepository::save`` over ``Eav GroupRepository::save``."""
    f, sets = facts(call), state(call)
    set_id = _int(call, body.get("attribute_set_id") or 0, "attribute_set_id")
    if set_id not in sets.sets:
        raise no_such_entity("attributeSetId", body.get("attribute_set_id"))
    extension = body.get("extension_attributes") or {}
    name = str(body.get("attribute_group_name") or "").strip()
    group_id = _int(call, body["attribute_group_id"], "attribute_group_id") if body.get("attribute_group_id") else 0
    if group_id:
        existing = sets.groups.get(group_id)
        if existing is None:
            raise no_such_entity("attributeGroupId", None)
        if existing.set_id != set_id:
            raise input_error(f["group_other_set"])
    clash = any(g.set_id == set_id and same_name(g.name, name) and g.id != group_id for g in sets.groups.values())
    if not name or clash:
        raise input_error(f["group_save_failed"])
    code = str(extension.get("attribute_group_code") or "") or group_code(name)
    order = _int(call, extension.get("sort_order") or 0, "sort_order") or \
        max((g.sort_order for g in sets.groups_of(set_id)), default=0) + 1
    if group_id:
        group = sets.groups[group_id]
        group.name, group.code, group.sort_order = name, code, order
    else:
        group = sets.add_group(set_id, name, code, order)
    return group.body()


def group_create(call: Call) -> dict[str, Any]:
    """``POST /V1/products/attribute-sets/groups`` {group}."""
    return _group_save(call, call.obj("group"))


def group_update(call: Call) -> dict[str, Any]:
    """``PUT /V1/products/attribute-sets/{attributeSetId}/groups`` {group}: the path's set id wins."""
    return _group_save(call, {**call.obj("group"), "attribute_set_id": call.params["attributeSetId"]})


def group_delete(call: Call) -> bool:
    """``DELETE /V1/products/attribute-sets/groups/{groupId}``: not while it holds a system attribute."""
    f, sets = facts(call), state(call)
    group_id = call.int_param("groupId")
    group = sets.groups.get(group_id)
    if group is None:
        raise MagentoError(404, f["group_missing"], [call.params["groupId"]])
    held = [code for (set_id, code), e in sets.entries.items() if set_id == group.set_id and e.group_id == group_id]
    if any(not attributes.spec(call, code).get("user_defined") for code in held):
        raise input_error(f["group_system"])
    sets.remove_group(group_id)
    return True


# --- membership ----------------------------------------------------------------------------------
def assign(call: Call) -> int:
    """``POST /V1/products/attribute-sets/attributes``: the attribute's row id in the set."""
    f, sets, body = facts(call), state(call), call.obj()
    set_id = _int(call, body.get("attributeSetId") or 0, "attributeSetId")
    found = sets.sets.get(set_id)
    if found is None:
        raise MagentoError(404, f["assign_set_missing"], [body.get("attributeSetId")])
    if found.entity_type_id != product_type(call):
        raise input_error(f["assign_wrong_type"])
    group_id = _int(call, body.get("attributeGroupId") or 0, "attributeGroupId")
    group = sets.groups.get(group_id)
    if group is None:
        raise MagentoError(404, f["group_missing"], [body.get("attributeGroupId")])
    if group.set_id != set_id:
        raise input_error(f["assign_group_other_set"])
    code = attributes.resolve(call, str(body.get("attributeCode") or ""))
    return sets.assign(set_id, group_id, code, _int(call, body.get("sortOrder") or 0, "sortOrder"))


def unassign(call: Call) -> bool:
    """``DELETE /V1/products/attribute-sets/{attributeSetId}/attributes/{attributeCode}``.

    The set's products lose the attribute's values (``RemoveProductAttributeData``).
    """
    f, sets = facts(call), state(call)
    set_id = _string_id(call)
    if set_id not in sets.sets:
        raise MagentoError(404, f["unassign_set_missing"], [call.params["attributeSetId"]])
    code = attributes.resolve(call, call.params["attributeCode"])
    if sets.group_of(set_id, code) is None:
        raise input_error(f["unassign_not_in_set"], [call.params["attributeCode"], call.params["attributeSetId"]])
    if not attributes.spec(call, code).get("user_defined"):
        raise input_error(f["system_attribute"])
    inventory = call.twin.inventory
    if any(code in p.configurable_attributes for p in inventory.products.values() if p.attribute_set_id == set_id):
        raise input_error(f["locked"], [code, f["configurable_lock"]])
    sets.unassign(set_id, code)
    drop_values(inventory, code, set_id)
    return True


def drop_values(inventory: Inventory, code: str, set_id: int | None = None) -> None:
    """The attribute's values leave the products (of ``set_id`` only, when given): their value rows go."""
    for product in inventory.products.values():
        if set_id is None or product.attribute_set_id == set_id:
            product.attributes.pop(code, None)
            product.values.pop(code, None)
            if code == "cost":
                inventory.eav.costs.pop(product.sku, None)


def register(app: MagentoApp) -> None:
    """Add the attribute set, group and membership routes."""
    r = app.route
    r("GET", "/V1/eav/attribute-sets/list", eav_list)
    r("GET", "/V1/eav/attribute-sets/{attributeSetId}", eav_get)
    r("POST", "/V1/eav/attribute-sets", eav_create)
    r("PUT", "/V1/eav/attribute-sets/{attributeSetId}", eav_save)
    r("DELETE", "/V1/eav/attribute-sets/{attributeSetId}", eav_delete)
    r("GET", "/V1/products/attribute-sets/sets/list", product_list)
    r("GET", "/V1/products/attribute-sets/{attributeSetId}", product_get)
    r("POST", "/V1/products/attribute-sets", product_create)
    r("PUT", "/V1/products/attribute-sets/{attributeSetId}", product_save)
    r("DELETE", "/V1/products/attribute-sets/{attributeSetId}", product_delete)
    r("GET", "/V1/products/attribute-sets/{attributeSetId}/attributes", set_attributes)
    r("GET", "/V1/products/attribute-sets/groups/list", group_list)
    r("POST", "/V1/products/attribute-sets/groups", group_create)
    r("PUT", "/V1/products/attribute-sets/{attributeSetId}/groups", group_update)
    r("DELETE", "/V1/products/attribute-sets/groups/{groupId}", group_delete)
    r("POST", "/V1/products/attribute-sets/attributes", assign)
    r("DELETE", "/V1/products/attribute-sets/{attributeSetId}/attributes/{attributeCode}", unassign)
