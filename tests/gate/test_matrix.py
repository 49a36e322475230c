"""`stockgate matrix`: cells per version pair, in parallel; shards merge into one matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stockgate.cli import main

ONE = "per-location/sale-moves-only-its-source"
MUTANT = "python:tests.mutants.adapters:AggregatesIntoDefault"  # posts every outlet into the default source


def _matrix(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["matrix", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_failing_connector_fails_its_cells_and_names_the_scenario(capsys: pytest.CaptureFixture[str],
                                                                    tmp_path: Path) -> None:
    code, out, _ = _matrix(capsys, "--magento", "2.4.8,2.4.9", "--lightspeed", "2026-10", "--scenario", ONE,
                           "--connector", MUTANT, "--jobs", "2", "--report-dir", str(tmp_path))
    assert code == 1
    assert f"FAIL magento@2.4.8-lightspeed@2026-10: 0 passed, 1 failed ({ONE})" in out
    data = json.loads((tmp_path / "matrix.json").read_text())
    assert data["ok"] is False and [c["pair"] for c in data["cells"]] == [
        "magento@2.4.8-lightspeed@2026-10", "magento@2.4.9-lightspeed@2026-10"]
    assert data["cells"][0]["failed"][0][0] == ONE and "source" in data["cells"][0]["failed"][0][1]
    md = (tmp_path / "matrix.md").read_text()
    assert "**0 of 2 version pairs pass.**" in md and "| 2.4.8 | ❌ 1 failing |" in md


def test_shards_merge_into_the_whole_matrix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    files = []
    for k in (1, 2):
        out_dir = tmp_path / f"shard{k}"
        code, out, _ = _matrix(capsys, "--magento", "2.4.8,2.4.9", "--lightspeed", "2026-07", "--scenario", ONE,
                               "--shard", f"{k}/2", "--jobs", "1", "--report-dir", str(out_dir))
        assert code == 0 and out.count("ok   ") == 1
        files.append(str(out_dir / "matrix.json"))
    code, out, _ = _matrix(capsys, "--merge", *files, "--report-dir", str(tmp_path / "all"))
    assert code == 0 and "2 of 2 pair(s) pass" in out
    assert "| 2.4.9 | ✅ 1 |" in (tmp_path / "all" / "matrix.md").read_text()


@pytest.mark.parametrize(("argv", "message"), [
    (["--shard", "3/2"], "--shard 3/2: expected K/N"),
    (["--magento", "2.4.1"], "2.4.1"),
    (["--jobs", "0"], "--jobs 0"),
    (["--scenario", "nothing/*"], "no scenario matches nothing/*"),
])
def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str],
                              message: str) -> None:
    code, _out, err = _matrix(capsys, *argv, "--report-dir", str(tmp_path / "r"))
    assert code == 2 and message in err and not (tmp_path / "r").exists()


def test_merging_something_that_is_not_a_matrix_is_a_data_error(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    bogus = tmp_path / "x.json"
    bogus.write_text('{"results": []}')
    code, _out, err = _matrix(capsys, "--merge", str(bogus), "--report-dir", str(tmp_path / "r"))
    assert code == 2 and f"{bogus}: not a matrix file" in err
