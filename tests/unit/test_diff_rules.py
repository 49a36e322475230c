"""Every diff rule has a planted contract mutation that must trigger it (and the unmutated pair triggers nothing).

The documents are small but real: one Swagger 2.0 (Magento's dialect: body parameters,
``definitions``, ``x-nullable``) and one OpenAPI 3.0 (Lightspeed's: ``requestBody``,
``components``, ``nullable``). Each mutation runs on both where the dialect allows.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from stockgate.contracts.model import build_operations
from stockgate.contracts.profiles import Fact, Profile
from stockgate.contracts.refs import VersionRef
from stockgate.diff.accepted import apply_accepted
from stockgate.diff.behaviour import fact_deltas
from stockgate.diff.engine import _security
from stockgate.diff.model import Acceptance, Change
from stockgate.diff.operations import OperationsDiff
from stockgate.diff.rules import RULES

ITEM = {"type": "object", "required": ["sku", "quantity"], "properties": {
    "sku": {"type": "string", "maxLength": 64}, "quantity": {"type": "number", "minimum": 0},
    "status": {"type": "integer", "enum": [0, 1]}, "note": {"type": "string"},
    "codes": {"type": "array", "maxItems": 10, "items": {"type": "string"}}}}


def swagger() -> dict[str, Any]:
    """A Magento-shaped document: POST source items, GET items."""
    return {
        "swagger": "2.0", "info": {"title": "t", "version": "1"},
        "securityDefinitions": {"api_key": {"type": "apiKey", "name": "api_key", "in": "header"}},
        "definitions": {"item": copy.deepcopy(ITEM)},
        "paths": {
            "/V1/items": {
                "post": {"parameters": [{"name": "body", "in": "body", "required": True, "schema": {
                    "type": "object", "properties": {"items": {"type": "array",
                                                               "items": {"$ref": "#/definitions/item"}}}}}],
                    "responses": {"200": {"description": "ok", "schema": {"type": "array",
                                                                          "items": {"type": "string"}}}}},
                "get": {"parameters": [{"name": "searchCriteria[pageSize]", "in": "query", "type": "integer"}],
                        "responses": {"200": {"description": "ok", "schema": {
                            "type": "object", "required": ["items"], "properties": {
                                "items": {"type": "array", "items": {"$ref": "#/definitions/item"}},
                                "total_count": {"type": "integer"}}}}}},
            },
        },
    }


def openapi() -> dict[str, Any]:
    """A Lightspeed-shaped document."""
    return {
        "openapi": "3.0.0", "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"item": copy.deepcopy(ITEM)},
                       "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
        "paths": {
            "/items": {
                "post": {"requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "properties": {"items": {"type": "array", "items": {
                        "$ref": "#/components/schemas/item"}}}}}}},
                    "responses": {"201": {"description": "ok", "content": {"application/json": {"schema": {
                        "type": "array", "items": {"type": "string"}}}}}}},
                "get": {"parameters": [{"name": "page_size", "in": "query", "schema": {"type": "integer"}}],
                        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                            "type": "object", "required": ["items"], "properties": {
                                "items": {"type": "array", "items": {"$ref": "#/components/schemas/item"}},
                                "total_count": {"type": "integer"}}}}}}}},
            },
        },
    }


def _item(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["definitions"]["item"] if "definitions" in doc else doc["components"]["schemas"]["item"]


def _path(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["paths"]["/V1/items" if "swagger" in doc else "/items"]


def _get_param(doc: dict[str, Any]) -> dict[str, Any]:
    return _path(doc)["get"]["parameters"][0]


def _success(doc: dict[str, Any]) -> str:
    return "200" if "swagger" in doc else "201"


def _nullable(schema: dict[str, Any], doc: dict[str, Any]) -> None:
    schema["x-nullable" if "swagger" in doc else "nullable"] = True


def _retype_param(doc: dict[str, Any]) -> None:
    param = _get_param(doc)
    (param if "swagger" in doc else param["schema"])["type"] = "string"


def _add_required_param(doc: dict[str, Any]) -> None:
    _path(doc)["get"]["parameters"].append({"name": "store", "in": "query", "required": True, **(
        {"type": "string"} if "swagger" in doc else {"schema": {"type": "string"}})})


def _add_param(doc: dict[str, Any]) -> None:
    _path(doc)["get"]["parameters"].append({"name": "store", "in": "query", **(
        {"type": "string"} if "swagger" in doc else {"schema": {"type": "string"}})})


def _media(doc: dict[str, Any], where: str) -> None:
    op = _path(doc)["post"]
    if "swagger" in doc:
        op["consumes" if where == "request" else "produces"] = ["application/xml"]
        doc["consumes" if where == "request" else "produces"] = ["application/json"]  # the old default
    elif where == "request":
        body = op["requestBody"]["content"]
        body["application/xml"] = body.pop("application/json")
    else:
        content = op["responses"]["201"]["content"]
        content["application/xml"] = content.pop("application/json")


def _old_media(doc: dict[str, Any]) -> None:
    if "swagger" in doc:
        doc["consumes"] = doc["produces"] = ["application/json"]


Mutation = Callable[[dict[str, Any]], None]


def _one_of(doc: dict[str, Any]) -> None:
    _item(doc)["properties"]["value"] = {"oneOf": [{"type": "string"}, {"type": "integer"}]}


def _header(doc: dict[str, Any], kind: str = "integer") -> dict[str, Any]:
    headers = _path(doc)["get"]["responses"]["200"].setdefault("headers", {})
    headers["X-Total-Count"] = {"type": kind} if "swagger" in doc else {"schema": {"type": kind}}
    return headers


def _prop(name: str, key: str, value: Any) -> Mutation:
    return lambda d: _item(d)["properties"][name].__setitem__(key, value)


# rule id -> (mutate the new document, optionally prepare the old one too)
MUTATIONS: dict[str, tuple[Mutation, Mutation | None]] = {
    "operation-removed": (lambda d: _path(d).pop("get"), None),
    "operation-method-changed": (lambda d: _path(d).__setitem__("put", _path(d).pop("get")), None),
    "operation-added": (lambda d: _path(d).__setitem__("delete", {"responses": {"204": {"description": "x"}}}), None),
    "operation-deprecated": (lambda d: _path(d)["get"].__setitem__("deprecated", True), None),
    "security-changed": (lambda d: (d.get("securityDefinitions") or d["components"]["securitySchemes"]).clear(), None),
    "request-parameter-added-required": (_add_required_param, None),
    "request-parameter-added": (_add_param, None),
    "request-parameter-removed": (lambda d: _path(d)["get"]["parameters"].clear(), None),
    "request-parameter-became-required": (lambda d: _get_param(d).__setitem__("required", True), None),
    "request-parameter-retyped": (_retype_param, None),
    "request-body-became-required": (
        lambda d: (_path(d)["post"]["parameters"][0] if "swagger" in d else _path(d)["post"]["requestBody"])
        .__setitem__("required", True),
        lambda d: _path(d)["post"]["parameters"][0].__setitem__("required", False) if "swagger" in d else None),
    "request-content-type-removed": (lambda d: _media(d, "request"), _old_media),
    "request-property-added-required": (
        lambda d: (_item(d)["properties"].__setitem__("source_code", {"type": "string"}),
                   _item(d)["required"].append("source_code")), None),
    "request-property-added": (lambda d: _item(d)["properties"].__setitem__("source_code", {"type": "string"}),
                               None),
    "request-property-became-required": (lambda d: _item(d)["required"].append("note"), None),
    "request-property-removed": (lambda d: _item(d)["properties"].pop("note"), None),
    "request-property-retyped": (lambda d: _item(d)["properties"]["note"].__setitem__("type", "integer"), None),
    "request-enum-narrowed": (lambda d: _item(d)["properties"]["status"].__setitem__("enum", [1]), None),
    "request-max-length-decreased": (lambda d: _item(d)["properties"]["sku"].__setitem__("maxLength", 32), None),
    "request-min-length-increased": (lambda d: _item(d)["properties"]["sku"].__setitem__("minLength", 2), None),
    "request-max-items-decreased": (lambda d: _item(d)["properties"]["codes"].__setitem__("maxItems", 5), None),
    "request-min-items-increased": (lambda d: _item(d)["properties"]["codes"].__setitem__("minItems", 1), None),
    "request-maximum-decreased": (lambda d: _item(d)["properties"]["quantity"].__setitem__("maximum", 1000), None),
    "request-minimum-increased": (lambda d: _item(d)["properties"]["quantity"].__setitem__("minimum", 1), None),
    "request-pattern-changed": (lambda d: _item(d)["properties"]["sku"].__setitem__("pattern", "^\\S+$"), None),
    "request-format-changed": (lambda d: _item(d)["properties"]["note"].__setitem__("format", "uuid"), None),
    "request-array-items-retyped": (lambda d: _item(d)["properties"]["codes"]["items"].__setitem__("type", "integer"),
                                    None),
    "response-status-removed": (lambda d: _path(d)["get"]["responses"].__setitem__(
        "202", _path(d)["get"]["responses"].pop("200")), None),
    "response-status-added": (lambda d: _path(d)["get"]["responses"].__setitem__("404", {"description": "x"}), None),
    "response-content-type-removed": (lambda d: _media(d, "response"), _old_media),
    "response-property-removed": (lambda d: _item(d)["properties"].pop("note"), None),
    "response-property-added": (lambda d: _item(d)["properties"].__setitem__("source_code", {"type": "string"}),
                                None),
    "response-property-retyped": (lambda d: _item(d)["properties"]["note"].__setitem__("type", "integer"), None),
    "response-property-became-nullable": (lambda d: _nullable(_item(d)["properties"]["quantity"], d), None),
    "response-property-became-optional": (lambda d: _item(d)["required"].remove("quantity"), None),
    "response-enum-widened": (lambda d: _item(d)["properties"]["status"].__setitem__("enum", [0, 1, 2]), None),
    "response-array-items-retyped": (
        lambda d: _item(d)["properties"]["codes"]["items"].__setitem__("type", "integer"), None),
    # issue 16 item 8: the checks oasdiff has that we lacked
    "request-max-properties-decreased": (lambda d: _item(d).__setitem__("maxProperties", 3), None),
    "request-min-properties-increased": (lambda d: _item(d).__setitem__("minProperties", 1), None),
    "request-multiple-of-changed": (_prop("quantity", "multipleOf", 1), None),
    "request-unique-items-added": (_prop("codes", "uniqueItems", True), None),
    "request-property-became-read-only": (_prop("note", "readOnly", True), None),
    "request-default-changed": (_prop("status", "default", 1), None),
    "request-property-deprecated": (_prop("note", "deprecated", True), None),
    "request-branch-removed": (lambda d: _item(d)["properties"]["value"]["oneOf"].pop(), _one_of),
    "request-branch-added": (lambda d: _item(d)["properties"]["value"]["oneOf"].append({"type": "boolean"}), _one_of),
    "operation-sunset-set": (lambda d: _path(d)["get"].__setitem__("x-sunset", "2027-06-30"), None),
    "response-header-removed": (lambda d: _header(d).clear(), _header),
    "response-header-retyped": (lambda d: _header(d, "string"), _header),
    "response-constraint-relaxed": (lambda d: _item(d)["properties"]["sku"].pop("maxLength"), None),
    "response-property-became-write-only": (_prop("note", "writeOnly", True), None),
    "response-default-changed": (_prop("status", "default", 1), None),
    "response-property-deprecated": (_prop("note", "deprecated", True), None),
    "response-branch-added": (lambda d: _item(d)["properties"]["value"]["oneOf"].append({"type": "boolean"}),
                              _one_of),
    "response-branch-removed": (lambda d: _item(d)["properties"]["value"]["oneOf"].pop(), _one_of),
}

# behaviour rules: (fact id, old value, new value)
FACTS: dict[str, tuple[str, Any, Any]] = {
    "behaviour-auth-changed": ("auth.integration_bearer", True, False),
    "behaviour-auth-implementation-changed": ("auth.oauth1", {"accepted": True, "implementation": "a"},
                                              {"accepted": True, "implementation": "b"}),
    "behaviour-input-limits-changed": ("input_limits.sync_array_max", 50, 20),
    "behaviour-rate-limit-changed": ("rate_limit.admin_rest", {"enabled": False}, {"enabled": True}),
    "behaviour-pagination-changed": ("pagination.page_size_caps", {"other": 10000}, {"other": 5000}),
    "behaviour-endpoint-gone": ("endpoints.gone", {"operations": []}, {"operations": ["GET /api/products"]}),
    "behaviour-method-moved": ("returns.endpoint", "PUT /sales/{sale_id}/actions/return",
                               "POST /sales/{sale_id}/actions/return"),
    "behaviour-validation-changed": ("inventory.sku_whitespace_rejected", {"rejected": False}, {"rejected": True}),
    "behaviour-errors-changed": ("errors.malformed_ship_creditmemo_status", 500, 400),
    "behaviour-semantics-changed": ("refunds.concurrent_duplicates", True, False),
    "behaviour-documentation": ("version_path", "/api/2026-04", "/api/2026-07"),
    "behaviour-unknown": ("platform.msi_version", "1.2.7", None),
}


def _changes(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    found = {d.rule for _op, d in OperationsDiff(old, new, build_operations(old), build_operations(new)).changes()}
    return found | {d.rule for d in _security(old, new)}


def test_every_rule_has_a_planted_mutation() -> None:
    assert set(RULES) == set(MUTATIONS) | set(FACTS) | {"accepted-expired"}


def test_unchanged_documents_have_no_change() -> None:
    for make in (swagger, openapi):
        assert _changes(make(), make()) == set()


@pytest.mark.parametrize("make", [swagger, openapi], ids=["swagger-2.0", "openapi-3.0"])
@pytest.mark.parametrize("rule_id", sorted(MUTATIONS))
def test_the_planted_mutation_triggers_its_rule(rule_id: str, make: Callable[[], dict[str, Any]]) -> None:
    mutate, prepare = MUTATIONS[rule_id]
    old, new = make(), make()
    if prepare:
        prepare(old)
        prepare(new)
    mutate(new)
    assert rule_id in _changes(old, new)


def _profile(facts: dict[str, Any]) -> Profile:
    return Profile(ref=VersionRef.parse("magento@2.4.8"), name="default", description="", files=(), facts={
        k: Fact(id=k, value=v, source="test", basis="unknown" if v is None else "documented", note="", origin="t")
        for k, v in facts.items()})


@pytest.mark.parametrize("rule_id", sorted(FACTS))
def test_a_changed_fact_triggers_its_behaviour_rule(rule_id: str) -> None:
    fact_id, old, new = FACTS[rule_id]
    assert [d.rule for d in fact_deltas(_profile({fact_id: old}), _profile({fact_id: new}))] == [rule_id]
    assert fact_deltas(_profile({fact_id: old}), _profile({fact_id: old})) == []


def test_an_expired_acceptance_blocks_and_a_current_one_does_not() -> None:
    change = Change(rule="operation-removed", platform="magento", from_version="2.4.7", to_version="2.4.8",
                    operation="GET /V1/x", severity=RULES["operation-removed"].severity)
    today = dt.date(2026, 11, 28)
    current = Acceptance(fingerprint=change.fingerprint, reason="moved to GET /V1/y in v3", expires="2026-12-31")
    (kept,), unused = apply_accepted([change], [current], today)
    assert kept.accepted == current and not kept.blocking and unused == []
    expired = Acceptance(fingerprint=change.fingerprint, reason="moved to GET /V1/y in v3", expires="2026-11-27")
    out, _ = apply_accepted([change], [expired], today)
    assert [c.rule for c in out] == ["operation-removed", "accepted-expired"] and all(c.blocking for c in out)
    stray = Acceptance(fingerprint="0123456789ab", reason="a change that went away", expires="2027-01-01")
    assert apply_accepted([change], [stray], today)[1] == [stray]


@pytest.mark.parametrize("make", [swagger, openapi], ids=["swagger-2.0", "openapi-3.0"])
@pytest.mark.parametrize(("mutate", "prepare", "rule_id"), [
    (_prop("quantity", "multipleOf", 1), _prop("quantity", "multipleOf", 2), "request-multiple-of-changed"),
    (_prop("sku", "maxLength", 32), None, "response-constraint-relaxed"),
    (_prop("quantity", "minimum", 5), None, "response-constraint-relaxed"),
    (lambda d: _path(d)["get"].__setitem__("x-sunset", "2028-01-01"),
     lambda d: _path(d)["get"].__setitem__("x-sunset", "2027-01-01"), "operation-sunset-set"),
    (lambda d: _item(d)["properties"]["value"]["oneOf"].reverse(), _one_of, "request-branch-removed"),
], ids=["multiple-of-divides-the-old", "response-max-length-tightened", "response-minimum-raised",
        "sunset-moved-later", "branches-reordered"])
def test_a_change_that_keeps_the_promise_is_not_reported(make: Callable[[], dict[str, Any]], mutate: Mutation,
                                                        prepare: Mutation | None, rule_id: str) -> None:
    """The new rules' edges: a step that divides the old one, a tighter answer, a later sunset, moved branches."""
    old, new = make(), make()
    for doc in (old, new) if prepare else ():
        assert prepare is not None
        prepare(doc)
    mutate(new)
    assert rule_id not in _changes(old, new)
