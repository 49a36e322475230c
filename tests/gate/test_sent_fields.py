"""A request property the connector sends, removed from the --to contract, blocks the gate."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from stockgate.cli import main

FROM, TO = "magento@2.4.8,lightspeed@2026-10", "magento@2.4.9,lightspeed@2026-10"
ONE = "per-location/sale-moves-only-its-source"


def _remove_property(contracts: Path, definition: str, name: str, version: str = "2.4.9") -> None:
    document = contracts / "magento" / version / "openapi.yaml"
    text = document.read_text()
    start = text.index(f"  {definition}:\n")
    block = text.index(f"      {name}:\n", start)
    end = re.compile(r"^ {0,6}\S", re.M).search(text, block + len(name) + 8)
    assert end is not None
    document.write_text(text[:block] + text[end.start():])
    index = contracts / "index.toml"
    digest = hashlib.sha256(document.read_bytes()).hexdigest()
    index.write_text(re.sub(rf'(ref = "magento@{re.escape(version)}"[^\[]*?sha256 = ")[0-9a-f]{{64}}',
                            rf"\g<1>{digest}", index.read_text(), flags=re.S))


def test_a_removed_quantity_the_connector_sends_blocks(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      contracts_copy: Path) -> None:
    _remove_property(contracts_copy, "inventory-api-data-source-item-interface", "quantity")
    code = main(["gate", "--from", FROM, "--to", TO, "--report-dir", str(tmp_path / "reports"), "--jobs", "1",
                 "--contracts-dir", str(contracts_copy), "--scenario", ONE])
    out, _ = capsys.readouterr()
    assert code == 1, out
    line = next(line for line in out.splitlines() if "sourceItems[].quantity" in line and "source-items" in line)
    assert line.startswith("  [") and "BLOCKS diff magento 2.4.8 -> 2.4.9: POST /V1/inventory/source-items" in line
    assert "the connector sends it" in line and "request.unknown_property" in line, line
