"""`stockgate twin seed generate`: deterministic seeds the twins load, and a mapping the reference connector syncs."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from stockgate.cli import main
from stockgate.clock import VirtualClock
from stockgate.connector import MagentoAuth, build_connector, load_mapping
from stockgate.twins.generate import Merchant, generate
from stockgate.twins.lightspeed import create_app as lightspeed_app
from stockgate.twins.magento import create_app as magento_app


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_same_arguments_write_the_same_bytes(tmp_path: Path) -> None:
    args = ["twin", "seed", "generate", "--skus", "300", "--outlets", "3"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    assert main([*args, "--seed", "2", "--out", str(tmp_path / "c")]) == 0
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a")["magento.yaml"] != _files(tmp_path / "c")["magento.yaml"]
    assert set(_files(tmp_path / "a")) == {"magento.yaml", "lightspeed.yaml", "mapping.yaml"}


def test_the_sizes_are_the_ones_asked_for() -> None:
    documents = generate(Merchant(skus=1_000, outlets=5, variants=30))
    magento = documents["magento"]["products"]
    sellable = [p for p in magento if p.get("type") != "configurable"]
    children = [c for p in magento if p.get("type") == "configurable" for c in p["children"]]
    assert len(sellable) + len(children) == 1_000
    assert len(children) == 300
    assert len(documents["magento"]["sources"]) == len(documents["lightspeed"]["outlets"]) == 5
    assert [o["source"] for o in documents["mapping"]["outlets"]] == [f"store0{n}" for n in range(1, 6)]


def test_the_twins_load_the_seeds_and_a_first_sync_changes_nothing(tmp_path: Path) -> None:
    assert main(["twin", "seed", "generate", "--skus", "120", "--outlets", "3", "--out", str(tmp_path)]) == 0
    clock = VirtualClock()
    magento = magento_app("2.4.8", seed=str(tmp_path / "magento.yaml"), clock=clock)
    lightspeed = lightspeed_app("2026-07", seed=str(tmp_path / "lightspeed.yaml"), clock=clock)
    before = {key: item["quantity"] for key, item in magento.twin.inventory.items.items()}
    assert len(before) == 120 * 3
    connector = build_connector(
        load_mapping(tmp_path / "mapping.yaml"), magento_url="http://magento.test",
        lightspeed_url="https://demo.retail.lightspeed.app", lightspeed_token="stockgate-demo-token", clock=clock,
        magento_auth=MagentoAuth(mode="oauth1", token="stockgate-demo-token",
                                 consumer_key="stockgate-demo-consumer-key",
                                 consumer_secret="stockgate-demo-consumer-secret",
                                 token_secret="stockgate-demo-token-secret"),
        magento_transport=httpx.ASGITransport(app=magento), lightspeed_transport=httpx.ASGITransport(app=lightspeed),
        magento_version="2.4.8")

    async def sync() -> list[str]:
        ran = await connector.tick()
        await connector.close()
        return ran

    assert "stock" in asyncio.run(sync())
    assert not [e for e in connector.events if e.kind == "failed"]
    after = {key: item["quantity"] for key, item in magento.twin.inventory.items.items()}
    assert after == before


@pytest.mark.parametrize(("args", "message"), [
    (["--skus", "0", "--outlets", "1"], "--skus 0: expected 1 to 1,000,000"),
    (["--skus", "10", "--outlets", "0"], "--outlets 0: expected 1 to 200"),
    (["--skus", "10", "--outlets", "1", "--variants", "150"], "--variants 150: expected a percentage"),
])
def test_bad_sizes_are_one_line_and_exit_2(args: list[str], message: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["twin", "seed", "generate", *args, "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()
