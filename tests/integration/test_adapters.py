"""The python: adapter drives a class in-process; the reference adapter reports its events."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from stockgate.adapters import ConnectorEnv, ReferenceAdapter, adapter_for
from stockgate.clock import VirtualClock
from stockgate.twins.lightspeed import create_app as lightspeed_app
from stockgate.twins.magento import create_app as magento_app

pytestmark = pytest.mark.anyio
MAPPING = Path(__file__).resolve().parents[2] / "scenarios" / "mappings" / "demo.yaml"


def _env() -> tuple[ConnectorEnv, object]:
    clock = VirtualClock()
    m = magento_app("2.4.8", "integration-bearer-on", clock=clock)
    ls = lightspeed_app("2026-07", clock=clock)
    env = ConnectorEnv(mapping=MAPPING, magento_url="http://magento.test", magento_token="stockgate-demo-token",
                       lightspeed_url="https://demo.retail.lightspeed.app", lightspeed_token="stockgate-demo-token",
                       lightspeed_api_version="2.0", clock=clock, magento_transport=httpx.ASGITransport(app=m),
                       lightspeed_transport=httpx.ASGITransport(app=ls))
    return env, m


async def test_python_adapter_configures_ticks_and_closes() -> None:
    env, m = _env()
    adapter = adapter_for("python:tests.connectors.tiny_class:TinyConnector")
    await adapter.configure(env)
    first, second = await adapter.tick(), await adapter.tick()
    await adapter.close()
    assert (first.ok, second.output) == (True, "tick 2: 200")
    assert m.twin.inventory.items[("MUG-BLK", "north")]["quantity"] == 1  # type: ignore[attr-defined]


async def test_reference_adapter_reports_unmapped_outlets_once() -> None:
    env, _m = _env()
    adapter = ReferenceAdapter()
    await adapter.configure(env)
    first = await adapter.tick()
    env.clock.advance(60)
    second = await adapter.tick()
    await adapter.close()
    assert "Pop-up Store maps to no Magento source" in first.output
    assert "Pop-up" not in second.output and second.output.startswith("ran orders, stock")
