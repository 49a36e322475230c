"""The reference connector run from cron: one `connector run --once` process after another on one state file.

Schedules live in the state file in wall time, so a new process runs what fell due while no process
ran (issue 14, item 1: they were seconds since the *previous* process started, and a new process never
reached them).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CMD = [sys.executable, "-m", "stockgate"]
MG = {"Authorization": "Bearer stockgate-demo-token"}
LS = {"Authorization": "Bearer stockgate-demo-token"}


@pytest.fixture
def fast_mapping(tmp_path: Path) -> Path:
    """The demo mapping with every flow due after one second."""
    mapping = yaml.safe_load((ROOT / "scenarios" / "mappings" / "demo.yaml").read_text())
    mapping["polling"] = {"stock": 1, "orders": 1, "returns": 1, "catalog": 1}
    path = tmp_path / "mapping.yaml"
    path.write_text(yaml.safe_dump(mapping))
    return path


def _once(m_url: str, l_url: str, mapping: Path, state: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STOCKGATE_MAGENTO_TOKEN": "stockgate-demo-token",
           "STOCKGATE_LIGHTSPEED_TOKEN": "stockgate-demo-token"}
    return subprocess.run([*CMD, "connector", "run", "--mapping", str(mapping), "--magento", m_url, "--lightspeed",
                           l_url, "--once", "--state", str(state), "--magento-version", "2.4.8"],
                          env=env, capture_output=True, text=True, timeout=120, check=False)


def _web_order(m_url: str, sku: str, qty: int) -> str:
    """A guest checkout, as the storefront places it; the order's increment id."""
    cart = httpx.post(f"{m_url}/rest/V1/guest-carts").json()
    httpx.post(f"{m_url}/rest/V1/guest-carts/{cart}/items",
               json={"cartItem": {"sku": sku, "qty": qty, "quote_id": cart}}).raise_for_status()
    address = {"firstname": "Ada", "lastname": "Shopper", "street": ["1 Main St"], "city": "Springfield",
               "postcode": "12345", "country_id": "US", "telephone": "5550100", "email": "ada@example.com"}
    httpx.post(f"{m_url}/rest/V1/guest-carts/{cart}/shipping-information", json={"addressInformation": {
        "shipping_address": address, "billing_address": address, "shipping_method_code": "flatrate",
        "shipping_carrier_code": "flatrate"}}).raise_for_status()
    placed = httpx.post(f"{m_url}/rest/V1/guest-carts/{cart}/payment-information",
                        json={"email": "ada@example.com", "paymentMethod": {"method": "checkmo"}})
    order_id = placed.raise_for_status().json()
    return str(httpx.get(f"{m_url}/rest/V1/orders/{order_id}", headers=MG).json()["increment_id"])


def _pos_invoices(l_url: str) -> list[str]:
    sales = httpx.get(f"{l_url}/api/2.0/search", params={"type": "sales", "page_size": 1000}, headers=LS).json()
    return [s.get("invoice_number") or "" for s in sales["data"]]


def test_a_cron_loop_of_once_runs_records_a_web_order_placed_between_runs(
        twins: tuple[str, str], fast_mapping: Path, tmp_path: Path) -> None:
    m_url, l_url = twins
    state = tmp_path / "state.sqlite"
    first = _once(m_url, l_url, fast_mapping, state)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "ran orders, returns, stock, catalog" in first.stdout
    increment = _web_order(m_url, "MUG-BLK", 1)
    time.sleep(1.2)  # every flow is due again (polling 1 s), however long the first process ran
    second = _once(m_url, l_url, fast_mapping, state)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "ran orders" in second.stdout, second.stdout
    assert f"WEB-{increment}" in _pos_invoices(l_url)


def test_a_run_right_after_another_runs_nothing_not_yet_due(
        twins: tuple[str, str], tmp_path: Path) -> None:
    m_url, l_url = twins
    state = tmp_path / "state.sqlite"
    mapping = ROOT / "scenarios" / "mappings" / "demo.yaml"  # polling 60 s and more
    assert _once(m_url, l_url, mapping, state).returncode == 0
    again = _once(m_url, l_url, mapping, state)
    assert again.returncode == 0
    assert "ran nothing (not due)" in again.stdout
