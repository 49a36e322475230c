"""Names for platforms, versions and contract statuses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from stockgate.errors import UsageError


class _ListedEnum(StrEnum):
    @classmethod
    def parse(cls, text: str, *, what: str) -> _ListedEnum:
        try:
            return cls(text)
        except ValueError:
            valid = ", ".join(m.value for m in cls)
            raise UsageError(f"unknown {what} '{text}'; valid values: {valid}") from None


class Platform(_ListedEnum):
    """The two systems a connector sits between."""

    MAGENTO = "magento"
    LIGHTSPEED = "lightspeed"


class ContractStatus(_ListedEnum):
    """Whether a contract's document was published by the vendor, derived by stockgate or pulled from a store."""

    PUBLISHED = "published"
    DERIVED = "derived"
    PULLED = "pulled"  # a store's own schema (``stockgate contracts pull``): the merchant's, not the vendor's


# a version is a release (2.4.8, 2026-07) or a pulled contract's name (my-staging)
_REF = re.compile(r"^(?P<platform>[a-z]+)@(?P<version>[0-9a-z][0-9A-Za-z.\-]*)$")


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class VersionRef:
    """One platform release, written ``platform@version`` (``magento@2.4.8``, ``lightspeed@2026-07``)."""

    platform: Platform
    version: str

    @classmethod
    def parse(cls, text: str) -> VersionRef:
        """Parse ``platform@version``; raise UsageError with the expected shape otherwise."""
        match = _REF.match(text.strip())
        if not match:
            raise UsageError(
                f"'{text}' is not a version reference; expected platform@version, "
                "e.g. magento@2.4.8 or lightspeed@2026-07"
            )
        platform = Platform.parse(match["platform"], what="platform")
        return cls(platform=Platform(platform), version=match["version"])

    def __str__(self) -> str:
        return f"{self.platform.value}@{self.version}"
