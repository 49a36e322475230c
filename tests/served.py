"""A twin served by `stockgate twin serve` in its own process, as a user (or a "staging" store) runs it."""

from __future__ import annotations

import os
import selectors
import subprocess
import sys

CMD = [sys.executable, "-m", "stockgate"]


def serve(*argv: str) -> tuple[subprocess.Popen[str], str]:
    """Start ``stockgate twin serve ARGV --port 0``; the process and the base URL it announced."""
    proc = subprocess.Popen([*CMD, "twin", "serve", *argv, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    assert sel.select(60), "twin did not start"
    return proc, proc.stdout.readline().split()[1]
