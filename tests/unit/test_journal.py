"""The twins' journal: a bounded ring with counts by default, everything (bodies too) when asked (no HTTP)."""

from __future__ import annotations

from typing import Any

from stockgate.twins.journal import DEFAULT_KEEP, Journal


def _record(journal: Journal, n: int, **overrides: Any) -> None:
    fields: dict[str, Any] = {"at": float(n), "method": "POST", "path": "/rest/V1/x", "query": "",
                              "operation": "POST /V1/x", "status": 200, "fault": None,
                              "request_headers": {"authorization": "Bearer t"}, "request_body": {"n": n},
                              "response_body": [n]}
    journal.record(**{**fields, **overrides})


def test_by_default_the_journal_is_a_ring_without_bodies_that_counts_the_rest() -> None:
    journal = Journal()
    for n in range(DEFAULT_KEEP + 250):
        _record(journal, n, status=200 if n % 2 else 400)
    assert len(journal) == DEFAULT_KEEP
    assert journal.total == DEFAULT_KEEP + 250
    assert journal.dropped == 250
    kept = list(journal)
    assert [e.seq for e in kept[:2]] == [251, 252]  # the oldest are the ones that fell out
    assert kept[-1].seq == DEFAULT_KEEP + 250
    assert all(e.request_body is None and e.response_body is None for e in kept)
    assert journal.by_status == {200: (DEFAULT_KEEP + 250) // 2, 400: (DEFAULT_KEEP + 250) // 2}
    assert journal.by_operation == {"POST /V1/x": DEFAULT_KEEP + 250}


def test_a_scenario_run_asks_for_everything() -> None:
    journal = Journal.full()
    for n in range(DEFAULT_KEEP + 5):
        _record(journal, n)
    assert len(journal) == journal.total == DEFAULT_KEEP + 5
    assert journal.dropped == 0
    first = next(iter(journal))
    assert (first.seq, first.request_body, first.response_body) == (1, {"n": 0}, [0])


def test_counts_restart_with_clear_but_the_change_counter_does_not() -> None:
    journal = Journal(keep=3)
    for n in range(5):
        _record(journal, n, operation=None)
    assert journal.by_operation == {"unrouted": 5}
    journal.clear()
    assert (len(journal), journal.total, journal.dropped, journal.by_status) == (0, 0, 0, {})
    assert journal.recorded == 5  # World.marker() compares it: it only ever grows
    _record(journal, 9)
    assert next(iter(journal)).seq == 1


def test_secret_headers_are_never_kept() -> None:
    journal = Journal.full()
    _record(journal, 1)
    assert next(iter(journal)).request_header("authorization") is None
