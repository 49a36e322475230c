"""Distances and geocoding as MSI's distance-based source selection answers them (pure, no HTTP).

``InventoryDistanceBasedSourceSelection`` has two providers: ``google`` (the store config default,
``etc/config.xml``), which needs an API key and calls Google, and ``offline``, which reads the
``inventory_geoname`` table that ``bin/magento inventory-geonames:import`` fills. A twin has no key,
never calls out and ships no geonames data: a seed may name the provider and give geoname rows
(``distance:`` in a seed file); without them the services answer what a new store answers
(fact ``inventory.distance_provider``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from stockgate.twins.magento.errors import MagentoError, input_error

ADDRESS_FIELDS = ("country", "postcode", "street", "region", "city")
_CHUNK = 30  # GetOrderedDistanceToSources::CHUNK: lat/lng pairs per distance query


@dataclass(slots=True, kw_only=True)
class GeoData:
    """The store's provider choice and its imported geonames (both empty on a new store)."""

    provider: str | None = None  # None: the config default (the fact's provider_default)
    geonames: list[dict[str, Any]] = field(default_factory=list)  # inventory_geoname rows, import order


@dataclass(frozen=True, slots=True, kw_only=True)
class Provider:
    """What the fact says the providers answer."""

    code: str  # google or offline (a seed names one of them)
    api_key_missing: str
    no_geoname: str
    offline_radius: float


def provider(rule: Mapping[str, Any], data: GeoData) -> Provider:
    """The provider in force, with the messages of ``inventory.distance_provider``."""
    return Provider(code=data.provider or str(rule["provider_default"]), api_key_missing=rule["api_key_missing"],
                    no_geoname=rule["no_geoname"], offline_radius=float(rule["offline_earth_radius"]))


def address_text(address: Mapping[str, str]) -> str:
    """``AddressToString``: street, postcode, city, region, country joined by spaces."""
    return " ".join(address.get(k, "") for k in ("street", "postcode", "city", "region", "country"))


def _usable(p: Provider) -> None:
    """Google stops at its missing key (a LocalizedException: 400); the offline provider runs."""
    if p.code == "google":  # GoogleMap\GetApiKey: no key in a new store's config, and none in the twin
        raise input_error(p.api_key_missing)


def distance(p: Provider, source: tuple[float, float], destination: tuple[float, float]) -> float:
    """``GetDistance``: the offline provider's great-circle distance (in metres, named km in the code)."""
    _usable(p)
    lat1, lng1, lat2, lng2 = (math.radians(v) for v in (*source, *destination))
    angle = 2 * math.asin(math.sqrt(math.sin((lat2 - lat1) / 2) ** 2
                                    + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2))
    return angle * p.offline_radius


def lat_lng(p: Provider, data: GeoData, address: Mapping[str, str]) -> tuple[float, float]:
    """``GetLatLngFromAddress``: the first geoname by country+postcode, then city prefix, then region."""
    _usable(p)
    found = first_geoname(data, address)
    if found is None:
        raise MagentoError(404, p.no_geoname, [address_text(address)])
    return found


def first_geoname(data: GeoData, address: Mapping[str, str]) -> tuple[float, float] | None:
    """The offline provider's ``GetGeoNameDataByAddress`` lookup (None: ``Unknown geoname``)."""
    rows = _by_postcode(data, address)[:1] or (_by_city(data, address)[:1] if address.get("city") else []) \
        or _by_region(data, address)[:1]
    return _point(rows[0]) if rows else None


def lats_lngs(p: Provider, data: GeoData, address: Mapping[str, str]) -> list[tuple[float, float]]:
    """``GetLatsLngsFromAddress``: one geoname by postcode, else every one by city prefix, else by region."""
    _usable(p)
    rows = _by_postcode(data, address)[:1] or (_by_city(data, address) if address.get("city") else []) \
        or _by_region(data, address)
    if not rows:
        raise MagentoError(404, p.no_geoname, [address_text(address)])
    return [_point(r) for r in rows]


def _point(row: Mapping[str, Any]) -> tuple[float, float]:
    return float(row["latitude"]), float(row["longitude"])


def _by_postcode(data: GeoData, address: Mapping[str, str]) -> list[dict[str, Any]]:
    return [r for r in data.geonames if _same(r["country_code"], address.get("country", ""))
            and _same(r.get("postcode", ""), address.get("postcode", ""))]


def _by_city(data: GeoData, address: Mapping[str, str]) -> list[dict[str, Any]]:
    prefix = address.get("city", "").casefold()  # MySQL's LIKE 'city%' under a case-insensitive collation
    return [r for r in data.geonames if _same(r["country_code"], address.get("country", ""))
            and str(r.get("city", "")).casefold().startswith(prefix)]


def _by_region(data: GeoData, address: Mapping[str, str]) -> list[dict[str, Any]]:
    return [r for r in data.geonames if _same(r["country_code"], address.get("country", ""))
            and _same(r.get("region", ""), address.get("region", ""))]


def _same(left: Any, right: str) -> bool:
    """MySQL's ``=`` under a case-insensitive collation, trailing spaces ignored."""
    return str(left).rstrip(" ").casefold() == right.rstrip(" ").casefold()


def distances_to_sources(points: list[tuple[float, float]], radius: int,
                         sources: Iterable[Mapping[str, Any]]) -> dict[str, float]:
    """``GetOrderedDistanceToSources``: enabled sources within ``radius`` km of any point, by code.

    Each chunk of 30 points is one query whose pair is the distance to the chunk's first point (in km,
    Earth radius 6372.797); the chunks' answers are merged last chunk first, so a source found by several
    keeps the last one's distance. A source without coordinates, or whose ACOS argument leaves [-1, 1],
    is NULL in SQL and never found (a NULL first distance reads 0.0 through floatval).
    """
    found: dict[str, float] = {}
    for start in range(0, len(points), _CHUNK):
        chunk = points[start:start + _CHUNK]
        for source in sources:
            if not source.get("enabled"):
                continue
            kms = [_km(point, source) for point in chunk]
            if any(k is not None and k <= radius for k in kms):
                found[source["source_code"]] = kms[0] if kms[0] is not None else 0.0
    return found


def _km(point: tuple[float, float], source: Mapping[str, Any]) -> float | None:
    lat, lng = source.get("latitude"), source.get("longitude")
    if lat is None or lng is None:
        return None
    a, b = math.radians(point[0]), math.radians(float(lat))
    cosine = math.cos(a) * math.cos(b) * math.cos(math.radians(float(lng)) - math.radians(point[1])) \
        + math.sin(a) * math.sin(b)
    if not -1.0 <= cosine <= 1.0:
        return None
    return 6372.797 * math.acos(cosine)
