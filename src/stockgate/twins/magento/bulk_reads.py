"""Reads of the bulk queue: detailed status, operation counts by status, the operation list (pure).

Each operation row is ``asynchronous-operations-data-operation-interface`` as ``magento_operation``
keeps it (fact ``bulk.operation_rows``): scheduled with ``serialized_data`` = ``{"entity_id": null,
"entity_link": "", "meta_information": <request JSON>}`` (``OperationRepository::createByTopic``);
a completed operation's ``serialized_data`` is emptied and its result kept in ``result_serialized_data``.
"""

from __future__ import annotations

import json
from typing import Any

from stockgate.twins.magento.bulk import COMPLETE, Bulk, BulkQueue, Operation

USER_TYPE_ADMIN, USER_ID = 2, 1  # the twin's callers are integrations and admins: Magento records type 2


def operation_row(bulk: Bulk, op: Operation) -> dict[str, Any]:
    """One ``magento_operation`` row."""
    scheduled = json.dumps({"entity_id": None, "entity_link": "", "meta_information": json.dumps(op.body)})
    done = op.status == COMPLETE
    return {"id": op.id, "bulk_uuid": bulk.uuid, "topic_name": bulk.description.removeprefix("Topic "),
            "serialized_data": None if done else scheduled,
            "result_serialized_data": json.dumps(op.result) if done else None,
            "status": op.status, "result_message": op.result_message, "error_code": op.error_code}


def detailed_status(bulk: Bulk) -> dict[str, Any]:
    """``GET /V1/bulk/{bulkUuid}/detailed-status`` of an accepted bulk."""
    return {"operations_list": [operation_row(bulk, op) for op in bulk.operations], "user_type": USER_TYPE_ADMIN,
            "bulk_id": bulk.uuid, "description": bulk.description, "start_time": bulk.start_time,
            "user_id": USER_ID, "operation_count": len(bulk.operations)}


def count_with_status(queue: BulkQueue, bulk_uuid: str, status: int) -> int:
    """``GET /V1/bulk/{bulkUuid}/operation-status/{status}``: a count, 0 for a bulk that does not exist.

    ``getOperationsCountByBulkIdAndStatus`` counts ``magento_operation`` rows; it never looks the bulk up.
    """
    bulk = queue.bulks.get(bulk_uuid)
    return 0 if bulk is None else sum(1 for op in bulk.operations if op.status == status)


def all_operations(queue: BulkQueue) -> list[dict[str, Any]]:
    """Every operation of every bulk, as ``GET /V1/bulk`` searches them."""
    return [operation_row(bulk, op) for bulk in queue.bulks.values() for op in bulk.operations]
