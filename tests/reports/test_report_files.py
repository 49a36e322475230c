"""Reports are written 0644 whatever the umask: CI uploads and web servers publish them as they are."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from stockgate.cli import main
from tests.reports import builders as b


@pytest.fixture
def strict_umask() -> Iterator[None]:
    """A umask that would leave new files readable by their owner only (0600)."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def _modes(folder: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()}


@pytest.mark.usefixtures("strict_umask")
def test_matrix_reports_are_written_0644(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shard = tmp_path / "shard.json"
    shard.write_text(b.matrix([("2.4.8", "2026-07")], {}, ["returns/a"]).to_json())
    assert main(["matrix", "--merge", str(shard), "--report-dir", str(tmp_path / "reports")]) == 0
    capsys.readouterr()
    modes = _modes(tmp_path / "reports")
    assert set(modes) == {"matrix.json", "matrix.md", "matrix.html", "matrix-junit.xml"}
    assert set(modes.values()) == {0o644}, {name: oct(mode) for name, mode in modes.items()}


@pytest.mark.usefixtures("strict_umask")
def test_gate_reports_are_written_0644(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["gate", "--from", "magento@2.4.8,lightspeed@2026-10", "--to", "magento@2.4.9,lightspeed@2026-10",
                 "--scenario", "per-location/two-sources-roll-up", "--jobs", "1", "--report-dir",
                 str(tmp_path / "reports")])
    capsys.readouterr()
    assert code == 0
    modes = _modes(tmp_path / "reports")
    assert set(modes) == {"gate.md", "gate.json", "junit.xml", "gate.html"}
    assert set(modes.values()) == {0o644}, {name: oct(mode) for name, mode in modes.items()}
