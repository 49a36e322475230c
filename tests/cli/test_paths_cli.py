"""Where stockgate reads and writes, as users run it (issue 14, items 13-14).

Writes never follow a link out of their folder and never leave half a file; output folders and files
named on the command line are checked before any work; a scenario's mapping is read from its own
catalog or the shipped mappings only, and an error about it never echoes another file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from stockgate.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = """scenario_format: 1
id: area/sale
title: "A sale at one store moves only that store's source"
areas: [per-location]
given: {{mapping: {mapping}}}
when:
  - pos_sale: {{outlet: "North Store", sku: MUG-BLK, qty: 3}}
  - settle: {{within: 600}}
then:
  sources: {{MUG-BLK: {{central: 20, north: 5}}}}
"""
SECRET = "SECRET-CONTENT-42"
ONE = ["--scenario", "per-location/sale-moves-only-its-source"]


def _stockgate(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_error_line(err: str) -> str:
    (line,) = err.strip().splitlines()
    assert line.startswith("stockgate: error: ") and "internal error" not in line
    return line


def _catalog(tmp_path: Path, mapping: str) -> Path:
    catalog = tmp_path / "cat"
    (catalog / "area").mkdir(parents=True)
    (catalog / "area" / "sale.yaml").write_text(SCENARIO.format(mapping=mapping), encoding="utf-8")
    return catalog


# item 14: mappings


@pytest.mark.parametrize("where", ["absolute", "climbing"])
def test_a_mapping_outside_the_catalog_is_refused_unread(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\nroot:x:0:0\n")
    monkeypatch.chdir(tmp_path)
    catalog = _catalog(tmp_path, str(secret) if where == "absolute" else "../../outside/secret.yaml")
    code, out, err = _stockgate(capsys, "run", "--scenarios", str(catalog))
    line = _one_error_line(err)
    assert code == 2 and out == ""
    assert "cat/area/sale.yaml:5: given.mapping: " in line and SECRET not in line


def test_a_mapping_in_the_catalog_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = _catalog(tmp_path, "../mappings/mine.yaml")
    (catalog / "mappings").mkdir()
    shutil.copy(ROOT / "scenarios" / "mappings" / "demo.yaml", catalog / "mappings" / "mine.yaml")
    code, out, _ = _stockgate(capsys, "run", "--scenarios", str(catalog))
    assert code == 0 and "1 of 1 scenario runs passed" in out


def test_a_mapping_that_is_no_mapping_is_named_not_echoed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = _catalog(tmp_path, "../mappings/notes.yaml")
    (catalog / "mappings").mkdir()
    (catalog / "mappings" / "notes.yaml").write_text(f"{SECRET} is the password\n")
    code, _, err = _stockgate(capsys, "run", "--scenarios", str(catalog))
    line = _one_error_line(err)
    assert code == 2 and "notes.yaml" in line and SECRET not in line and "got text" in line


# item 13: writes


def test_results_json_linked_elsewhere_is_replaced_not_followed(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me\n")
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "results.json").symlink_to(outside)
    code, _, _ = _stockgate(capsys, "run", *ONE, "--report-dir", str(reports))
    assert code == 0 and outside.read_text() == "keep me\n"
    assert not (reports / "results.json").is_symlink()
    assert json.loads((reports / "results.json").read_text())["results"][0]["status"] == "passed"


def _a_file(tmp_path: Path) -> Path:
    path = tmp_path / "a-file"
    path.write_text("x")
    return path


@pytest.mark.parametrize("command", [["run", *ONE], ["gate"], ["matrix"]], ids=["run", "gate", "matrix"])
@pytest.mark.parametrize("kind", ["a-file", "under-a-file", "unwritable"])
def test_a_bad_report_dir_is_refused_before_any_work(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     command: list[str], kind: str) -> None:
    report_dir = {"a-file": _a_file(tmp_path), "under-a-file": _a_file(tmp_path) / "reports",
                  "unwritable": Path("/proc")}[kind]
    code, out, err = _stockgate(capsys, *command, "--report-dir", str(report_dir))
    line = _one_error_line(err)
    assert code == 2 and out == "" and f"--report-dir {report_dir}: " in line


@pytest.mark.parametrize(("argv", "option"), [
    (["diff", "magento@2.4.6", "magento@2.4.7", "--output"], "--output"),
    (["surface", "--out"], "--out"),
], ids=["diff-output", "surface-out"])
def test_an_output_file_that_is_a_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     argv: list[str], option: str) -> None:
    code, out, err = _stockgate(capsys, *argv, str(tmp_path))
    line = _one_error_line(err)
    assert code == 2 and out == "" and f"{option} {tmp_path}: a folder, not a file" in line


def test_diff_output_linked_elsewhere_is_replaced_not_followed(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me\n")
    (tmp_path / "report.md").symlink_to(outside)
    code, _, _ = _stockgate(capsys, "diff", "magento@2.4.6", "magento@2.4.7", "--format", "md",
                            "--output", str(tmp_path / "report.md"))
    assert code == 0 and outside.read_text() == "keep me\n" and not (tmp_path / "report.md").is_symlink()


def test_recording_through_a_link_out_of_the_cassette_folder_is_refused(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    cassettes, outside = tmp_path / "cassettes", tmp_path / "elsewhere"
    cassettes.mkdir()
    outside.mkdir()
    (cassettes / "magento").symlink_to(outside)
    code, out, err = _stockgate(capsys, "cassettes", "record", *ONE, "--cassettes", str(cassettes))
    line = _one_error_line(err)
    assert code == 2 and "outside" in line and "recorded" not in out
    assert list(outside.rglob("*")) == [] and not (cassettes / "lightspeed").exists()
