"""The connector's signed Magento queries agree with Magento's reading of them (spaces travel as %20)."""

from __future__ import annotations

import pytest

from tests.integration.test_connector import World

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("magento", ["2.4.5", "2.4.7", "2.4.9"])
async def test_a_search_on_a_value_with_spaces_and_plus_is_accepted(magento: str) -> None:
    """httpx writes a space as "+", which Magento's OAuth helper reads as a plus: the signature would not match."""
    w = World(magento)
    rows = await w.connector.magento.search("GET /V1/products", "/products",
                                            [("sku", "TASSE GRÖSSE M+1", "eq")], page_size=10)
    assert rows == []
    await w.connector.close()
