"""Bulk reads beside ``GET /V1/bulk/{bulkUuid}/status``: detailed status, counts by status, the operation list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import bulk_reads
from stockgate.twins.magento.errors import MagentoError
from stockgate.twins.magento.routes_inventory import listing

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp


def detailed(call: Call) -> dict[str, Any]:
    """``GET /V1/bulk/{bulkUuid}/detailed-status``; the 404 of ``bulk.operation_rows`` for an unknown bulk."""
    uuid = call.params["bulkUuid"]
    bulk = call.twin.bulk.bulks.get(uuid)
    if bulk is None:
        answer = call.twin.behaviour.bulk_rows["unknown_bulk"]
        raise MagentoError(int(answer["status"]), answer["body"]["message"], {"bulkUuid": uuid})
    return bulk_reads.detailed_status(bulk)


def count(call: Call) -> int:
    """``GET /V1/bulk/{bulkUuid}/operation-status/{status}``."""
    return bulk_reads.count_with_status(call.twin.bulk, call.params["bulkUuid"], call.int_param("status"))


def operations(call: Call) -> dict[str, Any]:
    """``GET /V1/bulk?searchCriteria…``: operations of every bulk (searchCriteria required)."""
    return listing(call, bulk_reads.all_operations(call.twin.bulk), required=True)


def register(app: MagentoApp) -> None:
    """Add the bulk read routes."""
    r = app.route
    r("GET", "/V1/bulk", operations)
    r("GET", "/V1/bulk/{bulkUuid}/detailed-status", detailed)
    r("GET", "/V1/bulk/{bulkUuid}/operation-status/{status}", count)
