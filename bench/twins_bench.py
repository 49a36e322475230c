"""Twin throughput and coverage: issues 3 and 4's targets in bench/results/twins.json, issue 15's in coverage.json.

Targets (one core): the Magento twin answers >= 2,000 simple GETs/s and >= 500 source-item POSTs of
20 items/s in-process; the Lightspeed twin >= 2,000 simple GETs/s, and a full version-cursor walk of
25,000 products x 8 outlets of inventory (200,000 rows) takes < 5 s through httpx. "In-process" is
measured at the ASGI boundary (the twin's own cost); the same calls through httpx's ASGITransport
and over loopback HTTP (`stockgate twin serve`) are reported beside it: that is what a connector sees.

Coverage (`stockgate twin coverage`, issue 15): per contract version, the operations its twin emulates
(every other one answers 501) of the whole contract, of the connector-relevant areas, and per area.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

OUT = Path(__file__).parent / "results" / "twins.json"
COVERAGE_OUT = OUT.with_name("coverage.json")
N = int(os.environ.get("BENCH_REQUESTS", "3000"))
AUTH = [(b"authorization", b"Bearer stockgate-demo-token"), (b"host", b"magento.bench")]
GET = "/rest/default/V1/inventory/get-product-salable-quantity/MUG-BLK/2"
POST = "/rest/default/V1/inventory/source-items"
ITEMS = json.dumps({"sourceItems": [{"sku": f"BENCH-{i}", "source_code": "central", "quantity": i, "status": 1}
                                    for i in range(20)]}).encode()


async def _asgi(app: Any, method: str, path: str, body: bytes = b"") -> int:
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [*AUTH, (b"content-type", b"application/json")], "scheme": "http"}
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


def _rate(n: int, seconds: float) -> float:
    return round(n / seconds, 1)


async def _gets_per_s(app: Any, path: str) -> float:
    """Warm up, then N in-process GETs of ``path``: requests per second."""
    for _ in range(200):
        await _asgi(app, "GET", path)
    start = time.perf_counter()
    for _ in range(N):
        assert await _asgi(app, "GET", path) == 200
    return _rate(N, time.perf_counter() - start)


async def in_process() -> dict[str, float]:
    from stockgate.twins.magento import create_app

    app = create_app("2.4.8", "integration-bearer-on")
    gets = await _gets_per_s(app, GET)
    posts_n = max(1, N // 3)
    start = time.perf_counter()
    for _ in range(posts_n):
        assert await _asgi(app, "POST", POST, ITEMS) == 200
    posts = _rate(posts_n, time.perf_counter() - start)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://magento.bench",
                                 headers={"Authorization": "Bearer stockgate-demo-token"}) as client:
        start = time.perf_counter()
        for _ in range(N):
            await client.get(GET)
        via_httpx = _rate(N, time.perf_counter() - start)
    app.twin.journal.clear()
    return {"magento_asgi_get_per_s": gets, "magento_asgi_post20_per_s": posts,
            "magento_httpx_asgi_get_per_s": via_httpx}


LS_SEED = """seed_format: 1
name: bench
outlets:
{outlets}
tokens:
  - {{token: stockgate-demo-token, user: bench, bucket: application}}
generated: {{count: {count}, stock: {{{stock}}}}}
"""


async def lightspeed(products: int = 25_000, outlets: int = 8) -> dict[str, float]:
    """Lightspeed: simple GETs in-process, and a full cursor walk of products x outlets of inventory."""
    import tempfile

    from stockgate.twins.lightspeed import create_app

    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "bench.yaml"
        seed.write_text(LS_SEED.format(
            outlets="\n".join(f"  - {{key: o{n}, name: Outlet {n}, registers: [R{n}]}}" for n in range(outlets)),
            count=products, stock=", ".join(f"o{n}: {n + 1}" for n in range(outlets))))
        start = time.perf_counter()
        app = create_app("2026-07", "registers-1000", seed=str(seed))
        seeded = time.perf_counter() - start
    outlet = next(iter(app.twin.store.outlets))
    gets = await _gets_per_s(app, f"/api/2.0/outlets/{outlet}")
    transport = httpx.ASGITransport(app=app)
    rows = 0
    start = time.perf_counter()
    async with httpx.AsyncClient(transport=transport, base_url="https://demo.retail.lightspeed.app",
                                 headers={"Authorization": "Bearer stockgate-demo-token"}) as client:
        after = 0
        while True:
            page = (await client.get("/api/2.0/inventory", params={"after": after, "page_size": 10000})).json()
            if not page["data"]:
                break
            rows += len(page["data"])
            after = page["version"]["max"]
    walk = time.perf_counter() - start
    assert rows == products * outlets, rows
    return {"lightspeed_asgi_get_per_s": gets, "lightspeed_cursor_walk_s": round(walk, 3),
            "lightspeed_cursor_walk_rows": float(rows), "lightspeed_seed_s": round(seeded, 3)}


def loopback() -> dict[str, float]:
    proc = subprocess.Popen([sys.executable, "-m", "stockgate", "twin", "serve", "magento@2.4.8", "--profile",
                             "integration-bearer-on", "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().split()[1]
        with httpx.Client(base_url=base, headers={"Authorization": "Bearer stockgate-demo-token"}) as client:
            for _ in range(100):
                client.get(GET)
            n = max(1, N // 3)
            start = time.perf_counter()
            for _ in range(n):
                client.get(GET)
            return {"magento_loopback_get_per_s": _rate(n, time.perf_counter() - start)}
    finally:
        proc.terminate()
        proc.wait(20)
        if proc.stdout:
            proc.stdout.close()


def coverage() -> dict[str, Any]:
    """Every contract version: what its twin emulates of the contract, of the connector-relevant areas, per area."""
    from stockgate.contracts.index import load_index
    from stockgate.twins.coverage import contract_coverage

    out: dict[str, Any] = {}
    for entry in load_index().entries:
        report = contract_coverage(str(entry.ref)).as_json()
        out[report["ref"]] = {
            "operations": report["total"], "emulated": report["emulated"], "percent": report["percent"],
            "connector_relevant": {k: report["connector_relevant"][k] for k in ("total", "emulated", "percent")},
            "areas": {a["area"]: {"total": a["total"], "emulated": a["emulated"], "percent": a["percent"]}
                      for a in report["areas"]},
        }
    return out


def report_coverage() -> None:
    """Print and write the coverage of every contract version (no target: a number to watch grow)."""
    numbers = coverage()
    COVERAGE_OUT.parent.mkdir(parents=True, exist_ok=True)
    COVERAGE_OUT.write_text(json.dumps(numbers, indent=2) + "\n")
    for ref, row in numbers.items():
        share = row["connector_relevant"]
        print(f"coverage {ref:20} {row['emulated']:4} of {row['operations']:4} operations ({row['percent']:5.1f}%); "
              f"connector-relevant areas {share['emulated']:4} of {share['total']:4} ({share['percent']:5.1f}%)")
    print(f"written to {COVERAGE_OUT}")


def main() -> int:
    """Measure, print, write JSON; exit 1 when a target is missed."""
    results = {**asyncio.run(in_process()), **loopback(), **asyncio.run(lightspeed())}
    targets = {"magento_asgi_get_per_s": 2000.0, "magento_asgi_post20_per_s": 500.0,
               "lightspeed_asgi_get_per_s": 2000.0}
    ceilings = {"lightspeed_cursor_walk_s": 5.0}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"requests": N, "results": results, "targets_min": targets, "targets_max": ceilings},
                              indent=2) + "\n")
    missed = [k for k, low in targets.items() if results[k] < low]
    missed += [k for k, high in ceilings.items() if results[k] > high]
    for key, value in results.items():
        low, high = targets.get(key), ceilings.get(key)
        verdict = "" if low is None else f" (target >= {low:.0f}: {'MISSED' if key in missed else 'ok'})"
        verdict = verdict if high is None else f" (target < {high:.1f} s: {'MISSED' if key in missed else 'ok'})"
        unit = "/s" if key.endswith("_per_s") else "s" if key.endswith("_s") else ""
        print(f"{key:32} {value:10.1f} {unit}{verdict}")
    print(f"written to {OUT}")
    report_coverage()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
