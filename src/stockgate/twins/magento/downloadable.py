"""Downloadable links and samples as data (pure): their records, the content validators, and their answers.

As ``catalog.downloadable_links`` states them: a link is a URL or a file (uploaded as base64 content, or one
stored before), optionally with a sample of its own; a sample is the same without price and downloads. The
validators stop at the first failure, in the repositories' order; ids run across products.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(slots=True, kw_only=True)
class DownloadableSample:
    """A sample of a downloadable product (``downloadable_sample``)."""

    id: int
    title: str
    sort_order: int
    sample_type: str
    sample_url: str | None = None
    sample_file: str | None = None

    def body(self) -> dict[str, Any]:
        """``downloadable-data-sample-interface``: nulls left out."""
        out: dict[str, Any] = {"id": self.id, "title": self.title, "sort_order": self.sort_order,
                               "sample_type": self.sample_type}
        return out | _present(sample_file=self.sample_file, sample_url=self.sample_url)


@dataclass(slots=True, kw_only=True)
class DownloadableLink:
    """A link of a downloadable product (``downloadable_link`` with its price and title)."""

    id: int
    title: str
    sort_order: int
    is_shareable: int
    price: float
    number_of_downloads: int
    link_type: str
    link_url: str | None = None
    link_file: str | None = None
    sample_type: str | None = None  # None: saved without a sample
    sample_url: str | None = None
    sample_file: str | None = None

    def body(self) -> dict[str, Any]:
        """``downloadable-data-link-interface`` as ``LinkRepository::buildLink`` fills it: nulls left out."""
        out: dict[str, Any] = {"id": self.id, "title": self.title, "sort_order": self.sort_order}
        out |= _present(sample_type=self.sample_type, sample_file=self.sample_file, sample_url=self.sample_url)
        out |= {"price": _number(self.price), "number_of_downloads": self.number_of_downloads,
                "is_shareable": self.is_shareable, "link_type": self.link_type}
        return out | _present(link_file=self.link_file, link_url=self.link_url)


def _present(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def _whole(value: Any) -> bool:
    """PHP's ``filter_var(FILTER_VALIDATE_INT) !== false`` and not negative."""
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int):
        return value >= 0
    return isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value) is not None and int(value) >= 0


def _numeric(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def url_problem(url: Any, facts: Mapping[str, Any], which: str) -> str | None:
    """``{which}_url_invalid`` or ``{which}_domain_invalid`` for ``url`` (None: it passes)."""
    parts = urlsplit(str(url or ""))
    if parts.scheme not in facts["url_schemes"] or not parts.hostname:
        return str(facts[f"{which}_url_invalid"])
    if re.fullmatch(r"[\d.]+|[0-9a-f:]+", parts.hostname) or parts.hostname not in facts["domains"]:
        return str(facts[f"{which}_domain_invalid"])
    return None


def content_problem(content: Any, facts: Mapping[str, Any]) -> str | None:
    """The file content validator's message (None: strict base64 of something, and an allowed name)."""
    data = content.get("file_data") if isinstance(content, Mapping) else None
    try:
        decoded = base64.b64decode(str(data or ""), validate=True)
    except (binascii.Error, ValueError):
        decoded = b""
    if not decoded:
        return str(facts["content_invalid"])
    name = str(content.get("name") or "") if isinstance(content, Mapping) else ""
    if not name or any(c in str(facts["name_forbidden"]) for c in name):
        return str(facts["name_invalid"])
    return None


def resource_problem(raw: Mapping[str, Any], kind: str, facts: Mapping[str, Any], files: set[str],
                     missing: str) -> str | None:
    """The URL, uploaded content or stored file ``raw`` names for ``kind`` (``link`` or ``sample``)."""
    if raw.get(f"{kind}_type") == "url":
        return url_problem(raw.get(f"{kind}_url"), facts, kind)
    content = raw.get(f"{kind}_file_content")
    if content:
        return content_problem(content, facts)
    return None if raw.get(f"{kind}_file") in files else str(facts[missing])


def link_problem(raw: Mapping[str, Any], facts: Mapping[str, Any], files: set[str], *, sample: bool) -> str | None:
    """The link ``ContentValidator::isValid`` (the sample's resource only when ``sample``)."""
    if not _numeric(raw.get("price")) or float(raw["price"]) < 0:
        return str(facts["link_invalid_price"])
    if not _whole(raw.get("number_of_downloads")):
        return str(facts["downloads_invalid"])
    if not _whole(raw.get("sort_order")):
        return str(facts["sort_order_invalid"])
    found = resource_problem(raw, "link", facts, files, "link_file_missing")
    if found is None and sample:
        found = resource_problem(raw, "sample", facts, files, "link_sample_file_missing")
    return found


def sample_problem(raw: Mapping[str, Any], facts: Mapping[str, Any], files: set[str]) -> str | None:
    """The sample ``ContentValidator::isValid``."""
    if not _whole(raw.get("sort_order")):
        return str(facts["sort_order_invalid"])
    return resource_problem(raw, "sample", facts, files, "sample_file_missing")
