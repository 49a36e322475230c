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


def _magento(version: str, profile: str, *, seed: str | None) -> Any:
    from stockgate.twins.magento import create_app

    return create_app(version, profile, seed=seed)


MAGENTO_CREDENTIALS = (
    "demo seed: admin user 'admin' / password 'stockgate-demo1' (admin tokens need --profile two-factor-off: "
    "2FA refuses the plain token endpoint by default); integration access token 'stockgate-demo-token' "
    "(Bearer with --profile integration-bearer-on; otherwise OAuth 1.0a with consumer key "
    "'stockgate-demo-consumer-key', consumer secret 'stockgate-demo-consumer-secret', token secret "
    "'stockgate-demo-token-secret')"
)

TWINS = {"magento": TwinInfo(platform="magento", factory=_magento, credentials=MAGENTO_CREDENTIALS)}


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
