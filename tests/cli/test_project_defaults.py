"""`stockgate run` and `stockgate gate` take their defaults from ./pyproject.toml's [tool.stockgate]; flags win."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stockgate.cli import main

ONE = "per-location/sale-moves-only-its-source"
IDLE = "python:tests.connectors.idle:Idle"
UPGRADE = ('[[tool.stockgate.upgrades]]\nfrom = "magento@2.4.8,lightspeed@2026-07"\n'
           'to = "magento@2.4.9,lightspeed@2026-07"\n')


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A connector repository as the current directory: its table names an idle connector and one scenario."""
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "c"\n\n[tool.stockgate]\nconnector = "{IDLE}"\n'
                                             f'scenarios = ["{ONE}"]\nfail-on = "risky"\n\n{UPGRADE}')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_run_takes_the_connector_and_scenarios_from_the_table_and_says_so(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--magento", "2.4.8", "--lightspeed", "2026-07"]) == 1  # the idle connector fails it
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"connector {IDLE} (from pyproject.toml [tool.stockgate])"
    assert ONE in out and "0 of 1 scenario runs passed" in out


def test_a_flag_wins_over_the_table(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--magento", "2.4.8", "--lightspeed", "2026-07", "--connector", "reference",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["connector"] == {"spec": "reference", "from": "--connector"}
    assert [r["scenario"] for r in data["results"]] == [ONE]  # the table's scenarios still apply


def test_without_a_table_the_default_is_the_reference_connector(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "not-a-connector"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--magento", "2.4.8", "--lightspeed", "2026-07", "--scenario", ONE]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "connector reference (the default)"


def test_a_bad_table_is_one_line_and_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text('[tool.stockgate]\nconector = "reference"\n')
    assert main(["run", "--scenario", ONE]) == 2
    err = capsys.readouterr().err
    assert "tool.stockgate.conector" in err and "unknown key" in err and err.count("\n") == 1


def test_gate_takes_the_connector_upgrade_and_fail_on_from_the_table(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import stockgate.gate

    seen: list[object] = []
    real = stockgate.gate.run_gate

    def spy(options: object, **kw: object) -> object:
        seen.append(options)
        return real(options, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(stockgate.gate, "run_gate", spy)
    main(["gate", "--jobs", "1", "--report-dir", str(repo / "reports")])
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("gate magento@2.4.8-lightspeed@2026-07 -> magento@2.4.9-lightspeed@2026-07 "
                                   f"(connector {IDLE}, from pyproject.toml [tool.stockgate])"), out
    (options,) = seen
    assert options.fail_on.value == "risky" and options.patterns == (ONE,)  # type: ignore[attr-defined]


def test_gate_with_several_planned_upgrades_asks_which(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (repo / "pyproject.toml").read_text()
    (repo / "pyproject.toml").write_text(text + UPGRADE.replace("2.4.9", "2.4.7").replace("2.4.8,", "2.4.6,"))
    assert main(["gate", "--report-dir", str(repo / "reports")]) == 2
    err = capsys.readouterr().err
    assert "plans 2 upgrades" in err and "stockgate ci gate ID" in err and err.count("\n") == 1
