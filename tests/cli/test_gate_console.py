"""A passing gate over a connector that already fails on --from: a short console, complete report files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stockgate.cli import main

IDLE = "python:tests.connectors.idle:Idle"  # fails every scenario on both sides: pre-existing findings only
SIDES = ["--from", "magento@2.4.8,lightspeed@2026-07", "--to", "magento@2.4.9,lightspeed@2026-07"]
SOME = ["--scenario", "per-location/*"]


def test_pre_existing_findings_are_summarised_with_the_report_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = tmp_path / "reports"
    code = main(["gate", *SIDES, *SOME, "--connector", IDLE, "--jobs", "1", "--report-dir", str(reports)])
    out = capsys.readouterr().out
    assert code == 0, out
    evidence = json.loads((reports / "gate.json").read_text())
    pre = [f for f in evidence["findings"] if f["state"] == "pre-existing"]
    assert len(pre) > 5, pre  # enough to be summarised
    assert not [line for line in out.splitlines() if " pre-existing scenario " in line], out
    (summary,) = [line for line in out.splitlines() if line.startswith("  pre-existing: ")]
    subjects = len({f["subject"] for f in pre})
    assert f"{len(pre)} finding(s) in {subjects} subject(s)" in summary and str(reports / "gate.md") in summary
    assert f"{len(pre)} pre-existing" in out.splitlines()[1]  # the counts line
    markdown = (reports / "gate.md").read_text()
    assert all(f"| {f['subject']} | {f['field']} |" in markdown for f in pre)  # the file keeps every one
