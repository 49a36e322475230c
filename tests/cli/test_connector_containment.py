"""`stockgate run` with connectors that hang, print or raise outside a tick: findings and exit 1, never a hang,
a broken `--format json` or exit 3; what the connector said is attached to each result."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from stockgate.adapters import DEFAULT_TICK_TIMEOUT
from stockgate.adapters import python as python_adapter
from stockgate.cli import main

ONE = "per-location/sale-moves-only-its-source"
MISBEHAVING = "python:tests.connectors.misbehaving"


@pytest.fixture(autouse=True)
def _no_hang_remembered() -> Iterator[None]:
    python_adapter._HUNG.clear()
    yield
    python_adapter._HUNG.clear()


def _run_json(capsys: pytest.CaptureFixture[str], connector: str, *extra: str) -> tuple[int, dict[str, object]]:
    code = main(["run", "--scenario", ONE, "--connector", connector, "--format", "json", *extra])
    out = capsys.readouterr().out
    return code, json.loads(out)  # the connector's prints must not break it


@pytest.mark.parametrize(("name", "stage", "said"), [("ConfigureRaises", "configure", "KeyError: 'SYNC_SETTINGS'"),
                                                     ("CloseRaises", "close", "RuntimeError: the session was")])
def test_configure_or_close_raising_is_a_finding_and_exit_1(name: str, stage: str, said: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _run_json(capsys, f"{MISBEHAVING}:{name}")
    (result,) = data["results"]  # type: ignore[misc]
    found = [f for f in result["findings"] if f["check"] == "connector" and f["subject"] == stage]
    assert code == 1 and result["status"] == "failed" and not result["error"]
    assert len(found) == 1 and said in found[0]["actual"]


def test_a_hung_python_tick_is_a_finding_naming_the_tick(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STOCKGATE_TICK_TIMEOUT", "0.5")
    start = time.monotonic()
    code, data = _run_json(capsys, f"{MISBEHAVING}:AwaitsForever")
    assert time.monotonic() - start < 30
    (result,) = data["results"]  # type: ignore[misc]
    (hung,) = [f for f in result["findings"] if f["check"] == "connector" and f["subject"] == "tick"]
    assert code == 1 and hung["actual"].startswith("tick 1 (at 0 s of the run): the tick did not finish within 0.5 s")


def test_a_printing_python_connector_keeps_json_valid_and_its_output_is_attached(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, data = _run_json(capsys, f"{MISBEHAVING}:Chatty", "--report-dir", str(tmp_path))
    (result,) = data["results"]  # type: ignore[misc]
    assert code == 1  # it syncs nothing
    said = "\n".join(result["connector_output"])
    assert "configured against http://" in said and "tick with token <scrubbed>" in said
    written = json.loads((tmp_path / "results.json").read_text())
    assert written["results"][0]["connector_output"] == result["connector_output"]


def test_the_text_report_shows_the_end_of_what_a_failing_connector_said(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--scenario", ONE, "--connector", f"{MISBEHAVING}:Chatty"]) == 1
    out = capsys.readouterr().out
    assert "connector output (last" in out and "tick with token <scrubbed>" in out


@pytest.mark.parametrize("command", ["run", "gate"])
def test_help_states_the_tick_timeout_and_its_default(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"STOCKGATE_TICK_TIMEOUT seconds (default {DEFAULT_TICK_TIMEOUT:g})" in text
