"""A python: connector that builds its own httpx clients reaches the in-process twins (issue 17 item 2)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from stockgate.adapters import ConnectorEnv, adapter_for
from stockgate.adapters.protocol import ConnectorFailed
from stockgate.clock import VirtualClock
from stockgate.scenarios.loader import ROOT
from stockgate.twins.lightspeed import create_app as lightspeed_app
from stockgate.twins.magento import create_app as magento_app


def _env(clock: VirtualClock) -> tuple[ConnectorEnv, object]:
    magento = magento_app("2.4.8", "integration-bearer-on", clock=clock)
    lightspeed = lightspeed_app("2026-07", clock=clock)
    env = ConnectorEnv(mapping=ROOT / "mappings" / "demo.yaml", magento_url="http://magento.test",
                       magento_token="stockgate-demo-token", lightspeed_url="https://demo.retail.lightspeed.app",
                       lightspeed_token="stockgate-demo-token", lightspeed_api_version="2026-07", clock=clock,
                       magento_transport=httpx.ASGITransport(app=magento),
                       lightspeed_transport=httpx.ASGITransport(app=lightspeed))
    return env, magento


async def _once(spec: str) -> tuple[object, object]:
    env, magento = _env(VirtualClock())
    adapter = adapter_for(spec)
    await adapter.configure(env)
    try:
        result = await adapter.tick()
    finally:
        await adapter.close()
    return result, magento


def test_an_async_connector_with_its_own_clients_reaches_both_twins() -> None:
    result, magento = asyncio.run(_once("python:tests.connectors.own_clients:OwnAsyncClient"))
    assert result.ok, result.output
    assert magento.twin.inventory.items[("MUG-BLK", "north")]["quantity"] == 3


def test_a_sync_connector_is_supported() -> None:
    result, _ = asyncio.run(_once("python:tests.connectors.own_clients:OwnSyncClient"))
    assert result.ok and "outlets 200" in result.output


def test_a_stray_host_is_blocked_and_routing_ends_with_the_connector() -> None:
    with pytest.raises(httpx.ConnectError, match=r"blocked: mystore\.example\.com is not a twin"):
        asyncio.run(_once("python:tests.connectors.own_clients:StrayHost"))
    import respx.mocks

    assert not respx.mocks.HTTPCoreMocker.routers


def test_a_stray_host_in_a_scenario_is_a_finding_naming_the_host_the_twins_and_the_env_fields() -> None:
    from stockgate.scenarios.loader import discover
    from stockgate.scenarios.model import Pair
    from stockgate.scenarios.runner import run_scenario

    (scenario,) = [s for s in discover() if s.id == "per-location/sale-moves-only-its-source"]
    result = asyncio.run(run_scenario(scenario, Pair(magento="2.4.8", lightspeed="2026-07"),
                                      "python:tests.connectors.own_clients:StrayHost"))
    (crash,) = [f for f in result.findings if f.check == "connector"]
    assert "mystore.example.com is not a twin" in crash.actual, crash
    assert "(env.magento_url)" in crash.actual and "(env.lightspeed_url)" in crash.actual, crash
    assert "platform's answer" not in crash.hint and "env.magento_url" in crash.hint, crash


def test_a_urllib_connector_is_told_to_use_the_command_adapter() -> None:
    with pytest.raises(OSError, match='command:'):
        asyncio.run(_once("python:tests.connectors.own_clients:UrllibClient"))


def test_a_failed_configure_ends_the_routing() -> None:
    env, _ = _env(VirtualClock())
    adapter = adapter_for("python:tests.connectors.own_clients:OwnAsyncClient")
    adapter.inner.configure = None  # type: ignore[union-attr]  # planted: configure raises TypeError
    with pytest.raises(ConnectorFailed):
        asyncio.run(adapter.configure(env))
    import respx.mocks

    assert not respx.mocks.HTTPCoreMocker.routers
