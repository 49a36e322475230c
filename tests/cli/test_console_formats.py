"""``gate`` and ``matrix`` print their report with ``--format json|md``, and only the verdict with ``--quiet``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stockgate.cli import main

ONE = ["--scenario", "per-location/sale-moves-only-its-source"]
GATE = ["gate", *ONE, "--jobs", "1"]
MATRIX = ["matrix", *ONE, "--jobs", "1", "--magento", "magento@2.4.9", "--lightspeed", "2026-10"]


@pytest.mark.parametrize(("fmt", "filename"), [("json", "gate.json"), ("md", "gate.md")])
def test_gate_prints_the_report_it_writes(fmt: str, filename: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*GATE, "--report-dir", str(tmp_path), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert out == (tmp_path / filename).read_text(encoding="utf-8")  # nothing else on stdout: it can be piped
    if fmt == "json":
        assert json.loads(out)["verdict"]


def test_gate_quiet_prints_the_verdict_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*GATE, "--report-dir", str(tmp_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("PASS for magento@") and out.count("\n") == 1, out
    assert main([*GATE, "--report-dir", str(tmp_path), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "  from: passed per-location/sale-moves-only-its-source on magento@" in out
    assert "  to: passed per-location/sale-moves-only-its-source on magento@" in out


def test_matrix_formats_and_quiet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*MATRIX, "--report-dir", str(tmp_path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out == (tmp_path / "matrix.json").read_text(encoding="utf-8")
    assert main(["matrix", "--merge", str(tmp_path / "matrix.json"), "--report-dir", str(tmp_path / "m"),
                 "--format", "md"]) == 0
    assert capsys.readouterr().out == (tmp_path / "m" / "matrix.md").read_text(encoding="utf-8")
    assert main(["matrix", "--merge", str(tmp_path / "matrix.json"), "--report-dir", str(tmp_path / "q"),
                 "--quiet"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 of 1 pair(s) pass; reports in ") and out.count("\n") == 1, out
