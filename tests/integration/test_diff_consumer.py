"""The consumer filter on real contracts: planted mutations of magento@2.4.8, seen through the reference surface."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from stockgate.cli.diff_cmd import reference_surface_path
from stockgate.contracts import load_contract
from stockgate.contracts.model import build_operations
from stockgate.diff import Severity, diff_versions, load_surface
from stockgate.diff.engine import consumer_view
from stockgate.diff.model import Change
from stockgate.diff.operations import OperationsDiff
from stockgate.diff.rules import RULES

SURFACE = load_surface(reference_surface_path())


def _diff(mutate: Any) -> list[Change]:
    base = load_contract("magento@2.4.8").document
    new = copy.deepcopy(base)
    mutate(new["definitions"])
    changes = [Change(rule=d.rule, platform="magento", from_version="2.4.8", to_version="2.4.8-planted", operation=op,
                      field=d.field, pointer=d.pointer, before=d.before, after=d.after,
                      severity=RULES[d.rule].severity)
               for op, d in OperationsDiff(base, new, build_operations(base), build_operations(new)).changes()]
    return [consumer_view(c, SURFACE, "2.4.8") for c in changes]


def _one(changes: list[Change], operation: str, field: str) -> Change:
    (found,) = [c for c in changes if c.operation == operation and c.field == field]
    return found


def test_a_response_property_the_connector_reads_removed_is_breaking_and_names_scenarios() -> None:
    changes = _diff(lambda d: d["sales-data-order-item-interface"]["properties"].pop("qty_shipped"))
    found = _one(changes, "GET /V1/orders", "items[].items[].qty_shipped")
    assert (found.rule, found.severity, found.why) == ("response-property-removed", Severity.BREAKING,
                                                         "the connector reads it")
    assert "reservations/shipment-deducts-and-compensates" in found.scenarios


def test_the_same_kind_of_change_to_a_property_it_does_not_read_is_info() -> None:
    changes = _diff(lambda d: d["sales-data-order-item-interface"]["properties"].pop("weight"))
    found = _one(changes, "GET /V1/orders", "items[].items[].weight")
    assert (found.rule, found.severity, found.why) == ("response-property-removed", Severity.INFO,
                                                         "the connector does not read it")


def test_a_request_property_made_required_that_the_connector_does_not_send_is_breaking() -> None:
    changes = _diff(lambda d: d["inventory-api-data-source-item-interface"].setdefault("required", []).append(
        "extension_attributes"))
    found = _one(changes, "POST /V1/inventory/source-items", "sourceItems[].extension_attributes")
    assert (found.rule, found.severity) == ("request-property-became-required", Severity.BREAKING)
    assert "per-location/sale-moves-only-its-source" in found.scenarios


def test_a_request_enum_narrowed_on_a_field_it_sends_is_breaking() -> None:
    def narrow(d: dict[str, Any]) -> None:
        d["inventory-api-data-source-item-interface"]["properties"]["status"]["enum"] = [1]

    base = load_contract("magento@2.4.8").document
    old = copy.deepcopy(base)
    old["definitions"]["inventory-api-data-source-item-interface"]["properties"]["status"]["enum"] = [0, 1]
    new = copy.deepcopy(old)
    narrow(new["definitions"])
    deltas = OperationsDiff(old, new, build_operations(old), build_operations(new)).changes()
    (op, delta), = [(op, d) for op, d in deltas if op == "POST /V1/inventory/source-items"]
    change = consumer_view(Change(rule=delta.rule, platform="magento", from_version="a", to_version="b", operation=op,
                                  field=delta.field, severity=RULES[delta.rule].severity), SURFACE, "2.4.8")
    assert (change.rule, change.field, change.severity, change.why) == (
        "request-enum-narrowed", "sourceItems[].status", Severity.BREAKING,
        "the connector sends it; the values it sends are not recorded: any may be a removed one")


def test_changes_to_operations_the_connector_never_calls_are_info() -> None:
    changes = _diff(lambda d: d["sales-rule-data-rule-interface"]["properties"].pop("name"))
    assert changes and all(c.severity is Severity.INFO and c.why == "the connector does not call it" for c in changes)


def test_rule_id_renamed_to_rule_i_d_in_2_4_7_is_info_for_the_reference_connector() -> None:
    report, _ = diff_versions("magento@2.4.6", "magento@2.4.7", surface=SURFACE)
    renamed = [c for c in report.changes if c.field.endswith(("rule_i_d", "rule_id"))]
    assert len(renamed) > 20 and all(c.severity is Severity.INFO for c in renamed)
    unfiltered, _ = diff_versions("magento@2.4.6", "magento@2.4.7")
    assert any(c.severity is Severity.BREAKING for c in unfiltered.changes if c.field.endswith("rule_i_d"))


@pytest.mark.parametrize(("rule", "where"), [("operation-method-changed", "GET /inventory"),
                                             ("behaviour-method-moved", "inventory.read")])
def test_the_2026_04_inventory_redesign_blocks(rule: str, where: str) -> None:
    report, _ = diff_versions("lightspeed@2026-01", "lightspeed@2026-04", surface=SURFACE)
    (found,) = [c for c in report.changes if c.rule == rule and c.where() == where]
    assert found.severity is Severity.BREAKING and "per-location/sale-moves-only-its-source" in found.scenarios
    assert report.derived == ("lightspeed@2026-01", "lightspeed@2026-04")  # said, never hidden


def test_a_fact_about_an_operation_the_connector_does_not_call_is_info() -> None:
    report, _ = diff_versions("lightspeed@2026-04", "lightspeed@2026-07", surface=SURFACE)
    postal = next(c for c in report.changes if c.field == "validation.postal_code_strict")
    assert postal.severity is Severity.INFO and "does not call" in postal.why
    unfiltered, _ = diff_versions("lightspeed@2026-04", "lightspeed@2026-07")
    assert next(c for c in unfiltered.changes if c.field == "validation.postal_code_strict").severity is Severity.RISKY
