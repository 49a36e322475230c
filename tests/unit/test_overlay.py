"""OpenAPI Overlay application: single-node targets, update merge, remove, loud no-ops."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stockgate.contracts.overlay import apply_overlay, load_overlay, parse_target
from stockgate.errors import DataError

BASE: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "API 2026-07", "version": "2026-07"},
    "servers": [{"url": "https://x/api/2026-07"}],
    "paths": {"/inventory": {"post": {"responses": {}}}},
    "components": {"schemas": {"Body": {"required": ["name"], "properties": {"name": {"type": "string"}}}}},
}

HEADER = """overlay: 1.0.0
info: {title: t, version: "1"}
x-stockgate: {base: lightspeed@2026-07, derives: lightspeed@2026-04, assumptions: [none]}
actions:
"""


def _overlay(tmp_path: Path, actions: str) -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text(HEADER + actions, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("target", "keys"),
    [("$", []), ("$.info", ["info"]), ("$.paths['/inventory'].post", ["paths", "/inventory", "post"]),
     ('$["a.b"].c', ["a.b", "c"])],
)
def test_parse_target(target: str, keys: list[str]) -> None:
    assert parse_target(target) == keys


@pytest.mark.parametrize("target", ["$.paths[*]", "$..post", "$.a[?(@.x)]", "info"])
def test_parse_target_refuses_multi_node_syntax(target: str) -> None:
    with pytest.raises(ValueError, match=r"JSONPath|starts with"):
        parse_target(target)


def test_update_merges_appends_and_remove_deletes(tmp_path: Path) -> None:
    path = _overlay(tmp_path, """  - target: "$.servers"
    description: d
    x-source: s
    remove: true
  - target: "$"
    description: d
    x-source: s
    update: {info: {version: "2026-04"}, servers: [{url: "https://x/api/2026-04"}]}
  - target: "$.components.schemas.Body.required"
    description: d
    x-source: s
    update: codes
  - target: "$.paths['/inventory']"
    description: d
    x-source: s
    update: {get: {responses: {}}}
""")
    out = apply_overlay(BASE, load_overlay(path))
    assert out["info"] == {"title": "API 2026-07", "version": "2026-04"}
    assert out["servers"] == [{"url": "https://x/api/2026-04"}]
    assert out["components"]["schemas"]["Body"]["required"] == ["name", "codes"]
    assert set(out["paths"]["/inventory"]) == {"post", "get"}
    assert BASE["info"]["version"] == "2026-07"  # the base is never modified


def test_a_target_that_selects_nothing_is_an_error(tmp_path: Path) -> None:
    path = _overlay(tmp_path, """  - target: "$.paths['/inventry'].post"
    description: d
    x-source: s
    remove: true
""")
    with pytest.raises(DataError) as caught:
        apply_overlay(BASE, load_overlay(path))
    assert "overlay.yaml:5" in str(caught.value)
    assert "selects nothing" in str(caught.value)
    assert "'/inventry'" in str(caught.value)


def test_every_action_must_cite_a_source(tmp_path: Path) -> None:
    path = _overlay(tmp_path, """  - target: "$.info"
    description: d
    update: {title: x}
""")
    with pytest.raises(DataError, match=r"x-source"):
        load_overlay(path)


def test_update_and_remove_are_exclusive(tmp_path: Path) -> None:
    path = _overlay(tmp_path, """  - target: "$.info"
    description: d
    x-source: s
    update: {title: x}
    remove: true
""")
    with pytest.raises(DataError, match=r"overlay\.yaml:5"):
        load_overlay(path)
