"""The upgrade plan of a connector repository: ``[tool.stockgate]`` in its ``pyproject.toml``.

The CI templates under ``ci/`` (printed by ``stockgate ci template``) are copied unchanged into a
connector's repository; everything that differs between repositories lives in one table::

    [tool.stockgate]
    connector = "python:my_connector.sync:Connector"   # required: what `stockgate gate --connector` takes
    profiles = ["input-limits-on"]                      # optional, on both sides of every upgrade
    scenarios = ["returns/*"]                           # optional scenario id globs (default: all)
    scenario-dirs = ["tests/scenarios"]                 # optional extra scenario folders
    fail-on = "breaking"                                # optional: breaking (default) or risky
    accepted = "stockgate-accepted.yaml"                # optional accepted changes

    [[tool.stockgate.upgrades]]                         # optional: default, the newest upgrade of each platform
    from = "magento@2.4.8,lightspeed@2026-07"
    to = "magento@2.4.9,lightspeed@2026-07"
    id = "magento-2.4.9"                                # optional: default, derived from the versions

``stockgate ci plan`` turns it into one gate per upgrade (a GitHub matrix or a GitLab child
pipeline); ``stockgate ci gate ID`` runs one of them as ``stockgate gate`` would.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stockgate.errors import DataError

TABLE = "tool.stockgate"
KEYS = ("connector", "profiles", "scenarios", "scenario-dirs", "fail-on", "accepted", "upgrades")
UPGRADE_KEYS = ("from", "to", "id")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$")


@dataclass(frozen=True, slots=True)
class Upgrade:
    """One gate: ``stockgate gate --from before --to after``."""

    id: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything ``[tool.stockgate]`` says, checked."""

    path: Path
    connector: str
    profiles: tuple[str, ...]
    scenarios: tuple[str, ...]
    scenario_dirs: tuple[str, ...]
    fail_on: str
    accepted: str | None
    upgrades: tuple[Upgrade, ...]
    planned: bool = False  # the upgrades were listed in the table (not the default ones)

    def upgrade(self, upgrade_id: str) -> Upgrade:
        """The upgrade called ``upgrade_id``, or one clear error listing the plan's ids."""
        for upgrade in self.upgrades:
            if upgrade.id == upgrade_id:
                return upgrade
        raise DataError(f"no upgrade '{upgrade_id}' in the plan", where=str(self.path), key=f"{TABLE}.upgrades",
                        expected=", ".join(u.id for u in self.upgrades), actual=upgrade_id,
                        hint="run `stockgate ci plan` to list the ids")

    def gate_args(self, upgrade: Upgrade, report_dir: str) -> list[str]:
        """The ``stockgate gate`` command line of one upgrade."""
        args = ["gate", "--from", upgrade.before, "--to", upgrade.after, "--connector", self.connector,
                "--report-dir", report_dir, "--fail-on", self.fail_on]
        for profile in self.profiles:
            args += ["--profile", profile]
        for pattern in self.scenarios:
            args += ["--scenario", pattern]
        for folder in self.scenario_dirs:
            args += ["--scenario-dir", folder]
        if self.accepted:
            args += ["--accepted", self.accepted]
        return args


def load_plan(path: Path) -> Plan:
    """Read and check ``[tool.stockgate]`` of ``path`` (a pyproject.toml); DataError (exit 2) on any fault."""
    where = str(path)
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError("no such file", where=where, hint="run it in your connector's repository, or pass "
                        "--config PATH/pyproject.toml") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot be read ({exc.__class__.__name__})", where=where) from None
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"not valid TOML: {exc}", where=where) from None
    table = document.get("tool", {}).get("stockgate") if isinstance(document.get("tool"), dict) else None
    if not isinstance(table, dict):
        raise DataError("no [tool.stockgate] table", where=where, key=TABLE,
                        expected='a table with at least connector = "python:package.module:Class" or '
                                 'command:"…"', hint="see `stockgate ci --help` for the keys")
    for key in table:
        if key not in KEYS:
            raise DataError("unknown key", where=where, key=f"{TABLE}.{key}", expected=", ".join(KEYS),
                            actual=key)
    connector = _text(table, "connector", where, required=True)
    _check_connector(connector, where)
    fail_on = _text(table, "fail-on", where) or "breaking"
    if fail_on not in ("breaking", "risky"):
        raise DataError("unknown severity", where=where, key=f"{TABLE}.fail-on", expected="breaking or risky",
                        actual=fail_on)
    upgrades = _upgrades(table.get("upgrades"), where)
    return Plan(path=path, connector=connector, profiles=_texts(table, "profiles", where),
                scenarios=_texts(table, "scenarios", where), scenario_dirs=_texts(table, "scenario-dirs", where),
                fail_on=fail_on, accepted=_text(table, "accepted", where), upgrades=upgrades,
                planned=table.get("upgrades") is not None)


def has_table(path: Path) -> bool:
    """Whether ``path`` is a file with a ``[tool.stockgate]`` table, or one :func:`load_plan` must refuse (not TOML).

    ``stockgate run`` and ``gate`` take their defaults from it; a pyproject.toml without the table is not theirs.
    """
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True
    tool = document.get("tool")
    return isinstance(tool, dict) and "stockgate" in tool


def _text(table: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = table.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise DataError("missing or empty" if value is None else "not a non-empty string", where=where,
                        key=f"{TABLE}.{key}", expected="a non-empty string",
                        actual="nothing" if value is None else repr(value)[:80])
    return value.strip()


def _texts(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataError("not a list of non-empty strings", where=where, key=f"{TABLE}.{key}",
                        expected='e.g. ["a", "b"]', actual=repr(value)[:80])
    return tuple(v.strip() for v in value)


def _check_connector(spec: str, where: str) -> None:
    if spec == "reference" or spec.startswith(("python:", "command:")):
        return
    raise DataError("not a connector spec", where=where, key=f"{TABLE}.connector",
                    expected='reference, python:package.module:Class or command:"…"', actual=spec[:80])


def _upgrades(value: Any, where: str) -> tuple[Upgrade, ...]:
    if value is None:
        return default_upgrades()
    if not isinstance(value, list) or not value:
        raise DataError("not a non-empty array of tables", where=where, key=f"{TABLE}.upgrades",
                        expected='[[tool.stockgate.upgrades]] tables with from and to', actual=repr(value)[:80])
    upgrades: list[Upgrade] = []
    for index, entry in enumerate(value):
        key = f"{TABLE}.upgrades[{index}]"
        if not isinstance(entry, dict):
            raise DataError("not a table", where=where, key=key, expected="from = …, to = …",
                            actual=repr(entry)[:80])
        for name in entry:
            if name not in UPGRADE_KEYS:
                raise DataError("unknown key", where=where, key=f"{key}.{name}", expected=", ".join(UPGRADE_KEYS),
                                actual=name)
        before = _side(entry.get("from"), where, f"{key}.from")
        after = _side(entry.get("to"), where, f"{key}.to")
        if before == after:
            raise DataError("from and to are the same versions", where=where, key=key,
                            expected="an upgrade of at least one platform", actual=_render(before))
        upgrade_id = entry.get("id", _derived_id(before, after))
        if not isinstance(upgrade_id, str) or not _ID.match(upgrade_id):
            raise DataError("not a usable id", where=where, key=f"{key}.id",
                            expected="letters, digits, '.', '_', '+' or '-' (it names a CI job and a folder)",
                            actual=repr(upgrade_id)[:80])
        if any(u.id == upgrade_id for u in upgrades):
            raise DataError("two upgrades share an id", where=where, key=f"{key}.id",
                            expected="a different id per upgrade", actual=upgrade_id)
        upgrades.append(Upgrade(upgrade_id, _render(before), _render(after)))
    return tuple(upgrades)


def _side(value: Any, where: str, key: str) -> dict[str, str]:
    """``magento@2.4.8,lightspeed@2026-07`` → {platform: version}, each version known to stockgate."""
    from stockgate.contracts import load_index

    example = "magento@2.4.8,lightspeed@2026-07"
    if not isinstance(value, str):
        raise DataError("missing or not a string", where=where, key=key, expected=example,
                        actual="nothing" if value is None else repr(value)[:80])
    known = {(e.ref.platform.value, e.ref.version) for e in load_index().entries}
    side: dict[str, str] = {}
    for part in (p.strip() for p in value.split(",")):
        platform, _, version = part.partition("@")
        if (platform, version) not in known:
            choices = sorted(f"{p}@{v}" for p, v in known if p == platform) or ["magento@V", "lightspeed@V"]
            raise DataError("not a supported version", where=where, key=key, expected=", ".join(choices),
                            actual=part[:80])
        side[platform] = version
    if set(side) != {"magento", "lightspeed"}:
        raise DataError("expected one Magento and one Lightspeed version", where=where, key=key,
                        expected=example, actual=value[:80])
    return side


def _render(side: Mapping[str, str]) -> str:
    return f"magento@{side['magento']},lightspeed@{side['lightspeed']}"


def _derived_id(before: Mapping[str, str], after: Mapping[str, str]) -> str:
    """``magento-2.4.8-to-2.4.9``, with ``+lightspeed-…`` when both platforms move."""
    parts = [f"{p}-{before[p]}-to-{after[p]}" for p in ("magento", "lightspeed") if before[p] != after[p]]
    return "+".join(parts)


def default_upgrades() -> tuple[Upgrade, ...]:
    """The newest upgrade of each platform, the other platform held at its newest version."""
    from stockgate.contracts import load_index
    from stockgate.scenarios.model import version_key

    versions: dict[str, list[str]] = {"magento": [], "lightspeed": []}
    for entry in load_index().entries:
        versions[entry.ref.platform.value].append(entry.ref.version)
    newest = {p: sorted(v, key=functools.partial(version_key, p)) for p, v in versions.items()}
    upgrades = []
    for platform in ("magento", "lightspeed"):
        if len(newest[platform]) < 2:
            continue
        before = {p: newest[p][-1] for p in newest}
        before[platform] = newest[platform][-2]
        after = {p: newest[p][-1] for p in newest}
        upgrades.append(Upgrade(_derived_id(before, after), _render(before), _render(after)))
    return tuple(upgrades)
