"""``[tool.stockgate]`` of the current directory's ``pyproject.toml`` as defaults for ``run`` and ``gate``.

In a connector's repository ``stockgate run`` and ``stockgate gate`` take the connector, profiles,
scenario globs and folders (and for the gate ``fail-on``, ``accepted`` and a single planned upgrade)
from the table ``stockgate ci plan`` reads; a command-line flag wins over the table. The output
says where the connector came from.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from stockgate.ciplan import TABLE, Plan, has_table, load_plan
from stockgate.cli.common import require

DEFAULT_CONNECTOR = "reference"


def add_config(parser: argparse.ArgumentParser) -> None:
    """``--config FILE``: the pyproject.toml whose ``[tool.stockgate]`` gives the defaults."""
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help=f"a pyproject.toml whose [{TABLE}] gives this command's defaults (connector, profiles, "
                        "scenarios, scenario-dirs; for gate also fail-on, accepted and a single planned upgrade); "
                        "default: ./pyproject.toml when it has that table. A flag wins over the table")


def project_plan(config: Path | None) -> Plan | None:
    """The plan of ``--config FILE``, else of ./pyproject.toml when it has ``[tool.stockgate]``, else None."""
    if config is not None:
        return load_plan(config)
    local = Path("pyproject.toml")
    return load_plan(local) if has_table(local) else None


def apply(args: argparse.Namespace, *, gate: bool = False) -> str:
    """Fill what the command line left unset from the project's table; where the connector came from."""
    plan = project_plan(args.config)
    origin = "--connector" if args.connector is not None else "the default"
    if plan is not None:
        where = f"{plan.path} [{TABLE}]"
        if args.connector is None:
            args.connector, origin = plan.connector, where
        args.profile = args.profile or list(plan.profiles)
        args.scenario = args.scenario or list(plan.scenarios) or None
        args.scenarios = args.scenarios or [Path(folder) for folder in plan.scenario_dirs] or None
        if gate:
            _gate_defaults(args, plan)
    args.connector = args.connector or DEFAULT_CONNECTOR
    if gate and args.fail_on is None:
        args.fail_on = "breaking"
    return origin


def _gate_defaults(args: argparse.Namespace, plan: Plan) -> None:
    """fail-on, accepted, and the upgrade when the table plans exactly one and no --from/--to was given."""
    if args.fail_on is None:
        args.fail_on = plan.fail_on
    if args.accepted is None and plan.accepted:
        args.accepted = Path(plan.accepted)
    if args.before or args.after or not plan.planned:
        return
    ids = ", ".join(upgrade.id for upgrade in plan.upgrades)
    require(len(plan.upgrades) == 1, f"{plan.path} [{TABLE}] plans {len(plan.upgrades)} upgrades ({ids}): run one "
            "with `stockgate ci gate ID`, or give --from and --to")
    args.before, args.after = plan.upgrades[0].before, plan.upgrades[0].after
