"""Stores for the live commands: Magento twins served by `stockgate twin serve` in another process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.served import serve

DEMO_SEED = Path(__file__).resolve().parents[2] / "src" / "stockgate" / "twins" / "magento" / "data" / "demo.yaml"
CMD = [sys.executable, "-m", "stockgate"]
OAUTH = {"STOCKGATE_MAGENTO_TOKEN": "stockgate-demo-token",
         "STOCKGATE_MAGENTO_CONSUMER_KEY": "stockgate-demo-consumer-key",
         "STOCKGATE_MAGENTO_CONSUMER_SECRET": "stockgate-demo-consumer-secret",
         "STOCKGATE_MAGENTO_TOKEN_SECRET": "stockgate-demo-token-secret"}
LOYALTY = """
extension_attributes:
  - {extends: catalog-data-product-extension-interface, code: loyalty_points_rate, type: number,
     values: {CAP-NVY: 1.5, MUG-BLK: 2}}
"""


@pytest.fixture
def extended_seed(tmp_path: Path) -> Path:
    """The demo seed plus a (pretend) loyalty module's product extension attribute."""
    path = tmp_path / "loyalty-seed.yaml"
    path.write_text(DEMO_SEED.read_text(encoding="utf-8") + LOYALTY, encoding="utf-8")
    return path


@pytest.fixture
def store() -> Iterator[Callable[..., str]]:
    """Start ``stockgate twin serve ARGS --port 0`` (as many as a test needs); their base URLs; stopped after."""
    procs: list[subprocess.Popen[str]] = []

    def start(*argv: str) -> str:
        proc, url = serve(*argv)
        procs.append(proc)
        return url

    yield start
    for proc in procs:
        proc.terminate()
        proc.communicate(timeout=20)


@pytest.fixture(scope="session")
def demo_store() -> Iterator[str]:
    """One magento@2.4.8 demo twin for the tests that only read from it: its base URL."""
    proc, url = serve("magento@2.4.8")
    yield url
    proc.terminate()
    proc.communicate(timeout=20)


def stockgate(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in another process with only ``env`` as credentials."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STOCKGATE_")}
    return subprocess.run([*CMD, *argv], capture_output=True, text=True, timeout=300, env={**clean, **(env or {})},
                          check=False)


def in_process(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str,
               env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run the CLI in this process (cheap: for usage errors and bad answers), credentials only from ``env``."""
    from stockgate.cli import main

    for name in [n for n in os.environ if n.startswith("STOCKGATE_")]:
        monkeypatch.delenv(name)
    for name, value in (env or {}).items():
        monkeypatch.setenv(name, value)
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def contracts(tmp_path: Path) -> Path:
    """A writable copy of the shipped contracts."""
    target = tmp_path / "contracts"
    shutil.copytree(Path(__file__).resolve().parents[2] / "contracts", target)
    return target


def lightspeed_document(version: str) -> bytes:
    """The shipped lightspeed@2026-07 document as a newer release's download: its server URL names
    ``/api/<version>`` (``contracts pull lightspeed --file`` refuses a document naming another version than --as)."""
    shipped = Path(__file__).resolve().parents[2] / "contracts/lightspeed/2026-07/openapi.json"
    return shipped.read_bytes().replace(b"/api/2026-07", f"/api/{version}".encode())


# a store that answers its sources' `enabled` as a string: a conformance bug planted on a served twin
PLANTED = 'corrupt-field@/V1/inventory/sources,method=GET,times=0,field=enabled,value="yes"'
