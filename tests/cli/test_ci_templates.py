"""The CI templates for connector repositories: valid against the CI systems' schemas, and their commands run.

A sample connector repository is written to a temporary folder (a pyproject.toml with [tool.stockgate]);
the templates are parsed as GitHub and GitLab would read them, and every `run:`/`script:` line is run
here with bash, in order, with GitHub's output files, except the `pip install` lines: this environment
already has stockgate installed (the wheel itself is tested by ../shared/checks/wheel-smoke and
tests/unit/test_shipped.py). The schemas are the ones check-jsonschema vendors.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from stockgate.cli import main

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / "ci" / "github" / "stockgate-gate.yml"
GITLAB = ROOT / "ci" / "gitlab" / "stockgate-gate.gitlab-ci.yml"
BIN = str(Path(sys.executable).parent)
SAMPLE = """\
[project]
name = "sample-connector"
version = "0.1.0"

[tool.stockgate]
connector = "reference"
scenarios = ["reservations/cancel-releases"]
{extra}
[[tool.stockgate.upgrades]]
from = "magento@2.4.8,lightspeed@2026-10"
to = "magento@2.4.9,lightspeed@2026-10"
"""


def _sample(tmp_path: Path, extra: str = "") -> Path:
    repo = tmp_path / "connector-repo"
    repo.mkdir()
    (repo / "pyproject.toml").write_text(SAMPLE.format(extra=extra))
    return repo


def _validate(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", f"vendor.{schema}",
                           str(path)], check=False, capture_output=True, text=True, timeout=120)


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PATH": BIN + os.pathsep + os.environ["PATH"], "STOCKGATE_CACHE_DIR": "off", **env}
    return subprocess.run(["bash", "-e", "-c", script], check=False, cwd=cwd, env=full, capture_output=True,
                          text=True, timeout=300)


def _steps(job: dict[str, Any]) -> list[str]:
    """The job's shell steps, without the pip installs (stockgate is installed here already)."""
    runs = [step["run"] for step in job["steps"] if "run" in step]
    kept = [run for run in runs if "pip install" not in run]
    assert len(runs) - len(kept) == 1, "exactly one install step per job is skipped"
    return kept


@pytest.mark.parametrize(("path", "schema"), [(GITHUB, "github-workflows"), (GITLAB, "gitlab-ci")])
def test_each_template_is_valid_for_its_ci_system(path: Path, schema: str) -> None:
    result = _validate(path, schema)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_template_is_caught_by_the_schema_check(tmp_path: Path) -> None:
    """Planted: a gate job without runs-on is not a GitHub workflow."""
    workflow = yaml.safe_load(GITHUB.read_text())
    del workflow["jobs"]["gate"]["runs-on"]
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump({"on": workflow.pop(True), **workflow}))
    assert _validate(broken, "github-workflows").returncode == 1


def test_the_github_template_plans_and_gates_the_upgrade(tmp_path: Path) -> None:
    repo = _sample(tmp_path)
    workflow = yaml.safe_load(GITHUB.read_text())
    output, summary = tmp_path / "github_output", tmp_path / "step_summary"
    output.touch()
    for run in _steps(workflow["jobs"]["plan"]):
        assert _bash(run, repo, {"GITHUB_OUTPUT": str(output)}).returncode == 0
    name, _, value = output.read_text().strip().partition("=")
    assert name == "matrix"
    include = json.loads(value)["include"]
    assert [u["id"] for u in include] == ["magento-2.4.8-to-2.4.9"]
    codes = [_bash(run, repo, {"UPGRADE": include[0]["id"], "GITHUB_STEP_SUMMARY": str(summary)}).returncode
             for run in _steps(workflow["jobs"]["gate"])]
    assert codes == [0, 0]
    assert "PASS" in summary.read_text()
    assert (repo / "reports" / "magento-2.4.8-to-2.4.9" / "junit.xml").is_file()


def test_a_regression_fails_the_gate_job_and_still_writes_the_summary(tmp_path: Path) -> None:
    """Planted: fail-on = risky turns 2.4.9's risky behaviour changes into blocking ones."""
    repo = _sample(tmp_path, extra='fail-on = "risky"\n')
    workflow = yaml.safe_load(GITHUB.read_text())
    summary = tmp_path / "step_summary"
    codes = [_bash(run, repo, {"UPGRADE": "magento-2.4.8-to-2.4.9", "GITHUB_STEP_SUMMARY": str(summary)}).returncode
             for run in _steps(workflow["jobs"]["gate"])]
    assert codes == [1, 0]
    assert "FAIL" in summary.read_text()


def test_the_gitlab_template_writes_a_valid_child_pipeline_whose_job_gates(tmp_path: Path) -> None:
    repo = _sample(tmp_path)
    pipeline = yaml.safe_load(GITLAB.read_text())
    plan = [line for line in pipeline["stockgate-plan"]["script"] if "pip install" not in line]
    assert _bash("\n".join(plan), repo, {}).returncode == 0
    child = repo / "stockgate-gates.gitlab-ci.yml"
    assert _validate(child, "gitlab-ci").returncode == 0
    jobs = {name: job for name, job in yaml.safe_load(child.read_text()).items() if name.startswith("gate ")}
    (job,) = jobs.values()
    assert job["artifacts"]["reports"]["junit"] == "reports/magento-2.4.8-to-2.4.9/junit.xml"
    assert _bash("\n".join(job["script"]), repo, {}).returncode == 0
    assert (repo / "reports" / "magento-2.4.8-to-2.4.9" / "gate.md").is_file()


def test_the_printed_templates_are_the_shipped_files(capsys: pytest.CaptureFixture[str]) -> None:
    for system, path in (("github", GITHUB), ("gitlab", GITLAB)):
        assert main(["ci", "template", system]) == 0
        assert capsys.readouterr().out == path.read_text()


def test_without_upgrades_the_plan_is_the_newest_upgrade_of_each_platform(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.stockgate]\nconnector = "command:./sync --once"\n')
    assert main(["ci", "plan", "--config", str(config), "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert [u["id"] for u in plan["upgrades"]] == ["magento-2.4.8-to-2.4.9", "lightspeed-2026-07-to-2026-10"]
    assert plan["upgrades"][0]["command"][:3] == ["stockgate", "gate", "--from"]
    assert "command:./sync --once" in plan["upgrades"][0]["command"]


BAD = [
    ("", "no [tool.stockgate] table"),
    ("[tool.stockgate]\n", "tool.stockgate.connector: missing or empty"),
    ('[tool.stockgate]\nconnector = "mine"\n', "tool.stockgate.connector: not a connector spec"),
    ('[tool.stockgate]\nconnector = "reference"\nconector = 1\n', "tool.stockgate.conector: unknown key"),
    ('[tool.stockgate]\nconnector = "reference"\nfail-on = "minor"\n', "tool.stockgate.fail-on: unknown severity"),
    ('[tool.stockgate]\nconnector = "reference"\nprofiles = "input-limits-on"\n',
     "tool.stockgate.profiles: not a list of non-empty strings"),
    ('[tool.stockgate]\nconnector = "reference"\n[[tool.stockgate.upgrades]]\nfrom = "magento@2.4.8"\n'
     'to = "magento@2.4.9"\n', "tool.stockgate.upgrades[0].from: expected one Magento and one Lightspeed version"),
    ('[tool.stockgate]\nconnector = "reference"\n[[tool.stockgate.upgrades]]\n'
     'from = "magento@2.4.1,lightspeed@2026-07"\nto = "magento@2.4.9,lightspeed@2026-07"\n',
     "tool.stockgate.upgrades[0].from: not a supported version"),
    ('[tool.stockgate]\nconnector = "reference"\n[[tool.stockgate.upgrades]]\n'
     'from = "magento@2.4.9,lightspeed@2026-07"\nto = "magento@2.4.9,lightspeed@2026-07"\n',
     "tool.stockgate.upgrades[0]: from and to are the same versions"),
    ('[tool.stockgate]\nconnector = "reference"\n[[tool.stockgate.upgrades]]\n'
     'from = "magento@2.4.8,lightspeed@2026-07"\nto = "magento@2.4.9,lightspeed@2026-07"\nid = "a b"\n',
     "tool.stockgate.upgrades[0].id: not a usable id"),
    ("[tool.stockgate\n", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[m.split(":")[0][:40] for _, m in BAD])
def test_a_bad_plan_is_one_line_and_exit_2(text: str, message: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(text)
    assert main(["ci", "plan", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_plan_checks_the_connector_up_front(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.stockgate]\nconnector = "python:tests.connectors.tiny_class:TinyConector"\n')
    assert main(["ci", "plan", "--config", str(config)]) == 2
    assert "cannot import it" in capsys.readouterr().err


def test_an_unknown_upgrade_id_names_the_planned_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _sample(tmp_path)
    assert main(["ci", "gate", "magento-2.4.7-to-2.4.8", "--config", str(repo / "pyproject.toml")]) == 2
    err = capsys.readouterr().err
    assert "no upgrade 'magento-2.4.7-to-2.4.8'" in err and "magento-2.4.8-to-2.4.9" in err


def test_a_missing_config_says_where_to_run_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ci", "plan", "--config", str(tmp_path / "pyproject.toml")]) == 2
    assert "no such file" in capsys.readouterr().err
