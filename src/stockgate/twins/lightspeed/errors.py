"""Lightspeed's error answers: ``{"error": "..."}`` with the status (``errors.body``)."""

from __future__ import annotations


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
