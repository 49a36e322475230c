"""Issue 20's third outsider QA walk: small things it found on the merchant's-own-store path.

A store breaking its own contract counted as the twin's distance, a pulled Lightspeed document naming
another version than ``--as``, ``twin serve`` without the --contracts-dir hint, verify-live's duration
estimate, diff's extension counts, Magento wording in Lightspeed errors, and plurals.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tests.live.conftest import OAUTH, in_process


def test_a_store_breaking_its_own_contract_is_not_the_twins_distance(store: Callable[..., str],
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    url = store("magento@2.4.8", "--fault", 'corrupt-field@/V1/inventory/sources,method=GET,times=0,field=enabled,'
                'value="yes"')
    code, out, err = in_process(monkeypatch, capsys, "twin", "check", "magento@2.4.8", "--target", url, "--rate",
                                "50/s", env=OAUTH)
    last = out.strip().splitlines()[-1]
    assert code == 0 and last.startswith("SAME:"), out + err
    assert "the store breaks its own contract: 3 value(s)" in out, out
    code, out, _ = in_process(monkeypatch, capsys, "twin", "check", "magento@2.4.8", "--target", url, "--rate",
                              "50/s", "--format", "json", env=OAUTH)
    assert code == 0 and json.loads(out)["ok"] is True, out
