"""Every twin seed file loads strictly; a malformed user seed is one clear line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from stockgate.cli import main
from stockgate.errors import DataError, UsageError
from stockgate.twins.magento.seeds import DATA, load_seed
from stockgate.twins.magento.twin import create_twin

SEEDS = sorted(p.stem for p in DATA.glob("*.yaml"))


@pytest.mark.parametrize("name", SEEDS)
def test_seed_loads_into_a_consistent_store(name: str) -> None:
    twin = create_twin("2.4.8", seed=name)
    inv = twin.inventory
    linked = {code for (_sid, code) in inv.links}
    assert {code for (_sku, code) in inv.items} <= linked, "a source item on a source no stock sells from"
    for product in inv.products.values():
        assert all(child in inv.products for child in product.children)


def test_demo_seed_matches_the_documented_store() -> None:
    inv = create_twin("2.4.8").inventory
    assert len(inv.stocks) == 2 and set(inv.sources) == {"default", "central", "north"}
    assert inv.products["TS"].children == ["TS-RED-S", "TS-RED-M", "TS-RED-L", "TS-BLU-S", "TS-BLU-M", "TS-BLU-L"]


def test_a_user_seed_file_with_a_typo_names_file_line_and_nearest_key(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    seed = tmp_path / "shop.yaml"
    seed.write_text("seed_format: 1\nname: shop\nproducts:\n  - {sku: A, name: A, stok: {central: 1}}\n")
    with pytest.raises(DataError) as err:
        load_seed(str(seed))
    text = str(err.value)
    assert "shop.yaml:4" in text and "stock" in text
    assert main(["twin", "serve", "magento@2.4.8", "--seed", str(seed)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_seed_link_to_an_unknown_sku_is_refused(tmp_path: Path) -> None:
    seed = tmp_path / "links.yaml"
    seed.write_text("seed_format: 1\nname: links\nproducts:\n  - {sku: A, name: A, links: {related: [B]}}\n")
    with pytest.raises(UsageError, match="links unknown SKU 'B' as related"):
        create_twin("2.4.8", seed=str(seed))


def test_lightspeed_demo_seed_matches_the_documented_retailer() -> None:
    from stockgate.twins.lightspeed.twin import create_twin as create_lightspeed

    store = create_lightspeed("2026-07").store
    assert len(store.outlets) == 3 and len(store.registers) == 3
    family = [p for p in store.products.values() if any(c["code"].startswith("TS-") for c in p.product_codes)]
    assert len(family) == 6 and all(p.sku.isdigit() and p.variant_parent_id for p in family)
    assert store.next_version > 2**31
    assert len(store.products) > 40  # more than one page of the demo mappings' page size


def test_a_lightspeed_seed_with_a_typo_names_file_and_line(tmp_path: Path) -> None:
    from stockgate.twins.lightspeed.seeds import load_seed as load_lightspeed

    seed = tmp_path / "shop.yaml"
    seed.write_text("seed_format: 1\nname: shop\noutlets:\n  - {key: a, name: A, registres: [R]}\n")
    with pytest.raises(DataError) as err:
        load_lightspeed(str(seed))
    assert "shop.yaml:4" in str(err.value) and "registers" in str(err.value)
