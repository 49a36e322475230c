"""``stockgate twin serve --profile A --profile B``: a merchant's store has both settings, so the twin has both."""

from __future__ import annotations

import httpx
import pytest

from stockgate.cli import main
from tests.served import serve

SOURCE_ITEMS = "/rest/default/V1/inventory/source-items?searchCriteria[pageSize]=100000"
BEARER = {"Authorization": "Bearer stockgate-demo-token"}  # an integration token used as a Bearer token


def _status(*profiles: str) -> int:
    argv = [arg for name in profiles for arg in ("--profile", name)]
    proc, base = serve("magento@2.4.8", *argv)
    try:
        return httpx.get(base + SOURCE_ITEMS, headers=BEARER, timeout=30).status_code
    finally:
        proc.terminate()
        proc.communicate(timeout=20)


def test_both_profiles_apply() -> None:
    # integration-bearer-on lets the Bearer token in; input-limits-on then refuses a page of 100,000 rows
    assert _status("input-limits-on", "integration-bearer-on") == 400
    assert _status("integration-bearer-on") == 200  # the planted opposite: without input limits, the page is served


@pytest.mark.parametrize(("argv", "expected"), [
    (["magento@2.4.8", "--profile", "input-limit-on"], "did you mean 'input-limits-on'"),
    (["lightspeed@2026-07", "--profile", "registers-2", "--profile", "registers-3"],
     "--profile registers-2 and registers-3: one register count at a time"),
], ids=["near-profile", "two-register-counts"])
def test_a_bad_profile_is_one_line_before_serving(argv: list[str], expected: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["twin", "serve", *argv, "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1, err
