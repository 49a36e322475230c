"""`stockgate twin check`: a twin seeded from a store's answers, compared with the store, per operation."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.live.conftest import OAUTH, stockgate


def _check(url: str, *argv: str) -> tuple[int, dict]:
    done = stockgate("twin", "check", "magento@2.4.8", "--target", url, "--rate", "50/s", "--format", "json",
                     *argv, env=OAUTH)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def _differences(report: dict) -> list[str]:
    return [d for c in report["comparisons"] for d in c["differences"]]


def test_a_store_whose_only_difference_is_its_extension_attribute_is_the_same(
        store: Callable[..., str], extended_seed: Path, tmp_path: Path) -> None:
    """The twin is seeded with the store's extension attributes (as its seed would declare them), values read
    from the store's products: an outsider's QA run found the module's field flagged as the twin's distance."""
    url = store("magento@2.4.8", "--seed", str(extended_seed))
    code, report = _check(url, "--report-dir", str(tmp_path / "reports"))
    assert _differences(report) == [] and code == 0, _differences(report)
    assert report["seeded"] == {"websites": 1, "store views": 1, "sources": 3, "stocks": 2, "links": 3,
                                "products": 10, "source items": 20, "extension attributes": 1}
    assert report["extension_attributes"] == [{"extends": "catalog-data-product-extension-interface",
                                               "code": "loyalty_points_rate", "type": "number", "products": 2}]
    written = "".join(p.read_text() for p in (tmp_path / "reports").iterdir())
    host = url.split("//")[1]
    assert "loyalty_points_rate" in written and host not in written and not any(v in written for v in OAUTH.values())


def test_a_store_that_answers_differently_is_reported_per_operation(store: Callable[..., str], tmp_path: Path) -> None:
    """Only the one source's answer is corrupted: the seed's reads found nothing the store breaks, so the
    difference is counted (a value the seed reads saw break the contract is the store's: test_qa_walk3)."""
    url = store("magento@2.4.8", "--fault", 'corrupt-field@/V1/inventory/sources/central,method=GET,times=0,'
                'field=enabled,value="yes"')
    code, report = _check(url)
    assert code == 1 and report["store_not_conforming"] == [], report["store_not_conforming"]
    differing = {c["operation"] for c in report["comparisons"] if c["differences"]}
    assert differing == {"GET /V1/inventory/sources/{sourceCode}"}, differing
    assert not any("/V1/products" in op or "salable" in op for op in differing), differing  # nothing else blamed


def test_websites_and_store_views_are_compared(demo_store: str) -> None:
    code, report = _check(demo_store)
    compared = {c["operation"] for c in report["comparisons"]}
    assert {"GET /V1/store/websites", "GET /V1/store/storeViews"} <= compared and code == 0


def test_a_twin_checked_against_a_twin_of_the_same_seed_is_the_same(demo_store: str) -> None:
    """A store that is a stockgate twin on the demo seed: a twin seeded from its answers answers the same
    (the seeding carried what the answers compared: descriptions, a configurable's children not visible)."""
    code, report = _check(demo_store)
    assert _differences(report) == [] and code == 0
    assert len(report["comparisons"]) == 39 and report["sent"] > 0


def test_a_budget_too_small_to_finish_says_so(demo_store: str) -> None:
    done = stockgate("twin", "check", "magento@2.4.8", "--target", demo_store, "--rate", "50/s", "--max-requests",
                     "4", env=OAUTH)
    assert done.returncode == 2 and "budget of 4" in done.stderr and done.stdout == "", done.stderr
    more = stockgate("twin", "check", "magento@2.4.8", "--target", demo_store, "--rate", "50/s", "--max-requests",
                     "20", env=OAUTH)
    assert more.returncode == 2 and "it needs 4" in more.stderr, more.stderr  # the seed was read: the count is known
