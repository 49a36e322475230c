"""A catalog walk's page costs its own rows, not the catalog's (issue 18 item 2): counted, not timed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from stockgate.twins.generate import Merchant, write
from stockgate.twins.magento import create_app, serialize

PAGE = "/rest/default/V1/products?searchCriteria[pageSize]=50&searchCriteria[currentPage]=3"
AUTH = {"Authorization": "Bearer stockgate-demo-token"}


def _counting(original: Any, built: list[int]) -> Any:
    """``original``, noting each call in ``built``."""
    def count(*args: Any, **kwargs: Any) -> Any:
        built.append(1)
        return original(*args, **kwargs)
    return count


def _rows_built(tmp_path: Path, skus: int, url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    write(Merchant(skus=skus, outlets=1, variants=0), tmp_path)
    app = create_app("2.4.8", "integration-bearer-on", seed=str(tmp_path / "magento.yaml"))
    built: list[int] = []
    monkeypatch.setattr(serialize, "product_row", _counting(serialize.product_row, built))

    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            return await client.get(url, headers=AUTH)

    response = asyncio.run(get())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total_count"] == skus and len(body["items"]) == 50
    return len(built), int(body["items"][0]["id"])


def test_a_page_without_filters_builds_only_its_own_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small, first_small = _rows_built(tmp_path / "small", 500, PAGE, monkeypatch)
    large, first_large = _rows_built(tmp_path / "large", 5_000, PAGE, monkeypatch)
    assert small == large == 50
    assert first_small == first_large == 101  # page 3 of 50 starts at the 101st product, in entity order


def test_a_sku_filter_builds_only_the_rows_it_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(Merchant(skus=600, outlets=3, variants=0), tmp_path)
    app = create_app("2.4.8", "integration-bearer-on", seed=str(tmp_path / "magento.yaml"))
    built: list[int] = []
    for name in ("product_row", "source_item"):
        monkeypatch.setattr(serialize, name, _counting(getattr(serialize, name), built))
    sku = "searchCriteria[filter_groups][0][filters][0]"

    async def get(url: str) -> dict[str, Any]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            response = await client.get(url, headers=AUTH)
            assert response.status_code == 200, response.text
            return dict(response.json())

    body = asyncio.run(get(f"/rest/default/V1/products?{sku}[field]=sku&{sku}[value]=SKU-000599,SKU-000007"
                           f"&{sku}[condition_type]=in"))
    assert [i["sku"] for i in body["items"]] == ["SKU-000007", "SKU-000599"] and built == [1, 1]
    built.clear()
    body = asyncio.run(get(f"/rest/default/V1/inventory/source-items?{sku}[field]=sku&{sku}[value]=SKU-000500"))
    assert [i["source_code"] for i in body["items"]] == ["store01", "store02", "store03"] and len(built) == 3
    built.clear()
    body = asyncio.run(get("/rest/default/V1/inventory/source-items?searchCriteria[pageSize]=10"
                           "&searchCriteria[currentPage]=100"))
    assert body["total_count"] == 1_800 and len(body["items"]) == len(built) == 10
    assert body["items"][0] == {"sku": "SKU-000331", "source_code": "store01",
                                "quantity": body["items"][0]["quantity"], "status": body["items"][0]["status"]}


def test_a_filtered_page_still_reads_every_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other side of the check above: a filter must look at every product (the count can grow)."""
    built, _ = _rows_built(tmp_path, 500, "/rest/default/V1/products?searchCriteria[pageSize]=50"
                           "&searchCriteria[filter_groups][0][filters][0][field]=sku"
                           "&searchCriteria[filter_groups][0][filters][0][value]=SKU-%25"
                           "&searchCriteria[filter_groups][0][filters][0][condition_type]=like", monkeypatch)
    assert built == 500
