"""schemathesis drives every implemented operation of every Lightspeed version a release serves.

As for Magento, stockgate's profile-aware conformance check replaces schemathesis'
``response_schema_conformance`` (so envelopes and overrides are the profile's declared facts), and
``positive_data_acceptance`` is off: the documents mark almost nothing required while the API
validates ids and workflows (``errors.validation_status``). ``status_code_conformance`` is judged
by the same check, which accepts the error statuses the profile lists for the API as a whole
(``errors.undeclared_statuses``) because operations declare almost only their success. The twin runs as a 1,000-register
retailer (``registers-1000``) so that the limiter — tested on its own — does not answer for the
data under test.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
from schemathesis import checks

from stockgate.twins.lightspeed import create_app
from stockgate.twins.lightspeed.app import LightspeedApp
from tests.conformance.driving import (
    EXAMPLES,
    failure_text,
    implemented_operations,
    profile_check,
    run_cases,
)

RELEASES = {"2026-07": ["2.0", "2026-01", "2026-04", "2026-07"], "2026-10": ["2026-10"]}


@functools.cache
def _app(release: str) -> LightspeedApp:
    return create_app(release, "registers-1000")


def operations_on(app: LightspeedApp, segment: str) -> dict[str, Any]:
    """schemathesis operations of one served version that the twin implements there, bound to ``app``."""
    api = app.twin.release.resolve(segment)
    assert api is not None
    implemented = set(app.operations(segment))
    document = dict(api.contract.document)
    document["servers"] = [{"url": f"/api/{segment}"}]
    return implemented_operations(document, app, implemented)


@functools.cache
def _operations(release: str, segment: str) -> dict[str, Any]:
    return operations_on(_app(release), segment)


def _cases() -> list[Any]:
    params = []
    for release, segments in RELEASES.items():
        app = _app(release)
        for segment in segments:
            params += [pytest.param(release, segment, op, id=f"lightspeed@{release}-{segment}-{op}")
                       for op in app.operations(segment)]
    return params


def conformance(app: LightspeedApp, segment: str) -> Any:
    api = app.twin.release.resolve(segment)
    return profile_check(api.contract, api.profile, lambda _response, case: f"/api/{segment}{case.formatted_path}")


def _malformed_media_types(op: Any) -> list[str]:
    """Response content keys that are not media types (2026-07 POST /products declares one named "Example")."""
    responses = op.definition.raw.get("responses", {})
    return [key for r in responses.values() if isinstance(r, dict) for key in r.get("content", {}) if "/" not in key]


def drive(app: LightspeedApp, segment: str, op: Any, examples: int = EXAMPLES) -> None:
    """Run schemathesis cases of ``op`` against ``app``."""
    # status codes are judged by the profile-aware check too (errors.undeclared_statuses)
    excluded = [checks.positive_data_acceptance, checks.response_schema_conformance, checks.status_code_conformance]
    if _malformed_media_types(op):
        excluded.append(checks.content_type_conformance)  # no server can satisfy a media type named "Example"
    run_cases(op, excluded, conformance(app, segment), examples)


@pytest.mark.parametrize(("release", "segment", "operation"), _cases())
def test_twin_conforms(release: str, segment: str, operation: str) -> None:
    op = _operations(release, segment).get(operation)
    assert op is not None, f"{operation} is not in lightspeed@{segment} as schemathesis reads it"
    drive(_app(release), segment, op)


def test_planted_schema_break_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """A twin answering an outlet version as text must fail the profile-aware conformance check."""
    from stockgate.twins.lightspeed import shapes

    real = shapes.outlet
    monkeypatch.setattr(shapes, "outlet", lambda row: {**real(row), "version": "v1"})
    app = create_app("2026-07", "registers-1000")
    op = operations_on(app, "2.0")["GET /outlets"]
    with pytest.raises(BaseException) as failure:
        drive(app, "2.0", op, examples=10)
    assert "'v1' is not of type 'integer'" in failure_text(failure)
