"""The stockgate pytest plugin (entry point ``pytest11``): scenarios as tests, twins as fixtures.

A test that asks for ``stockgate_result`` is run once per scenario x version pair, with ids that
``-k`` can select (``returns/web-return-one-credit-memo[magento-2.4.8-lightspeed-2026-07]``, a profile
after ``+``); ``assert_passed`` turns a result into one assertion naming the scenario file and
numbering the findings, and the connector's own output is a report section. Fixtures for your own
tests are prefixed: ``stockgate_clock``, ``stockgate_magento``, ``stockgate_lightspeed`` (in-process
twins) and ``stockgate_connector`` (the connector under test, configured against them). Cheap to
import: everything heavy is imported inside fixtures and hooks that need it.

Settings (options, or the same names in ``[tool.pytest.ini_options]``; see :mod:`.settings`):
``stockgate_magento``, ``stockgate_lightspeed``, ``stockgate_connector``, ``stockgate_profiles``,
``stockgate_scenarios``, ``stockgate_scenario_dirs``, ``stockgate_mode`` (live or replay),
``stockgate_cassettes``. Markers: ``stockgate`` (set on every scenario test) and
``stockgate_pair(magento=..., lightspeed=...)`` (pin the pair of one test).
"""

from __future__ import annotations

from typing import Any

import pytest

from stockgate.pytest_plugin.fixtures import (
    SOURCES,
    stockgate_case,
    stockgate_clock,
    stockgate_connector,
    stockgate_lightspeed,
    stockgate_magento,
    stockgate_result,
)
from stockgate.pytest_plugin.settings import Settings, add_options, pair_of_marker, resolve

__all__ = ["assert_passed", "stockgate_case", "stockgate_clock", "stockgate_connector", "stockgate_lightspeed",
           "stockgate_magento", "stockgate_result"]

SETTINGS = pytest.StashKey[Settings]()
PROBLEMS = pytest.StashKey[list[str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """The "stockgate" option group and ini keys."""
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers; resolve and check the settings (one usage error, before collection)."""
    config.addinivalue_line("markers", "stockgate: a stockgate scenario run (set by the plugin)")
    config.addinivalue_line("markers", "stockgate_pair(magento, lightspeed): the version pair for this test's "
                                       "twins and scenarios")
    config.stash[SETTINGS] = resolve(config)
    config.stash[PROBLEMS] = []


def settings_of(config: pytest.Config) -> Settings:
    """The resolved settings (resolved again when the plugin was loaded late)."""
    if SETTINGS not in config.stash:
        config.stash[SETTINGS] = resolve(config)
    return config.stash[SETTINGS]


def pairs_of(config: pytest.Config, marker: pytest.Mark | None) -> list[Any]:
    """The pairs a test runs on: its marker's, else the settings' (default: the newest pair)."""
    settings = settings_of(config)
    if marker is not None:
        return [pair_of_marker(marker, settings)]
    return settings.pairs()


def pair_id(pair: Any) -> str:
    """``magento-2.4.8-lightspeed-2026-07`` (+ profiles): an id ``-k`` can select (it cannot take ``@``)."""
    return str(pair).replace("@", "-")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per applicable scenario x pair for tests that ask for ``stockgate_case``/``stockgate_result``."""
    if not {"stockgate_case", "stockgate_result"} & set(metafunc.fixturenames):
        return
    from stockgate.errors import StockgateError
    from stockgate.scenarios.loader import discover

    config = metafunc.config
    settings = settings_of(config)
    where = metafunc.definition.nodeid
    try:
        scenarios = discover(list(settings.scenario_dirs) or None, list(settings.scenarios) or None)
        pairs = pairs_of(config, metafunc.definition.get_closest_marker("stockgate_pair"))
    except (StockgateError, ValueError) as exc:
        config.stash[PROBLEMS].append(f"{where}: {exc}")
        metafunc.parametrize("stockgate_case", [None], ids=["not-collected"], indirect=True)
        return
    cases = [(s, p) for p in pairs for s in scenarios if s.applies(p)]
    if not cases:
        asked = ", ".join(settings.scenarios) or "the whole catalog"
        config.stash[PROBLEMS].append(
            f"{where}: no scenario to run: {asked} on {', '.join(pair_id(p) for p in pairs)} selects none "
            f"(`stockgate run --help`; scenario ids look like returns/web-return-one-credit-memo)")
    metafunc.parametrize("stockgate_case", [pytest.param(c, marks=pytest.mark.stockgate) for c in cases],
                         ids=[f"{s.id}[{pair_id(p)}]" for s, p in cases], indirect=True)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config) -> None:
    """Every selection problem found while collecting, as one usage error (exit 4) before any test runs."""
    problems = config.stash.get(PROBLEMS, [])
    if problems:
        raise pytest.UsageError("stockgate: " + "; ".join(dict.fromkeys(problems)))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Checks that scenario tests asked for and could not make, each once with how many tests it concerns."""
    notes: dict[str, int] = {}
    for key in ("passed", "failed"):
        for report in terminalreporter.stats.get(key, []):
            for name, note in getattr(report, "user_properties", ()):
                if name == "stockgate_unchecked":
                    notes[note] = notes.get(note, 0) + 1
    if notes:
        terminalreporter.section("stockgate: not checked (a passing test says nothing about these)")
        for note, count in notes.items():
            terminalreporter.line(f"{note} ({count} test{'s' if count > 1 else ''})")


def assert_passed(result: Any) -> None:
    """One assertion for a scenario result: the scenario file, the error, the findings numbered."""
    __tracebackhide__ = True
    if result.passed:
        return
    where = SOURCES.get(result.scenario, result.scenario)
    lines = [f"{result.scenario} on {result.pair} {result.status}: {result.title}", f"  scenario: {where}"]
    if result.error:
        lines.append(f"  error: {result.error}")
    lines += [f"  {n}. {finding.line()}" for n, finding in enumerate(result.findings, start=1)]
    if result.connector_output:
        lines.append("  (the connector's output is in the 'stockgate connector output' section below)")
    pytest.fail("\n".join(lines), pytrace=False)
