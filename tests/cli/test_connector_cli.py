"""`stockgate connector run` and the adapters, as users run them: twins served on loopback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from stockgate.cli import main

ROOT = Path(__file__).resolve().parents[2]
CMD = [sys.executable, "-m", "stockgate"]
MAPPING = ROOT / "scenarios" / "mappings" / "demo.yaml"
LS = {"Authorization": "Bearer stockgate-demo-token"}
MG = {"Authorization": "Bearer stockgate-demo-token"}


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "STOCKGATE_MAGENTO_TOKEN": "stockgate-demo-token",
            "STOCKGATE_LIGHTSPEED_TOKEN": "stockgate-demo-token", **extra}


def _pos_sale(l_url: str) -> None:
    """A cashier sells 3 MUG-BLK at the North Store (0.9 register_sales, as a register app would)."""
    outlets = httpx.get(f"{l_url}/api/2.0/outlets", headers=LS).json()["data"]
    north = next(o["id"] for o in outlets if o["name"] == "North Store")
    register = next(r["id"] for r in httpx.get(f"{l_url}/api/2.0/registers", headers=LS).json()["data"]
                    if r["outlet_id"] == north)
    user = httpx.get(f"{l_url}/api/2.0/users", headers=LS).json()["data"][0]["id"]
    mug = httpx.get(f"{l_url}/api/2.0/products", params={"sku": "MUG-BLK"}, headers=LS).json()["data"][0]["id"]
    r = httpx.post(f"{l_url}/api/register_sales", headers=LS, json={
        "register_id": register, "user_id": user, "status": "CLOSED",
        "register_sale_products": [{"product_id": mug, "quantity": 3, "price": 12}]})
    assert r.status_code == 200


def _source(m_url: str, sku: str, source: str) -> float:
    q = {"searchCriteria[filter_groups][0][filters][0][field]": "sku",
         "searchCriteria[filter_groups][0][filters][0][value]": sku}
    items = httpx.get(f"{m_url}/rest/V1/inventory/source-items", params=q, headers=MG).json()["items"]
    return float(next(i["quantity"] for i in items if i["source_code"] == source))


def test_reference_connector_runs_once_against_served_twins(twins: tuple[str, str], tmp_path: Path) -> None:
    m_url, l_url = twins
    _pos_sale(l_url)
    done = subprocess.run([*CMD, "connector", "run", "--mapping", str(MAPPING), "--magento", m_url, "--lightspeed",
                           l_url, "--once", "--state", str(tmp_path / "s.sqlite"), "--magento-version", "2.4.8"],
                          env=_env(), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "ran orders, returns, stock, catalog" in done.stdout
    assert "stockgate-demo-token" not in done.stdout + done.stderr
    assert _source(m_url, "MUG-BLK", "north") == 5


def test_command_adapter_runs_a_tiny_external_connector(twins: tuple[str, str], tmp_path: Path) -> None:
    m_url, l_url = twins
    command = f'command:"{sys.executable} {ROOT / "tests" / "connectors" / "tiny_command.py"}"'
    done = subprocess.run([*CMD, "connector", "run", "--connector", command, "--mapping", str(MAPPING),
                           "--magento", m_url, "--lightspeed", l_url, "--once"], env=_env(), capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "posted MUG-BLK central=20: 200" in done.stdout


@pytest.mark.parametrize(("name", "said"), [("ConfigureRaises", "configure(): KeyError: 'SYNC_SETTINGS'"),
                                           ("CloseRaises", "close(): RuntimeError: the session was already closed")])
def test_a_connector_whose_configure_or_close_raises_is_exit_1_with_one_line(twins: tuple[str, str], name: str,
                                                                            said: str) -> None:
    m_url, l_url = twins
    done = subprocess.run([*CMD, "connector", "run", "--connector", f"python:tests.connectors.misbehaving:{name}",
                           "--mapping", str(MAPPING), "--magento", m_url, "--lightspeed", l_url, "--once"],
                          env=_env(PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.startswith(f"stockgate: the connector failed: {said}") and "Traceback" not in done.stderr


def test_missing_credentials_and_bad_connector_specs_are_one_line(capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["connector", "run", "--mapping", str(MAPPING), "--magento", "http://127.0.0.1:1", "--lightspeed",
            "http://127.0.0.1:2", "--once"]
    assert main(args) == 2
    assert "STOCKGATE_MAGENTO_TOKEN" in capsys.readouterr().err
    monkeypatch.setenv("STOCKGATE_MAGENTO_TOKEN", "t")
    monkeypatch.setenv("STOCKGATE_LIGHTSPEED_TOKEN", "t")
    for spec in ("python:nope.module:Cls", "ruby:x", "python:tests.connectors.tiny_class"):
        assert main([*args, "--connector", spec]) == 2
        err = capsys.readouterr().err
        assert err.startswith("stockgate: error: --connector") and err.count("\n") == 1


def test_stockgate_run_drives_a_command_connector_against_served_twins(capsys: pytest.CaptureFixture[str]) -> None:
    """The tiny external connector syncs only Central's black mugs: a North sale is a finding."""
    command = f'command:"{sys.executable} {ROOT / "tests" / "connectors" / "tiny_command.py"}"'
    code = main(["run", "--magento", "2.4.8", "--lightspeed", "2026-07", "--profile", "integration-bearer-on",
                 "--scenario", "per-location/sale-moves-only-its-source", "--connector", command])
    out = capsys.readouterr().out
    assert code == 1
    assert "then.sources MUG-BLK@north: expected 5, got 8" in out
