"""Bundle product options as data (pure): options, their selections (links), and how reads answer them.

As ``catalog.bundle_options`` states them: a bundle's options hold selections of simple products; option and
selection ids run across products (auto-increments). A fixed-price bundle's links carry the selection's own
price and price type; a dynamic one's option reads carry the child's price and no price type, its children
reads neither (``LinksList`` and ``LinkManagement::buildLink``). A bundle is salable when an option has a salable
selection and no required option lacks one (the bundle type's ``isSalable``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

FIXED_PRICE = 1  # the bundle's price_type attribute: 1 fixed, otherwise dynamic


@dataclass(slots=True, kw_only=True)
class Selection:
    """One child product of an option (``catalog_product_bundle_selection``)."""

    id: int
    sku: str
    option_id: int
    qty: float | None = None
    position: int = 0
    is_default: bool = False
    price: float = 0.0
    price_type: int = 0
    can_change_quantity: int = 0

    def update(self, raw: Mapping[str, Any]) -> None:
        """Set what ``raw`` gives (``mapProductLinkToBundleSelectionModel``: a null leaves the stored value)."""
        if raw.get("option_id") is not None:
            self.option_id = _int(raw["option_id"])
        if raw.get("position") is not None:
            self.position = _int(raw["position"])
        if raw.get("qty") is not None:
            self.qty = _float(raw["qty"])
        if raw.get("price_type") is not None:
            self.price_type = _int(raw["price_type"])
        if raw.get("price") is not None:
            self.price = _float(raw["price"])
        if raw.get("can_change_quantity") is not None:
            self.can_change_quantity = _int(raw["can_change_quantity"])
        if raw.get("is_default") is not None:
            self.is_default = bool(raw["is_default"])


@dataclass(slots=True, kw_only=True)
class BundleOption:
    """One option of a bundle (``catalog_product_bundle_option`` and its title)."""

    id: int
    title: str
    type: str
    required: bool = False
    position: int = 0
    selections: list[Selection] = field(default_factory=list)


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _float(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


def link_body(selection: Selection, *, fixed: bool, child_price: float | None, children_read: bool) -> dict[str, Any]:
    """``bundle-data-link-interface`` as an option read (``children_read`` False) or a children read answers it."""
    out: dict[str, Any] = {"id": str(selection.id), "sku": selection.sku, "option_id": selection.option_id}
    if selection.qty is not None:
        out["qty"] = _number(selection.qty)
    out |= {"position": selection.position, "is_default": selection.is_default}
    if fixed:
        price = child_price if selection.price < 0 and child_price is not None else selection.price
        out |= {"price": _number(price), "price_type": selection.price_type}
    elif not children_read and child_price is not None:
        out["price"] = _number(child_price)
    out["can_change_quantity"] = selection.can_change_quantity
    return out


def option_body(option: BundleOption, sku: str, links: list[dict[str, Any]]) -> dict[str, Any]:
    """``bundle-data-option-interface``: the option with its links."""
    return {"option_id": option.id, "title": option.title, "required": option.required, "type": option.type,
            "position": option.position, "sku": sku, "product_links": links}


def ordered(options: list[BundleOption]) -> list[BundleOption]:
    """A bundle's options as reads list them (the option collection's position order, then id)."""
    return sorted(options, key=lambda o: (o.position, o.id))


def selections(option: BundleOption) -> list[Selection]:
    """An option's selections as reads list them (position, then id)."""
    return sorted(option.selections, key=lambda s: (s.position, s.id))


def link_bodies(option: BundleOption, *, fixed: bool, price_of: Callable[[str], float | None],
                children_read: bool) -> list[dict[str, Any]]:
    """An option's links as an option read (``LinksList``) or a children read (``buildLink``) answers them."""
    return [link_body(s, fixed=fixed, child_price=price_of(s.sku), children_read=children_read)
            for s in selections(option)]


def option_bodies(options: list[BundleOption], sku: str, *, fixed: bool,
                  price_of: Callable[[str], float | None]) -> list[dict[str, Any]]:
    """``bundle_product_options`` of a product read and ``GET .../options/all`` (``OptionList``)."""
    return [option_body(o, sku, link_bodies(o, fixed=fixed, price_of=price_of, children_read=False))
            for o in ordered(options)]


def salable(options: list[BundleOption], is_salable: Callable[[str], bool]) -> bool:
    """``Type::isSalable``: some option has a salable selection and no required option lacks one."""
    found = False
    for option in options:
        has = any(is_salable(s.sku) for s in option.selections)
        if option.required and not has:
            return False
        found = found or has
    return found
