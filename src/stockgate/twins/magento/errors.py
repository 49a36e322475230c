"""Magento's error answers, shaped as the REST API sends them.

Messages keep their ``%name`` / ``%1`` placeholders: Magento does not interpolate them in REST
bodies (WEBAPI src/pages/get-started/gs-web-api-response.md); ``parameters`` is a named object or
a positional array, as the message needs.
"""

from __future__ import annotations

from typing import Any


class MagentoError(Exception):
    """An answer other than 2xx: status, message and parameters exactly as Magento writes them."""

    def __init__(self, status: int, message: str, parameters: dict[str, Any] | list[Any] | None = None,
                 *, errors: list[dict[str, Any]] | None = None) -> None:
        """Keep the parts of the error body."""
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameters = parameters
        self.errors = errors

    def body(self) -> dict[str, Any]:
        """The JSON body: ``message`` plus ``parameters``/``errors`` when present."""
        body: dict[str, Any] = {"message": self.message}
        if self.errors is not None:
            body["errors"] = self.errors
        if self.parameters is not None:
            body["parameters"] = self.parameters
        return body


def no_such_entity(field: str, value: Any) -> MagentoError:
    """NoSuchEntityException::singleField: a 404 naming the field and value."""
    return MagentoError(404, "No such entity with %fieldName = %fieldValue", {"fieldName": field, "fieldValue": value})


def not_found(what: str) -> MagentoError:
    """The generic 404 of a repository ``get`` (product, order, credit memo …)."""
    return MagentoError(404, f"The {what} that was requested doesn't exist. Verify the {what} and try again.")


def input_error(message: str, parameters: dict[str, Any] | list[Any] | None = None) -> MagentoError:
    """An InputException / LocalizedException: a 400."""
    return MagentoError(400, message, parameters)
