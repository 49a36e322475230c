"""Pushes each POS outlet's on-hand to its Magento source, with httpx clients the connector builds itself.

Planted defects for the outsider check (stockgate must fail each): ACME_DEFECT=wrong-source pushes
North Store's stock to the central source; ACME_DEFECT=silent never reports the unmapped outlet.
ACME_DEFECT=no-hook declares no reporting hook (``reports``): stockgate cannot check what it reports,
and its reports must say so.
"""

from __future__ import annotations

import os

import httpx

from stockgate.adapters import ConnectorEnv

OUTLETS = {"Central Store": "central", "North Store": "north", "Pop-up Store": None}  # None: not sold online


class Connector:
    """stockgate's python: protocol: configure(env), tick(), close(); reports through env.report."""

    reports = () if os.environ.get("ACME_DEFECT") == "no-hook" else ("unmapped-outlet",)

    async def configure(self, env: ConnectorEnv) -> None:
        self.env = env
        self.pos = httpx.AsyncClient(base_url=f"{env.lightspeed_url}/api/2.0",
                                     headers={"Authorization": f"Bearer {env.lightspeed_token}"})
        self.shop = httpx.AsyncClient(base_url=f"{env.magento_url}/rest/default/V1",
                                      headers={"Authorization": f"Bearer {env.magento_token}"})
        self.reported: set[str] = set()

    async def _rows(self, path: str) -> list[dict]:
        answer = await self.pos.get(path, params={"page_size": 10000})
        answer.raise_for_status()
        return answer.json()["data"]

    async def tick(self) -> None:
        outlets = {o["id"]: o["name"] for o in await self._rows("/outlets")}
        products = {p["id"]: p for p in await self._rows("/products") if not p.get("has_variants")}
        listed = await self.shop.get("/products", params={"searchCriteria[pageSize]": 1000})
        listed.raise_for_status()
        skus = {p["sku"] for p in listed.json()["items"] if p.get("type_id") != "configurable"}
        items = []
        for row in await self._rows("/inventory"):
            name, product = outlets.get(row["outlet_id"]), products.get(row["product_id"])
            if product is None or product.get("sku") not in skus:
                continue
            source = OUTLETS.get(name)
            if source is None:
                if name not in self.reported and os.environ.get("ACME_DEFECT") != "silent":
                    self.env.report("unmapped-outlet", f"outlet {name} maps to no Magento source")
                    self.reported.add(name)
                continue
            if os.environ.get("ACME_DEFECT") == "wrong-source" and source == "north":
                source = "central"
            quantity = max(float(row["inventory_level"]), 0.0)
            items.append({"sku": product["sku"], "source_code": source, "quantity": quantity,
                          "status": 1 if quantity > 0 else 0})
        posted = await self.shop.post("/inventory/source-items", json={"sourceItems": items})
        posted.raise_for_status()
        print(f"pushed {len(items)} source items")

    async def close(self) -> None:
        await self.pos.aclose()
        await self.shop.aclose()
