"""The tier price storage API (fact ``catalog.tier_price_storage``; issue 15 item 1).

``TierPriceValidator`` checks each row in order (SKU, price, price type, quantity, website, duplicates in the
request and against stored prices, customer group); every failure is a failed item whose message keeps its
placeholders and whose parameters are the row's values. ``update`` writes the valid rows over stored ones
with the same website, group and quantity, ``replace`` first drops the affected products' tier prices,
``delete`` removes the matching rows. A product's tier prices show in its ``tier_prices``.

The group price tier service (fact ``catalog.group_price_tiers``) reads and writes the same rows, one customer
group (``all``: the all-groups rows) at a time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import serialize_catalog as out
from stockgate.twins.magento.catalog_eav import TierPrice
from stockgate.twins.magento.errors import MagentoError, input_error, no_such_entity, not_found
from stockgate.twins.magento.routes_prices import find_product, php_text, price_rows, valid_products

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Inventory, Product


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.tier_price_storage"))


def _group_ok(facts: dict[str, Any], group: Any) -> bool:
    code = str(group or "").lower()
    return code == str(facts["all_groups"]["code"]) or code in {g.lower() for g in facts["customer_groups"]}


def _failure(facts: dict[str, Any], key: str, row: dict[str, Any],
             first: dict[str, Any] | None = None) -> dict[str, Any]:
    values = {**(first or {}), "SKU": row.get("sku"), "websiteId": row.get("website_id"),
              "customerGroup": row.get("customer_group"), "qty": row.get("quantity")}
    return {"message": str(facts[key]) + str(facts["row"]), "parameters": [php_text(v) for v in values.values()]}


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return (str(a.get("customer_group") or "").lower() == str(b.get("customer_group") or "").lower()
            and a.get("quantity") == b.get("quantity"))


def _row_failures(call: Call, rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """``retrieveValidationResult`` for row ``n`` (its duplicates against the request and the stored prices)."""
    facts, row = _facts(call), rows[n]
    product = find_product(call, row.get("sku"))
    found = []
    if product is None or product.type_id not in facts["types"]:
        found.append(_failure(facts, "sku_invalid", row))
    price, kind = row.get("price"), row.get("price_type")
    if price is None or price < 0 or (kind == "discount" and price > 100):
        found.append(_failure(facts, "price_invalid", row, {"price": price}))
    bundle = product is not None and product.type_id == "bundle"
    if kind not in ("fixed", "discount") or (bundle and kind != "discount"):
        found.append(_failure(facts, "type_invalid", row, {"priceType": kind}))
    if product is None:  # checkQuantity loads the product through the repository
        raise not_found("product")
    qty = row.get("quantity") or 0
    if qty <= 0 or qty < 1:  # the twin's products take no decimal quantities
        found.append(_failure(facts, "qty_invalid", row))
    if row.get("website_id") != 0:  # website 0 only: the price scope is global (catalog.special_price_storage)
        found.append(_failure(facts, "website_invalid", row))
    found += [_failure(facts, "duplicate", other) for m, other in enumerate(rows)
              if m != n and other.get("sku") == row.get("sku") and _same(other, row)
              and other.get("website_id") == row.get("website_id")]
    if not _group_ok(facts, row.get("customer_group")):
        found.append(_failure(facts, "group_missing", row))
    return found


def _tier(row: dict[str, Any]) -> TierPrice:
    return TierPrice(website_id=int(row["website_id"]), group=str(row["customer_group"]), qty=float(row["quantity"]),
                     price=float(row["price"]), discount=row["price_type"] == "discount")


def _canonical(facts: dict[str, Any], group: str) -> str:
    """The group's code as stored (``customer_group_code``), or the all-groups code."""
    return next((g for g in facts["customer_groups"] if g.lower() == group.lower()), str(facts["all_groups"]["code"]))


def _checked(call: Call) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The failed items and the valid rows of the request."""
    rows = price_rows(call, "prices")
    failed, valid = [], []
    for n, row in enumerate(rows):
        problems = _row_failures(call, rows, n)
        failed += problems
        if not problems:
            valid.append(row)
    return failed, valid


def _store(inventory: Inventory, product: Product, tier: TierPrice) -> None:
    tiers = inventory.eav.tiers.setdefault(product.sku, [])
    tiers[:] = [t for t in tiers if t.key() != tier.key()] + [tier]


def update(call: Call) -> list[dict[str, Any]]:
    """``POST /V1/products/tier-prices``."""
    failed, valid = _checked(call)
    facts, inventory = _facts(call), call.twin.inventory
    for row in valid:
        tier = _tier(row)
        product = find_product(call, row["sku"])
        assert product is not None
        _store(inventory, product, TierPrice(website_id=tier.website_id, group=_canonical(facts, tier.group),
                                             qty=tier.qty, price=tier.price, discount=tier.discount))
    return failed


def replace(call: Call) -> list[dict[str, Any]]:
    """``PUT /V1/products/tier-prices``: the affected products keep only the valid rows given."""
    failed, valid = _checked(call)
    inventory = call.twin.inventory
    for row in valid:
        product = find_product(call, row["sku"])
        assert product is not None
        inventory.eav.tiers.pop(product.sku, None)
    facts = _facts(call)
    for row in valid:
        tier, product = _tier(row), find_product(call, row["sku"])
        assert product is not None
        _store(inventory, product, TierPrice(website_id=tier.website_id, group=_canonical(facts, tier.group),
                                             qty=tier.qty, price=tier.price, discount=tier.discount))
    return failed


def delete(call: Call) -> list[dict[str, Any]]:
    """``POST /V1/products/tier-prices-delete``."""
    failed, valid = _checked(call)
    for row in valid:
        product = find_product(call, row["sku"])
        assert product is not None
        key = _tier(row).key()
        tiers = call.twin.inventory.eav.tiers.get(product.sku, [])
        tiers[:] = [t for t in tiers if t.key() != key]
    return failed


def information(call: Call) -> list[dict[str, Any]]:
    """``POST /V1/products/tier-prices-information``: every stored row of the valid SKUs."""
    tiers = call.twin.inventory.eav.tiers
    return [{"price": out.number(t.price), "price_type": "discount" if t.discount else "fixed",
             "website_id": t.website_id, "sku": p.sku, "customer_group": t.group, "quantity": out.number(t.qty)}
            for p in valid_products(call, _facts(call)["types"]) for t in tiers.get(p.sku, [])]


def _group_facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.group_price_tiers"))


def _number_param(call: Call, name: str) -> float:
    """A path parameter the service types ``float``: Magento's type error when it is not a number."""
    try:
        return float(call.params[name])
    except ValueError:
        raise MagentoError(400, 'The "%value" value\'s type is invalid. The "%type" type was expected. '
                           "Verify and try again.", {"value": call.params[name], "type": "float"}) from None


def _group_id(facts: dict[str, Any], tier: TierPrice) -> int:
    """The customer group id of a stored row (its code's id; the all-groups id for the all-groups code)."""
    if tier.group.lower() == str(facts["all_groups"]["code"]).lower():
        return int(facts["all_groups"]["id"])
    return next((int(i) for code, i in facts["customer_groups"].items() if code.lower() == tier.group.lower()), 0)


def _applies(call: Call, tier: TierPrice, group: str) -> bool:
    """``TierPriceManagement``: ``all`` matches the all-groups rows, a numeric id the rows of that group."""
    facts = _facts(call)
    if group == _group_facts(call)["all_groups"]:
        return tier.group.lower() == str(facts["all_groups"]["code"]).lower()
    try:
        return _group_id(facts, tier) == int(float(group))
    except ValueError:
        return False


def group_tiers(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/{sku}/group-prices/{customerGroupId}/tiers``: the group's rows as ``tier_prices`` reads."""
    product = call.twin.inventory.product(call.params["sku"])
    group = call.params["customerGroupId"]
    rows = [t for t in call.twin.inventory.eav.tiers.get(product.sku, []) if _applies(call, t, group)]
    if not rows:  # an id that is neither 'all' nor a number matches no row
        return []
    shown = int(_facts(call)["all_groups"]["id"]) if group == _group_facts(call)["all_groups"] else int(float(group))
    return [{"customer_group_id": shown, "qty": out.number(t.qty), "value": out.tier_value(product, t)}
            for t in rows]


def add_group_tier(call: Call) -> bool:
    """``POST /V1/products/{sku}/group-prices/{customerGroupId}/tiers/{qty}/price/{price}``."""
    g, facts = _group_facts(call), _facts(call)
    qty, price = _number_param(call, "qty"), _number_param(call, "price")
    if price <= 0 or qty <= 0:
        raise input_error(g["invalid"])
    product = call.twin.inventory.product(call.params["sku"])
    group = call.params["customerGroupId"]
    tiers = call.twin.inventory.eav.tiers.setdefault(product.sku, [])
    found = next((t for t in tiers if _applies(call, t, group) and t.website_id == g["website_id"] and t.qty == qty),
                 None)
    if found is not None:  # a discount row keeps its percentage (catalog.group_price_tiers matched_discount)
        if not found.discount or g["matched_discount"] != "kept":
            tiers[tiers.index(found)] = TierPrice(website_id=found.website_id, group=found.group, qty=qty,
                                                  price=price, discount=False)
        return True
    if group == g["all_groups"]:
        code = str(facts["all_groups"]["code"])
    else:
        code = next((c for c, i in facts["customer_groups"].items()
                     if group.strip().isdigit() and int(i) == int(group)), "")
        if not code:
            raise no_such_entity("id", group)
    tiers.append(TierPrice(website_id=int(g["website_id"]), group=code, qty=qty, price=price, discount=False))
    product.updated_at = call.twin.clock.magento_time()
    return True


def remove_group_tier(call: Call) -> bool:
    """``DELETE /V1/products/{sku}/group-prices/{customerGroupId}/tiers/{qty}``."""
    g = _group_facts(call)
    qty = _number_param(call, "qty")
    product = call.twin.inventory.product(call.params["sku"])
    group = call.params["customerGroupId"]
    tiers = call.twin.inventory.eav.tiers.get(product.sku, [])
    kept = [t for t in tiers if not (_applies(call, t, group) and t.qty == qty and t.website_id == g["website_id"])]
    if len(kept) == len(tiers):
        raise MagentoError(404, g["tier_missing"], [group, php_text(g["website_id"]), php_text(qty)])
    tiers[:] = kept
    product.updated_at = call.twin.clock.magento_time()
    return True


def register(app: MagentoApp) -> None:
    """Add the tier price routes."""
    r = app.route
    r("POST", "/V1/products/tier-prices", update)
    r("PUT", "/V1/products/tier-prices", replace)
    r("POST", "/V1/products/tier-prices-delete", delete)
    r("POST", "/V1/products/tier-prices-information", information)
    r("GET", "/V1/products/{sku}/group-prices/{customerGroupId}/tiers", group_tiers)
    r("POST", "/V1/products/{sku}/group-prices/{customerGroupId}/tiers/{qty}/price/{price}", add_group_tier)
    r("DELETE", "/V1/products/{sku}/group-prices/{customerGroupId}/tiers/{qty}", remove_group_tier)
