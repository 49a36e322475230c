"""Numbers in Magento requests, read as the Web API's type processing reads them (``validation.float_fields``).

A float field takes a JSON number or a string PHP's ``is_numeric()`` accepts. Anything else ("NaN",
"Infinity", "abc": Python's ``float()`` takes the first two) is Magento's type error, naming the
field when it sits inside an object. A number too large for a double ("1e309") would be INF in PHP;
the twin refuses it the same way, so no quantity it keeps, and nothing it serves, is ever non-finite.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from stockgate.twins.magento.errors import MagentoError

# PHP 8's numeric strings: optional surrounding whitespace, a sign, digits with a point, an exponent
_PHP_NUMERIC = re.compile(r"[ \t\n\r\v\f]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t\n\r\v\f]*\Z")


def php_float(value: Any, rule: Mapping[str, Any], field: str | None = None) -> float:
    """``value`` as a float field (``field``: its property name, None for a top-level parameter)."""
    number = _numeric(value)
    if number is None or (rule["non_finite_refused"] and not math.isfinite(number)):
        raise type_error(shown(value), "float", rule, field)
    return number


def php_int(value: Any, rule: Mapping[str, Any], field: str | None = None) -> int:
    """``value`` as an int field: what is_numeric() accepts, cast as PHP's settype() does (1.9 -> 1)."""
    number = _numeric(value)
    if number is None or not math.isfinite(number):
        raise type_error(shown(value), "int", rule, field)
    return int(number)


def finite(value: Any) -> float | None:
    """``value`` as a finite float when PHP takes it as a number; None otherwise (for callers with their own error)."""
    number = _numeric(value)
    return number if number is not None and math.isfinite(number) else None


def type_error(value: str, type_name: str, rule: Mapping[str, Any], field: str | None = None) -> MagentoError:
    """The 400 of a value of the wrong type, interpolated as Magento sends it (no ``parameters``)."""
    details = str(rule["message"]).replace("%value", value).replace("%type", type_name)
    if field is not None:
        details = str(rule["field_message"]).replace("%field_name", field).replace("%details", details)
    return MagentoError(int(rule["status"]), details)


def _numeric(value: Any) -> float | None:
    """What PHP's is_numeric() accepts, as a float; None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if isinstance(value, str) and not _PHP_NUMERIC.match(value):
        return None
    try:
        return float(value)
    except OverflowError:  # an int too large for a double: INF in PHP
        return math.inf


def shown(value: Any) -> str:
    """``value`` as PHP casts it to a string in a type error's message (a JSON number too large is INF)."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float) and not math.isfinite(value):
        return "INF" if value > 0 else "-INF" if value < 0 else "NAN"
    if isinstance(value, list | dict):
        return "array"
    return str(value)
