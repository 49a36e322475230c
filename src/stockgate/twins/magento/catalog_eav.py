"""Catalog EAV data as written: attributes, their ids and options, prices, category places (pure).

The core attributes come from the profile fact ``catalog.attributes`` (their input, backend type, label,
scope and flags as Magento installs them); a seed's configurable attributes (``attributes:``, demo: color
93, size 144) keep the seed's ids and are user-defined selects unless the table has them. Attribute ids are
install-order dependent on a real store, so the twin numbers the rest after the seed's ids, in table order.
Option ids are the inventory's (``Inventory.option_id``: assigned on first use); the values a product carries
are options of its attribute. What writes change - options added or deleted, configurable options saved,
costs - is kept here, beside the inventory.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stockgate.twins.magento.attribute_sets import AttributeSets

# Magento\Catalog\Model\Product\Attribute\Source\Status and Product\Visibility (their option arrays)
SOURCE_OPTIONS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "status": (("1", "Enabled"), ("2", "Disabled")),
    "visibility": (("1", "Not Visible Individually"), ("2", "Catalog"), ("3", "Search"), ("4", "Catalog, Search")),
}
TABLE_SOURCE = "Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Table"


@dataclass(slots=True)
class ConfigurableOption:
    """A configurable option's own data (``catalog_product_super_attribute`` and its label)."""

    id: int
    code: str
    label: str
    position: int


@dataclass(frozen=True, slots=True)
class SpecialPrice:
    """A product's special price and its dates (``special_price``, ``special_from_date``, ``special_to_date``)."""

    price: float
    price_from: str | None
    price_to: str | None


@dataclass(frozen=True, slots=True)
class TierPrice:
    """One tier price row of a product (``catalog_product_entity_tier_price``)."""

    website_id: int
    group: str  # the customer group's code, or the all-groups code
    qty: float
    price: float  # a fixed price, or a percentage for a discount
    discount: bool

    def key(self) -> tuple[int, str, float]:
        """What makes a row unique: website, group (case-insensitively) and quantity."""
        return (self.website_id, self.group.lower(), self.qty)


@dataclass(slots=True)
class CategoryPlace:
    """Where a category sits and its flags, once a write set them (a seeded category sits under the store root)."""

    parent_id: int
    position: int
    is_active: bool = True
    include_in_menu: bool = True


@dataclass(slots=True)
class CatalogEav:
    """What attribute, option, configurable-option and cost writes changed since the seed."""

    removed_options: set[int] = field(default_factory=set)
    option_orders: dict[int, int] = field(default_factory=dict)  # option id -> sort_order given on add
    configurable: dict[tuple[str, str], ConfigurableOption] = field(default_factory=dict)  # (sku, code) -> option
    costs: dict[str, float] = field(default_factory=dict)  # sku -> cost (store 0)
    special: dict[str, SpecialPrice] = field(default_factory=dict)  # sku -> special price (store 0)
    category_places: dict[int, CategoryPlace] = field(default_factory=dict)  # category id -> place (writes)
    root_name: str | None = None  # the store root category's name, once renamed
    category_url_keys: dict[int, str] = field(default_factory=dict)  # category id -> url_key, once saved
    tiers: dict[str, list[TierPrice]] = field(default_factory=dict)  # sku -> tier prices
    sets: AttributeSets | None = None  # attribute sets and groups, built on first use (twins.magento.attribute_sets)
    specs: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> attribute as created or saved
    deleted: set[str] = field(default_factory=set)  # attribute codes deleted since the seed
    created_ids: dict[str, int] = field(default_factory=dict)  # code -> id of an attribute created through the API
    retired_ids: list[int] = field(default_factory=list)  # ids of created attributes deleted since (never reused)

    def options_of(self, sku: str, product_id: int, codes: list[str]) -> list[ConfigurableOption]:
        """A configurable's options by position; a seeded one is ``product id x 10 + place`` labelled by its code."""
        rows = []
        for place, code in enumerate(codes):
            if (sku, code) not in self.configurable:
                self.configurable[(sku, code)] = ConfigurableOption(
                    id=product_id * 10 + place + 1, code=code, label=code.title(), position=place)
            rows.append(self.configurable[(sku, code)])
        return sorted(rows, key=lambda o: (o.position, o.id))

    def next_option_id(self, highest_seeded: int) -> int:
        """An id for a new configurable option (``catalog_product_super_attribute`` auto-increment)."""
        return max([highest_seeded, *(o.id for o in self.configurable.values())]) + 1


def attribute_ids(seeded: Mapping[str, int], table: Mapping[str, Any]) -> dict[str, int]:
    """Every attribute's id: the seed's first, then the table's other codes numbered after the highest."""
    ids = dict(seeded)
    next_id = max(ids.values(), default=0) + 1
    for code in table:
        if code not in ids:
            ids[code] = next_id
            next_id += 1
    return ids


def spec_of(facts: Mapping[str, Any], code: str) -> Mapping[str, Any]:
    """The table's entry for ``code``; a seed's own attribute is a user-defined select."""
    table: Mapping[str, Mapping[str, Any]] = facts["attributes"]
    fallback: Mapping[str, Any] = facts["user_defined_select"]
    return table.get(code) or fallback


def uses_table(spec: Mapping[str, Any]) -> bool:
    """Whether the attribute's options live in the option table (its source model, or a select's default one)."""
    if spec.get("source_model"):
        return spec.get("source_model") == TABLE_SOURCE
    return spec.get("input") in ("select", "multiselect")  # AbstractAttribute::usesSource: the default Table


def uses_source(spec: Mapping[str, Any]) -> bool:
    """``AbstractAttribute::usesSource``: a source model, or a select or multiselect input."""
    return bool(spec.get("source_model")) or spec.get("input") in ("select", "multiselect")


def _flag(spec: Mapping[str, Any], name: str) -> str:
    """A ``catalog_eav_attribute`` flag as the interface types it (a numeric string)."""
    return "1" if spec.get(name) else "0"


def label_of(code: str, spec: Mapping[str, Any]) -> str:
    """The attribute's default frontend label (a seed's attribute: its code, title-cased)."""
    return str(spec.get("label") or code.replace("_", " ").title())


def attribute_body(code: str, attribute_id: int, spec: Mapping[str, Any], options: list[dict[str, Any]],
                   entity_type_id: int) -> dict[str, Any]:
    """``catalog-data-product-attribute-interface``; models and a note only where the attribute has them."""
    body: dict[str, Any] = {
        "is_wysiwyg_enabled": bool(spec.get("wysiwyg")), "is_html_allowed_on_front": bool(spec.get("html_on_front")),
        "used_for_sort_by": bool(spec.get("sort_by")), "is_filterable": bool(spec.get("filterable")),
        "is_filterable_in_search": bool(spec.get("filterable")), "is_used_in_grid": spec.get("grid", True),
        "is_visible_in_grid": False, "is_filterable_in_grid": spec.get("grid", True), "position": 0,
        "apply_to": list(spec.get("apply_to", [])), "is_searchable": _flag(spec, "searchable"),
        "is_visible_in_advanced_search": _flag(spec, "searchable"), "is_comparable": _flag(spec, "comparable"),
        "is_used_for_promo_rules": "0", "is_visible_on_front": "0", "used_in_product_listing": _flag(spec, "listing"),
        "is_visible": bool(spec.get("visible", True)), "scope": str(spec["scope"]), "attribute_id": attribute_id,
        "attribute_code": code, "frontend_input": str(spec["input"]), "entity_type_id": str(entity_type_id),
        "is_required": bool(spec["required"]), "options": options, "is_user_defined": bool(spec.get("user_defined")),
        "default_frontend_label": label_of(code, spec), "frontend_labels": [], "backend_type": str(spec["backend"]),
        "default_value": str(spec.get("default", "")), "is_unique": _flag(spec, "unique"), "validation_rules": [],
    }
    for key in ("backend_model", "source_model"):
        if spec.get(key):
            body[key] = str(spec[key])
    return body
