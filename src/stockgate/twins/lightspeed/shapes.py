"""Rows to the JSON each API version answers with.

The legacy 2.0 family and the date family differ for inventory (``inventory_level`` vs
``current_inventory_level`` + ``quantity_to_procure``, from ``inventory.read``) and sales
(``status`` vs ``state`` + attributes, ``source``, ``return``). Everything else is shared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed.sales import STATE_OF, Sale
from stockgate.twins.lightspeed.state import InventoryRecord, Outlet, Product, Register, Store, User

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.consignments import Consignment, Item
    from stockgate.twins.lightspeed.versions import ApiVersion


def num(value: float) -> float | int:
    """Integral floats as integers."""
    return int(value) if float(value).is_integer() else round(value, 5)


def decimal_text(value: float | None) -> str | None:
    """Consignment quantities are strings on the wire (``"60.00000"``)."""
    return None if value is None else f"{value:.5f}"


def outlet(row: Outlet) -> dict[str, Any]:
    """An outlet."""
    return {"id": row.id, "name": row.name, "default_tax_id": "", "currency": row.currency,
            "currency_symbol": row.currency_symbol, "display_prices": "inclusive", "time_zone": row.time_zone,
            "physical_city": row.physical_city, "physical_postcode": row.physical_postcode,
            "physical_country_id": row.physical_country_id, "email": row.email, "attributes": [],
            "deleted_at": row.deleted_at, "version": row.version}


def register(row: Register) -> dict[str, Any]:
    """A register."""
    return {"id": row.id, "name": row.name, "outlet_id": row.outlet_id, "invoice_prefix": row.invoice_prefix,
            "invoice_suffix": "", "invoice_sequence": row.invoice_sequence, "is_open": row.is_open,
            "deleted_at": row.deleted_at, "version": row.version}


def user(row: User) -> dict[str, Any]:
    """A user."""
    return {"id": row.id, "username": row.username, "display_name": row.display_name,
            "account_type": row.account_type, "is_primary_user": row.is_primary_user,
            "created_at": row.created_at, "updated_at": row.updated_at, "deleted_at": row.deleted_at,
            "version": row.version}


def retailer(store: Store) -> dict[str, Any]:
    """``GET /retailer``."""
    info = store.retailer
    return {"id": info["id"], "domain_prefix": info["domain_prefix"], "name": info["name"],
            "store_url": f"https://{info['domain_prefix']}.retail.lightspeed.app", "account_status": "active",
            "account_type": "paid", "culture": "en-US", "tax_exclusive": True, "country": "US",
            "currency": {"code": "USD", "symbol": "$"}, "sku_sequence": {"enabled": True, "value": store.sku_sequence},
            "created_at": "2020-01-06T09:00:00+00:00", "activated_at": "2020-01-06T09:00:00+00:00"}


def product(store: Store, row: Product, api: ApiVersion, counts: dict[str, int] | None = None) -> dict[str, Any]:
    """A product (``family_id`` on versions with the family model); ``counts``: Store.variant_counts()."""
    if row.variant_parent_id is not None:
        variants = 0
    elif counts is not None:
        variants = counts.get(row.id, 0)
    else:
        variants = len(store.children(row.id))
    body: dict[str, Any] = {
        "id": row.id, "name": row.name, "handle": row.handle, "sku": row.sku, "source": "USER", "active": row.active,
        "has_inventory": row.has_inventory, "is_composite": False, "has_variants": bool(variants),
        "variant_parent_id": row.variant_parent_id, "variant_name": row.variant_name or row.name,
        "variant_options": [{"id": o.get("id", ""), "name": o["name"], "value": o["value"]}
                            for o in row.variant_options],
        "variant_count": variants, "price_excluding_tax": num(row.price_excluding_tax),
        "price_including_tax": num(row.price_excluding_tax), "supply_price": num(row.supply_price),
        "product_codes": [{"id": c.get("id") or f"{row.id}:{n}", "type": c["type"], "code": c["code"]}
                          for n, c in enumerate(row.product_codes)], "product_suppliers": [], "categories": [],
        "tag_ids": [], "images": [], "skuImages": [], "attributes": [],
        "packaging": {},  # required as an object by the 2026-07 document; a product without packaging has none
        "customizations": [],
        "created_at": row.created_at, "updated_at": row.updated_at, "deleted_at": row.deleted_at,
        "version": row.version,
    }
    if api.products_create.get("family_model"):
        body["family_id"] = row.family_id or (row.variant_parent_id or row.id)
    return body


def inventory(row: InventoryRecord, api: ApiVersion) -> dict[str, Any]:
    """An inventory record in the version's shape (``inventory.read``)."""
    common = {"id": row.id, "product_id": row.product_id, "outlet_id": row.outlet_id,
              "reorder_point": row.reorder_point, "reorder_amount": row.reorder_amount,
              "average_cost": row.average_cost, "deleted_at": row.deleted_at, "version": row.version}
    if api.inventory_read.get("level_field") == "current_inventory_level":
        return {**common, "current_inventory_level": num(max(row.level, 0.0)),
                "quantity_to_procure": num(max(-row.level, 0.0)), "reorder_method": None, "reorder_target": None}
    return {**common, "inventory_level": num(row.level), "current_amount": num(row.level)}


def _line_20(line: Any) -> dict[str, Any]:
    return {"id": line.id, "product_id": line.product_id, "quantity": num(line.quantity), "price": num(line.price),
            "tax": num(line.tax), "tax_id": line.tax_id, "price_total": num(line.price * line.quantity),
            "tax_total": num(line.tax * line.quantity), "is_return": line.is_return, "sequence": line.sequence,
            "note": line.note, "status": "CONFIRMED"}


def sale(row: Sale, api: ApiVersion) -> dict[str, Any]:
    """A sale in the version's model."""
    if api.legacy:
        return {"id": row.id, "outlet_id": row.outlet_id, "register_id": row.register_id, "user_id": row.user_id,
                "customer_id": row.customer_id, "invoice_number": row.invoice_number,
                "invoice_sequence": row.invoice_sequence, "source": row.source,
                **({"source_id": row.source_id} if row.source_id else {}), "status": row.status, "note": row.note,
                "short_code": row.short_code, "return_for": row.return_for,
                "total_price": num(row.total_price), "total_tax": num(row.total_tax), "total_loyalty": 0,
                "sale_date": row.sale_date, "created_at": row.created_at, "updated_at": row.updated_at,
                "deleted_at": row.deleted_at, "version": row.version, "taxes": [],
                "line_items": [_line_20(line) for line in row.lines], "payments": list(row.payments),
                "adjustments": [], "attributes": []}
    state, attribute = STATE_OF[row.status]
    return {
        "id": row.id, "invoice_number": row.invoice_number, "state": state,
        "attributes": [attribute] if attribute else [], "customer_id": row.customer_id, "note": row.note,
        "short_code": row.short_code, "date": row.sale_date, "created_at": row.created_at, "updated_at": row.updated_at,
        "source": {"id": row.source_id or "", "type": row.source, "register_id": row.register_id,
                   "outlet_id": row.outlet_id, "author": {"id": row.user_id}},
        "return": {"is_return": row.return_for is not None, "original_sale_id": row.return_for or "",
                   "return_sale_ids": []},
        "line_items": [{"id": line.id, "product": {"id": line.product_id}, "quantity": num(line.quantity),
                        "pricing": {"price": num(line.price)}, "tax": {"id": line.tax_id, "amount": num(line.tax)},
                        "status": "CONFIRMED", "note": line.note,
                        "return": {"is_return": line.is_return}} for line in row.lines],
        "totals": {"price": num(row.total_price), "tax": num(row.total_tax),
                   "price_incl_tax": num(row.total_price + row.total_tax), "loyalty": 0, "surcharge": 0},
        "payments": [], "taxes": [], "adjustments": [], "ecom_custom_charges": [], "external_applications": [],
        "_metadata": {"version": row.version},
    }


def consignment(row: Consignment) -> dict[str, Any]:
    """A consignment."""
    return {"id": row.id, "name": row.name, "type": row.type, "status": row.status, "outlet_id": row.outlet_id,
            "source_outlet_id": row.source_outlet_id, "supplier_id": row.supplier_id, "reference": row.reference,
            "received_at": row.received_at, "created_at": row.created_at, "updated_at": row.updated_at,
            "deleted_at": row.deleted_at, "version": row.version}


def consignment_item(store: Store, item: Item) -> dict[str, Any]:
    """A consignment product line (quantities as strings)."""
    found = store.products.get(item.product_id)
    body = {"product_id": item.product_id, "product_sku": found.sku if found else "",
            "count": decimal_text(item.count), "cost": decimal_text(item.cost), "is_included": item.is_included,
            "status": "SUCCESS", "created_at": item.created_at, "updated_at": item.updated_at, "deleted_at": None,
            "version": item.version}
    if item.received is not None:
        body["received"] = decimal_text(item.received)
    return body
