"""Product custom options over HTTP (issue 15 item 1): the option repository and a product save carrying ``options``.

As ``catalog.custom_options`` states them: ``POST /V1/products/options`` and ``PUT /V1/products/options/{optionId}``
are the same repository save, which reads the option id from the body only (the path's is not passed); a save
refuses an option without ``product_sku`` before anything else, then loads the product (its 404), then an id the
product lacks; the validator's messages are one 400; an update removes the stored values it leaves out. Reads
and deletes refuse an id the product lacks with ``NoSuchEntityException::singleField('optionId', …)``. Every
change shows in ``GET /V1/products/{sku}`` (``options``, ``has_options``, ``required_options``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import custom_options as co
from stockgate.twins.magento.errors import MagentoError, input_error, no_such_entity

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Product


def facts(call: Call) -> dict[str, Any]:
    """The profile fact ``catalog.custom_options``."""
    return dict(call.twin.profile.value("catalog.custom_options"))


def _option(call: Call, product: Product, wanted: str) -> co.CustomOption:
    found = next((o for o in product.options if str(o.id) == wanted.strip()), None)
    if found is None:
        raise no_such_entity("optionId", call.int_param("optionId"))
    return found


def list_options(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/{sku}/options``."""
    return co.bodies(call.twin.inventory.product(call.params["sku"]).options)


def get_option(call: Call) -> dict[str, Any]:
    """``GET /V1/products/{sku}/options/{optionId}``."""
    product = call.twin.inventory.product(call.params["sku"])
    return _option(call, product, call.params["optionId"]).body()


def delete_option(call: Call) -> bool:
    """``DELETE /V1/products/{sku}/options/{optionId}``."""
    product = call.twin.inventory.product(call.params["sku"])
    product.options.remove(_option(call, product, call.params["optionId"]))
    product.updated_at = call.twin.clock.magento_time()
    return True


def save_option(call: Call) -> dict[str, Any]:
    """``POST /V1/products/options`` and ``PUT /V1/products/options/{optionId}``: the repository's save."""
    raw = call.obj("option")
    f = facts(call)
    if not raw.get("product_sku"):
        raise input_error(f["sku_empty"])
    product = call.twin.inventory.product(str(raw["product_sku"]))
    stored = None
    if raw.get("option_id"):
        stored = next((o for o in product.options if str(o.id) == str(raw["option_id"]).strip()), None)
        if stored is None:
            raise MagentoError(404, f["option_missing"])
    option = build(call, product, raw, stored)
    product.options[:] = [o for o in product.options if o is not stored] + [option]
    product.updated_at = call.twin.clock.magento_time()
    return option.body()


def build(call: Call, product: Product, raw: Mapping[str, Any], stored: co.CustomOption | None) -> co.CustomOption:
    """The validated option ``raw`` describes for ``product`` (keeping ``stored``'s id and the values it names)."""
    f = facts(call)
    types = [row["code"] for row in call.twin.profile.value("catalog.type_lists")["custom_option_types"]]
    found = co.problems(raw, f, types)
    if found:
        raise input_error(str(f["message_separator"]).join(found))
    inventory = call.twin.inventory
    kept = {v.id: v for v in stored.values} if stored is not None else {}
    return co.build(raw, option_id=stored.id if stored is not None else inventory.next_id("catalog_product_option"),
                    sku=product.sku, select=raw.get("type") in f["select_types"], value_ids=kept,
                    next_value_id=lambda: inventory.next_id("catalog_product_option_type_value"))


def check_all(call: Call, rows: Any) -> None:
    """Refuse a product save whose ``options`` the validator refuses, before anything is written."""
    f = facts(call)
    types = [row["code"] for row in call.twin.profile.value("catalog.type_lists")["custom_option_types"]]
    for raw in rows if isinstance(rows, list) else []:
        found = co.problems(raw, f, types) if isinstance(raw, Mapping) else []
        if found:
            raise input_error(str(f["message_separator"]).join(found))


def replace_all(call: Call, product: Product, rows: Any) -> None:
    """A product save carrying ``options``: the list replaces the stored options (the option ``SaveHandler``)."""
    if not isinstance(rows, list):
        return
    built = []
    for raw in rows:
        if not isinstance(raw, Mapping):
            continue
        stored = next((o for o in product.options if raw.get("option_id") and str(o.id) == str(raw["option_id"])),
                      None)
        built.append(build(call, product, raw, stored))
    product.options[:] = built


def register(app: MagentoApp) -> None:
    """Add the custom option routes."""
    r = app.route
    r("GET", "/V1/products/{sku}/options", list_options)
    r("GET", "/V1/products/{sku}/options/{optionId}", get_option)
    r("DELETE", "/V1/products/{sku}/options/{optionId}", delete_option)
    r("POST", "/V1/products/options", save_option)
    r("PUT", "/V1/products/options/{optionId}", save_option)
