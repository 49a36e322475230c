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


def _bomb(levels: int, width: int) -> str:
    """A billion-laughs document: each level is ``width`` aliases of the level below."""
    lines = ["a0: &a0 [lol]"]
    for n in range(1, levels + 1):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        load_yaml(_write(tmp_path, _bomb(6, 10)))  # a million values from 200 bytes
    message = str(caught.value)
    assert "\n" not in message and "file.yaml:" in message and "aliases expand" in message


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"file.yaml:1: .*refers to itself"):
        load_yaml(_write(tmp_path, "name: &x [a, *x]\n"))


def test_a_few_aliases_and_merge_keys_still_work(tmp_path: Path) -> None:
    text = ("base: &base {page_size: 20, note: shared}\n"
            "steps: [*base, *base, *base]\n"
            "limits:\n  <<: *base\n  page_size: 50\n")
    loaded = load_yaml(_write(tmp_path, text))
    assert loaded.data["steps"] == [{"page_size": 20, "note": "shared"}] * 3
    assert loaded.data["limits"] == {"page_size": 50, "note": "shared"}  # an explicit key beats a merged one
    assert loaded.lines[("limits", "note")] == 4  # a merged key is placed at the merge


@pytest.mark.parametrize(("text", "tag"), [
    ("name: !!python/name:os.system\n", "!!python/name:os.system"),
    ("name: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system"),
    ("name: !!python/object:collections.OrderedDict {a: 1}\n", "!!python/object:collections.OrderedDict"),
    ("name: !custom thing\n", "!custom"),
    ("name: !!binary aGVsbG8=\n", "!!binary"),
], ids=["python-name", "python-apply", "python-object-mapping", "local", "binary"])
def test_non_standard_tags_are_refused_with_the_line(tmp_path: Path, text: str, tag: str) -> None:
    with pytest.raises(DataError) as caught:
        load_yaml(_write(tmp_path, text))
    message = str(caught.value)
    assert message.startswith(f"{tmp_path.name}/file.yaml:1: ") or "file.yaml:1: " in message
    assert f"unsupported YAML tag '{tag}'" in message and "\n" not in message


def test_a_core_tag_that_does_not_fit_its_value_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"file.yaml:2: .*not a valid !!int"):
        load_yaml(_write(tmp_path, "name: x\nlimit: !!int abc\n"))


def test_explicit_core_tags_are_fine(tmp_path: Path) -> None:
    assert load_yaml(_write(tmp_path, "name: !!str 123\nn: !!int '7'\n")).data == {"name": "123", "n": 7}


def test_a_key_that_is_not_plain_text_or_number_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"file.yaml:1: .*key"):
        load_yaml(_write(tmp_path, "? [a, b]\n: 1\n"))


def test_deep_nesting_is_refused_not_a_crash(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="nested more than"):
        load_yaml(_write(tmp_path, "name: " + "[" * 500 + "]" * 500 + "\n"))


def test_control_characters_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        load_yaml(_write(tmp_path, "name: a\x01b\n"))
    assert "\n" not in str(caught.value) and "file.yaml" in str(caught.value)


def test_a_wrong_top_level_never_echoes_the_file(tmp_path: Path) -> None:
    loaded = load_yaml(_write(tmp_path, "root:x:0:0:SECRET-CONTENT:/root:/bin/bash\n"))
    with pytest.raises(DataError) as caught:
        validate(loaded, SCHEMA, what="the test file")
    assert "SECRET-CONTENT" not in str(caught.value) and "got text" in str(caught.value)
