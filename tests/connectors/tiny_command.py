"""A tiny external connector, as a user would write one in any language: one sync pass per run.

It reads the platforms from STOCKGATE_* variables, copies the Central Store on-hand of MUG-BLK
from Lightspeed into Magento's `central` source, and prints what it did.
"""

from __future__ import annotations

import os
import sys

import httpx


def main() -> int:
    magento, lightspeed = os.environ["STOCKGATE_MAGENTO_URL"], os.environ["STOCKGATE_LIGHTSPEED_URL"]
    version = os.environ["STOCKGATE_LIGHTSPEED_API_VERSION"]
    ls = {"Authorization": f"Bearer {os.environ['STOCKGATE_LIGHTSPEED_TOKEN']}"}
    mg = {"Authorization": f"Bearer {os.environ['STOCKGATE_MAGENTO_TOKEN']}"}
    outlets = httpx.get(f"{lightspeed}/api/{version}/outlets", headers=ls).json()["data"]
    central = next(o["id"] for o in outlets if o["name"] == "Central Store")
    product = httpx.get(f"{lightspeed}/api/{version}/products", params={"sku": "MUG-BLK"}, headers=ls).json()["data"][0]
    rows = httpx.post(f"{lightspeed}/api/{version}/inventory", json={"size": 5000}, headers=ls).json()
    level = next(r["current_inventory_level"] for r in rows if r["product_id"] == product["id"]
                 and r["outlet_id"] == central)
    answer = httpx.post(f"{magento}/rest/default/V1/inventory/source-items", headers=mg, json={"sourceItems": [
        {"sku": "MUG-BLK", "source_code": "central", "quantity": level, "status": 1}]})
    print(f"posted MUG-BLK central={level}: {answer.status_code}")
    return 0 if answer.status_code == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
