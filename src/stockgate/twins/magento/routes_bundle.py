"""Bundle product options and their children over HTTP (issue 15 item 1), one state with ``GET /V1/products/{sku}``.

As ``catalog.bundle_options`` states them: the option management saves an option named by the body's ``sku``
(the path's option id is not read; an id the bundle lacks makes a new option), the option repository reads and
deletes, the link management adds, updates and removes a bundle's children. A product save carrying
``extension_attributes.bundle_product_options`` replaces the bundle's options; its reads carry them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import bundle as b
from stockgate.twins.magento.errors import MagentoError, input_error

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Inventory, Product


def facts(call: Call) -> dict[str, Any]:
    """The profile fact ``catalog.bundle_options``."""
    return dict(call.twin.profile.value("catalog.bundle_options"))


def _bundle(call: Call, sku: str) -> Product:
    """``OptionRepository::getProduct``: the product, a bundle only."""
    product = call.twin.inventory.product(sku)
    if product.type_id != "bundle":
        raise input_error(facts(call)["not_bundle"])
    return product


def _option(call: Call, product: Product, wanted: Any) -> b.BundleOption:
    found = next((o for o in product.bundle_options if str(o.id) == str(wanted).strip()), None)
    if found is None:
        raise MagentoError(404, facts(call)["option_missing"])
    return found


def _price_of(inventory: Inventory) -> Callable[[str], float | None]:
    """A child's price by SKU (None once the child is gone)."""
    return lambda sku: inventory.products[sku].price if sku in inventory.products else None


def links(inventory: Inventory, product: Product, option: b.BundleOption, *,
          children_read: bool) -> list[dict[str, Any]]:
    """An option's links as an option read or a children read answers them (``catalog.bundle_options``)."""
    return b.link_bodies(option, fixed=product.bundle_price_type == b.FIXED_PRICE, price_of=_price_of(inventory),
                         children_read=children_read)


def option_bodies(inventory: Inventory, product: Product) -> list[dict[str, Any]]:
    """``bundle_product_options`` of a product read and ``GET .../options/all``."""
    return b.option_bodies(product.bundle_options, product.sku, fixed=product.bundle_price_type == b.FIXED_PRICE,
                           price_of=_price_of(inventory))


def option_types(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/bundle-products/options/types``."""
    return [dict(row) for row in facts(call)["types"]]


def list_options(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/bundle-products/{sku}/options/all``."""
    return option_bodies(call.twin.inventory, _bundle(call, call.params["sku"]))


def get_option(call: Call) -> dict[str, Any]:
    """``GET /V1/bundle-products/{sku}/options/{optionId}``: its links as a children read gives them."""
    product = _bundle(call, call.params["sku"])
    option = _option(call, product, call.int_param("optionId"))
    return b.option_body(option, product.sku, links(call.twin.inventory, product, option, children_read=True))


def delete_option(call: Call) -> bool:
    """``DELETE /V1/bundle-products/{sku}/options/{optionId}``."""
    product = _bundle(call, call.params["sku"])
    product.bundle_options.remove(_option(call, product, call.int_param("optionId")))
    product.updated_at = call.twin.clock.magento_time()
    return True


def save_option(call: Call) -> int:
    """``POST /V1/bundle-products/options/add`` and ``PUT /V1/bundle-products/options/{optionId}``: the body decides."""
    raw = call.obj("option")
    product = call.twin.inventory.product(str(raw.get("sku") or ""))
    if product.type_id != "bundle":
        raise input_error(facts(call)["not_bundle"])
    option = save(call, product, raw)
    product.updated_at = call.twin.clock.magento_time()
    return option.id


def _checked(call: Call, raw: Mapping[str, Any]) -> None:
    """The option ``Validator`` (title and type not empty), wrapped by the save action's own message."""
    if any(str(raw.get(k) or "").strip() in ("", "0") for k in ("title", "type")):
        raise input_error(facts(call)["option_not_saved"])


def save(call: Call, product: Product, raw: Mapping[str, Any]) -> b.BundleOption:
    """The option ``SaveAction::save``: a new option with its links, or an update of a stored one and its links."""
    stored = next((o for o in product.bundle_options if raw.get("option_id") and str(o.id) == str(raw["option_id"])),
                  None)
    if stored is None:
        _checked(call, raw)
        option = b.BundleOption(id=call.twin.inventory.next_id("catalog_product_bundle_option"),
                                title=str(raw["title"]), type=str(raw["type"]), required=bool(raw.get("required")),
                                position=_int(raw.get("position")))
        product.bundle_options.append(option)
        for link in raw.get("product_links") or []:
            add_child(call, product, option.id, link)
        return option
    merged = {"title": stored.title, "type": stored.type, **{k: v for k, v in raw.items() if v is not None}}
    _checked(call, merged)
    stored.title, stored.type = str(merged["title"]), str(merged["type"])
    stored.required = bool(merged.get("required", stored.required))
    stored.position = _int(merged.get("position", stored.position))
    if isinstance(raw.get("product_links"), list):
        _update_links(call, product, stored, raw["product_links"])
    return stored


def _update_links(call: Call, product: Product, option: b.BundleOption, given: list[Any]) -> None:
    """Links with an id are saved, stored ones the list leaves out removed, the rest added."""
    rows = [row for row in given if isinstance(row, Mapping)]
    kept = {str(row.get("id")) for row in rows if row.get("id")}
    for row in rows:
        if row.get("id"):
            save_child(call, product, row)
    for selection in [s for s in option.selections if str(s.id) not in kept]:
        _remove(call, product, option.id, selection.sku)
    for row in rows:
        if not row.get("id"):
            add_child(call, product, option.id, row)


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _simple_child(call: Call, raw: Mapping[str, Any]) -> Product:
    """The child the link names (its 404), refused when composite."""
    child = call.twin.inventory.product(str(raw.get("sku") or ""))
    if child.composite:
        raise input_error(facts(call)["composite_child"])
    return child


def add_child(call: Call, product: Product, option_id: int, raw: Mapping[str, Any]) -> int:
    """``LinkManagement::addChild``: a new selection of ``option_id``."""
    f = facts(call)
    if product.type_id != "bundle":
        raise input_error(f["not_bundle_sku"], [product.sku])
    option = next((o for o in product.bundle_options if o.id == option_id), None)
    if option is None:
        raise input_error(f["option_not_in_product"], [product.sku, option_id])
    child = _simple_child(call, raw)
    if any(s.sku == child.sku for s in option.selections):
        raise input_error(f["child_assigned"], [raw.get("sku"), product.sku])
    selection = b.Selection(id=call.twin.inventory.next_id("catalog_product_bundle_selection"), sku=child.sku,
                            option_id=option_id)
    selection.update(raw)
    selection.option_id = option_id
    option.selections.append(selection)
    return selection.id


def save_child(call: Call, product: Product, raw: Mapping[str, Any]) -> bool:
    """``LinkManagement::saveChild``: update the selection the body's id names."""
    f = facts(call)
    if product.type_id != "bundle":
        raise input_error(f["not_bundle_sku"], [product.sku])
    child = _simple_child(call, raw)
    if not raw.get("id"):
        raise input_error(f["link_id_missing"])
    found = [(o, s) for o in product.bundle_options for s in o.selections if str(s.id) == str(raw["id"]).strip()]
    if not found:
        raise input_error(f["link_missing"], [raw["id"]])
    option, selection = found[0]
    selection.update(raw)
    selection.sku = child.sku
    target = next((o for o in product.bundle_options if o.id == selection.option_id), option)
    if target is not option:
        option.selections.remove(selection)
        target.selections.append(selection)
    return True


def _remove(call: Call, product: Product, option_id: int, child_sku: str) -> bool:
    """``LinkManagement::removeChild``: the option's selections of that SKU (case-insensitively)."""
    if product.type_id != "bundle":
        raise input_error(facts(call)["not_bundle_sku"], [product.sku])
    removed = False
    for option in product.bundle_options:
        if option.id == option_id:
            kept = [s for s in option.selections if s.sku.lower() != child_sku.lower()]
            removed = removed or len(kept) < len(option.selections)
            option.selections[:] = kept
    if not removed:
        raise MagentoError(404, facts(call)["child_missing"])
    return True


def children(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/bundle-products/{productSku}/children[?optionId=]``."""
    inventory = call.twin.inventory
    product = inventory.product(call.params["productSku"])
    if product.type_id != "bundle":
        raise input_error(facts(call)["not_bundle"])
    wanted = next((v for k, v in call.request.query if k == "optionId"), None)
    option_id = call.again(params={"optionId": wanted}).int_param("optionId") if wanted is not None else None
    return [row for o in b.ordered(product.bundle_options) if option_id is None or o.id == option_id
            for row in links(inventory, product, o, children_read=True)]


def add_link(call: Call) -> int:
    """``POST /V1/bundle-products/{sku}/links/{optionId}``."""
    product = call.twin.inventory.product(call.params["sku"])
    selection = add_child(call, product, call.int_param("optionId"), call.obj("linkedProduct"))
    product.updated_at = call.twin.clock.magento_time()
    return selection


def update_link(call: Call) -> bool:
    """``PUT /V1/bundle-products/{sku}/links/{id}``: the body's id names the selection, not the path's."""
    product = call.twin.inventory.product(call.params["sku"])
    return save_child(call, product, call.obj("linkedProduct"))


def remove_child(call: Call) -> bool:
    """``DELETE /V1/bundle-products/{sku}/options/{optionId}/children/{childSku}``."""
    product = call.twin.inventory.product(call.params["sku"])
    return _remove(call, product, call.int_param("optionId"), call.params["childSku"])


def replace_all(call: Call, product: Product, rows: Any) -> None:
    """The bundle product ``SaveHandler``: options the list lacks go, the others are saved (a bundle only)."""
    if product.type_id != "bundle" or not isinstance(rows, list) or not rows:
        return
    given = [raw for raw in rows if isinstance(raw, Mapping)]
    ids = {str(raw["option_id"]) for raw in given if raw.get("option_id")}
    product.bundle_options[:] = [o for o in product.bundle_options if str(o.id) in ids]
    for raw in given:
        save(call, product, raw)


def register(app: MagentoApp) -> None:
    """Add the bundle product routes."""
    r = app.route
    r("GET", "/V1/bundle-products/options/types", option_types)
    r("GET", "/V1/bundle-products/{sku}/options/all", list_options)
    r("GET", "/V1/bundle-products/{sku}/options/{optionId}", get_option)
    r("DELETE", "/V1/bundle-products/{sku}/options/{optionId}", delete_option)
    r("POST", "/V1/bundle-products/options/add", save_option)
    r("PUT", "/V1/bundle-products/options/{optionId}", save_option)
    r("GET", "/V1/bundle-products/{productSku}/children", children)
    r("POST", "/V1/bundle-products/{sku}/links/{optionId}", add_link)
    r("PUT", "/V1/bundle-products/{sku}/links/{id}", update_link)
    r("DELETE", "/V1/bundle-products/{sku}/options/{optionId}/children/{childSku}", remove_child)
