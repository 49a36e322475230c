"""The read observer: every key a connector looks at is noted, and the connector cannot tell it is observed."""

from __future__ import annotations

import json

from stockgate.scenarios.usage import Reads


def _answer() -> dict:
    return {"items": [{"sku": "A", "qty": 1, "extension_attributes": {"x": 1}}, {"sku": "B", "qty": 2}],
            "total_count": 2, "search_criteria": {"page_size": 40}}


def test_lookups_membership_and_iteration_are_noted() -> None:
    reads = Reads()
    answer = reads.observe("GET", "/rest/default/V1/orders?searchCriteria[pageSize]=40", _answer())
    assert [row["sku"] for row in answer["items"]] == ["A", "B"]
    assert answer.get("missing") is None and "total_count" in answer
    for key in answer["items"][0]["extension_attributes"]:
        assert key == "x"
    assert reads.fields[("GET", "/rest/default/V1/orders")] == {
        "items", "items[].sku", "missing", "total_count", "items[].extension_attributes",
        "items[].extension_attributes.x"}  # qty and search_criteria were never looked at


def test_an_observed_answer_behaves_like_the_plain_one() -> None:
    reads = Reads()
    plain, seen = _answer(), reads.observe("GET", "/x", _answer())
    assert seen == plain and json.dumps(seen, sort_keys=True) == json.dumps(plain, sort_keys=True)
    assert isinstance(seen, dict) and isinstance(seen["items"], list)
    seen["items"][0]["qty"] += 5  # a write through the wrapper sticks
    assert seen["items"][0]["qty"] == 6 and seen["items"][:1][0]["qty"] == 6
    assert dict(seen)["total_count"] == 2 and {**seen}["search_criteria"] == {"page_size": 40}
    assert "search_criteria.page_size" in reads.fields[("GET", "/x")]  # serialised whole: all of it counts as read
