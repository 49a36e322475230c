"""The connector's mapping file, parsed strictly (JSON Schema, nearest-key suggestions, file:line).

It says which outlet feeds which source, how SKUs match, that variants post at child level, which
system owns catalog fields, the return policy, polling intervals, retries and batch sizes.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stockgate.datafile import LoadedData, load_yaml, validate
from stockgate.errors import DataError

_SECONDS = {"type": "number", "exclusiveMinimum": 0}
SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "required": ["mapping_format", "name", "magento", "lightspeed", "outlets", "web_orders"],
    "properties": {
        "mapping_format": {"const": 1},
        "name": {"type": "string"},
        "description": {"type": "string"},
        "magento": {"type": "object", "additionalProperties": False, "required": ["stock_id"], "properties": {
            # Magento's own rule for store codes (they go into /rest/<store>/V1 URLs): "The store code may
            # contain only letters (a-z), numbers (0-9) or underscore (_), and the first character must be
            # a letter." (Magento/Store/Model/Validation/StoreCodeValidator)
            "store": {"type": "string", "default": "default", "pattern": "^[a-zA-Z][a-zA-Z0-9_]*$",
                      "description": "a store code: letters, digits and _, starting with a letter"},
            "stock_id": {"type": "integer", "minimum": 1},
            "website": {"type": "string"}}},
        "lightspeed": {"type": "object", "additionalProperties": False, "required": ["api_version"], "properties": {
            "api_version": {"type": "string", "pattern": r"^(2\.0|\d{4}-\d{2})$"}}},
        "outlets": {"type": "array", "minItems": 1, "items": {
            "type": "object", "additionalProperties": False, "required": ["outlet", "source"],
            "properties": {"outlet": {"type": "string"}, "source": {"type": ["string", "null"]}}}},
        "web_orders": {"type": "object", "additionalProperties": False, "required": ["outlet", "register"],
                       "properties": {"outlet": {"type": "string"}, "register": {"type": "string"},
                                      "invoice_prefix": {"type": "string"}}},
        "skus": {"type": "object", "additionalProperties": False, "properties": {
            "match": {"type": "array", "minItems": 1, "uniqueItems": True,
                      "items": {"enum": ["sku", "product_code", "table"]}},
            "table": {"type": "string"}}},
        "variants": {"type": "object", "additionalProperties": False, "properties": {
            "post_parents": {"const": False}}},
        "catalog": {"type": "object", "additionalProperties": False, "properties": {
            "price": {"enum": ["lightspeed", "magento", "none"]}, "name": {"enum": ["lightspeed", "magento", "none"]},
            "new_products": {"enum": ["lightspeed", "none"]}}},
        "returns": {"type": "object", "additionalProperties": False, "properties": {
            "restock": {"type": "boolean"},
            "by_reason": {"type": "object", "additionalProperties": {"type": "boolean"}}}},
        "polling": {"type": "object", "additionalProperties": False, "properties": {
            "stock": _SECONDS, "orders": _SECONDS, "returns": _SECONDS, "catalog": _SECONDS}},
        "retry": {"type": "object", "additionalProperties": False, "properties": {
            "attempts": {"type": "integer", "minimum": 1, "maximum": 50}, "wait_budget": _SECONDS,
            "jitter": {"type": "number", "minimum": 0, "maximum": 1}, "fallback_wait": _SECONDS,
            "seed": {"type": "integer"}}},
        "batches": {"type": "object", "additionalProperties": False, "properties": {
            "source_items": {"type": "integer", "minimum": 1, "maximum": 5000},
            "page_size": {"type": "integer", "minimum": 1, "maximum": 10000}}},
    },
}


@dataclass(frozen=True, slots=True, kw_only=True)
class RetrySettings:
    """Retry policy: attempts per call, total virtual seconds one call may wait, jitter, fallback wait."""

    attempts: int = 6
    wait_budget: float = 900.0
    jitter: float = 0.2
    fallback_wait: float = 30.0
    seed: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Mapping:
    """A parsed mapping file."""

    name: str
    path: Path
    store: str
    stock_id: int
    lightspeed_version: str
    outlets: MappingABC[str, str | None]  # outlet name -> source code (None: deliberately unmapped)
    web_outlet: str
    web_register: str
    invoice_prefix: str
    sku_match: tuple[str, ...]
    sku_table: MappingABC[str, str]  # Lightspeed SKU or code -> Magento SKU
    catalog: MappingABC[str, str]
    restock: bool
    restock_by_reason: MappingABC[str, bool]
    polling: MappingABC[str, float]
    retry: RetrySettings
    source_item_batch: int
    page_size: int
    raw: dict[str, Any] = field(default_factory=dict)

    def source_for(self, outlet_name: str) -> str | None:
        """The Magento source of an outlet (None for an unmapped or unknown outlet)."""
        return self.outlets.get(outlet_name)


# A mapping file parsed and validated, per path, working directory (paths are shown relative to it) and
# file state: every scenario loads its mapping twice (the runner and the adapter). Read-only once loaded.
_PARSED: dict[tuple[str, str, int, int], LoadedData] = {}


def _parsed(path: Path) -> LoadedData:
    """``path`` read and validated against the schema, once while the file is unchanged."""
    try:
        st = path.stat()
        key: tuple[str, str, int, int] | None = (str(path), str(Path.cwd()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None  # a missing file fails where it is read, with the usual message
    loaded = _PARSED.get(key) if key is not None else None
    if loaded is None:
        loaded = load_yaml(path)
        validate(loaded, SCHEMA, what="mapping")
        if key is not None:
            _PARSED[key] = loaded
    return loaded


def load_mapping(path: Path) -> Mapping:
    """Read, validate and resolve a mapping file; one DataError with file:line on any problem."""
    loaded = _parsed(path)
    data: dict[str, Any] = loaded.data
    _no_outlet_twice(loaded)
    _known_api_version(loaded)
    outlets = {o["outlet"]: o["source"] for o in data["outlets"]}
    sources = [s for s in outlets.values() if s]
    doubled = sorted({s for s in sources if sources.count(s) > 1})
    if doubled:
        raise DataError("two outlets post into one source", where=str(path), key="outlets",
                        actual=", ".join(doubled), hint="each source mirrors one outlet: the connector never "
                        "aggregates outlets into one source (map the others to their own sources, or to null)")
    if data["web_orders"]["outlet"] not in outlets:
        raise DataError("web orders are recorded at an outlet the mapping does not list", where=str(path),
                        key="web_orders.outlet", expected=f"one of {', '.join(outlets)}",
                        actual=data["web_orders"]["outlet"], hint="add it under outlets, or fix the name")
    skus = data.get("skus", {})
    match = tuple(skus.get("match", ["sku", "product_code"]))
    table = _table(path, skus.get("table")) if "table" in match or skus.get("table") else {}
    if "table" in match and not skus.get("table"):
        raise DataError("SKU matching by table needs a table file", where=str(path), key="skus.table",
                        hint="name a CSV file with columns lightspeed,magento")
    retry = data.get("retry", {})
    batches, polling = data.get("batches", {}), data.get("polling", {})
    return Mapping(
        name=data["name"], path=path, store=data["magento"].get("store", "default"),
        stock_id=data["magento"]["stock_id"], lightspeed_version=data["lightspeed"]["api_version"], outlets=outlets,
        web_outlet=data["web_orders"]["outlet"], web_register=data["web_orders"]["register"],
        invoice_prefix=data["web_orders"].get("invoice_prefix", "WEB-"), sku_match=match, sku_table=table,
        catalog={"price": "lightspeed", "name": "lightspeed", "new_products": "lightspeed", **data.get("catalog", {})},
        restock=data.get("returns", {}).get("restock", True),
        restock_by_reason=data.get("returns", {}).get("by_reason", {}),
        polling={"stock": 60.0, "orders": 60.0, "returns": 120.0, "catalog": 900.0, **polling},
        retry=RetrySettings(**retry), source_item_batch=batches.get("source_items", 100),
        page_size=batches.get("page_size", 200), raw=data,
    )


def _no_outlet_twice(loaded: LoadedData) -> None:
    seen: set[str] = set()
    for n, row in enumerate(loaded.data["outlets"]):
        if row["outlet"] in seen:
            raise DataError("an outlet is mapped twice (the last would silently win)", where=loaded.where(
                ("outlets", n)), key=f"outlets[{n}].outlet", actual=row["outlet"],
                hint="keep one line per outlet")
        seen.add(row["outlet"])


def _known_api_version(loaded: LoadedData) -> None:
    from stockgate.contracts.index import load_index

    version = loaded.data["lightspeed"]["api_version"]
    known = [ref.version for ref in load_index().refs("lightspeed")]  # type: ignore[arg-type]
    if version not in known:
        raise DataError("the mapping speaks a Lightspeed API version stockgate has no contract for",
                        where=loaded.where(("lightspeed", "api_version")), key="lightspeed.api_version",
                        expected=f"one of {', '.join(known)}", actual=version)


def _table(mapping_path: Path, name: str | None) -> dict[str, str]:
    if not name:
        return {}
    path = (mapping_path.parent / name).resolve()
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise DataError("the SKU table file does not exist", where=str(mapping_path), key="skus.table",
                        actual=str(path), hint="give a path relative to the mapping file") from None
    except UnicodeDecodeError as exc:
        raise DataError("the SKU table is not UTF-8 text", where=str(mapping_path), key="skus.table",
                        expected="a CSV file with columns lightspeed,magento",
                        actual=f"byte {exc.start + 1} is 0x{exc.object[exc.start]:02x}") from None
    except (OSError, csv.Error) as exc:
        raise DataError("the SKU table cannot be read", where=str(mapping_path), key="skus.table",
                        expected="a CSV file with columns lightspeed,magento",
                        actual=f"{path.name}: {getattr(exc, 'strerror', None) or exc}") from None
    table = {}
    for n, row in enumerate(rows, start=2):
        if not row.get("lightspeed") or not row.get("magento"):
            raise DataError("a SKU table row needs both columns", where=f"{path}:{n}", expected="lightspeed,magento",
                            actual=",".join(f"{k}={v}" for k, v in row.items()))
        table[row["lightspeed"].strip()] = row["magento"].strip()
    return table
