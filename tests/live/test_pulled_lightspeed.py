"""A Lightspeed contract pulled from a downloaded document is served, verified and gated like its release.

An outsider's QA run pulled the shipped 2026-07 document as ``lightspeed@ls-mine``: ``twin serve`` and
``gate --to ...,lightspeed@ls-mine`` ended in ``internal error: ValueError`` (a pulled entry has no
release date), and ``verify-live lightspeed@ls-mine`` matched none of the store's ``/api/2026-07``
answers to the contract. The pulled name answers as its document addresses it (``/api/2026-07``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.live.conftest import in_process, stockgate

ROOT = Path(__file__).resolve().parents[2]
LIGHTSPEED = {"STOCKGATE_LIGHTSPEED_TOKEN": "stockgate-demo-token"}


@pytest.fixture
def pulled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A copy of the shipped contracts with the shipped 2026-07 document pulled as lightspeed@ls-mine."""
    contracts = tmp_path / "contracts"
    shutil.copytree(ROOT / "contracts", contracts)
    document = ROOT / "contracts" / "lightspeed" / "2026-07" / "openapi.json"
    code, _, err = in_process(monkeypatch, capsys, "contracts", "pull", "lightspeed", "--file", str(document),
                              "--as", "ls-mine", "--contracts-dir", str(contracts))
    assert code == 0, err
    return contracts


def test_a_pulled_lightspeed_name_serves_and_conforms_as_the_version_it_extends(
        pulled: Path, store: Callable[..., str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    url = store("lightspeed@ls-mine", "--contracts-dir", str(pulled))
    for ref in ("lightspeed@ls-mine", "lightspeed@2026-07"):
        code, out, err = in_process(monkeypatch, capsys, "verify-live", ref, "--target", url, "--contracts-dir",
                                    str(pulled), "--max-requests", "8", "--rate", "50/s", "--examples", "0",
                                    "--format", "json", env=LIGHTSPEED)
        report = json.loads(out)
        assert code == 0, (ref, report["findings"][:3], err)
        assert next(iter(report["checked"])) == "GET /outlets"  # the connector's operations first, matched


def test_the_gate_runs_to_a_pulled_lightspeed_name(pulled: Path, tmp_path: Path) -> None:
    done = stockgate("gate", "--from", "magento@2.4.8,lightspeed@2026-07", "--to", "magento@2.4.8,lightspeed@ls-mine",
                     "--contracts-dir", str(pulled), "--scenario", "catalog-orders/new-product-appears",
                     "--report-dir", str(tmp_path / "reports"), "--format", "json")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "lightspeed@ls-mine" in (tmp_path / "reports" / "gate.json").read_text()
