"""schemathesis drives every implemented operation of every Magento contract version against the twin.

Checks: schemathesis' own (status codes, content types, headers, no 5xx …) plus stockgate's
profile-aware response check in place of ``response_schema_conformance``, so that known
doc-vs-wire differences are the profile's declared facts, not exceptions written here:

* ``positive_data_acceptance`` is off: Adobe's schema declares no required fields or ``minItems``
  on inventory bodies while Magento validates them (``inventory.source_items_validation``), so
  schema-valid requests are rightly refused with 400 by real stores.
* ``not_a_server_error`` is off for ``/ship`` and ``/refund`` exactly when the profile says
  malformed bodies answer 500 (``errors.malformed_ship_creditmemo_status``, before 2.4.9), and for
  operations with a body where a nested key that names no property is a masked 500
  (``request.unknown_property``, before 2.4.7): generated bodies are full of such keys.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from stockgate.contracts import load_contract
from stockgate.twins.magento import create_app
from stockgate.twins.magento.app import MagentoApp
from tests.conformance.driving import (
    AUTH,
    EXAMPLES,
    failure_text,
    implemented_operations,
    profile_check,
    run_cases,
)

VERSIONS = ["2.4.5", "2.4.6", "2.4.7", "2.4.8", "2.4.9"]
PROFILE = "integration-bearer-on"
MALFORMED = {"POST /V1/order/{orderId}/ship", "POST /V1/order/{orderId}/refund"}


@functools.cache
def _app(version: str) -> MagentoApp:
    return create_app(version, PROFILE)


@functools.cache
def _operations(version: str) -> dict[str, Any]:
    return operations_on(version, _app(version))


def operations_on(version: str, app: MagentoApp) -> dict[str, Any]:
    """schemathesis operations of ``magento@version`` the twin implements, bound to ``app``."""
    return implemented_operations(load_contract(f"magento@{version}").document, app, app.operations())


def _ids() -> list[Any]:
    from stockgate.twins.registry import connector_operations

    return [pytest.param(v, op, id=f"magento@{v}-{op}") for v in VERSIONS for _area, op in
            connector_operations("magento")]


def profile_conformance(app: MagentoApp) -> Any:
    return profile_check(app.twin.contract, app.twin.profile, lambda response, _case: str(response.request.url))


@pytest.mark.parametrize(("version", "operation"), _ids())
def test_twin_conforms(version: str, operation: str) -> None:
    op = _operations(version).get(operation)
    assert op is not None, f"{operation} is not implemented by the twin or not in magento@{version}"
    drive(version, operation, op, _app(version))


def drive(version: str, operation: str, op: Any, app: MagentoApp, examples: int = EXAMPLES, *,
          explicit: tuple[dict[str, Any], ...] = ()) -> None:
    """Run schemathesis cases of ``op`` against ``app`` with the checks described above."""
    excluded = [checks.positive_data_acceptance, checks.response_schema_conformance]
    if operation in MALFORMED and app.twin.behaviour.malformed_ship_creditmemo_status >= 500:
        excluded.append(checks.not_a_server_error)
    elif app.twin.behaviour.unknown_property["answer"] == "internal-error" and \
            app.twin.contract.operations[operation].request_body is not None:
        excluded.append(checks.not_a_server_error)  # request.unknown_property: NameFinder's LogicException
    run_cases(op, excluded, profile_conformance(app), examples, explicit)


def _planted(monkeypatch: pytest.MonkeyPatch, operation: str, expected: str,
             explicit: tuple[dict[str, Any], ...] = ()) -> None:
    app = create_app("2.4.8", PROFILE)
    op = operations_on("2.4.8", app)[operation]
    with pytest.raises(BaseException) as failure:
        drive("2.4.8", operation, op, app, examples=20, explicit=explicit)
    assert expected in failure_text(failure)


def test_planted_schema_break_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A twin that answers a stock id as text must fail the profile-aware conformance check."""
    from stockgate.twins.magento import serialize

    real = serialize.stock
    monkeypatch.setattr(serialize, "stock", lambda raw: {**real(raw), "stock_id": "two"})
    _planted(monkeypatch, "GET /V1/inventory/stocks/{stockId}", "/stock_id: 'two' is not of type 'integer'",
             explicit=({"stockId": 2},))  # the demo store's Retail Stock: a 200 whatever hypothesis draws


def test_planted_server_error_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A twin that crashes with a 500 on a list route must fail schemathesis' not_a_server_error."""
    from stockgate.twins.magento import routes_inventory
    from stockgate.twins.magento.errors import MagentoError

    def boom(call: Any) -> Any:
        raise MagentoError(500, "Internal Error. Details are available in Magento log file. Report ID: webapi-1")

    monkeypatch.setattr(routes_inventory, "list_source_items", boom)
    _planted(monkeypatch, "GET /V1/inventory/source-items", "Server error")


STATEFUL_EXAMPLES = {"ci": 6, "dev": 3, "deep": 100}.get(os.environ.get("HYPOTHESIS_PROFILE", "dev"), 6)


@pytest.mark.parametrize("version", VERSIONS, ids=[f"magento@{v}" for v in VERSIONS])
def test_twin_conforms_statefully(version: str) -> None:
    """schemathesis follows the links it infers (order → invoice → ship → refund → credit memo …)."""
    app = create_app(version, PROFILE)
    contract = load_contract(f"magento@{version}")
    implemented = set(app.operations())
    schema = schemathesis.openapi.from_dict(contract.document).include(
        lambda ctx: f"{ctx.operation.method.upper()} {ctx.operation.path}" in implemented)
    schema.app = app
    conformance = profile_conformance(app)
    excluded = [checks.positive_data_acceptance, checks.response_schema_conformance]
    if app.twin.behaviour.malformed_ship_creditmemo_status >= 500:
        excluded.append(checks.not_a_server_error)  # errors.malformed_ship_creditmemo_status

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": {**AUTH, "Content-Type": "application/json"}}

        def validate_response(self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response, excluded_checks=excluded, additional_checks=[conformance])

    Workflow.run(settings=settings(max_examples=STATEFUL_EXAMPLES, stateful_step_count=6, deadline=None,
                                   derandomize=True, database=None, suppress_health_check=list(HealthCheck)))
