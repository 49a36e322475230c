"""What a product save writes besides the product's own fields: attribute values and tier prices (issue 15).

Custom attributes (profile fact ``catalog.product_save_values``): a save's ``custom_attributes`` of a
user-defined attribute are stored when the attribute is in the product's set (the EAV create and update
handlers walk the set's attributes only) and ignored otherwise, as are codes of no attribute. No option check
is made: a select keeps the id it is given, a known option's label is kept so that renames follow it, an
unknown id is kept as given; a multiselect's list is joined with commas; an empty value deletes the stored one.

Tier prices: ``tier_prices`` in a save replace the product's rows (the ``TierPrice`` update handler deletes
the rows not given, inserts the new and updates the rest), the same rows the tier price APIs write; a save
without them keeps them. The ``Tierprice`` backend refuses bad percentages first, then duplicates and bad
prices, row by row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import routes_attribute_sets as sets
from stockgate.twins.magento import routes_attributes as attributes
from stockgate.twins.magento.catalog_eav import TierPrice, uses_table
from stockgate.twins.magento.errors import input_error

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call
    from stockgate.twins.magento.state import Product


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.product_save_values"))


def _empty(value: Any) -> bool:
    """``AbstractAttribute::isValueEmpty`` for what JSON carries: null, ``""`` or an empty list."""
    return value is None or value in ("", [])


def _stored(value: Any) -> str:
    """The value as its column keeps it: a list joined with commas (``ArrayBackend``), a scalar as text."""
    if isinstance(value, list):
        return ",".join(_stored(v) for v in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _label_of(call: Call, code: str, option_id: str) -> str | None:
    """The label of option ``option_id`` of ``code`` when the option table holds it."""
    inventory = call.twin.inventory
    if not option_id.isdigit() or int(option_id) in inventory.eav.removed_options:
        return None
    return next((label for (attr, label), i in inventory.option_ids.items() if attr == code and i == int(option_id)),
                None)


def write_values(call: Call, product: Product, raw: Mapping[str, Any]) -> None:
    """Store the save's values of user-defined attributes in the product's set; ignore the rest."""
    rows = raw.get("custom_attributes")
    if not isinstance(rows, list):
        return
    known, in_set = attributes.ids(call), sets.state(call)
    for row in rows:
        code = row.get("attribute_code") if isinstance(row, Mapping) else None
        if code not in known or in_set.group_of(product.attribute_set_id, str(code)) is None:
            continue
        spec = attributes.spec(call, str(code))
        if not spec.get("user_defined"):
            continue  # core attributes keep the twin's own handling (price_type, url_key ...)
        _write(call, product, str(code), spec, row.get("value"))


def _write(call: Call, product: Product, code: str, spec: Mapping[str, Any], value: Any) -> None:
    product.attributes.pop(code, None)
    product.values.pop(code, None)
    if _empty(value):
        return
    text = _stored(value)
    label = _label_of(call, code, text) if spec.get("input") == "select" and uses_table(spec) else None
    if label is not None:
        product.attributes[code] = label  # an option: its id follows the option table
    else:
        product.values[code] = text


def read_tiers(call: Call, raw: Mapping[str, Any]) -> list[TierPrice] | None:
    """The save's ``tier_prices`` as rows, checked before anything is written (None: absent, the tiers stay)."""
    given = raw.get("tier_prices")
    if not isinstance(given, list):
        return None
    rows = [_tier(call, row) for row in given if isinstance(row, Mapping)]
    _validate(call, rows)
    return rows


def _percentage(row: Mapping[str, Any]) -> float | None:
    """``getPercentage``: a numeric ``percentage_value``, else None."""
    extension = row.get("extension_attributes")
    value = extension.get("percentage_value") if isinstance(extension, Mapping) else None
    try:
        return None if value is None or isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        return None


def _tier(call: Call, row: Mapping[str, Any]) -> TierPrice:
    """One ``tier_prices`` row as ``Price::setTierPrices`` reads it (website 0: the price scope is global)."""
    storage = dict(call.twin.profile.value("catalog.tier_price_storage"))
    group_id = row.get("customer_group_id")
    codes = {int(i): code for code, i in storage["customer_groups"].items()}
    codes[int(storage["all_groups"]["id"])] = str(storage["all_groups"]["code"])
    try:
        group = codes.get(int(group_id)) if group_id is not None else None
    except (TypeError, ValueError):
        group = None
    if group is None:  # the row's customer group is a foreign key: the insert fails, the save is refused
        raise input_error(_facts(call)["tier_save_failed"])
    extension = row.get("extension_attributes")
    website = extension.get("website_id") if isinstance(extension, Mapping) else None
    percentage = _percentage(row)
    price = percentage if percentage else _number(row.get("value"))
    return TierPrice(website_id=int(website) if isinstance(website, int) else 0, group=group,
                     qty=_number(row.get("qty")) or 0.0, price=price if price is not None else -1.0,
                     discount=bool(percentage))


def _number(value: Any) -> float | None:
    try:
        return None if value is None or isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        return None


def _validate(call: Call, rows: list[TierPrice]) -> None:
    """``Tierprice::validate``: every percentage first, then each row's duplicate and price checks."""
    f = _facts(call)
    if any(row.discount and not 0 <= row.price <= 100 for row in rows):
        raise input_error(f["tier_percentage"])
    seen: set[tuple[int, str, float]] = set()
    for row in rows:
        if row.key() in seen:
            raise input_error(f["tier_duplicate"])
        if not row.discount and row.price < 0:
            raise input_error(f["tier_price"])
        seen.add(row.key())
