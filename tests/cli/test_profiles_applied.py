"""``--profile`` is repeatable and applied in full: every Magento profile, and a scenario's own added to them."""

from __future__ import annotations

import dataclasses

import pytest

from stockgate.cli import main
from stockgate.cli.scenarios_run import pairs_for
from stockgate.contracts import load_contract
from stockgate.errors import UsageError
from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.runner import pair_for

BY_ID = {s.id: s for s in discover()}


def _facts(pair: Pair) -> tuple[bool, bool]:
    profile = load_contract(f"magento@{pair.magento}").profile(pair.magento_profile)
    return bool(profile.value("input_limits.enabled")), bool(profile.value("refunds.auto_return"))


def test_every_magento_profile_on_the_command_line_is_applied() -> None:
    (pair,) = pairs_for(["2.4.8"], ["2026-07"], ["input-limits-on", "auto-return-on", "registers-3"])
    assert _facts(pair) == (True, True)
    assert pair.lightspeed_profile == "registers-3"
    (one,) = pairs_for(["2.4.8"], ["2026-07"], ["auto-return-on"])
    assert _facts(one) == (False, True)  # the planted opposite: one profile leaves the other fact alone


def test_a_scenario_profile_adds_to_the_command_line() -> None:
    scenario = BY_ID["api-limits/magento-input-limits-on"]  # given: {magento_profile: input-limits-on}
    (cli,) = pairs_for(["2.4.8"], ["2026-07"], ["auto-return-on"])
    assert _facts(pair_for(scenario, cli)) == (True, True)
    plain = dataclasses.replace(scenario, given={k: v for k, v in scenario.given.items() if k != "magento_profile"})
    assert _facts(pair_for(plain, cli)) == (False, True)


def test_a_profile_named_twice_is_applied_once() -> None:
    scenario = BY_ID["api-limits/magento-input-limits-on"]
    (cli,) = pairs_for(["2.4.8"], ["2026-07"], ["input-limits-on"])
    assert pair_for(scenario, cli).magento_profile == "input-limits-on"


def test_combined_profiles_read_back_from_the_pair_text() -> None:
    (pair,) = pairs_for(["2.4.8"], ["2026-07"], ["input-limits-on", "auto-return-on", "registers-3"])
    assert str(pair) == "magento@2.4.8-lightspeed@2026-07+input-limits-on+auto-return-on+registers-3"
    assert Pair.parse(str(pair)) == pair


def test_two_lightspeed_configurations_are_refused() -> None:
    with pytest.raises(UsageError, match=r"registers-3 and registers-5"):
        pairs_for(["2.4.8"], ["2026-07"], ["registers-3", "registers-5"])


def test_an_unknown_profile_among_several_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--profile", "input-limits-on", "--profile", "input-limit-on",
                 "--scenario", "reservations/cancel-releases"]) == 2
    err = capsys.readouterr().err
    assert "input-limit-on" in err and "input-limits-on" in err and "Traceback" not in err
