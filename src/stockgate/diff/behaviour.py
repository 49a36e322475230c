"""Behaviour changes: profile facts that differ between two versions (what the documents cannot say).

Each fact id maps to a rule by its prefix (``auth.`` → ``behaviour-auth-changed`` …). A fact that
is unknown on either side cannot be compared and is reported as ``behaviour-unknown`` (info), with
the profile's note. Which operations a fact is about decides whether it concerns a consumer:
operations named in its values (``sales.write``, ``endpoints.gone``), or, for facts about a flow,
the operations of that flow (:data:`FLOW_OPERATIONS`); other facts concern every connector of the
platform.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from stockgate.contracts.profiles import Fact, Profile
from stockgate.diff.model import Delta

FACT_RULES = (  # first matching prefix wins
    ("platform.", "behaviour-documentation"), ("schema.", "behaviour-documentation"),
    ("version_path", "behaviour-documentation"), ("host", "behaviour-documentation"),
    ("auth.", "behaviour-auth-changed"), ("input_limits.", "behaviour-input-limits-changed"),
    ("rate_limit.", "behaviour-rate-limit-changed"), ("pagination.", "behaviour-pagination-changed"),
    ("search.page_past_end", "behaviour-pagination-changed"),
    ("search.unpaged_when_limits_off", "behaviour-pagination-changed"),
    ("endpoints.gone", "behaviour-endpoint-gone"), ("sales.write", "behaviour-method-moved"),
    ("returns.endpoint", "behaviour-method-moved"), ("inventory.read", "behaviour-method-moved"),
    ("inventory.write", "behaviour-method-moved"),
    ("validation.", "behaviour-validation-changed"), ("inventory.sku_whitespace", "behaviour-validation-changed"),
    ("inventory.source_items_validation", "behaviour-validation-changed"),
    ("returns.mixed_referenced", "behaviour-validation-changed"), ("products.create", "behaviour-validation-changed"),
    ("sales.recognised_lines_immutable", "behaviour-validation-changed"),
    ("errors.", "behaviour-errors-changed"),
    ("", "behaviour-semantics-changed"),
)

# facts about one flow concern a connector only when it calls that flow's operations
FLOW_OPERATIONS = {
    "magento": (
        ("refunds.", ("POST /V1/order/{orderId}/refund", "POST /V1/invoice/{invoiceId}/refund")),
        ("orders.partial_refund", ("POST /V1/order/{orderId}/refund",)),
        ("orders.comment", ("POST /V1/orders/{id}/comments",)),
        ("orders.", ("GET /V1/orders", "GET /V1/orders/{id}")),
        ("errors.malformed_ship_creditmemo", ("POST /V1/order/{orderId}/ship", "POST /V1/order/{orderId}/refund")),
        ("shipments.", ("POST /V1/order/{orderId}/ship",)),
        ("inventory.", ("POST /V1/inventory/source-items", "POST /V1/inventory/source-items-delete")),
        ("bulk.", ("POST /V1/inventory/source-items",)),
        ("rate_limit.payment_information", ("POST /V1/guest-carts/{cartId}/payment-information",
                                            "POST /V1/carts/mine/payment-information")),
    ),
    "lightspeed": (
        ("returns.", ("POST /sales/{sale_id}/actions/return", "PUT /sales/{sale_id}/actions/return")),
        ("products.", ("POST /products",)),
        ("sales.recognised_lines", ("PUT /sales/{sale_id}", "POST /api/register_sales")),
        ("webhooks", ("POST /webhooks",)),
        ("validation.postal_code", ("POST /customers", "PUT /customers/{customer_id}")),
    ),
}

OPERATION = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (/\S*)$")


def rule_for(fact_id: str) -> str:
    """The rule of a changed fact."""
    return next(rule for prefix, rule in FACT_RULES if fact_id.startswith(prefix))


def fact_deltas(old: Profile, new: Profile) -> list[Delta]:
    """One delta per fact whose value differs (``field`` is the fact id, ``pointer`` its profile file)."""
    out = []
    for fact_id in sorted(set(old.facts) | set(new.facts)):
        a, b = old.facts.get(fact_id), new.facts.get(fact_id)
        if a is not None and b is not None and a.value == b.value and a.basis != "unknown":
            continue
        if (a is None or a.basis == "unknown") and (b is None or b.basis == "unknown"):
            continue  # unknown on both sides: nothing changed that anyone knows of
        stated = b or a
        where = stated.origin if stated is not None else ""
        if a is None or b is None or "unknown" in (a.basis, b.basis):
            missing = a if a is None or a.basis == "unknown" else b
            note = (missing.note if missing is not None and missing.note else "not stated")
            out.append(Delta("behaviour-unknown", fact_id, where, _show(a), _show(b) + f" ({note})"))
            continue
        out.append(Delta(_rule(fact_id, a.value, b.value), fact_id, where, _show(a), _show(b)))
    return out


def _rule(fact_id: str, old: Any, new: Any) -> str:
    """The fact's rule; an auth fact whose only difference is the implementation is a lesser one."""
    rule = rule_for(fact_id)
    if rule == "behaviour-auth-changed" and isinstance(old, dict) and isinstance(new, dict):
        differing = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
        if differing <= {"implementation"}:
            return "behaviour-auth-implementation-changed"
    return rule


def operations_named(platform: str, fact_id: str, *values: Any) -> list[tuple[str, str | None]]:
    """(operation key, API family or None for "the diffed version's") a fact is about."""
    found = [_split(text) for value in values for text in _strings(value) if OPERATION.match(text)]
    if found:
        return found
    for prefix, operations in FLOW_OPERATIONS.get(platform, ()):
        if fact_id.startswith(prefix):
            return [_split(op) for op in operations]
    return []


def _split(operation: str) -> tuple[str, str | None]:
    """An operation as a profile writes it → (contract key, API family; None: the diffed version's).

    ``PUT /api/2.1/products/{id}`` → (``PUT /products/{id}``, ``2.1``); ``POST /api/register_sales`` →
    (itself, ``0.9``); ``POST /sales`` → (itself, None).
    """
    method, path = operation.split(" ", 1)
    versioned = re.match(r"^/api/(\d+\.\d+|\d{4}-\d{2})(/.*)$", path)
    if versioned:
        segment = versioned[1]
        return f"{method} {versioned[2]}", "date" if re.match(r"^\d{4}-\d{2}$", segment) else segment
    if path.startswith("/api/"):
        return operation, "0.9"
    return operation, None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _show(fact: Fact | None) -> str:
    if fact is None:
        return "not stated"
    if fact.basis == "unknown":
        return "unknown"
    return json.dumps(fact.value, sort_keys=True, ensure_ascii=False) if not isinstance(fact.value, str) \
        else fact.value
