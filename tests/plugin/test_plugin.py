"""The pytest plugin as users see it (pytester): parametrized scenarios, numbered findings, fixtures."""

from __future__ import annotations

import pytest

# Subprocess runs: as users run pytest, and no module state shared with this session (pytester's in-process
# runs re-import modules such as yaml between runs, which mixes class generations).

SCENARIO_TEST = """
from stockgate.pytest_plugin import assert_passed

def test_scenarios(stockgate_result):
    assert_passed(stockgate_result)
"""


def test_one_test_per_scenario_and_pair_with_readable_ids(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SCENARIO_TEST)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--stockgate-magento", "2.4.8", "--stockgate-lightspeed", "2026-07",
        "--stockgate-scenario", "per-location/s*", "--stockgate-scenario", "reservations/cancel-*", "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines([
        "*test_scenarios?per-location/sale-moves-only-its-source?magento@2.4.8-lightspeed@2026-07?? PASSED*",
        "*test_scenarios?reservations/cancel-releases?magento@2.4.8-lightspeed@2026-07?? PASSED*"])


def test_a_failing_connector_reads_as_numbered_findings(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(mutant="""
from stockgate.adapters import ReferenceAdapter

class NoReturns(ReferenceAdapter):
    async def configure(self, env):
        await super().configure(env)
        async def nothing(_c):
            return None
        self.connector.flows["returns"] = nothing
""")
    pytester.makepyfile(SCENARIO_TEST)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--stockgate-magento", "2.4.8", "--stockgate-lightspeed", "2026-07",
        "--stockgate-scenario", "returns/web-return-one-credit-memo",
        "--stockgate-connector", "python:mutant:NoReturns")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*returns/web-return-one-credit-memo on magento@2.4.8-lightspeed@2026-07 failed*",
                                 "*1. ?????????????? exactly-once credit memos of order 000000001*"])


def test_fixtures_and_pair_marker(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("""
import asyncio
import pytest

@pytest.mark.stockgate_pair(magento="2.4.7", lightspeed="2026-04")
def test_twins(magento_twin, lightspeed_twin, connector, clock):
    assert str(magento_twin.twin.contract.ref) == "magento@2.4.7"
    assert lightspeed_twin.twin.release.ref.version == "2026-04"
    asyncio.run(connector.tick())
    assert clock.elapsed >= 0
""")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_markers_and_options_are_documented(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--markers")
    result.stdout.fnmatch_lines(["*@pytest.mark.stockgate:*", "*@pytest.mark.stockgate_pair(magento, lightspeed)*"])
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*stockgate: connector scenarios on platform twins*", "*--stockgate-magento*"])
