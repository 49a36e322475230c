"""``stockgate drift simulate`` as a user runs it: bad input is one line and exit 2; reports; Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from stockgate.cli import main

TINY = ["drift", "simulate", "--stores", "2", "--skus", "40", "--daily-orders", "4", "--pos-sales-per-day", "40",
        "--schedule", "inventory=15m,orders=15m"]


@pytest.mark.parametrize(("args", "says"), [
    (["--stores", "-1", "--skus", "10", "--daily-orders", "1"], "--stores -1: expected 1 to 200"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--days", "0"], "--days 0: expected 1 to 31"),
    (["--stores", "200", "--skus", "2000000", "--daily-orders", "1"], "GiB of memory"),
    (["--stores", "2", "--skus", "1000000", "--daily-orders", "9000000"], "GiB"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--schedule", "inventory=5x"], "expected a duration"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--schedule", "stock=5m"], "FLOW=DURATION"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--outage", "2026-12-20T10:00/2h"],
     "outside the simulated 7 days"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--days", "1", "--outage", "2026-12-20T10:00/2h"],
     "outside the simulated 1 day 2026-12-07 00:00 to 2026-12-08 00:00 UTC; start it between 2026-12-07 00:00 and "
     "2026-12-07 22:00"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--schedule", "inventory=5m,inventory=1m"],
     "--schedule inventory=5m,inventory=1m: inventory is given twice"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--schedule", ""], "--schedule '': empty schedule"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--schedule", "inventory=5x"],
     "--schedule inventory=5x: expected a duration"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--magento", "lightspeed@2026-07"],
     "stockgate drift simulate: error: --magento lightspeed@2026-07: a Lightspeed version given to --magento"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--lightspeed", "magento@2.4.8"],
     "--lightspeed magento@2.4.8: a Magento version given to --lightspeed"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--report-dir", "/proc/no/such"],
     "stockgate drift simulate: error: --report-dir /proc/no/such"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--outage", "tomorrow/2h"], "not an ISO date"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--frobnicate"], "unrecognized arguments"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--return-rate", "1.5"], "--return-rate 1.5"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--faults", "meteor=0.1"], "KIND=RATE"),
    (["--stores", "2", "--skus", "10", "--daily-orders", "1", "--faults", "http-5xx=2"], "0 to 1"),
], ids=["negative-stores", "days-0", "absurd-skus", "absurd-orders", "bad-duration", "unknown-flow",
        "outage-outside", "outage-outside-1-day", "duplicate-flow", "empty-schedule", "bad-duration-shown-as-given",
        "lightspeed-to-magento", "magento-to-lightspeed", "report-dir-named-by-command",
        "outage-not-a-date", "unknown-flag", "return-rate", "unknown-fault",
        "fault-rate"])
def test_bad_input_is_one_line_and_exit_2(args: list[str], says: str, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    if "--report-dir" not in args:
        args = [*args, "--report-dir", str(tmp_path / "out")]
    code = main(["drift", "simulate", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert says in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_a_negative_size_names_only_the_flags_given(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", "simulate", "--stores", "2", "--skus", "10", "--daily-orders", "-5"]) == 2
    err = capsys.readouterr().err
    assert "--daily-orders -5: expected 0 to 10,000,000" in err
    assert "--pos-sales-per-day" not in err and "GiB" not in err  # derived, not given; no meaningless memory


def test_a_schedule_period_longer_than_the_run_is_warned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*TINY[:-2], "--days", "1", "--schedule", "inventory=30d,orders=15m"]) == 0
    err = capsys.readouterr().err
    assert "warning: --schedule inventory=30d is longer than the simulated 1 day" in err


def test_contracts_dir_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from stockgate.cli import build_parser

    args = build_parser().parse_args([*TINY, "--contracts-dir", "contracts"])
    assert args.contracts_dir == Path("contracts")
    assert main([*TINY, "--days", "1", "--contracts-dir", str(tmp_path / "none")]) == 2
    assert "--contracts-dir" in capsys.readouterr().err
    monkeypatch.setenv("STOCKGATE_CONTRACTS_DIR", str(tmp_path / "elsewhere"))  # read by the twins the run builds
    assert main([*TINY, "--days", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stockgate drift simulate: error: ") and "elsewhere" in err


def test_reports_are_written_and_self_contained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*TINY, "--days", "1", "--report-dir", str(tmp_path), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Drift test (simulated): ")
    data = json.loads((tmp_path / "drift.json").read_text())
    assert data["band"]["colour"] in {"GREEN", "AMBER", "RED"} and data["sales"]
    assert all({"closed_at", "reflected_at", "delay_s"} <= set(sale) for sale in data["sales"])
    page = (tmp_path / "drift.html").read_text()
    assert page.count("<svg") == 4 and "<script" not in page
    assert "src=" not in page and 'href="http' not in page  # nothing fetched: charts are inline SVG
    assert "20 POS sales sampled from peak hours" in (tmp_path / "drift.md").read_text()


def test_ctrl_c_writes_the_partial_report_and_exits_130(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "stockgate", *TINY, "--days", "5", "--report-dir",
                                str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stderr is not None
    line = process.stderr.readline()
    assert line.startswith("day 1 of 5 simulated"), line
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, err  # not 0: a partial run is no pass (documented in --help)
    data = json.loads((tmp_path / "drift.json").read_text())
    assert data["interrupted"] is True and 86400 <= data["simulated_s"] < 5 * 86400
    assert data["band"]["colour"] == "INCOMPLETE"
    assert "h of 5 days (interrupted: partial report)" in out and "\nINCOMPLETE: interrupted after" in out


def test_compare_runs_the_same_week_twice_side_by_side(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [*TINY, "--days", "1", "--compare-schedule", "inventory=2h,orders=2h", "--format", "json",
            "--report-dir", str(tmp_path)]
    assert main(args) == 0
    pair = json.loads(capsys.readouterr().out)
    a, b = pair["a"], pair["b"]
    assert a["counts"]["POS sales"] == b["counts"]["POS sales"]  # the same seeded week
    assert a["config"]["schedule_s"]["inventory"] == 900
    assert b["config"]["schedule_s"]["inventory"] == 7200
    assert b["delay"]["p95_s"] > a["delay"]["p95_s"]
    assert (tmp_path / "drift.json").exists() and (tmp_path / "compare" / "drift.json").exists()


def test_an_interrupted_compare_run_exits_130_too(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C during the second (--compare) week: that run is partial, so the command is no pass either."""
    from stockgate.cli import drift_cmd
    from stockgate.drift.measure import summarize
    from stockgate.drift.model import Raw

    calls: list[bool] = []

    def fake(config: object) -> tuple[object, object, Raw]:  # the simulation itself is tested elsewhere
        raw = Raw(end=3600.0, interrupted=bool(calls))
        calls.append(True)
        return config, summarize(raw, seed=1, minutes_per_fix=5), raw

    monkeypatch.setattr(drift_cmd, "_simulate", fake)
    assert main([*TINY, "--days", "1", "--compare-schedule", "inventory=2h"]) == 130
    assert "INCOMPLETE" in capsys.readouterr().out
