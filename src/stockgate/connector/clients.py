"""Thin async clients for the two platforms, each call through the retry policy.

Magento: ``/rest/<store>/V1`` with an admin token, an integration token as Bearer, or OAuth 1.0a
signing — whichever the store accepts (MAGENTO.md §2.4). Lightspeed: a Bearer token, and the
shapes of the API version the connector speaks, read from that version's profile
(``inventory.read``, ``sales.write``, ``returns.endpoint``), not from ``if version`` checks.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from stockgate import oauth1
from stockgate.connector.retry import RetryPolicy
from stockgate.errors import FatalError


def segment(value: str) -> str:
    """``value`` as one URL path segment: every reserved character percent-encoded, UTF-8 first.

    Magento's REST router splits the raw path on "/" and ``urldecode``s each parameter
    (``Webapi/Controller/Rest/Router/Route::match``), so "+" must travel as %2B and a "/" inside a SKU
    as %2F (which the store's web server must pass through undecoded: Apache ``AllowEncodedSlashes
    NoDecode``, magento/magento2#8615, #25467).
    """
    return quote(value, safe="")


def absolute_url(http: httpx.AsyncClient, target: str, params: Mapping[str, Any] | None = None) -> httpx.URL:
    """``target`` (a path below the client's base URL, with its query or ``params``), as ``http`` would send it.

    The URL ``build_request`` makes from a relative target and ``params`` (tests/unit/test_client_urls.py), built
    with one parse: httpx parses a relative target, merges it into its base URL and parses the result again (and
    once more to merge ``params``, even none), a sixth of the connector's own cost in a busy in-process week.
    """
    base = str(http.base_url).rstrip("/")  # httpx keeps its base URL with one trailing "/"
    if not params:
        return httpx.URL(f"{base}{target}")
    if "?" in target:
        raise ValueError("a target with its own query takes no params")  # no client sends both
    return httpx.URL(f"{base}{target}", params=params)


def unsendable(sku: str) -> str | None:
    """Why a SKU cannot be synced (control characters: a data-entry slip no store accepts), or None."""
    bad = sorted({f"U+{ord(ch):04X}" for ch in sku if ord(ch) < 32 or 127 <= ord(ch) < 160})
    return f"it holds control characters ({', '.join(bad)})" if bad else None


@dataclass(frozen=True, slots=True, kw_only=True)
class MagentoAuth:
    """How to authenticate: ``bearer`` (token), ``oauth1`` (four credentials) or ``admin`` (user + password)."""

    mode: str
    token: str = ""
    consumer_key: str = ""
    consumer_secret: str = ""
    token_secret: str = ""
    username: str = ""
    password: str = field(default="", repr=False)

    def __repr__(self) -> str:
        """Never print credentials."""
        return f"MagentoAuth(mode={self.mode!r})"


# (method, path, parsed answer) -> the answer the connector gets: how stockgate learns which fields
# a connector reads (stockgate.scenarios.usage); None in normal runs
Observer = Callable[[str, str, Any], Any]


class MagentoClient:
    """Magento REST calls a stock connector makes."""

    def __init__(self, base_url: str, store: str, auth: MagentoAuth, policy: RetryPolicy, *,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        """``base_url`` is the store's root (REST under ``/rest/<store>/V1``)."""
        self.base_url = base_url.rstrip("/")
        self.store = store
        self.auth = auth
        self.policy = policy
        self.http = httpx.AsyncClient(base_url=self.base_url, transport=transport, timeout=30.0)
        self._admin_token: str | None = None
        self.observe: Observer | None = None
        self.max_page_size: int | None = None  # learned from the store's "Maximum SearchCriteria pageSize" 400
        self.answered = 0  # calls the store accepted: none yet and a 401 means the credentials, not one grant

    async def close(self) -> None:
        """Close the HTTP client."""
        await self.http.aclose()

    def _path(self, path: str) -> str:
        return f"/rest/{self.store}/V1{path}"

    async def _headers(self, method: str, path: str, query: list[tuple[str, str]]) -> dict[str, str]:
        auth = self.auth
        if auth.mode == "bearer":
            return {"Authorization": f"Bearer {auth.token}"}
        if auth.mode == "admin":
            if self._admin_token is None:
                credentials = {"username": auth.username, "password": auth.password}
                response = await self.policy.call(
                    "POST /V1/integration/admin/token", platform="magento",
                    send=lambda: self.http.post(self._path("/integration/admin/token"), json=credentials))
                self._admin_token = str(response.json())
            return {"Authorization": f"Bearer {self._admin_token}"}
        url = f"{self.base_url}{path}" + (f"?{urlencode(query)}" if query else "")
        header = oauth1.authorization(method=method, url=url, query=query, consumer_key=auth.consumer_key,
                                      consumer_secret=auth.consumer_secret, token=auth.token,
                                      token_secret=auth.token_secret, nonce=uuid.uuid4().hex,
                                      timestamp=int(time.time()))
        return {"Authorization": header}

    async def request(self, operation: str, method: str, path: str, *, query: list[tuple[str, str]] | None = None,
                      body: Any = None, idempotent: bool = True) -> Any:
        """One call; the parsed JSON answer."""
        full = self._path(path)
        pairs = [(str(k), str(v)) for k, v in query or []]
        # the query is written by hand in RFC 3986 encoding: a space as %20, never the "+" of form encoding,
        # which Magento's OAuth helper reads as a plus (auth.oauth1_signature) and the signature would differ
        target = f"{full}?{oauth1.query_string(pairs)}" if pairs else full

        async def send() -> httpx.Response:
            headers = await self._headers(method, full, pairs)
            return await self.http.request(method, absolute_url(self.http, target), json=body, headers=headers)

        response = await self.policy.call(f"{operation} (Magento)", send, idempotent=idempotent, platform="magento")
        self.answered += 1
        answer = response.json() if response.content else None
        return self.observe(method, full, answer) if self.observe else answer

    async def search(self, operation: str, path: str, filters: list[tuple[str, str, str]], *, page_size: int,
                     sort: str | None = None, fields: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Every row of a getList, paged by ``total_count`` (a page past the end repeats the last one).

        A store whose input limits cap the page size below ``page_size`` answers 400 naming its
        maximum; the walk starts again at that size, and later walks use it too. ``fields``: only
        these keys of each row (Magento's ``fields=items[…],total_count``), for big walks.
        """
        while True:
            size = min(page_size, self.max_page_size or page_size)
            try:
                return await self._search(operation, path, filters, page_size=size, sort=sort, fields=fields)
            except FatalError as exc:
                limit = magento_limit(exc, "Maximum SearchCriteria pageSize")
                if limit is None or limit >= size or limit < 1:
                    raise
                self.max_page_size = limit

    async def _search(self, operation: str, path: str, filters: list[tuple[str, str, str]], *, page_size: int,
                      sort: str | None, fields: tuple[str, ...]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        page = 1
        while True:
            query = [("searchCriteria[pageSize]", str(page_size)), ("searchCriteria[currentPage]", str(page))]
            for n, (name, value, condition) in enumerate(filters):
                base = f"searchCriteria[filter_groups][{n}][filters][0]"
                query += [(f"{base}[field]", name), (f"{base}[value]", value), (f"{base}[condition_type]", condition)]
            if sort:
                query += [("searchCriteria[sortOrders][0][field]", sort),
                          ("searchCriteria[sortOrders][0][direction]", "ASC")]
            if fields:
                query.append(("fields", f"items[{','.join(fields)}],total_count"))
            answer = await self.request(operation, "GET", path, query=query)
            rows += answer.get("items") or []
            if page * page_size >= int(answer.get("total_count") or 0):
                return rows
            page += 1


def magento_limit(exc: FatalError, message: str) -> int | None:
    """The ``max`` parameter of a Magento input-limit 400 whose message starts with ``message``, else None.

    ``Maximum SearchCriteria pageSize is %max`` (page size) and ``Maximum items of type … is %max``
    (array inputs) both name the store's configured limit in ``parameters.max``.
    """
    if exc.status != 400 or not str(exc.details.get("message", "")).startswith(message):
        return None
    parameters = exc.details.get("parameters")
    limit = parameters.get("max") if isinstance(parameters, dict) else None
    return int(limit) if isinstance(limit, int | str) and str(limit).isdigit() else None


@dataclass(frozen=True, slots=True, kw_only=True)
class PosSale:
    """A Lightspeed sale in one shape whatever the version: closed/voided, return link, lines."""

    id: str
    state: str  # parked | pending | closed | voided
    return_for: str | None
    lines: tuple[tuple[str, float], ...]  # (product id, quantity)
    invoice_number: str
    version: int
    outlet_id: str | None
    note: str = ""


class LightspeedClient:
    """Lightspeed calls a stock connector makes, in the shapes of one API version."""

    def __init__(self, base_url: str, version: str, token: str, policy: RetryPolicy, facts: Mapping[str, Any], *,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        """``facts``: the version's profile values (``inventory.read``, ``sales.write``, ``returns.endpoint``)."""
        self.version = version
        self.policy = policy
        self.facts = facts
        self.http = httpx.AsyncClient(base_url=base_url.rstrip("/"), transport=transport, timeout=30.0,
                                      headers={"Authorization": f"Bearer {token}"})
        self.observe: Observer | None = None

    async def close(self) -> None:
        """Close the HTTP client."""
        await self.http.aclose()

    async def request(self, operation: str, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                      body: Any = None, idempotent: bool = True, versioned: bool = True) -> Any:
        """One call below ``/api/<version>`` (or ``/api`` for the 0.9 leftovers)."""
        url = f"/api/{self.version}{path}" if versioned else f"/api{path}"
        response = await self.policy.call(
            f"{operation} (Lightspeed {self.version})", platform="lightspeed", idempotent=idempotent,
            send=lambda: self.http.request(method, absolute_url(self.http, url, params), json=body))
        answer = response.json() if response.content else None
        return self.observe(method, url, answer) if self.observe else answer

    async def walk(self, path: str, page_size: int) -> list[dict[str, Any]]:
        """Every row of a version-cursor list."""
        rows: list[dict[str, Any]] = []
        after = 0
        while True:
            page = await self.request(f"GET {path}", "GET", path, params={"after": after, "page_size": page_size})
            if not page.get("data"):
                return rows
            rows += page["data"]
            after = page["version"]["max"]

    async def inventory_since(self, after: int, size: int) -> tuple[list[dict[str, Any]], int]:
        """Changed inventory rows (normalized: product_id, outlet_id, level, version) and the next cursor."""
        read = self.facts["inventory.read"]
        if read["operation"].startswith("POST"):
            size = min(size, int(read.get("page_size_max") or size))
            rows = await self.request("POST /inventory", "POST", "/inventory", body={"after": after, "size": size})
        else:
            page = await self.request("GET /inventory", "GET", "/inventory", params={"after": after, "page_size": size})
            rows = page.get("data") or []
        field = read["level_field"]
        owed = read.get("owed_field")
        out = [{"product_id": r["product_id"], "outlet_id": r["outlet_id"], "version": int(r["version"]),
                "level": float(r.get(field) or 0) - (float(r.get(owed) or 0) if owed else 0.0)} for r in rows]
        return out, max([after, *(r["version"] for r in out)])

    async def sales_since(self, after: int, size: int) -> tuple[list[PosSale], int]:
        """Sales changed after ``after`` (any state), normalized."""
        page = await self.request("GET /sales", "GET", "/sales", params={"after": after, "page_size": size})
        sales = [self._sale(s) for s in page.get("data") or []]
        return sales, max([after, *(s.version for s in sales)])

    @staticmethod
    def _sale(raw: Mapping[str, Any]) -> PosSale:
        if "status" in raw:  # the 2.0 model
            status = str(raw["status"])
            state = "voided" if status == "VOIDED" else "parked" if status == "SAVED" else \
                "closed" if status.endswith("CLOSED") or status == "CLOSED" else "pending"
            lines = tuple((str(li["product_id"]), float(li["quantity"])) for li in raw.get("line_items") or [])
            return PosSale(id=raw["id"], state=state, return_for=raw.get("return_for"), lines=lines,
                           invoice_number=str(raw.get("invoice_number") or ""), version=int(raw.get("version") or 0),
                           outlet_id=raw.get("outlet_id"), note=str(raw.get("note") or ""))
        lines = tuple((str(li["product"]["id"]), float(li["quantity"])) for li in raw.get("line_items") or [])
        ret = raw.get("return") or {}
        return PosSale(id=raw["id"], state=str(raw.get("state")), return_for=ret.get("original_sale_id") or None,
                       lines=lines, invoice_number=str(raw.get("invoice_number") or ""),
                       version=int((raw.get("_metadata") or {}).get("version") or 0),
                       outlet_id=(raw.get("source") or {}).get("outlet_id"), note=str(raw.get("note") or ""))

    async def get_sale(self, sale_id: str) -> PosSale:
        """One sale by id, normalized."""
        answer = await self.request("GET /sales/{sale_id}", "GET", f"/sales/{sale_id}")
        return self._sale(answer["data"])

    async def find_sale(self, invoice_number: str) -> dict[str, Any] | None:
        """The sale with ``invoice_number`` (``/search?type=sales``), if it exists."""
        found = await self.request("GET /search", "GET", "/search",
                                   params={"type": "sales", "invoice_number": invoice_number})
        rows = found.get("data") or []
        return dict(rows[0]) if rows else None

    async def create_sale(self, *, register_id: str, user_id: str, invoice_number: str,
                          lines: list[tuple[str, float, float]], note: str) -> str:
        """A closed sale (one call, not retried after a dropped connection: the caller reconciles first)."""
        create = str(self.facts["sales.write"]["create"])
        body: dict[str, Any]
        if create.startswith("POST /api/register_sales"):
            body = {"register_id": register_id, "user_id": user_id, "status": "CLOSED", "note": note,
                    "invoice_number": invoice_number, "register_sale_products": [
                        {"product_id": p, "quantity": q, "price": price, "tax": 0} for p, q, price in lines]}
            answer = await self.request("POST /api/register_sales", "POST", "/register_sales", body=body,
                                        idempotent=False, versioned=False)
            return str(answer["register_sale"]["id"])
        body = {"state": "closed", "invoice_number": invoice_number, "note": note,
                "source": {"author_id": user_id, "register_id": register_id},
                "line_items": [{"product": {"id": p}, "quantity": q, "pricing": {"price": price},
                                "tax": {"id": "", "amount": 0}} for p, q, price in lines]}
        answer = await self.request("POST /sales", "POST", "/sales", body=body, idempotent=False)
        return str(answer["data"]["id"])

    async def void_sale(self, sale_id: str, user_id: str) -> None:
        """Void a sale (stock comes back)."""
        update = str(self.facts["sales.write"].get("update") or "")
        if update.startswith("POST /api/register_sales"):
            await self.request("POST /api/register_sales", "POST", "/register_sales", versioned=False,
                               body={"id": sale_id, "user_id": user_id, "status": "VOIDED"})
            return
        await self.request("PUT /sales/{sale_id}", "PUT", f"/sales/{sale_id}", body={"state": "voided"})


def require_ok(answer: Any, operation: str) -> Any:
    """An answer that must be JSON; a FatalError naming the operation otherwise."""
    if answer is None:
        raise FatalError(f"{operation}: empty answer", operation=operation)
    return answer
