"""Imports point one way (ARCHITECTURE.md): a module may not import a layer above its own."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "stockgate"

# layer rank: a module may import stockgate modules of the same or a lower rank only
RANK = {
    "errors": 0, "datafile": 0, "cache": 0, "oauth1": 0, "httpwait": 0, "target": 0, "__init__": 0, "__main__": 5,
    "safeyaml": 0, "safewrite": 0, "shipped": 0,
    "contracts": 1,
    "clock": 0, "twins": 2, "diff": 2, "cassettes": 2,
    "connector": 2, "adapters": 3, "routing": 2,
    "scenarios": 3, "live": 3,
    "gate": 4, "drift": 4, "ciplan": 4,
    "reports": 5, "cli": 5, "pytest_plugin": 5,
}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("stockgate"):
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("stockgate")]
    return found


def _violations(root: Path) -> list[str]:
    bad = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).with_suffix("")
        own = _layer(".".join(rel.parts))
        assert own in RANK, f"{rel}: new top-level module; give it a rank in this test and ARCHITECTURE.md"
        for target in _imports(path):
            if RANK[_layer(target)] > RANK[own]:
                bad.append(f"{rel} imports {target}")
    return bad


def test_imports_point_down() -> None:
    assert _violations(SRC) == []


def test_the_check_can_fail(tmp_path: Path) -> None:
    """Planted violation: a contracts module importing the CLI."""
    pkg = tmp_path / "stockgate"
    (pkg / "contracts").mkdir(parents=True)
    (pkg / "contracts" / "bad.py").write_text("from stockgate.cli import main\n")
    assert _violations(pkg) == ["stockgate/contracts/bad imports stockgate.cli"]


@pytest.mark.parametrize("module", ["stockgate.contracts.index", "stockgate.cli.contracts_list"])
def test_cheap_modules_do_not_import_the_openapi_validator(module: str) -> None:
    import subprocess
    import sys

    code = f"import sys, {module}; print('openapi_spec_validator' in sys.modules, 'jsonschema' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
