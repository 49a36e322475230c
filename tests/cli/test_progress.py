"""The progress bar: drawn on a terminal, absent from logs and pipes."""

from __future__ import annotations

import io

import pytest

from stockgate.cli.common import ProgressBar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with ProgressBar(2, "scenario runs") as bar:
        bar.advance("reservations/cancel-releases on magento@2.4.9-lightspeed@2026-10: passed")
        bar.advance("returns/partial-return on magento@2.4.9-lightspeed@2026-10: passed")
    drawn = screen.getvalue()
    assert "scenario runs" in drawn and "2/2" in drawn


def test_a_pipe_gets_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = io.StringIO()  # isatty() is False: CI logs and `| tee` stay clean
    monkeypatch.setattr("sys.stderr", pipe)
    with ProgressBar(2, "scenario runs") as bar:
        bar.advance("one")
        bar.advance("two")
    assert pipe.getvalue() == ""
