"""Configurable options and children: reads by id and the writes a catalog connector makes (issue 15 item 1).

``OptionRepository`` and ``LinkManagement`` as the profile fact ``catalog.configurable_writes`` states them: a
new option is validated (every missing part in one aggregate 400), takes the id of the product's option for
the same attribute if it has one, and turns a simple product configurable; an update by id refuses an option
of another product; a delete unlinks every child with the option; a child is attached only when the parent
has options and the child a value of each option's attribute. Every change shows in ``GET /V1/products/{sku}``
(``configurable_product_options`` and ``configurable_product_links``) and in the stock and salable reads
(a configurable is salable through its children).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import catalog_eav
from stockgate.twins.magento import serialize_catalog as out
from stockgate.twins.magento.catalog_eav import ConfigurableOption
from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.numbers import php_int

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Product


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.configurable_writes"))


def _configurable(call: Call, sku: str) -> Product:
    """``OptionRepository::getProduct``: the product (its 404), refused unless configurable."""
    product = call.twin.inventory.product(sku)
    if product.type_id != "configurable":
        raise input_error(_facts(call)["not_configurable"], [sku])
    return product


def _options(call: Call, product: Product) -> list[ConfigurableOption]:
    return call.twin.inventory.eav.options_of(product.sku, product.id, product.configurable_attributes)


def _touch(call: Call, product: Product) -> None:
    product.updated_at = call.twin.clock.magento_time()


def get_option(call: Call) -> dict[str, Any]:
    """``GET /V1/configurable-products/{sku}/options/{id}``: one of ``options/all``."""
    product = _configurable(call, call.params["sku"])
    wanted = call.params["id"]
    for row in out.configurable_options(call.twin.inventory, product):
        if str(row["id"]) == wanted.strip():
            return row
    raise MagentoError(404, _facts(call)["option_get_missing"], [wanted])


def _validate_new(call: Call, option: dict[str, Any]) -> None:
    """``validateNewOptionData``: every missing part; one is the error, more are listed under the aggregate."""
    facts = _facts(call)
    attribute, label, values, index = facts["option_validation"]
    found = [m for m, missing in ((attribute, not option.get("attribute_id")), (label, not option.get("label")),
                                   (values, not option.get("values"))) if missing]
    found += [index for v in option.get("values") or [] if (v or {}).get("value_index") is None]
    if len(found) == 1:
        raise input_error(found[0])
    if found:
        raise MagentoError(400, facts["aggregate_message"], errors=[{"message": m, "parameters": []} for m in found])


def _attribute_code(call: Call, attribute_id: Any) -> str:
    """The code of the attribute an option names by id; Magento's save fails on an unknown one."""
    inventory = call.twin.inventory
    table = call.twin.profile.value("catalog.attributes")["attributes"]
    ids = catalog_eav.attribute_ids(inventory.attribute_ids, table)
    wanted = php_int(attribute_id, call.twin.behaviour.float_fields, "attribute_id")
    code = next((c for c, i in ids.items() if i == wanted), None)
    if code is None:  # the foreign key on catalog_product_super_attribute refuses it
        raise input_error("An error occurred while saving the option. Please try to save again.")
    inventory.attribute_ids.setdefault(code, wanted)
    return code


def save_option(call: Call) -> int:
    """``POST /V1/configurable-products/{sku}/options``: a new option (or the update of the one given by id)."""
    option = call.obj("option")
    if option.get("id"):
        return _update(call, call.params["sku"], option)
    product = call.twin.inventory.product(call.params["sku"])
    _validate_new(call, option)
    if product.type_id not in {"simple", "virtual", "configurable"}:
        raise call.internal_error()  # \InvalidArgumentException('Incompatible product type'): no LocalizedException
    code = _attribute_code(call, option["attribute_id"])
    eav = call.twin.inventory.eav
    seeded = _options(call, product)  # seeded options take their ids before the list changes
    existing = next((o for o in seeded if o.code == code), None)
    highest = max((p.id * 10 + len(p.configurable_attributes) for p in call.twin.inventory.products.values()),
                  default=0)
    option_id = existing.id if existing else eav.next_option_id(highest)
    position = php_int(option.get("position") or 0, call.twin.behaviour.float_fields, "position")
    eav.configurable[(product.sku, code)] = ConfigurableOption(id=option_id, code=code, label=str(option["label"]),
                                                               position=position)
    if code not in product.configurable_attributes:
        product.configurable_attributes.append(code)
    product.type_id = "configurable"
    _touch(call, product)
    return option_id


def update_option(call: Call) -> int:
    """``PUT /V1/configurable-products/{sku}/options/{id}``: the path's id overrides the body's."""
    option = {**call.obj("option"), "id": call.params["id"]}
    return _update(call, call.params["sku"], option)


def _update(call: Call, sku: str, option: dict[str, Any]) -> int:
    product = _configurable(call, sku)
    wanted = str(option["id"]).strip()
    found = next((o for o in _options(call, product) if str(o.id) == wanted), None)
    if found is None:
        raise MagentoError(404, _facts(call)["option_missing"], [option["id"]])
    if option.get("label"):
        found.label = str(option["label"])
    if option.get("position") is not None:
        found.position = php_int(option["position"], call.twin.behaviour.float_fields, "position")
    _touch(call, product)
    return found.id


def delete_option(call: Call) -> bool:
    """``DELETE /V1/configurable-products/{sku}/options/{id}``: the option goes, and every child link with it."""
    product = _configurable(call, call.params["sku"])
    wanted = call.params["id"].strip()
    found = next((o for o in _options(call, product) if str(o.id) == wanted), None)
    if found is None:
        raise MagentoError(404, _facts(call)["option_delete_missing"])
    product.children.clear()  # saveProducts($product, []): the configurable keeps no child
    product.configurable_attributes.remove(found.code)
    del call.twin.inventory.eav.configurable[(product.sku, found.code)]
    _touch(call, product)
    return True


def add_child(call: Call) -> bool:
    """``POST /V1/configurable-products/{sku}/child`` with ``childSku``."""
    facts = _facts(call)
    inventory = call.twin.inventory
    body = call.obj()
    product = inventory.product(call.params["sku"])
    child = inventory.product(str(body.get("childSku") or ""))
    if child.sku in product.children:
        raise input_error(facts["child_attached"])
    if product.type_id != "configurable" or not product.configurable_attributes:
        raise input_error(facts["no_options"])
    for option in _options(call, product):
        if not child.attributes.get(option.code):
            raise input_error(facts["child_lacks_value"], [option.code])
    product.children.append(child.sku)
    _touch(call, product)
    return True


def remove_child(call: Call) -> bool:
    """``DELETE /V1/configurable-products/{sku}/children/{childSku}``."""
    facts = _facts(call)
    product = call.twin.inventory.product(call.params["sku"])
    if product.type_id != "configurable":
        raise input_error(facts["remove_not_configurable"], [product.sku])
    if call.params["childSku"] not in product.children:
        raise MagentoError(404, facts["remove_missing"])
    product.children.remove(call.params["childSku"])
    _touch(call, product)
    return True


def register(app: MagentoApp) -> None:
    """Add the configurable option and child routes."""
    r = app.route
    r("GET", "/V1/configurable-products/{sku}/options/{id}", get_option)
    r("POST", "/V1/configurable-products/{sku}/options", save_option)
    r("PUT", "/V1/configurable-products/{sku}/options/{id}", update_option)
    r("DELETE", "/V1/configurable-products/{sku}/options/{id}", delete_option)
    r("POST", "/V1/configurable-products/{sku}/child", add_child)
    r("DELETE", "/V1/configurable-products/{sku}/children/{childSku}", remove_child)
