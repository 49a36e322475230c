"""The gate's own mutants (issue 16 item 7): independent connectors, correct and one-defect, through ``stockgate gate``.

Each defect variant of the indie connector (tests/connectors/indie/, written without reading
stockgate's reference connector) is gated on the upgrade where it surfaces, on the scenarios that
name it: the verdict (blocks, or pre-existing that blocks only with --fail-on-pre-existing) and the
reason (the finding that names it, and nothing else blocking) are asserted. That a correct connector
is never blocked is checked here on one upgrade (python: on the whole catalog, command: on a subset);
every adjacent upgrade, for the reference and both indie forms on the whole catalog, is
``nox -s sweep`` (tests/mutants/sweep.py: several minutes per connector, so not in this suite).
"""

from __future__ import annotations

import pytest

from tests.connectors.indie.mutants import MUTANTS, NEWEST_FIVE, GateMutant, gate, judge, spec
from tests.connectors.indie.sync import DEFECTS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_every_defect_has_its_gate() -> None:
    """The table covers each defect of the issue's list once."""
    assert sorted(m.defect for m in MUTANTS) == sorted(DEFECTS)


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.defect for m in MUTANTS])
def test_python_variant_is_killed_for_its_reason(mutant: GateMutant) -> None:
    """The gate blocks the defect's upgrade (or carries it as pre-existing) with the finding that names it."""
    killed, reason = judge(mutant, "python")
    assert killed, reason


@pytest.mark.parametrize("mutant", [m for m in MUTANTS if m.defect in ("untrimmed-skus", "ignore-retry-after")],
                         ids=lambda m: m.defect)
def test_command_variant_is_killed_for_its_reason(mutant: GateMutant) -> None:
    """The same judgement through the command: adapter (a version-surfacing defect and a Retry-After one)."""
    killed, reason = judge(mutant, "command")
    assert killed, reason


def test_judge_can_fail() -> None:
    """Planted: the correct connector in a defect's place is not 'killed' (the judge is not a constant)."""
    mutant = next(m for m in MUTANTS if m.defect == "untrimmed-skus")
    correct = GateMutant("correct", mutant.before, mutant.after, mutant.scenarios, mutant.scenario, mutant.check,
                         mutant.state)
    killed, reason = judge(correct, "python")
    assert not killed and "no blocking new" in reason


def test_correct_command_connector_passes_the_newest_upgrade_subset() -> None:
    """The command: connector passes a gate on stock, orders, returns and Retry-After scenarios."""
    before, after = NEWEST_FIVE[0]
    result = gate(before, after, spec("correct", "command"),
                  ("upgrades/magento-sku-whitespace", "api-limits/lightspeed-429-http-date",
                   "returns/return-restocked-once", "reservations/web-order-counted-once"))
    assert result.passed, [f.line() for f in result.blocking]  # type: ignore[attr-defined]


def test_correct_python_connector_passes_the_newest_magento_upgrade() -> None:
    """The whole catalog on both sides, the connector's observed surface: nothing blocks (the rest: nox -s sweep)."""
    before, after = NEWEST_FIVE[2]
    result = gate(before, after, spec("correct", "python"))
    assert result.passed, [f.line() for f in result.blocking]  # type: ignore[attr-defined]


def test_correct_connector_not_blocked_for_a_sales_write_it_handles() -> None:
    """2.0 -> 2026-01 on one sales scenario: the connector switches method per version, as the profile says."""
    result = gate("magento@2.4.9,lightspeed@2.0", "magento@2.4.9,lightspeed@2026-01", spec("correct", "python"),
                  ("variants/child-web-order",))
    assert result.passed, [f.line() for f in result.blocking]  # type: ignore[attr-defined]
