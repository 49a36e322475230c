"""From a concrete request URL to the contract operation it calls.

Each platform mounts its API differently, so each has a small :class:`UrlScheme` strategy:

* Magento: ``/rest/V1/…``, ``/rest/<store_code>/V1/…`` (``default``, ``all`` or a store code),
  ``/rest/<store>/async/V1/…`` and ``/rest/<store>/async/bulk/V1/…``, optionally below ``/pub``
  (Adobe's 2.4.5 schema declares basePath ``/pub/rest/default``). A service may be versioned past
  ``V1``: 2.4.8's schema has ``POST /V2/carts/mine/coupons``.
* Lightspeed: ``/api/<version>/…`` (``2.0``, ``2026-07`` …) and the version-less 0.9 ``/api/…``.

The remaining path is matched against the path templates; on ties a literal segment beats a
``{parameter}`` segment, position by position, as routers do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from stockgate.contracts.model import Operation
from stockgate.contracts.refs import Platform, VersionRef


@dataclass(frozen=True, slots=True, kw_only=True)
class Mount:
    """Where a request landed: the contract path below the API root and how it was addressed."""

    path: str
    store: str | None = None
    mode: str = "sync"  # magento: sync | async | bulk
    version: str | None = None  # lightspeed: the version segment, None for 0.9


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationMatch:
    """A concrete request matched to an operation, with its path parameters."""

    operation: Operation
    mount: Mount
    path_params: Mapping[str, str]


class UrlScheme:
    """How one platform mounts its API; ``split`` returns None for URLs outside it."""

    def split(self, path: str) -> Mount | None:  # pragma: no cover - interface
        """Find the API root in ``path``."""
        raise NotImplementedError


class MagentoUrls(UrlScheme):
    """Magento 2 REST mount points."""

    _PATTERN = re.compile(
        r"^(?:/pub)?/rest(?:/(?!V\d+/)(?P<store>[A-Za-z0-9_]+))?"
        r"(?:/(?P<mode>async/bulk|async))?(?P<path>/V\d+(?:/.*)?)$"
    )

    def split(self, path: str) -> Mount | None:
        """``/rest/default/async/bulk/V1/x`` → Mount(path=/V1/x, store=default, mode=bulk)."""
        match = self._PATTERN.match(path)
        if not match:
            return None
        mode = {"async/bulk": "bulk", "async": "async"}.get(match["mode"] or "", "sync")
        return Mount(path=match["path"], store=match["store"], mode=mode)


class LightspeedUrls(UrlScheme):
    """Lightspeed X-Series mount points."""

    _PATTERN = re.compile(r"^/api(?:/(?P<version>\d+\.\d+|\d{4}-\d{2}))?(?P<path>/.*)$")

    def split(self, path: str) -> Mount | None:
        """``/api/2026-07/inventory`` → Mount(path=/inventory, version=2026-07)."""
        match = self._PATTERN.match(path)
        if not match:
            return None
        return Mount(path=match["path"], version=match["version"])


SCHEMES: Mapping[Platform, UrlScheme] = {Platform.MAGENTO: MagentoUrls(), Platform.LIGHTSPEED: LightspeedUrls()}


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}/]+\})", template)
    regex = "".join(f"(?P<p{i}>[^/]+)" if p.startswith("{") else re.escape(p) for i, p in enumerate(parts))
    return re.compile(f"^{regex}$")


class OperationMatcher:
    """Matches (method, url) pairs against the operations of one contract version."""

    def __init__(self, ref: VersionRef, operations: Iterable[Operation], *, version: str | None = None) -> None:
        """Index ``operations`` by method, each with its compiled path template.

        ``version``: the Lightspeed ``/api/<version>`` the contract answers (a pulled one's is its document's,
        not its name; default the ref's version).
        """
        self.ref = ref
        self.version = version or ref.version
        self.scheme = SCHEMES[ref.platform]
        self._by_method: dict[str, list[tuple[tuple[int, ...], re.Pattern[str], Operation]]] = {}
        for op in operations:
            rank = tuple(0 if seg.startswith("{") else 1 for seg in op.path.strip("/").split("/"))
            self._by_method.setdefault(op.method, []).append((rank, _template_regex(op.path), op))
        for candidates in self._by_method.values():
            candidates.sort(key=lambda c: c[0], reverse=True)

    def mount(self, url: str) -> Mount | None:
        """Split ``url`` (absolute or path-only) at this platform's API root."""
        return self.scheme.split(urlsplit(url).path)

    def match(self, method: str, url: str) -> OperationMatch | None:
        """The operation ``method url`` calls, or None when the contract has none."""
        mount = self.mount(url)
        if mount is None or not self._version_fits(mount):
            return None
        for _rank, regex, op in self._by_method.get(method.upper(), []):
            found = regex.match(mount.path)
            if found:
                names = re.findall(r"\{([^}/]+)\}", op.path)
                params = {n: unquote(v) for n, v in zip(names, found.groups(), strict=True)}
                return OperationMatch(operation=op, mount=mount, path_params=params)
        return None

    def _version_fits(self, mount: Mount) -> bool:
        if self.ref.platform is Platform.LIGHTSPEED:
            return mount.version == self.version
        return True
