"""The plugin's settings: command-line options over ``[tool.pytest.ini_options]``, checked once, up front.

Every setting has an option and an ini key of the same name (``--stockgate-magento`` /
``stockgate_magento``); an option given on the command line wins. A bad value is one
``pytest.UsageError`` (exit 4) before any test is collected, never an error per test.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

MODES = ("live", "replay")
# (option, ini name, ini type, help) — options are repeatable where the ini type is a list
SETTINGS = (
    ("--stockgate-magento", "stockgate_magento", "linelist",
     "Magento version(s) to run scenarios on (default: the newest supported)"),
    ("--stockgate-lightspeed", "stockgate_lightspeed", "linelist",
     "Lightspeed version(s) to run scenarios on (default: the newest supported)"),
    ("--stockgate-connector", "stockgate_connector", "string",
     'connector under test: reference (default), python:package.module:Class or command:"..."'),
    ("--stockgate-profile", "stockgate_profiles", "linelist",
     "merchant profile(s) on every pair, e.g. input-limits-on (repeatable; profiles combine)"),
    ("--stockgate-scenario", "stockgate_scenarios", "linelist",
     "scenario ids to run, as globs, e.g. 'returns/*' (default: all)"),
    ("--stockgate-scenario-dir", "stockgate_scenario_dirs", "linelist",
     "scenario folders, relative to the rootdir in the ini file (default: the shipped catalog)"),
    ("--stockgate-mode", "stockgate_mode", "string",
     "live (default: scenarios on in-process twins) or replay (against recorded cassettes)"),
    ("--stockgate-cassettes", "stockgate_cassettes", "string",
     "cassette folder for --stockgate-mode replay (default: the shipped cassettes)"),
)


@dataclass(frozen=True, slots=True)
class Settings:
    """What the plugin runs, resolved and checked."""

    magento: tuple[str, ...]
    lightspeed: tuple[str, ...]
    connector: str
    profiles: tuple[str, ...]
    scenarios: tuple[str, ...]
    scenario_dirs: tuple[Path, ...]
    mode: str
    cassettes: Path | None

    def pairs(self) -> list[Any]:
        """Every pair asked for, with the profiles (versions and profiles were checked already)."""
        from stockgate.cli.scenarios_run import pairs_for

        return list(pairs_for(list(self.magento), list(self.lightspeed), list(self.profiles)))


def add_options(parser: pytest.Parser) -> None:
    """The "stockgate" option group and its ini keys."""
    group = parser.getgroup("stockgate", "stockgate: connector scenarios on platform twins")
    for option, ini, kind, text in SETTINGS:
        names = [option, "--stockgate-scenarios"] if option == "--stockgate-scenario-dir" else [option]
        if kind == "linelist":
            group.addoption(*names, dest=ini, action="append", default=None, metavar="VALUE", help=text)
            parser.addini(ini, text, type="linelist", default=[])
        else:
            group.addoption(*names, dest=ini, default=None, metavar="VALUE", help=text)
            parser.addini(ini, text, type="string", default="")


def _value(config: pytest.Config, ini: str) -> Any:
    given = config.getoption(ini)
    return given if given is not None else config.getini(ini)


def resolve(config: pytest.Config) -> Settings:
    """Options over ini values, each checked; pytest.UsageError naming the option and the choices."""
    from stockgate.errors import StockgateError

    try:
        settings = _resolve(config)
        if settings.magento or settings.lightspeed or settings.profiles:
            settings.pairs()  # unknown versions and profiles fail here, with the known ones listed
        if settings.connector != "reference":
            from stockgate.adapters import adapter_for

            adapter_for(settings.connector)
    except StockgateError as exc:
        raise pytest.UsageError(f"stockgate: {exc}") from None
    return settings


def _resolve(config: pytest.Config) -> Settings:
    root = config.rootpath
    mode = str(_value(config, "stockgate_mode") or "live")
    if mode not in MODES:
        raise pytest.UsageError(f"stockgate: --stockgate-mode {mode}: expected live or replay")
    dirs = tuple(Path(d) if Path(d).is_absolute() else root / d for d in _value(config, "stockgate_scenario_dirs"))
    for folder in dirs:
        if not folder.is_dir():
            raise pytest.UsageError(f"stockgate: --stockgate-scenario-dir {folder}: not a folder")
    cassettes = str(_value(config, "stockgate_cassettes") or "")
    return Settings(magento=tuple(_value(config, "stockgate_magento")),
                    lightspeed=tuple(_value(config, "stockgate_lightspeed")),
                    connector=str(_value(config, "stockgate_connector") or "reference"),
                    profiles=tuple(_value(config, "stockgate_profiles")),
                    scenarios=tuple(_value(config, "stockgate_scenarios")), scenario_dirs=dirs, mode=mode,
                    cassettes=(Path(cassettes) if Path(cassettes).is_absolute() else root / cassettes)
                    if cassettes else None)


def pair_of_marker(marker: pytest.Mark, settings: Settings) -> Any:
    """The pair ``@pytest.mark.stockgate_pair(magento=..., lightspeed=...)`` pins, with the profiles asked for."""
    from stockgate.cli.scenarios_run import pairs_for
    from stockgate.errors import StockgateError

    unknown = set(marker.kwargs) - {"magento", "lightspeed"}
    if marker.args or unknown or set(marker.kwargs) != {"magento", "lightspeed"}:
        given = ", ".join([*map(repr, marker.args), *(f"{k}={v!r}" for k, v in marker.kwargs.items())])
        raise ValueError(f"@pytest.mark.stockgate_pair({given}): expected both magento=\"2.4.8\" and "
                         f"lightspeed=\"2026-07\" (keywords only)")
    try:
        (pair,) = pairs_for([str(marker.kwargs["magento"])], [str(marker.kwargs["lightspeed"])],
                            list(settings.profiles))
    except StockgateError as exc:
        raise ValueError(f"@pytest.mark.stockgate_pair: {exc}") from None
    return pair
