"""Shared fixtures: a clean environment, a private cache, and the embedded contracts."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT / "contracts"

settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

_SECRET_OR_PROXY = ("PROXY", "TOKEN", "SECRET", "PASSWORD", "API_KEY", "AUTH")


def pytest_configure(config: pytest.Config) -> None:
    """One cache directory for the whole run, so contracts are parsed once, not once per test."""
    cache = config.rootpath / ".pytest-stockgate-cache"
    os.environ.setdefault("STOCKGATE_CACHE_DIR", str(cache))


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials, proxies or contract-dir overrides leak from the developer's shell."""
    for name in list(os.environ):
        if any(part in name.upper() for part in _SECRET_OR_PROXY) or name == "STOCKGATE_CONTRACTS_DIR":
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def contracts_copy(tmp_path: Path) -> Iterator[Path]:
    """A private, writable copy of the embedded contracts, for planting defects."""
    target = tmp_path / "contracts"
    shutil.copytree(CONTRACTS, target)
    yield target
