"""Enum values the connector sends are recorded (issue 16): a value removed on --to blocks only if it is sent.

A narrowed request enum used to block whenever the connector sent the field at all ("the values it
sends are not recorded"). The surface now keeps the distinct values sent per field, so a removed
value the connector sent is breaking and names it; one it never sent leaves the change risky.
"""

from __future__ import annotations

from typing import ClassVar

from stockgate.diff.model import Change
from stockgate.diff.rules import Severity
from stockgate.diff.sent import request_view
from stockgate.diff.surface import MAX_VALUES, OperationUse, request_values
from stockgate.scenarios.usage import UsageLog

ITEMS = "POST /V1/inventory/source-items"
STATUS = "sourceItems[].status"


def _narrowed(before: str, after: str, field: str = STATUS, operation: str = ITEMS) -> Change:
    return Change(rule="request-enum-narrowed", platform="magento", from_version="2.4.8", to_version="2.4.9",
                  operation=operation, field=field, before=before, after=after, severity=Severity.BREAKING)


def _view(change: Change, use: OperationUse) -> Change:
    return request_view(change, change, use, {"value": "no profile fact states it"})


def _use(status: tuple[str, ...] | None = None) -> OperationUse:
    """The source-items call, sending status with these values (None: values not recorded)."""
    return OperationUse(platform="magento", operation=ITEMS, sent=frozenset({"sourceItems", STATUS}),
                        values=((STATUS, status),) if status is not None else ())


def test_the_values_sent_are_recorded_per_field_from_body_and_query() -> None:
    body = {"sourceItems": [{"sku": "MUG", "status": 1, "quantity": 2.5, "flag": True},
                            {"sku": "CAP", "status": 0, "quantity": 0, "flag": False}]}
    values = request_values(body, [("searchCriteria[pageSize]", "100")])
    assert values[STATUS] == {"0", "1"}
    assert values["sourceItems[].sku"] == {"MUG", "CAP"}
    assert values["sourceItems[].flag"] == {"True", "False"}
    assert values["query searchcriteria[pagesize]"] == {"100"}


def test_a_field_with_more_distinct_values_than_the_cap_is_not_recorded() -> None:
    """SKUs are no enum: past MAX_VALUES the field's values are dropped (unknown), never truncated."""
    body = {"sourceItems": [{"sku": f"SKU-{n}", "status": 1} for n in range(MAX_VALUES + 1)]}
    values = request_values(body)
    assert values["sourceItems[].sku"] is None and values[STATUS] == {"1"}


def test_a_removed_value_the_connector_sends_blocks_and_is_named() -> None:
    view = _view(_narrowed("0, 1", "0"), _use(("0", "1")))
    assert view.severity is Severity.BREAKING
    assert "sent 1" in view.why and "no longer allows" in view.why, view.why


def test_a_removed_value_the_connector_never_sends_is_risky_not_blocking() -> None:
    view = _view(_narrowed("0, 1", "1"), _use(("1",)))
    assert view.severity is Severity.RISKY
    assert "sent only 1" in view.why and "still allowed" in view.why, view.why


def test_an_enum_added_where_any_value_went_judges_every_value_sent() -> None:
    assert _view(_narrowed("any value", "1"), _use(("1",))).severity is Severity.RISKY
    blocked = _view(_narrowed("any value", "1"), _use(("0", "1")))
    assert blocked.severity is Severity.BREAKING and "sent 0" in blocked.why


def test_values_not_recorded_keep_it_breaking() -> None:
    """A surface file (or a field past the cap) says nothing of the values: any may be a removed one."""
    view = _view(_narrowed("0, 1", "1"), _use())
    assert view.severity is Severity.BREAKING and "not recorded" in view.why


def test_a_query_parameter_enum_is_judged_by_the_parameter_values_sent() -> None:
    change = _narrowed("ASC, DESC", "ASC", field="query searchCriteria[sortOrders][0][direction]",
                       operation="GET /V1/orders")
    use = OperationUse(platform="magento", operation="GET /V1/orders",
                       sent=frozenset({"query searchcriteria[sortorders][0][direction]"}),
                       values=(("query searchcriteria[sortorders][0][direction]", ("DESC",)),))
    view = _view(change, use)
    assert view.severity is Severity.BREAKING and "sent DESC" in view.why


def test_the_surface_a_run_derives_carries_the_values() -> None:
    """UsageLog keeps the values of the connector's requests (not the actors')."""

    class Entry:
        operation, method, path, query = ITEMS, "POST", "/rest/V1/inventory/source-items", ""
        request_body: ClassVar[dict[str, object]] = {"sourceItems": [{"sku": "MUG", "status": 1}]}
        response_body: ClassVar[list[object]] = []

        def request_header(self, _name: str) -> str:
            return ""

    class World:
        def journals(self) -> dict[str, list[Entry]]:
            return {"magento": [Entry()]}

    log = UsageLog(observed=False)
    log.add("one/scenario", World(), None)  # type: ignore[arg-type]
    (use,) = log.surface("python:x:Y", "test").uses
    assert use.values_of(STATUS) == ("1",)
