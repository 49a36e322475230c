"""The gate's progress bar advances with ``--jobs 2``: each side's results are heard as they arrive.

Before, the two worker processes' results were said only once both sides had ended, so the bar sat at
0 for the whole run and jumped to the end. Here each (fake) side waits, after its first result, until the
parent has heard that result: that can only happen if results cross the process boundary while it runs.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path
from typing import Any

import pytest

from stockgate.gate import run as gate_run
from stockgate.gate.model import GateEvent

WAIT = 20.0  # seconds a side waits to be heard before giving up (never reached when progress streams)


def _side(pair: Any, _dirs: Any, _patterns: Any, _connector: Any, on_result: Any = None) -> tuple[list[str], None]:
    """One side: a result, then wait until the parent says it heard it (a marker file), then another result."""
    heard = Path(os.environ["STOCKGATE_TEST_HEARD"]) / str(pair)
    first = f"{pair}: first"
    if on_result:
        on_result(first)
    deadline = time.monotonic() + WAIT
    while not heard.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = f"{pair}: second, {'after being heard' if heard.exists() else 'never heard'}"
    if on_result:
        on_result(second)
    return [first, second], None


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the fake side reaches the workers by fork (monkeypatched module)")
def test_jobs_2_results_are_heard_while_the_sides_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STOCKGATE_TEST_HEARD", str(tmp_path))
    monkeypatch.setattr(gate_run, "_side", _side)
    heard: list[tuple[str, str]] = []

    def say(event: GateEvent) -> None:
        heard.append((event.side, str(event.result)))
        (tmp_path / str(event.result).split(":")[0]).touch()  # tell that side it was heard

    options = gate_run.GateOptions(before="before", after="after", jobs=2)  # type: ignore[arg-type]
    started = time.monotonic()
    done = gate_run._run_sides(options, say)
    assert sorted(heard) == [("from", "before: first"), ("from", "before: second, after being heard"),
                             ("to", "after: first"), ("to", "after: second, after being heard")]
    assert time.monotonic() - started < WAIT
    assert {side: results for side, (results, _surface) in done.items()} == {
        "from": ["before: first", "before: second, after being heard"],
        "to": ["after: first", "after: second, after being heard"]}


def test_jobs_1_hears_each_result_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STOCKGATE_TEST_HEARD", str(tmp_path))
    monkeypatch.setattr(gate_run, "_side", _side)
    heard: list[str] = []

    def say(event: GateEvent) -> None:
        heard.append(str(event.result))
        (tmp_path / str(event.result).split(":")[0]).touch()

    gate_run._run_sides(gate_run.GateOptions(before="before", after="after", jobs=1), say)  # type: ignore[arg-type]
    assert heard == ["before: first", "before: second, after being heard", "after: first",
                     "after: second, after being heard"]
