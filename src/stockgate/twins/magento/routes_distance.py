r"""MSI distance services: provider code, distance, lat/lng of an address (fact ``inventory.distance_provider``).

``InventoryDistanceBasedSourceSelectionApi/etc/webapi.xml``: four GET routes behind
``Magento_InventoryApi::source``. Parameters are objects whose constructors take every value
(``LatLng(float $lat, float $lng)``; ``InventorySourceSelection\Model\Address`` with all five address
strings), so a parameter sent without one of them cannot be built: a 500, as Magento answers. The
provider in force answers as ``twins.magento.geo`` says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import geo
from stockgate.twins.magento.errors import MagentoError
from stockgate.twins.magento.numbers import php_float

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp

_RESOURCE = "Magento_InventoryApi::source"
_KEY = re.compile(r"^([A-Za-z_]+)\[([A-Za-z_]+)\]$")


def provider(call: Call) -> geo.Provider:
    """The provider in force (the seed's, else the store config default)."""
    return geo.provider(call.twin.profile.value("inventory.distance_provider"), call.twin.inventory.geo)


def objects(call: Call) -> dict[str, dict[str, str]]:
    """``name[key]=value`` query pairs as objects by name (a repeated key keeps its last value, as PHP's)."""
    found: dict[str, dict[str, str]] = {}
    for key, value in call.request.query:
        matched = _KEY.match(key)
        if matched:
            found.setdefault(matched[1], {})[matched[2]] = value
    return found


def required(present: Mapping[str, Any], names: tuple[str, ...]) -> None:
    """``ServiceInputProcessor::processInputError``: one missing parameter is the message, more are listed."""
    missing = [n for n in names if n not in present]
    message = '"%fieldName" is required. Enter and try again.'
    if len(missing) == 1:
        raise MagentoError(400, message, {"fieldName": missing[0]})
    errors: list[dict[str, Any]] = [{"message": message, "parameters": {"fieldName": n}} for n in missing]
    if errors:
        raise MagentoError(400, "One or more input exceptions have occurred.", errors=errors)


def _built(call: Call, node: Mapping[str, str], keys: tuple[str, ...]) -> dict[str, str]:
    """An object whose constructor needs every key; a missing one is the ObjectManager's 500."""
    if any(k not in node for k in keys):
        raise call.internal_error()
    return {k: node[k] for k in keys}


def _point(call: Call, node: Mapping[str, str]) -> tuple[float, float]:
    values = _built(call, node, ("lat", "lng"))
    rule = call.twin.behaviour.float_fields
    return php_float(values["lat"], rule, "lat"), php_float(values["lng"], rule, "lng")


def address(call: Call) -> dict[str, str]:
    """The ``address`` parameter: all five strings, or a 400/500 as Magento answers."""
    found = objects(call)
    required(found, ("address",))
    return _built(call, found["address"], geo.ADDRESS_FIELDS)


def distance(call: Call) -> float:
    """``GET /V1/inventory/get-distance?source[lat]=…&source[lng]=…&destination[lat]=…&destination[lng]=…``."""
    found = objects(call)
    required(found, ("source", "destination"))
    return geo.distance(provider(call), _point(call, found["source"]), _point(call, found["destination"]))


def lat_lng(call: Call) -> dict[str, float]:
    """``GET /V1/inventory/get-latlng-from-address?address[country]=…`` (all five address fields)."""
    lat, lng = geo.lat_lng(provider(call), call.twin.inventory.geo, address(call))
    return {"lat": lat, "lng": lng}


def lats_lngs(call: Call) -> list[dict[str, float]]:
    """``GET /V1/inventory/get-latslngs-from-address?address[country]=…`` (all five address fields)."""
    points = geo.lats_lngs(provider(call), call.twin.inventory.geo, address(call))
    return [{"lat": lat, "lng": lng} for lat, lng in points]


def register(app: MagentoApp) -> None:
    """Add the distance services."""
    r = app.route
    r("GET", "/V1/inventory/get-distance-provider-code", lambda c: provider(c).code, resource=_RESOURCE)
    r("GET", "/V1/inventory/get-distance", distance, resource=_RESOURCE)
    r("GET", "/V1/inventory/get-latlng-from-address", lat_lng, resource=_RESOURCE)
    r("GET", "/V1/inventory/get-latslngs-from-address", lats_lngs, resource=_RESOURCE)
