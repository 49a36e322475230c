"""``stockgate twin check``: how far the twin is from this merchant's store, per operation.

The store is read (read-only, through :class:`~stockgate.live.client.StoreClient`): its websites and
store views, sources, stocks, stock-source links, a sample of products and their source items, and
the product extension attributes its modules add (fields of the sampled products' ``extension_attributes``
the release does not define, declared on the twin as a seed declares them, with the values read). A
twin of the contract named is seeded with exactly that (in memory: nothing the store answered is
written), then the same read-only requests go to both (websites and store views included) and their
answers are compared structurally
as ``cassettes fidelity`` compares a recording with a replay (``cassettes.compare``: status, content
type, headers a connector acts on, JSON shape, values about the sampled SKUs; ids and moments left
out). What the seeding cannot carry is said in the report (configurable children, bundles and other
product types the twin does not model are left out of the sample).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from stockgate.cassettes.compare import answer_diff, json_kind
from stockgate.contracts.contract import Contract
from stockgate.errors import UsageError
from stockgate.live.client import BudgetSpent, Limits, StoreClient
from stockgate.target import Target

TWIN_KEYS = {"consumer_key": "twin-check-consumer-key", "consumer_secret": "twin-check-consumer-secret",
             "token_secret": "twin-check-token-secret"}
TWIN_TOKEN = "twin-check-token"  # the in-memory twin's own integration (never a store's credential)
MODELLED_TYPES = ("simple", "virtual")
_SOURCE_KEYS = ("source_code", "name", "enabled", "description", "latitude", "longitude", "country_id", "region_id",
                "region", "city", "street", "postcode", "use_default_carrier_config")


@dataclass(slots=True, kw_only=True)
class Comparison:
    """One request sent to both, and how the answers differ (empty: the same)."""

    request: str  # METHOD /rest/<store>/V1/...?query (no host)
    operation: str
    differences: list[str]
    store_side: list[str] = field(default_factory=list)  # differences that are the store breaking its contract


@dataclass(slots=True, kw_only=True)
class CheckResult:
    """What twin check read, seeded and compared."""

    ref: str
    store: str  # staging:<hash>
    seeded: dict[str, int] = field(default_factory=dict)  # websites, store views, sources, ..., extension attributes
    extension_attributes: list[dict[str, Any]] = field(default_factory=list)  # declared on the twin, as a seed does
    left_out: list[str] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    sent: int = 0
    stopped: str = ""
    store_not_conforming: list[str] = field(default_factory=list)  # values the store answered that its contract forbids
    store_fields: set[tuple[str, str]] = field(default_factory=set)  # (key, JSON type) of those values
    planned: int = 0  # requests the whole check takes (0: the budget ended before the seed reads were done)
    comparisons_planned: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every compared answer matched, 1 when one differs (a budget that ended it first is a usage error).

        A value the store answers that its own contract forbids is the store's, not the twin's distance.
        """
        return 1 if self.stopped or any(c.differences for c in self.comparisons) else 0


class SyncASGI(httpx.BaseTransport):
    """A sync httpx transport over an in-process ASGI app (the twin), one request at a time."""

    def __init__(self, app: Any) -> None:
        """Wrap ``app``."""
        self._asgi = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Run the request through the app on a fresh event loop."""

        async def go() -> httpx.Response:
            answer = await self._asgi.handle_async_request(request)
            body = await answer.aread()
            return httpx.Response(answer.status_code, headers=answer.headers, content=body)

        return asyncio.run(go())


def check(contract: Contract, profile: str, store: StoreClient, *, store_code: str, sample: int) -> CheckResult:
    """Read the store, seed a twin with it, compare the same reads on both."""
    result = CheckResult(ref=str(contract.ref), store=store.target.label("magento"))
    reader = _Reader(store, f"/rest/{store_code}", contract)
    try:
        seed = reader.seed(sample, result)
        if not store.judged:
            raise UsageError(f"the store answered none of {store.sent} read(s) with a JSON success (first: "
                             f"{reader.first}); twin check cannot compare it: is the store up, is --target its base "
                             "URL and --store its store code?")
        twin = _twin_client(contract, profile, seed, reader.shown)
        requests = reader.comparisons(seed)
        result.comparisons_planned = [path for path, _ in requests]
        result.planned = store.sent + len(requests)
        for request in requests:
            _compare(contract, store, twin, request, result=result, skus={p["sku"] for p in seed["products"]})
    except BudgetSpent as exc:
        result.stopped = str(exc)
    result.sent = store.sent
    return result


@dataclass(slots=True)
class _Reader:
    client: StoreClient
    root: str
    contract: Contract
    first: str = ""  # the first answer's status (what a store that never succeeded said)
    shown: dict[str, dict[str, int]] = field(default_factory=dict)  # sku -> status, visibility the store answered

    def get(self, path: str, query: list[tuple[str, str]] | None = None) -> Any:
        response = self.client.get(self.root + path, query)
        self.first = self.first or str(response.status_code)
        try:
            return response.json() if response.status_code == 200 else None
        except ValueError:
            return None

    def items(self, path: str, size: int, extra: list[tuple[str, str]] | None = None) -> list[dict[str, Any]]:
        body = self.get(path, [("searchCriteria[pageSize]", str(size)), ("searchCriteria[currentPage]", "1"),
                               *(extra or [])])
        return [i for i in (body or {}).get("items", []) if isinstance(i, dict)] if isinstance(body, dict) else []

    def seed(self, sample: int, result: CheckResult) -> dict[str, Any]:
        """A seed (``twins.magento.seeds`` format) of what the store answered."""
        websites = {w["id"]: w["code"] for w in self.get("/V1/store/websites") or [] if isinstance(w, dict)}
        stores = {v["code"]: websites.get(v.get("website_id"), "base") for v in self.get("/V1/store/storeViews") or []
                  if isinstance(v, dict) and v.get("code") != "admin"}
        sources = [self._conforming(s, ("source", "inventory-api-data-source-interface"), _SOURCE_KEYS, "source_code",
                                    result)
                   for s in self.items("/V1/inventory/sources", 100)]
        links = self.items("/V1/inventory/stock-source-links", 500)
        stocks = [{"stock_id": s["stock_id"], "name": s["name"], "websites": _websites(s),
                   "sources": [ln["source_code"] for ln in sorted(links, key=lambda ln: ln.get("priority", 0))
                               if ln.get("stock_id") == s["stock_id"]]}
                  for s in self.items("/V1/inventory/stocks", 100)]
        products = self.items("/V1/products", sample)
        modelled = [p for p in products if p.get("type_id") in MODELLED_TYPES]
        declared = _extensions(self.contract, modelled)
        result.left_out += [f"product {p.get('sku')}: type {p.get('type_id')} is not seeded (the twin models "
                            f"{', '.join(MODELLED_TYPES)} products from a sample)" for p in products
                            if p not in modelled]
        quantities = self._source_items([str(p["sku"]) for p in modelled])
        seed = {"seed_format": 1, "name": "twin-check", "stores": stores or {"default": "base"},
                "sources": [s for s in sources if s.get("source_code") != "default"], "stocks": stocks,
                "products": [{"sku": p["sku"], "name": p.get("name") or p["sku"], "type": p["type_id"],
                              "price": float(p.get("price") or 0), "stock": quantities.get(str(p["sku"]), {}),
                              "categories": _categories(p), **_description(p)} for p in modelled],
                "categories": [{"id": c, "name": f"category {c}"} for c in
                               sorted({c for p in modelled for c in _categories(p)})],
                "extension_attributes": declared,
                "integrations": [{"name": "stockgate-twin-check", "access_token": TWIN_TOKEN,
                                  "access_token_secret": TWIN_KEYS["token_secret"], **{
                                      k: v for k, v in TWIN_KEYS.items() if k != "token_secret"}}]}
        self.shown = {str(p["sku"]): {k: int(p[k]) for k in ("status", "visibility") if str(p.get(k, "")).isdigit()}
                      for p in modelled}
        result.seeded = {"websites": sum(1 for code in websites.values() if code != "admin"),
                         "store views": len(stores), "sources": len(sources),
                         "stocks": len(stocks), "links": len(links), "products": len(modelled),
                         "source items": sum(len(v) for v in quantities.values()),
                         "extension attributes": len(declared)}
        result.extension_attributes = [{"extends": d["extends"], "code": d["code"], "type": d["type"],
                                        "products": len(d["values"])} for d in declared]
        return seed

    def _conforming(self, record: dict[str, Any], what: tuple[str, str], keys: tuple[str, ...], name: str,
                    result: CheckResult) -> dict[str, Any]:
        """``record``'s ``keys`` whose values the contract's type allows; the others are the store's, said so.

        A value the contract forbids (``enabled: "yes"`` where it says boolean) is not seeded: the twin keeps its
        own conforming default, and the difference is the store's, not the twin's.
        """
        import json

        label, definition = what
        types = {k: v.get("type") for k, v in ((self.contract.document.get("definitions") or {}).get(
            definition, {}).get("properties") or {}).items() if isinstance(v, dict)}
        kept = {}
        for key in keys:
            value = record.get(key)
            if value is None:
                continue
            kind = types.get(key)
            if kind is None or _is(value, kind) or key == name:
                kept[key] = value
            else:
                result.store_fields.add((key, json_kind(value)))
                result.store_not_conforming.append(
                    f"{label} {record.get(name)!s}: the store answers {key} {json.dumps(value)} where its contract "
                    f"says {kind} (not seeded: the twin keeps its default)")
        return kept

    def _source_items(self, skus: list[str]) -> dict[str, dict[str, float]]:
        if not skus:
            return {}
        prefix = "searchCriteria[filter_groups][0][filters][0]"
        rows = self.items("/V1/inventory/source-items", 500, [(f"{prefix}[field]", "sku"),
                                                             (f"{prefix}[value]", ",".join(skus)),
                                                             (f"{prefix}[condition_type]", "in")])
        out: dict[str, dict[str, float]] = {}
        for row in rows:
            out.setdefault(str(row.get("sku")), {})[str(row.get("source_code"))] = float(row.get("quantity") or 0)
        return out

    def comparisons(self, seed: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
        """The read-only requests both answer: lists, then each sampled product, stock and source."""
        page = [("searchCriteria[pageSize]", "100"), ("searchCriteria[currentPage]", "1")]
        out: list[tuple[str, list[tuple[str, str]]]] = [
            ("/V1/store/websites", []), ("/V1/store/storeViews", []), ("/V1/inventory/sources", page),
            ("/V1/inventory/stocks", page), ("/V1/inventory/stock-source-links", page)]
        stock_ids = [s["stock_id"] for s in seed["stocks"]]
        for source in seed["sources"]:
            out.append((f"/V1/inventory/sources/{quote(str(source['source_code']), safe='')}", []))
        for stock_id in stock_ids:
            out.append((f"/V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/{stock_id}", []))
        for product in seed["products"]:
            sku = quote(str(product["sku"]), safe="")
            out.append((f"/V1/products/{sku}", []))
            out += [(f"/V1/inventory/get-product-salable-quantity/{sku}/{sid}", []) for sid in stock_ids]
        return [(self.root + path, query) for path, query in out]


def _extensions(contract: Contract, products: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The product extension attributes the store's modules add, as a seed declares them (values per SKU).

    A field of the sampled products' ``extension_attributes`` with a scalar value that the release's own
    product extension interface does not define (the release a pulled contract extends, else the contract's)
    is a module's: its type is the one the contract names for it (a pulled store schema lists it), else
    the JSON type of the values the store answered.
    """
    from stockgate.contracts import load_contract
    from stockgate.twins.magento.extensions import PRODUCT_EXTENSION

    def properties(document: dict[str, Any]) -> dict[str, Any]:
        found = (document.get("definitions") or {}).get(PRODUCT_EXTENSION) or {}
        return dict(found.get("properties") or {})

    base = load_contract(contract.entry.extends) if contract.entry.extends is not None else contract
    vanilla, named = properties(base.document), properties(contract.document)
    values: dict[str, dict[str, Any]] = {}
    for product in products:
        for code, value in ((product.get("extension_attributes") or {}) if isinstance(
                product.get("extension_attributes"), dict) else {}).items():
            if code in vanilla or not re.fullmatch(r"[a-z][a-z0-9_]*", str(code)):
                continue
            if isinstance(value, str | int | float | bool):
                values.setdefault(code, {})[str(product["sku"])] = value
    out = []
    for code, by_sku in values.items():
        kind = str((named.get(code) or {}).get("type") or _json_type(list(by_sku.values())))
        if kind not in ("string", "integer", "number", "boolean"):
            continue
        out.append({"extends": PRODUCT_EXTENSION, "code": code, "type": kind, "values": by_sku})
    return out


def _is(value: Any, kind: str) -> bool:
    """Whether ``value`` is of the Swagger type ``kind``."""
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    return True


def _json_type(values: list[Any]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "number"
    return "string"


def _categories(product: dict[str, Any]) -> list[int]:
    """The category ids a product answer links (the seed's root categories 1 and 2 are the twin's own)."""
    links = (product.get("extension_attributes") or {}).get("category_links") or []
    return [int(c["category_id"]) for c in links if isinstance(c, dict) and str(c.get("category_id")).isdigit()
            and int(c["category_id"]) >= 3]


def _websites(stock: dict[str, Any]) -> list[str]:
    channels = (stock.get("extension_attributes") or {}).get("sales_channels") or []
    return [str(c["code"]) for c in channels if isinstance(c, dict) and c.get("type") == "website"]


def _description(product: dict[str, Any]) -> dict[str, str]:
    """The product's ``description`` custom attribute as a seed's ``description`` (none: nothing)."""
    for row in product.get("custom_attributes") or []:
        if isinstance(row, dict) and row.get("attribute_code") == "description" and isinstance(row.get("value"), str):
            return {"description": row["value"]}
    return {}


def _twin_client(contract: Contract, profile: str, seed: dict[str, Any],
                 shown: dict[str, dict[str, int]]) -> StoreClient:
    from stockgate.datafile import LoadedData, validate
    from stockgate.twins.magento.app import MagentoApp
    from stockgate.twins.magento.seeds import SCHEMA, apply_seed
    from stockgate.twins.magento.twin import MagentoTwin

    validate(LoadedData(path=Path("<the store's answers>"), data=seed), SCHEMA,
             what="the seed built from the store's answers")
    twin = MagentoTwin(contract, profile, seed=None)
    apply_seed(seed, twin.inventory, twin.auth, twin.clock.magento_time())
    for sku, values in shown.items():  # what a seed does not say: a configurable's child is not visible, ...
        product = twin.inventory.products.get(sku)
        for key, value in values.items() if product is not None else ():
            setattr(product, key, value)
    target = Target(magento_url="http://twin", lightspeed_url="", magento_token=TWIN_TOKEN, lightspeed_token="",
                    magento_oauth=dict(TWIN_KEYS))
    return StoreClient(target=target, transport=SyncASGI(MagentoApp(twin)),
                       limits=Limits(max_requests=1_000_000, rate=1_000_000), strict=False)


def _compare(contract: Contract, store: StoreClient, twin: StoreClient, request: tuple[str, list[tuple[str, str]]],
             *, result: CheckResult, skus: set[str]) -> None:
    path, query = request
    answers = [_recorded(c.get(path, query)) for c in (store, twin)]
    found = contract.match("GET", path)
    differences = [d.replace("recorded ", "store ").replace("asserted by the scenario", "a sampled SKU")
                   for d in answer_diff(answers[0], answers[1], skus)]
    store_side = [d for d in differences if _store_side(d, result.store_fields)]
    differences = [d for d in differences if d not in store_side]
    shown = "GET " + path + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
    result.comparisons.append(Comparison(request=shown, operation=found.operation.key if found else f"GET {path}",
                                         differences=differences, store_side=store_side))


def _store_side(difference: str, fields: set[tuple[str, str]]) -> bool:
    """Whether ``difference`` is a type the store answers for a field where it breaks its own contract."""
    found = re.fullmatch(r".*/([^/]+): store (\w+), twin \w+", difference)
    return found is not None and (found[1], found[2]) in fields


def _recorded(response: httpx.Response) -> dict[str, Any]:
    """An answer in the shape ``cassettes.compare`` reads (vcrpy's)."""
    return {"status": {"code": response.status_code},
            "headers": {k: [v] for k, v in response.headers.items()},
            "body": {"string": response.text}}
