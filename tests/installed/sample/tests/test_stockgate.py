"""stockgate's scenarios as this repository's tests: one per scenario and version pair."""

from stockgate.pytest_plugin import assert_passed


def test_scenarios(stockgate_result):
    assert_passed(stockgate_result)
