"""The plugin's fixtures, all prefixed ``stockgate_``: a project's own ``clock`` or ``connector`` is left alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

SOURCES: dict[str, str] = {}  # scenario id -> "path:line" of its `then:` (what a failure points at)
OUTPUT_LIMIT = 20_000  # characters of the connector's output kept in a report section (its tail)


@pytest.fixture
def stockgate_case(request: pytest.FixtureRequest) -> Any:
    """The (scenario, pair) of this test."""
    return request.param


@pytest.fixture
def stockgate_result(stockgate_case: Any, request: pytest.FixtureRequest) -> Any:
    """Run this test's scenario on its pair with the connector under test; the ScenarioResult.

    ``stockgate_mode = replay`` replays the recorded cassettes instead of running on live twins.
    The connector's output (and a crash's traceback) is attached as the report section
    "stockgate connector output"; checks the run could not make (``result.unchecked``, e.g. a
    ``then.reported`` of a connector that does not report through the hook) are listed at the end.
    """
    import asyncio

    from stockgate.pytest_plugin import settings_of

    scenario, pair = stockgate_case
    settings = settings_of(request.config)
    SOURCES[scenario.id] = source_line(scenario.path)
    if settings.mode == "replay":
        from stockgate.scenarios.recording import replay_scenario
        from stockgate.shipped import shipped

        root = settings.cassettes or shipped("cassettes", marker="README.md")
        result = asyncio.run(replay_scenario(scenario, pair, root, settings.connector))
    else:
        from stockgate.scenarios.runner import run_scenario

        result = asyncio.run(run_scenario(scenario, pair, settings.connector))
    if result.connector_output:
        text = "\n".join(result.connector_output)
        if len(text) > OUTPUT_LIMIT:
            text = f"[first {len(text) - OUTPUT_LIMIT} characters left out]\n" + text[-OUTPUT_LIMIT:]
        request.node.add_report_section("call", "stockgate connector output", text)
    for note in result.unchecked:  # listed at the end of the session (pytest_terminal_summary), never lost
        request.node.user_properties.append(("stockgate_unchecked", note))
    return result


def source_line(path: Path) -> str:
    """``path:line`` of the scenario's ``then:`` (its checks), or of its first line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return str(path)
    line = next((n for n, text in enumerate(lines, start=1) if text.startswith("then:")), 1)
    return f"{path}:{line}"


@pytest.fixture
def stockgate_clock() -> Any:
    """A fresh virtual clock shared by the twin fixtures."""
    from stockgate.clock import VirtualClock

    return VirtualClock()


def _pair(request: pytest.FixtureRequest) -> Any:
    from stockgate.pytest_plugin import pairs_of

    try:
        return pairs_of(request.config, request.node.get_closest_marker("stockgate_pair"))[0]
    except ValueError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def stockgate_magento(request: pytest.FixtureRequest, stockgate_clock: Any) -> Any:
    """An in-process Magento twin (ASGI app; ``.twin`` holds the state) seeded with ``demo``, on this test's pair."""
    from stockgate.twins.magento import create_app

    pair = _pair(request)
    return create_app(pair.magento, clock=stockgate_clock, profile=pair.magento_profile)


@pytest.fixture
def stockgate_lightspeed(request: pytest.FixtureRequest, stockgate_clock: Any) -> Any:
    """An in-process Lightspeed twin (ASGI app) seeded with ``demo``, on this test's pair."""
    from stockgate.twins.lightspeed import create_app

    pair = _pair(request)
    return create_app(pair.lightspeed, clock=stockgate_clock, profile=pair.lightspeed_profile)


@pytest.fixture
def stockgate_connector(request: pytest.FixtureRequest, stockgate_magento: Any, stockgate_lightspeed: Any,
                        stockgate_clock: Any, tmp_path: Path) -> Iterator[Any]:
    """The connector under test (``stockgate_connector`` setting), configured against the twin fixtures.

    ``await stockgate_connector.tick()`` runs one sync; it is closed after the test. It is the adapter
    stockgate drives (``.inner`` is your own instance for ``python:``); a ``command:`` connector
    reaches the twins served on loopback for the test.
    """
    import asyncio
    import contextlib

    import httpx

    from stockgate.adapters import ConnectorEnv, adapter_for
    from stockgate.pytest_plugin import settings_of
    from stockgate.scenarios.loader import ROOT
    from stockgate.scenarios.world import DEMO

    spec = settings_of(request.config).connector
    mapping = tmp_path / "mapping.yaml"
    text = (ROOT / "mappings" / "demo.yaml").read_text(encoding="utf-8")
    version = stockgate_lightspeed.twin.release.ref.version
    mapping.write_text(_with_api_version(text, version), encoding="utf-8")
    with contextlib.ExitStack() as stack:
        if spec.startswith("command:"):
            from stockgate.twins.serving import ServedTwin

            served = [stack.enter_context(_Serving(ServedTwin(app))) for app in (stockgate_magento,
                                                                                 stockgate_lightspeed)]
            urls = [s.url for s in served]
            transports: list[httpx.AsyncBaseTransport | None] = [None, None]
        else:
            urls = ["http://magento.test", "https://demo.retail.lightspeed.app"]
            transports = [httpx.ASGITransport(app=stockgate_magento), httpx.ASGITransport(app=stockgate_lightspeed)]
        env = ConnectorEnv(mapping=mapping, magento_url=urls[0], magento_token=DEMO["token"], lightspeed_url=urls[1],
                           lightspeed_token=DEMO["token"], lightspeed_api_version=version, clock=stockgate_clock,
                           magento_version=stockgate_magento.twin.contract.ref.version,
                           magento_oauth={k: DEMO[k] for k in ("consumer_key", "consumer_secret", "token_secret")},
                           magento_transport=transports[0], lightspeed_transport=transports[1])
        adapter = adapter_for(spec)
        asyncio.run(adapter.configure(env))
        try:
            yield adapter
        finally:
            asyncio.run(adapter.close())


def _with_api_version(mapping_text: str, version: str) -> str:
    """The demo mapping with ``lightspeed.api_version`` set to the twin's version."""
    import yaml

    document = yaml.safe_load(mapping_text)
    document.setdefault("lightspeed", {})["api_version"] = version
    return yaml.safe_dump(document, sort_keys=False)


class _Serving:
    """A served twin as a context manager (it is stopped when the test ends)."""

    def __init__(self, served: Any) -> None:
        self.served = served

    def __enter__(self) -> Any:
        return self.served

    def __exit__(self, *exc: object) -> None:
        self.served.stop()
