"""Contracts, the index and seeds are parsed once per file state: an edit is seen, an unchanged file is reused."""

from __future__ import annotations

import shutil
from pathlib import Path

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
