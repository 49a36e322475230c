"""``command:"…"``: any program as the connector under test, run through ``/bin/sh -c`` once per tick.

Its environment is clean and documented: the basics a program needs to start (:data:`BASE_VARIABLES`,
plus any names listed in ``STOCKGATE_CONNECTOR_PASS``) and the ``STOCKGATE_*`` variables of
:meth:`ConnectorEnv.variables` — never the rest of stockgate's environment, where the user's real
store credentials may be. Every credential value it was given is scrubbed from what it prints
before that reaches a report. A tick that outlives ``STOCKGATE_TICK_TIMEOUT`` seconds (default
:data:`DEFAULT_TICK_TIMEOUT`) is ended, its whole process group killed, and reported as a failure;
later ticks of the same command in this process are not run, in this scenario or the next (each
would wait out the timeout again: a catalog of hanging runs is a hang). Its standard input is empty.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import shlex
import signal
from collections.abc import Mapping

from stockgate.adapters.protocol import ConnectorEnv, TickResult
from stockgate.errors import UsageError

BASE_VARIABLES = ("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TZ",
                  "TMPDIR", "TEMP", "TMP", "SYSTEMROOT")
DEFAULT_TICK_TIMEOUT = 60.0
SHELL = "/bin/sh"
_HUNG: dict[str, str] = {}  # command -> why it was ended: one timeout per command and process, not one per tick


def parse_command(text: str) -> str:
    """The shell command in ``command:TEXT``: TEXT as written, or unwrapped when it is one quoted word.

    ``command:"./sync.sh --once"`` and ``command:./sync.sh --once`` are the same command;
    ``command:sh -c "exit 3"`` keeps its quotes for the shell.
    """
    text = text.strip()
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise UsageError(f"--connector command:{text}: {exc} (quote the command as a shell would)") from None
    if len(words) == 1 and len(text) >= 2 and text[0] in "\"'" and text[-1] == text[0]:
        text = words[0]
    if not text.strip():
        raise UsageError('--connector command:"...": the command is empty')
    return text


def tick_timeout(environ: Mapping[str, str]) -> float:
    """``STOCKGATE_TICK_TIMEOUT`` in seconds (a positive, finite number), or the default."""
    raw = environ.get("STOCKGATE_TICK_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TICK_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise UsageError(f"STOCKGATE_TICK_TIMEOUT={raw[:40]}: expected seconds a command connector's tick may take, "
                         f"a positive number (default {DEFAULT_TICK_TIMEOUT:.0f})")
    return value


def passed_through(environ: Mapping[str, str]) -> dict[str, str]:
    """The outside variables a command connector gets: the basics, and those ``STOCKGATE_CONNECTOR_PASS`` names."""
    extra = [name.strip() for name in environ.get("STOCKGATE_CONNECTOR_PASS", "").split(",") if name.strip()]
    return {name: environ[name] for name in (*BASE_VARIABLES, *extra) if name in environ}


class CommandAdapter:
    """``command:"…"``: any program, run once per tick with the platforms in its environment."""

    def __init__(self, command: str, *, timeout: float = DEFAULT_TICK_TIMEOUT,
                 outside: Mapping[str, str] | None = None) -> None:
        """Keep the shell command, the tick timeout, and the outside variables it may see (:func:`passed_through`)."""
        self.command = parse_command(command)
        self.timeout = timeout
        self.outside = dict(outside or {})
        self.env: dict[str, str] = {}
        self.given: ConnectorEnv | None = None

    async def configure(self, env: ConnectorEnv) -> None:
        """Build the environment; the twins must be served on real URLs for an external program."""
        if env.magento_transport is not None or env.lightspeed_transport is not None:
            raise UsageError("a command connector needs the twins served on loopback, not in-process")
        self.env = {**self.outside, **env.variables()}
        self.given = env

    async def tick(self) -> TickResult:
        """Run the command once; its output (stdout then stderr, credentials scrubbed) goes to the report."""
        hung = _HUNG.get(self.command)
        if hung:
            return TickResult(ok=False, output=hung, failure=hung)
        process = await asyncio.create_subprocess_exec(SHELL, "-c", self.command, env=self.env,
                                                       stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                                                       stderr=asyncio.subprocess.PIPE, start_new_session=True)
        reading = asyncio.ensure_future(process.communicate())
        try:
            out, err = await asyncio.wait_for(asyncio.shield(reading), self.timeout)
        except TimeoutError:
            out, err = await self._end(process, reading)
            hung = _HUNG[self.command] = (f"the command did not finish within {self.timeout:g} s "
                                          "(STOCKGATE_TICK_TIMEOUT): ended; its later ticks are not run")
            return TickResult(ok=False, output=f"{hung}\n{self._text(out, err)}".strip(), failure=hung)
        text = f"exit {process.returncode}\n{self._text(out, err)}".strip()
        return TickResult(ok=process.returncode == 0, output=text)

    def _text(self, out: bytes, err: bytes) -> str:
        """What the command printed, stdout then stderr, with every credential it was given scrubbed."""
        text = (out + err).decode("utf-8", "replace").strip()
        return self.given.scrub(text) if self.given is not None else text

    async def _end(self, process: asyncio.subprocess.Process,
                   reading: asyncio.Future[tuple[bytes, bytes]]) -> tuple[bytes, bytes]:
        """Kill the command's whole process group; what it printed until then (empty if its pipes stay open)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        try:
            return await asyncio.wait_for(reading, 5)
        except TimeoutError:  # a grandchild left the group and holds the pipes: give up on the output
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
            return b"", b""

    async def close(self) -> None:
        """Nothing to release."""
