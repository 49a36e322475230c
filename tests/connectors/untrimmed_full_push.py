"""A connector that sends POS SKUs untrimmed and re-sends its whole stock table in every source-items call.

On Magento 2.4.6 the spaced SKU is only cosmetic (it lands as its own source item, the others sync);
from 2.4.7 a SKU with surrounding spaces fails the whole batch (profile fact
``inventory.sku_whitespace_rejected``), and because every call carries every SKU, nothing syncs any
more: MUG-BLK stops too. The gate must call that new breakage, not a pre-existing failure.
"""

from __future__ import annotations

from typing import Any

from stockgate.adapters import ConnectorEnv, ReferenceAdapter

SOURCE_ITEMS = "POST /V1/inventory/source-items"


class UntrimmedFullPush(ReferenceAdapter):
    """The reference connector, but with SKUs as typed in the POS and a full push per call."""

    async def configure(self, env: ConnectorEnv) -> None:
        """Configure, then wrap the Magento client's requests."""
        await super().configure(env)
        connector = self.connector
        real = connector.magento.request
        table: dict[tuple[str, str], dict[str, Any]] = {}

        async def request(operation: str, method: str, path: str, **kw: Any) -> Any:
            if operation == SOURCE_ITEMS and connector.catalog is not None:
                typed = {str(p.get("sku")).strip(): str(p.get("sku")) for p in connector.catalog.pos.values()}
                for item in kw["body"]["sourceItems"]:
                    sku = typed.get(item["sku"], item["sku"])
                    table[(sku, item["source_code"])] = {**item, "sku": sku}
                kw["body"] = {"sourceItems": [table[key] for key in sorted(table)]}
            return await real(operation, method, path, **kw)

        connector.magento.request = request  # type: ignore[method-assign]
