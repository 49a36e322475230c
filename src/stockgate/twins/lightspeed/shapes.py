"""Rows to the JSON each API version answers with: retailer, outlets, registers, users, inventory, consignments.

Products are shaped in ``shapes_products``, sales in ``shapes_sales``, reference data in
``shapes_catalog``. Each object carries every property its version's document declares; ``null``
where the document allows it and the twin has no value. The legacy 2.0 family and the date family
differ for inventory (``inventory_level`` vs ``current_inventory_level`` + ``quantity_to_procure``,
from ``inventory.read``) and where a date document adds or retypes a property.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed.state import InventoryRecord, Outlet, Register, Store, User

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.catalog import Catalog
    from stockgate.twins.lightspeed.consignments import Consignment, Item
    from stockgate.twins.lightspeed.versions import ApiVersion

_NS = uuid.UUID("0b5e7f55-4e1c-4a39-9a5c-52f2d6f0c3d7")
CDN = "https://vendimageuploadcdn.global.ssl.fastly.net"
# the image sizes the vendor's examples list, and the CDN's transformation for each
SIZES = {"original": "1920,fit", "sl": "150x150,q90", "sm": "100x100,q90", "ss": "50x50,q90", "st": "40x40,q90",
         "standard": "350,fit,q90", "thumb": "160,fit,q90"}


def num(value: float) -> float | int:
    """Integral floats as integers."""
    return int(value) if float(value).is_integer() else round(value, 5)


def decimal_text(value: float | None) -> str | None:
    """Consignment quantities are strings on the wire (``"60.00000"``)."""
    return None if value is None else f"{value:.5f}"


def derived_id(kind: str, key: str) -> str:
    """A stable UUID for a row the twin derives from another (a product's supplier line, a rate's rule)."""
    return str(uuid.uuid5(_NS, f"{kind}:{key}"))


def image_sizes(kind: str, file: str) -> dict[str, str]:
    """The CDN URL of each size of an image (``kind``: product or user), as the vendor's examples write them."""
    folder = f"vend-images/{kind}/original/{file[0]}/{file[1]}"
    return {size: f"{CDN}/{spec}/{folder}/{file}" for size, spec in SIZES.items()}


def outlet(row: Outlet) -> dict[str, Any]:
    """An outlet, with its physical address ("" for an empty line, as the vendor's examples send it).

    2.0 answers leave ``phone``, ``latitude`` and ``longitude`` out (``ApiVersion.shaped``, fact
    ``schema.omitted_properties``): only the date documents declare them.
    """
    return {"id": row.id, "name": row.name, "default_tax_id": row.default_tax_id, "currency": row.currency,
            "currency_symbol": row.currency_symbol, "display_prices": "exclusive", "time_zone": row.time_zone,
            "physical_address_1": row.physical_address_1, "physical_address_2": row.physical_address_2,
            "physical_suburb": row.physical_suburb, "physical_city": row.physical_city,
            "physical_postcode": row.physical_postcode, "physical_state": row.physical_state,
            "physical_country_id": row.physical_country_id, "email": row.email, "phone": row.phone,
            "latitude": None, "longitude": None, "attributes": [], "deleted_at": row.deleted_at,
            "version": row.version}


def register(row: Register, catalog: Catalog) -> dict[str, Any]:
    """A register (receipt settings as a new register has them; open since the retailer was seeded)."""
    cash = next((t.id for t in catalog.payment_types.values() if t.type_id == 1 and not t.deleted_at), None)
    return {"id": row.id, "name": row.name, "outlet_id": row.outlet_id, "ask_for_note_on_save": 1,
            "print_note_on_receipt": False, "ask_for_user_on_sale": False, "show_discounts_on_receipts": True,
            "print_receipt": True, "email_receipt": False, "invoice_prefix": row.invoice_prefix,
            "invoice_suffix": "", "invoice_sequence": row.invoice_sequence, "button_layout_id": None,
            "is_open": row.is_open, "is_quick_keys_enabled": True,
            "receipt_template_id": derived_id("receipt_template", catalog.store.retailer["id"]),
            "register_open_time": row.opened_at if row.is_open else None,
            "register_close_time": None if row.is_open else row.closed_at,
            "register_open_sequence_id": row.open_sequence_id if row.is_open else None,
            "cash_managed_payment_type_id": cash, "deleted_at": row.deleted_at, "version": row.version}


def user(row: User) -> dict[str, Any]:
    """A user (no roles, permissions or sales targets set)."""
    images = image_sizes("user", row.image) if row.image else {}
    return {"id": row.id, "username": row.username, "display_name": row.display_name, "email": row.email,
            "email_verified_at": None, "switch_id": f"usi:{row.id.replace('-', '')[:12]}",
            "account_type": row.account_type, "roles": [], "enabled": True, "restricted_outlet_id": None,
            "restricted_outlet_ids": [], "permissions": [], "rules": {}, "is_primary_user": row.is_primary_user,
            "image_source": images.get("ss", ""), "images": images, "target_daily": 0, "target_weekly": 0,
            "target_monthly": 0, "seen_at": row.updated_at, "created_at": row.created_at,
            "updated_at": row.updated_at, "deleted_at": row.deleted_at, "time_until_deletion": None,
            "version": row.version, "enabled_mfa": None, "require_password_change": False}


def retailer(store: Store, catalog: Catalog, api: ApiVersion) -> dict[str, Any]:
    """``GET /retailer`` (``version``, a string no source explains, is left out; 2.0's object ``timezone`` too)."""
    info = store.retailer
    no_tax = catalog.no_tax()
    body = {"id": info["id"], "domain_prefix": info["domain_prefix"], "name": info["name"],
            "store_url": f"https://{info['domain_prefix']}.retail.lightspeed.app", "account_status": "active",
            "account_type": "paid", "culture": "en-US", "tax_exclusive": True, "country": "US",
            "currency": {"code": "USD", "symbol": "$"},
            "no_tax_group_id": no_tax.id if no_tax else None,
            "sku_sequence": {"enabled": True, "value": store.sku_sequence},
            "loyalty": {"enabled": False, "ratio": 0, "send_welcome_email": False}, "store_credit": False,
            "gift_cards": {"enabled": False, "never_enabled": True},
            "created_at": "2020-01-06T09:00:00+00:00", "activated_at": "2020-01-06T09:00:00+00:00"}
    if not api.legacy:
        first = next(iter(store.outlets.values()), None)
        body.update({"timezone": first.time_zone if first else "UTC", "embedded_barcode_option": "none",
                     "enable_line_item_consolidation": False, "on_account": {"default_limit": None},
                     "sso_enabled": False})
    return body


def reorder(row: InventoryRecord) -> tuple[str | None, float | None, float | None, float | None]:
    """Method, point, amount and target: FIXED targets point + amount; MIN_MAX orders up to its target.

    As the 2026-07 document's InventoryLevel describes them (and its /inventory/{id} example shows).
    """
    if row.reorder_method == "FIXED" and row.reorder_point is not None and row.reorder_amount is not None:
        return "FIXED", row.reorder_point, row.reorder_amount, row.reorder_point + row.reorder_amount
    if row.reorder_method == "MIN_MAX" and row.reorder_target is not None:
        return "MIN_MAX", row.reorder_point, max(row.reorder_target - max(row.level, 0.0), 0.0), row.reorder_target
    return None, row.reorder_point, row.reorder_amount, None


def _opt(value: float | None) -> float | int | None:
    return None if value is None else num(value)


def inventory(row: InventoryRecord, api: ApiVersion) -> dict[str, Any]:
    """An inventory record in the version's shape (``inventory.read``)."""
    method, point, amount, target = reorder(row)
    common = {"id": row.id, "product_id": row.product_id, "outlet_id": row.outlet_id,
              "reorder_point": _opt(point), "reorder_amount": _opt(amount),
              "average_cost": row.average_cost, "deleted_at": row.deleted_at, "version": row.version}
    if api.inventory_read.get("level_field") == "current_inventory_level":
        return {**common, "current_inventory_level": num(max(row.level, 0.0)),
                "quantity_to_procure": num(max(-row.level, 0.0)), "reorder_method": method,
                "reorder_target": _opt(target)}
    return {**common, "inventory_level": num(row.level), "current_amount": num(row.level)}


def consignment(row: Consignment) -> dict[str, Any]:
    """A consignment (count and cost gains and losses once a stocktake completes).

    ``show_inactive`` and ``filters`` are undeclared by the documents and in every vendor example of every
    consignment type, with these values (``schema.undeclared_properties``).
    """
    return {"id": row.id, "name": row.name, "type": row.type, "status": row.status, "outlet_id": row.outlet_id,
            "source_outlet_id": row.source_outlet_id, "supplier_id": row.supplier_id,
            "supplier_invoice": row.supplier_invoice, "reference": row.reference or None,
            "consignment_date": row.created_at, "due_at": row.due_at, "received_at": row.received_at,
            **{k: (None if v is None else num(v)) for k, v in row.gains.items()},
            "created_at": row.created_at, "updated_at": row.updated_at, "deleted_at": row.deleted_at,
            "version": row.version, "show_inactive": True, "filters": []}


def consignment_item(store: Store, item: Item) -> dict[str, Any]:
    """A consignment product line (quantities as strings; nothing received reads ``"0.00000"``)."""
    found = store.products.get(item.product_id)
    return {"product_id": item.product_id, "product_sku": found.sku if found else None,
            "count": decimal_text(item.count), "received": decimal_text(item.received or 0.0),
            "cost": decimal_text(item.cost), "is_included": item.is_included, "status": "SUCCESS",
            "created_at": item.created_at, "updated_at": item.updated_at, "deleted_at": None,
            "version": item.version}


def consignment_totals(row: Consignment) -> dict[str, Any]:
    """``GET /consignments/{id}/totals``: what was sent and received, in units and at cost (as strings)."""
    sent = [(i.count, i.cost) for i in row.items.values() if i.is_included]
    received = [(i.received or 0.0, i.cost) for i in row.items.values() if i.is_included]
    return {"total_sent_count": decimal_text(sum(q for q, _ in sent)),
            "total_sent_cost": decimal_text(sum(q * c for q, c in sent)),
            "total_received_count": decimal_text(sum(q for q, _ in received)),
            "total_received_cost": decimal_text(sum(q * c for q, c in received))}


def inventory_level(store: Store, rows: list[InventoryRecord], product_id: str) -> dict[str, Any]:
    """One inventory level: a product at a location, or (several rows) a variant family summed there.

    Cost is the record's average cost, else the product's supply price; reorder fields only where a
    method is set ("Omitted if no reorder method is configured"), and not on a family's sum.
    """
    product = store.products[product_id]
    level = sum(max(r.level, 0.0) for r in rows)
    total = sum(max(r.level, 0.0) * _cost(store, r) for r in rows)
    body: dict[str, Any] = {
        "product_id": product.id, "location_id": rows[0].outlet_id, "name": product.name,
        "root_product_id": product.variant_parent_id or product.id, "current_inventory_level": num(level),
        "quantity_to_procure": num(sum(max(-r.level, 0.0) for r in rows)), "total_cost": num(total),
        "average_cost": num(total / level if level else _cost(store, rows[0])),
        **{k: v for k, v in (("brand_id", product.brand_id), ("supplier_id", product.supplier_id),
                             ("product_type_id", product.product_type_id)) if v}}
    method, point, amount, target = reorder(rows[0])
    if method and len(rows) == 1:
        body.update({"reorder_method": method, "reorder_threshold": _opt(point), "reorder_amount": _opt(amount),
                     "reorder_target": _opt(target)})
    return body


def _cost(store: Store, row: InventoryRecord) -> float:
    if row.average_cost is not None:
        return row.average_cost
    found = store.products.get(row.product_id)
    return found.supply_price if found else 0.0


def stock_adjustment(row: Any) -> dict[str, Any]:
    """A recorded stock adjustment (the custom reason only for CUSTOM)."""
    return {"id": row.id, "product_id": row.product_id, "outlet_id": row.outlet_id, "quantity": row.quantity,
            "reason": row.reason, "user_id": row.user_id, "created_at": row.created_at,
            "updated_at": row.updated_at, "version": row.version,
            **({"custom_inventory_adjustment_reason_id": row.custom_reason_id} if row.custom_reason_id else {})}


def adjustment_reason(row: Any) -> dict[str, Any]:
    """A custom adjustment reason (created through the API: from an external source)."""
    return {"id": row.id, "name": row.name, "type": row.type, "enabled": row.enabled,
            "is_from_external_source": True, "created_at": row.created_at, "updated_at": row.updated_at,
            "version": row.version}
