"""The stockgate pytest plugin (entry point ``pytest11``): scenarios as tests, twins as fixtures.

A test that asks for ``stockgate_result`` is run once per scenario x version pair (ids like
``returns/web-return-one-credit-memo[magento@2.4.8-lightspeed@2026-07]``); ``assert_passed`` turns
a result into one assertion whose message numbers the findings. Fixtures ``clock``,
``magento_twin``, ``lightspeed_twin`` and ``connector`` serve your own tests. Cheap to import:
everything heavy is imported inside fixtures and hooks that need it.

Options (group "stockgate"): ``--stockgate-magento``, ``--stockgate-lightspeed`` (repeatable;
default: the newest supported pair), ``--stockgate-connector``, ``--stockgate-scenario`` (globs),
``--stockgate-scenarios`` (folders). Markers: ``stockgate`` (set on every scenario test) and
``stockgate_pair(magento=..., lightspeed=...)`` (pin the pair of one test).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    """The "stockgate" option group."""
    group = parser.getgroup("stockgate", "stockgate: connector scenarios on platform twins")
    group.addoption("--stockgate-magento", action="append", default=[], metavar="VERSION",
                    help="Magento version(s) to run scenarios on (default: the newest supported)")
    group.addoption("--stockgate-lightspeed", action="append", default=[], metavar="VERSION",
                    help="Lightspeed version(s) to run scenarios on (default: the newest supported)")
    group.addoption("--stockgate-connector", default="reference", metavar="SPEC",
                    help='connector under test: reference, python:package.module:Class or command:"..."')
    group.addoption("--stockgate-scenario", action="append", default=[], metavar="GLOB",
                    help="scenario ids to run (default: all)")
    group.addoption("--stockgate-scenarios", action="append", default=[], metavar="DIR",
                    help="scenario folders (default: the shipped catalog)")


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers."""
    config.addinivalue_line("markers", "stockgate: a stockgate scenario run (set by the plugin)")
    config.addinivalue_line("markers", "stockgate_pair(magento, lightspeed): the version pair for this test's "
                                       "twins and scenarios")


def _pairs(config: pytest.Config, marker: pytest.Mark | None) -> list[Any]:
    from stockgate.scenarios.model import Pair
    from stockgate.scenarios.runner import newest_pair

    if marker is not None:
        return [Pair(magento=marker.kwargs["magento"], lightspeed=marker.kwargs["lightspeed"])]
    newest = newest_pair()
    magento = config.getoption("--stockgate-magento") or [newest.magento]
    lightspeed = config.getoption("--stockgate-lightspeed") or [newest.lightspeed]
    return [Pair(magento=m, lightspeed=ls) for m in magento for ls in lightspeed]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per applicable scenario x pair for tests that ask for ``stockgate_case``/``stockgate_result``."""
    if not {"stockgate_case", "stockgate_result"} & set(metafunc.fixturenames):
        return
    from pathlib import Path

    from stockgate.scenarios.loader import discover

    config = metafunc.config
    folders = [Path(p) for p in config.getoption("--stockgate-scenarios")] or None
    scenarios = discover(folders, config.getoption("--stockgate-scenario") or None)
    pairs = _pairs(config, metafunc.definition.get_closest_marker("stockgate_pair"))
    cases = [(s, p) for p in pairs for s in scenarios if s.applies(p)]
    metafunc.parametrize("stockgate_case", [pytest.param(c, marks=pytest.mark.stockgate) for c in cases],
                         ids=[f"{s.id}[{p}]" for s, p in cases], indirect=True)


@pytest.fixture
def stockgate_case(request: pytest.FixtureRequest) -> Any:
    """The (scenario, pair) of this test."""
    return request.param


@pytest.fixture
def stockgate_result(stockgate_case: Any, request: pytest.FixtureRequest) -> Any:
    """Run this test's scenario on its pair with the chosen connector; the ScenarioResult."""
    import asyncio

    from stockgate.scenarios.runner import run_scenario

    scenario, pair = stockgate_case
    return asyncio.run(run_scenario(scenario, pair, request.config.getoption("--stockgate-connector")))


def assert_passed(result: Any) -> None:
    """One assertion for a scenario result, its findings numbered (the only place stockgate raises in tests)."""
    if result.passed:
        return
    lines = [f"{result.scenario} on {result.pair} {result.status}: {result.title}"]
    if result.error:
        lines.append(f"  error: {result.error}")
    lines += [f"  {n}. {finding.line()}" for n, finding in enumerate(result.findings, start=1)]
    raise AssertionError("\n".join(lines))


@pytest.fixture
def clock() -> Any:
    """A fresh virtual clock shared by the twin fixtures."""
    from stockgate.clock import VirtualClock

    return VirtualClock()


def _pair(request: pytest.FixtureRequest) -> Any:
    return _pairs(request.config, request.node.get_closest_marker("stockgate_pair"))[0]


@pytest.fixture
def magento_twin(request: pytest.FixtureRequest, clock: Any) -> Any:
    """An in-process Magento twin (ASGI app; ``.twin`` holds the state) seeded with ``demo``."""
    from stockgate.twins.magento import create_app

    return create_app(_pair(request).magento, clock=clock)


@pytest.fixture
def lightspeed_twin(request: pytest.FixtureRequest, clock: Any) -> Any:
    """An in-process Lightspeed twin (ASGI app) seeded with ``demo``."""
    from stockgate.twins.lightspeed import create_app

    return create_app(_pair(request).lightspeed, clock=clock)


@pytest.fixture
def connector(magento_twin: Any, lightspeed_twin: Any, clock: Any) -> Iterator[Any]:
    """The reference connector wired to the twin fixtures with the demo mapping (``await connector.tick()``)."""
    import asyncio
    import dataclasses

    import httpx

    from stockgate.connector import MagentoAuth, build_connector, load_mapping
    from stockgate.scenarios.loader import ROOT

    mapping = dataclasses.replace(load_mapping(ROOT / "mappings" / "demo.yaml"),
                                  lightspeed_version=lightspeed_twin.twin.release.ref.version)
    built = build_connector(
        mapping, magento_url="http://magento.test", lightspeed_url="https://demo.retail.lightspeed.app",
        magento_auth=MagentoAuth(mode="oauth1", token="stockgate-demo-token",
                                 consumer_key="stockgate-demo-consumer-key",
                                 consumer_secret="stockgate-demo-consumer-secret",
                                 token_secret="stockgate-demo-token-secret"),
        lightspeed_token="stockgate-demo-token", clock=clock,
        magento_transport=httpx.ASGITransport(app=magento_twin), lightspeed_transport=httpx.ASGITransport(
            app=lightspeed_twin), magento_version=magento_twin.twin.contract.ref.version)
    yield built
    asyncio.run(built.close())
