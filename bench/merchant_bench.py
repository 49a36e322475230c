"""Merchant scale (issue 18): a full stock sync, seeding and list pages at 1k, 10k and 50k SKUs, 5 outlets.

For each size: a generated merchant (`stockgate twin seed generate`, seed 1), both twins seeded with it
(timed, in-process) and served on loopback with `registers-10` (so the sync is not throttled; Magento
with `integration-bearer-on` so the bench reads pages with the integration token), one list
page of each twin timed in-process, then the reference connector's `stockgate connector run --once`
as its own process with its default on-disk state: the first, full stock sync. Writes
bench/results/merchant.json; each figure is printed beside its target and the bench exits 1 on a miss.

``--sizes 1000,10000`` runs fewer sizes (the 50k sync takes minutes until issue 18 is done).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from stockgate.twins.generate import Merchant, write
from stockgate.twins.lightspeed import create_app as lightspeed_app
from stockgate.twins.magento import create_app as magento_app
from stockgate.twins.serving import ServedTwin

OUT = Path(__file__).parent / "results" / "merchant.json"
SYNC_TARGETS = {1_000: 2.0, 10_000: 6.0, 50_000: 25.0}
PAGE_TARGET_MS = 10.0  # a list page at 50k products, in-process
SEED_TARGET_S = 3.0  # seeding a 50k twin
LINEAR = 1.3  # growth of the sync time within 1.3x of linear
ENV = {"STOCKGATE_MAGENTO_TOKEN": "stockgate-demo-token",
       "STOCKGATE_MAGENTO_CONSUMER_KEY": "stockgate-demo-consumer-key",
       "STOCKGATE_MAGENTO_CONSUMER_SECRET": "stockgate-demo-consumer-secret",
       "STOCKGATE_MAGENTO_TOKEN_SECRET": "stockgate-demo-token-secret",
       "STOCKGATE_LIGHTSPEED_TOKEN": "stockgate-demo-token"}


async def _page_ms(app: Any, url: str, headers: dict[str, str]) -> float:
    """The median of five in-process requests for one list page, in ms."""
    times = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://twin") as client:
        for _ in range(5):
            start = time.perf_counter()
            response = await client.get(url, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
            response.raise_for_status()
    return sorted(times)[2]


def measure(skus: int, folder: Path) -> dict[str, Any]:
    """One size: seed, page and sync figures."""
    write(Merchant(skus=skus, outlets=5), folder)
    start = time.perf_counter()
    magento = magento_app("2.4.8", "integration-bearer-on", seed=str(folder / "magento.yaml"))
    m_seed = time.perf_counter() - start
    start = time.perf_counter()
    lightspeed = lightspeed_app("2026-07", "registers-10", seed=str(folder / "lightspeed.yaml"))
    l_seed = time.perf_counter() - start
    token = {"Authorization": "Bearer stockgate-demo-token"}
    middle = max(1, skus // 600)
    m_page = asyncio.run(_page_ms(magento, "/rest/default/V1/products?searchCriteria[pageSize]=300"
                                            f"&searchCriteria[currentPage]={middle}", token))
    l_page = asyncio.run(_page_ms(lightspeed, "/api/2026-07/products?page_size=300", token))
    served = [ServedTwin(magento), ServedTwin(lightspeed)]
    try:
        state = folder / "state.sqlite"
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "stockgate", "connector", "run", "--once", "--mapping", str(folder / "mapping.yaml"),
             "--magento", served[0].url, "--lightspeed", served[1].url, "--state", str(state),
             "--magento-version", "2.4.8"], env={**os.environ, **ENV}, capture_output=True, text=True, timeout=3600,
            check=False)
        sync = time.perf_counter() - start
        rss = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    finally:
        for twin in served:
            twin.stop()
    posted = sum(1 for entry in magento.twin.journal if entry.method == "POST")
    return {"skus": skus, "sync_s": round(sync, 2), "sync_exit": run.returncode, "sync_tail": run.stderr[-500:],
            "connector_peak_rss_mb": round(rss, 1), "seed_magento_s": round(m_seed, 2),
            "seed_lightspeed_s": round(l_seed, 2), "page_magento_ms": round(m_page, 1),
            "page_lightspeed_ms": round(l_page, 1), "magento_posts": posted,
            "state_file_mb": round(state.stat().st_size / 1e6, 2) if state.exists() else None}


def main() -> int:
    """Measure every size asked for, print beside the targets, write the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000", help="SKU counts, comma-separated")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    rows, misses = [], []
    with tempfile.TemporaryDirectory(prefix="stockgate-merchant-") as tmp:
        for skus in sizes:
            row = measure(skus, Path(tmp) / str(skus))
            rows.append(row)
            target = SYNC_TARGETS.get(skus)
            ok = row["sync_exit"] == 0 and (target is None or row["sync_s"] <= target)
            misses += [] if ok else [f"sync {skus:,}"]
            print(f"{skus:>7,} SKUs: full sync {row['sync_s']:7.2f} s (target {target or '-'} s: "
                  f"{'ok' if ok else 'MISSED'}; exit {row['sync_exit']}), connector peak RSS "
                  f"{row['connector_peak_rss_mb']} MB, state {row['state_file_mb']} MB; seed Magento "
                  f"{row['seed_magento_s']} s, Lightspeed {row['seed_lightspeed_s']} s; list page Magento "
                  f"{row['page_magento_ms']} ms, Lightspeed {row['page_lightspeed_ms']} ms", flush=True)
            if row["sync_exit"] != 0:
                print(f"  connector: {row['sync_tail']}")
    largest = rows[-1]
    if largest["skus"] >= 50_000:
        for name in ("page_magento_ms", "page_lightspeed_ms"):
            if largest[name] > PAGE_TARGET_MS:
                misses.append(f"{name} at {largest['skus']:,}")
        for name in ("seed_magento_s", "seed_lightspeed_s"):
            if largest[name] > SEED_TARGET_S:
                misses.append(f"{name} at {largest['skus']:,}")
    growth = None
    if len(rows) > 1 and rows[0]["sync_s"] > 0:
        growth = (rows[-1]["sync_s"] / rows[0]["sync_s"]) / (rows[-1]["skus"] / rows[0]["skus"])
        if growth > LINEAR:
            misses.append(f"growth {growth:.2f}x linear")
        print(f"growth {rows[0]['skus']:,} -> {rows[-1]['skus']:,}: {growth:.2f}x linear (target <= {LINEAR})")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"outlets": 5, "targets": {"sync_s": SYNC_TARGETS, "page_ms_at_50k": PAGE_TARGET_MS,
                                                         "seed_s_at_50k": SEED_TARGET_S, "growth_vs_linear": LINEAR},
                               "rows": rows, "growth_vs_linear": growth, "missed": misses}, indent=2) + "\n")
    print(f"missed: {', '.join(misses)}" if misses else "every target met")
    print(f"written to {OUT}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
