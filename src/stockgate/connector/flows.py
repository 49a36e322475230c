"""The four flows of the reference connector (see :mod:`stockgate.connector.engine`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from stockgate.connector.clients import segment, unsendable
from stockgate.errors import FatalError, RetriableError

if TYPE_CHECKING:
    from stockgate.connector.engine import Connector

async def stock(c: Connector) -> None:
    """POS inventory changes → absolute Magento source quantities (plus the web outlet's add-back)."""
    cat = await c.reference()
    after = c.state.cursor("inventory")
    while True:
        rows, cursor = await c.lightspeed.inventory_since(after, c.mapping.page_size)
        if not rows:
            break
        changed: dict[tuple[str, str], float] = {}
        with c.state.batch():  # one transaction per page: the levels are re-read with it after a crash
            for row in rows:
                c.state.set_level(row["product_id"], row["outlet_id"], row["level"])
                source, sku = cat.outlet_source.get(row["outlet_id"]), cat.pos_sku.get(row["product_id"])
                if source and sku:
                    changed[(sku, source)] = row["level"]
        await c.post_levels(_with_add_back(c, changed))
        c.state.set_cursor("inventory", cursor)  # checkpoint: this page is in Magento
        after = cursor
    await _repost_dirty(c)


def _with_add_back(c: Connector, levels: dict[tuple[str, str], float]) -> dict[tuple[str, str], float]:
    cat = c.catalog
    assert cat is not None
    add = c.state.add_back()
    return {(sku, source): max(level, 0.0) + (add.get(sku, 0.0) if source == cat.web_source else 0.0)
            for (sku, source), level in levels.items()}


async def _repost_dirty(c: Connector) -> None:
    """Re-post pairs whose add-back changed (a web order recorded, shipped, canceled or refunded)."""
    cat = c.catalog
    assert cat is not None
    pairs = c.state.dirty()
    levels = {}
    for sku, source in pairs:
        outlet = next((o for o, s in cat.outlet_source.items() if s == source), None)
        product = cat.sku_pos.get(sku)
        level = c.state.level(product, outlet) if product and outlet else None
        if level is not None:
            levels[(sku, source)] = level
    if levels:
        await c.post_levels(_with_add_back(c, levels))
    c.state.clean(pairs)


def _open_units(order: dict[str, Any]) -> dict[str, float]:
    """Units per stock SKU Magento still has to ship.

    Magento's ``Sales/Model/Order/Item::getSimpleQtyToShip``: ordered - shipped - refunded - canceled.
    """
    units: dict[str, float] = {}
    for item in _stock_items(order):
        left = float(item.get("qty_ordered") or 0) - float(item.get("qty_shipped") or 0) \
            - float(item.get("qty_canceled") or 0) - float(item.get("qty_refunded") or 0)
        units[str(item["sku"]).strip()] = units.get(str(item["sku"]).strip(), 0.0) + max(left, 0.0)
    return units


def _sold_units(item: dict[str, Any]) -> float:
    """Units of one order line that left stock or will: shipped, plus what Magento still has to ship.

    An order first seen complete, closed, canceled after a partial shipment or partly refunded is
    recorded with exactly the units that leave the shelf; canceled and refunded-before-shipping units
    never did.
    """
    left = float(item.get("qty_ordered") or 0) - float(item.get("qty_shipped") or 0) \
        - float(item.get("qty_canceled") or 0) - float(item.get("qty_refunded") or 0)
    return float(item.get("qty_shipped") or 0) + max(left, 0.0)


def _stock_items(order: dict[str, Any]) -> list[dict[str, Any]]:
    """The order's lines that hold stock (a configurable parent does not; its child does)."""
    return [item for item in order.get("items") or [] if item.get("product_type") != "configurable"]


async def orders(c: Connector) -> None:
    """Every Magento order → one closed POS sale, whatever state it is first seen in; follow open ones.

    Only recorded orders with units still to ship are read again: once shipped, refunded or canceled
    (their units out of the add-back, a cancel's sale voided while it was open) Magento has nothing
    left that moves POS stock, so a week of orders costs the open ones per run, not every order ever
    recorded. (Magento can still cancel a shipped, uninvoiced order; its units did leave the shelf,
    so its sale stands.)

    An order whose sale was sent without a known outcome ("recording") is settled first, before any
    newer order, even when it has since been canceled (its sale, if it landed, is then voided).

    The POS is searched for an order's sale only where one may exist: after a lost answer, and in a
    state file's first orders run (a new or lost state file reads every order again). Later orders are
    new to the POS too: one write each, not a search and a write.
    """
    await c.reference()
    known = c.state.cursor(ORDERS_KNOWN) == 1
    for unsure in c.state.web_sales("recording"):
        order = await c.magento.request("GET /V1/orders/{id}", "GET", f"/orders/{unsure['order_id']}")
        if not await _record(c, order, known=known):
            return  # still no answer: nothing newer is recorded before this one is known
    found = await c.magento.search("GET /V1/orders", "/orders", [("entity_id", str(c.state.cursor("orders")), "gt")],
                                   page_size=c.mapping.page_size, sort="entity_id")
    for order in found:
        order_id = int(order["entity_id"])
        record = c.state.web_sale(order_id)
        if (record is None or record["state"] == "recording") and not await _record(c, order, known=known):
            break  # no answer: the next run reconciles this order first
        c.state.set_cursor("orders", max(order_id, c.state.cursor("orders")))
    else:
        c.state.set_cursor(ORDERS_KNOWN, 1)  # every order up to the cursor is in this state file
    await _follow_changed(c)


ORDERS_KNOWN = "orders_known"  # 1: this state file has recorded every order it found (none of its own left out)
ORDERS_UPDATED = "orders_updated"  # cursor: the newest updated_at (POSIX seconds) the follow search has seen


async def _follow_changed(c: Connector) -> None:
    """Follow the recorded orders with units still to ship, through one search for the orders changed since.

    Any save of an order moves its ``updated_at`` (profile fact ``orders.updated_at``: invoice, ship,
    refund, cancel, hold, comment), so ``updated_at >= the newest seen`` finds every open order that
    may have changed: one search a run, whatever the number of open orders (reading each open order
    made a busy week the connector's and Magento's main work). ``gteq``: orders saved later in the
    newest second are read again next run, never missed. The first search starts at the oldest open order.
    """
    oldest = c.state.oldest_open_web_sale()
    if oldest is None:
        return  # a shipped, refunded or canceled order has nothing left to follow
    since = c.state.cursor(ORDERS_UPDATED)
    filters = ([("updated_at", _magento_time(since), "gteq")] if since else
               [("entity_id", str(oldest), "gteq")])
    found = await c.magento.search("GET /V1/orders", "/orders", filters, page_size=c.mapping.page_size,
                                   sort="updated_at")
    newest = since
    for order in found:
        record = c.state.web_sale(int(order["entity_id"]))
        if record is not None and record["state"] == "recorded" and any(float(q) > 0 for q in record["open"].values()):
            await _follow(c, record, order)
        newest = max(newest, _posix(order.get("updated_at")))
    c.state.set_cursor(ORDERS_UPDATED, newest)


def _magento_time(seconds: int) -> str:
    """POSIX seconds as Magento writes times (``YYYY-MM-DD HH:MM:SS``, UTC)."""
    return dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _posix(text: Any) -> int:
    """Magento's ``YYYY-MM-DD HH:MM:SS`` (UTC) as POSIX seconds (0 when absent or unreadable)."""
    try:
        return int(dt.datetime.strptime(str(text), "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC).timestamp())
    except ValueError:
        return 0


def _sale_lines(c: Connector, order: dict[str, Any]) -> list[tuple[str, float, float]]:
    """(POS product, units sold, price) per stock line; unmapped SKUs reported and left out."""
    cat = c.catalog
    assert cat is not None
    lines = []
    for item in _stock_items(order):
        sku, units = str(item["sku"]).strip(), _sold_units(item)
        product = cat.sku_pos.get(sku)
        if product is None:
            c.note("orders", "unmapped-line", f"order {order['increment_id']}: SKU {sku} has no Lightspeed product; "
                   "line left out")
            continue
        if units <= 0:
            continue
        parent_price = next((float(p.get("price") or 0) for p in order["items"]
                             if p.get("item_id") == item.get("parent_item_id")), None)
        lines.append((product, units, parent_price or float(item.get("price") or 0)))
    return lines


async def _record(c: Connector, order: dict[str, Any], *, known: bool) -> bool:
    """Record one web order as a POS sale, exactly once (invoice number = idempotency key).

    Returns False when a sale was sent and its outcome is still unknown (the next run asks again).
    An order none of whose units ever leave the shelf (canceled or refunded before shipping) needs
    no sale; if one was sent earlier and landed, following the order voids it.
    ``known``: the state file holds every order up to its cursor, so an order it never tried is new to the POS.
    """
    cat = c.catalog
    assert cat is not None
    order_id, increment = int(order["entity_id"]), str(order["increment_id"])
    invoice = f"{c.mapping.invoice_prefix}{increment}"
    lines, open_units = _sale_lines(c, order), _open_units(order)
    record = c.state.web_sale(order_id)
    if record is None and all(_sold_units(i) <= 0 for i in _stock_items(order)):
        c.state.save_web_sale(order_id, increment, None, state="skipped", lines={"invoice": invoice}, open_qty={})
        for item in _stock_items(order):  # Magento may have moved its source (a refund not returned to stock)
            c.state.mark_dirty(str(item["sku"]).strip(), cat.web_source)
        return True
    c.state.save_web_sale(order_id, increment, None, state="recording", lines={"invoice": invoice},
                          open_qty=open_units)
    # a sale may exist only where this state file tried before, or never saw the orders (new or lost file)
    existing = await c.lightspeed.find_sale(invoice) if record is not None or not known else None
    if existing is None and lines:
        try:
            sale_id: str | None = await c.lightspeed.create_sale(
                register_id=cat.web_register, user_id=cat.author, invoice_number=invoice, lines=lines,
                note=f"Magento order {increment}")
        except RetriableError:
            existing = await c.lightspeed.find_sale(invoice)  # did the write land before the connection dropped?
            if existing is None:
                return False
            sale_id = str(existing["id"])
    else:
        sale_id = str(existing["id"]) if existing else None
        if sale_id is not None and not lines:
            # sent while the order was open, its answer lost; since then canceled or refunded before any
            # unit shipped: the sale that landed is voided now (an order with no open units is not followed)
            await c.lightspeed.void_sale(sale_id, cat.author)
            c.state.save_web_sale(order_id, increment, sale_id, state="voided", lines={"invoice": invoice},
                                  open_qty={})
            for item in _stock_items(order):
                c.state.mark_dirty(str(item["sku"]).strip(), cat.web_source)
            return True
    c.state.save_web_sale(order_id, increment, sale_id, state="recorded", lines={"invoice": invoice},
                          open_qty=open_units)
    for sku in open_units:
        c.state.mark_dirty(sku, cat.web_source)
    return True


async def _follow(c: Connector, record: dict[str, Any], order: dict[str, Any] | None = None) -> None:
    """Refresh a recorded order (read now unless given): shipped units leave the add-back; a cancel voids its sale."""
    cat = c.catalog
    assert cat is not None
    if order is None:
        order = await c.magento.request("GET /V1/orders/{id}", "GET", f"/orders/{record['order_id']}")
    open_units = _open_units(order)
    state = "recorded"
    if order.get("state") == "canceled" and record["sale_id"]:
        await c.lightspeed.void_sale(record["sale_id"], cat.author)
        state = "voided"
        open_units = {}
    if open_units != record["open"] or state != "recorded":
        c.state.save_web_sale(record["order_id"], record["increment_id"], record["sale_id"], state=state,
                              lines=record["lines"], open_qty=open_units)
        for sku in set(open_units) | set(record["open"]):
            c.state.mark_dirty(sku, cat.web_source)


async def returns(c: Connector) -> None:
    """POS returns of web orders → one credit memo each on the original Magento order."""
    await c.reference()
    after = c.state.cursor("sales")
    while True:
        sales, cursor = await c.lightspeed.sales_since(after, c.mapping.page_size)
        if not sales:
            break
        for sale in sales:
            order_id = c.state.sale_order(sale.return_for) if sale.return_for and sale.state == "closed" else None
            if order_id is not None and c.state.refund(sale.id) is None:
                await _refund(c, sale, order_id)
        c.state.set_cursor("sales", cursor)
        after = cursor
    # a lost answer: try again; a refused refund: once its wait is over
    for return_id, order_id in c.state.pending_refunds(c.clock.timestamp()):
        await _refund(c, await c.lightspeed.get_sale(return_id), order_id)


async def _refund(c: Connector, sale: Any, order_id: int) -> None:
    """Exactly one credit memo for one POS return, matched by identity, never by count.

    The refund carries the return's id in the memo's comment (``comment`` of ``POST
    /V1/order/{orderId}/refund``, kept with the memo and served in its ``comments``). Before writing,
    and after a lost answer, the order's memos are searched for that mark: a memo that landed is
    adopted, whichever other returns of the order were refunded in between.
    """
    cat = c.catalog
    assert cat is not None
    record = c.state.refund(sale.id)
    if (record and record["state"] == "done") or c.state.refund_waiting(sale.id, c.clock.timestamp()):
        return
    landed = await _memo_for(c, order_id, sale.id)
    if landed is not None:
        c.state.save_refund(sale.id, order_id, state="done", memos_before=0, creditmemo_id=landed,
                            note="adopted: its memo had landed")
        await _refresh(c, order_id, sale)
        return
    order = await c.magento.request("GET /V1/orders/{id}", "GET", f"/orders/{order_id}")
    items, back = _refund_items(c, sale, order)
    if not items:
        return
    c.state.save_refund(sale.id, order_id, state="pending", memos_before=0)
    body: dict[str, Any] = {"items": items, "notify": False,
                            "comment": {"comment": _memo_mark(sale.id), "is_visible_on_front": 0}}
    if back:
        body["arguments"] = {"extension_attributes": {"return_to_stock_items": back}}
    try:
        memo = await c.magento.request("POST /V1/order/{orderId}/refund", "POST", f"/order/{order_id}/refund",
                                       body=body, idempotent=False)
    except RetriableError:
        return  # the next run looks for a memo that landed before writing again
    except FatalError as exc:
        again = c.state.refund_refused(sale.id, c.clock.timestamp())
        c.note("returns", "refund-refused", f"POS return {sale.invoice_number or sale.id} of order "
               f"{order.get('increment_id')}: {exc}; tried again in {_minutes(again - c.clock.timestamp())}")
        return
    c.state.save_refund(sale.id, order_id, state="done", memos_before=0, creditmemo_id=str(memo))
    await _refresh(c, order_id, sale)


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds < 7200 else f"{seconds / 3600:.0f} h"


def _memo_mark(return_id: str) -> str:
    """The comment that ties a credit memo to its POS return."""
    return f"POS return {return_id} (stockgate reference connector)"


async def _memo_for(c: Connector, order_id: int, return_id: str) -> str | None:
    """The id of the order's credit memo made for POS return ``return_id``, if one landed."""
    mark = _memo_mark(return_id)
    rows = await c.magento.search("GET /V1/creditmemos", "/creditmemos", [("order_id", str(order_id), "eq")],
                                  page_size=c.mapping.page_size, sort="entity_id")
    for row in rows:
        if any(str(comment.get("comment") or "") == mark for comment in row.get("comments") or []):
            return str(row["entity_id"])
    return None


async def _refresh(c: Connector, order_id: int, sale: Any = None) -> None:
    """After a refund: follow the order (its open units changed) and re-post POS truth for the returned SKUs.

    Magento's return to stock puts shipped units back on the source that shipped them, while the POS
    put them back at the outlet that took the return: the stock flow re-posts POS on-hand so both agree.
    """
    record = c.state.web_sale(order_id)
    if record is not None and record["state"] == "recorded":
        await _follow(c, record)
    cat = c.catalog
    if cat is None or sale is None:
        return
    sources = {s for s in cat.outlet_source.values() if s}
    for product_id, _quantity in sale.lines:
        sku = cat.pos_sku.get(product_id)
        for source in sources if sku else ():
            c.state.mark_dirty(str(sku), source)


def _item_skus(order: dict[str, Any]) -> dict[int, str]:
    return {int(i["item_id"]): str(i["sku"]).strip() for i in _stock_items(order)}


def _refund_items(c: Connector, sale: Any, order: dict[str, Any]) -> tuple[list[dict[str, Any]], list[int]]:
    cat = c.catalog
    assert cat is not None
    by_sku = {sku: item_id for item_id, sku in _item_skus(order).items()}
    items, back = [], []
    for product_id, quantity in sale.lines:
        sku = cat.pos_sku.get(product_id)
        item_id = by_sku.get(sku or "")
        if item_id is None or quantity >= 0:
            continue
        items.append({"order_item_id": item_id, "qty": -quantity})
        if _restocks(c, sale):
            back.append(item_id)
    return items, back


def _restocks(c: Connector, sale: Any) -> bool:
    """The return policy: ``by_reason`` when the return's note names a reason, else ``restock``."""
    note = str(getattr(sale, "note", "") or "").strip().lower()
    for reason, restock in c.mapping.restock_by_reason.items():
        if reason.lower() in note:
            return bool(restock)
    return c.mapping.restock


async def catalog(c: Connector) -> None:
    """Lightspeed prices (and new products, when Lightspeed owns them) → Magento."""
    await c.reference()
    while True:
        after = c.state.cursor("products")
        rows = await c.lightspeed.request("GET /products", "GET", "/products",
                                          params={"after": after, "page_size": c.mapping.page_size})
        page = rows.get("data") or []
        if not page:
            return
        for product in page:
            if not product.get("has_variants") and not product.get("deleted_at"):
                await _catalog_product(c, product)
        c.state.set_cursor("products", max(int(p["version"]) for p in page))


async def _catalog_product(c: Connector, product: dict[str, Any]) -> None:
    """One POS product's catalog fields to Magento.

    A SKU that cannot be sent, or that the store refuses, is reported once and the other products go on.
    """
    cat = c.catalog
    assert cat is not None
    code = str(product.get("sku") or "").strip()
    why = unsendable(code)
    if why and product["id"] not in cat.pos_sku:
        c.note("catalog", "quarantined-sku", f"Lightspeed product {code!r} is not synced: {why}; correct the SKU in "
               "the POS", once=True)
        return
    try:
        await _catalog_write(c, product, code)
    except FatalError as exc:
        if exc.status not in (400, 404):
            raise
        c.note("catalog", "sku-refused", f"Magento refused product {code!r} ({exc}); the other products go on",
               once=True)


async def _catalog_write(c: Connector, product: dict[str, Any], code: str) -> None:
    cat = c.catalog
    assert cat is not None
    sku = cat.pos_sku.get(product["id"])
    price = float(product.get("price_excluding_tax") or 0)
    if sku:
        current = cat.magento.setdefault(sku, {})
        change: dict[str, Any] = {}
        if c.mapping.catalog["price"] == "lightspeed" and abs(float(current.get("price") or 0) - price) > 0.004:
            change["price"] = price
        name = str(product.get("name") or "")
        if c.mapping.catalog["name"] == "lightspeed" and name and name != current.get("name"):
            change["name"] = name
        if change:
            await c.magento.request("PUT /V1/products/{sku}", "PUT", f"/products/{segment(sku)}",
                                    body={"product": {"sku": sku, **change}})
            current.update(change)
    elif c.mapping.catalog["new_products"] != "lightspeed":
        if str(product.get("sku") or "") in cat.unmatched:
            return  # reported (in one line) when the catalog was loaded
        c.note("catalog", "unmatched-product", f"Lightspeed product {code} matches no Magento SKU (new products are "
               "not created: catalog.new_products is none)", once=True)
    elif not product.get("variant_parent_id"):
        await c.magento.request("POST /V1/products", "POST", "/products", body={"product": {
            "sku": code, "name": product.get("name"), "price": price, "type_id": "simple",
            "attribute_set_id": 4, "status": 1, "visibility": 4}})
        cat.magento[code] = {"sku": code, "price": price}
        cat.pos_sku[product["id"]], cat.sku_pos[code] = code, product["id"]
        for source in {s for s in cat.outlet_source.values() if s}:
            c.state.mark_dirty(code, source)  # its stock is posted by the next stock run
