"""Seeded Lightspeed ids by short name, for tests that drive the twin through its API."""

from __future__ import annotations

from typing import Any


def lightspeed_ids(app: Any) -> dict[str, Any]:
    """Outlets and registers by first word of their name (``central``), products by SKU and code, the primary user."""
    store = app.twin.store
    outlets = {o.name.split()[0].lower(): o.id for o in store.outlets.values()}
    registers = {store.outlets[r.outlet_id].name.split()[0].lower(): r.id for r in store.registers.values()}
    products = {p.sku: p.id for p in store.products.values()}
    products.update({c["code"]: p.id for p in store.products.values() for c in p.product_codes})
    user = next(u.id for u in store.users.values() if u.is_primary_user)
    return {"outlet": outlets, "register": registers, "product": products, "user": user}
