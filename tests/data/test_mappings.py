"""Every shipped mapping loads; a malformed one is one clear DataError with file, line or key."""

from __future__ import annotations

from pathlib import Path

import pytest

from stockgate.connector import load_mapping
from stockgate.errors import DataError

ROOT = Path(__file__).resolve().parents[2]
MAPPINGS = sorted((ROOT / "scenarios" / "mappings").glob("*.yaml"))
DEMO = (ROOT / "scenarios" / "mappings" / "demo.yaml").read_text()


@pytest.mark.parametrize("path", MAPPINGS, ids=[p.stem for p in MAPPINGS])
def test_shipped_mapping_loads(path: Path) -> None:
    mapping = load_mapping(path)
    assert mapping.web_outlet in mapping.outlets


def _write(tmp_path: Path, text: str, name: str = "m.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_unknown_key_names_line_and_nearest(tmp_path: Path) -> None:
    path = _write(tmp_path, DEMO.replace("  restock: true", "  restok: true"))
    with pytest.raises(DataError) as err:
        load_mapping(path)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), start=1) if "restok" in text)
    assert f"m.yaml:{line}" in str(err.value) and "restock" in str(err.value)


def test_two_outlets_into_one_source_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, DEMO.replace('{outlet: "North Store", source: north}',
                                         '{outlet: "North Store", source: central}'))
    with pytest.raises(DataError, match="two outlets post into one source"):
        load_mapping(path)


def test_web_orders_at_an_unlisted_outlet(tmp_path: Path) -> None:
    path = _write(tmp_path, DEMO.replace('  outlet: "Central Store"\n  register', '  outlet: "Nowhere"\n  register'))
    with pytest.raises(DataError, match=r"web_orders\.outlet"):
        load_mapping(path)


def test_sku_table(tmp_path: Path) -> None:
    _write(tmp_path, "lightspeed,magento\n10001,MUG-BLK\n", "skus.csv")
    path = _write(tmp_path, DEMO.replace("match: [sku, product_code]", "match: [table, sku]\n  table: skus.csv"))
    assert load_mapping(path).sku_table == {"10001": "MUG-BLK"}
    path = _write(tmp_path, DEMO.replace("match: [sku, product_code]", "match: [table]\n  table: nope.csv"))
    with pytest.raises(DataError, match="SKU table file does not exist"):
        load_mapping(path)
    path = _write(tmp_path, DEMO.replace("match: [sku, product_code]", "match: [table]"))
    with pytest.raises(DataError, match="needs a table file"):
        load_mapping(path)


@pytest.mark.parametrize(("old", "new", "words"), [
    ('  - {outlet: "North Store", source: north}\n',
     '  - {outlet: "North Store", source: north}\n  - {outlet: "North Store", source: null}\n',
     ["North Store", "twice"]),
    ("  store: default ", "  store: ../../admin ", ["magento.store", "letters"]),
    ('  api_version: "2026-07"', '  api_version: "2099-01"', ["lightspeed.api_version", "2099-01", "2026-07"]),
], ids=["duplicate-outlet", "store-path", "unknown-api-version"])
def test_a_mapping_the_connector_could_not_honour_is_a_data_error(tmp_path: Path, old: str, new: str,
                                                                  words: list[str]) -> None:
    """Issue 14: these ran and blamed the connector (last outlet silently won; the store code reached URLs)."""
    assert old in DEMO
    path = _write(tmp_path, DEMO.replace(old, new))
    with pytest.raises(DataError) as err:
        load_mapping(path)
    text = str(err.value)
    assert "m.yaml:" in text and "\n" not in text.strip()
    for word in words:
        assert word in text, text


@pytest.mark.parametrize("kind", ["folder", "binary"])
def test_a_sku_table_that_is_no_csv_is_a_data_error(tmp_path: Path, kind: str) -> None:
    table = tmp_path / "skus.csv"
    if kind == "folder":
        table.mkdir()
    else:
        table.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    path = _write(tmp_path, DEMO.replace("  match: [sku, product_code]", "  match: [sku, table]\n  table: skus.csv"))
    with pytest.raises(DataError) as err:
        load_mapping(path)
    assert "skus.table" in str(err.value) and "m.yaml" in str(err.value)


def test_a_mapping_is_read_again_once_its_file_changes(tmp_path: Path) -> None:
    """Loaded once while unchanged (every scenario loads its mapping twice), never a stale copy after an edit."""
    import os

    path = _write(tmp_path, DEMO)
    first = load_mapping(path)
    assert load_mapping(path).raw is first.raw  # unchanged: parsed once
    path.write_text(DEMO.replace("  restock: true", "  restok: true"))
    os.utime(path, ns=(first_ns := path.stat().st_mtime_ns, first_ns + 1))  # even within the clock's tick
    with pytest.raises(DataError, match="restok"):
        load_mapping(path)
    path.write_text(DEMO)
    assert load_mapping(path).restock is True
