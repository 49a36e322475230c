r"""The whole contract as a route table beside a twin's emulated routes: what a twin answers 501.

A twin emulates some of its contract's operations. A request for any other operation of the contract
must not get the platform's no-route 404 (a connector would read "this version lacks it") but a 501
saying the operation is in ``<platform>@<version>``'s contract and not emulated (issue 15). The table
picks the operation a request calls the way the platforms route: the request's method first, then
the path, a literal segment beating a parameter at the first position two templates differ. For
Magento that is ``Webapi\Model\Rest\Config::getRestRoutes`` (the exact path first; otherwise the
method's routes sorted by URL, where ``:param`` sorts before letters) and ``Controller\Rest\Router::
match`` (the last match wins); a wrong method is no route at all. So an emulated ``/V1/orders/{id}``
never answers ``/V1/orders/items``: the contract's literal path outranks it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

from stockgate.twins.web import Route, Router

NOT_EMULATED = "X-Stockgate-Not-Emulated"  # marks the twin's own 501 (a 501 naming a profile fact has none)
NOT_EMULATED_MESSAGE = "{operation} is in {ref}'s contract but not emulated by the stockgate twin"


@dataclass(frozen=True, slots=True, kw_only=True)
class Pick:
    """The contract operation a request calls, and the emulated route serving it (None: answer 501)."""

    operation: str  # "METHOD /template"
    route: Route | None
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Template:
    rank: tuple[int, ...]
    regex: re.Pattern[str]
    template: str


@functools.lru_cache(maxsize=16384)  # asked per emulated route and contract template of every new twin
def shape(key: str) -> str:
    """``METHOD /template`` (or a template) with parameter names dropped: routing never reads them."""
    return re.sub(r"\{[^}/]+\}", "{}", key)


def _segments(template: str) -> list[str]:
    return template.strip("/").split("/")


def _rank(template: str) -> tuple[int, ...]:
    """Per segment: 2 literal, 1 a parameter with literal text (``{id}.txt``), 0 a bare parameter."""
    return tuple(2 if "{" not in s else 0 if re.fullmatch(r"\{[^}/]+\}", s) else 1 for s in _segments(template))


@functools.lru_cache(maxsize=16384)  # every scenario builds new twins over the same few thousand templates
def _compile(template: str) -> _Template:
    """A regex over the raw path; a template declared with a trailing slash also matches without it."""
    parts = re.split(r"\{[^}/]+\}", template.rstrip("/") if template != "/" else template)
    regex = "([^/]+)".join(re.escape(p) for p in parts) + ("/?" if template.endswith("/") else "")
    return _Template(_rank(template), re.compile(f"^{regex}$"), template)


def _overlap(a: str, b: str) -> bool:
    """Whether some path matches both templates (same length, literals equal where both are literal)."""
    sa, sb = _segments(a), _segments(b)
    return len(sa) == len(sb) and all(x == y or "{" in x or "{" in y for x, y in zip(sa, sb, strict=True))


_OUTRANKING: dict[tuple[str, ...], dict[tuple[str, str], list[_Template]]] = {}


class ContractRoutes:
    """One contract version's operations matched beside a twin router's emulated routes."""

    def __init__(self, operations: Iterable[str], router: Router, *, decode: Callable[[str], str] = unquote) -> None:
        """Index ``operations`` (``METHOD /template``) by method, most specific first."""
        operations = tuple(operations)
        self._by_method: dict[str, list[_Template]] = {}
        for key in operations:
            method, _, template = key.partition(" ")
            self._by_method.setdefault(method, []).append(_compile(template))
        for candidates in self._by_method.values():
            candidates.sort(key=lambda t: t.rank, reverse=True)
        self._routes = {shape(route.template): route for route in router.routes}  # a twin may name parameters
        self._decode = decode
        # depends on the operations only: shared by every twin of the contract (each scenario builds new twins)
        self._outranking = _OUTRANKING.setdefault(operations, {})

    def pick(self, method: str, path: str) -> Pick | None:
        """The contract operation ``method path`` calls (None: the contract has no such route)."""
        return self._first(method, self._by_method.get(method, ()), path)

    def outranking(self, method: str, template: str, path: str) -> Pick | None:
        """A contract operation that wins ``path`` over the emulated ``method template`` (None: the route stands)."""
        key = (method, template)
        if key not in self._outranking:  # per emulated route, once: almost always empty
            own = _rank(template)
            self._outranking[key] = [t for t in self._by_method.get(method, ())
                                     if shape(t.template) != shape(template) and t.rank > own
                                     and _overlap(t.template, template)]
        return self._first(method, self._outranking[key], path)

    def _first(self, method: str, candidates: Iterable[_Template], path: str) -> Pick | None:
        for candidate in candidates:
            found = candidate.regex.match(path)
            if found:
                operation = f"{method} {candidate.template}"
                route = self._routes.get(shape(candidate.template))
                if route is None or method not in route.handlers:
                    return Pick(operation=operation, route=None)
                params = {n: self._decode(v) for n, v in zip(route.names, found.groups(), strict=True)}
                return Pick(operation=operation, route=route, params=params)
        return None


def not_emulated_message(operation: str, ref: object) -> str:
    """``GET /V1/stockStatuses/{productSku} is in magento@2.4.8's contract but not emulated by the stockgate twin``."""
    return NOT_EMULATED_MESSAGE.format(operation=operation, ref=ref)
