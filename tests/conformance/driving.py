"""What the Magento and Lightspeed schemathesis suites share: operations, the profile-aware check, the run."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from stockgate.contracts.conformance import response_problems

AUTH = {"Authorization": "Bearer stockgate-demo-token"}
EXAMPLES = {"ci": 8, "dev": 5, "deep": 200}.get(os.environ.get("HYPOTHESIS_PROFILE", "dev"), 8)


def implemented_operations(document: dict[str, Any], app: Any, implemented: Iterable[str]) -> dict[str, Any]:
    """schemathesis operations of ``document`` whose ``METHOD /template`` is in ``implemented``, bound to ``app``."""
    keys = set(implemented)
    schema = schemathesis.openapi.from_dict(document)
    schema.app = app
    found = {}
    for result in schema.get_all_operations():
        op = result.ok()
        key = f"{op.method.upper()} {op.path}"
        if key in keys:
            found[key] = op
    return found


def profile_check(contract: Any, profile: Any, url_of: Callable[[Any, Any], str]) -> Any:
    """stockgate's profile-aware response check (in place of ``response_schema_conformance``)."""

    def stockgate_profile_conformance(ctx: Any, response: Any, case: Any) -> None:
        try:
            body = response.json()
        except ValueError:
            return
        problems = response_problems(contract, profile, method=case.method, url=url_of(response, case),
                                     status=response.status_code, body=body)
        if problems:
            raise AssertionError("answer breaks the contract: " + "; ".join(problems))

    return stockgate_profile_conformance


def run_cases(op: Any, excluded: list[Any], check: Any, examples: int,
              explicit: Iterable[dict[str, Any]] = ()) -> None:
    """Derandomized schemathesis cases of ``op`` with ``check`` added and ``excluded`` checks off.

    ``explicit``: path parameters of cases to run first, whatever hypothesis draws (ids that exist in
    the seed, so that a planted break in a 200 answer is reached deterministically).
    """
    for path_parameters in explicit:
        op.Case(path_parameters=path_parameters, headers=AUTH).call_and_validate(
            excluded_checks=excluded, additional_checks=[check])

    @given(case=op.as_strategy(media_type="application/json", headers=AUTH))
    @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.call_and_validate(excluded_checks=excluded, additional_checks=[check])

    run()


def failure_text(failure: pytest.ExceptionInfo[BaseException]) -> str:
    """A failure's message with those of its grouped exceptions (schemathesis raises groups)."""
    return str(failure.value) + "".join(str(e) for e in getattr(failure.value, "exceptions", ()))
