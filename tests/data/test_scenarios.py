"""Every scenario file loads strictly; malformed ones are one clear error with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from stockgate.cli import main
from stockgate.errors import DataError
from stockgate.scenarios.loader import ROOT, discover, load_scenario
from stockgate.scenarios.steps import STEPS

SCENARIOS = discover()
GOOD = (ROOT / "reservations" / "cancel-releases.yaml").read_text()


def test_the_catalog_covers_every_area() -> None:
    areas = {a for s in SCENARIOS for a in s.areas}
    assert {"reservations", "per-location", "returns", "api-limits", "variants", "catalog-orders",
            "upgrades"} <= areas
    assert len(SCENARIOS) >= 25


def _write(tmp_path: Path, text: str, area: str = "reservations", name: str = "cancel-releases") -> Path:
    folder = tmp_path / area
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


def test_unknown_step_names_line_and_nearest(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("  - cancel: {order: order}", "  - cancell: {order: order}"))
    with pytest.raises(DataError) as err:
        load_scenario(path)
    line = next(n for n, t in enumerate(path.read_text().splitlines(), start=1) if "cancell" in t)
    assert f":{line}" in str(err.value) and "cancel" in str(err.value)


def test_bad_step_argument(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("{sku: SOCK-3PK, qty: 5, as: order}", "{sku: SOCK-3PK, qty: five}"))
    with pytest.raises(DataError, match="qty"):
        load_scenario(path)


def test_id_must_match_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD, name="other-name")
    with pytest.raises(DataError, match="<folder>/<file name>"):
        load_scenario(path)


def test_stockgate_run_on_a_bad_scenario_folder_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path, GOOD.replace("then:", "thne:"))
    assert main(["run", "--scenarios", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stockgate: error: ") and err.count("\n") == 1


def test_step_registry_is_documented() -> None:
    assert all(kind.description and kind.schema["type"] == "object" for kind in STEPS.values())


def test_a_pattern_error_names_the_pattern(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("id: reservations/cancel-releases", "id: reservations/Cancel.Releases"))
    with pytest.raises(DataError) as err:
        load_scenario(path)
    assert "text matching the pattern" in str(err.value) and "'reservations/Cancel.Releases'" in str(err.value)
