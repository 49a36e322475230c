"""An installed wheel finds the data a checkout keeps at its top: contracts, the scenario catalog, cassettes, CI
templates."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from stockgate import shipped as module

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = {"contracts": "index.toml", "scenarios": "mappings/demo.yaml", "cassettes": "README.md",
           "ci": "github/stockgate-gate.yml"}


def test_the_wheel_carries_every_shipped_folder() -> None:
    """A folder left out here made `stockgate run` from a wheel stop with "--scenarios …: not a folder"."""
    build = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert build["force-include"] == {name: f"stockgate/_data/{name}" for name in FOLDERS}


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_a_checkout_reads_its_own_folder_and_an_install_the_packaged_copy(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert module.shipped(name, marker=FOLDERS[name]) == ROOT / name
    monkeypatch.setattr(module, "CHECKOUT", tmp_path)  # site-packages: no such folder beside the package
    assert module.shipped(name, marker=FOLDERS[name]) == module.PACKAGE / "_data" / name
