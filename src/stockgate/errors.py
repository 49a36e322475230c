"""The one exception tree of stockgate.

``StockgateError``
  ``UsageError``      bad command-line input (exit 2)
  ``DataError``       a malformed or inconsistent file: contract, profile, overlay, index, mapping (exit 2)
  ``ConnectorError``  a platform call the connector could not complete
    ``RetriableError``  429, 5xx, timeouts and dropped connections, after the retry policy gave up
    ``FatalError``      other 4xx: retrying cannot help
  ``InternalError``   a defect in stockgate itself

Every message follows one recipe: what failed, where (file:line or key path), expected vs
actual, the nearest valid candidate, and what to do next. Findings (results of a check) are
never exceptions; these are for input stockgate cannot work with.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class StockgateError(Exception):
    """Root of every error stockgate raises on purpose."""

    exit_code = 2


class UsageError(StockgateError):
    """The command line asked for something that does not exist or does not fit."""


class DataError(StockgateError):
    """A file stockgate reads is malformed or inconsistent.

    ``where`` is ``path`` or ``path:line``; ``key`` is a dotted key path or JSON pointer.
    """

    def __init__(
        self,
        problem: str,
        *,
        where: str,
        key: str | None = None,
        expected: str | None = None,
        actual: str | None = None,
        hint: str | None = None,
    ) -> None:
        """Keep the parts; the message is :meth:`render`."""
        self.problem = problem
        self.where = where
        self.key = key
        self.expected = expected
        self.actual = actual
        self.hint = hint
        super().__init__(self.render())

    def __reduce__(self) -> tuple[object, ...]:
        """Picklable with its keyword-only parts (a worker process of the gate or matrix raises it)."""
        parts = {"where": self.where, "key": self.key, "expected": self.expected, "actual": self.actual,
                 "hint": self.hint}
        return (_data_error, (self.problem, parts))

    def render(self) -> str:
        """One line: ``where: key: problem (expected …, got …). hint``."""
        return f"{self.where}: {self.detail()}"

    def detail(self) -> str:
        """The message without its location: ``key: problem (expected …, got …). hint``."""
        head = (f"{self.key}: " if self.key else "") + self.problem
        detail = []
        if self.expected is not None:
            detail.append(f"expected {self.expected}")
        if self.actual is not None:
            detail.append(f"got {self.actual}")
        text = head + (f" ({', '.join(detail)})" if detail else "")
        return text + (f". {self.hint}" if self.hint else "")


def _data_error(problem: str, parts: dict[str, str | None]) -> DataError:
    return DataError(problem, where=str(parts["where"]), key=parts["key"], expected=parts["expected"],
                     actual=parts["actual"], hint=parts["hint"])


class ConnectorError(StockgateError):
    """A platform call failed; the message names the operation, status and platform message, never a token."""

    exit_code = 1

    def __init__(self, message: str, *, operation: str, status: int | None = None,
                 details: dict[str, object] | None = None) -> None:
        """Keep the operation, HTTP status (None: no answer arrived) and the platform's error body."""
        super().__init__(message)
        self.operation = operation
        self.status = status
        self.details = details or {}


class RetriableError(ConnectorError):
    """Retrying may help (429, 5xx, timeouts, dropped connections); the policy's attempts or budget ran out."""


class FatalError(ConnectorError):
    """Retrying cannot help (a 4xx other than 429)."""


class InternalError(StockgateError):
    """stockgate reached a state its own code should make impossible."""

    exit_code = 3


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate closest to ``word``, or None when nothing is close."""
    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.5)
    return found[0] if found else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` — did you mean 'x'?`` or an empty string."""
    best = nearest(word, candidates)
    return f" — did you mean '{best}'?" if best else ""
