"""``stockgate ci``: the upgrade gates of a connector's repository, planned from ``[tool.stockgate]``.

``plan`` lists one gate per upgrade (text, JSON, a GitHub matrix or a GitLab child pipeline),
``gate ID`` runs one of them exactly as ``stockgate gate`` with the plan's arguments, and
``template github|gitlab`` prints the CI file to copy unchanged into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from stockgate.ciplan import Plan, load_plan
from stockgate.shipped import shipped

TEMPLATES = {"github": "github/stockgate-gate.yml", "gitlab": "gitlab/stockgate-gate.gitlab-ci.yml"}

EPILOG = """[tool.stockgate] keys (in your connector repository's pyproject.toml):
  connector      required: reference, python:package.module:Class or command:"…"
  upgrades       [[tool.stockgate.upgrades]] tables: from = "magento@V,lightspeed@V", to = "…", id (optional);
                 default: the newest upgrade of each platform, the other held at its newest version
  profiles       merchant profiles on both sides, e.g. ["input-limits-on"]
  scenarios      scenario id globs, e.g. ["returns/*"] (default: the whole catalog)
  scenario-dirs  extra scenario folders
  fail-on        breaking (default) or risky
  accepted       an accepted-changes file
`stockgate run` and `stockgate gate` in the same folder take connector, profiles, scenarios and scenario-dirs
(gate also fail-on, accepted and a single planned upgrade) from the table too; a flag wins."""


def register(commands: Any) -> None:
    """Add ``ci`` and its subcommands."""
    ci = commands.add_parser("ci", help="plan and run the upgrade gates of your connector repository in CI",
                             description="Plan the upgrade gates of your connector repository from "
                             "[tool.stockgate] in its pyproject.toml, run one of them, or print the CI template "
                             "to copy.", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ci.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND", parser_class=type(ci))
    plan = sub.add_parser("plan", help="one gate per upgrade, from [tool.stockgate]", epilog=EPILOG,
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    _config(plan)
    plan.add_argument("--format", choices=["text", "json", "github", "gitlab"], default="text",
                      help="text (default), json, a GitHub Actions matrix (one line) or a GitLab child pipeline")
    plan.set_defaults(run=run_plan)
    gate = sub.add_parser("gate", help="run one planned upgrade's gate (as `stockgate gate`)", epilog=EPILOG,
                          formatter_class=argparse.RawDescriptionHelpFormatter)
    gate.add_argument("upgrade", metavar="ID", help="the upgrade id, as `stockgate ci plan` lists it")
    _config(gate)
    gate.add_argument("--report-dir", default=None, metavar="DIR", help="where the reports go (default: reports/ID)")
    gate.set_defaults(run=run_gate)
    template = sub.add_parser("template", help="print the CI file to copy into your repository")
    template.add_argument("system", choices=sorted(TEMPLATES), help="github or gitlab")
    template.set_defaults(run=run_template)


def _config(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=Path("pyproject.toml"), metavar="FILE",
                        help="the pyproject.toml holding [tool.stockgate] (default: ./pyproject.toml)")


def run_plan(args: argparse.Namespace) -> int:
    """Print the plan in the asked format (the connector is checked here, not only in each gate job)."""
    from stockgate.adapters import adapter_for

    plan = load_plan(args.config)
    adapter_for(plan.connector)  # a typo in [tool.stockgate] connector: one line, exit 2, before any job
    if args.format == "github":
        print(json.dumps({"include": [{"id": u.id, "from": u.before, "to": u.after} for u in plan.upgrades]},
                         separators=(",", ":")))
    elif args.format == "json":
        print(json.dumps({"connector": plan.connector, "upgrades": [
            {"id": u.id, "from": u.before, "to": u.after,
             "command": ["stockgate", *plan.gate_args(u, f"reports/{u.id}")]} for u in plan.upgrades]}, indent=2))
    elif args.format == "gitlab":
        sys.stdout.write(gitlab_child_pipeline(plan))
    else:
        print(f"{len(plan.upgrades)} upgrade gate(s) for {plan.connector} ({args.config}):")
        for upgrade in plan.upgrades:
            print(f"  {upgrade.id}: {upgrade.before} -> {upgrade.after}")
    return 0


def run_gate(args: argparse.Namespace) -> int:
    """Run ``stockgate gate`` with the plan's arguments for one upgrade."""
    from stockgate.cli import build_parser

    plan = load_plan(args.config)
    upgrade = plan.upgrade(args.upgrade)
    argv = [*plan.gate_args(upgrade, args.report_dir or f"reports/{upgrade.id}"), "--config", str(plan.path)]
    print("stockgate " + " ".join(_quote(a) for a in argv), flush=True)
    gate_args = build_parser().parse_args(argv)
    code: int = gate_args.run(gate_args)
    return code


def run_template(args: argparse.Namespace) -> int:
    """Print a shipped CI template."""
    sys.stdout.write((shipped("ci", marker=TEMPLATES["github"]) / TEMPLATES[args.system]).read_text(encoding="utf-8"))
    return 0


def gitlab_child_pipeline(plan: Plan) -> str:
    """A GitLab pipeline with one gate job per upgrade (JSON is YAML, so no YAML writer is needed)."""
    jobs: dict[str, Any] = {
        "stages": ["gate"],
        "variables": {"PIP_CACHE_DIR": "$CI_PROJECT_DIR/.cache/pip",
                      "STOCKGATE_CACHE_DIR": "$CI_PROJECT_DIR/.cache/stockgate"},
        ".stockgate": {
            "image": "python:3.11",
            "cache": {"key": "stockgate", "paths": [".cache/pip", ".cache/stockgate"]},
            "before_script": [
                'python -m pip install "${STOCKGATE_SPEC:-stockgate}"',
                "if grep -q '^\\[project\\]' pyproject.toml; then python -m pip install -e .; fi",
            ],
        },
    }
    for upgrade in plan.upgrades:
        jobs[f"gate {upgrade.id}"] = {
            "extends": ".stockgate",
            "stage": "gate",
            "script": [f"stockgate ci gate {_quote(upgrade.id)} --config {_quote(str(plan.path))} "
                       f"--report-dir {_quote('reports/' + upgrade.id)}"],
            "artifacts": {"when": "always", "paths": [f"reports/{upgrade.id}/"],
                          "reports": {"junit": f"reports/{upgrade.id}/junit.xml"}},
        }
    return json.dumps(jobs, indent=2) + "\n"


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
