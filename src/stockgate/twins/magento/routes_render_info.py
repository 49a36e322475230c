"""``GET /V1/products-render-info``: ``ProductRenderListInterface::getList`` (fact ``catalog.products_render_info``).

Anonymous (``Catalog/etc/webapi.xml``). ``searchCriteria``, ``storeId`` and ``currencyCode`` are all
required (the method has no defaults). The product search is the catalog's, limited to enabled
products (the collection joins the price index, which holds enabled products only); each product found
is rendered by ``twins.magento.render_info``. The answer carries ``items`` only, as the contract's
search result interface declares (the model's total count and criteria have no getter there).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import render_info, routes_inventory
from stockgate.twins.magento import serialize as out
from stockgate.twins.magento.errors import MagentoError
from stockgate.twins.magento.numbers import php_int
from stockgate.twins.magento.routes_distance import required
from stockgate.twins.magento.routes_store import base_url
from stockgate.twins.magento.stores import Stores

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp


def _given(call: Call) -> dict[str, str]:
    """The three parameters by name (camelCase or snake_case, as ServiceInputProcessor reads them)."""
    found: dict[str, str] = {}
    for key, value in call.request.query:
        name = {"store_id": "storeId", "currency_code": "currencyCode", "search_criteria": "searchCriteria"}.get(
            key.split("[", 1)[0], key.split("[", 1)[0])
        found.setdefault(name, value)
    return found


def _stock(call: Call, store_id: int) -> int:
    """The stock of the store's website (the admin store 0 reads the default store's); 404 for no such store."""
    inventory = call.twin.inventory
    ids = Stores(inventory, call.twin.profile.value("store.lists")).store_ids()
    code = next((c for c, i in ids.items() if i == store_id), "default" if store_id == 0 else None)
    if code is None:
        raise MagentoError(404, "The store that was requested wasn't found. Verify the store and try again.")
    return inventory.stock_for_store(code)


def render_list(call: Call) -> dict[str, Any]:
    """The products the search criteria find, each rendered."""
    given = _given(call)
    required(given, ("searchCriteria", "storeId", "currencyCode"))
    store_id = php_int(given["storeId"], call.twin.behaviour.float_fields)
    inventory = call.twin.inventory
    rows = [r for r in inventory.product_table(lambda p: out.product_row(inventory, p))
            if inventory.products[str(r["sku"])].status == 1]
    page = routes_inventory.listing(call, rows, required=True, entity="product")
    enabled = [inventory.products[str(row["sku"])] for row in page["items"]]
    if not enabled:  # no collector runs: an unknown store goes unnoticed
        return {"items": []}
    ctx = render_info.Context(inventory=inventory, rule=call.twin.profile.value("catalog.products_render_info"),
                              base_url=base_url(call), current_url=_current_url(call), store_id=store_id,
                              currency=given["currencyCode"], stock_id=_stock(call, store_id),
                              today=call.twin.clock.magento_time())
    return {"items": [render_info.render(ctx, p) for p in enabled]}


def _current_url(call: Call) -> str:
    """The URL builder's current URL: the request's, with its query."""
    query = call.request.query_string
    return f"{call.request.url}?{query}" if query else call.request.url


def register(app: MagentoApp) -> None:
    """Add the product render list."""
    app.route("GET", "/V1/products-render-info", render_list, resource="anonymous")
