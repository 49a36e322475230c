"""How long a 429 asked the client to wait: ``Retry-After`` as seconds or an RFC 1123 date, or a legacy body.

Shared by the connector (to wait) and the scenario oracles (to check that it waited). Lightspeed
sends ``Retry-After`` as an HTTP date (LIGHTSPEED.md, rate limits); older Vend answers carried a
``retry-after`` ISO timestamp in the JSON body and no header; RFC 9110 §10.2.3 also allows seconds.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from typing import Any


def retry_after_seconds(header: str | None, body: Any, now: dt.datetime) -> float | None:
    """Seconds to wait from ``now``; None when the answer names no (usable) wait."""
    text = (header or "").strip()
    if text.isdigit():
        return float(text)
    when = http_date(text) if text else body_timestamp(body)
    return None if when is None else max(0.0, (when - now).total_seconds())


def http_date(text: str) -> dt.datetime | None:
    """An RFC 1123 date as an aware datetime (None if it is not one)."""
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else None


def body_timestamp(body: Any) -> dt.datetime | None:
    """The legacy ``{"retry-after": "<ISO 8601>"}`` body field as an aware datetime."""
    stamp = body.get("retry-after") if isinstance(body, dict) else None
    if not isinstance(stamp, str):
        return None
    try:
        when = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else None
