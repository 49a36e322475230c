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
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from stockgate import __version__
from stockgate.adapters import ConnectorEnv, adapter_for
from stockgate.cassettes.compare import answer_diff
from stockgate.cassettes.detect import SCRUBBED
from stockgate.cassettes.playback import NoAnswerPlayer, NoAnswerRecorder, index_lookup, make_vcr, unrecorded
from stockgate.cassettes.scrub import Scrubber
from stockgate.cassettes.store import (
    MemoryPersister,
    Provenance,
    cassette_path,
    cassette_paths,
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
from stockgate.target import Target
from stockgate.twins.shell import ACTOR, OBSERVER

HOSTS = {"magento": "magento.test", "lightspeed": "demo.retail.lightspeed.app"}


def _vcr(persister: MemoryPersister, mode: str) -> Any:
    return make_vcr(persister, mode, _connector_only)


def _connector_only(request: Any) -> Any:
    """Vcrpy's ``before_record_request``: None (not recorded) for the scenario's own requests."""
    headers = {k.lower() for k in request.headers}
    return None if OBSERVER in headers or ACTOR in headers else request


async def record_scenario(scenario: Scenario, pair: Pair, root: Path, connector: str = "reference", *,
                          recorded_at: str | None = None, target: Target | None = None
                          ) -> tuple[ScenarioResult, list[Path]]:
    """Run ``scenario`` on the twins (or the ``target`` store pair) and write its two cassettes under ``root``.

    A run that ends in an error (not a finding: e.g. the store lacks a product the scenario names)
    writes nothing.

    From a store pair, its hosts are written as the twins' (``magento.test``,
    ``demo.retail.lightspeed.app``) so the cassettes replay like any other and never name the
    store; the provenance carries a hash of each host instead, and every credential value is
    scrubbed wherever it appears.
    """
    if connector.startswith("command:"):
        raise UsageError("recording needs an in-process connector (reference or python:...): vcrpy cannot see "
                         "the HTTP traffic of another process")
    paths = cassette_paths(root, (pair.magento, pair.lightspeed), scenario.id)  # both inside root, or neither
    result, recorded = await _record_in_memory(scenario, pair, connector, target)
    if result.status == "error":  # the run did not get through: a cassette of it would mislead
        return result, []
    pair = pair_for(scenario, pair)
    mapping = connector_mapping(scenario, pair)
    stamp = recorded_at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    placeholders: dict[tuple[str, str], str] = {}  # one table: data crossing platforms keeps one placeholder
    written = []
    for platform, version, profile in (("magento", pair.magento, pair.magento_profile),
                                       ("lightspeed", pair.lightspeed, pair.lightspeed_profile)):
        host = target.host(platform).lower() if target else HOSTS[platform]
        replace = {**_store_hosts(target), **dict.fromkeys(target.secrets, SCRUBBED)} if target else {}
        scrubber = Scrubber(placeholders=placeholders, replace=replace)
        mine = [scrubber.interaction(i) for i in recorded if host_of(i) == host]
        named = scrubber.command(connector, "provenance.connector")  # a command line may carry a token
        provenance = Provenance(
            platform=platform, version=version, profile=profile, pair=str(pair), scenario=scenario.id,
            scenario_sha256=file_sha256(scenario.path), recorded_from=target.label(platform) if target else "twin",
            recorded_at=stamp, stockgate_version=__version__, connector=named,
            magento_auth=(("bearer" if (not target.magento_oauth if target else _bearer(pair)) else "oauth1")
                          if platform == "magento" else ""),
            lightspeed_api=mapping.lightspeed_version if platform == "lightspeed" else "",
            ticks=result.ticks, scrubbed=tuple(scrubber.log))
        path = paths[0 if platform == "magento" else 1]
        write_cassette(path, provenance, mine, root=root)
        written.append(path)
    return result, written


def _store_hosts(target: Target) -> dict[str, str]:
    """A store pair's base URLs, hosts (and the Lightspeed domain prefix) -> the twins' names for them."""
    replace = {target.magento_url: MAGENTO_BASE, target.lightspeed_url: LIGHTSPEED_BASE,
               target.host("magento"): HOSTS["magento"], target.host("lightspeed"): HOSTS["lightspeed"]}
    prefix = target.host("lightspeed").split(".", 1)[0]
    if target.host("lightspeed").endswith((".retail.lightspeed.app", ".vendhq.com")) and len(prefix) > 3:
        replace[f'"{prefix}"'] = '"demo"'  # the retailer's domain_prefix, as a JSON string value
    return replace


async def _record_in_memory(scenario: Scenario, pair: Pair, connector: str, target: Target | None = None
                            ) -> tuple[ScenarioResult, list[Any]]:
    """Run the scenario under vcrpy; the connector's interactions, unscrubbed, in memory only."""
    persister = MemoryPersister()
    with _vcr(persister, "all").use_cassette("recording") as cassette:
        result = await run_scenario(scenario, pair, connector, target=target,
                                    wrap=lambda transport: NoAnswerRecorder(transport, cassette))
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
        problems += [f"{where} ({was}): {p}" for p in answer_diff(old["response"], new["response"], asserted)]
    if len(recorded) != len(twin):
        problems.append(f"{path}: {len(recorded)} recorded interactions, {len(twin)} against the twin")
    return problems


def _asserted_skus(scenario: Scenario) -> set[str]:
    """The SKUs whose quantities or prices the scenario's ``then`` asserts."""
    return {str(sku) for key in ("sources", "outlets", "salable", "prices") for sku in (scenario.then.get(key) or {})}


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

    recorded_with: list[str] = []

    def fail(check: str, subject: str, expected: str, actual: str, hint: str = "") -> None:
        if recorded_with and recorded_with[0] != connector:
            # the cassettes hold another connector's traffic: its requests differ without anything regressing
            who = "the reference connector" if recorded_with[0] == "reference" else recorded_with[0]
            hint = (f"these cassettes were recorded with {who}, not {connector}: another connector's requests "
                    f"differ; record your own with `stockgate cassettes record --connector {connector} "
                    f"--magento {pair.magento} --lightspeed {pair.lightspeed} --cassettes DIR` and replay "
                    f"those with --cassettes DIR")
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
    recorded_with.extend(p.connector for p in (m_prov, l_prov) if p is not None and p.connector)
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
                       magento_transport=NoAnswerPlayer(httpx.ASGITransport(app=unrecorded)),
                       lightspeed_transport=NoAnswerPlayer(httpx.ASGITransport(app=unrecorded)))
    adapter = adapter_for(connector)
    with _vcr(persister, "none").use_cassette("replay") as cassette:
        index_lookup(cassette)
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
