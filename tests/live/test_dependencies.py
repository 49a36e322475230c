"""verify-live runs schemathesis (its cases drawn with hypothesis) on a plain install, not only with the [test] extra.

An outsider's wheel install failed with ``No module named 'schemathesis'`` (exit 3): the package was
only in the test extra. What the live modules import at run time must be a runtime dependency.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _names(requirements: list[str]) -> dict[str, str]:
    return {re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower(): r for r in requirements}


def _imported(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"stockgate"}


def test_what_the_live_commands_import_is_a_runtime_dependency_pinned_as_in_the_test_extra() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _names(project["dependencies"])
    test = _names(project["optional-dependencies"]["test"])
    imported = _imported(ROOT / "src" / "stockgate" / "live")
    assert "schemathesis" in imported  # the check looks at what it should
    missing = sorted(imported - set(runtime))
    assert missing == [], f"imported by stockgate.live but not in [project] dependencies: {missing}"
    for name in set(runtime) & set(test):
        assert runtime[name] == test[name], f"{name}: runtime {runtime[name]!r}, test extra {test[name]!r}"
