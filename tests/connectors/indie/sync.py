"""The indie connector's flows: stock, orders (web order -> POS sale), returns (POS return -> credit memo), catalog.

Written as a user would from the README (the mapping file's documented keys, the ``python:`` and
``command:`` protocols) and the platforms' public documentation. The state is a plain JSON-ready
dict the driver keeps (in memory for ``python:``, a file for ``command:``).

Defects (:class:`Defects`) are the planted mistakes of the gate's mutants, one flag each; all off
is the correct connector.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.connectors.indie.http import Client, Failed, Unknown, enc

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Defects:
    """One planted mistake per flag (the gate's mutants); all False: the correct connector."""

    legacy_stock: bool = False          # stock written through the legacy single-source stockItems API
    double_deduct: bool = False         # open web orders subtracted again from the web source
    salable_to_pos: bool = False        # Magento's salable quantity written into the POS
    old_inventory_read: bool = False    # the 2.0-style GET /inventory kept on 2026-04 and later
    ignore_retry_after: bool = False    # a 429 retried after 1 s
    blind_resend: bool = False          # a sale or refund with no answer is sent again without looking
    untrimmed_skus: bool = False        # POS SKUs sent as they are (surrounding spaces kept)
    page_size_1000: bool = False        # Magento searches asked for 1,000 rows, a 400 not learned from
    credit_parked: bool = False         # parked (unfinished) returns credited
    no_return_to_stock: bool = False    # credit memos without return_to_stock_items
    restock_twice: bool = False         # the memo restocks, and the push after it adds the units again
    bearer_only: bool = False           # Magento called with the integration token as Bearer, never signed
    unbatched: bool = False             # every source item in one request, the input limit not learned

    @classmethod
    def named(cls, name: str) -> Defects:
        """The variant ``name`` (a field name, ``-`` or ``_``), or all off for ``correct``."""
        if name in ("", "correct"):
            return cls()
        key = name.replace("-", "_")
        if key not in {f.name for f in dataclasses.fields(cls)}:
            raise ValueError(f"unknown defect {name!r}: expected one of {', '.join(DEFECTS)}")
        return cls(**{key: True})


DEFECTS = tuple(f.name.replace("_", "-") for f in dataclasses.fields(Defects))


@dataclass(frozen=True)
class Mapping:
    """The documented keys of a stockgate mapping file that this connector uses."""

    store: str
    stock_id: int
    outlets: dict[str, str | None]
    web_outlet: str
    web_register: str
    prefix: str
    new_products: bool
    restock: bool
    by_reason: dict[str, bool]
    polling: dict[str, float]
    batch: int
    page_size: int

    @classmethod
    def load(cls, path: Path) -> Mapping:
        """Read the YAML file (defaults as documented in scenarios/mappings/demo.yaml)."""
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        web = raw.get("web_orders") or {}
        returns = raw.get("returns") or {}
        polling = {"stock": 60.0, "orders": 60.0, "returns": 120.0, "catalog": 900.0,
                   **{k: float(v) for k, v in (raw.get("polling") or {}).items()}}
        batches = raw.get("batches") or {}
        return cls(store=str((raw.get("magento") or {}).get("store", "default")),
                   stock_id=int((raw.get("magento") or {}).get("stock_id", 1)),
                   outlets={o["outlet"]: o.get("source") for o in raw.get("outlets") or []},
                   web_outlet=str(web.get("outlet", "")), web_register=str(web.get("register", "")),
                   prefix=str(web.get("invoice_prefix", "WEB-")),
                   new_products=(raw.get("catalog") or {}).get("new_products", "none") == "lightspeed",
                   restock=bool(returns.get("restock", True)),
                   by_reason={str(k).lower(): bool(v) for k, v in (returns.get("by_reason") or {}).items()},
                   polling=polling, batch=int(batches.get("source_items", 100)),
                   page_size=int(batches.get("page_size", 100)))


def date_version(version: str) -> bool:
    """A Lightspeed date version (``2026-04``), not the legacy ``2.0``."""
    return bool(re.fullmatch(r"\d{4}-\d{2}", version))


class Sync:
    """One tick of every flow that is due, against one Magento store and one Lightspeed retailer."""

    def __init__(self, mapping: Mapping, magento: Client, lightspeed: Client, version: str, state: dict[str, Any],
                 *, defects: Defects = Defects()) -> None:
        """Keep the clients, the Lightspeed API version spoken, and the state dict (mutated in place)."""
        self.m = mapping
        self.mg = magento
        self.ls = lightspeed
        self.version = version
        self.state = state
        self.defects = defects
        self.report: list[str] = []
        for key, empty in (("due", {}), ("recorded", {}), ("voided", []), ("uncertain", []), ("credited", []),
                           ("credit_uncertain", []), ("limits", {}), ("said", [])):
            state.setdefault(key, empty)

    # -- the tick ----------------------------------------------------------------------------------

    async def tick(self, now: dt.datetime) -> list[str]:
        """Run the flows that are due at ``now``; returns what it did (the report lines)."""
        stamp = now.timestamp()
        closed = self.state.setdefault("closed", {})
        for client in (self.mg, self.ls):
            client.closed_until = max(client.closed_until, float(closed.get(client.name, 0.0)))
        try:
            return await self._tick(stamp)
        finally:
            for client in (self.mg, self.ls):
                closed[client.name] = client.closed_until

    async def _tick(self, stamp: float) -> list[str]:
        due = {flow: stamp >= self.state["due"].get(flow, 0.0) for flow in ("catalog", "orders", "returns", "stock")}
        ok = True
        context: dict[str, Any] = {}
        for flow in ("catalog", "orders", "returns", "stock"):
            if not due[flow] and not (flow == "stock" and context.get("credited")):
                continue
            try:
                await getattr(self, flow)(context)
            except (Failed, Unknown) as exc:
                ok = False
                self.report.append(f"{flow}: failed: {exc}")
                if isinstance(exc, Failed) and exc.status == 401:
                    self._acl(exc)
                continue
            self.state["due"][flow] = stamp + self.m.polling[flow]
        if not ok:
            self.report.append("tick: some flows failed (retried next tick)")
        return self.report

    def _once(self, line: str) -> None:
        """Report ``line`` the first time only (a cron connector does not repeat itself every minute)."""
        if line not in self.state["said"]:
            self.state["said"].append(line)
            self.report.append(line)

    def _acl(self, exc: Failed) -> None:
        params = exc.body.get("parameters") if isinstance(exc.body, dict) else None
        resources = params.get("resources") if isinstance(params, dict) else None
        if resources:
            self.report.append(f"acl-missing: the integration needs {resources}")
        else:
            self.report.append("auth-failed: Magento refused the credentials")

    # -- reading both sides ------------------------------------------------------------------------

    def ls_path(self, path: str) -> str:
        return f"/api/{self.version}{path}"

    async def ls_walk(self, path: str) -> list[dict[str, Any]]:
        """Every row of a version-cursor list (``after`` = the page's ``version.max``; stop at an empty page)."""
        rows: list[dict[str, Any]] = []
        after = 0
        while True:
            page = await self.ls.call("GET", self.ls_path(path), [("after", str(after)),
                                                                  ("page_size", str(min(self.m.page_size, 1000)))])
            data = page.get("data") or []
            if not data:
                return rows
            rows += data
            after = int(page["version"]["max"])

    async def pos_levels(self) -> dict[tuple[str, str], float]:
        """(Lightspeed product id, outlet id) -> on-hand."""
        if date_version(self.version) and self.version >= "2026-04" and not self.defects.old_inventory_read:
            out: dict[tuple[str, str], float] = {}
            after = 0
            while True:
                rows = await self.ls.call("POST", self.ls_path("/inventory"), body={"after": after, "size": 5000})
                rows = rows.get("data", []) if isinstance(rows, dict) else rows
                for row in rows:
                    out[(row["product_id"], row["outlet_id"])] = float(row.get("current_inventory_level") or 0) \
                        - float(row.get("quantity_to_procure") or 0)
                if len(rows) < 5000:
                    return out
                after = max(int(r["version"]) for r in rows)
        return {(r["product_id"], r["outlet_id"]): float(r.get("inventory_level") or 0)
                for r in await self.ls_walk("/inventory")}

    async def mg_search(self, path: str, filters: list[tuple[str, str]] | None = None) -> list[dict[str, Any]]:
        """Every item of a Magento search, paged by ``total_count`` (the page size learned from a 400)."""
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            learned = self.state["limits"].get("page", 10**6)
            size = 1000 if self.defects.page_size_1000 else min(self.m.page_size, learned)
            params = [*(filters or []), ("searchCriteria[pageSize]", str(size)),
                      ("searchCriteria[currentPage]", str(page))]
            try:
                answer = await self.mg.call("GET", self.mg_path(path), params)
            except Failed as exc:
                limit = _limit(exc, "pageSize")
                if limit and not self.defects.page_size_1000 and limit < size:
                    self.state["limits"]["page"] = limit
                    continue
                raise
            got = answer.get("items") or []
            items += got
            if not got or page * size >= int(answer.get("total_count") or 0):
                return items
            page += 1

    def mg_path(self, path: str) -> str:
        return f"/rest/{self.m.store}/V1{path}"

    async def catalog_view(self) -> dict[str, Any]:
        """Both catalogs and the match between them (by SKU, then by product code)."""
        magento = {p["sku"]: p for p in await self.mg_search("/products")}
        products = await self.ls_walk("/products")
        matched: dict[str, str] = {}  # Lightspeed product id -> Magento SKU
        unmatched: list[dict[str, Any]] = []
        for product in products:
            if product.get("deleted_at") or product.get("has_variants"):
                continue
            sku = str(product.get("sku") or "")
            if not self.defects.untrimmed_skus:
                sku = sku.strip()
            codes = [str(c.get("code") or "") for c in (product.get("product_codes") or product.get("codes") or [])
                     if isinstance(c, dict)]
            found = sku if sku in magento else next((c for c in codes if c in magento), None)
            if found is None and self.defects.untrimmed_skus and sku.strip() in magento:
                found = sku  # the defect: the POS spelling goes to Magento as it is
            if found is not None:
                matched[product["id"]] = found
            else:
                unmatched.append({**product, "sku": sku})
        return {"magento": magento, "products": products, "matched": matched, "unmatched": unmatched}

    async def outlet_ids(self) -> dict[str, str]:
        """Outlet name -> id."""
        return {o["name"]: o["id"] for o in await self.ls_walk("/outlets")}

    # -- catalog: prices, and new POS products when the mapping says Lightspeed owns them ----------------

    async def catalog(self, context: dict[str, Any]) -> None:
        view = await self.catalog_view()
        by_id = {p["id"]: p for p in view["products"]}
        for pid, sku in sorted(view["matched"].items(), key=lambda kv: kv[1]):
            product, current = by_id[pid], view["magento"].get(sku.strip()) or view["magento"].get(sku) or {}
            price = product.get("price_excluding_tax")
            if current.get("type_id") == "configurable" or price is None:
                continue
            if current and abs(float(current.get("price") or 0) - float(price)) > 1e-9:
                await self.mg.call("PUT", self.mg_path(f"/products/{enc(sku)}"),
                                   body={"product": {"sku": sku, "price": float(price)}})
        for product in view["unmatched"]:
            sku = product["sku"]
            if not sku:
                continue
            if not self.m.new_products:
                self._once(f"unmatched-product: POS product {sku!r} has no Magento counterpart")
                continue
            if CONTROL.search(sku):
                self.report.append(f"quarantined-sku: {sku!r} holds control characters; not created")
                continue
            body = {"product": {"sku": sku, "name": product.get("name") or sku, "attribute_set_id": 4,
                                "price": float(product.get("price_excluding_tax") or 0), "status": 1,
                                "visibility": 4, "type_id": "simple",
                                "extension_attributes": {"website_ids": [1]}}}
            try:
                await self.mg.call("POST", self.mg_path("/products"), body=body, idempotent=False)
            except Unknown:
                self.report.append(f"catalog: creating {sku!r}: no answer; looked up next run")
            except Failed as exc:
                self.report.append(f"catalog: {sku!r} refused: {exc}")

    # -- orders: every Magento order -> one closed POS sale at the web outlet ----------------------------

    async def lightspeed_refs(self, context: dict[str, Any]) -> dict[str, str]:
        if "refs" not in context:
            registers = {r["name"]: r for r in await self.ls_walk("/registers")}
            users = await self.ls_walk("/users")
            register = registers.get(self.m.web_register) or next(iter(registers.values()))
            context["refs"] = {"register": register["id"], "user": users[0]["id"]}
        refs: dict[str, str] = context["refs"]
        return refs

    async def find_sale(self, invoice: str) -> dict[str, Any] | None:
        """The live (not voided) POS sale with this invoice number, by /search."""
        answer = await self.ls.call("GET", self.ls_path("/search"), [("type", "sales"), ("invoice_number", invoice)])
        rows = answer.get("data") or [] if isinstance(answer, dict) else []
        live = [r for r in rows if r.get("invoice_number") == invoice and _status(r) != "VOIDED"]
        return live[0] if live else None

    async def orders(self, context: dict[str, Any]) -> None:
        view = context.get("view") or await self.catalog_view()
        context["view"] = view
        by_sku = {sku: pid for pid, sku in view["matched"].items()}
        for order in sorted(await self.mg_search("/orders"), key=lambda o: int(o["entity_id"])):
            increment = str(order["increment_id"])
            invoice = f"{self.m.prefix}{increment}"
            canceled = order.get("state") == "canceled"
            if increment in self.state["uncertain"]:
                await self.settle_uncertain(increment, invoice)
            if increment in self.state["recorded"]:
                if canceled and increment not in self.state["voided"]:
                    await self.void(self.state["recorded"][increment])
                    self.state["voided"].append(increment)
                continue
            if canceled or increment in self.state["voided"]:
                continue
            lines = []
            for item in order.get("items") or []:
                if item.get("product_type") == "configurable":
                    continue
                qty = float(item["qty_ordered"]) - float(item.get("qty_canceled") or 0)
                pid = by_sku.get(item["sku"])
                if qty > 0 and pid:
                    lines.append((pid, qty, float(item.get("price") or 0)))
            if not lines:
                continue
            refs = await self.lightspeed_refs(context)
            try:
                sale = await self.create_sale(refs, invoice, lines, increment)
            except Unknown:
                self.state["uncertain"].append(increment)
                self.report.append(f"orders: POS sale {invoice}: no answer; looked up before anything else")
                raise
            self.state["recorded"][increment] = sale
            self.report.append(f"orders: recorded {invoice} as POS sale {sale}")

    async def settle_uncertain(self, increment: str, invoice: str) -> None:
        """A sale whose answer never came: look it up by its invoice number (the defect forgets it instead)."""
        if not self.defects.blind_resend:
            found = await self.find_sale(invoice)  # a failure here leaves it uncertain
            if found:
                self.state["recorded"][increment] = found["id"]
        self.state["uncertain"].remove(increment)

    async def create_sale(self, refs: dict[str, str], invoice: str, lines: list[tuple[str, float, float]],
                          increment: str) -> str:
        note = f"Magento order {increment}"
        if date_version(self.version):
            body = {"source": {"register_id": refs["register"], "author_id": refs["user"]}, "state": "closed",
                    "invoice_number": invoice, "note": note,
                    "line_items": [{"product": {"id": pid}, "quantity": qty, "pricing": {"price": price},
                                    "tax": {"amount": 0}} for pid, qty, price in lines]}
            answer = await self.ls.call("POST", self.ls_path("/sales"), body=body, idempotent=False)
        else:
            body = {"register_id": refs["register"], "user_id": refs["user"], "status": "CLOSED",
                    "invoice_number": invoice, "note": note,
                    "register_sale_products": [{"product_id": pid, "quantity": qty, "price": price, "tax": 0}
                                               for pid, qty, price in lines]}
            answer = await self.ls.call("POST", "/api/register_sales", body=body, idempotent=False)
        data = answer.get("data", answer) if isinstance(answer, dict) else {}
        if isinstance(data, dict) and "register_sale" in data:
            data = data["register_sale"]
        if isinstance(data, list):
            data = data[0]
        return str(data.get("id") if isinstance(data, dict) else data)

    async def void(self, sale_id: str) -> None:
        if date_version(self.version):
            await self.ls.call("PUT", self.ls_path(f"/sales/{sale_id}"), body={"state": "voided"})
        else:
            sale = await self.ls.call("GET", self.ls_path(f"/sales/{sale_id}"))
            data = sale.get("data", sale)
            await self.ls.call("POST", "/api/register_sales",
                               body={"id": sale_id, "register_id": data.get("register_id"),
                                     "user_id": data.get("user_id"), "status": "VOIDED"})
        self.report.append(f"orders: voided POS sale {sale_id} (its web order was canceled)")

    # -- returns: a closed POS return of a recorded web order -> one credit memo -------------------------

    async def returns(self, context: dict[str, Any]) -> None:
        sales = await self.ls_walk("/sales")
        by_id = {s["id"]: s for s in sales}
        increments = {inv[len(self.m.prefix):] for inv in (s.get("invoice_number") or "" for s in sales)
                      if inv.startswith(self.m.prefix)}
        if not increments:
            return
        orders = {str(o["increment_id"]): o for o in await self.mg_search("/orders")}
        for sale in sorted(sales, key=lambda s: int(s.get("version") or 0)):
            original = by_id.get(_returned(sale))
            if not original or sale["id"] in self.state["credited"]:
                continue
            status = _status(sale)
            if status != "CLOSED" and not (self.defects.credit_parked and status == "SAVED"):
                continue
            invoice = str(original.get("invoice_number") or "")
            order = orders.get(invoice[len(self.m.prefix):]) if invoice.startswith(self.m.prefix) else None
            if order is None:
                continue
            await self.credit(sale, original, order, context)

    async def credit(self, sale: dict[str, Any], original: dict[str, Any], order: dict[str, Any],
                     context: dict[str, Any]) -> None:
        comment = f"POS return {sale['id']}"
        if sale["id"] in self.state["credit_uncertain"] and not self.defects.blind_resend:
            memos = await self.mg_search("/creditmemos", _filter("order_id", str(order["entity_id"])))
            if any(comment in str(c.get("comment")) for m in memos for c in m.get("comments") or []):
                self.state["credit_uncertain"].remove(sale["id"])
                self.state["credited"].append(sale["id"])
                return
        sold = {_line_product(line) for line in _lines(original) if float(line.get("quantity") or 0) > 0}
        view = context.get("view") or await self.catalog_view()
        context["view"] = view
        items: dict[str, float] = {}
        children = {i.get("parent_item_id") for i in order.get("items") or [] if i.get("parent_item_id")}
        for line in _lines(sale):
            pid, qty = _line_product(line), -float(line.get("quantity") or 0)
            sku = view["matched"].get(pid)
            if qty <= 0 or pid not in sold or sku is None:
                continue  # a walk-in item returned with it: the POS restock alone covers it
            item = next((i for i in order.get("items") or [] if i["sku"] == sku
                         and i.get("product_type") != "configurable"), None)
            if item is None:
                continue
            target = item.get("parent_item_id") or item["item_id"]
            if item["item_id"] in children:
                target = item["item_id"]
            items[str(target)] = items.get(str(target), 0.0) + qty
        if not items:
            self.state["credited"].append(sale["id"])
            return
        note = str(sale.get("note") or "").lower()
        restock = self.m.restock
        for reason, policy in self.m.by_reason.items():
            if reason in note:
                restock = policy
        arguments: dict[str, Any] = {"shipping_amount": 0, "adjustment_positive": 0, "adjustment_negative": 0}
        if restock and not self.defects.no_return_to_stock:
            arguments["extension_attributes"] = {"return_to_stock_items": [int(i) for i in items]}
        body = {"items": [{"order_item_id": int(i), "qty": q} for i, q in items.items()], "notify": False,
                "appendComment": True, "comment": {"comment": comment, "is_visible_on_front": 0},
                "arguments": arguments}
        try:
            await self.mg.call("POST", self.mg_path(f"/order/{order['entity_id']}/refund"), body=body, idempotent=False)
        except Unknown:
            self.state["credit_uncertain"].append(sale["id"])
            self.report.append(f"returns: refund for {comment}: no answer; looked up by its comment next run")
            raise
        self.state["credited"].append(sale["id"])
        self.state["credit_uncertain"] = [s for s in self.state["credit_uncertain"] if s != sale["id"]]
        context["credited"] = True
        if restock and self.defects.restock_twice:
            context["restocked"] = {sku: context.get("restocked", {}).get(sku, 0.0) + q
                                    for sku, q in ((view["matched"].get(_line_product(line)), -float(line["quantity"]))
                                                   for line in _lines(sale)) if sku}
        self.report.append(f"returns: credit memo for {comment} ({'restocked' if restock else 'no restock'})")

    # -- stock: POS on-hand (plus recorded, unshipped web units at the web outlet) -> Magento sources -----

    async def stock(self, context: dict[str, Any]) -> None:
        view = await self.catalog_view()  # fresh: a memo of this tick may have moved Magento's stock
        outlets = await self.outlet_ids()
        by_outlet = {outlets[name]: source for name, source in self.m.outlets.items() if source and name in outlets}
        for name in outlets:
            if name not in self.m.outlets:
                self._once(f"unmapped-outlet: {name!r} has no Magento source in the mapping; skipped")
        simple = {sku for sku, p in view["magento"].items() if p.get("type_id") != "configurable"}
        wanted: dict[tuple[str, str], float] = {}
        for (pid, outlet), level in (await self.pos_levels()).items():
            sku = view["matched"].get(pid)
            if sku is None or outlet not in by_outlet or (sku not in simple and sku.strip() not in simple):
                continue
            wanted[(sku, by_outlet[outlet])] = max(level, 0.0)
        web_source = self.m.outlets.get(self.m.web_outlet)
        if web_source:
            await self.add_web_units(wanted, web_source)
        for sku, qty in (context.get("restocked") or {}).items():
            if web_source and (sku, web_source) in wanted:
                wanted[(sku, web_source)] += qty  # the defect: the memo restocked it already
        if self.defects.salable_to_pos:
            await self.salable_to_pos(view, outlets)
        current = {(i["sku"], i["source_code"]): float(i.get("quantity") or 0)
                   for i in await self.mg_search("/inventory/source-items")}
        changed = [(key, qty) for key, qty in sorted(wanted.items())
                   if current.get(key) != qty and not (key not in current and qty == 0)]
        if self.defects.legacy_stock:
            for (sku, _source), qty in changed:
                await self.mg.call("PUT", self.mg_path(f"/products/{enc(sku)}/stockItems/1"),
                                   body={"stockItem": {"qty": qty, "is_in_stock": qty > 0}})
            return
        await self.post_items(changed)

    async def add_web_units(self, wanted: dict[tuple[str, str], float], web_source: str) -> None:
        """Recorded web orders' unshipped units go back onto the web outlet's source (Magento still reserves them)."""
        for order in await self.mg_search("/orders"):
            if order.get("state") == "canceled":
                continue
            recorded = str(order["increment_id"]) in self.state["recorded"]
            for item in order.get("items") or []:
                left = float(item["qty_ordered"]) - float(item.get("qty_shipped") or 0) \
                    - float(item.get("qty_canceled") or 0) - float(item.get("qty_refunded") or 0)
                key = (item["sku"], web_source)
                if item.get("product_type") == "configurable" or left <= 0 or key not in wanted:
                    continue
                if self.defects.double_deduct:  # the POS sale and the reservation already did
                    wanted[key] = max(0.0, wanted[key] - left)
                elif recorded:
                    wanted[key] += left

    async def post_items(self, changed: list[tuple[tuple[str, str], float]]) -> None:
        """Absolute quantities in batches (lowered to the store's input limit from its 400)."""
        start = 0
        while start < len(changed):
            learned = self.state["limits"].get("batch", 10**6)
            size = len(changed) if self.defects.unbatched else min(self.m.batch, learned)
            batch = changed[start:start + size]
            body = {"sourceItems": [{"sku": sku, "source_code": source, "quantity": qty, "status": 1 if qty > 0 else 0}
                                    for (sku, source), qty in batch]}
            try:
                await self.mg.call("POST", self.mg_path("/inventory/source-items"), body=body)
            except Failed as exc:
                limit = _limit(exc, "items")
                if limit and not self.defects.unbatched and limit < size:
                    self.state["limits"]["batch"] = limit
                    continue
                raise
            start += len(batch)
        if changed:
            self.report.append(f"stock: posted {len(changed)}: " + " ".join(f"{s}@{c}={q:g}" for (s, c), q in changed))

    async def salable_to_pos(self, view: dict[str, Any], outlets: dict[str, str]) -> None:
        """The defect: Magento's salable quantity written into the web outlet's POS count."""
        outlet = outlets.get(self.m.web_outlet) or ""
        levels = await self.pos_levels()
        for pid, sku in sorted(view["matched"].items(), key=lambda kv: kv[1]):
            if view["magento"].get(sku, {}).get("type_id") == "configurable" or (pid, outlet) not in levels:
                continue
            salable = float(await self.mg.call("GET", self.mg_path(
                f"/inventory/get-product-salable-quantity/{enc(sku)}/{self.m.stock_id}")))
            if salable != levels[(pid, outlet)]:
                await self.ls.call("PUT", f"/api/2.1/products/{pid}",
                                   body={"details": {"inventory": [{"outlet_id": outlet, "current_amount": salable}]}})


def _limit(exc: Failed, kind: str) -> int | None:
    """The maximum a 400 names (``Maximum items of type …`` or ``Maximum SearchCriteria pageSize is …``)."""
    if exc.status != 400 or not isinstance(exc.body, dict):
        return None
    message = str(exc.body.get("message") or "")
    if (kind == "items" and "Maximum items" not in message) or (kind == "pageSize" and "pageSize" not in message):
        return None
    params = exc.body.get("parameters")
    value = params.get("max") if isinstance(params, dict) else (params[-1] if isinstance(params, list) and params
                                                                 else None)
    if value is None:
        found = re.search(r"(\d+)\s*$", message)
        value = found.group(1) if found else None
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _filter(field: str, value: str) -> list[tuple[str, str]]:
    prefix = "searchCriteria[filter_groups][0][filters][0]"
    return [(f"{prefix}[field]", field), (f"{prefix}[value]", value), (f"{prefix}[condition_type]", "eq")]


def _status(sale: dict[str, Any]) -> str:
    """A sale's 2.0 status (SAVED, CLOSED, VOIDED …), read from ``status`` or from a date version's ``state``."""
    if sale.get("status"):
        return str(sale["status"]).upper()
    state = str(sale.get("state") or "").lower()
    return {"parked": "SAVED", "closed": "CLOSED", "voided": "VOIDED"}.get(state, state.upper())


def _returned(sale: dict[str, Any]) -> str:
    """The id of the sale a return returns: 2.0 ``return_for``, a date version's ``return.original_sale_id``."""
    link = sale.get("return")
    return str(sale.get("return_for") or (link.get("original_sale_id") if isinstance(link, dict) else "") or "")


def _lines(sale: dict[str, Any]) -> list[dict[str, Any]]:
    return list(sale.get("line_items") or sale.get("register_sale_products") or [])


def _line_product(line: dict[str, Any]) -> str:
    product = line.get("product")
    return str(product.get("id") if isinstance(product, dict) else line.get("product_id") or "")
