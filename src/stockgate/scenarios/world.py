"""The world one scenario runs in: both twins on one virtual clock (or a real store pair), and the people using them.

Steps act through the platforms' own APIs, as a storefront (guest checkout), a cashier (the
register's token, in the users rate-limit bucket) and a back office (Magento integration) would;
oracles read through the APIs too. Only what no API exposes (Magento reservations) is read from
the twin, and the finding says so.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any
from urllib.parse import unquote

import httpx

from stockgate import oauth1
from stockgate.clock import VirtualClock, WallClock
from stockgate.connector.clients import segment
from stockgate.connector.mapping import Mapping
from stockgate.scenarios.model import Pair
from stockgate.target import Target
from stockgate.twins.shell import ACTOR, OBSERVER, TwinShell
from stockgate.twins.web import Request

MAGENTO_BASE = "http://magento.test"
LIGHTSPEED_BASE = "https://demo.retail.lightspeed.app"
DEMO = {"token": "stockgate-demo-token", "consumer_key": "stockgate-demo-consumer-key",
        "consumer_secret": "stockgate-demo-consumer-secret", "token_secret": "stockgate-demo-token-secret"}
IN_PROCESS_PEER = "127.0.0.1"  # the client address httpx's ASGI transport gives the twins
# A target httpx sends as written (unreserved, sub-delimiters, "%", "/", "?", ":" and "@")
_PLAIN = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=%/?:@]*")
CASHIER = {"Authorization": "Bearer stockgate-register-token"}
ADDRESS = {"firstname": "Sam", "lastname": "Shopper", "street": ["1 Main Street"], "city": "Springfield",
           "country_id": "US", "postcode": "62701", "telephone": "5550100", "email": "shopper@example.com"}


class _Observed(httpx.Response):
    """A twin's answer to an in-process read.

    Its ``request`` (method and URL, as httpx would have sent them) is built only when asked for:
    read tracing asks (``usage.traced_httpx``).
    """

    sent_to: tuple[httpx.URL, str]

    @property
    def request(self) -> httpx.Request:
        """The request this answers (built on first use)."""
        if self._request is None:
            base, target = self.sent_to
            self._request = httpx.Request("GET", base.copy_with(raw_path=target.encode("ascii")))
        return self._request

    @request.setter
    def request(self, value: httpx.Request) -> None:
        """Set as httpx sets it."""
        self._request = value


class StepFailed(Exception):
    """A step could not be performed on the platform (the scenario's fault, or a platform refusal)."""


class World:
    """Clients, labels and name lookups for one scenario run: on the twins (this class) or a real store pair.

    The twins run in-process on one virtual clock; :class:`StoreWorld` acts on real stores on wall
    time. Steps and oracles that need what no API exposes check :attr:`twins` and say so.
    """

    twins = True

    def __init__(self, pair: Pair, mapping: Mapping, *, seed: str = "demo") -> None:
        """Build both twins on a fresh virtual clock."""
        from stockgate.twins.journal import Journal
        from stockgate.twins.lightspeed import create_app as lightspeed_app
        from stockgate.twins.magento import create_app as magento_app

        self.clock: VirtualClock = VirtualClock()
        # oracles, then.requests, the surface and recordings read whole journals, bodies included
        self.magento = magento_app(pair.magento, pair.magento_profile, seed=seed, clock=self.clock,
                                   journal=Journal.full())
        self.lightspeed = lightspeed_app(pair.lightspeed, pair.lightspeed_profile, seed=seed, clock=self.clock,
                                         journal=Journal.full())
        self.m_transport: httpx.AsyncBaseTransport = httpx.ASGITransport(app=self.magento)
        self.l_transport: httpx.AsyncBaseTransport = httpx.ASGITransport(app=self.lightspeed)
        self.shopper: dict[str, Any] = ADDRESS
        self._connect(pair, mapping, MAGENTO_BASE, LIGHTSPEED_BASE, bearer=bool(
            self.magento.twin.behaviour.integration_bearer), credentials=DEMO, cashier=CASHIER["Authorization"])

    def _connect(self, pair: Pair, mapping: Mapping, magento_url: str, lightspeed_url: str, *, bearer: bool,
                 credentials: dict[str, str], cashier: str) -> None:
        self.pair = pair
        self.mapping = mapping
        self.magento_url = magento_url
        self.lightspeed_url = lightspeed_url
        self.credentials = credentials  # token, and for OAuth 1.0a consumer_key, consumer_secret, token_secret
        self.bearer = bearer
        self.m = httpx.AsyncClient(transport=self.m_transport, base_url=magento_url, headers={ACTOR: "scenario"})
        self.ls = httpx.AsyncClient(transport=self.l_transport, base_url=lightspeed_url,
                                    headers={"Authorization": cashier, ACTOR: "scenario"})
        self.labels: dict[str, Any] = {}
        self.watch: set[str] | None = None  # the Magento SKUs the invariants cover (set at the first check)
        self.named: set[str] = set()  # SKUs the scenario names (new products included)
        self._ids: dict[str, str] = {}
        self._thresholds: dict[str, float] = {}
        self._cursors: dict[str, tuple[dict[str, dict[str, Any]], int]] = {}
        self._page_size = 100  # lowered when the store's input limits cap it
        self._website: str | None = None  # the stock's website code (salables), read once

    async def close(self) -> None:
        """Close the clients."""
        await self.m.aclose()
        await self.ls.aclose()

    # --- what the scenario writes: namespaced and logged on a real store -----------------------------
    def tagged(self, text: str) -> str:
        """``text`` as the scenario writes it (on a real store: with the run id, so a person can find it)."""
        return text

    def wrote(self, what: str) -> None:
        """Note one write the scenario made (kept on real stores only: a twin is thrown away)."""

    # --- Magento, as the back office --------------------------------------------------------------
    def _auth(self, method: str, url: str, query: list[tuple[str, str]]) -> dict[str, str]:
        c = self.credentials
        if self.bearer:
            return {"Authorization": f"Bearer {c['token']}"}
        return {"Authorization": oauth1.authorization(
            method=method, url=f"{self.magento_url}{url}", query=query, consumer_key=c["consumer_key"],
            consumer_secret=c["consumer_secret"], token=c["token"], token_secret=c["token_secret"],
            nonce=uuid.uuid4().hex, timestamp=int(time.time()))}

    async def admin(self, method: str, path: str, *, body: Any = None, query: list[tuple[str, str]] | None = None
                    ) -> httpx.Response:
        """A back-office call to ``/rest/default/V1<path>`` (reads are the scenario observing: see OBSERVER)."""
        url = f"/rest/default/V1{path}"
        params = query or []
        headers = self._auth(method, url, params)
        target = f"{url}?{oauth1.query_string(params)}" if params else url  # %20 for spaces: signed as Magento reads it
        if method == "GET":
            headers[OBSERVER] = "1"
            if self.twins:
                return self._observe(self.magento, self.m, target, headers)
        return await self.m.request(method, target, json=body, headers=headers)

    def _observe(self, app: TwinShell, client: httpx.AsyncClient, target: str, headers: dict[str, str]
                 ) -> httpx.Response:
        """A scenario's own GET of a twin, answered in-process without the HTTP client in between.

        The twin sees the request ``client`` would send through httpx's ASGI transport (its default
        headers, Host, scheme, the raw path and query as given, the transport's peer address) and
        answers it as :meth:`TwinShell.observe`; the answer is its bytes, as over HTTP. The
        connector under test keeps the real client: only the runner's checking reads take this path.
        """
        base = client.base_url
        if not _PLAIN.fullmatch(target):  # what httpx would percent-encode first: let it
            target = base.copy_with(raw_path=b"/").join(target).raw_path.decode("ascii")
        raw_path, _, query = target.partition("?")
        sent = {k.lower(): v for k, v in client.headers.items()}
        sent["host"] = base.netloc.decode("ascii")
        sent.update((k.lower(), v) for k, v in headers.items())
        request = Request(method="GET", path=unquote(raw_path), raw_path=raw_path, query_string=query,
                          headers=sent, body=b"", scheme=base.scheme, host=sent["host"], client=IN_PROCESS_PEER)
        answer = app.observe(request)
        body = answer.encoded()
        response = _Observed(answer.status, content=body, headers=[
            ("content-type", answer.content_type), ("content-length", str(len(body))), *answer.headers])
        response.sent_to = (base, target)
        return response

    async def admin_list(self, path: str) -> list[dict[str, Any]]:
        """Every row of a getList, paged by total_count within the input limits a store may have on."""
        rows: list[dict[str, Any]] = []
        page, size = 1, self._page_size
        while True:
            response = await self.admin("GET", path, query=[("searchCriteria[pageSize]", str(size)),
                                                           ("searchCriteria[currentPage]", str(page))])
            answer = response.json()
            parameters = answer.get("parameters") if response.status_code == 400 else None
            limit = parameters.get("max") if isinstance(parameters, dict) else None
            if isinstance(limit, int) and 0 < limit < size:  # "Maximum SearchCriteria pageSize is %max"
                rows, page, size = [], 1, limit
                self._page_size = limit
                continue
            rows += answer.get("items") or []
            if page * size >= int(answer.get("total_count") or 0):
                return rows
            page += 1

    async def source_qty(self, sku: str, source: str) -> float | None:
        """Magento source quantity (None: no source item)."""
        q = [("searchCriteria[filter_groups][0][filters][0][field]", "sku"),
             ("searchCriteria[filter_groups][0][filters][0][value]", sku)]
        items = (await self.admin("GET", "/inventory/source-items", query=q)).json().get("items", [])
        return next((float(i["quantity"]) for i in items if i["source_code"] == source), None)

    async def salable(self, sku: str) -> float:
        """Magento salable quantity on the mapping's stock."""
        r = await self.admin("GET", f"/inventory/get-product-salable-quantity/{segment(sku)}/{self.mapping.stock_id}")
        return float(r.json()) if r.status_code == 200 else 0.0

    async def salables(self, skus: list[str]) -> dict[str, float]:
        """Salable quantities of ``skus`` on the mapping's stock, a page of SKUs per request.

        Read from MSI's export (``GET /V1/inventory/export-stock-salable-qty/website/{code}`` filtered by
        ``sku in …``: ``ExportStockSalableQtyBySalesChannel``, the same GetProductSalableQty per SKU) for
        the stock's website; a SKU the export leaves out (no source item on the stock's sources), one
        with a comma (an ``in`` filter cannot name it), or an export the store refuses is read one by
        one with :meth:`salable`, as before.
        """
        found: dict[str, float] = {}
        website = await self._stock_website()
        bulk = [sku for sku in skus if "," not in sku] if website else []
        size = self._page_size
        for start in range(0, len(bulk), size):
            chunk = bulk[start:start + size]
            f = "searchCriteria[filter_groups][0][filters][0]"
            response = await self.admin("GET", f"/inventory/export-stock-salable-qty/website/{segment(website)}",
                                        query=[(f"{f}[field]", "sku"), (f"{f}[value]", ",".join(chunk)),
                                               (f"{f}[condition_type]", "in"),
                                               ("searchCriteria[pageSize]", str(len(chunk))),
                                               ("searchCriteria[currentPage]", "1")])
            if response.status_code != 200:
                break
            for item in response.json().get("items") or []:
                if str(item.get("sku")) in chunk and isinstance(item.get("qty"), int | float):
                    found[str(item["sku"])] = float(item["qty"])
        for sku in skus:
            if sku not in found:
                found[sku] = await self.salable(sku)
        return found

    async def _stock_website(self) -> str:
        """The website code of the mapping's stock's sales channel (read once; "" when it has none)."""
        if self._website is None:
            response = await self.admin("GET", f"/inventory/stocks/{self.mapping.stock_id}")
            channels = (response.json().get("extension_attributes") or {}).get("sales_channels") \
                if response.status_code == 200 and isinstance(response.json(), dict) else None
            self._website = next((str(c["code"]) for c in channels or [] if isinstance(c, dict)
                                  and c.get("type") == "website" and c.get("code")), "")
        return self._website

    async def start_watching(self) -> None:
        """Fix the invariants' watch list: the Magento products at the start plus the SKUs named.

        Products a connector creates on its own (the 40 POS-only demo lines, when Lightspeed owns
        new products) stay outside it; a scenario about them names them.
        """
        self.watch = {str(p["sku"]) for p in await self.admin_list("/products")
                      if p.get("type_id") != "configurable"} | self.named

    async def threshold(self, sku: str) -> float:
        """The SKU's out-of-stock threshold (stock item ``min_qty``; read once: no step changes it)."""
        if sku not in self._thresholds:
            product = (await self.admin("GET", f"/products/{segment(sku)}")).json()
            stock_item = (product.get("extension_attributes") or {}).get("stock_item") or {}
            self._thresholds[sku] = float(stock_item.get("min_qty") or 0)
        return self._thresholds[sku]

    def marker(self) -> tuple[int, int, float] | None:
        """Changes whenever the platforms' state may have: a write to either twin, or virtual time passing.

        Scenario reads are observers and never journaled; so an equal marker means equal answers.
        None: unknown (a real store changes without telling).
        """
        return self.magento.twin.journal.recorded, self.lightspeed.twin.journal.recorded, self.clock.elapsed

    async def orders(self) -> list[dict[str, Any]]:
        """Every Magento order."""
        return await self.admin_list("/orders")

    async def creditmemos(self) -> list[dict[str, Any]]:
        """Every credit memo."""
        return await self.admin_list("/creditmemos")

    # --- Lightspeed, as a cashier ----------------------------------------------------------------
    async def ls_get(self, path: str, **params: Any) -> Any:
        """A 2.0 read."""
        if self.twins:
            query = str(httpx.QueryParams(params))  # encoded as httpx encodes ``params=``
            target = f"/api/2.0{path}?{query}" if query else f"/api/2.0{path}"
            return self._observe(self.lightspeed, self.ls, target, {OBSERVER: "1"}).json()
        return (await self.ls.get(f"/api/2.0{path}", params=params, headers={OBSERVER: "1"})).json()

    async def ls_rows(self, path: str) -> list[dict[str, Any]]:
        """Every live row of a 2.0 version-cursor list, read as a sync client would.

        The first call walks the list; later calls ask only for rows changed since (``after`` and
        ``deleted=true``).
        """
        rows, after = self._cursors.get(path, ({}, 0))
        while True:
            page = await self.ls_get(path, after=after, page_size=10000, deleted="true")
            data = page.get("data") or []
            if not data:
                break
            for row in data:
                rows.pop(str(row["id"]), None)  # a changed row moves to the end, as in a fresh walk
                rows[str(row["id"])] = row
            after = int(page["version"]["max"])
        self._cursors[path] = (rows, after)
        return [row for row in rows.values() if not row.get("deleted_at")]

    async def outlet(self, name: str) -> str:
        """Outlet id by name."""
        return str(next(o["id"] for o in (await self.ls_get("/outlets"))["data"] if o["name"] == name))

    async def register_at(self, outlet: str) -> str:
        """The first register of an outlet (by outlet name)."""
        outlet_id = await self.outlet(outlet)
        return str(next(r["id"] for r in (await self.ls_get("/registers"))["data"] if r["outlet_id"] == outlet_id))

    async def product(self, code: str) -> str:
        """Lightspeed product id by SKU or product code (ids never change: cached)."""
        if code not in self._ids:
            for product in await self.ls_rows("/products"):
                for key in (product["sku"], *(c.get("code") for c in product.get("product_codes") or [])):
                    self._ids.setdefault(str(key), str(product["id"]))
        if code not in self._ids:
            raise KeyError(code)
        return self._ids[code]

    async def source_items(self) -> dict[tuple[str, str], float]:
        """Every Magento source item: (sku, source) -> quantity."""
        rows = await self.admin_list("/inventory/source-items")
        return {(r["sku"], r["source_code"]): float(r["quantity"]) for r in rows}

    async def pos_level(self, code: str, outlet: str) -> float:
        """POS on-hand of a product at an outlet."""
        product, outlet_id = await self.product(code), await self.outlet(outlet)
        rows = (await self.ls_get(f"/products/{product}/inventory"))["data"]
        return float(next((r["inventory_level"] for r in rows if r["outlet_id"] == outlet_id), 0))

    async def cashier_user(self) -> str:
        """The id of the user the cashier token belongs to."""
        return str(self.lightspeed.twin.tokens["stockgate-register-token"][0])

    def journals(self) -> dict[str, list[Any]] | None:
        """What each twin was asked (None on real stores: only the twins keep a journal)."""
        return {"magento": list(self.magento.twin.journal), "lightspeed": list(self.lightspeed.twin.journal)}

    async def pos_sales(self) -> list[dict[str, Any]]:
        """Every POS sale (2.0 shape), via /search."""
        return list((await self.ls_get("/search", type="sales", page_size=1000))["data"])


class StoreWorld(World):
    """A real store pair (a staging Magento and Lightspeed), on wall time.

    Steps act and oracles read through the APIs only, so what needs the twins' insides (faults, the
    reservation oracle, the journals) is not available here.
    """

    twins = False

    def __init__(self, pair: Pair, mapping: Mapping, target: Target) -> None:
        """Clients for the target's base URLs with its credentials; nothing is sent yet."""
        self.clock = WallClock()
        self.m_transport = httpx.AsyncHTTPTransport()
        self.l_transport = httpx.AsyncHTTPTransport()
        self.target = target
        self._user = target.user_id
        self.shopper = {**ADDRESS, "email": f"stockgate+{target.run_id}@example.com"}
        self._connect(pair, mapping, target.magento_url, target.lightspeed_url, bearer=not target.magento_oauth,
                      credentials={"token": target.magento_token, **target.magento_oauth},
                      cashier=f"Bearer {target.register_token or target.lightspeed_token}")

    def marker(self) -> None:
        """Unknown: a real store changes without telling."""

    def tagged(self, text: str) -> str:
        """``text [stockgate <run id>]``: the run's namespace on the store."""
        return f"{text} [stockgate {self.target.run_id}]".strip()

    def wrote(self, what: str) -> None:
        """Into the target's write log (printed at the end of the run)."""
        self.target.writes.append(what)

    async def cashier_user(self) -> str:
        """``STOCKGATE_LIGHTSPEED_USER_ID``, else the first user the store lists (read once)."""
        if not self._user:
            users = (await self.ls_get("/users")).get("data") or []
            if not users:
                raise StepFailed("the Lightspeed store lists no user to sell as: set STOCKGATE_LIGHTSPEED_USER_ID")
            self._user = str(users[0]["id"])
        return self._user

    def journals(self) -> None:
        """Real stores keep no journal we can read."""
