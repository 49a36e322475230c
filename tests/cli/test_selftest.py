"""`stockgate selftest`: the thresholds exactly at their edges, the outcome, the next steps, bad input."""

from __future__ import annotations

import json

import pytest

from stockgate.cli import main
from stockgate.drift.selftest import assess


@pytest.mark.parametrize(("stores", "light"), [(1, "green"), (3, "green"), (4, "amber"), (5, "amber"),
                                                 (6, "warning"), (40, "warning")])
def test_stores(stores: int, light: str) -> None:
    assert assess(stores, 0, 0).dimensions[0].light == light


@pytest.mark.parametrize(("skus", "light"), [(0, "green"), (9_999, "green"), (10_000, "amber"), (20_000, "amber"),
                                               (20_001, "warning")])
def test_skus(skus: int, light: str) -> None:
    assert assess(1, skus, 0).dimensions[1].light == light


@pytest.mark.parametrize(("orders", "light"), [(999, "green"), (1_000, "amber"), (5_000, "amber"),
                                                 (5_001, "warning")])
def test_daily_orders(orders: int, light: str) -> None:
    assert assess(1, 0, orders).dimensions[2].light == light


def test_all_green_lists_the_four_mapping_checks_with_their_commands() -> None:
    result = assess(3, 9_999, 999)
    assert result.outcome == "green"
    assert [name for name, _ in result.next_steps] == [
        "reservations honoured", "per-location accuracy", "returns -> credit memo + restock",
        "upgrade resilience and retries under API limits"]
    assert all(command.startswith("stockgate ") for _, command in result.next_steps)


def test_any_flag_is_a_warning_and_the_drift_test_comes_first_prefilled() -> None:
    result = assess(2, 100, 10, ("loyalty",))
    assert result.outcome == "warning"
    assert "flag loyalty" in result.summary
    name, command = result.next_steps[0]
    assert "drift" in name
    assert command == "stockgate drift simulate --stores 2 --skus 100 --daily-orders 10 --days 7"


def test_amber_recommends_the_drift_test_after_the_checks() -> None:
    result = assess(4, 0, 0)
    assert result.outcome == "amber"
    assert "drift" in result.next_steps[-1][0]


def test_the_outcome_is_the_worst_light() -> None:
    assert assess(4, 25_000, 0).outcome == "warning"


def test_json_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["selftest", "--stores", "8", "--skus", "25,000", "--daily-orders", "6000", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["outcome"] == "warning"
    assert [d["value"] for d in report["dimensions"]] == [8, 25_000, 6_000]  # numbers for machines, not "25,000"
    assert [d["light"] for d in report["dimensions"]] == ["warning", "warning", "warning"]
    assert main(["selftest", "--stores", "2", "--skus", "10", "--daily-orders", "1", "--format", "md"]) == 0
    assert capsys.readouterr().out.startswith("**Self-test: 🟢 green**")


@pytest.mark.parametrize(("args", "message"), [
    (["--stores", "-1", "--skus", "1", "--daily-orders", "1"], "--stores -1: expected 1 to 100,000,000"),
    (["--stores", "100000001", "--skus", "1", "--daily-orders", "1"],
     "--stores 100,000,001: expected 1 to 100,000,000"),
    (["--stores", "1", "--skus", "-1", "--daily-orders", "1"], "--skus -1: expected 0 to 100,000,000"),
    (["--stores", "x", "--skus", "1", "--daily-orders", "1"], "--stores: 'x' is not a whole number"),
    (["--stores", "1", "--skus", "1", "--daily-orders", "1", "--flags", "erp,b2b"], "unknown flag b2b"),
    (["--stores", "0", "--skus", "1", "--daily-orders", "1"],
     "--stores 0: expected 1 to 100,000,000 (a merchant with no store has no POS to sync)"),
    (["--stores", "1", "--skus", "1"], "the following arguments are required: --daily-orders"),
])
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["selftest", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
