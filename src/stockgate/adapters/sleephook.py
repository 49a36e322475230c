"""``STOCKGATE_SLEEP``: how a ``command:`` connector waits on the run's clock instead of the wall's.

A scenario runs on the virtual clock: a 300 s ``Retry-After`` costs no wall time. A program cannot
move that clock by sleeping, so it runs ``"$STOCKGATE_SLEEP" SECONDS`` where it would run
``sleep SECONDS``: the hook asks stockgate (over loopback) to sleep on the run's clock and returns
when it has — at once on the virtual clock, with the twins' time moved on; after a real wait
against real stores. Outside stockgate, ``${STOCKGATE_SLEEP:-sleep}`` is plain ``sleep``.

The hook is a small stdlib-only Python program written to a private folder for the run; the
server lives in stockgate's event loop, which is free while it awaits the command.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from stockgate.clock import VirtualClock

_HOOK = '''"""stockgate's STOCKGATE_SLEEP: sleep SECONDS on the run's clock (see stockgate.adapters.sleephook)."""
import math
import socket
import sys

PORT = {port}


def main(argv):
    if len(argv) != 2:
        print("usage: $STOCKGATE_SLEEP SECONDS", file=sys.stderr)
        return 2
    try:
        seconds = float(argv[1])
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0:
        print(f"STOCKGATE_SLEEP: expected seconds to sleep, a number >= 0; got {{argv[1]!r}}", file=sys.stderr)
        return 2
    with socket.create_connection(("127.0.0.1", PORT)) as connection:
        connection.sendall(f"{{seconds!r}}\\n".encode())
        reply = connection.makefile(encoding="utf-8").readline().strip()
    if reply != "ok":
        print(f"STOCKGATE_SLEEP: {{reply or 'no answer from stockgate'}}", file=sys.stderr)
        return 1
    return 0


sys.exit(main(sys.argv))
'''


class SleepHook:
    """The loopback server behind ``STOCKGATE_SLEEP`` and the program that calls it."""

    def __init__(self, clock: VirtualClock) -> None:
        """Not started yet; ``clock`` is the run's (virtual in scenarios, wall against real stores)."""
        self.clock = clock
        self.slept = 0.0  # seconds slept through the hook, in all
        self.server: asyncio.Server | None = None
        self.folder: Path | None = None
        self.program = ""

    async def start(self) -> str:
        """Listen on loopback and write the program; its path (the value of ``STOCKGATE_SLEEP``)."""
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self.server.sockets[0].getsockname()[1]
        self.folder = Path(tempfile.mkdtemp(prefix="stockgate-sleep-"))
        script = self.folder / "sleep.py"
        script.write_text(_HOOK.format(port=port), encoding="utf-8")
        program = self.folder / "sleep"
        program.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -I {shlex.quote(str(script))} \"$@\"\n",
                           encoding="utf-8")
        program.chmod(0o700)
        self.program = str(program)
        return self.program

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One sleep: read the seconds, sleep on the run's clock, answer ``ok`` (or why not)."""
        try:
            line = (await reader.readline()).decode("ascii", "replace").strip()
            try:
                seconds = float(line)
            except ValueError:
                seconds = math.nan
            if not math.isfinite(seconds) or seconds < 0:
                writer.write(f"expected seconds >= 0, got {line[:40]!r}\n".encode())
            else:
                await self.clock.sleep(seconds)
                self.slept += seconds
                writer.write(b"ok\n")
            await writer.drain()
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def stop(self) -> None:
        """Stop listening and remove the program."""
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
            self.server = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
