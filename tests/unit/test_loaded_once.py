"""Contracts, the index and seeds are parsed once per file state: an edit is seen, an unchanged file is reused."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from stockgate.contracts import load_contract, load_index
from stockgate.contracts.index import INDEX_NAME

ROOT = Path(__file__).resolve().parents[2] / "contracts"


def test_an_unchanged_contract_is_the_same_object() -> None:
    assert load_contract("magento@2.4.9") is load_contract("magento@2.4.9")
    assert load_index() is load_index()


def test_an_edited_index_is_read_again(tmp_path: Path) -> None:
    mine = tmp_path / "contracts"
    shutil.copytree(ROOT, mine)
    before = load_contract("magento@2.4.9", mine)
    index = mine / INDEX_NAME
    text = index.read_text()
    old = "title = \"Commerce Admin REST endpoints - All inclusive (2.4.9)\""
    assert old in text
    index.write_text(text.replace(old, "title = \"My staging store, pulled today (2.4.9)\""))
    after = load_contract("magento@2.4.9", mine)
    assert after is not before and after.entry.title == "My staging store, pulled today (2.4.9)"
    assert load_index(mine).get(after.ref).title == after.entry.title


def test_a_seed_is_parsed_once_but_every_caller_gets_its_own_copy() -> None:
    from stockgate.twins.lightspeed.seeds import load_seed

    first = load_seed("demo")
    first["outlets"].clear()  # a twin that changed its seed data must not change the next twin's
    assert load_seed("demo")["outlets"]


def test_a_seed_is_validated_once_per_content_across_processes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: a seed's parsed, validated data is cached on disk by its bytes' hash; an edit is a new key."""
    from stockgate import datafile
    from stockgate.errors import DataError
    from stockgate.twins import seedfiles
    from stockgate.twins.magento.seeds import load_seed

    monkeypatch.setenv("STOCKGATE_CACHE_DIR", str(tmp_path / "cache"))
    parsed: list[Path] = []
    original = datafile.load_yaml

    def counted(path: Path, **kwargs: Any) -> datafile.LoadedData:
        parsed.append(path)
        return original(path, **kwargs)

    monkeypatch.setattr(seedfiles, "load_yaml", counted)
    seed = tmp_path / "shop.yaml"
    seed.write_text("seed_format: 1\nname: shop\nproducts:\n  - {sku: A-1, name: One, stock: {default: 3}}\n")
    assert load_seed(str(seed))["products"][0]["sku"] == "A-1" and len(parsed) == 1
    seedfiles._PARSED.clear()  # a new process: the in-memory copy is gone, the on-disk entry is not
    assert load_seed(str(seed))["products"][0]["stock"] == {"default": 3} and len(parsed) == 1
    seed.write_text(seed.read_text().replace("A-1", "A-2"))
    assert load_seed(str(seed))["products"][0]["sku"] == "A-2" and len(parsed) == 2  # an edit is read again
    seed.write_text(seed.read_text().replace("name: One", "name: 7"))
    for _ in range(2):  # planted: an invalid seed is never cached, so it fails every time with its line
        seedfiles._PARSED.clear()
        with pytest.raises(DataError, match=r"shop.yaml:4"):
            load_seed(str(seed))
    assert len(parsed) == 4
