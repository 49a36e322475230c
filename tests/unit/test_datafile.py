"""Strict YAML loading: lines, duplicate keys, unknown keys with suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from stockgate.datafile import load_yaml, validate
from stockgate.errors import DataError

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "limits": {"type": "object", "additionalProperties": False,
                   "properties": {"page_size": {"type": "integer", "maximum": 300}}},
    },
}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_lines_are_recorded_per_key_path(tmp_path: Path) -> None:
    loaded = load_yaml(_write(tmp_path, "name: x\nlimits:\n  page_size: 20\n"))
    assert loaded.data == {"name": "x", "limits": {"page_size": 20}}
    assert loaded.lines[("limits", "page_size")] == 3
    assert loaded.where(["limits", "page_size", "deeper"]).endswith("file.yaml:3")


def test_duplicate_keys_are_an_error_with_the_line(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"file.yaml:3: duplicate key 'name'"):
        load_yaml(_write(tmp_path, "name: x\nlimits: {}\nname: y\n"))


def test_syntax_errors_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"file.yaml:2: not valid YAML"):
        load_yaml(_write(tmp_path, "name: x\n  bad: [\n"))


def test_dates_stay_text(tmp_path: Path) -> None:
    assert load_yaml(_write(tmp_path, "name: 2026-04-01\n")).data == {"name": "2026-04-01"}


def test_unknown_key_suggests_the_nearest(tmp_path: Path) -> None:
    loaded = load_yaml(_write(tmp_path, "name: x\nlimits:\n  pagesize: 20\n"))
    with pytest.raises(DataError) as caught:
        validate(loaded, SCHEMA, what="the test file")
    message = str(caught.value)
    assert "file.yaml:3" in message
    assert "unknown key 'pagesize'" in message
    assert "did you mean 'page_size'" in message


def test_wrong_value_names_expected_and_actual(tmp_path: Path) -> None:
    loaded = load_yaml(_write(tmp_path, "name: x\nlimits:\n  page_size: 301\n"))
    with pytest.raises(DataError, match=r"file.yaml:3: limits.page_size: invalid value .*got 301"):
        validate(loaded, SCHEMA, what="the test file")


def test_missing_required_key(tmp_path: Path) -> None:
    loaded = load_yaml(_write(tmp_path, "limits: {}\n"))
    with pytest.raises(DataError, match="missing a required key: 'name'"):
        validate(loaded, SCHEMA, what="the test file")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="file not found"):
        load_yaml(tmp_path / "nope.yaml")
