"""Which mutant each scenario must fail: the proof that every scenario can fail, and every mutant is caught.

One row per scenario of the catalog: the mutant chosen is the one whose mistake the scenario is
about (a scenario that only ``bearer-only`` kills proves nothing about its own story), and the
Magento version to run it on when the story needs one (the refund race is fixed from 2.4.8);
otherwise the newest supported pair, the one the catalog test runs the reference connector on.
``tests/scenarios/test_catalog.py`` runs every row; ``nox -s mutants`` prints the full matrix.
"""

from __future__ import annotations

KILLS: dict[str, tuple[str, ...]] = {  # scenario id -> (mutant, Magento version or None: newest[, Lightspeed])
    "api-limits/lightspeed-429-http-date": ("ignores-retry-after", None),
    "api-limits/lightspeed-429-legacy-shapes": ("retry-after-seconds-only", None),
    "api-limits/lightspeed-window-exhausted": ("ignores-retry-after", None),
    "api-limits/lost-sale-answer-one-sale": ("blind-sale-retry", None),
    "api-limits/magento-5xx-burst": ("no-retry-on-5xx", None),
    "api-limits/magento-input-limits-on": ("hundred-per-call", None),
    "api-limits/magento-page-size-capped": ("oversize-page-size", None),
    "api-limits/retry-after-sub-second": ("waits-to-the-second", None),
    "catalog-orders/new-product-appears": ("aggregates-into-default", None),
    "catalog-orders/new-product-created-once": ("forgets-created-products", None),
    "catalog-orders/price-change-propagates": ("ignores-price-changes", None),
    "catalog-orders/skus-that-need-encoding": ("unencoded-skus", None),
    "per-location/disabled-source-stops-counting": ("aggregates-into-default", None),
    "per-location/sale-moves-only-its-source": ("aggregates-into-default", None),
    "per-location/transfer-moves-both": ("aggregates-into-default", None),
    "per-location/two-sources-roll-up": ("aggregates-into-default", None),
    "per-location/unmapped-outlet-reported": ("dumps-unmapped-outlet", None),
    "reservations/cancel-releases": ("ignores-cancellations", None),
    "reservations/canceled-while-recording": ("open-orders-only", None),
    "reservations/completed-order-balances": ("salable-into-source", None),
    "reservations/pos-keeps-on-hand": ("salable-into-pos", None),
    "reservations/pos-sale-during-open-web-order": ("salable-into-source", None),
    "reservations/shipment-deducts-and-compensates": ("add-back-forever", None),
    "reservations/shipped-before-sync": ("open-orders-only", None),
    "reservations/web-order-counted-once": ("salable-into-source", None),
    "returns/credit-memo-returns-to-stock": ("memo-without-restock", None),
    "returns/damaged-return-refunds-without-restock": ("restocks-damaged", None),
    "returns/edited-return-one-memo": ("ignores-returns", None),
    "returns/lost-refund-answer-one-memo": ("blind-refund-retry", "2.4.7"),
    "returns/mixed-return-credits-web-lines": ("all-or-nothing-returns", "2.4.9", "2026-04"),
    "returns/partial-return": ("ignores-restocks", None),
    "returns/pos-only-return-moves-stock": ("ignores-restocks", None),
    "returns/refund-of-an-unshipped-line": ("ignores-returns", None),
    "returns/return-restocked-once": ("restocks-twice", None),
    "returns/two-returns-around-a-failed-refund": ("memo-by-order", None),
    "returns/web-return-one-credit-memo": ("ignores-returns", None),
    "upgrades/integration-token-needs-oauth": ("bearer-only", None),
    "upgrades/lightspeed-2026-04-inventory": ("pre-2026-04-inventory", None),
    "upgrades/lightspeed-2026-07-parked-returns": ("memo-on-parked-return", None),
    "upgrades/lightspeed-2026-10-families": ("posts-to-parent", None),
    "upgrades/lightspeed-sales-via-date-versions": ("register-sales-only", None),
    "upgrades/magento-inventory-acl-split": ("stops-after-auth-failure", None),
    "upgrades/magento-sku-whitespace": ("unstripped-skus", None),
    "variants/child-level-only": ("posts-to-parent", None),
    "variants/child-web-order": ("salable-into-source", None),
    "variants/parent-stays-salable": ("aggregates-into-default", None),
    "variants/unmatched-sku-reported": ("creates-unmatched", None),
}
