"""`stockgate twin check`: a twin seeded from a store's answers, compared with the store, per operation."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.live.conftest import OAUTH, stockgate

LOYALTY = "/extension_attributes/loyalty_points_rate: store has it, the twin does not"


def _check(url: str, *argv: str) -> tuple[int, dict]:
    done = stockgate("twin", "check", "magento@2.4.8", "--target", url, "--rate", "50/s", "--format", "json",
                     *argv, env=OAUTH)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def _differences(report: dict) -> list[str]:
    return [d for c in report["comparisons"] for d in c["differences"]]


def test_a_store_whose_module_adds_a_field_is_reported_where_the_twin_lacks_it(
        store: Callable[..., str], extended_seed: Path, tmp_path: Path) -> None:
    url = store("magento@2.4.8", "--seed", str(extended_seed))
    code, report = _check(url, "--report-dir", str(tmp_path / "reports"))
    assert code == 1
    assert report["seeded"] == {"sources": 3, "stocks": 2, "links": 3, "products": 10, "source items": 20}
    flagged = {c["request"] for c in report["comparisons"] if LOYALTY in c["differences"]}
    assert flagged == {"GET /rest/default/V1/products/MUG-BLK", "GET /rest/default/V1/products/CAP-NVY"}
    same = [c for c in report["comparisons"] if not c["differences"]]
    assert {c["operation"] for c in same} >= {"GET /V1/inventory/sources", "GET /V1/inventory/stocks",
                                              "GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}"}
    written = "".join(p.read_text() for p in (tmp_path / "reports").iterdir())
    host = url.split("//")[1]
    assert LOYALTY in written and host not in written and not any(v in written for v in OAUTH.values())


def test_a_twin_checked_against_a_twin_of_the_same_seed_is_the_same(demo_store: str) -> None:
    """A store that is a stockgate twin on the demo seed: a twin seeded from its answers answers the same
    (the seeding carried what the answers compared: descriptions, a configurable's children not visible)."""
    code, report = _check(demo_store)
    assert _differences(report) == [] and code == 0
    assert len(report["comparisons"]) == 37 and report["sent"] > 0


def test_a_budget_too_small_to_finish_says_so(demo_store: str) -> None:
    code, report = _check(demo_store, "--max-requests", "4")
    assert code == 1 and "budget of 4" in report["stopped"] and report["sent"] == 4
