"""Money and tax of order lines, as the seed's tax rules set them (pure).

Magento stores every amount of an order when it is placed (``sales_order``/``sales_order_item``), so
the twin computes them once, at checkout, from the seed: catalog prices exclude tax
(``tax/calculation/price_includes_tax`` = 0), a product's tax class (``tax_class_id``, Taxable Goods = 2)
and the guest's customer tax class (Retail Customer = 3) select the rules whose rates apply to the
shipping address (``tax/calculation/based_on`` = shipping), and shipping carries no tax (no shipping tax
class). Rates of one rule add up. Amounts round half away from zero to cents, as PHP's ``round`` does;
the twin rounds each row (Magento's default *Total* algorithm rounds the sum and carries the deltas, which
agrees to the cent for the one-rate seeds stockgate ships). The store's currency is its base currency
(USD), so every ``base_*`` amount equals its store-currency twin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CURRENCY = "USD"
TAXABLE_GOODS = 2  # Magento's installed product tax class
RETAIL_CUSTOMER = 3  # the installed customer tax class of NOT LOGGED IN (group 0)
GUEST_GROUP = 0


def money(value: float) -> float:
    """``value`` rounded half away from zero to cents (PHP ``round($x, 2)``)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def formatted(value: float) -> str:
    """An amount as the store's currency formats it in text (``$1,234.50``: USD, en_US)."""
    return f"${money(value):,.2f}"


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxRate:
    """One ``tax_calculation_rate``: where it applies (``*`` = anywhere) and its percent."""

    code: str
    percent: float
    country_id: str
    region: str = "*"
    postcode: str = "*"

    def applies(self, address: dict[str, Any]) -> bool:
        """Whether the rate covers ``address`` (country, region code and postcode, ``*`` matching all)."""
        region = str(address.get("region_code") or _region_code(address.get("region")) or "")
        return (self.country_id == str(address.get("country_id") or "")
                and self.region in ("*", region)
                and self.postcode in ("*", str(address.get("postcode") or "")))


def _region_code(region: Any) -> str:
    """The region code of an address's ``region`` (a string or Magento's region object)."""
    if isinstance(region, dict):
        return str(region.get("region_code") or "")
    return ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TaxRule:
    """One ``tax_calculation_rule``: its rates, for products and customers of the named classes."""

    code: str
    rates: tuple[TaxRate, ...]
    product_classes: frozenset[int] = frozenset({TAXABLE_GOODS})
    customer_classes: frozenset[int] = frozenset({RETAIL_CUSTOMER})


@dataclass(slots=True)
class TaxRules:
    """The store's tax rules (none: no tax, Magento's installed state)."""

    rules: list[TaxRule] = field(default_factory=list)

    def rates_for(self, address: dict[str, Any], product_class: int,
                  customer_class: int = RETAIL_CUSTOMER) -> list[TaxRate]:
        """The rates that apply to a product of ``product_class`` shipped to ``address``."""
        return [rate for rule in self.rules
                if product_class in rule.product_classes and customer_class in rule.customer_classes
                for rate in rule.rates if rate.applies(address)]


def row_tax(row_total: float, percent: float) -> float:
    """The tax of a row of ``row_total`` at ``percent``."""
    return money(row_total * percent / 100.0)


def share(amount: float, part: float, whole: float) -> float:
    """``amount`` x ``part`` / ``whole`` in cents (a document's share of a line's tax or discount)."""
    return money(amount * part / whole) if whole else 0.0
