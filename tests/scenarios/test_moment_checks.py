"""Checks the absolute stock push cannot hide: the restock sampled at the moment of the credit memo, and
``then.requests.require`` (a request that must be made, carrying a field)."""

from __future__ import annotations

import asyncio
import dataclasses

from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.oracles import INVARIANTS
from stockgate.scenarios.runner import run_scenario

BY_ID = {s.id: s for s in discover()}
PAIR = Pair(magento="2.4.8", lightspeed="2026-07")
TWICE = "python:tests.mutants.adapters:RestocksTwice"
NO_RESTOCK = "python:tests.mutants.adapters:MemoWithoutRestock"


def test_a_double_restock_is_caught_at_the_memo_and_only_there() -> None:
    result = asyncio.run(run_scenario(BY_ID["returns/return-restocked-once"], PAIR, TWICE))
    # the end state agrees (the next push hid the double count): only the sample at the memo sees it
    assert [(f.check, f.subject, f.expected, f.actual) for f in result.findings] == [
        ("restocked-once", "MUG-WHT right after its credit memo", "at most 14", "16 at 360 s")]


def test_without_the_sample_the_double_restock_is_invisible() -> None:
    """The planted opposite: the same run without the restocked-once invariant passes."""
    scenario = BY_ID["returns/return-restocked-once"]
    blind = dataclasses.replace(scenario, invariants=tuple(n for n in INVARIANTS if n != "restocked-once"))
    assert asyncio.run(run_scenario(blind, PAIR, TWICE)).passed
    assert asyncio.run(run_scenario(scenario, PAIR)).passed


def test_a_memo_without_return_to_stock_items_is_named() -> None:
    result = asyncio.run(run_scenario(BY_ID["returns/credit-memo-returns-to-stock"], PAIR, NO_RESTOCK))
    assert [(f.check, f.expected, f.actual) for f in result.findings] == [
        ("then.requests", "every one (1)", "0 of 1")]
    assert "return_to_stock_items" in result.findings[0].subject


def test_a_required_request_never_made_is_a_finding() -> None:
    scenario = BY_ID["returns/credit-memo-returns-to-stock"]
    rule = {"platform": "magento", "operation": "POST /V1/order/{orderId}/refund", "count": 2}
    twice = dataclasses.replace(scenario, then={**scenario.then, "requests": {"require": [rule]}})
    result = asyncio.run(run_scenario(twice, PAIR))
    assert [(f.check, f.expected, f.actual) for f in result.findings] == [("then.requests", "at least 2", "1")]


def test_a_required_operation_no_platform_serves_is_a_finding() -> None:
    scenario = BY_ID["returns/credit-memo-returns-to-stock"]
    typo = dataclasses.replace(scenario, then={**scenario.then, "requests": {"require": [
        {"platform": "magento", "operation": "POST /V1/orders/{orderId}/refund"}]}})
    result = asyncio.run(run_scenario(typo, PAIR))
    assert any(f.actual.startswith("unknown: this check could never fail") for f in result.findings)
