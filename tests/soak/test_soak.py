"""The soak can fail: a connector that re-sends sales blindly loses nothing but duplicates them (issue 14).

The soak itself (100 runs, 30 SIGKILLs) is ``nox -s soak``; here a short one proves its judgement
both ways on the same seed: the reference connector comes out clean, the planted mutant does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.soak.soak import soak

pytestmark = pytest.mark.anyio
LOST_SALES = (("lightspeed", "lost-response", "POST", "/sales"),)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_the_reference_connector_survives_a_short_soak_with_kills(tmp_path: Path) -> None:
    report = await soak(iterations=5, kills=5, seed=3, workdir=tmp_path, faults=LOST_SALES)
    assert report.ok, report
    assert report.web_orders > 0 and report.kills > 0


async def test_the_soak_catches_a_connector_that_resends_sales_blindly(tmp_path: Path) -> None:
    report = await soak(iterations=4, kills=0, seed=3, workdir=tmp_path, faults=LOST_SALES,
                        connector="python:tests.mutants.adapters:BlindSaleRetry")
    assert report.duplicated, report
