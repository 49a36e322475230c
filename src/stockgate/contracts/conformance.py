"""Does a concrete answer honour the contract? Schema checks plus the profile's declared deviations.

Known doc-vs-wire differences are stated as profile facts, never silenced by callers:

* ``ids.numeric_strings`` (Magento): these operations answer an integer id as a JSON string.
* ``schema.required_nulls`` (Magento): schema-required properties real stores answer with null.
* ``schema.untyped_values`` (Magento): properties whose real values are not of the declared type
  (a product's ``category_ids`` custom attribute is a list of strings).
* ``schema.omitted_when_null`` (Magento): declared properties real stores leave out while null; one the
  schema requires (a dynamic bundle's link ``price_type``) may be absent.
* ``errors.void_answer`` (Magento): void service methods answer ``[]`` with a 200 the schema omits.
* ``schema.response_overrides`` (Lightspeed): a success body the profile describes instead of the document.
* ``schema.wire_envelopes`` (Lightspeed): the wire wraps a declared body in a key (``{"data": [...]}``).
* ``errors.body``: Lightspeed errors are ``{"error": "..."}``; Magento error bodies are
  ``{message, parameters?, errors?, code?, trace?}`` with ``parameters`` an array *or* an object,
  whatever the schema's ``error-response`` says.

Used by the twins' test-wide response check and by cassette audits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stockgate.contracts.contract import Contract
    from stockgate.contracts.profiles import Profile


def _error_body_problems(profile: Profile, body: Any) -> list[str]:
    shape = profile.facts.get("errors.body")
    if shape is None:
        return []
    value = shape.value
    if "shape" in value:  # Lightspeed: {"error": "<message>"} (extra keys such as the 429 "message" allowed)
        keys = list(value["shape"])
        missing = [k for k in keys if not isinstance(body, dict) or not isinstance(body.get(k), str)]
        return [f"/{k}: an error body must carry a string '{k}' (profile fact errors.body)" for k in missing]
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        return ["/: an error body must be an object with a string 'message' (profile fact errors.body)"]
    allowed = {"message", *value["optional_keys"]}
    problems = [f"/{key}: not a key Magento error bodies carry (errors.body)" for key in body if key not in allowed]
    params = body.get("parameters")
    kinds = {"array": list, "object": dict}
    if params is not None and not any(isinstance(params, kinds[k]) for k in value["parameters_shapes"]):
        problems.append(f"/parameters: expected one of {value['parameters_shapes']}, got {type(params).__name__}")
    return problems


def response_problems(contract: Contract, profile: Profile, *, method: str, url: str, status: int,
                      body: Any) -> list[str]:
    """Every way ``status``/``body`` for ``method url`` breaks ``contract`` under ``profile`` (empty: conforms)."""
    undeclared = profile.facts.get("errors.undeclared_statuses")
    if status >= 400 and "errors.body" in profile.facts:
        problems = _error_body_problems(profile, body)  # unrouted requests answer errors of the same shape
        found = contract.match(method, url)
        if found is not None and found.operation.response(status) is None and (
                undeclared is None or status not in (undeclared.value or [])):
            problems.append(f"{found.operation.key}: status {status} is neither declared nor a profile-listed "
                            "undeclared status (errors.undeclared_statuses)")
        return problems
    found = contract.match(method, url)
    if found is None:
        return [f"{method} {url}: no operation of {contract.ref} matches"]
    if found.mount.mode != "sync":
        return []  # Adobe publishes no async/bulk schema (MAGENTO.md §6); their answers are not in the contract
    operation = found.operation
    declared = operation.response(status)
    if declared is None:
        return [f"{operation.key}: status {status} is not declared (and there is no default response)"]
    void = profile.facts.get("errors.void_answer")
    is_void = declared.status == "default" and 200 <= status < 300 and void is not None and body == void.value
    if is_void or declared.body is None or declared.body.schema is None:
        return []
    problems = _schema_problems(contract, profile, operation.key, declared.body.schema, body)
    if _fields_filtered(profile, url):  # a partial answer by request: what was left out is not missing
        problems = [p for p in problems if not p.endswith("is a required property")]
    return [f"{operation.key} {status} {p}" for p in problems]


def _fields_filtered(profile: Profile, url: str) -> bool:
    """Whether ``url`` asks for a partial answer (Magento's ``fields=``, fact ``request.fields_filter``)."""
    from urllib.parse import parse_qsl, urlsplit

    rule = profile.facts.get("request.fields_filter")
    if rule is None or not isinstance(rule.value, dict) or "parameter" not in rule.value:
        return False
    query = parse_qsl(urlsplit(url).query, keep_blank_values=True)
    return any(k == rule.value["parameter"] and v not in ("", "0") for k, v in query)


def not_json_problems(contract: Contract, *, method: str, url: str, status: int, content_type: str) -> list[str]:
    """An answer whose body is not JSON: a problem when it is a success the operation promises as JSON.

    Errors are left alone: an edge or a proxy answers 429s and 5xx pages in HTML whatever the contract says.
    """
    found = contract.match(method, url)
    if found is None or found.mount.mode != "sync" or not 200 <= status < 300:
        return []
    declared = found.operation.response(status)
    promised = [m for m in (declared.body.media_types if declared and declared.body else ()) if _is_json(m)]
    if not promised:
        return []
    return [f"{found.operation.key} {status}: the contract promises {promised[0]}, the answer is not JSON "
            f"(content type {content_type or 'not stated'})"]


def _is_json(media_type: str) -> bool:
    kind = media_type.partition(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


def _schema_problems(contract: Contract, profile: Profile, key: str, pointer: str, body: Any) -> list[str]:
    envelopes = profile.facts.get("schema.wire_envelopes")
    wrapper = (envelopes.value or {}).get(key) if envelopes is not None else None
    if wrapper is not None:
        if not isinstance(body, dict) or wrapper not in body:
            return [f"/: expected the body wrapped in '{wrapper}' (profile fact schema.wire_envelopes)"]
        body = body[wrapper]
    numeric = profile.facts.get("ids.numeric_strings")
    if numeric is not None and key in (numeric.value or []) and isinstance(body, str) and body.isdigit():
        body = int(body)
    overrides = profile.facts.get("schema.response_overrides")
    override = (overrides.value or {}).get(key) if overrides is not None else None
    if override is not None:
        return contract.schemas.errors_for(override, body)
    nulls, untyped = profile.facts.get("schema.required_nulls"), profile.facts.get("schema.untyped_values")
    schemas = contract.schemas_with_nulls(tuple((nulls.value if nulls else None) or ()),
                                          tuple((untyped.value if untyped else None) or ()), _omitted(profile))
    return schemas.errors(pointer, body)


def _omitted(profile: Profile) -> tuple[tuple[str, str], ...]:
    """``(definition, property)`` pairs of ``schema.omitted_when_null``: absent though required is no problem."""
    fact = profile.facts.get("schema.omitted_when_null")
    groups = (fact.value if fact is not None else None) or {}
    return tuple(sorted({(d, p) for d, by_reason in groups.items() for props in by_reason.values() for p in props}))
