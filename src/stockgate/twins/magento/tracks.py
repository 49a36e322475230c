"""Shipment tracks as ``ShipmentTrackRepository`` saves and deletes them (pure).

``Track`` ``Validator`` requires ``parent_id``, ``order_id``, ``track_number`` and ``carrier_code``, present and
not empty; the track table's foreign key wants an existing shipment as the parent. Any failure is one
refusal (the repository wraps it). A saved track is kept on its shipment and answered in its ``tracks``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stockgate.twins.magento.orders import Document
from stockgate.twins.magento.serialize_catalog import number

REQUIRED = ("parent_id", "order_id", "track_number", "carrier_code")
TEXT = ("description", "track_number", "title", "carrier_code")


class Refused(Exception):
    """The repository could not save the track."""


def _all(shipments: Mapping[int, Document]) -> list[dict[str, Any]]:
    return [t for doc in shipments.values() for t in doc.tracks]


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Refused from None


def save(shipments: Mapping[int, Document], raw: Mapping[str, Any], now: str) -> dict[str, Any]:
    """Insert a track (or update the one ``entity_id`` names); ``Refused`` when it cannot be saved."""
    if any(raw.get(key) in (None, "", 0, "0") for key in REQUIRED):
        raise Refused
    parent = shipments.get(_int(raw["parent_id"]))
    if parent is None:
        raise Refused
    wanted = _int(raw["entity_id"]) if raw.get("entity_id") else None
    existing = next((t for t in _all(shipments) if t["entity_id"] == wanted), None)
    track: dict[str, Any] = existing if existing is not None else {
        "entity_id": max((t["entity_id"] for t in _all(shipments)), default=0) + 1, "created_at": now}
    track.update({"order_id": _int(raw["order_id"]), "parent_id": parent.entity_id, "updated_at": now})
    for key in ("weight", "qty"):
        if raw.get(key) is not None:
            track[key] = number(float(raw[key]))
    for key in TEXT:
        if raw.get(key) is not None:
            track[key] = str(raw[key])
    if existing is None:
        parent.tracks.append(track)
    else:
        _move(shipments, track, parent)
    return dict(track)


def _move(shipments: Mapping[int, Document], track: dict[str, Any], parent: Document) -> None:
    """An updated track sits on the shipment its ``parent_id`` now names."""
    for doc in shipments.values():
        if track in doc.tracks and doc is not parent:
            doc.tracks.remove(track)
            parent.tracks.append(track)


def delete(shipments: Mapping[int, Document], track_id: int) -> None:
    """Remove the track ``track_id``; an unknown id deletes nothing (the repository loads without checking)."""
    for doc in shipments.values():
        doc.tracks[:] = [t for t in doc.tracks if t["entity_id"] != track_id]
