"""Connectors for the cassette tests: realistic habits the recording must cope with."""

from __future__ import annotations

from typing import Any

from stockgate.adapters import ConnectorEnv, ReferenceAdapter


class CustomerOnTheSale(ReferenceAdapter):
    """Copies the web order's customer (name and email) into the POS sale's note: customer data in a request body."""

    async def configure(self, env: ConnectorEnv) -> None:
        """The reference connector, with ``create_sale`` writing the customer into the note."""
        await super().configure(env)
        c = self.connector
        create = c.lightspeed.create_sale

        async def create_sale(*, note: str, **kwargs: Any) -> str:
            increment = note.rsplit(" ", 1)[-1]  # "Magento order 000000001"
            (order,) = await c.magento.search("GET /V1/orders", "/orders", [("increment_id", increment, "eq")],
                                              page_size=1)
            who = f"{order['customer_firstname']} {order['customer_lastname']} <{order['customer_email']}>"
            return str(await create(note=f"{note} for {who}", **kwargs))

        c.lightspeed.create_sale = create_sale
