"""Fixtures the CLI tests share: both twins served by `stockgate twin serve`, as a user runs them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.served import serve


@pytest.fixture
def twins() -> Iterator[tuple[str, str]]:
    """magento@2.4.8 (integration tokens as Bearer) and lightspeed@2026-07 on loopback: their base URLs."""
    magento, m_url = serve("magento@2.4.8", "--profile", "integration-bearer-on")
    lightspeed, l_url = serve("lightspeed@2026-07")
    try:
        yield m_url, l_url
    finally:
        for proc in (magento, lightspeed):
            proc.terminate()
            proc.communicate(timeout=20)
