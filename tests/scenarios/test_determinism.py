"""The same run twice gives byte-identical JSON results (virtual clock, seeded jitter, stable ids)."""

from __future__ import annotations

from pathlib import Path

from stockgate.cli import main


def test_the_same_command_twice_gives_identical_results(tmp_path: Path) -> None:
    args = ["run", "--magento", "2.4.7", "--lightspeed", "2026-07", "--scenario",
            "returns/lost-refund-answer-one-memo", "--scenario", "api-limits/lightspeed-429-legacy-shapes",
            "--format", "json"]
    assert main([*args, "--report-dir", str(tmp_path / "a")]) == 0
    assert main([*args, "--report-dir", str(tmp_path / "b")]) == 0
    first, second = (tmp_path / "a" / "results.json").read_bytes(), (tmp_path / "b" / "results.json").read_bytes()
    assert first == second
    assert b'"convergence_seconds"' in first
