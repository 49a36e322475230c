"""Real exchanges of both platforms against the twins' answers, key path by key path (issue 15, "Evidence").

Fixtures live in ``tests/data/real/<platform>/<object>/<name>.json``, each with a provenance sidecar
``<name>.provenance.json`` (where it comes from, its licence, what was scrubbed, which twin version it
is compared with). A fixture holds either a real answer body (values that identify people replaced by
placeholders) or, where the source's licence forbids copying, only the sorted list of its key paths.

A *key path* names where a key sits in a JSON answer: ``items[].product_option.extension_attributes``;
array items are unified as ``[]``, so a path says nothing about how many items there were. One addition:
Magento's ``custom_attributes`` are a list of ``{attribute_code, value}`` pairs, keys in disguise, so each
attribute code is a key path too (``custom_attributes[url_key]``), and the comparison counts the core
catalog attributes among them (``url_key``, ``tax_class_id`` …: ``CORE_PRODUCT_ATTRIBUTES``), not a store's
own such as Luma's ``material``.

Two more rules, each stated with its source. A map keyed by ids (a composite product's ``composite_bom``,
product id → quantity) holds values in its keys: such a key is written ``{id}``. And a few key paths are in a
real answer only because of that store's own settings, not because of what the platform does in the situation
the twin is asked about; they are not counted (``STORE_SETTINGS``, with the reason and source of each).

For every fixture the twin is asked for the same exchange (``twin_exchange`` when the real one was a
write the twin is asked differently) at each version the sidecar names, after one object of that kind
was made through the twin's own API (``tests.data.real_exchanges_twins``: a web order by guest checkout,
invoiced, shipped and partly refunded; a POS sale and its return; a supplier consignment). Per object,
the real key paths of all its fixtures are pooled (per Lightspeed API version: 2.0 and 2026-07 shapes
differ), and the percentage is the share of them the twin's answers carry. ``compare_all()`` is used by
the test (floors) and by ``bench/real_exchanges_bench.py`` (``report()``).
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.data.real_exchanges_twins import Answers, lightspeed_answers, magento_answers

ROOT = Path(__file__).parent / "real"

# Core catalog attributes (Magento_Catalog and the modules of a plain install) that real stores serve in
# custom_attributes; a store's own attributes (sample data: color, size, material, pattern …) are left out.
CORE_PRODUCT_ATTRIBUTES = frozenset({
    "description", "short_description", "url_key", "url_path", "tax_class_id", "category_ids", "options_container",
    "required_options", "has_options", "meta_title", "meta_keyword", "meta_description", "image", "small_image",
    "thumbnail", "swatch_image", "image_label", "small_image_label", "thumbnail_label", "gift_message_available",
    "msrp", "msrp_display_actual_price_type", "special_price", "special_from_date", "special_to_date", "cost",
    "news_from_date", "news_to_date", "country_of_manufacture", "page_layout", "custom_design", "custom_layout",
    "custom_layout_update", "quantity_and_stock_status",
})
# Key paths that are a store's own settings, per (platform, object): not counted, with why (and the source).
STORE_SETTINGS: dict[tuple[str, str], dict[str, str]] = {
    ("lightspeed", "outlet"): dict.fromkeys(("attributes[].key", "attributes[].value"), (
        "an outlet's own settings: the 2.0 document describes Outlet.attributes as 'The outlet attributes such as "
        "low_stock_warning, order_reference, order_reference_prefix, return_reference, return_reference_prefix', "
        "and the same example's two other outlets answer attributes: [] (contracts/lightspeed/2.0/openapi.json "
        "GET /outlets example); the twin's outlets have none set, and what they would change is in no public "
        "source")),
}
UUID_KEY = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
KINDS = ("recording", "vendor-example", "bug-report")
CONTENTS = ("body", "key-paths")
LS_DEFAULT_RELEASE = "2026-07"  # serves 0.9 leftovers, 2.0 and the date versions live in July 2026


def key_paths(node: Any, prefix: str = "") -> set[str]:
    """Every key path of a JSON value (array items unified as ``[]``; core custom attributes as keys)."""
    out: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            name = "{id}" if UUID_KEY.fullmatch(str(key)) else str(key)  # an id-keyed map: the key is a value
            path = f"{prefix}.{name}" if prefix else name
            out.add(path)
            out |= key_paths(value, path)
    elif isinstance(node, list):
        for item in node:
            out |= key_paths(item, f"{prefix}[]")
            code = item.get("attribute_code") if isinstance(item, dict) else None
            if prefix.rsplit(".", 1)[-1] == "custom_attributes" and isinstance(code, str):
                out.add(f"{prefix}[{code}]")
    return out


def core_only(paths: set[str]) -> set[str]:
    """``paths`` without the custom attributes that are a store's own (compared: core ones only)."""
    def keep(path: str) -> bool:
        _, bracket, rest = path.rpartition("custom_attributes[")
        return not bracket or not rest.endswith("]") or rest[:-1] in CORE_PRODUCT_ATTRIBUTES
    return {p for p in paths if keep(p)}


def select(paths: set[str] | frozenset[str], where: str) -> set[str]:
    """The key paths under ``where`` (``""`` the whole answer, ``data``, ``data[]``, ``items[]``, ``[]``)."""
    if not where:
        return set(paths)
    head = f"{where}."
    return {p[len(head):] for p in paths if p.startswith(head)}


@dataclass(frozen=True)
class Fixture:
    """One real answer (or its key paths) and what it is compared with."""

    platform: str
    object: str
    name: str
    versions: tuple[str, ...]
    exchange: str
    twin_exchange: str
    select: str
    twin_select: str
    content: str
    provenance: dict[str, Any]
    data: Any

    def real_paths(self) -> set[str]:
        """The key paths of the object in the real answer (custom attributes: core ones; no store settings)."""
        paths = set(self.data) if self.content == "key-paths" else key_paths(self.data)
        return core_only(select(paths, self.select)) - set(STORE_SETTINGS.get((self.platform, self.object), {}))


def _fixture(side: Path) -> Fixture:
    prov = json.loads(side.read_text(encoding="utf-8"))
    name = side.name.removesuffix(".provenance.json")
    where = f"{side}: "
    for key in ("platform", "object", "kind", "versions", "exchange", "select", "content", "source", "licence"):
        assert key in prov, f"{where}no {key!r}"
    assert prov["kind"] in KINDS, f"{where}kind {prov['kind']!r} is none of {KINDS}"
    assert prov["content"] in CONTENTS, f"{where}content {prov['content']!r} is none of {CONTENTS}"
    assert (prov["platform"], prov["object"]) == (side.parent.parent.name, side.parent.name), f"{where}misplaced"
    data = json.loads(side.with_name(f"{name}.json").read_text(encoding="utf-8"))
    if prov["content"] == "key-paths":
        assert isinstance(data, list) and all(isinstance(p, str) for p in data), f"{where}key paths are strings"
        assert prov.get("licence_note"), f"{where}a key-paths fixture says why (licence_note)"
    else:
        assert "scrubbed" in prov, f"{where}a body fixture says what was scrubbed"
    return Fixture(platform=prov["platform"], object=prov["object"], name=name, versions=tuple(prov["versions"]),
                   exchange=prov["exchange"], twin_exchange=prov.get("twin_exchange", prov["exchange"]),
                   select=prov["select"], twin_select=prov.get("twin_select", prov["select"]),
                   content=prov["content"], provenance=prov, data=data)


def load_fixtures(root: Path = ROOT) -> list[Fixture]:
    """Every fixture under ``root``, sorted by platform, object and name."""
    return [_fixture(side) for side in sorted(root.glob("*/*/*.provenance.json"))]


# --- comparison --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Comparison:
    """One fixture against the twin's answer at one version."""

    fixture: Fixture
    version: str
    real: frozenset[str]
    twin: frozenset[str]
    status: int | None  # the twin's status for the exchange; None: the story never asked it
    error: str | None = None  # the twin could not be made, or its story crashed

    @property
    def missing(self) -> list[str]:
        """Real key paths the twin's answer lacks."""
        return sorted(self.real - self.twin)

    @property
    def percent(self) -> float:
        """Share of the real key paths the twin's answer carries."""
        return round(100 * len(self.real & self.twin) / len(self.real), 1) if self.real else 100.0


@dataclass
class ObjectResult:
    """Every comparison of one object kind, pooled: real paths per API family, hits, misses."""

    platform: str
    object: str
    comparisons: list[Comparison] = field(default_factory=list)

    def _family(self, c: Comparison) -> str:
        return c.version if self.platform == "lightspeed" else "magento"

    def pooled(self) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
        """(real, hits): key paths tagged by family (Magento: one; Lightspeed: each API version)."""
        real: set[tuple[str, str]] = set()
        hits: set[tuple[str, str]] = set()
        for c in self.comparisons:
            family = self._family(c)
            real |= {(family, p) for p in c.real}
            hits |= {(family, p) for p in c.real & c.twin}
        return real, hits

    @property
    def percent(self) -> float:
        """Share of the pooled real key paths the twin carries."""
        real, hits = self.pooled()
        return round(100 * len(hits) / len(real), 1) if real else 100.0

    @property
    def missing(self) -> list[str]:
        """Pooled real key paths the twin never carries (``2.0: data[].x`` on Lightspeed)."""
        real, hits = self.pooled()
        if self.platform == "magento":
            return sorted(p for _, p in real - hits)
        return sorted(f"{family}: {p}" for family, p in real - hits)


async def _all_answers(fixtures: list[Fixture]) -> tuple[dict[tuple[str, str], Answers], dict[tuple[str, str], str]]:
    """The twins' answers per (platform, version), and the error of each story that could not run."""
    answers: dict[tuple[str, str], Answers] = {}
    errors: dict[tuple[str, str], str] = {}
    for version in sorted({v for f in fixtures if f.platform == "magento" for v in f.versions}):
        try:
            answers["magento", version] = await magento_answers(version)
        except Exception as e:  # a twin that cannot be made or crashes: every comparison says so
            errors["magento", version] = f"{type(e).__name__}: {e}"
    releases: dict[str, set[str]] = {}
    for v in {v for f in fixtures if f.platform == "lightspeed" for v in f.versions}:
        releases.setdefault(v if v[:2] == "20" and "-" in v else LS_DEFAULT_RELEASE, set()).add(v)
    for release, versions in sorted(releases.items()):
        try:
            for v, got in (await lightspeed_answers(release, tuple(sorted(versions)))).items():
                answers["lightspeed", v] = got
        except Exception as e:
            errors.update({("lightspeed", v): f"{type(e).__name__}: {e}" for v in versions})
    return answers, errors


def compare_all(root: Path = ROOT) -> list[ObjectResult]:
    """Every fixture against the twins, pooled per (platform, object), in a stable order."""
    fixtures = load_fixtures(root)
    answers, errors = asyncio.run(_all_answers(fixtures))
    results: dict[tuple[str, str], ObjectResult] = {}
    for f in fixtures:
        result = results.setdefault((f.platform, f.object), ObjectResult(f.platform, f.object))
        for version in f.versions:
            answer = answers.get((f.platform, version), {}).get(f.object, {}).get(f.twin_exchange)
            ok = answer is not None and 200 <= answer.status < 300
            twin = core_only(select(key_paths(answer.body), f.twin_select)) if ok and answer else set()
            result.comparisons.append(Comparison(f, version, frozenset(f.real_paths()), frozenset(twin),
                                                 answer.status if answer else None,
                                                 errors.get((f.platform, version))))
    return [results[k] for k in sorted(results)]


def report(results: list[ObjectResult]) -> dict[str, Any]:
    """Plain data for bench/results/real_exchanges.json: per object the percentage, misses and fixtures."""
    return {f"{r.platform}/{r.object}": {
        "percent": r.percent,
        "real_key_paths": len(r.pooled()[0]),
        "missing": r.missing,
        "fixtures": [{"name": c.fixture.name, "kind": c.fixture.provenance["kind"], "version": c.version,
                      "exchange": c.fixture.twin_exchange, "twin_status": c.status, "twin_error": c.error,
                      "percent": c.percent,
                      "real_key_paths": len(c.real)} for c in r.comparisons],
    } for r in results}


def render(results: list[ObjectResult], *, missing: int = 25) -> str:
    """A readable summary: one line per object, its fixtures, and up to ``missing`` missing key paths."""
    lines = []
    for r in results:
        lines.append(f"{r.platform}/{r.object}: {r.percent:.1f}% of {len(r.pooled()[0])} real key paths")
        for c in r.comparisons:
            status = c.error or ("not asked" if c.status is None else str(c.status))
            lines.append(f"    {c.fixture.name} @ {c.version} ({c.fixture.twin_exchange} -> {status}): "
                         f"{c.percent:.1f}% of {len(c.real)}")
        gone = r.missing
        if gone:
            more = f" (+{len(gone) - missing} more)" if len(gone) > missing else ""
            lines.append(f"    missing: {', '.join(gone[:missing])}{more}")
    return "\n".join(lines)
