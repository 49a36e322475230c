"""``PUT /V1/configurable-products/variation``: the products a configurable's options would make (issue 15 item 1).

``ConfigurableProductManagement::generateVariation`` as ``catalog.configurable_variation`` states it: each option's
attribute is loaded by id or code (the attribute repository's 404), the option's values that are options of the
attribute are kept in the attribute's option order, and every combination - the last option varying fastest -
becomes a copy of the given product with the option ids as custom attributes, ``-<id>`` added to its name and SKU
for each option, the product's price, and visibility Not Visible Individually. Nothing is saved.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento.routes_attributes import options, resolve

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp


def _axis(call: Call, option: Any) -> tuple[str, list[str]]:
    """``(attribute code, option ids)`` of one option: its values that are options of its attribute."""
    row = option if isinstance(option, dict) else {}
    code = resolve(call, str(row.get("attribute_id") or ""))
    wanted = {str(v.get("value_index")) for v in row.get("values") or [] if isinstance(v, dict)}
    return code, [o["value"] for o in options(call, code) if o["value"] in wanted]


def variation(call: Call) -> list[dict[str, Any]]:
    """``PUT /V1/configurable-products/variation``: one unsaved product per combination."""
    facts = call.twin.profile.value("catalog.configurable_variation")
    body = call.obj()
    given_product = body.get("product")
    product: dict[str, Any] = given_product if isinstance(given_product, dict) else {}
    axes = [_axis(call, option) for option in body.get("options") or []]
    if not axes:
        return []
    given = [a for a in product.get("custom_attributes") or [] if isinstance(a, dict)]
    made = []
    for combination in itertools.product(*(values for _code, values in axes)):
        codes = [code for code, _values in axes]
        suffix = "".join(f"-{value}" for value in combination)
        attributes = [a for a in given if a.get("attribute_code") not in codes]
        attributes += [{"attribute_code": code, "value": value} for code, value in zip(codes, combination, strict=True)]
        made.append({"product_links": [], "options": [], "media_gallery_entries": [], "tier_prices": [], **product,
                     "sku": f"{product.get('sku') or ''}{suffix}", "name": f"{product.get('name') or ''}{suffix}",
                     "visibility": int(facts["visibility"]), "custom_attributes": attributes})
    return made


def register(app: MagentoApp) -> None:
    """Add the variation route."""
    app.route("PUT", "/V1/configurable-products/variation", variation)
