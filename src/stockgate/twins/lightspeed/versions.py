"""A twin is a Lightspeed *release*: which API versions it serves, and how each one behaves.

``lightspeed@2026-07`` serves the legacy ``2.0`` (and ``2.1`` product writes, and the 0.9
leftovers) next to every date version live at that release (``contracts/index.toml``: released
on or before the release, support not ended). A request to a date version whose support has
ended is answered by the oldest supported one, silently (``versioning.eol_behaviour``). Each
served version is an :class:`ApiVersion` strategy built from its own contract and profile:
handlers ask it for shapes and rules instead of testing version strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from stockgate.contracts import Contract, Profile, load_contract
from stockgate.contracts.index import ContractIndex
from stockgate.contracts.refs import ContractStatus, Platform, VersionRef
from stockgate.errors import UsageError
from stockgate.twins.lightspeed.sales import ReturnRules

LEGACY = "2.0"


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiVersion:
    """One served API version: its contract, profile and the facts handlers act on."""

    segment: str
    contract: Contract
    profile: Profile
    legacy: bool
    inventory_read: dict[str, Any]
    page_caps: dict[str, Any]
    search_max: int
    search_over_max: str
    returns_method: str
    return_rules: ReturnRules
    products_create: dict[str, Any]
    validation_status: int
    omitted: dict[str, frozenset[str]]  # per component, what this version's answers leave out

    @classmethod
    def build(cls, segment: str, contract: Contract, profile: Profile) -> ApiVersion:
        """Read the version's facts once."""
        v = profile.value
        returns = str(v("returns.endpoint"))
        return cls(
            segment=segment, contract=contract, profile=profile, legacy=segment == LEGACY,
            inventory_read=dict(v("inventory.read")), page_caps=dict(v("pagination.page_size_caps")),
            search_max=int(v("pagination.search")["page_size_max"]),
            search_over_max=str(v("pagination.search").get("over_max") or "capped"),
            returns_method=returns.split(maxsplit=1)[0],
            return_rules=ReturnRules(reject_mixed=bool(v("returns.mixed_referenced_unreferenced_rejected")),
                                     void_other_parked=bool(v("returns.other_parked_returns_voided"))),
            products_create=dict(v("products.create")), validation_status=int(v("errors.validation_status")),
            omitted={k: frozenset(names) for k, names in (v("schema.omitted_properties") or {}).items()},
        )

    def shaped(self, component: str, body: dict[str, Any]) -> dict[str, Any]:
        """``body`` without what this version's answers leave out of ``component`` (schema.omitted_properties)."""
        gone = self.omitted.get(component)
        return {k: v for k, v in body.items() if k not in gone} if gone else body

    def cap(self, kind: str) -> int:
        """The page-size cap for a list of ``kind``."""
        return int(self.page_caps.get(kind) or self.page_caps.get("other") or 10000)

    def serves(self, key: str) -> bool:
        """Whether this version's contract has the operation ``METHOD /template``."""
        return key in self.contract.operations


def _month(text: str) -> tuple[int, int]:
    year, month = text.split("-")[:2]
    return int(year), int(month)


@dataclass(frozen=True, slots=True, kw_only=True)
class Release:
    """The versions one release serves, and where retired ones are routed."""

    ref: VersionRef
    as_of: dt.date
    versions: dict[str, ApiVersion]
    retired: dict[str, str]

    def resolve(self, segment: str | None) -> ApiVersion | None:
        """The version answering ``/api/<segment>`` (2.1 and 0.9 use the legacy profile)."""
        if segment in (None, "2.1", "1.0", "0.9"):
            return self.versions[LEGACY]
        segment = self.retired.get(segment, segment)
        return self.versions.get(segment)


def first_release(index: ContractIndex) -> tuple[VersionRef, str]:
    """The first Lightspeed API version stockgate knows and its release month (``2017-05``)."""
    dated = [e for e in index.entries if e.ref.platform is Platform.LIGHTSPEED and e.released != "unknown"]
    first = min(dated, key=lambda e: _month(e.released))
    return first.ref, first.released[:7]


def build_release(index: ContractIndex, ref: VersionRef, as_of: dt.date | None = None,
                  profile: str = "default") -> Release:
    """Every version live at ``ref``'s release (or on ``as_of``), each under ``profile``.

    A pulled contract (``contracts pull lightspeed --file``) is served as the version it extends: that
    release's versions, with the pulled document and profile answering the extended version's
    ``/api/<version>`` (a downloaded document names no release date of its own). Pulled contracts are
    never versions of another release.
    """
    release_entry = index.get(ref)
    pulled = release_entry if release_entry.status is ContractStatus.PULLED else None
    if pulled is not None:
        if pulled.extends is None:  # the index schema requires it; a hand-edited index may not
            raise UsageError(f"{ref}: a pulled contract without 'extends' in its index entry cannot be served; add "
                             "the release it is nearest (e.g. extends = \"lightspeed@2026-07\")")
        release_entry = index.get(pulled.extends)
    if as_of is None:
        year, month = _month(release_entry.released) if release_entry.ref.version != LEGACY else (2025, 7)
        as_of = dt.date(year, month, 1)
    versions: dict[str, ApiVersion] = {}
    ended: list[str] = []
    for entry in index.entries:
        if entry.ref.platform is not Platform.LIGHTSPEED or entry.status is ContractStatus.PULLED:
            continue
        segment = entry.ref.version
        released = _month(entry.released)
        if segment != LEGACY and released > (as_of.year, as_of.month):
            continue
        if segment != LEGACY and entry.support_state(as_of) == "ended":
            ended.append(segment)
            continue
        contract = load_contract(entry.ref, index=index)
        versions[segment] = ApiVersion.build(segment, contract, contract.profile(profile))
    if pulled is not None:  # answers /api/<the version its document names> (default: the one it extends)
        contract = load_contract(pulled.ref, index=index)
        segment = contract.wire_version
        versions[segment] = ApiVersion.build(segment, contract, contract.profile(profile))
    live_dates = sorted(s for s in versions if s != LEGACY)
    retired = {segment: live_dates[0] for segment in ended if live_dates}
    return Release(ref=ref, as_of=as_of, versions=versions, retired=retired)
