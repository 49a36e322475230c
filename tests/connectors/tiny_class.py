"""A tiny in-process connector class for the python: adapter (the ConnectorUnderTest protocol)."""

from __future__ import annotations

import httpx

from stockgate.adapters import ConnectorEnv, TickResult


class TinyConnector:
    """Posts a fixed quantity: enough to show the adapter configures, ticks and closes it."""

    def __init__(self) -> None:
        self.client: httpx.AsyncClient | None = None
        self.ticks = 0

    async def configure(self, env: ConnectorEnv) -> None:
        self.client = httpx.AsyncClient(base_url=env.magento_url, transport=env.magento_transport,
                                        headers={"Authorization": f"Bearer {env.magento_token}"})

    async def tick(self) -> TickResult:
        assert self.client is not None
        self.ticks += 1
        r = await self.client.post("/rest/default/V1/inventory/source-items", json={"sourceItems": [
            {"sku": "MUG-BLK", "source_code": "north", "quantity": 1, "status": 1}]})
        return TickResult(ok=r.status_code == 200, output=f"tick {self.ticks}: {r.status_code}")

    async def close(self) -> None:
        if self.client is not None:
            await self.client.aclose()
