"""The pytest plugin as users see it (pytester): parametrized scenarios, numbered findings, fixtures, settings."""

from __future__ import annotations

import pytest

# Subprocess runs: as users run pytest, and no module state shared with this session (pytester's in-process
# runs re-import modules such as yaml between runs, which mixes class generations).

SCENARIO_TEST = """
from stockgate.pytest_plugin import assert_passed

def test_scenarios(stockgate_result):
    assert_passed(stockgate_result)
"""
PAIR = ("--stockgate-magento", "2.4.8", "--stockgate-lightspeed", "2026-07")
NO_RETURNS = """
from stockgate.adapters import ReferenceAdapter

class NoReturns(ReferenceAdapter):
    async def configure(self, env):
        await super().configure(env)
        async def nothing(_c):
            return None
        self.connector.flows["returns"] = nothing
"""


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


def test_one_test_per_scenario_and_pair_with_ids_k_can_select(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SCENARIO_TEST)
    result = _run(pytester, *PAIR, "--stockgate-scenario", "per-location/s*",
                  "--stockgate-scenario", "reservations/cancel-*", "-v", "-k", "cancel and lightspeed-2026-07")
    result.assert_outcomes(passed=1, deselected=1)
    result.stdout.fnmatch_lines([
        "*test_scenarios?reservations/cancel-releases?magento-2.4.8-lightspeed-2026-07?? PASSED*"])


def test_a_failing_connector_names_the_scenario_file_and_numbers_its_findings(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(mutant=NO_RETURNS)
    pytester.makepyfile(SCENARIO_TEST)
    result = _run(pytester, *PAIR, "--stockgate-scenario", "returns/web-return-one-credit-memo",
                  "--stockgate-connector", "python:mutant:NoReturns")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*returns/web-return-one-credit-memo on magento@2.4.8-lightspeed@2026-07 failed*",
        "*scenario: *returns/web-return-one-credit-memo.yaml:1[0-9]*",
        "*1. ?????????????? exactly-once credit memos of order 000000001*",
        "*Captured stockgate connector output call*"])
    assert "def assert_passed" not in result.stdout.str()  # __tracebackhide__: the plugin's own code is not shown


IDLE = """
from stockgate.adapters import TickResult

class Idle:
    async def configure(self, env):
        pass
    async def tick(self):
        return TickResult(ok=True)
    async def close(self):
        pass
"""


def test_a_reported_check_a_connector_cannot_be_held_to_is_listed_not_silently_passed(
        pytester: pytest.Pytester) -> None:
    pytester.makepyfile(idle=IDLE)
    pytester.makepyfile(SCENARIO_TEST)
    result = _run(pytester, *PAIR, "--stockgate-scenario", "per-location/unmapped-outlet-reported",
                  "--stockgate-connector", "python:idle:Idle")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*stockgate: not checked*",
                                 "then.reported unmapped-outlet: not checked: the connector does not declare*(1 test)"])


def test_the_connector_fixture_is_the_connector_under_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(mutant=NO_RETURNS)
    pytester.makepyfile("""
import asyncio

def test_it(stockgate_connector, stockgate_magento):
    assert type(stockgate_connector.inner).__name__ == "NoReturns"
    asyncio.run(stockgate_connector.tick())
    assert len(stockgate_magento.twin.journal) > 0
""")
    _run(pytester, "--stockgate-connector", "python:mutant:NoReturns").assert_outcomes(passed=1)


def test_a_projects_own_clock_fixture_leaves_the_twins_alone(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
import asyncio
import pytest

@pytest.fixture
def clock():
    return "my own clock"

@pytest.mark.stockgate_pair(magento="2.4.7", lightspeed="2026-04")
def test_twins(clock, stockgate_magento, stockgate_lightspeed, stockgate_connector, stockgate_clock):
    assert clock == "my own clock"
    assert str(stockgate_magento.twin.contract.ref) == "magento@2.4.7"
    assert stockgate_lightspeed.twin.release.ref.version == "2026-04"
    asyncio.run(stockgate_connector.tick())
    assert stockgate_clock.elapsed >= 0
""")
    _run(pytester).assert_outcomes(passed=1)


def test_settings_come_from_the_ini_file_and_profiles_show_in_ids(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml("""
[tool.pytest.ini_options]
stockgate_magento = ["2.4.8"]
stockgate_lightspeed = ["2026-07"]
stockgate_profiles = ["input-limits-on"]
stockgate_scenarios = ["reservations/cancel-releases"]
""")
    pytester.makepyfile(SCENARIO_TEST)
    result = _run(pytester, "-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*cancel-releases?magento-2.4.8-lightspeed-2026-07+input-limits-on?? PASSED*"])


def test_the_command_line_wins_over_the_ini_file(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml('[tool.pytest.ini_options]\nstockgate_scenarios = ["no-such/scenario"]\n')
    pytester.makepyfile(SCENARIO_TEST)
    _run(pytester, *PAIR, "--stockgate-scenario", "reservations/cancel-releases").assert_outcomes(passed=1)


@pytest.mark.parametrize(("args", "message"), [
    (("--stockgate-scenario", "retruns/*"), "*stockgate: *no scenario to run: retruns/* on magento-2.4.9*"),
    (("--stockgate-magento", "9.9.9"), "*stockgate: *magento@9.9.9*"),
    (("--stockgate-profile", "no-such-profile"), "*stockgate: *no-such-profile*"),
    (("--stockgate-mode", "record"), "*stockgate: --stockgate-mode record: expected live or replay*"),
    (("--stockgate-connector", "java:Mine"), "*stockgate: --connector java:Mine: expected reference*"),
])
def test_a_bad_setting_is_one_usage_error(pytester: pytest.Pytester, args: tuple[str, ...], message: str) -> None:
    pytester.makepyfile(SCENARIO_TEST)
    result = _run(pytester, *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    assert "Traceback" not in result.stderr.str() + result.stdout.str()
    assert result.stderr.str().count("ERROR:") == 1


def test_a_half_given_pair_marker_is_one_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
import pytest
from stockgate.pytest_plugin import assert_passed

@pytest.mark.stockgate_pair(magento="2.4.8")
def test_scenarios(stockgate_result):
    assert_passed(stockgate_result)
""")
    result = _run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(['*stockgate_pair(magento=\'2.4.8\'): expected both magento="2.4.8" and lightspeed*'])


def test_replay_mode_replays_the_shipped_cassettes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SCENARIO_TEST)
    result = _run(pytester, "--stockgate-magento", "2.4.9", "--stockgate-lightspeed", "2026-10",
                  "--stockgate-mode", "replay", "--stockgate-scenario", "reservations/cancel-releases")
    result.assert_outcomes(passed=1)


def test_markers_options_and_ini_keys_are_documented(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--markers")
    result.stdout.fnmatch_lines(["*@pytest.mark.stockgate:*", "*@pytest.mark.stockgate_pair(magento, lightspeed)*"])
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*stockgate: connector scenarios on platform twins*", "*--stockgate-magento*",
                                 "*--stockgate-profile*", "*--stockgate-mode*", "*stockgate_connector (string)*"])
