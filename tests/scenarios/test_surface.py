"""The shipped reference surface (contracts/surfaces/reference.yaml) is current, and surfaces load strictly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from stockgate.cli import main
from stockgate.cli.diff_cmd import reference_surface_path
from stockgate.diff.surface import dump_surface, load_surface
from stockgate.errors import DataError
from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.usage import derive_surface


def test_the_shipped_surface_covers_what_the_reference_connector_uses_today() -> None:
    shipped = load_surface(reference_surface_path())
    fresh = asyncio.run(derive_surface(discover(), [Pair(magento="2.4.9", lightspeed="2026-10")]))
    stale = []
    for use in fresh.uses:
        known = shipped.use(use.platform, use.operation, "2026-10" if use.family == "date" else use.family)
        if known is None:
            stale.append(f"{use.platform} {use.operation} ({use.family or 'magento'}) is not in the shipped surface")
            continue
        assert use.read is not None and known.read is not None
        stale += [f"{use.operation}: sends {f}" for f in sorted(use.sent - known.sent)]
        stale += [f"{use.operation}: reads {f}" for f in sorted(use.read - known.read)]
        stale += [f"{use.operation}: {s} calls it" for s in sorted(set(use.scenarios) - set(known.scenarios))]
    assert not stale, "re-derive it with `stockgate surface --out contracts/surfaces/reference.yaml`:\n" + \
        "\n".join(stale)


def test_a_surface_round_trips_through_its_file(tmp_path: Path) -> None:
    shipped = load_surface(reference_surface_path())
    path = tmp_path / "surface.yaml"
    path.write_text(dump_surface(shipped))
    assert load_surface(path) == shipped


def test_a_python_connector_on_httpx_has_its_reads_traced_not_assumed_total(tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    code = main(["surface", "--connector", "python:tests.mutants.adapters:SalableIntoSource", "--magento", "2.4.9",
                 "--lightspeed", "2026-10", "--scenario", "per-location/sale-moves-only-its-source", "--out", str(out)])
    surface = load_surface(out)
    assert code == 0 and surface.uses and all(u.read is not None for u in surface.uses)
    assert "read: unknown" not in out.read_text()
    assert any(u.read for u in surface.uses)  # something was read, and only what was


@pytest.mark.parametrize(("text", "message"), [
    ("surface_format: 1\nconnector: x\noperations:\n  - platform: shopify\n    operation: GET /x\n", "platform"),
    ("surface_format: 1\nconnector: x\noperations:\n  - platform: magento\n    operation: FETCH /x\n", "operation"),
    ("surface_format: 2\nconnector: x\noperations: []\n", "surface_format"),
])
def test_a_malformed_surface_file_names_where(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "surface.yaml"
    path.write_text(text)
    with pytest.raises(DataError) as caught:
        load_surface(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_a_surface_from_cassettes_names_calls_and_sent_fields_with_reads_unknown(tmp_path: Path) -> None:
    out = tmp_path / "from-cassettes.yaml"
    recorded = Path(__file__).resolve().parents[2] / "cassettes" / "magento" / "2.4.9"
    assert main(["surface", "--cassettes", str(recorded), "--out", str(out)]) == 0
    surface = load_surface(out)
    use = surface.use("magento", "POST /V1/inventory/source-items", "2.4.9")
    assert use is not None and use.read is None and "sourceItems[].sku" in use.sent
    assert "per-location/sale-moves-only-its-source" in use.scenarios and surface.connector == "reference"
    assert main(["surface", "--cassettes", str(tmp_path / "none"), "--out", str(out)]) == 2
