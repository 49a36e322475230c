"""``/V1/inventory/in-store-pickup/pickup-locations/``: MSI's GetPickupLocations (fact ``inventory.in_store_pickup``).

GET (and POST where the version's contract has it, 2.4.9) with a ``searchRequest``; anonymous
(``InventoryInStorePickupApi/etc/webapi.xml``). The request becomes a source search as the resolver
chain builds it (each filter its own group, so all AND-ed): enabled, active pickup locations; the
request's filters; the sources within the area (none when the address cannot be geocoded, which is
every address on a store without geodata); the sources of the scope's stock; page and sort
(``pickup.translated``); the sources holding every SKU of ``productsInfo``. With an area, the page is
then sorted by distance. ``total_count`` is the source search's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import geo, pickup, search
from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.numbers import php_int
from stockgate.twins.magento.routes_distance import provider
from stockgate.twins.magento.service_input import php_snake

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp

_TEMPLATE = "/V1/inventory/in-store-pickup/pickup-locations/"
_KEY = re.compile(r"\[([^\]]*)\]")
_FILTER_ORDER = ("country", "postcode", "region", "region_id", "city", "street", "name", "pickup_location_code")


def _tree(pairs: list[tuple[str, str]], root: str) -> dict[str, Any] | None:
    """``root[a][b]=v`` query pairs as nested objects with snake_case keys (None: the parameter is absent)."""
    tree: dict[str, Any] = {}
    present = False
    for key, value in pairs:
        if key != root and not key.startswith(root + "["):
            continue
        present = True
        parts = [php_snake(p) for p in _KEY.findall(key[len(root):])]
        node: Any = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {}) if isinstance(node, dict) else None
        if parts and isinstance(node, dict):
            node[parts[-1]] = value
    return tree if present else None


def _snake(value: Any) -> Any:
    """A body's keys in snake_case, all the way down."""
    if isinstance(value, dict):
        return {php_snake(str(k)): _snake(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_snake(v) for v in value]
    return value


def _items(node: Any) -> list[Any]:
    """An array parameter: a JSON list, or query keys ``0``, ``1``… in order."""
    if isinstance(node, list):
        return node
    if isinstance(node, dict):
        return [node[k] for k in sorted(node, key=lambda k: int(k) if str(k).isdigit() else 0)]
    return []


def _given(call: Call) -> dict[str, Any]:
    """The ``searchRequest`` parameter from the query (GET) or the body (POST); Magento's 400 when absent."""
    if call.request.method == "POST":
        body = call.body()
        found = body.get("searchRequest", body.get("search_request")) if isinstance(body, dict) else None
        snaked = _snake(found) if isinstance(found, dict) else None
        tree = snaked if isinstance(snaked, dict) else None
    else:
        tree = _tree(list(call.request.query), "searchRequest")
        if tree is None:
            tree = _tree(list(call.request.query), "search_request")
    if tree is None:
        raise input_error('"%fieldName" is required. Enter and try again.', {"fieldName": "searchRequest"})
    return tree


def request_of(call: Call) -> pickup.SearchRequest:
    """The ``SearchRequest`` the web API builds; a missing constructor argument is a 500."""
    tree = _given(call)
    rule = call.twin.behaviour.float_fields
    try:
        area = tree.get("area")
        filters: dict[str, Any] = tree["filters"] if isinstance(tree.get("filters"), dict) else {}
        info = (tree.get("extension_attributes") or {}).get("products_info") \
            if isinstance(tree.get("extension_attributes"), dict) else None
        return pickup.SearchRequest(
            scope_code=str(pickup.required(tree, "scope_code")), scope_type=str(tree.get("scope_type") or "website"),
            area=(php_int(pickup.required(area, "radius"), rule, "radius"), str(pickup.required(area, "search_term")))
            if isinstance(area, dict) else None,
            filters={name: {"value": str(pickup.required(filters[name], "value")),
                            "condition_type": str(filters[name].get("condition_type") or "eq")}
                     for name in _FILTER_ORDER if isinstance(filters.get(name), dict)},
            page_size=php_int(tree["page_size"], rule, "pageSize") if tree.get("page_size") is not None else None,
            current_page=php_int(tree["current_page"], rule, "currentPage")
            if tree.get("current_page") is not None else 1,
            sort=[pickup.sort_order(s) for s in _items(tree["sort"])] if tree.get("sort") is not None else None,
            skus=list(dict.fromkeys(str(pickup.required(i, "sku")) for i in _items(info) if isinstance(i, dict)))
            if info is not None else None)
    except pickup.Unbuildable:
        raise call.internal_error() from None


def _in(field: str, codes: list[str]) -> list[dict[str, str]]:
    return [{"field": field, "value": ",".join(codes), "condition_type": "in"}]


def _scope_codes(call: Call, request: pickup.SearchRequest) -> list[str]:
    """``ResolveScopeFilter``: the sources linked to the stock the stock resolver gives for the scope."""
    if request.scope_type != "website":
        raise input_error('Sales channel type "%type" is not supported.', {"type": request.scope_type})
    inventory = call.twin.inventory
    stock_id = inventory.stock_for_website(request.scope_code)
    return [code for sid, code in inventory.links if sid == stock_id]


def _area_distances(call: Call, area: tuple[int, str]) -> dict[str, float]:
    """``GetDistanceToSources``: sources within the radius of the term's address (none when it is unknown)."""
    radius, term = area
    try:
        points = geo.lats_lngs(provider(call), call.twin.inventory.geo, _term_address(call, term))
    except MagentoError:  # any LocalizedException of the provider: no distances
        return {}
    return geo.distances_to_sources(points, radius, call.twin.inventory.sources.values())


def _term_address(call: Call, term: str) -> dict[str, str]:
    """The search term parsed as the pipeline does: country after the delimiter, then postcode, else city."""
    rule = call.twin.profile.value("inventory.in_store_pickup")
    head, delimiter, tail = term.partition(str(rule["search_term_delimiter"]))
    country = tail.split(str(rule["search_term_delimiter"]))[-1].strip() if delimiter else rule["default_country"]
    query = head.strip() if delimiter else term
    patterns = rule["postcode_patterns"].get(country)
    postcode = query if patterns and any(re.search(p, query) for p in patterns) else ""
    return {"country": country, "postcode": postcode, "street": "", "region": "", "city": "" if postcode else query}


def _holding_all(call: Call, skus: list[str]) -> list[str]:
    """``GetPickupLocationIntersectionForSkus``: enabled active pickup sources with a source item of every SKU."""
    inventory = call.twin.inventory
    return [code for code, source in inventory.sources.items()
            if source.get("enabled") and pickup.row(source)["is_pickup_location_active"]
            and all((sku, code) in inventory.items for sku in skus)]


def locations(call: Call) -> dict[str, Any]:
    """Pickup locations found by the search request, with the request echoed."""
    request = request_of(call)
    groups = [[{"field": "enabled", "value": "1", "condition_type": "eq"}],
              [{"field": "is_pickup_location_active", "value": "1", "condition_type": "eq"}]]
    groups += [[{"field": pickup.FILTER_FIELDS[n], **f}] for n, f in request.filters.items()]
    distances = _area_distances(call, request.area) if request.area is not None else {}
    if request.area is not None:
        groups.append(_in("source_code", list(distances)))
    groups.append(_in("source_code", _scope_codes(call, request)))
    sorts = pickup.translated(request) if request.sort else []
    if request.skus:
        groups.append(_in("source_code", _holding_all(call, request.skus)))
    criteria = search.Criteria(filter_groups=groups, sort_orders=sorts, page_size=request.page_size,
                               current_page=request.current_page, present=True)
    b = call.twin.behaviour
    paging = search.Paging(limits_on=False, max_page_size=b.max_page_size, default_page_size=b.default_page_size,
                           page_size_error=b.page_size_error, past_end=b.page_past_end)
    rows = [pickup.row(s) for s in call.twin.inventory.sources.values()]
    page, total, _ = search.apply(rows, criteria, paging)
    if request.area is not None:
        page = _by_distance(page, distances, request)
    sources = call.twin.inventory.sources
    return {"items": [pickup.location(sources[r["source_code"]]) for r in page], "total_count": total,
            "search_request": request.echo()}


def _by_distance(page: list[dict[str, Any]], distances: Mapping[str, float],
                 request: pickup.SearchRequest) -> list[dict[str, Any]]:
    """``DistanceBased``: the page sorted by distance as a distance sort asks, or nearest first with no sort."""
    wanted = next((s for s in request.sort or [] if s["field"] == pickup.DISTANCE), None)
    if wanted is None and request.sort is not None:
        return page
    descending = wanted is not None and wanted["direction"] == "DESC"
    return sorted(page, key=lambda r: distances[r["source_code"]], reverse=descending)


def register(app: MagentoApp) -> None:
    """Add the pickup location search (POST answers only where the version's contract has it)."""
    app.route("GET", _TEMPLATE, locations, resource="anonymous")
    app.route("POST", _TEMPLATE, _posted, resource="anonymous")


def _posted(call: Call) -> Any:
    """``POST`` (2.4.9's contract): the same search with the request in the body; no route before."""
    from stockgate.twins.magento.routes_attribute_writes import in_contract

    missing = in_contract(call)
    return missing if missing is not None else locations(call)
