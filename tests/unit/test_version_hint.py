"""An unknown version names the platform it belongs to, or the nearest version of its own platform."""

from __future__ import annotations

import pytest

from stockgate.contracts import load_index
from stockgate.contracts.refs import VersionRef
from stockgate.errors import UsageError


def _message(text: str) -> str:
    with pytest.raises(UsageError) as caught:
        load_index().get(VersionRef.parse(text))
    return str(caught.value)


def test_a_lightspeed_version_given_as_magento_says_so() -> None:
    message = _message("magento@2026-07")
    assert "2026-07 is a lightspeed version (lightspeed@2026-07)" in message and "did you mean" not in message


def test_a_near_miss_suggests_its_own_platform() -> None:
    assert "did you mean 'magento@2.4.9'" in _message("magento@2.4.10")
