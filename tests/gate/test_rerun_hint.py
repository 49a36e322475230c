"""The gate's "rerun it alone" hint is a command that reruns the same scenario, connector and profiles."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from stockgate.cli import main

IDLE = "python:tests.connectors.idle:Idle"  # syncs nothing: the scenario fails on both sides
ONE = "per-location/sale-moves-only-its-source"
PROFILES = ("input-limits-on", "integration-bearer-on", "registers-3")
PAIR = "magento@2.4.9-lightspeed@2026-10+input-limits-on+integration-bearer-on+registers-3"


def _hint(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> list[str]:
    """The hinted command line of the gate's one finding that carries it."""
    argv = ["gate", "--from", "magento@2.4.8,lightspeed@2026-10", "--to", "magento@2.4.9,lightspeed@2026-10",
            "--connector", IDLE, "--scenario", ONE, "--jobs", "1", "--report-dir", str(tmp_path / "reports")]
    for profile in PROFILES:
        argv += ["--profile", profile]
    assert main(argv) == 0
    capsys.readouterr()
    findings = json.loads((tmp_path / "reports" / "gate.json").read_text())["findings"]
    hints = [f["todo"].split("rerun it alone: ", 1)[1] for f in findings if "rerun it alone: " in f["todo"]]
    assert hints, [f["todo"] for f in findings]
    assert all(f["pair"] == PAIR for f in findings if f["kind"] == "scenario")
    return shlex.split(hints[0])


def test_rerun_hint_carries_connector_and_every_profile(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    command = _hint(capsys, tmp_path)
    assert command[:2] == ["stockgate", "run"], command
    assert command[command.index("--connector") + 1] == IDLE
    assert command[command.index("--lightspeed") + 1] == "2026-10"
    assert command[command.index("--magento") + 1] == "2.4.9"
    assert [command[i + 1] for i, arg in enumerate(command) if arg == "--profile"] == list(PROFILES)


def test_the_hinted_command_reruns_the_same_failure(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    command = _hint(capsys, tmp_path)
    code = main([*command[1:], "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1, out
    (result,) = json.loads(out)["results"]
    assert result["scenario"] == ONE and result["pair"] == PAIR and result["status"] == "failed"
