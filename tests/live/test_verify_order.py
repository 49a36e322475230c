"""verify-live's order and verdict: the connector's operations first on every release, and a budget that
reached none of them is not a plain CONFORMS (issue 20's QA run: lightspeed@2026-10 went /brands,
/consignments, ... and a 12-request budget checked no connector operation, yet read CONFORMS)."""

from __future__ import annotations

import pytest

from stockgate.contracts import load_contract
from stockgate.live.verify import VerifyResult, api_prefix, connector_first, ordered_operations


@pytest.mark.parametrize("ref", ["lightspeed@2026-01", "lightspeed@2026-04", "lightspeed@2026-07",
                                 "lightspeed@2026-10"])
def test_every_lightspeed_release_checks_the_connectors_reads_first(ref: str) -> None:
    contract = load_contract(ref)
    prefix = api_prefix(contract, "default")
    order = ordered_operations(contract, False, prefix)
    first = [op for op in connector_first(contract, prefix) if op.startswith("GET ")]
    assert {"GET /outlets", "GET /products", "GET /sales"} <= set(first), first
    assert set(order[:len(first)]) == set(first)


def test_a_later_dated_document_than_the_list_names_still_orders_the_connectors_first() -> None:
    contract = load_contract("lightspeed@2026-10")  # as a pulled 2027-01 document addresses it
    order = ordered_operations(contract, False, "/api/2027-01")
    assert order[0] == "GET /outlets" and "GET /products" in order[:5]


def test_magento_order_is_unchanged() -> None:
    contract = load_contract("magento@2.4.8")
    assert ordered_operations(contract, False, "/rest/default")[0] == "GET /V1/products"  # on its surface


def _result(**kw: object) -> VerifyResult:
    base: dict[str, object] = {"ref": "lightspeed@2026-10", "store": "staging:abc", "budget": 12, "rate": 10.0,
                               "writes_allowed": False}
    return VerifyResult(**{**base, **kw})  # type: ignore[arg-type]


def test_a_budget_that_reached_no_connector_operation_is_not_a_plain_conforms() -> None:
    from stockgate.live.report import FORMATS, data, headline

    result = _result(planned=200, connector=["GET /outlets", "GET /products"], checked={"GET /brands": 2},
                     stopped="request budget spent")
    line = headline(result)
    assert line.startswith("CONFORMS (partial: 2 connector operation(s) not reached)"), line
    assert data(result)["connector_not_reached"] == ["GET /outlets", "GET /products"]
    for name in ("text", "md"):
        assert "CONFORMS (partial: 2 connector operation(s) not reached)" in FORMATS[name][1](result)
    assert result.exit_code == 0
    whole = _result(planned=2, connector=["GET /outlets"], checked={"GET /outlets": 1, "GET /brands": 1})
    assert headline(whole).startswith("CONFORMS: ")


def test_text_and_md_name_every_bucket_and_list_what_was_checked() -> None:
    from stockgate.live.report import FORMATS

    result = _result(planned=5, connector=["GET /outlets"], checked={"GET /outlets": 2, "GET /brands": 1},
                     not_emulated=["GET /channels"], stopped="request budget spent")
    for name in ("text", "md"):
        shown = FORMATS[name][1](result)
        assert "2 of 5 operation(s) checked, 1 not emulated, 2 not reached" in shown, shown
        assert "GET /outlets" in shown and "GET /brands" in shown and "GET /channels" in shown, shown
    text = FORMATS["text"][1](result)
    assert "checked: GET /outlets (2 answer(s), connector), GET /brands (1 answer(s))" in text, text
    md = FORMATS["md"][1](result)
    assert "| `GET /outlets` | 2 | connector |" in md and "## Not emulated by the twin (1)" in md, md


def test_writes_stay_a_list_and_a_walk_not_run_says_why(
        demo_store: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from tests.live.conftest import OAUTH, in_process

    base = ("verify-live", "magento@2.4.8", "--target", demo_store, "--rate", "50/s", "--allow-writes",
            "--format", "json")
    code, out, err = in_process(monkeypatch, capsys, *base, "--operation", "GET /V1/products", "--examples", "3",
                                "--max-requests", "3", env=OAUTH)
    report = json.loads(out)
    assert code == 0 and report["writes"] == [], out + err
    assert report["write_walk_not_run"] == "budget used by reads", report
    assert "write walk not run: budget used by reads" in err
    code, out, err = in_process(monkeypatch, capsys, *base, "--operation", "GET /V1/inventory/sources",
                                "--examples", "0", "--max-requests", "5", env=OAUTH)
    report = json.loads(out)
    assert report["writes"] == [] and "attribute_set_id" in report["write_walk_not_run"], report
    code, out, err = in_process(monkeypatch, capsys, *base[:-2], "--operation", "GET /V1/inventory/sources",
                                "--examples", "0", "--max-requests", "5", env=OAUTH)
    assert "write walk not run: no product answered an attribute_set_id" in out, out
