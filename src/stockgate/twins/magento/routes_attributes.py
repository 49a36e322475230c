"""Product attributes and their options (issue 15 item 1).

Every attribute a seeded product carries is answered whole (``catalog-data-product-attribute-interface``)
from the profile fact ``catalog.attributes``; the options of a table-sourced select are the values products
use plus those added, less those deleted (``catalog.attribute_options``). Status and visibility answer their
source models' options; other source models' options are not modelled (an empty list). Attribute sets are
``routes_attribute_sets``'; attribute saves and deletes ``routes_attribute_writes``'.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import catalog_eav, routes_category_attributes
from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.numbers import php_int
from stockgate.twins.magento.routes_inventory import listing

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Inventory


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.attributes"))


def _option_facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.attribute_options"))


def ids(call: Call) -> dict[str, int]:
    """Every attribute's id: the seed's, then the table's (``catalog_eav.attribute_ids``), less those deleted."""
    eav = call.twin.inventory.eav
    known = catalog_eav.attribute_ids(call.twin.inventory.attribute_ids, _facts(call)["attributes"])
    known.update(eav.created_ids)
    return {code: i for code, i in known.items() if code not in eav.deleted} if eav.deleted else known


def next_id(call: Call) -> int:
    """An id for a new attribute: after every id given so far, deleted ones too (an auto-increment never reuses)."""
    eav = call.twin.inventory.eav
    known = catalog_eav.attribute_ids(call.twin.inventory.attribute_ids, _facts(call)["attributes"])
    categories = routes_category_attributes.ids(call).values()  # the same eav_attribute table
    return max([*known.values(), *categories, *eav.created_ids.values(), *eav.retired_ids], default=0) + 1


def spec(call: Call, code: str) -> Mapping[str, Any]:
    """The attribute as saved (``catalog_eav.CatalogEav.specs``), else as the table or the seed has it."""
    saved = call.twin.inventory.eav.specs.get(code)
    return saved if saved is not None else catalog_eav.spec_of(_facts(call), code)


def resolve(call: Call, code_or_id: str) -> str:
    """The attribute's code; ``loadByCode`` reads a numeric code as the id. The repository's 404 otherwise."""
    known = ids(call)
    wanted = code_or_id.strip()
    if wanted in known:
        return wanted
    if wanted.isdigit():
        found = next((c for c, i in known.items() if i == int(wanted)), None)
        if found is not None:
            return found
    raise MagentoError(404, _option_facts(call)["missing_attribute"], [code_or_id])


def _register_used(inventory: Inventory, code: str) -> None:
    """Give every value products carry for ``code`` its option id, as the products' own answers do."""
    for product in inventory.products.values():
        if product.attributes.get(code) is not None:
            inventory.option_id(code, product.attributes[code])


def options(call: Call, code: str) -> list[dict[str, Any]]:
    """``eav-data-attribute-option-interface`` rows of ``code`` (``{label, value}``, by option id)."""
    found = spec(call, code)
    if code in catalog_eav.SOURCE_OPTIONS:
        return [{"label": label, "value": value} for value, label in catalog_eav.SOURCE_OPTIONS[code]]
    if not catalog_eav.uses_table(found):
        return []
    inventory = call.twin.inventory
    _register_used(inventory, code)
    eav = inventory.eav
    rows = sorted((eav.option_orders.get(i, 0), i, label) for (attr, label), i in inventory.option_ids.items()
                  if attr == code and i not in eav.removed_options)
    return [{"label": label, "value": str(option_id)} for _order, option_id, label in rows]


def attribute(call: Call, code: str) -> dict[str, Any]:
    """One attribute, whole."""
    facts = _facts(call)
    return catalog_eav.attribute_body(code, ids(call)[code], spec(call, code), options(call, code),
                                      int(facts["entity_type_id"]))


def all_attributes(call: Call) -> list[dict[str, Any]]:
    """Every product attribute, whole, by id."""
    known = ids(call)
    return [attribute(call, code) for code in sorted(known, key=known.__getitem__)]


def get_attribute(call: Call) -> dict[str, Any]:
    """``GET /V1/products/attributes/{attributeCode}``."""
    return attribute(call, resolve(call, call.params["attributeCode"]))


def list_attributes(call: Call) -> dict[str, Any]:
    """``GET /V1/products/attributes`` (searchCriteria required)."""
    return listing(call, all_attributes(call), required=True, entity="product_attribute")


def get_options(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/attributes/{attributeCode}/options``."""
    return options(call, resolve(call, call.params["attributeCode"]))


def _table_attribute(call: Call) -> str:
    """``OptionManagement::loadAttribute``: the attribute, refused unless its options are a source's."""
    code = resolve(call, call.params["attributeCode"])
    found = spec(call, code)
    if not catalog_eav.uses_source(found):
        raise input_error(_option_facts(call)["no_options"], [call.params["attributeCode"]])
    if not catalog_eav.uses_table(found):  # a source model of its own keeps no option rows the twin could write
        raise call.internal_error()
    return code


def add_option(call: Call) -> str:
    """``POST /V1/products/attributes/{attributeCode}/options``: the new option's id, as a string."""
    facts = _option_facts(call)
    option = call.obj("option")
    code = _table_attribute(call)
    label = str(option.get("label") or "").strip()
    if not label:
        raise input_error(facts["empty_label"])
    if any(row["label"] == label for row in options(call, code)):
        raise input_error(facts["duplicate_label"], [option.get("label")])
    inventory = call.twin.inventory
    inventory.option_ids[(code, label)] = max(inventory.option_ids.values(), default=4999) + 1
    option_id = inventory.option_ids[(code, label)]
    if option.get("sort_order") is not None:
        inventory.eav.option_orders[option_id] = php_int(option["sort_order"], call.twin.behaviour.float_fields,
                                                            "sort_order")
    return str(option_id)


def update_option(call: Call) -> bool:
    """``PUT /V1/products/attributes/{attributeCode}/options/{optionId}``: a new label for the option."""
    facts = _option_facts(call)
    option = call.obj("option")
    code = _table_attribute(call)
    wanted = call.params["optionId"].strip()
    label = str(option.get("label") or "").strip()
    if not label:
        raise input_error(facts["empty_label"])
    rows = options(call, code)
    if not any(row["value"] == wanted for row in rows):
        raise input_error(facts["update_missing"], [code, call.params["optionId"]])
    if any(row["label"] == label and row["value"] != wanted for row in rows):
        raise input_error(facts["update_duplicate"], [option.get("label")])
    ids = call.twin.inventory.option_ids
    old = next(key for key, value in ids.items() if key[0] == code and str(value) == wanted)
    del ids[old]
    ids[(code, label)] = int(wanted)
    for product in call.twin.inventory.products.values():  # products carrying the option show its new label's id
        if product.attributes.get(code) == old[1]:
            product.attributes[code] = label
    return True


def delete_option(call: Call) -> bool:
    """``DELETE /V1/products/attributes/{attributeCode}/options/{optionId}``."""
    code = _table_attribute(call)
    wanted = call.params["optionId"].strip()
    if not any(row["value"] == wanted for row in options(call, code)):
        raise MagentoError(404, _option_facts(call)["missing_option"], [code, call.params["optionId"]])
    call.twin.inventory.eav.removed_options.add(int(wanted))
    return True


def types(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/attributes/types`` (fact ``catalog.attribute_types``)."""
    return [dict(row) for row in call.twin.profile.value("catalog.attribute_types")]


def register(app: MagentoApp) -> None:
    """Add the product attribute routes (the options read replaces the catalog module's)."""
    r = app.route
    r("GET", "/V1/products/attributes", list_attributes)
    r("GET", "/V1/products/attributes/types", types)
    r("GET", "/V1/products/attributes/{attributeCode}", get_attribute)
    r("GET", "/V1/products/attributes/{attributeCode}/options", get_options)
    r("POST", "/V1/products/attributes/{attributeCode}/options", add_option)
    r("PUT", "/V1/products/attributes/{attributeCode}/options/{optionId}", update_option)
    r("DELETE", "/V1/products/attributes/{attributeCode}/options/{optionId}", delete_option)
