"""Merchant scale (issue 18): a full stock sync, seeding and list pages at 1k, 10k and 50k SKUs, 5 outlets.

For each size: a generated merchant (`stockgate twin seed generate`, seed 1), both twins seeded with it
(in-process: first from a cold seed cache, which parses and validates the YAML, then again as every
later run does, from the cache; the target is for the second), served on loopback with `registers-10`
(so the sync is not throttled; Magento with `integration-bearer-on` so the bench reads pages with the
integration token), one list page of each twin timed in-process, then the reference connector's
`stockgate connector run --once` as its own process with its default on-disk state: the first, full
stock sync. Wall time is the figure; the CPU seconds of the connector and of the twins are printed
beside it (on a shared machine, wall time also counts other people's work).

Then what the Lightspeed rate limit makes of that sync: the documented budget is ``300 x registers + 50``
requests per 300 s window (LIGHTSPEED.md, rate limiting, from x-series-api.lightspeedhq.com/docs/rate_limiting),
so a first full sync that needs more Lightspeed requests than one window allows waits for the next.

``--pipeline`` also times the catalog on one pair, the gate for one upgrade and the 5 x 5 matrix with
``--jobs 2`` (issue 18's targets). Writes bench/results/merchant.json; each figure is printed beside
its target and the bench exits 1 on a miss. ``--sizes 1000,10000`` runs fewer sizes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from stockgate.twins import seedfiles
from stockgate.twins.generate import Merchant, write
from stockgate.twins.lightspeed import create_app as lightspeed_app
from stockgate.twins.magento import create_app as magento_app
from stockgate.twins.serving import ServedTwin

OUT = Path(__file__).parent / "results" / "merchant.json"
SYNC_TARGETS = {1_000: 2.0, 10_000: 6.0, 50_000: 25.0}
PAGE_TARGET_MS = 10.0  # a list page at 50k products, in-process
SEED_TARGET_S = 3.0  # seeding a 50k twin
LINEAR = 1.3  # growth of the sync time within 1.3x of linear
PIPELINE_TARGETS = {"catalog": 2.0, "gate": 5.0, "matrix": 40.0}  # one pair; one upgrade; 5 x 5 with --jobs 2
REGISTERS = (1, 2, 3, 4, 5, 10)
WINDOW_S = 300  # the limiter's window (LIGHTSPEED.md: "based on a 5 minute (300 seconds) window")
ENV = {"STOCKGATE_MAGENTO_TOKEN": "stockgate-demo-token",
       "STOCKGATE_MAGENTO_CONSUMER_KEY": "stockgate-demo-consumer-key",
       "STOCKGATE_MAGENTO_CONSUMER_SECRET": "stockgate-demo-consumer-secret",
       "STOCKGATE_MAGENTO_TOKEN_SECRET": "stockgate-demo-token-secret",
       "STOCKGATE_LIGHTSPEED_TOKEN": "stockgate-demo-token"}


async def _page_ms(app: Any, url: str, headers: dict[str, str]) -> float:
    """The best of five in-process requests for one list page, in ms (the least disturbed by other work)."""
    times = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://twin") as client:
        for _ in range(5):
            start = time.perf_counter()
            response = await client.get(url, headers=headers)
            times.append((time.perf_counter() - start) * 1000)
            response.raise_for_status()
    return min(times)


def budget(registers: int) -> int:
    """Requests per window: ``300 x registers + 50`` (LIGHTSPEED.md, rate limiting)."""
    return 300 * registers + 50


def throttled_s(requests: int, registers: int) -> int:
    """The least a sync of ``requests`` Lightspeed requests takes at the limit: the windows it waits for."""
    return WINDOW_S * max(0, math.ceil(requests / budget(registers)) - 1)


def _seeded(folder: Path) -> tuple[Any, Any, dict[str, float]]:
    """Both twins, built twice: from a cold seed cache (parse + validate), then as a later run (cached)."""
    figures: dict[str, float] = {}
    apps: dict[str, Any] = {}
    before = os.environ.get("STOCKGATE_CACHE_DIR")
    os.environ["STOCKGATE_CACHE_DIR"] = str(folder / "cache")  # empty: the first build starts cold
    for when in ("cold", "warm"):
        seedfiles._PARSED.clear()  # a new process: only the on-disk cache is left
        for name, build in (("magento", lambda: magento_app("2.4.8", "integration-bearer-on",
                                                             seed=str(folder / "magento.yaml"))),
                            ("lightspeed", lambda: lightspeed_app("2026-07", "registers-10",
                                                                  seed=str(folder / "lightspeed.yaml")))):
            start = time.perf_counter()
            apps[name] = build()
            figures[f"{when}_{name}"] = time.perf_counter() - start
    if before is None:
        del os.environ["STOCKGATE_CACHE_DIR"]
    else:
        os.environ["STOCKGATE_CACHE_DIR"] = before
    return apps["magento"], apps["lightspeed"], figures


def measure(skus: int, folder: Path) -> dict[str, Any]:
    """One size: seed, page and sync figures."""
    write(Merchant(skus=skus, outlets=5), folder)
    magento, lightspeed, seeding = _seeded(folder)
    m_seed, l_seed = seeding["warm_magento"], seeding["warm_lightspeed"]
    token = {"Authorization": "Bearer stockgate-demo-token"}
    middle = max(1, skus // 600)
    m_page = asyncio.run(_page_ms(magento, "/rest/default/V1/products?searchCriteria[pageSize]=300"
                                            f"&searchCriteria[currentPage]={middle}", token))
    l_page = asyncio.run(_page_ms(lightspeed, "/api/2026-07/products?page_size=300", token))
    served = [ServedTwin(magento), ServedTwin(lightspeed)]
    try:
        state = folder / "state.sqlite"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        twins_cpu = time.process_time()  # the twins serve from this process's threads
        start = time.perf_counter()
        run, rss = _connector([
            sys.executable, "-m", "stockgate", "connector", "run", "--once", "--mapping", str(folder / "mapping.yaml"),
            "--magento", served[0].url, "--lightspeed", served[1].url, "--state", str(state),
            "--magento-version", "2.4.8"])
        sync = time.perf_counter() - start
        twins_cpu = time.process_time() - twins_cpu
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        connector_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    finally:
        for twin in served:
            twin.stop()
    posted = sum(1 for entry in magento.twin.journal if entry.method == "POST")
    ls_requests = len(list(lightspeed.twin.journal))
    return {"skus": skus, "sync_s": round(sync, 2), "sync_exit": run.returncode, "sync_tail": run.stderr[-500:],
            "connector_cpu_s": round(connector_cpu, 2), "twins_cpu_s": round(twins_cpu, 2),
            "connector_peak_rss_mb": round(rss, 1) if rss is not None else None,
            "bench_peak_rss_mb": round(_own_rss_mb(), 1),
            "seed_magento_s": round(m_seed, 2), "seed_lightspeed_s": round(l_seed, 2),
            "seed_cold_magento_s": round(seeding["cold_magento"], 2),
            "seed_cold_lightspeed_s": round(seeding["cold_lightspeed"], 2), "page_magento_ms": round(m_page, 1),
            "page_lightspeed_ms": round(l_page, 1), "magento_posts": posted,
            "magento_requests": len(list(magento.twin.journal)), "lightspeed_requests": ls_requests,
            "throttled_first_sync_s": {str(r): throttled_s(ls_requests, r) for r in REGISTERS},
            "state_file_mb": round(state.stat().st_size / 1e6, 2) if state.exists() else None}


def _connector(argv: list[str]) -> tuple[subprocess.CompletedProcess[str], float | None]:
    """Run the connector; with its peak RSS in MB, read from /proc while it runs (None without /proc).

    getrusage's figure for children counts the fork's copy of this process (the twins) before exec.
    """
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(argv, env={**os.environ, **ENV}, stdout=out, stderr=err, text=True)
        peak = None
        while process.poll() is None:
            try:
                status = Path(f"/proc/{process.pid}/status").read_text()
                peak = max(peak or 0.0, next(int(line.split()[1]) for line in status.splitlines()
                                             if line.startswith("VmHWM:")) / 1024)
            except (OSError, StopIteration, ValueError):
                pass
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(argv, process.returncode, out.read(), err.read()), peak


def http_stack() -> str:
    """What uvicorn serves the twins with: httptools + uvloop when installed (stockgate[fast]), else h11 + asyncio."""
    import importlib.util

    fast = all(importlib.util.find_spec(name) is not None for name in ("httptools", "uvloop"))
    return "httptools + uvloop" if fast else "h11 + asyncio (pip install 'stockgate[fast]' for httptools + uvloop)"


def _minutes(seconds: int) -> str:
    return "no wait" if seconds == 0 else f"{seconds // 60} min"


def _own_rss_mb() -> float:
    """This process's peak RSS (the twins) in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(argv: list[str]) -> tuple[float, int, float]:
    """Wall seconds, exit code and CPU seconds (the command and its worker processes) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    code = subprocess.run([sys.executable, "-m", "stockgate", *argv], check=False, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return round(wall, 1), code, round(cpu, 1)


def pipeline(tmp: Path) -> dict[str, Any]:
    """The catalog on one pair, the gate for one upgrade, the 5 x 5 matrix with --jobs 2 (wall seconds, exit)."""
    runs = {"catalog": ["run", "--magento", "2.4.8", "--lightspeed", "2026-07", "--report-dir", str(tmp / "run")],
            "gate": ["gate", "--from", "magento@2.4.8,lightspeed@2026-07", "--to", "magento@2.4.9,lightspeed@2026-10",
                     "--report-dir", str(tmp / "gate")],
            "matrix": ["matrix", "--jobs", "2", "--report-dir", str(tmp / "matrix")]}
    return {name: dict(zip(("s", "exit", "cpu_s"), _timed(argv), strict=True)) for name, argv in runs.items()}


def main() -> int:
    """Measure every size asked for, print beside the targets, write the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000", help="SKU counts, comma-separated")
    parser.add_argument("--pipeline", action="store_true", help="also time the catalog, the gate and the matrix")
    arguments = parser.parse_args()
    sizes = [int(s) for s in arguments.sizes.split(",")]
    rows, misses = [], []
    print(f"twins served over loopback by uvicorn on {http_stack()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="stockgate-merchant-") as tmp:
        for skus in sizes:
            row = measure(skus, Path(tmp) / str(skus))
            rows.append(row)
            target = SYNC_TARGETS.get(skus)
            ok = row["sync_exit"] == 0 and (target is None or row["sync_s"] <= target)
            misses += [] if ok else [f"sync {skus:,}"]
            print(f"{skus:>7,} SKUs: full sync {row['sync_s']:7.2f} s (target {target or '-'} s: "
                  f"{'ok' if ok else 'MISSED'}; exit {row['sync_exit']}; CPU: connector {row['connector_cpu_s']} s, "
                  f"twins {row['twins_cpu_s']} s); peak RSS connector {row['connector_peak_rss_mb']} MB, "
                  f"twins {row['bench_peak_rss_mb']} MB; state {row['state_file_mb']} MB", flush=True)
            print(f"         seeding Magento {row['seed_magento_s']} s, Lightspeed {row['seed_lightspeed_s']} s "
                  f"(target {SEED_TARGET_S} s at 50k; a cold seed cache: {row['seed_cold_magento_s']} s, "
                  f"{row['seed_cold_lightspeed_s']} s); list page Magento {row['page_magento_ms']} ms, "
                  f"Lightspeed {row['page_lightspeed_ms']} ms (target {PAGE_TARGET_MS} ms at 50k)", flush=True)
            waits = ", ".join(f"{r} register{'s' if r > 1 else ''} ({budget(r):,}/window): "
                              f"{_minutes(row['throttled_first_sync_s'][str(r)])}" for r in REGISTERS)
            print(f"         {row['lightspeed_requests']:,} Lightspeed requests; at the documented limit "
                  f"(300 x registers + 50 per 300 s) a first full sync takes at least: {waits}", flush=True)
            if row["sync_exit"] != 0:
                print(f"  connector: {row['sync_tail']}")
        ran = pipeline(Path(tmp)) if arguments.pipeline else {}
    largest = rows[-1]
    if largest["skus"] >= 50_000:
        for name in ("page_magento_ms", "page_lightspeed_ms"):
            if largest[name] > PAGE_TARGET_MS:
                misses.append(f"{name} at {largest['skus']:,}")
        for name in ("seed_magento_s", "seed_lightspeed_s"):
            if largest[name] > SEED_TARGET_S:
                misses.append(f"{name} at {largest['skus']:,}")
    for name, figure in ran.items():
        ok = figure["exit"] in (0, 1) and figure["s"] <= PIPELINE_TARGETS[name]  # exit 1: a verdict, not a crash
        misses += [] if ok else [name]
        print(f"{name}: {figure['s']} s (target {PIPELINE_TARGETS[name]} s: {'ok' if ok else 'MISSED'}; "
              f"exit {figure['exit']}; CPU {figure['cpu_s']} s)")
    growth = None
    if len(rows) > 1 and rows[0]["sync_s"] > 0:
        growth = (rows[-1]["sync_s"] / rows[0]["sync_s"]) / (rows[-1]["skus"] / rows[0]["skus"])
        if growth > LINEAR:
            misses.append(f"growth {growth:.2f}x linear")
        print(f"growth {rows[0]['skus']:,} -> {rows[-1]['skus']:,}: {growth:.2f}x linear (target <= {LINEAR})")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    targets = {"sync_s": SYNC_TARGETS, "page_ms_at_50k": PAGE_TARGET_MS, "seed_s_at_50k": SEED_TARGET_S,
               "growth_vs_linear": LINEAR, "pipeline_s": PIPELINE_TARGETS}
    OUT.write_text(json.dumps({"outlets": 5, "http_stack": http_stack(), "targets": targets, "rows": rows,
                               "growth_vs_linear": growth,
                               "pipeline": ran, "missed": misses}, indent=2) + "\n")
    print(f"missed: {', '.join(misses)}" if misses else "every target met")
    print(f"written to {OUT}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
