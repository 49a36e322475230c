"""The CI templates in ci/ are valid YAML and call only nox sessions that exist; .ci/run is the README's command."""

from __future__ import annotations

import re
import subprocess
import sys
from itertools import product
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
# stockgate's own CI (nox sessions of this repository); the templates for connector repositories
# (stockgate-gate*.yml, calling `stockgate ci`) are checked in tests/cli/test_ci_templates.py
TEMPLATES = sorted((ROOT / "ci").rglob("upgrade-gate*.yml"))


def _sessions() -> set[str]:
    listed = subprocess.run([sys.executable, "-m", "nox", "--list", "-f", str(ROOT / "noxfile.py")],
                            capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return {m[1] for m in re.finditer(r"^[*-] (\S+) ->", listed, re.M)}


def _commands(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [c for key, value in node.items() for c in (
            [value] if key in ("run",) and isinstance(value, str) else
            [v for v in value if isinstance(v, str)] if key == "script" and isinstance(value, list) else
            _commands(value))]
    if isinstance(node, list):
        return [c for item in node for c in _commands(item)]
    return []


def _matrix_values(doc: Any) -> dict[str, list[str]]:
    """Every matrix variable the template defines (GitHub `strategy.matrix`, GitLab `parallel.matrix`)."""
    found: dict[str, list[str]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "matrix" and isinstance(value, dict):
                    found.update({k: [str(x) for x in v] for k, v in value.items() if isinstance(v, list)})
                elif key == "matrix" and isinstance(value, list):
                    for item in value:
                        found.update({k: [str(x) for x in v] for k, v in item.items()})
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(doc)
    return found


def _expanded(command: str, values: dict[str, list[str]]) -> list[str]:
    names = [n for n in values if f"matrix.{n}" in command or f"${n}" in command or f"${{{n}}}" in command]
    out = []
    for combo in product(*(values[n] for n in names)):
        text = command
        for name, value in zip(names, combo, strict=True):
            text = re.sub(r"\$\{\{\s*matrix\." + name + r"\s*\}\}", value, text)
            text = text.replace(f"${{{name}}}", value).replace(f"${name}", value)
        out.append(text)
    return out


def test_there_are_templates_for_github_and_gitlab() -> None:
    assert {p.parent.name for p in TEMPLATES} == {"github", "gitlab"}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.parent.name)
def test_a_template_calls_only_existing_nox_sessions(template: Path) -> None:
    doc = yaml.safe_load(template.read_text())
    assert isinstance(doc, dict)
    sessions = _sessions()
    values = _matrix_values(doc)
    called = [m[1] for c in _commands(doc) for line in _expanded(c, values)
              for m in re.finditer(r'nox -s "?([^"\s]+(?:\([^)]*\))?)"?', line)]
    assert called, "the template calls no nox session"
    assert [c for c in called if c not in sessions] == [], f"sessions: {sorted(sessions)}"
    other = [c for c in _commands(doc) if re.search(r"\b(pytest|stockgate) ", c)]
    assert other == [], "templates call nox only"


def test_the_ci_entry_point_is_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    run = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert f"\n{run}\n" in readme, f"README lacks {run!r}"
