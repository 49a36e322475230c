"""Verdicts that must not read as a clean upgrade pass: pre-existing failures and downgrades."""

from __future__ import annotations

import html
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from stockgate.cli import main

OLD, NEW = "magento@2.4.8,lightspeed@2026-10", "magento@2.4.9,lightspeed@2026-10"
OLD_PAIR = "magento@2.4.8-lightspeed@2026-10"
IDLE = "python:tests.connectors.idle:Idle"  # syncs nothing: 4 of the 5 per-location scenarios fail, on any version
PER_LOCATION = "per-location/*"
LOUD = f"the connector fails 4 of 5 scenarios already on {OLD_PAIR}"
REPORTS = ("gate.md", "gate.json", "junit.xml", "gate.html")


def _gate(capsys: pytest.CaptureFixture[str], tmp_path: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["gate", "--report-dir", str(tmp_path / "reports"), "--jobs", "1", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _reports(tmp_path: Path) -> dict[str, str]:
    """Each report's text, XML and HTML entities read back (``->`` is ``-&gt;`` in them)."""
    return {name: html.unescape((tmp_path / "reports" / name).read_text()) for name in REPORTS}


def _junit_cases(tmp_path: Path) -> dict[str, ET.Element]:
    root = ET.fromstring((tmp_path / "reports" / "junit.xml").read_text().split("\n", 1)[1])
    return {str(case.get("name")): case for case in root.iter("testcase")}


def test_a_connector_failing_on_both_sides_passes_the_upgrade_but_says_so_loudly(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _gate(capsys, tmp_path, "--from", OLD, "--to", NEW, "--connector", IDLE,
                         "--scenario", PER_LOCATION)
    assert code == 0, out
    verdict = out.strip().splitlines()[-2]
    assert verdict.startswith(f"PASS (upgrade) — but {LOUD}"), verdict
    assert "--fail-on-pre-existing" in verdict and "4 pre-existing" in verdict
    reports = _reports(tmp_path)
    assert all(LOUD in text for text in reports.values()), [n for n, t in reports.items() if LOUD not in t]
    assert reports["gate.md"].startswith("## ⚠️ stockgate gate")
    data = json.loads(reports["gate.json"])
    assert data["verdict"] == "pass" and data["exit_code"] == 0 and data["summary"] == verdict
    assert data["pre_existing"]["count"] == data["pre_existing"]["failing_on_from"] == 4
    assert data["pre_existing"]["of"] == 5
    assert data["pre_existing"]["on"] == OLD_PAIR and data["pre_existing"]["blocking"] is False
    loud = [case for name, case in _junit_cases(tmp_path).items() if LOUD in name]
    assert len(loud) == 1 and loud[0].find("skipped") is not None
    assert "class='verdict warn'" in reports["gate.html"]


def test_fail_on_pre_existing_blocks_on_them(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _gate(capsys, tmp_path, "--from", OLD, "--to", NEW, "--connector", IDLE,
                         "--scenario", PER_LOCATION, "--fail-on-pre-existing")
    assert code == 1, out
    verdict = out.strip().splitlines()[-2]
    assert verdict.startswith("FAIL: ") and LOUD in verdict, verdict
    reports = _reports(tmp_path)
    data = json.loads(reports["gate.json"])
    assert data["verdict"] == "fail" and data["exit_code"] == 1 and data["pre_existing"]["blocking"] is True
    assert sorted(s["blocking"] for s in data["scenarios"]) == [False, True, True, True, True]
    failing = [name for name, case in _junit_cases(tmp_path).items() if case.find("failure") is not None]
    assert sum(1 for name in failing if name.startswith("per-location/")) == 4
    assert any(LOUD in name for name in failing)


@pytest.mark.parametrize(("before", "after", "named"), [
    (NEW, OLD, "magento@2.4.9 (--from) is newer than magento@2.4.8 (--to)"),
    ("magento@2.4.9,lightspeed@2026-10", "magento@2.4.9,lightspeed@2026-07",
     "lightspeed@2026-10 (--from) is newer than lightspeed@2026-07 (--to)"),
], ids=["magento", "lightspeed"])
def test_a_downgrade_is_refused_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            before: str, after: str, named: str) -> None:
    code, out, err = _gate(capsys, tmp_path, "--from", before, "--to", after)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert named in err and "swap" in err and "--allow-downgrade" in err
    assert not (tmp_path / "reports").exists()


def test_an_allowed_downgrade_is_labelled_in_every_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _gate(capsys, tmp_path, "--from", NEW, "--to", OLD, "--allow-downgrade",
                         "--scenario", "per-location/sale-moves-only-its-source")
    assert code == 0, out
    label = "DOWNGRADE magento 2.4.9 -> 2.4.8"
    lines = out.strip().splitlines()
    assert label in lines[0] and lines[-2].startswith(f"PASS ({label})"), out
    reports = _reports(tmp_path)
    assert all(label in text for text in reports.values()), [n for n, t in reports.items() if label not in t]
    data = json.loads(reports["gate.json"])
    assert data["direction"] == "downgrade" and data["downgrades"] == ["magento 2.4.9 -> 2.4.8"]
