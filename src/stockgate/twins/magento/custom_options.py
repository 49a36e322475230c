"""Product custom options as data (pure): the option repository's records, their check and their answer.

As ``catalog.custom_options`` states them: an option belongs to one product (by SKU), ids run across products
(``catalog_product_option`` and ``catalog_product_option_type_value`` auto-increments), a select option keeps
its prices on its values, and the validator collects every failure into one message. A product's options are
read in ``sort_order``, then title order (``Repository::getProductOptions``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, kw_only=True)
class OptionValue:
    """One value of a select option (``catalog-data-product-custom-option-values-interface``)."""

    id: int
    title: str
    sort_order: int
    price: float
    price_type: str
    sku: str | None = None

    def body(self) -> dict[str, Any]:
        """The value as an answer carries it; no SKU when none was saved."""
        out: dict[str, Any] = {"title": self.title, "sort_order": self.sort_order, "price": _number(self.price),
                               "price_type": self.price_type}
        if self.sku:
            out["sku"] = self.sku
        out["option_type_id"] = self.id
        return out


@dataclass(slots=True, kw_only=True)
class CustomOption:
    """A product's custom option (``catalog-data-product-custom-option-interface``)."""

    id: int
    product_sku: str
    title: str
    type: str
    sort_order: int
    is_require: bool
    select: bool = False  # a select type (its values carry the prices): catalog.custom_options select_types
    price: float | None = None  # None for a select: its values carry the prices
    price_type: str | None = None
    sku: str | None = None
    file_extension: str | None = None
    max_characters: int = 0
    image_size_x: int = 0
    image_size_y: int = 0
    values: list[OptionValue] = field(default_factory=list)

    def body(self) -> dict[str, Any]:
        """The option as an answer carries it: nulls left out, as the DataObjectProcessor drops them."""
        out: dict[str, Any] = {"product_sku": self.product_sku, "option_id": self.id, "title": self.title,
                               "type": self.type, "sort_order": self.sort_order, "is_require": self.is_require}
        if not self.select:
            out |= {"price": _number(self.price or 0.0), "price_type": self.price_type}
            if self.sku:
                out["sku"] = self.sku
        if self.file_extension:
            out["file_extension"] = self.file_extension
        out |= {"max_characters": self.max_characters, "image_size_x": self.image_size_x,
                "image_size_y": self.image_size_y}
        if self.select:
            out["values"] = [v.body() for v in sorted(self.values, key=lambda v: (v.sort_order, v.id))]
        return out


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def ordered(options: list[CustomOption]) -> list[CustomOption]:
    """A product's options as reads list them: by sort order, then title."""
    return sorted(options, key=lambda o: (o.sort_order, o.title, o.id))


def bodies(options: list[CustomOption]) -> list[dict[str, Any]]:
    """A product's options as ``options`` in its answers and ``GET /V1/products/{sku}/options`` carry them."""
    return [option.body() for option in ordered(options)]


def flags(options: list[CustomOption]) -> tuple[str, str]:
    """``has_options`` and ``required_options`` as the product's custom attributes carry them."""
    return ("1" if options else "0", "1" if any(o.is_require for o in options) else "0")


def problems(raw: Mapping[str, Any], facts: Mapping[str, Any], types: list[str]) -> list[str]:
    """The validator's messages for ``raw`` (empty when it passes), in the validator's order."""
    found: list[str] = []
    if not raw.get("title") or not raw.get("type"):
        found.append(facts["required_fields"])
    if raw.get("type") not in types:
        found.append(facts["invalid_type"])
    if not _values_valid(raw, facts):
        found.append(facts["invalid_value"])
    return found


def _priced_valid(row: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    """A price type of the price source and a price that is not negative (``intval($price) < 0`` refuses)."""
    try:
        negative = int(float(row.get("price") or 0)) < 0
    except (TypeError, ValueError):
        negative = False
    return row.get("price_type") in facts["price_types"] and not negative


def _values_valid(raw: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    if raw.get("type") not in facts["select_types"]:
        return _priced_valid(raw, facts)
    values = raw.get("values") or []
    return bool(values) and all(isinstance(v, Mapping) and v.get("title") and _priced_valid(v, facts)
                                for v in values)


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def build(raw: Mapping[str, Any], *, option_id: int, sku: str, select: bool,
          value_ids: Mapping[int, OptionValue], next_value_id: Any) -> CustomOption:
    """The option ``raw`` describes; values that name a stored ``option_type_id`` keep it, others get new ids."""
    option = CustomOption(id=option_id, product_sku=sku, title=str(raw["title"]), type=str(raw["type"]),
                          sort_order=_int(raw.get("sort_order")), is_require=bool(raw.get("is_require")), select=select,
                          file_extension=str(raw["file_extension"]) if raw.get("file_extension") else None,
                          max_characters=_int(raw.get("max_characters")), image_size_x=_int(raw.get("image_size_x")),
                          image_size_y=_int(raw.get("image_size_y")))
    if not select:
        option.price, option.price_type = float(raw.get("price") or 0), str(raw["price_type"])
        option.sku = str(raw["sku"]) if raw.get("sku") else None
        return option
    for row in raw.get("values") or []:
        stored = value_ids.get(_int(row.get("option_type_id")))
        option.values.append(OptionValue(
            id=stored.id if stored is not None else next_value_id(), title=str(row["title"]),
            sort_order=_int(row.get("sort_order")), price=float(row.get("price") or 0),
            price_type=str(row["price_type"]), sku=str(row["sku"]) if row.get("sku") else None))
    return option
