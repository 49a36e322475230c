"""The contract's route table beside a twin's emulated routes: which operation a request calls, emulated or not."""

from __future__ import annotations

from typing import Any

import pytest

from stockgate.twins.contract_routes import ContractRoutes
from stockgate.twins.web import Router

CONTRACT = ["GET /V1/orders/{id}", "GET /V1/orders/items", "GET /V1/orders/items/{id}", "POST /V1/orders",
            "GET /V1/stockItems/lowStock/", "GET /channel_requests/{request_log_id}",
            "GET /channel_requests/{request_log_id}.txt", "GET /V1/products/{productSku}/stockItems/{itemId}"]


def table(*emulated: str) -> ContractRoutes:
    router = Router()
    for key in emulated:
        method, template = key.split(" ", 1)
        router.add(method, template, lambda request: None)  # type: ignore[arg-type,return-value]
    return ContractRoutes(CONTRACT, router)


def picked(routes: ContractRoutes, method: str, path: str) -> tuple[Any, ...] | None:
    found = routes.pick(method, path)
    return None if found is None else (found.operation, found.route is not None, found.params)


@pytest.mark.parametrize(("method", "path", "expected"), [
    ("GET", "/V1/orders/items", ("GET /V1/orders/items", False, {})),  # the literal path, not {id}
    ("GET", "/V1/orders/7", ("GET /V1/orders/{id}", True, {"id": "7"})),
    ("GET", "/V1/orders/items/3", ("GET /V1/orders/items/{id}", False, {})),
    ("GET", "/V1/stockItems/lowStock", ("GET /V1/stockItems/lowStock/", False, {})),  # declared with a slash
    ("GET", "/V1/stockItems/lowStock/", ("GET /V1/stockItems/lowStock/", False, {})),
    ("GET", "/channel_requests/9.txt", ("GET /channel_requests/{request_log_id}.txt", False, {})),
    ("GET", "/V1/products/A%2FB/stockItems/1",  # the twin names the parameter {sku}: the same route
     ("GET /V1/products/{productSku}/stockItems/{itemId}", True, {"sku": "A/B", "itemId": "1"})),
    ("DELETE", "/V1/orders/7", None),  # a wrong method is no route
    ("GET", "/V1/orders/7/nothing", None),
], ids=["literal", "parameter", "deeper", "slash-less", "slash", "suffix", "renamed-parameter", "method", "outside"])
def test_pick(method: str, path: str, expected: tuple[Any, ...] | None) -> None:
    routes = table("GET /V1/orders/{id}", "GET /V1/products/{sku}/stockItems/{itemId}")
    assert picked(routes, method, path) == expected


def test_an_emulated_parameter_route_is_outranked_only_by_a_literal_contract_path() -> None:
    routes = table("GET /V1/orders/{id}")
    found = routes.outranking("GET", "/V1/orders/{id}", "/V1/orders/items")
    assert found is not None and (found.operation, found.route) == ("GET /V1/orders/items", None)
    assert routes.outranking("GET", "/V1/orders/{id}", "/V1/orders/7") is None
    emulated = table("GET /V1/orders/{id}", "GET /V1/orders/items")
    found = emulated.outranking("GET", "/V1/orders/{id}", "/V1/orders/items")
    assert found is not None and found.route is not None and found.route.template == "/V1/orders/items"
