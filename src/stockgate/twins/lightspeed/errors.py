"""Lightspeed's error answers: ``{"error": "..."}`` with the status (``errors.body``)."""

from __future__ import annotations

import math
import re
from typing import Any

# a JSON number or a decimal string (0.9 and older 2.x payloads write counts as "60.00000"); not Python's
# "nan", "inf", "infinity" or "1_000", which float() also takes
_DECIMAL = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*\Z")


class LightspeedError(Exception):
    """A non-2xx answer; ``status`` None means "a refused write": the version's ``errors.validation_status``."""

    def __init__(self, status: int | None, error: str, *, details: dict[str, object] | None = None) -> None:
        """Keep status and message."""
        super().__init__(error)
        self.status = status
        self.error = error
        self.details = details or {}

    def body(self) -> dict[str, object]:
        """``{"error": "..."}`` (plus any extra keys the answer documents)."""
        return {"error": self.error, **self.details}


def not_found(what: str) -> LightspeedError:
    """A 404 for a missing entity."""
    return LightspeedError(404, f"{what} not found")


def invalid(message: str, status: int | None = None) -> LightspeedError:
    """A validation failure: the version's ``errors.validation_status`` unless a status is given."""
    return LightspeedError(status, message)


def number(value: Any, field: str) -> float:
    """``value`` as a finite number; a refused write otherwise (NaN and Infinity are never kept or served)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str) or (
            isinstance(value, str) and not _DECIMAL.match(value)):
        raise invalid(f"{field} must be a number")
    try:
        result = float(value)
    except OverflowError:  # an integer too large for a double
        result = math.inf
    if not math.isfinite(result):
        raise invalid(f"{field} must be a finite number")
    return result
