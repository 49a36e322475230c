"""The price storage APIs a catalog sync uses on 2.2 and later: base, special prices and cost (issue 15 item 1).

As ``catalog.price_storage`` states ``BasePriceStorage`` and ``CostStorage``: an update checks each row (a
missing SKU, one not found - case-insensitively - or of a type the storage does not take; a missing or
negative value; an unknown store), answers the rows that failed as ``{message, parameters}`` and writes the
others; an empty list means every row was written. A base price is the product's ``price`` in every read; a
cost is its ``cost`` custom attribute, a special price its ``special_price`` and date attributes
(``catalog.special_price_storage``). The information calls drop SKUs that are unknown or of another type.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import serialize_catalog as out
from stockgate.twins.magento.catalog_eav import SpecialPrice
from stockgate.twins.magento.errors import input_error
from stockgate.twins.magento.numbers import shown

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Product


def php_text(value: Any) -> str:
    """A failed row's parameter as PHP casts it to a string (``12.0`` is ``12``; null is empty)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return shown(value)


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.price_storage"))


def find_product(call: Call, sku: Any) -> Product | None:
    """The product with ``sku``, matched as ``array_udiff(..., 'strcasecmp')`` does (case-insensitively)."""
    if not isinstance(sku, str) or not sku:
        return None
    products = call.twin.inventory.products
    return products.get(sku) or next((p for s, p in products.items() if s.lower() == sku.lower()), None)


def _store_ids(call: Call) -> set[int]:
    """Store 0 (admin) and every store view."""
    return {0, *range(1, len(call.twin.inventory.stores) + 1)}


def price_rows(call: Call, name: str) -> list[dict[str, Any]]:
    """The body's ``name`` rows (objects; anything else an empty row); the required-field 400 without them."""
    body = call.obj()
    rows = body.get(name)
    if not isinstance(rows, list):
        raise input_error('"%fieldName" is required. Enter and try again.', {"fieldName": name})
    return [row if isinstance(row, dict) else {} for row in rows]


def _failures(call: Call, row: dict[str, Any], field: str, types: list[str]) -> list[dict[str, Any]]:
    """What ``retrieveValidPrices`` finds wrong with one row, in its order."""
    facts = _facts(call)
    sku, value, store = row.get("sku"), row.get(field), row.get("store_id")
    product = find_product(call, sku)
    found = []
    if product is None or product.type_id not in types:
        found.append({"message": facts["invalid"], "parameters": ["SKU", php_text(sku)]})
    if value is None or value < 0:
        found.append({"message": facts["invalid"], "parameters": [field.title(), php_text(value)]})
    if store not in _store_ids(call):
        sku_text, store_text = php_text(sku), php_text(store)
        message = str(facts["store_missing"]).replace("%SKU", sku_text).replace("%storeId", store_text)
        found.append({"message": message, "parameters": [sku_text, store_text]})
    return found


def _update(call: Call, field: str, types: list[str], write: Any) -> list[dict[str, Any]]:
    failed: list[dict[str, Any]] = []
    for row in price_rows(call, "prices"):
        problems = _failures(call, row, field, types)
        failed += problems
        if not problems:
            write(find_product(call, row["sku"]), float(row[field]))
    return failed


def valid_products(call: Call, types: list[str]) -> list[Product]:
    """The body's ``skus`` as products, less those unknown or of a type not in ``types`` (``filterSkuList``)."""
    body = call.obj()
    skus = body.get("skus")
    found = [find_product(call, sku) for sku in skus] if isinstance(skus, list) else []
    return [p for p in found if p is not None and p.type_id in types]


def base_prices(call: Call) -> list[dict[str, Any]]:
    """``POST /V1/products/base-prices``: the failed rows; the rest become the products' prices."""
    def write(product: Product, value: float) -> None:
        product.price = value
    return _update(call, "price", _facts(call)["base_price_types"], write)


def base_prices_information(call: Call) -> list[dict[str, Any]]:
    """``POST /V1/products/base-prices-information``: one row per product (its store 0 price)."""
    products = valid_products(call, _facts(call)["base_price_types"])
    return [{"price": out.number(p.price), "store_id": 0, "sku": p.sku} for p in products]


def cost(call: Call) -> list[dict[str, Any]]:
    """``POST /V1/products/cost``: the failed rows; the rest are the products' costs."""
    costs = call.twin.inventory.eav.costs

    def write(product: Product, value: float) -> None:
        costs[product.sku] = value
    return _update(call, "cost", _facts(call)["cost_types"], write)


def cost_information(call: Call) -> list[dict[str, Any]]:
    """``POST /V1/products/cost-information``: a row per product that has a cost."""
    costs = call.twin.inventory.eav.costs
    return [{"cost": out.number(costs[p.sku]), "store_id": 0, "sku": p.sku}
            for p in valid_products(call, _facts(call)["cost_types"]) if p.sku in costs]


def cost_delete(call: Call) -> bool:
    """``POST /V1/products/cost-delete``: the costs of the valid SKUs go; true."""
    for product in valid_products(call, _facts(call)["cost_types"]):
        call.twin.inventory.eav.costs.pop(product.sku, None)
    return True


def register(app: MagentoApp) -> None:
    """Add the base price and cost routes."""
    r = app.route
    r("POST", "/V1/products/base-prices", base_prices)
    r("POST", "/V1/products/base-prices-information", base_prices_information)
    r("POST", "/V1/products/cost", cost)
    r("POST", "/V1/products/cost-information", cost_information)
    r("POST", "/V1/products/cost-delete", cost_delete)
    register_special(app)


# --- special prices (fact catalog.special_price_storage) ------------------------------------------------------
def _special_facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.special_price_storage"))


def _render(message: str, values: dict[str, str]) -> str:
    """``Phrase`` placeholders replaced longest name first, as ``strtr`` does."""
    for name in sorted(values, key=len, reverse=True):
        message = message.replace(f"%{name}", values[name])
    return message


def _is_date(value: str, layout: str) -> bool:
    """Whether ``value`` reads back unchanged through ``date('Y-m-d H:i:s', strtotime($value))``."""
    try:
        return datetime.strptime(value, layout).strftime(layout) == value
    except ValueError:
        return False


def _special_failures(call: Call, row: dict[str, Any]) -> list[dict[str, Any]]:
    """``SpecialPriceStorage::retrieveValidPrices`` for one row, in its order."""
    facts = _special_facts(call)
    sku, store, price = row.get("sku"), row.get("store_id"), row.get("price")
    info = {"SKU": php_text(sku), "storeId": php_text(store), "priceFrom": php_text(row.get("price_from")),
            "priceTo": php_text(row.get("price_to"))}
    found: list[tuple[str, dict[str, str]]] = []
    product = find_product(call, sku)
    if product is None or product.type_id not in facts["types"]:
        found.append((facts["sku_missing"], {}))
    if facts["price_scope"] == "global" and store != 0:
        found.append((facts["not_global"], {}))
    if store not in _store_ids(call):
        found.append((facts["store_missing"], {}))
    if price is None or price < 0:
        found.append((facts["price_invalid"], {"price": php_text(price)}))
    for label, key in (("Price From", "price_from"), ("Price To", "price_to")):
        if row.get(key) and not _is_date(str(row[key]), facts["date_format"]):
            found.append((facts["date_invalid"], {"label": label}))
    return [{"message": _render(message, {**first, **info}), "parameters": [*first.values(), *info.values()]}
            for message, first in found]


def _specialprice_rows(call: Call, act: Any) -> list[dict[str, Any]]:
    failed: list[dict[str, Any]] = []
    for row in price_rows(call, "prices"):
        problems = _special_failures(call, row)
        failed += problems
        if not problems:
            act(find_product(call, row["sku"]), row)
    return failed


def special_prices(call: Call) -> list[dict[str, Any]]:
    """``POST /V1/products/special-price``: the failed rows; the rest become the products' special prices."""
    special = call.twin.inventory.eav.special

    def write(product: Product, row: dict[str, Any]) -> None:
        special[product.sku] = SpecialPrice(price=float(row["price"]), price_from=row.get("price_from") or None,
                                            price_to=row.get("price_to") or None)
    return _specialprice_rows(call, write)


def special_prices_delete(call: Call) -> list[dict[str, Any]]:
    """``POST /V1/products/special-price-delete``: the failed rows; the rest lose their special price."""
    special = call.twin.inventory.eav.special
    return _specialprice_rows(call, lambda product, _row: special.pop(product.sku, None))


def special_prices_information(call: Call) -> list[dict[str, Any]]:
    """``POST /V1/products/special-price-information``: a row per product with a special price."""
    special = call.twin.inventory.eav.special
    return [{"price": out.number(special[p.sku].price), "store_id": 0, "sku": p.sku,
             "price_from": special[p.sku].price_from, "price_to": special[p.sku].price_to}
            for p in valid_products(call, _special_facts(call)["types"]) if p.sku in special]


def register_special(app: MagentoApp) -> None:
    """Add the special price routes."""
    r = app.route
    r("POST", "/V1/products/special-price", special_prices)
    r("POST", "/V1/products/special-price-delete", special_prices_delete)
    r("POST", "/V1/products/special-price-information", special_prices_information)
