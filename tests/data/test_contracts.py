"""Every file in contracts/: loads, validates, index complete, hashes pinned, profiles complete."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from stockgate.contracts import ContractStatus, Platform, VersionRef, load_contract, load_index
from stockgate.contracts.facts import facts_of
from stockgate.contracts.profiles import available_overlays, load_profile
from stockgate.contracts.validation import validate_contracts
from tests.conftest import CONTRACTS

EXAMPLES = Path(__file__).parent / "examples"
INDEX = load_index(CONTRACTS)
REFS = [str(e.ref) for e in INDEX.entries]


def test_index_lists_the_supported_generations_with_honest_statuses() -> None:
    by_ref = {str(e.ref): e.status for e in INDEX.entries}
    assert [r for r in by_ref if r.startswith("magento@")] == [f"magento@2.4.{n}" for n in range(5, 10)]
    assert [r for r in by_ref if r.startswith("lightspeed@")] == [
        "lightspeed@2.0", "lightspeed@2026-01", "lightspeed@2026-04", "lightspeed@2026-07", "lightspeed@2026-10"]
    published = {r for r, s in by_ref.items() if s is ContractStatus.PUBLISHED}
    assert published == {*(f"magento@2.4.{n}" for n in range(5, 10)), "lightspeed@2.0", "lightspeed@2026-07"}


@pytest.mark.parametrize("ref", [r for r in REFS if INDEX.get(VersionRef.parse(r)).document], ids=str)
def test_vendored_files_match_index_and_source_note(ref: str) -> None:
    entry = INDEX.get(VersionRef.parse(ref))
    assert entry.document is not None
    actual = hashlib.sha256(entry.document.read_bytes()).hexdigest()
    assert actual == entry.sha256
    note = (entry.document.parent / "SOURCE.txt").read_text(encoding="utf-8")
    assert re.search(rf"sha256: {actual}", note), "SOURCE.txt must carry the same sha256"


def test_every_contract_validates_and_only_known_defects_warn() -> None:
    issues = validate_contracts(INDEX)
    assert [i.render() for i in issues if i.level == "error"] == []
    warnings = [i for i in issues if i.level == "warning"]
    assert len(warnings) == 4  # Adobe's info.description $ref in 2.4.6-2.4.9 (2.4.5 predates it)
    assert all("#/info/description: known upstream defect" in w.message for w in warnings)
    assert all(re.search(r"openapi\.yaml:1[12]$", w.where) for w in warnings)


@pytest.mark.parametrize("ref", REFS, ids=str)
def test_default_profiles_state_every_fact_with_a_source(ref: str) -> None:
    entry = INDEX.get(VersionRef.parse(ref))
    profile = load_profile(INDEX, entry)
    assert set(profile.facts) == set(facts_of(entry.ref.platform))
    for fact in profile.facts.values():
        assert len(fact.source) > 10, fact.id
        assert (fact.value is None) == (fact.basis == "unknown"), fact.id
        if fact.basis in ("unknown", "inferred"):
            assert fact.note, f"{fact.id}: an unknown or inferred fact says why"


@pytest.mark.parametrize("ref", REFS, ids=str)
def test_named_configurations_apply(ref: str) -> None:
    entry = INDEX.get(VersionRef.parse(ref))
    names = {o.name for o in available_overlays(INDEX, entry)}
    if entry.ref.platform is Platform.MAGENTO:
        assert {"input-limits-on", "integration-bearer-on", "auto-return-on"} <= names
        on = load_profile(INDEX, entry, "input-limits-on")
        assert on.value("input_limits.enabled") is True
        assert load_profile(INDEX, entry).value("input_limits.enabled") is False
        assert on.facts["input_limits.enabled"].origin.endswith("input-limits-on.yaml:8")
    else:
        assert "registers-N" in names
        assert load_profile(INDEX, entry, "registers-3").value("rate_limit.registers") == 3
        assert load_profile(INDEX, entry).value("rate_limit.registers") == 1


@pytest.mark.parametrize(
    ("ref", "fact", "value"),
    [
        ("magento@2.4.6", "inventory.sku_whitespace_rejected", {"rejected": False}),
        ("magento@2.4.7", "inventory.sku_whitespace_rejected",
         {"rejected": True, "message": "\"sku\" can not contain leading or trailing spaces."}),
        ("magento@2.4.7", "refunds.concurrent_duplicates", True),
        ("magento@2.4.8", "refunds.concurrent_duplicates", False),
        ("magento@2.4.8", "errors.malformed_ship_creditmemo_status", 500),
        ("magento@2.4.9", "errors.malformed_ship_creditmemo_status", 400),
        ("magento@2.4.8", "auth.integration_bearer", False),
        ("magento@2.4.5", "auth.acl.source_items_write", "Magento_InventoryApi::stock_source_item_assign"),
        ("lightspeed@2.0", "returns.endpoint", "PUT /sales/{sale_id}/actions/return"),
        ("lightspeed@2026-01", "returns.endpoint", "POST /sales/{sale_id}/actions/return"),
        ("lightspeed@2026-01", "inventory.read",
         {"operation": "GET /inventory", "envelope": "data", "level_field": "inventory_level"}),
        ("lightspeed@2026-07", "returns.mixed_referenced_unreferenced_rejected", True),
        ("lightspeed@2026-04", "returns.mixed_referenced_unreferenced_rejected", False),
        ("lightspeed@2026-10", "products.create",
         {"sku_generated_when_omitted": False, "codes_required": True, "family_model": True,
          "generate_codes": "POST /products/generate_product_codes", "generate_codes_max": 200}),
    ],
)
def test_release_facts_follow_the_release_notes(ref: str, fact: str, value: object) -> None:
    assert load_profile(INDEX, INDEX.get(VersionRef.parse(ref))).value(fact) == value


def test_lightspeed_rate_limit_facts() -> None:
    profile = load_profile(INDEX, INDEX.get(VersionRef.parse("lightspeed@2026-07")))
    formula = profile.value("rate_limit.formula")
    assert formula["per_register"] * profile.value("rate_limit.registers") + formula["base"] == 350
    assert profile.value("rate_limit.response")["retry_after"] == "http-date"
    assert profile.value("rate_limit.response")["body"] == {"error": "Too Many Requests",
                                                            "message": "Rate limiting enforced"}


@pytest.mark.parametrize(
    ("ref", "present", "absent"),
    [
        ("lightspeed@2026-01", ["GET /inventory", "POST /sales", "POST /sales/{sale_id}/actions/return"],
         ["POST /inventory", "POST /inventory/reorder_points", "POST /inventory_levels"]),
        ("lightspeed@2026-04", ["POST /inventory", "POST /inventory_levels"], ["GET /inventory"]),
        ("lightspeed@2026-10", ["POST /products/generate_product_codes", "PATCH /products/{product_id}",
                                "GET /product_families", "POST /inventory"], []),
        ("lightspeed@2.0", ["GET /inventory", "PUT /sales/{sale_id}/actions/return"], ["POST /sales"]),
    ],
)
def test_derived_contracts_carry_the_release_note_changes(ref: str, present: list[str], absent: list[str]) -> None:
    contract = load_contract(ref, index=INDEX)
    assert set(present) <= set(contract.operations)
    assert not set(absent) & set(contract.operations)
    if contract.entry.status is ContractStatus.DERIVED:
        assert contract.document["info"]["x-stockgate-status"] == "derived"
        assert "not published by Lightspeed" in contract.document["info"]["title"]
        assert contract.document["servers"][0]["url"].endswith(f"/api/{contract.ref.version}")


def test_2026_10_product_create_requires_codes() -> None:
    contract = load_contract("lightspeed@2026-10", index=INDEX)
    body = contract.operations["POST /products"].request_body
    assert body is not None and body.schema is not None
    assert contract.schemas.errors(body.schema, {"name": "Tee"}) == ["/: 'codes' is a required property"]
    older = load_contract("lightspeed@2026-07", index=INDEX)
    old_body = older.operations["POST /products"].request_body
    assert old_body is not None and old_body.schema is not None
    assert older.schemas.errors(old_body.schema, {"name": "Tee"}) == []


@pytest.mark.parametrize(
    ("ref", "method", "url", "example"),
    [
        (f"magento@2.4.{n}", "GET", "/rest/default/V1/inventory/source-items?searchCriteria[pageSize]=10",
         "magento.source-items.search.response.json") for n in range(5, 10)
    ] + [
        ("magento@2.4.8", "GET", "/rest/all/V1/inventory/stocks", "magento.stocks.search.response.json"),
        ("lightspeed@2.0", "GET", "/api/2.0/inventory?after=0", "lightspeed-2.0.GET-inventory.example.json"),
        ("lightspeed@2026-01", "GET", "/api/2026-01/inventory", "lightspeed-2.0.GET-inventory.example.json"),
        ("lightspeed@2.0", "GET", "/api/2.0/outlets", "lightspeed-2.0.GET-outlets.example.json"),
    ],
)
def test_published_examples_validate_against_their_contract(ref: str, method: str, url: str, example: str) -> None:
    contract = load_contract(ref, index=INDEX)
    found = contract.match(method, url)
    assert found is not None, f"{method} {url} matches no operation of {ref}"
    response = found.operation.response(200)
    assert response is not None and response.body is not None and response.body.schema is not None
    body = json.loads((EXAMPLES / example).read_text(encoding="utf-8"))
    assert contract.schemas.errors(response.body.schema, body) == []


def test_the_2026_04_inventory_shape_rejects_a_2_0_body() -> None:
    """Planted mismatch: the 2.0 envelope is not what POST /inventory answers from 2026-04."""
    contract = load_contract("lightspeed@2026-04", index=INDEX)
    response = contract.operations["POST /inventory"].response(200)
    assert response is not None and response.body is not None and response.body.schema is not None
    body = json.loads((EXAMPLES / "lightspeed-2.0.GET-inventory.example.json").read_text(encoding="utf-8"))
    assert contract.schemas.errors(response.body.schema, body) == ["/: {'data': [{'id': '7896f269-2b20-ff38-602a"
                                                                   "-ace60b172b12', 'product_id': 'a0369f1f-9083"
                                                                   "-11e4-f68e-d26298afef03', 'outlet_id': 'b8ca3a"
                                                                   "65-0183-11e4-fbb5-2816d2677218', 'inventory_l"
                                                                   "evel': 0, 'version': 1639940}, {'id': 'c15190"
                                                                   "b9-0c37-6b52-54e2-f804b00fa8c5', 'product_id"
                                                                   "': 'a0369f1f-9083-11e4-f68e-d26298afef03', 'o"
                                                                   "utlet_id': 'b1e04bd8-f019-11e3-a0f5-b8ca3a64f"
                                                                   "8f4', 'inventory_level': 0, 'version': 163994"
                                                                   "1}, {'id': '0b32fb5c-9cff-5d26-2b64-1593ed2a4"
                                                                   "63b', 'product_id': 'a0369f1f-9083-11e4-f68e-"
                                                                   "cc284567c50d', 'outlet_id': 'b1e04bd8-f019-11"
                                                                   "e3-a0f5-b8ca3a64f8f4', 'inventory_level': -10"
                                                                   ", 'version': 3426971}]} is not of type 'array'"]
