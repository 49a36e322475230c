"""Derive a connector's surface from scenario runs: what it calls, sends and reads.

Calls and sent fields come from the twins' journals (the connector's entries only). Read fields
are known for the reference connector: its clients hand every parsed answer to an observer
(:data:`stockgate.connector.clients.Observer`), which wraps it so that each key the connector
looks at is noted (a lookup, a membership test, an iteration over all keys). Wrapped values are
``dict`` and ``list`` subclasses, stored back on first access, so the connector behaves exactly
as it does unobserved. Any other connector's reads are unknown, and its surface says so.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from stockgate.adapters import ReferenceAdapter
from stockgate.diff.operations import parameter_key
from stockgate.diff.schemas import join
from stockgate.diff.surface import (
    OperationUse,
    Surface,
    Values,
    add_values,
    body_fields,
    extent_rows,
    family,
    request_extents,
    request_values,
    value_rows,
    widen,
)
from stockgate.scenarios.model import Pair, Scenario, ScenarioResult
from stockgate.scenarios.runner import run_scenario
from stockgate.scenarios.world import World
from stockgate.twins.shell import ACTOR

Log = set[str]


class _Dict(dict[str, Any]):
    """A JSON object that notes the keys read from it."""

    def __init__(self, value: dict[str, Any], prefix: str, log: Log) -> None:
        super().__init__(value)
        self._prefix, self._log = prefix, log

    def _note(self, key: Any) -> str:
        name = join(self._prefix, str(key))
        self._log.add(name)
        return name

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        wrapped = _wrap(value, self._note(key), self._log)
        if wrapped is not value:
            super().__setitem__(key, wrapped)
        return wrapped

    def get(self, key: str, default: Any = None) -> Any:
        """Noted whether present or not (a missing key was looked for)."""
        if super().__contains__(key):
            return self[key]
        self._note(key)
        return default

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return super().__contains__(key)

    def _all(self) -> None:
        for key in list(dict.keys(self)):
            self._note(key)

    def __iter__(self) -> Iterator[str]:
        self._all()
        return super().__iter__()

    def keys(self) -> Any:
        """Every key counts as read."""
        self._all()
        return super().keys()

    def items(self) -> Any:
        """Every key counts as read; values wrapped."""
        return [(key, self[key]) for key in list(super().keys())]

    def values(self) -> Any:
        """Every key counts as read; values wrapped."""
        return [self[key] for key in list(super().keys())]


class _List(list[Any]):
    """A JSON array whose items note what is read from them (as ``name[].field``)."""

    def __init__(self, value: list[Any], prefix: str, log: Log) -> None:
        super().__init__(value)
        self._prefix, self._log = prefix, log

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        value = super().__getitem__(index)
        wrapped = _wrap(value, f"{self._prefix}[]", self._log)
        if wrapped is not value:
            super().__setitem__(index, wrapped)
        return wrapped

    def __iter__(self) -> Iterator[Any]:
        for n in range(len(self)):
            yield self[n]


def _wrap(value: Any, prefix: str, log: Log) -> Any:
    if isinstance(value, _Dict | _List):
        return value
    if isinstance(value, dict):
        return _Dict(value, prefix, log)
    if isinstance(value, list):
        return _List(value, prefix, log)
    return value


class Reads:
    """Fields read per request (method, path), filled by the clients' observer."""

    def __init__(self) -> None:
        """Nothing read yet."""
        self.fields: dict[tuple[str, str], Log] = {}

    def observe(self, method: str, url: str, answer: Any) -> Any:
        """The observer: wrap ``answer`` so reads from it are noted under this request."""
        log = self.fields.setdefault((method.upper(), urlsplit(url).path), set())
        return _wrap(answer, "", log)


class ObservedReference(ReferenceAdapter):
    """The reference connector with its answers observed."""

    def __init__(self, reads: Reads) -> None:
        """Note reads into ``reads``."""
        super().__init__()
        self.reads = reads

    async def configure(self, env: Any) -> None:
        """Configure, then hand both clients the observer."""
        await super().configure(env)
        self.connector.magento.observe = self.reads.observe
        self.connector.lightspeed.observe = self.reads.observe


@contextlib.contextmanager
def traced_httpx(reads: Reads | None) -> Iterator[None]:
    """While it lasts, every answer parsed with httpx's ``Response.json`` is observed into ``reads``.

    This is how reads of a ``python:`` connector built on httpx are known without its help: the
    parsed JSON is wrapped as the reference connector's observer wraps it.
    """
    if reads is None:
        yield
        return
    import httpx

    real = httpx.Response.json

    def json(self: httpx.Response, **kwargs: Any) -> Any:
        return reads.observe(self.request.method, str(self.request.url), real(self, **kwargs))

    httpx.Response.json = json  # type: ignore[method-assign]
    try:
        yield
    finally:
        httpx.Response.json = real  # type: ignore[method-assign]


_VERSIONED = re.compile(r"^/api/(\d+\.\d+|\d{4}-\d{2})/")


class UsageLog:
    """Accumulates uses over many scenario runs.

    Reads per operation come from the observer (reference connector), from the read-tracing
    transport (``python:`` connectors parsing answers with httpx), or, for calls whose answers
    neither saw, are inferred: a field of an answer whose value a later request of the connector
    carries (an id in a path, a SKU in a body) was read. Inference is a lower bound, and says so.
    """

    def __init__(self, observed: bool) -> None:
        """``observed``: every answer is observed (reference connector); otherwise traced where it can be."""
        self.observed = observed
        self._uses: dict[tuple[str, str, str], tuple[set[str], set[str], set[str]]] = {}
        self._untraced: set[tuple[str, str, str]] = set()
        self._extents: dict[tuple[str, str, str], Any] = {}  # how long/large/many the values sent were
        self._values: dict[tuple[str, str, str], Values] = {}  # which values were sent (enums judged by them)

    def add(self, scenario: str, world: World, reads: Reads | None) -> None:
        """The connector's journal entries of one run (actors left out)."""
        for platform, entries in (world.journals() or {}).items():
            mine = [e for e in entries if e.operation is not None and not e.request_header(ACTOR)]
            reused: dict[int, set[str]] | None = None  # computed only for an answer not observed (costly)
            for n, entry in enumerate(mine):
                assert entry.operation is not None
                versioned = _VERSIONED.match(entry.path)
                fam = "" if platform == "magento" else family(versioned[1]) if versioned else "0.9"
                key = (platform, entry.operation, fam)
                sent, read, scenarios = self._uses.setdefault(key, (set(), set(), set()))
                sent |= body_fields(entry.request_body)
                query = parse_qsl(entry.query, keep_blank_values=True)
                widen(self._extents.setdefault(key, {}), request_extents(entry.request_body, query))
                add_values(self._values.setdefault(key, {}), request_values(entry.request_body, query))
                sent |= {parameter_key("query", name) for name, _v in parse_qsl(entry.query, keep_blank_values=True)}
                seen = reads.fields.get((entry.method.upper(), entry.path)) if reads is not None else None
                if seen is not None:
                    read |= seen
                elif not self.observed and entry.response_body not in (None, "", [], {}):
                    # observed: every answer the reference parses goes through its observer, so none was read
                    self._untraced.add(key)
                    if reused is None:
                        reused = reused_fields(mine)
                    read |= reused.get(n, set())
                scenarios.add(scenario)

    def how(self, connector: str) -> str:
        """How this surface's reads were known, in one line."""
        if self.observed and not self._untraced:
            return "observed (the reference connector's clients hand every answer to stockgate)"
        if not self._untraced:
            return "traced (every answer was parsed through httpx's Response.json, which stockgate wraps)"
        shown = ", ".join(sorted(op for _p, op, _f in self._untraced)[:3])
        more = f" and {len(self._untraced) - 3} more" if len(self._untraced) > 3 else ""
        return (f"inferred for {len(self._untraced)} operation(s) ({shown}{more}) whose answers were not parsed "
                f"through httpx: only the fields whose values {connector}'s later requests carry count as read "
                "(a lower bound; declare reads in a file, stockgate gate --reads FILE, to say more)")

    def surface(self, connector: str, derived_from: str) -> Surface:
        """What was seen, as a surface."""
        uses = tuple(OperationUse(platform=p, operation=op, family=fam, sent=frozenset(sent),
                                  read=frozenset(read), scenarios=tuple(sorted(seen)),
                                  extent=extent_rows(self._extents.get((p, op, fam), {})),
                                  values=value_rows(self._values.get((p, op, fam), {})))
                     for (p, op, fam), (sent, read, seen) in sorted(self._uses.items()))
        return Surface(connector=connector, derived_from=derived_from, uses=uses, reads=self.how(connector))


def _scalars(body: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(field, value) for every scalar worth matching in a JSON value (ids, SKUs: not flags, not tiny numbers)."""
    if isinstance(body, dict):
        for key, value in body.items():
            yield from _scalars(value, join(prefix, str(key)))
    elif isinstance(body, list):
        for item in body:
            yield from _scalars(item, f"{prefix}[]")
    elif (isinstance(body, str) and len(body) >= 3) or (isinstance(body, int) and not isinstance(body, bool) and \
            abs(body) >= 100):
        yield prefix, str(body)


def _carried(entry: Any) -> set[str]:
    """Every value a request carries: path segments, query values, body scalars."""
    from urllib.parse import unquote

    values = {unquote(part) for part in entry.path.split("/") if part}
    values |= {v for _k, v in parse_qsl(entry.query, keep_blank_values=True)}
    return values | {v for _f, v in _scalars(entry.request_body)}


def reused_fields(entries: list[Any]) -> dict[int, set[str]]:
    """Per entry index: the fields of its answer whose values a later request carries."""
    out: dict[int, set[str]] = {}
    later: set[str] = set()
    for n in range(len(entries) - 1, -1, -1):
        found = {f for f, v in _scalars(entries[n].response_body) if v in later}
        if found:
            out[n] = found
        later |= _carried(entries[n])
    return out


async def derive_surface(scenarios: Iterable[Scenario], pairs: Iterable[Pair], connector: str = "reference",
                         on_result: Callable[[ScenarioResult], None] | None = None) -> Surface:
    """Run every applicable scenario on every pair and collect what the connector used."""
    from stockgate import __version__

    pairs = list(pairs)
    observed = connector == "reference"
    traced = connector.startswith("python:")
    log = UsageLog(observed)
    for pair in pairs:
        for scenario in scenarios:
            if not scenario.applies(pair):
                continue
            reads = Reads() if observed or traced else None

            def inspect(world: World, scenario_id: str = scenario.id, seen: Reads | None = reads) -> None:
                log.add(scenario_id, world, seen)

            with traced_httpx(reads if traced else None):
                result = await run_scenario(scenario, pair, connector, inspect=inspect,
                                            adapter=ObservedReference(reads) if observed and reads else None)
            if on_result:
                on_result(result)
    shown = ", ".join(str(p) for p in pairs)
    return log.surface(connector, f"scenario runs on {shown} (stockgate {__version__})")


def surface_from_cassettes(paths: Iterable[Path]) -> Surface:
    """A surface from recorded cassettes (a connector's traffic with a staging store, say).

    What it called and sent; what it reads cannot be recorded, so reads are unknown.
    """
    import contextlib
    import json

    from stockgate.cassettes.lint import cassette_files
    from stockgate.cassettes.store import no_answer, read_cassette
    from stockgate.contracts import load_contract, load_index

    known = {f"{e.ref.platform.value}@{e.ref.version}" for e in load_index().entries}
    uses: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    connectors: set[str] = set()
    for path in cassette_files(list(paths)):
        provenance, interactions = read_cassette(path)
        if provenance is None:
            continue
        connectors.add(provenance.connector)
        for interaction in interactions:
            if no_answer(interaction):
                continue
            request = interaction["request"]
            url = urlsplit(str(request["uri"]))
            versioned = _VERSIONED.match(url.path)
            fam, version = "", provenance.version
            if provenance.platform == "lightspeed":
                fam = family(versioned[1]) if versioned else "0.9"
                version = versioned[1] if versioned and f"lightspeed@{versioned[1]}" in known else version
            found = load_contract(f"{provenance.platform}@{version}").match(str(request["method"]), url.path)
            if found is None and fam != "0.9":
                continue  # a call no contract knows: nothing a diff could say about it
            operation = found.operation.key if found else f"{str(request['method']).upper()} {url.path}"
            sent, scenarios = uses.setdefault((provenance.platform, operation, fam), (set(), set()))
            body = request.get("body")
            with contextlib.suppress(TypeError, ValueError):
                sent |= body_fields(json.loads(body)) if body else set()
            sent |= {parameter_key("query", name) for name, _v in parse_qsl(url.query, keep_blank_values=True)}
            scenarios.add(provenance.scenario)
    surface_uses = tuple(OperationUse(platform=p, operation=op, family=fam, sent=frozenset(sent), read=None,
                                      scenarios=tuple(sorted(seen)))
                         for (p, op, fam), (sent, seen) in sorted(uses.items()))
    return Surface(connector=", ".join(sorted(connectors)) or "unknown",
                   derived_from="cassettes " + ", ".join(str(p) for p in paths), uses=surface_uses)
