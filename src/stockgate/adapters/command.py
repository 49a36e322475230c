"""``command:"…"``: any program as the connector under test, run through ``/bin/sh -c`` once per tick.

Its environment is clean and documented: the basics a program needs to start (:data:`BASE_VARIABLES`,
plus any names listed in ``STOCKGATE_CONNECTOR_PASS``) and the ``STOCKGATE_*`` variables of
:meth:`ConnectorEnv.variables` — never the rest of stockgate's environment, where the user's real
store credentials may be. Each tick also gets ``STOCKGATE_NOW`` (the run's time at the start of
the tick, RFC 3339 UTC) and ``STOCKGATE_SLEEP`` (a program: ``"$STOCKGATE_SLEEP" 300`` sleeps on the
run's clock; see :mod:`stockgate.adapters.sleephook`). ``STOCKGATE_REPORT`` is a file it may append
JSON lines to: ``{"reports": ["unmapped-outlet", ...]}`` declares the kinds it reports (``"*"``: all),
``{"kind": "unmapped-outlet", "detail": "..."}`` reports one (see :mod:`stockgate.adapters.reportfile`).
``STOCKGATE_STATE`` is where it keeps its state between ticks: a path it may create as a file or a
folder, the same for every tick of a run (:func:`state_location`).
Its standard output and error go to one pipe,
read as they come; the last :data:`~stockgate.adapters.output.OUTPUT_LIMIT` bytes are kept, every
credential value it was given scrubbed, before that reaches a report. A tick that outlives
``STOCKGATE_TICK_TIMEOUT`` seconds (default :data:`DEFAULT_TICK_TIMEOUT`) is ended, its whole
process group killed, and reported as a failure; later ticks of the same command in this process
are not run, in this scenario or the next (each would wait out the timeout again: a catalog of
hanging runs is a hang). Its standard input is empty.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import math
import os
import shlex
import shutil
import signal
import tempfile
from collections.abc import Mapping
from pathlib import Path

from stockgate.adapters.output import OUTPUT_LIMIT, Tail, margin_for
from stockgate.adapters.protocol import ConnectorEnv, TickResult
from stockgate.adapters.reportfile import ReportFile
from stockgate.adapters.sleephook import SleepHook
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
        raise UsageError(f"STOCKGATE_TICK_TIMEOUT={raw[:40]}: expected seconds a connector's tick may take, "
                         f"a positive number (default {DEFAULT_TICK_TIMEOUT:.0f})")
    return value


def passed_through(environ: Mapping[str, str]) -> dict[str, str]:
    """The outside variables a command connector gets: the basics, and those ``STOCKGATE_CONNECTOR_PASS`` names."""
    extra = [name.strip() for name in environ.get("STOCKGATE_CONNECTOR_PASS", "").split(",") if name.strip()]
    return {name: environ[name] for name in (*BASE_VARIABLES, *extra) if name in environ}


class CommandAdapter:
    """``command:"…"``: any program, run once per tick with the platforms and the run's time in its environment."""

    def __init__(self, command: str, *, timeout: float = DEFAULT_TICK_TIMEOUT,
                 outside: Mapping[str, str] | None = None) -> None:
        """Keep the shell command, the tick timeout, and the outside variables it may see (:func:`passed_through`)."""
        self.command = parse_command(command)
        self.timeout = timeout
        self.outside = dict(outside or {})
        self.env: dict[str, str] = {}
        self.given: ConnectorEnv | None = None
        self.hook: SleepHook | None = None
        self.report: ReportFile | None = None
        self.margin = 0
        self.state_folder: Path | None = None  # the run's private state folder, removed by close()

    async def configure(self, env: ConnectorEnv) -> None:
        """Build the environment and start the sleep hook; the twins must be served on real URLs."""
        if env.magento_transport is not None or env.lightspeed_transport is not None:
            raise UsageError("a command connector needs the twins served on loopback, not in-process")
        self.hook = SleepHook(env.clock)
        self.report = ReportFile(env.reports)
        self.env = {**self.outside, **env.variables(), "STOCKGATE_SLEEP": await self.hook.start(),
                    "STOCKGATE_REPORT": self.report.start(), "STOCKGATE_STATE": self._state(env)}
        self.given = env
        self.margin = margin_for(env.secret_forms())

    async def tick(self) -> TickResult:
        """Run the command once; what it printed (stdout and stderr as written, the tail) goes to the report."""
        hung = _HUNG.get(self.command)
        if hung:
            return TickResult(ok=False, output=hung, failure=hung)
        now = rfc3339(self.given.clock.now()) if self.given is not None else ""
        env = {**self.env, "STOCKGATE_NOW": now}
        process = await asyncio.create_subprocess_exec(SHELL, "-c", self.command, env=env,
                                                       stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                                                       stderr=asyncio.subprocess.STDOUT, start_new_session=True)
        tail = Tail(OUTPUT_LIMIT + self.margin)
        reading = asyncio.ensure_future(_collect(process, tail))
        try:
            await asyncio.wait_for(asyncio.shield(reading), self.timeout)
        except TimeoutError:
            await self._end(process, reading)
            hung = _HUNG[self.command] = (f"the command did not finish within {self.timeout:g} s "
                                          "(STOCKGATE_TICK_TIMEOUT): ended; its later ticks are not run (to wait "
                                          "for a rate limit, run \"$STOCKGATE_SLEEP\" SECONDS: the run's clock)")
            return TickResult(ok=False, output=f"{hung}\n{self._text(tail)}".strip(), failure=hung)
        text = f"exit {process.returncode}\n{self._text(tail)}\n{self._reported()}".strip()
        return TickResult(ok=process.returncode == 0, output=text)

    def _reported(self) -> str:
        """What it appended to ``STOCKGATE_REPORT`` during the tick, a line each (credentials scrubbed)."""
        if self.report is None or self.given is None:
            return ""
        return "\n".join(self.report.read(self.given.scrub))

    def _state(self, env: ConnectorEnv) -> str:
        """``STOCKGATE_STATE``; a run on the twins gets a private folder, removed by :meth:`close`."""
        state, self.state_folder = state_location(env.state)
        return str(state)

    def _text(self, tail: Tail) -> str:
        """What the command printed (its last :data:`OUTPUT_LIMIT` bytes), every credential it was given scrubbed."""
        scrub = self.given.scrub if self.given is not None else str
        return tail.take(scrub, self.margin).strip()

    async def _end(self, process: asyncio.subprocess.Process, reading: asyncio.Future[None]) -> None:
        """Kill the command's whole process group; keep what it printed until then (if its pipe closes)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        try:
            await asyncio.wait_for(reading, 5)
        except TimeoutError:  # a grandchild left the group and holds the pipe: give up on the rest of the output
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()

    async def close(self) -> None:
        """Stop the sleep hook and the report file; remove the run's state folder (never a --state path given)."""
        if self.hook is not None:
            await self.hook.stop()
            self.hook = None
        if self.report is not None:
            self.report.stop()
            self.report = None
        if self.state_folder is not None:
            shutil.rmtree(self.state_folder, ignore_errors=True)
            self.state_folder = None


def state_location(given: Path | str) -> tuple[Path, Path | None]:
    """``STOCKGATE_STATE``, and the folder to remove after the run (None: the user's own path, kept).

    A run on the twins (state ``:memory:``: each scenario runs afresh) gets ``state`` in a new
    private folder, not created yet: a connector may make it a file or a folder and write beside it
    (``state.part``, then a rename). ``stockgate connector run --state PATH`` passes PATH.
    """
    if str(given) != ":memory:":
        return Path(given).absolute(), None
    folder = Path(tempfile.mkdtemp(prefix="stockgate-state-"))
    return folder / "state", folder


async def _collect(process: asyncio.subprocess.Process, tail: Tail) -> None:
    """Read the command's output into ``tail`` as it comes (memory stays bounded), then wait for its exit."""
    assert process.stdout is not None
    while chunk := await process.stdout.read(1 << 16):
        tail.add(chunk)
    await process.wait()


def rfc3339(when: dt.datetime) -> str:
    """``2026-01-05T09:00:00Z`` (UTC; fractional seconds only when the clock has them): ``STOCKGATE_NOW``."""
    utc = when.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + (f".{utc.microsecond:06d}".rstrip("0") if utc.microsecond else "") + "Z"
