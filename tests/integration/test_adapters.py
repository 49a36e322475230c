"""The python: adapter drives a class in-process; the reference adapter reports its events."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from stockgate.adapters import OUTPUT_LIMIT, ConnectorEnv, ConnectorFailed, ReferenceAdapter, adapter_for
from stockgate.adapters import python as python_adapter
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


@pytest.fixture
def short_timeout(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A 0.5 s tick timeout, and no hang remembered from another test."""
    monkeypatch.setenv("STOCKGATE_TICK_TIMEOUT", "0.5")
    python_adapter._HUNG.clear()
    yield
    python_adapter._HUNG.clear()


@pytest.mark.usefixtures("short_timeout")
@pytest.mark.parametrize("name", ["AwaitsForever", "SleepsForever"])
async def test_a_hung_python_tick_ends_with_a_failure(name: str) -> None:
    env, _m = _env()
    adapter = adapter_for(f"python:tests.connectors.misbehaving:{name}")
    await adapter.configure(env)
    start = time.monotonic()
    first = await adapter.tick()
    second = await adapter.tick()
    await adapter.close()
    assert time.monotonic() - start < 5
    assert first.failure.startswith("the tick did not finish within 0.5 s (STOCKGATE_TICK_TIMEOUT)")
    assert "waiting for the lock" in first.output or "sleeping" in first.output  # what it said until then
    assert (second.ok, second.failure) == (False, first.failure)  # not run again: it would hang again


async def test_what_a_python_connector_prints_is_its_output_not_stockgates(capfd: pytest.CaptureFixture[str]) -> None:
    env, _m = _env()
    adapter = adapter_for("python:tests.connectors.misbehaving:Chatty")
    await adapter.configure(env)
    first, second = await adapter.tick(), await adapter.tick()
    await adapter.close()
    print("stockgate's own line")
    out, err = capfd.readouterr()
    assert (out, err) == ("stockgate's own line\n", "")
    assert first.output.splitlines() == ["configured against http://magento.test", "tick with token <scrubbed>",
                                         "a warning", "from a worker thread", "synced"]
    assert second.output.splitlines()[0] == "tick with token <scrubbed>"


async def test_a_python_connector_printing_megabytes_keeps_a_bounded_tail() -> None:
    env, _m = _env()
    adapter = adapter_for("python:tests.connectors.misbehaving:Flood")
    await adapter.configure(env)
    tracemalloc.start()
    try:
        result = await adapter.tick()
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        await adapter.close()
    assert peak < 2 * 1024 * 1024  # it printed 4 MB
    assert len(result.output.encode()) <= OUTPUT_LIMIT + 200
    assert result.output.endswith("the last line\nsynced")
    assert result.output.startswith("[") and "earlier bytes of output not kept" in result.output.splitlines()[0]


@pytest.mark.parametrize(("name", "stage", "said"), [("ConfigureRaises", "configure", "KeyError: 'SYNC_SETTINGS'"),
                                                     ("CloseRaises", "close", "RuntimeError: the session was")])
async def test_configure_or_close_raising_is_the_connectors_failure(name: str, stage: str, said: str) -> None:
    env, _m = _env()
    adapter = adapter_for(f"python:tests.connectors.misbehaving:{name}")
    with pytest.raises(ConnectorFailed) as caught:
        await adapter.configure(env)
        await adapter.tick()
        await adapter.close()
    assert caught.value.stage == stage and said in caught.value.message
    if stage == "configure":
        assert "reading settings" in caught.value.message  # what it printed before it raised
        await adapter.close()
