"""Every request-side rule meets what the connector sends on --to (issue 16 item 3): one gate run, one plant per rule.

The --to contract (a private copy of magento 2.4.9) gets one planted mutation per request rule,
each on a field or parameter the reference connector sends in the scenario below, and a twin on
one it does not send. The gate must block each sent one for its reason (citing the profile fact
that says how 2.4.9 answers, or saying there is none) and leave each unsent one as info.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from stockgate.cli import main
from stockgate.contracts import load_contract

FROM, TO = "magento@2.4.8,lightspeed@2026-10", "magento@2.4.9,lightspeed@2026-10"
ONE = "per-location/sale-moves-only-its-source"
ITEM = "inventory-api-data-source-item-interface"
ITEMS, ORDERS, PRODUCTS = "POST /V1/inventory/source-items", "GET /V1/orders", "GET /V1/products"
CONDITION = "searchCriteria[filterGroups][0][filters][0][conditionType]"


def _param(doc: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    return next(p for p in doc["paths"][path]["get"]["parameters"] if p["name"] == name)


def _drop_param(doc: dict[str, Any], path: str, name: str) -> None:
    params = doc["paths"][path]["get"]["parameters"]
    params.remove(_param(doc, path, name))


def _item(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["definitions"][ITEM]


def _plant(doc: dict[str, Any]) -> None:
    """Every mutation at once: they touch different fields, so each change stands for its own rule."""
    _drop_param(doc, "/V1/orders", "searchCriteria[pageSize]")  # sent: removed
    _drop_param(doc, "/V1/orders", "searchCriteria[sortOrders][0][direction]")  # sent too (the connector sorts)
    _param(doc, "/V1/products", "searchCriteria[currentPage]")["type"] = "string"  # sent: retyped
    _param(doc, "/V1/products", "searchCriteria[pageSize]")["maximum"] = 10  # sent beyond it
    _param(doc, "/V1/products", "searchCriteria[sortOrders][0][field]")["maximum"] = 10  # not sent
    _item(doc)["properties"]["status"]["enum"] = [1]  # sent: narrowed, and 0 is sent (out of stock)
    _param(doc, "/V1/orders", CONDITION)["enum"] = ["gt", "eq"]  # sent: narrowed, but only gt is sent
    _item(doc)["properties"]["sku"]["maxLength"] = 64  # sent, every SKU within it
    _item(doc)["properties"]["source_code"]["maxLength"] = 2  # sent, every code beyond it
    _item(doc)["properties"]["quantity"]["readOnly"] = True  # sent: the server no longer takes it
    _item(doc)["required"] = ["sku", "extension_attributes"]  # sku sent; extension_attributes not
    _item(doc)["properties"]["sku"]["type"] = "string"


def _write(contracts: Path, mutate: Callable[[dict[str, Any]], None]) -> None:
    """The 2.4.9 document mutated, written as JSON (valid YAML) with the index's sha256 updated."""
    doc = copy.deepcopy(load_contract("magento@2.4.9").document)
    mutate(doc)
    document = contracts / "magento" / "2.4.9" / "openapi.yaml"
    document.write_text(json.dumps(doc))
    digest = hashlib.sha256(document.read_bytes()).hexdigest()
    index = contracts / "index.toml"
    index.write_text(re.sub(r'(ref = "magento@2\.4\.9"[^\[]*?sha256 = ")[0-9a-f]{64}', rf"\g<1>{digest}",
                            index.read_text(), flags=re.S))


@pytest.fixture(scope="module")
def gate(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, dict[tuple[str, str, str], Any]]]:
    """One gate run over the planted contract: exit code and changes by (rule, operation, field)."""
    root = tmp_path_factory.mktemp("sent-rules")
    contracts = root / "contracts"
    shutil.copytree(Path(__file__).parents[2] / "contracts", contracts)
    _write(contracts, _plant)
    before = os.environ.pop("STOCKGATE_CONTRACTS_DIR", None)
    try:
        code = main(["gate", "--from", FROM, "--to", TO, "--report-dir", str(root / "reports"), "--jobs", "1",
                     "--contracts-dir", str(contracts), "--scenario", ONE, "--cassettes", str(root / "none")])
    finally:
        os.environ.pop("STOCKGATE_CONTRACTS_DIR", None)
        if before is not None:
            os.environ["STOCKGATE_CONTRACTS_DIR"] = before
    data = json.loads((root / "reports" / "gate.json").read_text())
    changes = {(c["rule"], c["operation"], c["field"]): c for d in data["diffs"] for c in d["changes"]}
    yield code, changes


BLOCKS = [  # (rule, operation, field, words the reason must hold)
    ("request-parameter-removed", ORDERS, "query searchCriteria[pageSize]",
     ("the connector sends it", "leaves any other unread", "request.property_names, documented")),
    ("request-parameter-retyped", PRODUCTS, "query searchCriteria[currentPage]",
     ("the connector sends it", "validation.float_fields", "validation.scalar_coercion")),
    ("request-maximum-decreased", PRODUCTS, "query searchCriteria[pageSize]",
     ("the connector sent number", "beyond the new bound 10")),
    ("request-enum-narrowed", ITEMS, "sourceItems[].status",
     ("the connector sent 0, which magento@2.4.9 no longer allows (1)",
      "no profile fact states how magento@2.4.9 answers")),
    ("request-max-length-decreased", ITEMS, "sourceItems[].source_code", ("beyond the new bound 2",)),
    ("request-property-became-read-only", ITEMS, "sourceItems[].quantity",
     ("the connector sends it", "no profile fact states")),
    ("request-property-became-required", ITEMS, "sourceItems[].extension_attributes",
     ("the connector calls it without this field",)),
]
PASSES = [  # (rule, operation, field, severity, words the reason must hold)
    ("request-maximum-decreased", PRODUCTS, "query searchCriteria[sortOrders][0][field]", "info",
     "the connector does not send it"),
    ("request-max-length-decreased", ITEMS, "sourceItems[].sku", "risky", "within the new bound 64"),
    ("request-property-became-required", ITEMS, "sourceItems[].sku", "info", "the connector already sends it"),
    ("request-enum-narrowed", ORDERS, f"query {CONDITION}", "risky", "the connector sent only gt in its scenarios"),
]


def test_the_gate_blocks(gate: tuple[int, dict[tuple[str, str, str], Any]]) -> None:
    code, _changes = gate
    assert code == 1


@pytest.mark.parametrize(("rule", "operation", "field", "words"), BLOCKS, ids=[b[0] for b in BLOCKS])
def test_a_request_change_on_what_the_connector_sends_blocks(
        gate: tuple[int, dict[tuple[str, str, str], Any]], rule: str, operation: str, field: str,
        words: tuple[str, ...]) -> None:
    change = gate[1][(rule, operation, field)]
    assert (change["severity"], change["blocking"]) == ("breaking", True), change
    assert all(w in change["why"] for w in words), change["why"]


@pytest.mark.parametrize(("key", "severity", "words"), [((r, o, f), s, w) for r, o, f, s, w in PASSES],
                         ids=[f"{p[0]}-{p[3]}" for p in PASSES])
def test_the_same_change_on_what_it_does_not_send_or_within_its_values_does_not_block(
        gate: tuple[int, dict[tuple[str, str, str], Any]], key: tuple[str, str, str], severity: str,
        words: str) -> None:
    change = gate[1][key]
    assert (change["severity"], change["blocking"]) == (severity, False), change
    assert words in change["why"], change["why"]
