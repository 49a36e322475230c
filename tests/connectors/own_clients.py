"""Connectors that build their own HTTP clients, as most connectors and SDKs do (routing tests)."""

from __future__ import annotations

import urllib.request

import httpx

from stockgate.adapters import ConnectorEnv, TickResult

BODY = {"sourceItems": [{"sku": "MUG-BLK", "source_code": "north", "quantity": 3, "status": 1}]}


class OwnAsyncClient:
    """An httpx.AsyncClient of its own (no transport from stockgate): reads outlets, posts one source item."""

    async def configure(self, env: ConnectorEnv) -> None:
        self.env = env
        self.lightspeed = httpx.AsyncClient(base_url=env.lightspeed_url,
                                            headers={"Authorization": f"Bearer {env.lightspeed_token}"})
        self.magento = httpx.AsyncClient(base_url=env.magento_url,
                                         headers={"Authorization": f"Bearer {env.magento_token}"})

    async def tick(self) -> TickResult:
        outlets = await self.lightspeed.get(f"/api/{self.env.lightspeed_api_version}/outlets")
        posted = await self.magento.post("/rest/default/V1/inventory/source-items", json=BODY)
        return TickResult(ok=outlets.status_code == 200 and posted.status_code == 200,
                          output=f"outlets {outlets.status_code}, source items {posted.status_code}")

    async def close(self) -> None:
        await self.lightspeed.aclose()
        await self.magento.aclose()


class OwnSyncClient:
    """A sync httpx.Client in plain (non-async) methods: a sync SDK's connector."""

    def configure(self, env: ConnectorEnv) -> None:
        self.env = env
        self.client = httpx.Client(headers={"Authorization": f"Bearer {env.lightspeed_token}"})

    def tick(self) -> TickResult:
        answer = self.client.get(f"{self.env.lightspeed_url}/api/{self.env.lightspeed_api_version}/outlets")
        return TickResult(ok=answer.status_code == 200, output=f"outlets {answer.status_code}")

    def close(self) -> None:
        self.client.close()


class StrayHost(OwnAsyncClient):
    """Calls a host it was not given (a real store's name hard-coded): must be blocked, never sent."""

    async def tick(self) -> TickResult:
        async with httpx.AsyncClient() as client:
            await client.get("https://mystore.example.com/rest/V1/products")
        return TickResult(ok=True)


class UrllibClient(OwnAsyncClient):
    """Built on urllib: the twins are not reachable that way in-process."""

    async def tick(self) -> TickResult:
        urllib.request.urlopen(f"{self.env.magento_url}/rest/V1/store/websites", timeout=5)
        return TickResult(ok=True)
