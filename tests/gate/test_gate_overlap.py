"""The gate checks cassettes while the sides run (issue 18 item 5), and builds a validator once per schema."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from stockgate.contracts import load_contract
from stockgate.gate import run as gate_run
from stockgate.scenarios.model import Pair

SEEN = {"checked": 0, "files": 0, "problems": [], "skipped": [], "root": "-"}


def test_cassettes_are_checked_while_the_sides_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sides wait for the cassette check to start: run one after the other, this would time out."""
    started = threading.Event()

    def cassettes(_options: Any) -> dict[str, Any]:
        started.set()
        return dict(SEEN)

    def sides(_options: Any, _say: Any) -> dict[str, Any]:
        assert started.wait(timeout=20), "the cassette check had not started while the sides ran"
        raise RuntimeError("sides done")  # enough: what follows is the gate's usual work

    monkeypatch.setattr(gate_run, "_cassettes", cassettes)
    monkeypatch.setattr(gate_run, "_run_sides", sides)
    options = gate_run.GateOptions(before=Pair(magento="2.4.8", lightspeed="2026-07"),
                                   after=Pair(magento="2.4.9", lightspeed="2026-10"))
    with pytest.raises(RuntimeError, match="sides done"):
        gate_run.run_gate(options)


def test_a_profile_override_schema_is_compiled_once() -> None:
    schemas = load_contract("lightspeed@2026-07").schemas
    # a schema no profile declares: the contract is shared by every test, and profiles' overrides
    # (some requiring "data") are compiled by whichever tests ran before
    override = {"type": "object", "required": ["only_here"], "properties": {"only_here": {"type": "array"}}}
    assert schemas.errors_for(override, {"only_here": []}) == []
    assert schemas.errors_for(dict(override), {"only_here": 1}) == ["/only_here: 1 is not of type 'array'"]
    assert len([k for k in schemas._inline_validators if '"only_here"' in k]) == 1
