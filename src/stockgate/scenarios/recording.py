"""Record a scenario's connector traffic into cassettes, and replay a connector against them.

Which traffic a cassette sees is deliberate: only the connector's. vcrpy also intercepts
``httpx.ASGITransport`` (STACK-NOTES.md finding 3), so the scenario's own reads (observers) and
writes (actors: the cashier, the storefront) would be recorded too; they are left out by their
headers. One recording is split by host into the Magento and the Lightspeed cassette, each scrubbed
with its own :class:`~stockgate.cassettes.scrub.Scrubber` before it is written.

Replay is strict: vcrpy's record mode ``none``, matching on method, path, query and the JSON body;
the connector ticks at the recorded virtual moments. A request no interaction matches is a finding
carrying vcrpy's own explanation (the closest recorded requests and how they differ), and recorded
interactions the connector never asked for are reported.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx

from stockgate import __version__
from stockgate.adapters import ConnectorEnv, adapter_for
from stockgate.cassettes.scrub import Scrubber
from stockgate.cassettes.store import (
    NO_ANSWER_HEADER,
    NO_ANSWER_STATUS,
    MemoryPersister,
    Provenance,
    cassette_path,
    file_sha256,
    host_of,
    interactions_of,
    read_cassette,
    to_vcr,
    write_cassette,
)
from stockgate.clock import VirtualClock
from stockgate.errors import UsageError
from stockgate.scenarios.model import Finding, Pair, Scenario, ScenarioResult
from stockgate.scenarios.runner import connector_mapping, pair_for, run_scenario
from stockgate.scenarios.world import DEMO, LIGHTSPEED_BASE, MAGENTO_BASE
from stockgate.twins.shell import ACTOR, OBSERVER

HOSTS = {"magento": "magento.test", "lightspeed": "demo.retail.lightspeed.app"}


class _NoAnswerRecorder(httpx.AsyncBaseTransport):
    """Records a request that got no answer into the cassette, in order, then lets the error through."""

    def __init__(self, inner: httpx.AsyncBaseTransport, cassette: Any) -> None:
        self.inner = inner
        self.cassette = cassette

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self.inner.handle_async_request(request)
        except httpx.TransportError as exc:
            from vcr.request import Request

            self.cassette.append(Request(request.method, str(request.url), request.content, dict(request.headers)),
                                 {"status": {"code": NO_ANSWER_STATUS, "message": "no answer"},
                                  "headers": {NO_ANSWER_HEADER: [type(exc).__name__]}, "body": {"string": b""}})
            raise


async def _unrecorded(scope: Any, receive: Any, send: Any) -> None:
    """What answers if vcrpy ever let a replayed request through: never the network."""
    await send({"type": "http.response.start", "status": 599, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"stockgate replay: this request was not recorded"})


class _NoAnswerPlayer(httpx.AsyncBaseTransport):
    """Turns a recorded no-answer back into the transport error the connector saw."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if NO_ANSWER_HEADER in response.headers:
            await response.aclose()
            raise httpx.RemoteProtocolError("Server disconnected without sending a response (as recorded).",
                                            request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
MATCH_ON = ("method", "path_and_query", "json_body")


def _connector_only(request: Any) -> Any:
    """Vcrpy's ``before_record_request``: None (not recorded) for the scenario's own requests."""
    headers = {k.lower() for k in request.headers}
    return None if OBSERVER in headers or ACTOR in headers else request


def json_body(r1: Any, r2: Any) -> None:
    """The vcrpy matcher: equal JSON bodies (httpx's compact JSON vs another serialization), else equal bytes."""
    if r1.body == r2.body:
        return
    if _parsed_body(r1.body) != _parsed_body(r2.body):  # the message is cheap: most comparisons fail
        raise AssertionError(f"body {_short(r1.body)} != {_short(r2.body)}")


def path_and_query(r1: Any, r2: Any) -> None:
    """The vcrpy matcher: the same path and the same query parameters (any order)."""
    if _where(r1.uri) != _where(r2.uri):
        raise AssertionError(f"{r1.uri} != {r2.uri}")


# vcrpy runs every matcher of every recorded interaction for every request: parse each body and URL once
@functools.lru_cache(maxsize=8192)
def _parsed_body(body: bytes | str | None) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, TypeError):
        return body


def _short(body: bytes | str | None, limit: int = 300) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
    return text if len(text) <= limit else text[:limit] + "…"


@functools.lru_cache(maxsize=8192)
def _where(uri: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    parts = urlsplit(uri)
    return parts.path, tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))


def _vcr(persister: MemoryPersister, mode: str) -> Any:
    import vcr

    recorder = vcr.VCR(record_mode=mode, match_on=list(MATCH_ON), before_record_request=_connector_only,
                       decode_compressed_response=True)
    recorder.register_matcher("json_body", json_body)
    recorder.register_matcher("path_and_query", path_and_query)
    recorder.register_persister(persister)
    return recorder


async def record_scenario(scenario: Scenario, pair: Pair, root: Path, connector: str = "reference",
                          recorded_at: str | None = None) -> tuple[ScenarioResult, list[Path]]:
    """Run ``scenario`` on the twins and write its two cassettes under ``root``."""
    if connector.startswith("command:"):
        raise UsageError("recording needs an in-process connector (reference or python:...): vcrpy cannot see "
                         "the HTTP traffic of another process")
    result, recorded = await _record_in_memory(scenario, pair, connector)
    pair = pair_for(scenario, pair)
    mapping = connector_mapping(scenario, pair)
    stamp = recorded_at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    written = []
    for platform, version, profile in (("magento", pair.magento, pair.magento_profile),
                                       ("lightspeed", pair.lightspeed, pair.lightspeed_profile)):
        scrubber = Scrubber()
        mine = [scrubber.interaction(i) for i in recorded if host_of(i) == HOSTS[platform]]
        provenance = Provenance(
            platform=platform, version=version, profile=profile, pair=str(pair), scenario=scenario.id,
            scenario_sha256=file_sha256(scenario.path), recorded_from="twin", recorded_at=stamp,
            stockgate_version=__version__, connector=connector,
            magento_auth=("bearer" if _bearer(pair) else "oauth1") if platform == "magento" else "",
            lightspeed_api=mapping.lightspeed_version if platform == "lightspeed" else "",
            ticks=result.ticks, scrubbed=tuple(scrubber.log))
        path = cassette_path(root, platform, version, scenario.id)
        write_cassette(path, provenance, mine)
        written.append(path)
    return result, written


async def _record_in_memory(scenario: Scenario, pair: Pair, connector: str) -> tuple[ScenarioResult, list[Any]]:
    """Run the scenario on the twins under vcrpy; the connector's interactions, unscrubbed, in memory only."""
    persister = MemoryPersister()
    with _vcr(persister, "all").use_cassette("recording") as cassette:
        result = await run_scenario(scenario, pair, connector,
                                    wrap=lambda transport: _NoAnswerRecorder(transport, cassette))
    return result, interactions_of(persister.saved.get("recording", {"requests": [], "responses": []}))


async def fidelity(path: Path, scenarios: dict[str, Scenario]) -> list[str]:
    """Differences between a cassette and what the twin of the same version answers to the same run.

    The cassette's scenario is run again on the twins (its pair from the provenance) with the
    connector it was recorded with; the platform's interactions are compared in order, structurally:
    the request (method and path), status, content type, the headers a connector acts on (Retry-After,
    rate-limit headers: present or not), the JSON shape (keys and value types), and the values inside
    objects about a SKU the scenario asserts.
    Recorded on a staging store, a difference is a place where the twin is not faithful.
    """
    provenance, recorded = read_cassette(path)
    if provenance is None:
        return [f"{path}: no provenance: the scenario and pair to replay it with are unknown"]
    scenario = scenarios.get(provenance.scenario)
    if scenario is None:
        return [f"{path}: no scenario {provenance.scenario}: cannot run it again"]
    pair = Pair.parse(provenance.pair)
    _result, fresh = await _record_in_memory(scenario, pair, provenance.connector)
    twin = [i for i in fresh if host_of(i) == HOSTS[provenance.platform]]
    asserted = _asserted_skus(scenario)
    problems = []
    for n, (old, new) in enumerate(zip(recorded, twin, strict=False)):
        where = f"{path}: interaction {n}"
        was = f"{old['request']['method']} {urlsplit(str(old['request']['uri'])).path}"
        now = f"{new['request']['method']} {urlsplit(str(new['request']['uri'])).path}"
        if was != now:
            problems.append(f"{where}: the connector asked {now} where the recording has {was}: the runs diverge here")
            return problems
        problems += [f"{where} ({was}): {p}" for p in _answer_diff(old["response"], new["response"], asserted)]
    if len(recorded) != len(twin):
        problems.append(f"{path}: {len(recorded)} recorded interactions, {len(twin)} against the twin")
    return problems


# headers a connector acts on: their presence must match (their values move with time)
HEADERS_THAT_MATTER = ("retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")


def _answer_diff(recorded: dict[str, Any], twin: dict[str, Any], asserted: set[str]) -> list[str]:
    out = []
    status = ((recorded.get("status") or {}).get("code"), (twin.get("status") or {}).get("code"))
    if status[0] != status[1]:
        out.append(f"status: recorded {status[0]}, twin {status[1]}")
    kinds = [_content_type(recorded), _content_type(twin)]
    if kinds[0] != kinds[1]:
        out.append(f"content-type: recorded {kinds[0]}, twin {kinds[1]}")
    names = [{k.lower() for k in (r.get("headers") or {})} for r in (recorded, twin)]
    for header in HEADERS_THAT_MATTER:
        if (header in names[0]) != (header in names[1]):
            which = "recorded has it, the twin does not" if header in names[0] else "the twin adds it"
            out.append(f"header {header}: {which}")
    bodies = [_body_json(recorded), _body_json(twin)]
    if bodies[0] is not _NO_JSON and bodies[1] is not _NO_JSON:
        out += shape_diff(bodies[0], bodies[1])
        out += value_diff(bodies[0], bodies[1], asserted)
    return out


def _asserted_skus(scenario: Scenario) -> set[str]:
    """The SKUs whose quantities or prices the scenario's ``then`` asserts."""
    return {str(sku) for key in ("sources", "outlets", "salable", "prices") for sku in (scenario.then.get(key) or {})}


def value_diff(recorded: Any, twin: Any, skus: set[str], pointer: str = "") -> list[str]:
    """Scalar values that differ inside objects about an asserted SKU (same positions in both answers)."""
    if isinstance(recorded, dict) and isinstance(twin, dict):
        if str(recorded.get("sku", "")).strip() in skus and recorded.get("sku") == twin.get("sku"):
            return [f"{pointer}/{k}: recorded {recorded[k]!r}, twin {twin[k]!r} ({recorded['sku']}, asserted by "
                    "the scenario)" for k in recorded if k in twin and not isinstance(recorded[k], dict | list)
                    and recorded[k] != twin[k]]
        return [line for k in recorded if k in twin
                for line in value_diff(recorded[k], twin[k], skus, f"{pointer}/{k}")]
    if isinstance(recorded, list) and isinstance(twin, list) and len(recorded) == len(twin):
        return [line for n, (a, b) in enumerate(zip(recorded, twin, strict=True))
                for line in value_diff(a, b, skus, f"{pointer}/{n}")]
    return []


def shape_diff(recorded: Any, twin: Any, pointer: str = "") -> list[str]:
    """Where two JSON values differ in shape: keys present and value types (lists by their first item)."""
    a, b = _kind(recorded), _kind(twin)
    if a != b:
        return [f"{pointer or '/'}: recorded {a}, twin {b}"]
    if isinstance(recorded, dict):
        out = [f"{pointer}/{k}: recorded has it, the twin does not" for k in recorded if k not in twin]
        out += [f"{pointer}/{k}: the twin adds it" for k in twin if k not in recorded]
        for key in recorded:
            if key in twin:
                out += shape_diff(recorded[key], twin[key], f"{pointer}/{key}")
        return out
    if isinstance(recorded, list) and recorded and twin:
        return shape_diff(recorded[0], twin[0], f"{pointer}/0")
    return []


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dict):
        return "object"
    return "array" if isinstance(value, list) else "string" if isinstance(value, str) else type(value).__name__


_NO_JSON = object()


def _content_type(response: dict[str, Any]) -> str:
    headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
    value = headers.get("content-type") or [""]
    return str(value[0] if isinstance(value, list) else value).split(";")[0].strip()


def _body_json(response: dict[str, Any]) -> Any:
    text = (response.get("body") or {}).get("string")
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return _NO_JSON


def _bearer(pair: Pair) -> bool:
    from stockgate.contracts import load_contract

    return bool(load_contract(f"magento@{pair.magento}").profile(pair.magento_profile).value("auth.integration_bearer"))


async def replay_scenario(scenario: Scenario, pair: Pair, root: Path, connector: str = "reference") -> ScenarioResult:
    """Run ``connector`` against the scenario's cassettes (no twins); findings are the differences."""
    if connector.startswith("command:"):
        raise UsageError("replay needs an in-process connector (reference or python:...): vcrpy cannot answer "
                         "the HTTP traffic of another process")
    pair = pair_for(scenario, pair)
    found: list[Finding] = []

    def fail(check: str, subject: str, expected: str, actual: str, hint: str = "") -> None:
        found.append(Finding(scenario=scenario.id, pair=str(pair), check=check, subject=subject, expected=expected,
                             actual=actual, hint=hint))

    loaded = {}
    for platform, version in (("magento", pair.magento), ("lightspeed", pair.lightspeed)):
        path = cassette_path(root, platform, version, scenario.id)
        if not path.is_file():
            return ScenarioResult(scenario=scenario.id, title=scenario.title, pair=str(pair), status="error",
                                  findings=(), convergence_seconds=None, requests={}, areas=scenario.areas,
                                  error=f"no cassette {path}: record it with `stockgate cassettes record "
                                        f"--magento {pair.magento} --lightspeed {pair.lightspeed} "
                                        f"--scenario {scenario.id}`")
        loaded[platform] = read_cassette(path)
    m_prov, l_prov = loaded["magento"][0], loaded["lightspeed"][0]
    ticks = (m_prov.ticks if m_prov else ()) or (l_prov.ticks if l_prov else ())
    interactions = loaded["magento"][1] + loaded["lightspeed"][1]
    persister = MemoryPersister()
    persister.preloaded["replay"] = to_vcr(interactions)
    mapping = connector_mapping(scenario, pair)
    clock = VirtualClock()
    bearer = (m_prov.magento_auth == "bearer") if m_prov and m_prov.magento_auth else _bearer(pair)
    env = ConnectorEnv(mapping=mapping.path, magento_url=MAGENTO_BASE, magento_token=DEMO["token"],
                       lightspeed_url=LIGHTSPEED_BASE, lightspeed_token=DEMO["token"],
                       lightspeed_api_version=mapping.lightspeed_version, clock=clock, magento_version=pair.magento,
                       magento_profile=pair.magento_profile,
                       magento_oauth={} if bearer else {k: DEMO[k] for k in
                                                        ("consumer_key", "consumer_secret", "token_secret")},
                       magento_transport=_NoAnswerPlayer(httpx.ASGITransport(app=_unrecorded)),
                       lightspeed_transport=_NoAnswerPlayer(httpx.ASGITransport(app=_unrecorded)))
    adapter = adapter_for(connector)
    with _vcr(persister, "none").use_cassette("replay") as cassette:
        _index(cassette)
        await adapter.configure(env)
        try:
            for at in ticks:
                if at > clock.elapsed:
                    clock.advance(at - clock.elapsed)
                try:
                    await adapter.tick()
                except Exception as exc:  # the connector's error, or vcrpy's "no recorded interaction matches"
                    _unmatched(exc, fail)
        finally:
            await adapter.close()
        played = {index for index, count in cassette.play_counts.items() if count}
    for platform, start, size in (("magento", 0, len(loaded["magento"][1])),
                                  ("lightspeed", len(loaded["magento"][1]), len(loaded["lightspeed"][1]))):
        unused = [i for i in range(start, start + size) if i not in played]
        if unused:
            first = interactions[unused[0]]["request"]
            fail("replay.unused", f"{platform} recorded interactions", "every recorded request asked for",
                 f"{len(unused)} never requested, the first {first['method']} {first['uri']}",
                 "the connector stopped making a call it made when the cassette was recorded")
    status = "failed" if found else "passed"
    return ScenarioResult(scenario=scenario.id, title=scenario.title, pair=str(pair), status=status,
                          findings=tuple(found), convergence_seconds=None,
                          requests={"magento": len(loaded["magento"][1]), "lightspeed": len(loaded["lightspeed"][1])},
                          areas=scenario.areas, ticks=tuple(ticks))


def _index(cassette: Any) -> None:
    """Find a request's recorded interactions through an index instead of vcrpy's scan of all of them.

    vcrpy checks every interaction for every request (quadratic: a scenario whose connector created
    300 products spent seconds there). The index keys on what MATCH_ON compares — method, path and
    query — and then compares the JSON body, yielding the same interactions in the same order as
    vcrpy's ``Cassette._responses`` (vcrpy 9.x internals, pinned below 10 in pyproject.toml). A
    request that matches nothing still gets vcrpy's own explanation of the closest ones.
    """
    buckets: dict[Any, list[int]] = {}
    for index, (stored, _response) in enumerate(cassette.data):
        buckets.setdefault(_key(stored), []).append(index)

    def responses(request: Any) -> Any:
        request = cassette._before_record_request(request)
        if not request:
            return
        for index in buckets.get(_key(request), ()):
            yield index, cassette.data[index][1]

    cassette._responses = responses


def _key(request: Any) -> tuple[str, Any, str]:
    """Method, path and sorted query, and the body in one canonical text (JSON with sorted keys)."""
    body = _parsed_body(request.body)
    text = body if isinstance(body, str | bytes) else json.dumps(body, sort_keys=True, separators=(",", ":"))
    return request.method, _where(request.uri), str(text)


def _unmatched(exc: BaseException, fail: Any) -> None:
    from vcr.errors import CannotOverwriteExistingCassetteException

    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, CannotOverwriteExistingCassetteException):
        cause = cause.__cause__ or cause.__context__
    if cause is None:
        fail("connector", "tick", "a tick that returns", f"{type(exc).__name__}: {exc}",
             "the connector raised instead of handling the recorded answer")
        return
    text = str(cause)
    first = text.splitlines()[0] if text else "no recorded interaction matches"
    fail("replay.unmatched", first[:200], "a request the cassette recorded", text[:2000],
         "the connector's request drifted from the recording: re-record if the change is intended")
