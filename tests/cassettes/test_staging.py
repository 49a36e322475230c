"""Recording from a store pair (`cassettes record --target`), with twins served on loopback as "staging".

The stores are `stockgate twin serve` processes on wall time; the recorder is the CLI in another
process: real HTTP both ways, real credentials from the environment, nothing in-process shared.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from stockgate.cassettes.lint import lint_paths
from stockgate.cassettes.store import cassette_path, read_cassette
from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.recording import replay_scenario
from stockgate.scenarios.world import ADDRESS
from tests.served import serve

ROOT = Path(__file__).resolve().parents[2]
CMD = [sys.executable, "-m", "stockgate"]
PAIR = Pair(magento="2.4.8", lightspeed="2026-07")
CREDENTIALS = {"STOCKGATE_MAGENTO_TOKEN": "stockgate-demo-token",
               "STOCKGATE_MAGENTO_CONSUMER_KEY": "stockgate-demo-consumer-key",
               "STOCKGATE_MAGENTO_CONSUMER_SECRET": "stockgate-demo-consumer-secret",
               "STOCKGATE_MAGENTO_TOKEN_SECRET": "stockgate-demo-token-secret",
               "STOCKGATE_LIGHTSPEED_TOKEN": "stockgate-demo-token",
               "STOCKGATE_LIGHTSPEED_REGISTER_TOKEN": "stockgate-register-token"}
FAST = {"stock: 60": "stock: 0.3", "orders: 60": "orders: 0.3", "returns: 120": "returns: 0.5",
        "catalog: 900": "catalog: 30"}  # wall time: the demo mapping's polling, faster


@pytest.fixture
def stores() -> Iterator[str]:
    """A fresh store pair per test (recording places orders and sales): ``MAGENTO_URL,LIGHTSPEED_URL``."""
    magento, m_url = serve(f"magento@{PAIR.magento}")
    lightspeed, l_url = serve(f"lightspeed@{PAIR.lightspeed}")
    try:
        yield f"{m_url},{l_url}"
    finally:
        for proc in (magento, lightspeed):
            proc.terminate()
            proc.communicate(timeout=20)


@pytest.fixture
def scenarios(tmp_path: Path) -> Path:
    """A scenario folder with a fast-polling copy of the demo mapping and three scenarios."""
    folder = tmp_path / "scenarios"
    (folder / "mappings").mkdir(parents=True)
    mapping = (ROOT / "scenarios" / "mappings" / "demo.yaml").read_text()
    for old, new in FAST.items():
        mapping = mapping.replace(old, new)
    (folder / "mappings" / "fast.yaml").write_text(mapping)
    (folder / "staging").mkdir()
    (folder / "staging" / "web-order.yaml").write_text("""scenario_format: 1
id: staging/web-order
title: "A web order and a POS sale, recorded from a store pair"
areas: [reservations]
given: {mapping: ../mappings/fast.yaml}
when:
  - web_order: {sku: CAP-NVY, qty: 4, as: order}
  - pos_sale: {outlet: "North Store", sku: MUG-BLK, qty: 3}
  - settle: {within: 20}
then:
  salable: {CAP-NVY: 16}
  sources: {CAP-NVY: {central: 10}, MUG-BLK: {central: 20, north: 5}}
  pos_sales: {web: 1}
""")
    (folder / "staging" / "with-a-fault.yaml").write_text("""scenario_format: 1
id: staging/with-a-fault
title: "Needs the twins' insides"
areas: [api-limits]
given: {mapping: ../mappings/fast.yaml, stock: {MUG-BLK: {"North Store": 4}}}
when:
  - fault: {platform: lightspeed, kind: http-429, path: /api/2.0/inventory}
  - settle: {within: 20}
then: {}
""")
    (folder / "staging" / "unknown-sku.yaml").write_text("""scenario_format: 1
id: staging/unknown-sku
title: "Names a product the store pair lacks"
areas: [per-location]
given: {mapping: ../mappings/fast.yaml}
when:
  - pos_sale: {outlet: "North Store", sku: NOT-IN-THIS-STORE, qty: 1}
  - settle: {within: 20}
then: {}
""")
    return folder


def _record(target: str, scenarios: Path, out: Path, *glob: str, env: dict[str, str] | None = None,
            versions: bool = True) -> subprocess.CompletedProcess[str]:
    argv = [*CMD, "cassettes", "record", "--target", target, "--allow-writes", "--scenarios", str(scenarios),
            "--cassettes", str(out)]
    argv += ["--magento", PAIR.magento, "--lightspeed", PAIR.lightspeed] if versions else []
    for pattern in glob:
        argv += ["--scenario", pattern]
    return subprocess.run(argv, env={**os.environ, **(CREDENTIALS if env is None else env)}, capture_output=True,
                          text=True, timeout=300, check=False)


def test_recording_from_a_store_pair_names_neither_host_nor_credentials(stores: str, scenarios: Path,
                                                                        tmp_path: Path) -> None:
    out = tmp_path / "cassettes"
    done = _record(stores, scenarios, out, "staging/web-order")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "reservation-balance: not checked" in done.stdout  # said, not silently skipped
    run_id = re.search(r"run (sg-[0-9a-f]{8}) wrote to the store pair", done.stdout)
    assert run_id and "staging/web-order line 7: web_order -> 1" in done.stdout  # the write log, with created ids
    assert "staging/web-order line 8: pos_sale -> " in done.stdout
    sales = httpx.get(f"{stores.split(',')[1]}/api/2.0/search", params={"type": "sales"},
                      headers={"Authorization": "Bearer stockgate-demo-token"}).json()["data"]
    assert [s["note"] for s in sales if not s["invoice_number"].startswith("WEB-")] == \
        [f"[stockgate {run_id[1]}]"]  # the cashier's sale is in the run's namespace on the store
    text = ""
    for platform, url in zip(("magento", "lightspeed"), stores.split(","), strict=True):
        path = cassette_path(out, platform, getattr(PAIR, platform), "staging/web-order")
        provenance, interactions = read_cassette(path)
        host = url.split("://", 1)[1]
        assert provenance is not None and interactions
        assert provenance.recorded_from == "staging:" + hashlib.sha256(host.encode()).hexdigest()[:12]
        assert {"rule": "store-specific", "where": "request.uri"} in [dict(e) for e in provenance.scrubbed]
        text += path.read_text()
    assert "127.0.0.1" not in text  # the hosts are the twins' names now: replays like any cassette
    for value in (*CREDENTIALS.values(), ADDRESS["email"], ADDRESS["lastname"]):
        assert value not in text, value
    assert lint_paths([out]) == ([], 2)


def test_a_staging_recording_replays_and_agrees_with_the_twins(stores: str, scenarios: Path, tmp_path: Path) -> None:
    out = tmp_path / "cassettes"
    assert _record(stores, scenarios, out, "staging/web-order").returncode == 0
    (scenario,) = discover([scenarios], ["staging/web-order"])
    import asyncio

    result = asyncio.run(replay_scenario(scenario, PAIR, out))
    assert result.passed, [f.line() for f in result.findings]
    for ref in (f"magento@{PAIR.magento}", f"lightspeed@{PAIR.lightspeed}"):
        fidelity = subprocess.run([*CMD, "cassettes", "fidelity", ref, "--cassettes", str(out), "--scenarios",
                                   str(scenarios)], capture_output=True, text=True, timeout=300, check=False)
        assert fidelity.returncode == 0, fidelity.stdout  # moments and ids differ; quantities and shapes agree


def test_scenarios_needing_the_twins_are_skipped_and_missing_products_write_nothing(
        stores: str, scenarios: Path, tmp_path: Path) -> None:
    out = tmp_path / "cassettes"
    done = _record(stores, scenarios, out, "staging/with-a-fault", "staging/unknown-sku")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "skipped staging/with-a-fault: cannot run on a real store: given.stock" in done.stdout
    assert "step fault (line 7) reaches into a twin" in done.stdout
    assert "staging/unknown-sku: not recorded: the store pair lacks what staging/unknown-sku names: " \
           "Magento product NOT-IN-THIS-STORE, Lightspeed product NOT-IN-THIS-STORE" in done.stdout
    assert not out.exists() or not list(out.rglob("*.yaml"))
    alone = _record(stores, scenarios, out, "staging/with-a-fault")
    assert alone.returncode == 2 and "none of the chosen scenarios can run on a real store" in alone.stderr


@pytest.mark.parametrize(("target", "env", "versions", "message"), [
    ("staging", CREDENTIALS, True, "--target staging: set STOCKGATE_MAGENTO_URL and STOCKGATE_LIGHTSPEED_URL"),
    ("http://127.0.0.1:9", CREDENTIALS, True, "expected twin, staging, or MAGENTO_URL,LIGHTSPEED_URL"),
    ("ftp://x,http://127.0.0.1:9", CREDENTIALS, True, "'ftp://x' is not a base URL"),
    ("http://127.0.0.1:9,http://127.0.0.1:10", {}, True, "set STOCKGATE_MAGENTO_TOKEN and STOCKGATE_LIGHTSPEED_TOKEN"),
    ("http://127.0.0.1:9,http://127.0.0.1:10", {**CREDENTIALS, "STOCKGATE_MAGENTO_CONSUMER_KEY": ""}, True,
     "OAuth 1.0a needs"),
    ("http://127.0.0.1:9,http://127.0.0.1:10", CREDENTIALS, False, "give the stores' versions with --magento"),
    ("http://127.0.0.1:9,http://127.0.0.1:10", CREDENTIALS, None, "add --allow-writes to confirm"),
])
def test_bad_targets_get_one_message_and_exit_2(target: str, env: dict[str, str], versions: bool | None, *,
                                               message: str, scenarios: Path, tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STOCKGATE_")}
    done = subprocess.run([*CMD, "cassettes", "record", "--target", target, "--scenarios", str(scenarios),
                           "--cassettes", str(tmp_path / "c"), *([] if versions is None else ["--allow-writes"]),
                           *(["--magento", "2.4.8", "--lightspeed", "2026-07"] if versions is not False else [])],
                          env={**clean, **env}, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "c").exists()
