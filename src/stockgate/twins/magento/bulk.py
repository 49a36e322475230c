"""Asynchronous and bulk Web API requests: accepted now, run by the queue consumer later.

``/rest/<store>/async[/bulk]/V1/...`` answers 202 with a ``bulk_uuid`` and one accepted item per
request body; the operations run when the ``async.operations.all`` consumer does (cron starts
consumers every minute: the twin runs due operations once 60 virtual seconds have passed, or when
:meth:`BulkQueue.run` is called). ``GET /V1/bulk/{uuid}/status`` reports each operation with the
status codes of the profile fact ``bulk.status_codes`` (1 complete, 3 failed, 4 open).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from stockgate.twins.magento.errors import MagentoError, no_such_entity

CONSUMER_DELAY = 60.0
COMPLETE, FAILED_NOT_RETRIABLE, OPEN = 1, 3, 4


@dataclass(slots=True, kw_only=True)
class Operation:
    """One queued request body."""

    id: int
    body: Any
    status: int = OPEN
    result_message: str | None = None
    error_code: int | None = None
    result: Any = None  # what the service answered (result_serialized_data of the detailed status)


@dataclass(slots=True, kw_only=True)
class Bulk:
    """One accepted async/bulk call."""

    uuid: str
    description: str
    start_time: str
    due_at: float
    run: Callable[[Any], Any]
    operations: list[Operation] = field(default_factory=list)


class BulkQueue:
    """Accepted bulks of one store, run on the virtual clock."""

    def __init__(self) -> None:
        """No bulks yet."""
        self.bulks: dict[str, Bulk] = {}

    def accept(self, bodies: list[Any], run: Callable[[Any], Any], *, description: str, now: str,
               elapsed: float) -> dict[str, Any]:
        """Queue ``bodies``; the 202 answer."""
        bulk_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"stockgate-bulk-{len(self.bulks) + 1}"))
        bulk = Bulk(uuid=bulk_uuid, description=description, start_time=now, due_at=elapsed + CONSUMER_DELAY, run=run,
                    operations=[Operation(id=i, body=b) for i, b in enumerate(bodies)])
        self.bulks[bulk_uuid] = bulk
        return {"bulk_uuid": bulk_uuid, "errors": False, "request_items": [
            {"id": op.id, "data_hash": hashlib.sha256(json.dumps(op.body, sort_keys=True).encode()).hexdigest(),
             "status": "accepted"} for op in bulk.operations]}

    def run(self, elapsed: float | None = None) -> int:
        """Run every open operation (due by ``elapsed`` when given); how many ran."""
        ran = 0
        for bulk in self.bulks.values():
            if elapsed is not None and bulk.due_at > elapsed:
                continue
            for op in bulk.operations:
                if op.status != OPEN:
                    continue
                try:
                    op.result = bulk.run(op.body)
                    op.status = COMPLETE
                    op.result_message = "Service execution success"
                except MagentoError as exc:
                    op.status, op.result_message, op.error_code = FAILED_NOT_RETRIABLE, exc.message, 0
                ran += 1
        return ran

    def status(self, bulk_uuid: str) -> dict[str, Any]:
        """``GET /V1/bulk/{uuid}/status``."""
        bulk = self.bulks.get(bulk_uuid)
        if bulk is None:
            raise no_such_entity("bulkUuid", bulk_uuid)
        return {"operations_list": [{"id": op.id, "status": op.status, "result_message": op.result_message,
                                     "error_code": op.error_code} for op in bulk.operations],
                "user_type": 2, "bulk_id": bulk.uuid, "description": bulk.description,
                "start_time": bulk.start_time, "user_id": 1, "operation_count": len(bulk.operations)}
