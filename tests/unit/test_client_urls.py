"""The connector's clients build each URL once, exactly as httpx would merge it into the base URL."""

from __future__ import annotations

import contextlib
from typing import Any

import httpx
import pytest

from stockgate.connector.clients import absolute_url, segment

BASES = ["http://magento.test", "http://magento.test/", "https://shop.example.com/store/", "http://127.0.0.1:8081/x"]
TARGETS = ["/rest/default/V1/orders", "/rest/all/V1/products/" + segment("A/B+C ü%"),
           "/rest/default/V1/orders?searchCriteria%5BpageSize%5D=300&fields=items%5Bsku%5D,total_count",
           "/api/2026-07/sales", "/api/register_sales", "/rest/default/V1/products/a%20b?x=1%202&y=%2B"]
PARAMS: list[dict[str, Any] | None] = [None, {}, {"after": 12, "page_size": 300},
                                       {"type": "sales", "invoice_number": "WEB-000 01+/ü"}, {"flag": True}]


def _httpx_url(base: str, target: str, params: dict[str, Any] | None) -> httpx.URL:
    client = httpx.AsyncClient(base_url=base)
    return client.build_request("GET", target, params=dict(params) if params is not None else None).url


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("params", PARAMS, ids=lambda p: "none" if p is None else str(len(p)))
def test_the_url_is_the_one_httpx_merges(base: str, target: str, params: dict[str, Any] | None) -> None:
    if "?" in target and params is not None:  # Magento's targets carry their query, Lightspeed's take params
        with pytest.raises(ValueError, match="no params") if params else contextlib.nullcontext():
            absolute_url(httpx.AsyncClient(base_url=base), target, params)
        return
    built = absolute_url(httpx.AsyncClient(base_url=base), target, params)
    expected = _httpx_url(base, target, params)
    assert (str(built), built.raw_path) == (str(expected), expected.raw_path)


def test_a_url_that_drops_the_base_path_is_told_apart() -> None:
    # planted: a builder joining the target to the base URL's host alone loses a store mounted below a path
    client = httpx.AsyncClient(base_url="https://shop.example.com/store/")
    naive = httpx.URL(f"{client.base_url.scheme}://{client.base_url.host}/rest/default/V1/orders")
    expected = _httpx_url("https://shop.example.com/store/", "/rest/default/V1/orders", None)
    assert str(naive) != str(expected)
    assert str(absolute_url(client, "/rest/default/V1/orders")) == str(expected)
