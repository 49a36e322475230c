"""A pulled contract is a version like any other: the gate runs to it, and diff judges it by the connector's use."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from tests.live.conftest import DEMO_SEED, OAUTH, stockgate

ROOT = Path(__file__).resolve().parents[2]


def _pull(store: Callable[..., str], seed: Path, contracts: Path, name: str, env: dict[str, str]) -> str:
    url = store("magento@2.4.8", "--seed", str(seed))
    done = stockgate("contracts", "pull", "magento", "--target", url, "--as", name, "--contracts-dir",
                     str(contracts), env=env)
    assert done.returncode == 0, done.stderr
    return url


def test_verify_live_and_the_gate_run_to_a_pulled_contract(store: Callable[..., str], extended_seed: Path,
                                                           tmp_path: Path) -> None:
    contracts = tmp_path / "contracts"
    shutil.copytree(ROOT / "contracts", contracts)
    url = _pull(store, extended_seed, contracts, "my-staging", OAUTH)
    verified = stockgate("verify-live", "magento@my-staging", "--target", url, "--contracts-dir", str(contracts),
                         "--operation", "GET /V1/products/{sku}", "--operation", "GET /V1/products",
                         "--rate", "50/s", "--examples", "1", "--format", "json", env=OAUTH)
    assert verified.returncode == 0, verified.stdout[-2000:] + verified.stderr  # the store keeps its own contract
    assert json.loads(verified.stdout)["checked"] == {"GET /V1/products/{sku}": 1, "GET /V1/products": 2}
    done = stockgate("gate", "--from", "magento@2.4.8,lightspeed@2026-07",
                     "--to", "magento@my-staging,lightspeed@2026-07",
                     "--contracts-dir", str(contracts), "--scenario", "catalog-orders/new-product-appears",
                     "--report-dir", str(tmp_path / "reports"), "--format", "json")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    report = json.loads((tmp_path / "reports" / "gate.json").read_text())
    assert "magento@my-staging" in json.dumps(report)
    assert "pulled_sha256" in report["contracts"]["magento@my-staging"]
    assert "published_sha256" not in report["contracts"]["magento@my-staging"]
    note = next(n for n in report["notes"] if "extension change(s)" in n)
    assert note.startswith("magento@my-staging (pulled): 11 extension change(s)"), note
    assert note in (tmp_path / "reports" / "gate.md").read_text() and note in done.stdout
    assert "extension change(s)" in (tmp_path / "reports" / "gate.html").read_text()


def test_an_integration_that_cannot_see_what_the_connector_calls_is_breaking(store: Callable[..., str],
                                                                             tmp_path: Path) -> None:
    """Magento's schema lists only what the caller's ACL allows: pulled with an inventory-only integration,
    the connector's order and product operations are gone from that store's contract, and diff says so."""
    contracts = tmp_path / "contracts"
    shutil.copytree(ROOT / "contracts", contracts)
    seed = tmp_path / "inventory-only.yaml"
    seed.write_text(DEMO_SEED.read_text(encoding="utf-8") + """
  - {name: inventory-only, consumer_key: inv-key, consumer_secret: inv-secret, access_token: inv-token,
     access_token_secret: inv-token-secret, resources: ["Magento_InventoryApi::source", "Magento_InventoryApi::stock"]}
""", encoding="utf-8")
    _pull(store, seed, contracts, "inventory-only", {
        "STOCKGATE_MAGENTO_TOKEN": "inv-token", "STOCKGATE_MAGENTO_CONSUMER_KEY": "inv-key",
        "STOCKGATE_MAGENTO_CONSUMER_SECRET": "inv-secret", "STOCKGATE_MAGENTO_TOKEN_SECRET": "inv-token-secret"})
    done = stockgate("diff", "magento@2.4.8", "magento@inventory-only", "--contracts-dir", str(contracts),
                     "--format", "json")
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr
    breaking = {(c["rule"], c["operation"]) for c in json.loads(done.stdout)["changes"] if c["severity"] == "breaking"}
    assert ("operation-removed", "GET /V1/orders") in breaking
    assert not any(op.startswith("GET /V1/inventory/sources") for _, op in breaking)
