"""Request rules by what the connector sends (diff/sent.py): bounds against measured values, defaults, citations."""

from __future__ import annotations

import pytest

from stockgate.contracts import load_contract
from stockgate.diff.model import Change
from stockgate.diff.rules import RULES, Severity
from stockgate.diff.sent import handling_notes, request_view
from stockgate.diff.surface import OperationUse, extent_rows, request_extents

OP = "POST /V1/inventory/source-items"
BODY = {"sourceItems": [{"sku": "MUG-BLK", "source_code": "shop-1", "quantity": 12, "status": 1},
                        {"sku": "TEE", "source_code": "wh", "quantity": 0.5, "status": 0}]}


def _use(measured: bool = True, sent: tuple[str, ...] = ("sourceItems", "sourceItems[].sku",
                                                           "sourceItems[].quantity")) -> OperationUse:
    extent = extent_rows(request_extents(BODY, [("searchCriteria[pageSize]", "100")])) if measured else ()
    return OperationUse(platform="magento", operation=OP, sent=frozenset((*sent, "query searchcriteria[pagesize]")),
                        read=frozenset(), extent=extent)


def _view(rule: str, field: str, after: str = "", use: OperationUse | None = None) -> Change:
    change = Change(rule=rule, platform="magento", from_version="2.4.8", to_version="2.4.9", operation=OP,
                    field=field, after=after, severity=RULES[rule].severity)
    return request_view(change, change, use or _use(), {"value": "NOTE"})


def test_request_extents_measure_lengths_sizes_and_numbers() -> None:
    found = request_extents(BODY, [("searchCriteria[pageSize]", "100"), ("q", "nan")])
    assert found[("sourceItems[].sku", "length")] == (3, 7)
    assert found[("sourceItems[].quantity", "number")] == (0.5, 12)
    assert found[("sourceItems", "items")] == (2, 2)
    assert found[("sourceItems[]", "properties")] == (4, 4)
    assert found[("query searchcriteria[pagesize]", "number")] == (100, 100)
    assert ("query q", "number") not in found  # not a finite number: its length only


@pytest.mark.parametrize(("rule", "field", "after", "severity", "words"), [
    ("request-max-length-decreased", "sourceItems[].sku", "6", Severity.BREAKING, "length 3 to 7"),
    ("request-max-length-decreased", "sourceItems[].sku", "7", Severity.RISKY, "within the new bound 7"),
    ("request-min-length-increased", "sourceItems[].sku", "4", Severity.BREAKING, "beyond the new bound 4"),
    ("request-maximum-decreased", "sourceItems[].quantity", "10", Severity.BREAKING, "number 0.5 to 12"),
    ("request-minimum-increased", "sourceItems[].quantity", "0", Severity.RISKY, "within"),
    ("request-max-items-decreased", "sourceItems", "1", Severity.BREAKING, "items 2 to 2"),
    ("request-max-properties-decreased", "sourceItems[]", "3", Severity.BREAKING, "properties 4 to 4"),
    ("request-maximum-decreased", "query searchCriteria[pageSize]", "50", Severity.BREAKING, "number 100 to 100"),
])
def test_a_tighter_bound_breaks_only_beyond_the_values_sent(rule: str, field: str, after: str, severity: Severity,
                                                            words: str) -> None:
    change = _view(rule, field, after)
    assert change.severity is severity and words in change.why, change.why


def test_an_unmeasured_bound_keeps_its_rule_severity_and_says_so() -> None:
    change = _view("request-max-length-decreased", "sourceItems[].sku", "6", _use(measured=False))
    assert change.severity is Severity.BREAKING and "was not measured" in change.why


@pytest.mark.parametrize(("field", "severity", "words"), [
    ("sourceItems[].status", Severity.RISKY, "calls it without this field: the new default applies"),
    ("sourceItems[].sku", Severity.INFO, "sends its own value"),
    ("extension_attributes.x", Severity.INFO, "does not send extension_attributes"),
])
def test_a_changed_default_matters_only_where_the_connector_leaves_the_field_out(
        field: str, severity: Severity, words: str) -> None:
    change = _view("request-default-changed", field)
    assert change.severity is severity and words in change.why, change.why


def test_a_field_not_sent_is_info_whatever_the_rule() -> None:
    assert _view("request-property-became-read-only", "sourceItems[].status").severity is Severity.INFO
    sent = _view("request-property-became-read-only", "sourceItems[].quantity")
    assert (sent.severity, sent.why) == (Severity.BREAKING, "the connector sends it; NOTE")


def test_handling_is_cited_from_profile_facts_or_said_to_be_unknown() -> None:
    magento = handling_notes(load_contract("magento@2.4.9").profile("default"))
    assert "request.property_names, documented" in magento["parameter"]
    assert "validation.float_fields" in magento["type"] and "400" in magento["type"]
    assert magento["undeclared"].startswith("magento@2.4.9 answers a nested property")
    lightspeed = handling_notes(load_contract("lightspeed@2026-10").profile("default"))
    assert "request.parameters, inferred" in lightspeed["parameter"]
    assert lightspeed["type"].startswith("no profile fact states how lightspeed@2026-10 answers a value of the old")
    assert "not stated in its profile" in lightspeed["undeclared"]
