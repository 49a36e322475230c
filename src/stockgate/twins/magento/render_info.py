"""A product as ``ProductRenderListInterface::getList`` renders it (pure; fact ``catalog.products_render_info``).

``Catalog/Model/ProductRenderList.php`` runs the collectors of ``ProductRenderCollectorComposite``
(``Catalog/etc/di.xml`` and the Msrp, Review, Tax, Weee and Wishlist modules) over each product the
search finds: images for six widget image codes, prices, URLs and buttons, the additional info, the
MSRP, review summary, price without tax, fixed product tax and wishlist parts. Prices are the guest's
(customer group NOT LOGGED IN): the special price in its dates and tier prices for that group. What
depends on the storefront theme follows Luma (its ``etc/view.xml`` image sizes); what the twin cannot
compute as Magento does is named in the fact's note.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stockgate.twins.magento.custom_options import flags as option_flags
from stockgate.twins.magento.pricing import money
from stockgate.twins.magento.serialize_catalog import number, url_key
from stockgate.twins.magento.state import Inventory, Product

GUEST_GROUPS = {"not logged in", "all groups"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """One request's store, currency, URLs and the fact's values."""

    inventory: Inventory
    rule: Mapping[str, Any]
    base_url: str  # the store's base URL (the twin's own host)
    current_url: str  # the request's URL, as the URL builder's current URL
    store_id: int
    currency: str
    stock_id: int
    today: str  # YYYY-MM-DD HH:MM:SS in the store's time


def php_json(value: Any) -> str:
    """``json_encode`` with its default flags: slashes escaped, non-ASCII escaped as well."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/")


def url_encoded(url: str) -> str:
    """Magento's URL encoder: base64 with ``+/=`` as ``-_,``."""
    return base64.b64encode(url.encode()).decode().translate(str.maketrans("+/=", "-_,"))


def price_html(ctx: Context, amount: float) -> str:
    """``PriceCurrency::format`` with its container, in the request's currency (en_US)."""
    symbols: Mapping[str, str] = ctx.rule["currency_symbols"]
    sign = "-" if amount < 0 else ""
    text = f"{money(abs(amount)):,.2f}"
    shown = f"{symbols[ctx.currency]}{text}" if ctx.currency in symbols else f"{ctx.currency}\u00a0{text}"
    return str(ctx.rule["price_container"]).replace("%1", sign + shown)


def _special(ctx: Context, item: Product) -> float | None:
    special = ctx.inventory.eav.special.get(item.sku)
    if special is None:
        return None
    starts, ends = special.price_from, special.price_to
    if (starts and ctx.today[:10] < starts[:10]) or (ends and ctx.today[:10] > ends[:10]):
        return None
    return special.price


def _tiers(ctx: Context, item: Product, max_qty: float | None) -> list[float]:
    """Guest tier prices (fixed, or a discount off the price) up to ``max_qty`` (None: any quantity)."""
    rows = ctx.inventory.eav.tiers.get(item.sku, [])
    return [item.price * (1 - t.price / 100) if t.discount else t.price for t in rows
            if t.group.lower() in GUEST_GROUPS and (max_qty is None or t.qty <= max_qty)]


def simple_prices(ctx: Context, item: Product) -> tuple[float, float, float]:
    """(regular, final, minimal) of a product priced by itself."""
    special = _special(ctx, item)
    final = min([item.price, *([special] if special is not None else []), *_tiers(ctx, item, 1.0)])
    return item.price, final, min([final, *_tiers(ctx, item, None)])


def prices(ctx: Context, item: Product) -> tuple[float, float, float]:
    """(regular, final, minimal); a configurable takes its lowest salable child's (0 with none)."""
    if not item.composite:
        return simple_prices(ctx, item)
    children = [ctx.inventory.products[c] for c in item.children if c in ctx.inventory.products]
    found = [simple_prices(ctx, c) for c in children
             if c.status == 1 and ctx.inventory.is_salable(c.sku, ctx.stock_id)]
    if not found:
        return 0.0, 0.0, 0.0
    return min(p[0] for p in found), min(p[1] for p in found), min(p[2] for p in found)


def price_info(ctx: Context, item: Product) -> dict[str, Any]:
    """``price_info``: the Price collector's four prices, then MSRP, tax and fixed product tax parts."""
    regular, final, minimal = prices(ctx, item)
    body = _priced(ctx, {"final_price": final, "max_price": final, "max_regular_price": None,
                         "minimal_regular_price": None, "special_price": None, "minimal_price": minimal,
                         "regular_price": regular})
    excluding = _priced(ctx, {"final_price": final, "max_price": final, "max_regular_price": None,
                              "minimal_regular_price": None, "special_price": final, "minimal_price": minimal,
                              "regular_price": regular})
    body["extension_attributes"] = {"msrp": _msrp(ctx), "tax_adjustments": excluding, "weee_attributes": [],
                                    "weee_adjustment": price_html(ctx, final)}
    return body


def _priced(ctx: Context, values: dict[str, float | None]) -> dict[str, Any]:
    """A price info with its formatted prices (``FormattedPriceInfoBuilder``: the numeric ones)."""
    formatted = {k: (price_html(ctx, v) if v is not None else None) for k, v in values.items()}
    order = ("final_price", "max_price", "minimal_price", "max_regular_price", "minimal_regular_price",
             "special_price", "regular_price")
    return {**{k: (number(v) if v is not None else None) for k, v in values.items()},
            "formatted_prices": {k: formatted[k] for k in order}}


def _msrp(ctx: Context) -> dict[str, Any]:
    """``MsrpPrice`` with MSRP off (the config default): not applicable, no message, the price of no MSRP."""
    return {"msrp_price": price_html(ctx, 0.0), "is_applicable": "", "is_shown_price_on_gesture": "",
            "msrp_message": "", "explanation_message": str(ctx.rule["msrp_explanation"])}


def product_url(ctx: Context, item: Product) -> str:
    """A visible product's URL rewrite (``<url_key>.html``), else the catalog route with its id and key."""
    key = item.url_key or url_key(item.name)
    if item.visibility in (2, 3, 4):
        return f"{ctx.base_url}{key}{ctx.rule['url_suffix']}"
    return f"{ctx.base_url}catalog/product/view/id/{item.id}/s/{key}/"


def buttons(ctx: Context, item: Product) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Add to cart, add to compare and wishlist buttons (the compare and wishlist URLs are post data)."""
    uenc = url_encoded(ctx.current_url)
    if item.composite or option_flags(item.options)[1] == "1":  # not buyable from a list: the product page
        cart_url = f"{product_url(ctx, item)}?options=cart"
    else:
        cart_url = f"{ctx.base_url}checkout/cart/add/uenc/%25uenc%25/product/{item.id}/"
    cart = {"post_data": php_json({"action": cart_url, "data": {"product": str(item.id), "uenc": "%uenc%"}}),
            "url": cart_url, "required_options": item.composite or option_flags(item.options)[0] == "1"}
    compare = {"post_data": None, "url": php_json({"action": f"{ctx.base_url}catalog/product_compare/add/",
                                                   "data": {"product": str(item.id), "uenc": uenc}}),
               "required_options": None}
    wishlist = {"post_data": None, "url": php_json({"action": f"{ctx.base_url}wishlist/index/add/",
                                                    "data": {"product": item.id, "uenc": uenc}}),
                "required_options": None}
    return cart, compare, wishlist


def images(ctx: Context, item: Product) -> list[dict[str, Any]]:
    """One image per widget code: the entry holding the code's role, or the theme's placeholder."""
    rows = []
    for spec in ctx.rule["image_codes"]:
        role, width, height = spec["type"], spec["width"], spec["height"]
        entry = next((e for e in item.media if role in e.types and not e.disabled), None)
        if entry is not None:
            digest = hashlib.md5(f"{role}:{width}x{height}".encode()).hexdigest()  # a cache path, not a secret
            url = f"{ctx.base_url}media/catalog/product/cache/{digest}{entry.file}"
        else:
            url = f"{ctx.base_url}static/{ctx.rule['placeholder_path']}{role}.jpg"
        rows.append({"url": url, "code": spec["code"], "height": height, "width": width,
                     "label": (entry.label if entry is not None and entry.label else item.name),
                     "resized_width": width, "resized_height": height})
    return rows


def render(ctx: Context, item: Product) -> dict[str, Any]:
    """``catalog-data-product-render-interface`` of one product."""
    cart, compare, wishlist = buttons(ctx, item)
    salable = ctx.inventory.is_salable(item.sku, ctx.stock_id) if item.status == 1 else False
    return {"add_to_cart_button": cart, "add_to_compare_button": compare, "price_info": price_info(ctx, item),
            "images": images(ctx, item), "url": product_url(ctx, item), "id": item.id, "name": item.name,
            "type": item.type_id, "is_salable": "1" if salable else "", "store_id": ctx.store_id,
            "currency_code": ctx.currency,
            "extension_attributes": {"wishlist_button": wishlist, "review_html": str(ctx.rule["review_html"])}}
