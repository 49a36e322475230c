"""Which twins exist, what each implements, and the operations a stock connector needs of each platform."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stockgate.errors import UsageError

DATA = Path(__file__).parent


@dataclass(frozen=True, slots=True, kw_only=True)
class TwinInfo:
    """How to build one platform's twin, and its documented demo credentials."""

    platform: str
    factory: Callable[..., Any]
    credentials: str


def _magento(version: str, profile: str, *, seed: str | None, clock: Any = None) -> Any:
    from stockgate.twins.magento import create_app

    return create_app(version, profile, seed=seed, clock=clock)


def _lightspeed(version: str, profile: str, *, seed: str | None, as_of: Any = None, clock: Any = None) -> Any:
    from stockgate.twins.lightspeed import create_app

    return create_app(version, profile, seed=seed, as_of=as_of, clock=clock)


LIGHTSPEED_CREDENTIALS = (
    "demo seed: retailer domain prefix 'demo'; personal token 'stockgate-demo-token' (Authorization: Bearer; the "
    "connector's application rate-limit bucket) and 'stockgate-register-token' (the in-store users bucket); the "
    "limit follows --profile registers-N (default: one register, 350 requests per 300 s)"
)

MAGENTO_CREDENTIALS = (
    "demo seed: admin user 'admin' / password 'stockgate-demo1' (admin tokens need --profile two-factor-off: "
    "2FA refuses the plain token endpoint by default); integration access token 'stockgate-demo-token' "
    "(Bearer with --profile integration-bearer-on; otherwise OAuth 1.0a with consumer key "
    "'stockgate-demo-consumer-key', consumer secret 'stockgate-demo-consumer-secret', token secret "
    "'stockgate-demo-token-secret')"
)

TWINS = {
    "magento": TwinInfo(platform="magento", factory=_magento, credentials=MAGENTO_CREDENTIALS),
    "lightspeed": TwinInfo(platform="lightspeed", factory=_lightspeed, credentials=LIGHTSPEED_CREDENTIALS),
}


def twin_for(platform: str) -> TwinInfo:
    """The twin of ``platform``; a clear error for a platform without one yet."""
    if platform not in TWINS:
        raise UsageError(f"there is no {platform} twin yet; available: {', '.join(sorted(TWINS))}")
    return TWINS[platform]


def connector_operations(platform: str) -> list[tuple[str, str]]:
    """(area, ``METHOD /template``) a stock connector and its scenarios use, from the platform's list file."""
    from stockgate.datafile import load_yaml

    path = DATA / platform / "connector-operations.yaml"
    loaded = load_yaml(path)
    return [(area, op) for area, ops in loaded.data["operations"].items() for op in ops]


def coverage(ref_text: str) -> list[dict[str, Any]]:
    """One row per connector operation: area, operation, in the contract, implemented by the twin, note."""
    from stockgate.contracts import load_contract

    contract = load_contract(ref_text)
    platform = contract.ref.platform.value
    app = twin_for(platform).factory(contract.ref.version, "default", seed=None)
    if platform == "magento":
        implemented = set(app.operations())
        return [{"area": area, "operation": op, "in_contract": op in contract.operations,
                 "implemented": op in implemented, "note": ""} for area, op in connector_operations(platform)]
    return [dict(area=area, operation=op, **_lightspeed_row(app, op)) for area, op in connector_operations(platform)]


def _lightspeed_row(app: Any, op: str) -> dict[str, Any]:
    import re

    method, _, path = op.partition(" ")
    found = re.match(r"^/api/(\d+\.\d+|\d{4}-\d{2})(/.*)$", path)
    if found is None or found[1] == "2.1":  # 0.9 and 2.1 have no contract: only the twin's own routes
        implemented = op in app.extra_operations()
        return {"in_contract": False, "implemented": implemented, "note": "no published contract for this API"}
    segment, template = found[1], found[2]
    api = app.twin.release.resolve(segment)
    if api is None:
        return {"in_contract": False, "implemented": False, "note": f"{segment} is not served at this release"}
    key = f"{method} {template}"
    note = "" if api.segment == segment else f"served by {api.segment}"
    return {"in_contract": api.serves(key), "implemented": key in app.operations(api.segment), "note": note}
