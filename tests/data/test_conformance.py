"""The profile-declared deviations the conformance check applies, each one shown to matter."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from stockgate.contracts import Profile, load_contract
from stockgate.contracts.conformance import response_problems

CONTRACT = load_contract("magento@2.4.8")
BASE = "http://m/rest/default/V1"


def without(fact: str) -> Profile:
    profile = CONTRACT.profile()
    return dataclasses.replace(profile, facts={k: v for k, v in profile.facts.items() if k != fact})


def check(profile: Profile, method: str, path: str, status: int, body: Any) -> list[str]:
    return response_problems(CONTRACT, profile, method=method, url=BASE + path, status=status, body=body)


CASES = [
    ("ids.numeric_strings", "POST", "/order/1/ship", 200, "5"),
    ("errors.void_answer", "POST", "/inventory/source-items", 200, []),
    ("errors.body", "POST", "/inventory/source-items", 400,
     {"message": "Maximum items of type \"%type\" is %max", "parameters": {"type": "X", "max": 20}}),
]


@pytest.mark.parametrize(("fact", "method", "path", "status", "body"), CASES, ids=[c[0] for c in CASES])
def test_declared_deviation_is_accepted_and_needed(fact: str, method: str, path: str, status: int, body: Any) -> None:
    assert check(CONTRACT.profile(), method, path, status, body) == []
    assert check(without(fact), method, path, status, body) != []


def test_required_nulls_are_accepted_only_where_declared() -> None:
    product = {"sku": "X", "extension_attributes": {"stock_item": {
        "qty": 1, "is_in_stock": True, "is_qty_decimal": False, "show_default_notification_message": False,
        "use_config_min_qty": True, "min_qty": 0, "use_config_min_sale_qty": 1, "min_sale_qty": 1,
        "use_config_max_sale_qty": True, "max_sale_qty": 10000, "use_config_backorders": True, "backorders": 0,
        "use_config_notify_stock_qty": True, "notify_stock_qty": 1, "use_config_qty_increments": True,
        "qty_increments": 0, "use_config_enable_qty_inc": True, "enable_qty_increments": False,
        "use_config_manage_stock": True, "manage_stock": True, "low_stock_date": None, "is_decimal_divided": False,
        "stock_status_changed_auto": 0}}}
    assert check(CONTRACT.profile(), "GET", "/products/X", 200, product) == []
    assert any("low_stock_date" in p for p in check(without("schema.required_nulls"), "GET", "/products/X", 200,
                                                    product))
    product["extension_attributes"]["stock_item"]["qty"] = None  # not declared: still a violation
    assert any("/qty" in p for p in check(CONTRACT.profile(), "GET", "/products/X", 200, product))


def test_required_properties_may_be_left_out_only_where_declared() -> None:
    """A dynamic bundle's link carries no price_type (schema.omitted_when_null); is_default is still required."""
    link = {"id": "1", "sku": "MUG", "option_id": 1, "qty": 1, "position": 0, "is_default": True, "price": 12,
            "can_change_quantity": 0}
    assert check(CONTRACT.profile(), "GET", "/bundle-products/KIT/options/all", 200,
                 [{"option_id": 1, "title": "Mug", "product_links": [link]}]) == []
    assert any("price_type" in p for p in check(without("schema.omitted_when_null"), "GET",
                                                 "/bundle-products/KIT/children", 200, [link]))
    del link["is_default"]  # not declared: still a violation
    assert any("is_default" in p for p in check(CONTRACT.profile(), "GET", "/bundle-products/KIT/children", 200,
                                                [link]))


def test_error_bodies_keep_their_shape() -> None:
    assert check(CONTRACT.profile(), "GET", "/orders/1", 404, {"message": "x", "parameters": "nope"}) != []
    assert check(CONTRACT.profile(), "GET", "/orders/1", 404, {"msg": "x"}) != []


def test_unknown_operation_is_reported() -> None:
    assert check(CONTRACT.profile(), "GET", "/no/such/thing", 200, {}) != []


LS = load_contract("lightspeed@2.0")


def ls_without(fact: str) -> Profile:
    profile = LS.profile()
    return dataclasses.replace(profile, facts={k: v for k, v in profile.facts.items() if k != fact})


def ls_check(profile: Profile, method: str, path: str, status: int, body: Any) -> list[str]:
    return response_problems(LS, profile, method=method, url=f"/api/2.0{path}", status=status, body=body)


@pytest.mark.parametrize(("fact", "method", "path", "status", "body"), [
    ("errors.undeclared_statuses", "GET", "/outlets/x", 404, {"error": "outlet not found"}),
    ("schema.wire_envelopes", "GET", "/consignments", 200, {"data": []}),
    ("schema.response_overrides", "POST", "/products", 200, {"data": ["5f1c"]}),
], ids=["undeclared-404", "consignment-envelope", "product-ids"])
def test_lightspeed_deviation_is_accepted_and_needed(fact: str, method: str, path: str, status: int,
                                                      body: Any) -> None:
    assert ls_check(LS.profile(), method, path, status, body) == []
    assert ls_check(ls_without(fact), method, path, status, body) != []


def test_lightspeed_errors_need_the_error_key_and_a_listed_status() -> None:
    assert ls_check(LS.profile(), "GET", "/outlets/x", 404, {"message": "x"}) != []
    assert ls_check(LS.profile(), "GET", "/outlets/x", 418, {"error": "teapot"}) != []
