"""OpenAPI → JSON Schema conversion and validation over a whole document."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft4Validator

from stockgate.contracts.model import build_operations, spec_kind
from stockgate.contracts.schema import SchemaView, parameter_schema, to_json_schema

OAS3: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/inventory": {
            "post": {
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/InventoryRequest"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Inventory"}}}}}},
            }
        },
        "/products/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {"responses": {"200": {"$ref": "#/components/responses/Product"}}},
        },
    },
    "components": {
        "responses": {"Product": {"description": "p", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Product"}}}}},
        "schemas": {
            "InventoryRequest": {"type": "object", "properties": {"size": {"type": "integer", "maximum": 5000}}},
            "Inventory": {"type": "object", "required": ["current_inventory_level"], "properties": {
                "current_inventory_level": {"type": "number"},
                "reorder_point": {"type": "number", "nullable": True},
                "reorder_method": {"type": "string", "enum": ["FIXED", "MIN_MAX"], "nullable": True},
                "price": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
            }},
            "Product": {"type": "object", "properties": {
                "parent": {"$ref": "#/components/schemas/Product", "nullable": True}}},
        },
    },
}

SWAGGER2: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/V1/inventory/source-items": {
            "post": {
                "parameters": [{"name": "Body", "in": "body", "required": True, "schema": {
                    "type": "object", "required": ["sourceItems"], "properties": {"sourceItems": {
                        "type": "array", "items": {"$ref": "#/definitions/source-item"}}}}}],
                "responses": {"400": {"description": "bad", "schema": {"$ref": "#/definitions/error"}}},
            },
            "get": {
                "parameters": [{"name": "searchCriteria[pageSize]", "in": "query", "type": "integer",
                                "required": False, "description": "page size"}],
                "responses": {"200": {"description": "ok"}},
            },
        }
    },
    "definitions": {
        "source-item": {"type": "object", "properties": {"sku": {"type": "string"}, "quantity": {"type": "number"},
                                                         "note": {"type": "string", "x-nullable": True}}},
        "error": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}},
    },
}


def test_nullable_becomes_a_null_type_and_enum_member() -> None:
    out = to_json_schema({"type": "string", "enum": ["A"], "nullable": True})
    assert out == {"type": ["string", "null"], "enum": ["A", None]}
    assert to_json_schema({"type": "string", "x-nullable": True}) == {"type": ["string", "null"]}
    assert to_json_schema({"type": "string", "nullable": False}) == {"type": "string"}


def test_nullable_ref_is_wrapped_because_draft4_ignores_ref_siblings() -> None:
    out = to_json_schema({"$ref": "#/x", "nullable": True})
    assert out == {"anyOf": [{"$ref": "#/x"}, {"type": "null"}]}


def test_conversion_does_not_mutate_its_input() -> None:
    node = {"type": "integer", "nullable": True}
    to_json_schema(node)
    assert node == {"type": "integer", "nullable": True}


def test_response_validation_through_refs_with_draft4_semantics() -> None:
    ops = build_operations(OAS3)
    view = SchemaView(OAS3, "urn:test:oas3")
    schema = ops["POST /inventory"].response(200)
    assert schema is not None and schema.body is not None and schema.body.schema is not None
    ptr = schema.body.schema
    good = [{"current_inventory_level": 3, "reorder_point": None, "reorder_method": None, "price": 0.5}]
    assert view.errors(ptr, good) == []
    bad = [{"reorder_point": "x", "reorder_method": "WEEKLY", "price": 0}]
    errors = view.errors(ptr, bad)
    assert any("current_inventory_level" in e for e in errors)
    assert any("/0/reorder_point" in e for e in errors)
    assert any("/0/reorder_method" in e for e in errors)
    assert any("/0/price" in e for e in errors)  # exclusiveMinimum: true means > 0 (Draft 4), not >= 1


def test_component_response_refs_and_path_level_parameters() -> None:
    op = build_operations(OAS3)["GET /products/{id}"]
    assert [(p.name, p.location, p.required) for p in op.parameters] == [("id", "path", True)]
    response = op.response("200")
    assert response is not None and response.body is not None
    assert response.body.schema == "/components/responses/Product/content/application~1json/schema"


def test_recursive_schemas_resolve_with_a_cut() -> None:
    view = SchemaView(OAS3, "urn:test:oas3")
    resolved = view.resolve("/components/schemas/Product")
    parent = resolved["properties"]["parent"]["anyOf"][0]
    assert parent["x-stockgate-ref"] == "Product"
    inner = parent["properties"]["parent"]["anyOf"][0]
    assert inner == {"x-stockgate-ref": "Product", "x-stockgate-cut": "recursive"}


def test_swagger2_body_and_query_parameters() -> None:
    assert spec_kind(SWAGGER2) == "swagger-2.0"
    ops = build_operations(SWAGGER2)
    post = ops["POST /V1/inventory/source-items"]
    assert post.request_body is not None and post.request_body.required
    view = SchemaView(SWAGGER2, "urn:test:sw2")
    ptr = post.request_body.schema
    assert ptr is not None
    assert view.errors(ptr, {"sourceItems": [{"sku": "A", "quantity": 1, "note": None}]}) == []
    assert view.errors(ptr, {"sourceItems": [{"sku": 5}]}) == ["/sourceItems/0/sku: 5 is not of type 'string'"]
    assert view.errors(ptr, {}) == ["/: 'sourceItems' is a required property"]
    get = ops["GET /V1/inventory/source-items"]
    (param,) = get.parameters
    raw = SWAGGER2["paths"]["/V1/inventory/source-items"]["get"]["parameters"][0]
    assert param.name == "searchCriteria[pageSize]" and not param.required
    assert parameter_schema(raw) == {"type": "integer"}


@pytest.mark.parametrize("doc", [{"openapi": "2.5"}, {"swagger": "1.2"}, {}])
def test_unknown_spec_kinds_are_refused(doc: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="neither"):
        spec_kind(doc)


def test_an_answer_seen_before_is_judged_once_and_a_changed_one_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate checks ~1,500 cassette answers of which ~350 differ: each distinct (schema, answer) is validated
    once (issue 18). The memory is by content, never by object: an answer changed in place is judged again."""
    ops = build_operations(OAS3)
    view = SchemaView(OAS3, "urn:test:oas3")
    schema = ops["POST /inventory"].response(200)
    assert schema is not None and schema.body is not None and schema.body.schema is not None
    ptr = schema.body.schema
    answer: list[dict[str, Any]] = [{"current_inventory_level": 3, "reorder_point": None, "price": 0.5}]
    calls = []
    real = Draft4Validator.iter_errors

    def counted(self: Draft4Validator, instance: Any) -> Any:
        calls.append(1)
        return real(self, instance)

    monkeypatch.setattr(Draft4Validator, "iter_errors", counted)
    assert view.errors(ptr, answer) == [] and view.errors(ptr, [dict(answer[0])]) == []
    assert len(calls) == 1  # the equal answer was not validated again
    answer[0]["price"] = 0  # changed in place: the same object, another answer
    errors = view.errors(ptr, answer)
    assert any("/0/price" in e for e in errors) and len(calls) == 2
    errors.append("mine")  # a caller's list is its own
    assert "mine" not in view.errors(ptr, answer)


def test_the_remembered_answers_are_bounded_by_size(monkeypatch: pytest.MonkeyPatch) -> None:
    from stockgate.contracts import schema as schema_module

    ops = build_operations(OAS3)
    view = SchemaView(OAS3, "urn:test:oas3")
    op = ops["POST /inventory"].response(200)
    assert op is not None and op.body is not None and op.body.schema is not None
    monkeypatch.setattr(schema_module, "JUDGED_BYTES", 200)
    for n in range(10):
        view.errors(op.body.schema, [{"current_inventory_level": n, "price": 0.5, "reorder_point": None}])
    assert 0 < view._judged_bytes <= 200 and len(view._judged) < 10
