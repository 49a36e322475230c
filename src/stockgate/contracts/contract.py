"""The :class:`Contract` facade: one platform version's document, operations, schemas and profiles."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stockgate.contracts.documents import document_for
from stockgate.contracts.index import INDEX_NAME, ContractEntry, ContractIndex, load_index
from stockgate.contracts.model import DanglingRef, Operation, build_operations, spec_kind
from stockgate.contracts.profiles import DEFAULT, Profile, load_profile
from stockgate.contracts.refs import VersionRef
from stockgate.contracts.urls import OperationMatch, OperationMatcher
from stockgate.datafile import display_path
from stockgate.errors import UsageError, did_you_mean

if TYPE_CHECKING:
    from stockgate.contracts.schema import SchemaView

_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"}


class Contract:
    """What one platform version promises: its OpenAPI document plus behaviour profiles."""

    def __init__(self, index: ContractIndex, entry: ContractEntry, document: dict[str, Any]) -> None:
        """Wrap an already loaded document; use :func:`load_contract` to get one."""
        self.index = index
        self.entry = entry
        self.ref = entry.ref
        self.document = document
        self.kind = spec_kind(document)
        self._operations: dict[str, Operation] | None = None
        self._matcher: OperationMatcher | None = None
        self._schemas: SchemaView | None = None
        self._nullable_views: dict[tuple[Any, ...], SchemaView] = {}

    @property
    def operations(self) -> dict[str, Operation]:
        """Every operation keyed ``METHOD /path``."""
        if self._operations is None:
            try:
                self._operations = build_operations(self.document)
            except DanglingRef as exc:
                raise exc.error(self.shown) from None
        return self._operations

    @property
    def shown(self) -> str:
        """The document's file as errors name it (a derived document: its overlay)."""
        if self.entry.document is not None:
            return display_path(self.entry.document)
        return f"{display_path(self.entry.overlay or self.index.root)} (derived from {self.entry.base})"

    @property
    def schemas(self) -> SchemaView:
        """Draft 4 validators and readable resolutions over this document."""
        if self._schemas is None:
            from stockgate.contracts.schema import SchemaView  # jsonschema: imported when first needed

            self._schemas = SchemaView(self.document, f"urn:stockgate:contract:{self.ref}", self.shown)
        return self._schemas

    def schemas_with_nulls(self, pointers: tuple[str, ...], untyped: tuple[str, ...] = (),
                           optional: tuple[tuple[str, str], ...] = ()) -> SchemaView:
        """A schema view where the property schemas at ``pointers`` also accept null (profile-declared).

        Those at ``untyped`` accept any JSON type (their declared type is not what the wire carries); the
        ``(definition, property)`` pairs of ``optional`` may be left out though the definition requires them.
        """
        if not pointers and not untyped and not optional:
            return self.schemas
        key = (pointers, untyped, optional)
        if key not in self._nullable_views:
            import copy

            from stockgate.contracts.model import resolve_pointer
            from stockgate.contracts.schema import SchemaView

            doc = copy.deepcopy(self.document)
            for ptr in pointers:
                resolve_pointer(doc, ptr)["x-nullable"] = True  # the converter turns this into type [T, "null"]
            for ptr in untyped:
                resolve_pointer(doc, ptr).pop("type", None)
            for definition, name in optional:
                required = doc.get("definitions", {}).get(definition, {}).get("required")
                if isinstance(required, list) and name in required:
                    required.remove(name)
            self._nullable_views[key] = SchemaView(doc, f"urn:stockgate:contract:{self.ref}:nulls", self.shown)
        return self._nullable_views[key]

    @property
    def wire_version(self) -> str:
        """The ``/api/<version>`` segment a Lightspeed contract is served under (Magento: its version).

        A published version's own name; a pulled document (``contracts pull lightspeed --file``) is
        addressed as its publisher addressed it, the version in its first server URL
        (``https://{domain_prefix}.retail.lightspeed.app/api/2026-07``), else as the release it extends:
        ``lightspeed@ls-mine`` pulled from the 2026-07 document answers ``/api/2026-07/...``.
        """
        if self.ref.platform.value != "lightspeed" or self.entry.extends is None:
            return self.ref.version
        servers = self.document.get("servers") or [{}]
        first = servers[0] if isinstance(servers, list) and servers and isinstance(servers[0], dict) else {}
        found = re.search(r"/api/(\d+\.\d+|\d{4}-\d{2})/?$", str(first.get("url", "")))
        return found[1] if found else self.entry.extends.version

    def match(self, method: str, url: str) -> OperationMatch | None:
        """The operation a concrete request (``GET /rest/default/V1/products/ABC``) calls."""
        if self._matcher is None:
            self._matcher = OperationMatcher(self.ref, self.operations.values(), version=self.wire_version)
        return self._matcher.match(method, url)

    def operation(self, text: str) -> Operation:
        """Look up ``METHOD /template`` or ``METHOD /concrete/url``; UsageError naming the nearest."""
        method, _, path = text.strip().partition(" ")
        method, path = method.upper(), path.strip()
        if method not in _METHODS or not path.startswith(("/", "http")):
            raise UsageError(f"'{text}' is not an operation; expected 'METHOD /path', "
                             "e.g. 'POST /V1/inventory/source-items'")
        exact = self.operations.get(f"{method} {path}")
        if exact:
            return exact
        found = self.match(method, path) or self.match(method, self._api_root() + path)
        if found:
            return found.operation
        hint = did_you_mean(f"{method} {path}", self.operations)
        raise UsageError(f"{self.ref} has no operation '{method} {path}'{hint}" + (" " if hint else "; ") +
                         f"`stockgate contracts show {self.ref}` lists all {len(self.operations)}")

    def _api_root(self) -> str:
        return "/rest/default" if self.ref.platform.value == "magento" else f"/api/{self.wire_version}"

    def profile(self, name: str = DEFAULT) -> Profile:
        """The resolved behaviour profile ``name`` (``default``, ``input-limits-on``, ``registers-3`` …)."""
        return load_profile(self.index, self.entry, name)


def load_contract(ref: VersionRef | str, contracts_dir: Path | None = None,
                  index: ContractIndex | None = None) -> Contract:
    """Load one contract by reference from ``contracts_dir`` (default: the embedded contracts)."""
    ref = VersionRef.parse(ref) if isinstance(ref, str) else ref
    index = index or load_index(contracts_dir)
    entry = index.get(ref)
    key = (str(index.root.resolve()), str(ref), _stamp(index, entry))
    loaded = _LOADED.get(key)
    if loaded is None:
        loaded = _LOADED[key] = Contract(index, entry, document_for(index, entry))
    return loaded


# One Contract per version and file state per process: twins, connectors and oracles of every scenario
# share its parsed document and compiled validators. Contracts are read-only once loaded.
_LOADED: dict[tuple[str, str, tuple[tuple[str, int, int], ...]], Contract] = {}


def _stamp(index: ContractIndex, entry: ContractEntry) -> tuple[tuple[str, int, int], ...]:
    files = [index.root / INDEX_NAME, entry.document, entry.overlay, entry.profile]
    if entry.base is not None:
        files.append(index.get(entry.base).document)
    stamps = []
    for path in files:
        if path is None:
            continue
        try:
            st = path.stat()
        except OSError:
            continue  # a missing file fails where it is read, with the usual message
        stamps.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(stamps)
