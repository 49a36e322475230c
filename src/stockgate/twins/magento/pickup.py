"""MSI in-store pickup over the twin's sources (pure, no HTTP; fact ``inventory.in_store_pickup``).

A source keeps three in-store pickup values (``InventoryInStorePickup/etc/db_schema.xml``), read and
written as the source's extension attributes by the module's SourceRepository plugins: a save takes
``frontend_name`` from the extension attributes or else the source's name, ``frontend_description`` as
sent (none clears it), and ``is_pickup_location_active`` as sent, a save without it keeping the stored
flag (a NULL in a NOT NULL column is left out of the row written). The module's source validators
refuse an active pickup location without a city or street, and the default source as one.

A pickup location is a source mapped by ``InventoryInStorePickupApi/Model/Mapper``; which ones a
search request finds follows the resolver chain of ``InventoryInStorePickup/etc/di.xml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stockgate.twins.magento.errors import MagentoError

EXTENSION = ("is_pickup_location_active", "frontend_name", "frontend_description")
_EMPTY_FOR_PICKUP = '"%field" can not be empty for Pickup Location.'
_DEFAULT_SOURCE = "The Default Source can not be used for In-Store Pickup Delivery."
# PickupLocationInterface's getters in order, and the source field each maps from (Mapper's map)
_MAPPED = ("email", "fax", "contact_name", "latitude", "longitude", "country_id", "region_id", "region", "city",
           "street", "postcode", "phone")
_ORDER = ("pickup_location_code", "name", "email", "fax", "contact_name", "description", "latitude", "longitude",
          "country_id", "region_id", "region", "city", "street", "postcode", "phone")
FILTER_FIELDS = {"country": "country_id", "region_id": "region_id", "region": "region", "postcode": "postcode",
                 "city": "city", "street": "street", "pickup_location_code": "source_code", "name": "frontend_name"}
SORT_NAMES = {"name": "frontend_name", "pickup_location_code": "source_code", "description": "frontend_description"}
DISTANCE = "distance"  # AreaInterface::DISTANCE_FIELD


def saved(source: dict[str, Any], previous: Mapping[str, Any] | None) -> dict[str, Any]:
    """``SaveInStorePickupPlugin`` then a load: the source as stored and read back."""
    ext = dict(source.get("extension_attributes") or {})
    kept = (previous or {}).get("extension_attributes") or {}
    active = ext.get("is_pickup_location_active")
    if active is None:
        active = kept.get("is_pickup_location_active", False)
    values = {k: v for k, v in ext.items() if k not in EXTENSION}
    values["is_pickup_location_active"] = bool(active)
    values["frontend_name"] = ext.get("frontend_name") or source.get("name")
    if ext.get("frontend_description") is not None:
        values["frontend_description"] = ext["frontend_description"]
    return {**source, "extension_attributes": values}


def refusals(source: Mapping[str, Any], default_source: str) -> list[dict[str, Any]]:
    """The module's source validators (city, street, phone, default source) on the source as sent.

    The phone validator reads the city (``PhoneValidator::validate`` takes ``getCity()``), so an active
    pickup location without a city is refused for its city and its phone, and one without a phone is not.
    """
    active = bool((source.get("extension_attributes") or {}).get("is_pickup_location_active"))
    errors = []
    if active:
        for name, value in (("city", source.get("city")), ("street", source.get("street")),
                            ("phone", source.get("city"))):
            if str(value or "").strip() == "":
                errors.append({"message": _EMPTY_FOR_PICKUP, "parameters": {"field": name}})
        if source.get("source_code") == default_source:
            errors.append({"message": _DEFAULT_SOURCE, "parameters": []})
    return errors


def row(source: Mapping[str, Any]) -> dict[str, Any]:
    """A source as the pickup search filters it: its pickup columns beside its own."""
    ext = source.get("extension_attributes") or {}
    return {**source, **{k: ext.get(k) for k in EXTENSION}}


def location(source: Mapping[str, Any]) -> dict[str, Any]:
    """``Mapper::map``: the pickup location a source is (nulls left out, as the web API leaves them out)."""
    ext = source.get("extension_attributes") or {}
    values: dict[str, Any] = {"pickup_location_code": source["source_code"], "name": ext.get("frontend_name"),
                              "description": ext.get("frontend_description") or None}
    values |= {k: source.get(k) for k in _MAPPED}
    for key in ("latitude", "longitude"):
        if values[key] is not None:
            values[key] = float(values[key])
    if values["region_id"] is not None:
        values["region_id"] = int(values["region_id"])
    return {k: values[k] for k in _ORDER if values[k] is not None}


class Unbuildable(Exception):
    """A request object the ObjectManager cannot build: a required constructor argument is missing (a 500)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchRequest:
    """``SearchRequestInterface`` as the web API builds it from the request."""

    scope_code: str
    scope_type: str = "website"
    area: tuple[int, str] | None = None  # (radius km, search term)
    filters: dict[str, dict[str, str]] = field(default_factory=dict)
    page_size: int | None = None
    current_page: int = 1
    sort: list[dict[str, str]] | None = None
    skus: list[str] | None = None

    def echo(self) -> dict[str, Any]:
        """The ``search_request`` the answer carries (getters that answer null left out)."""
        body: dict[str, Any] = {}
        if self.area is not None:
            body["area"] = {"radius": self.area[0], "search_term": self.area[1]}
        if self.filters:
            body["filters"] = self.filters
        if self.page_size is not None:
            body["page_size"] = self.page_size
        body |= {"current_page": self.current_page, "scope_type": self.scope_type, "scope_code": self.scope_code}
        if self.sort is not None:
            body["sort"] = self.sort
        if self.skus is not None:
            body["extension_attributes"] = {"products_info": [{"sku": s} for s in self.skus]}
        return body


def required(node: Mapping[str, Any], key: str) -> Any:
    """A constructor argument without a default: ``Missing required argument`` (BadMethodCallException)."""
    if node.get(key) is None:
        raise Unbuildable(key)
    return node[key]


def sort_order(raw: Any) -> dict[str, str]:
    """A ``SortOrder`` built through its setters: the field checked, the direction upper-cased and checked."""
    item = raw if isinstance(raw, dict) else {}
    name = str(item.get("field") or "")
    if any(not (c.isascii() and (c.isalnum() or c == "_")) for c in name):
        raise MagentoError(400, "Sort order field %1 contains restricted symbols", [name])
    direction = str(item.get("direction") or "ASC").upper()
    if direction not in {"ASC", "DESC"}:
        raise MagentoError(400, "The sort order has to be specified as %1 for ascending order or %2 for "
                           "descending order.", ["ASC", "DESC"])
    return {"field": name, "direction": direction}


def translated(request: SearchRequest) -> list[dict[str, str]]:
    """``ResolveMeta::addSortOrders``: the sort orders the source search gets.

    A ``distance`` sort with an area drops every sort order (the distance strategy sorts), one without an
    area is skipped; the others are renamed to source fields in place, so the echoed request shows them
    renamed too.
    """
    sorts: list[dict[str, str]] = []
    for order in request.sort or []:
        if order["field"] == DISTANCE:
            if request.area is not None:
                return []
            continue
        order["field"] = SORT_NAMES.get(order["field"], order["field"])
        sorts.append(order)
    return sorts
