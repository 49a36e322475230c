"""stockgate.routing: a connector's own httpx clients reach the in-process twins; nothing else is reachable."""

from __future__ import annotations

import asyncio
import socket
import urllib.error
import urllib.request

import httpx
import pytest

from stockgate import routing
from stockgate.twins.lightspeed import create_app as lightspeed_app
from stockgate.twins.magento import create_app as magento_app

LS = "https://demo.retail.lightspeed.app"
AUTH = {"Authorization": "Bearer stockgate-demo-token"}


@pytest.fixture(scope="module")
def apps() -> dict[str, object]:
    return {"http://magento.test": magento_app("2.4.8"), LS: lightspeed_app("2026-07")}


def test_an_async_client_built_by_the_connector_reaches_the_twin(apps: dict[str, object]) -> None:
    async def call() -> httpx.Response:
        async with httpx.AsyncClient(base_url=LS, headers=AUTH) as client:
            return await client.get("/api/2.0/outlets")

    with routing.twins(apps):
        response = asyncio.run(call())
    assert response.status_code == 200
    assert {o["name"] for o in response.json()["data"]} >= {"Central Store"}


def test_a_sync_client_is_bridged_even_inside_a_running_event_loop(apps: dict[str, object]) -> None:
    async def tick() -> list[int]:  # a connector's async tick calling a sync SDK
        with httpx.Client(base_url=LS, headers=AUTH) as client:
            return [client.get("/api/2.0/outlets").status_code,
                    client.post("/api/2.0/products", json={"name": ""}).status_code]

    with routing.twins(apps):
        codes = asyncio.run(tick())
        plain = httpx.get("http://magento.test/rest/V1/store/websites").status_code
    assert codes[0] == 200 and codes[1] in (400, 422)
    assert plain == 401  # the Magento twin answers (no credentials): routed, not DNS


def test_any_other_host_is_blocked_before_anything_leaves_the_machine(apps: dict[str, object]) -> None:
    with routing.twins(apps), pytest.raises(routing.BlockedHost, match=r"blocked: mystore\.example\.com is not a twin"):
        httpx.get("https://mystore.example.com/rest/V1/products")


def test_a_blocked_host_is_named_with_the_twin_base_urls_and_the_env_fields_that_carry_them(
        apps: dict[str, object]) -> None:
    fields = {"http://magento.test": "env.magento_url", LS: "env.lightspeed_url"}
    with routing.twins(apps, fields=fields), pytest.raises(routing.BlockedHost) as blocked:
        httpx.get("https://mystore.example.com/rest/V1/products")
    message = str(blocked.value)
    assert message.startswith("stockgate: GET https://mystore.example.com/rest/V1/products blocked: "
                              "mystore.example.com is not a twin"), message
    assert "http://magento.test (env.magento_url)" in message and f"{LS} (env.lightspeed_url)" in message
    assert "platform's answer" not in message


def test_requests_or_urllib_to_a_twin_host_get_a_message_naming_the_command_adapter(
        apps: dict[str, object]) -> None:
    with routing.twins(apps), pytest.raises(urllib.error.URLError, match='command:'):
        urllib.request.urlopen("http://magento.test/rest/V1/store/websites", timeout=5)


def test_explicit_transports_are_left_alone(apps: dict[str, object]) -> None:
    mock = httpx.MockTransport(lambda request: httpx.Response(299))
    with routing.twins(apps):
        assert httpx.Client(transport=mock).get("http://magento.test/x").status_code == 299


def test_routing_ends_with_the_block(apps: dict[str, object]) -> None:
    original = socket.getaddrinfo
    with routing.twins(apps):
        assert socket.getaddrinfo is not original
    assert socket.getaddrinfo is original
    blocked = httpx.MockTransport(lambda request: httpx.Response(204))  # no respx router is left behind:
    assert httpx.Client(transport=blocked).get("https://mystore.example.com/").status_code == 204
    import respx.mocks

    assert not respx.mocks.HTTPCoreMocker.routers


def test_a_host_is_its_name_with_a_non_default_port() -> None:
    assert routing.host_of("https://demo.retail.lightspeed.app/api") == "demo.retail.lightspeed.app"
    assert routing.host_of("http://127.0.0.1:8080") == "127.0.0.1:8080"
    with pytest.raises(ValueError, match="not an absolute URL"):
        routing.host_of("magento.test")
