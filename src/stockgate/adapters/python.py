"""``python:package.module:Class``: a class with the :class:`ConnectorUnderTest` protocol, contained.

The class runs on a thread of its own with its own event loop, so a tick that hangs ends: one
that awaits forever is cancelled, one that blocks its thread (``time.sleep``, a busy loop) is
left behind, and either way the tick is a failure after the tick timeout (``STOCKGATE_TICK_TIMEOUT``,
the same as for ``command:``); later ticks of that class are not run in this process. What it
prints (``sys.stdout`` and ``sys.stderr`` from its code, its tasks and ``asyncio.to_thread`` calls)
is captured into a bounded tail and reported with the tick, never written to stockgate's own
output. ``configure()`` and ``close()`` that raise or hang are :class:`ConnectorFailed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import importlib
import inspect
import sys
import threading
import traceback
from collections.abc import Awaitable, Callable
from typing import Any, TextIO

from stockgate.adapters.command import DEFAULT_TICK_TIMEOUT
from stockgate.adapters.output import OUTPUT_LIMIT, Tail, margin_for
from stockgate.adapters.protocol import ConnectorEnv, ConnectorFailed, TickResult
from stockgate.errors import UsageError

_SINK: contextvars.ContextVar[Tail | None] = contextvars.ContextVar("stockgate_connector_output", default=None)
CRASH_FRAMES = 12  # traceback lines kept of a tick that raised (its last frames: the connector's own)
_HUNG: dict[str, str] = {}  # target -> why: one timeout per class and process, as for command connectors


class _Routed:
    """``sys.stdout``/``sys.stderr`` while a python: connector runs: its writes to its tail, others through."""

    def __init__(self, stream: TextIO) -> None:
        """Wrap the stream stockgate had."""
        self.stream = stream

    def write(self, text: str) -> int:
        """To the running connector's tail, or to the real stream."""
        sink = _SINK.get()
        if sink is None:
            return self.stream.write(text)
        sink.add(text.encode("utf-8", "replace"))
        return len(text)

    def flush(self) -> None:
        """Flush the real stream (a tail needs none)."""
        if _SINK.get() is None:
            self.stream.flush()

    def __getattr__(self, name: str) -> Any:
        """Everything else is the real stream's."""
        return getattr(self.stream, name)


def _route() -> None:
    """Put the routers in place (once; a stream replaced since, by pytest say, is wrapped anew)."""
    if not isinstance(sys.stdout, _Routed):
        sys.stdout = _Routed(sys.stdout)
    if not isinstance(sys.stderr, _Routed):
        sys.stderr = _Routed(sys.stderr)


class _Worker:
    """A daemon thread running an event loop: where the connector's coroutines run."""

    def __init__(self, name: str, sink: Tail) -> None:
        """Start the thread."""
        self.sink = sink
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name=f"stockgate python:{name}", daemon=True)
        self.thread.start()

    async def call(self, make: Callable[[], Awaitable[Any]], timeout: float) -> Any:
        """``await make()`` on the worker; TimeoutError after ``timeout`` s (an awaiting hang is cancelled)."""
        async def captured() -> Any:
            _SINK.set(self.sink)
            result = make()  # a sync connector's method returns its result; an async one, a coroutine
            return await result if inspect.isawaitable(result) else result

        future = asyncio.run_coroutine_threadsafe(captured(), self.loop)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except TimeoutError:
            future.cancel()  # ends an await; a blocked thread cannot be ended, only left behind
            raise

    def stop(self) -> None:
        """Stop the loop; close it if the thread is free (a blocked one is left, as a daemon)."""
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(2)
        if not self.thread.is_alive():
            self.loop.close()


class PythonAdapter:
    """``python:package.module:Class``: a class implementing :class:`ConnectorUnderTest`."""

    def __init__(self, target: str, *, timeout: float = DEFAULT_TICK_TIMEOUT) -> None:
        """Import and instantiate the class (no arguments)."""
        module_name, _, class_name = target.partition(":")
        if not module_name or not class_name:
            raise UsageError(f"--connector python:{target}: expected python:package.module:Class")
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except Exception as exc:  # the user's module may raise anything on import: bad input
            raise UsageError(f"--connector python:{target}: cannot import it ({type(exc).__name__}: {exc})") from None
        if not inspect.isclass(cls):
            raise UsageError(f"--connector python:{target}: {class_name} is a {type(cls).__name__}, not a class "
                             "(see stockgate.adapters.ConnectorUnderTest)")
        self.inner = _instantiate(cls, target)
        missing = [m for m in ("configure", "tick", "close") if not callable(getattr(self.inner, m, None))]
        if missing:
            raise UsageError(f"--connector python:{target}: the class lacks {', '.join(missing)} "
                             "(see stockgate.adapters.ConnectorUnderTest)")
        self.target = target
        self.declared = declared_reports(self.inner, target)
        self.timeout = timeout
        self.env: ConnectorEnv | None = None
        self.worker: _Worker | None = None
        self.margin = 0
        self.printed = Tail()
        self.stuck = False  # a call hung: the class may still be in it, so it is not called again
        self.routing = contextlib.ExitStack()  # the respx routing of its own clients, configure() to close()

    def _scrub(self, text: str) -> str:
        return self.env.scrub(text) if self.env is not None else text

    def _said(self) -> str:
        """What it printed since last asked (bounded, scrubbed)."""
        return self.printed.take(self._scrub, self.margin).rstrip("\n")

    async def _run(self, stage: str, make: Callable[[], Awaitable[Any]]) -> Any:
        """One call on the worker; a raise or a hang is :class:`ConnectorFailed` naming ``stage``."""
        assert self.worker is not None
        try:
            return await self.worker.call(make, self.timeout)
        except TimeoutError:
            self.stuck = True
            why = f"did not finish within {self.timeout:g} s (STOCKGATE_TICK_TIMEOUT)"
            raise ConnectorFailed(stage, _joined(why, self._said())) from None
        except Exception as exc:  # the user's code may raise anything: that is its result
            raise ConnectorFailed(stage, _joined(self._scrub(f"{type(exc).__name__}: {exc}"), self._said())) from None

    async def configure(self, env: ConnectorEnv) -> None:
        """Start its thread, route its own httpx clients to the twins, and delegate.

        What it prints goes to its first tick's output. With in-process twins (the transports in
        ``env``), every httpx client the connector builds itself reaches them through
        :func:`stockgate.routing.twins` until :meth:`close`; any other host is blocked.
        """
        self.env = env
        env.reports.declare(self.declared)
        self.margin = margin_for(env.secret_forms())
        self.printed = Tail(OUTPUT_LIMIT + self.margin)
        self.worker = _Worker(self.target, self.printed)
        _route()
        if env.magento_transport is not None and env.lightspeed_transport is not None:
            from stockgate import routing

            self.routing.enter_context(routing.twins({env.magento_url: env.magento_transport,
                                                      env.lightspeed_url: env.lightspeed_transport},
                                                     fields={env.magento_url: "env.magento_url",
                                                             env.lightspeed_url: "env.lightspeed_url"}))
        try:
            await self._run("configure", lambda: self.inner.configure(env))
        except BaseException:
            self.routing.close()  # close() may never come: the routing must not outlive a failed configure
            raise

    async def tick(self) -> TickResult:
        """Delegate (a plain None counts as success); its prints and its report, credentials scrubbed."""
        hung = _HUNG.get(self.target)
        if hung:
            return TickResult(ok=False, output=hung, failure=hung)
        assert self.worker is not None, "configure() first"
        try:
            result = await self.worker.call(self.inner.tick, self.timeout)
        except TimeoutError:
            self.stuck = True
            hung = _HUNG[self.target] = (f"the tick did not finish within {self.timeout:g} s "
                                         "(STOCKGATE_TICK_TIMEOUT): ended; its later ticks are not run")
            return TickResult(ok=False, output=_joined(hung, self._said()), failure=hung)
        # a raise reaches the runner as a crash; what it printed stays for the next tick's output
        said = _joined(self._said(), *self._reported())
        if not isinstance(result, TickResult):
            return TickResult(ok=True, output=said)
        return TickResult(ok=result.ok, output=_joined(said, self._scrub(result.output)),
                          failure=self._scrub(result.failure))

    def _reported(self) -> list[str]:
        """What it reported through ``env.report`` since the last tick, a line each."""
        return self.env.reports.new_lines() if self.env is not None else []

    def crash_report(self, exc: BaseException) -> str:
        """A tick that raised: what it printed before, and the last frames of its traceback (scrubbed)."""
        frames = traceback.format_exception(exc)
        shown = "".join(frames[:1] + frames[-CRASH_FRAMES:] if len(frames) > CRASH_FRAMES + 1 else frames)
        return _joined(self._said(), *self._reported(), self._scrub(shown.rstrip("\n")))

    async def close(self) -> None:
        """Delegate, unless a call hung (the class may still be stuck in it); stop its thread."""
        if self.worker is None:
            return
        try:
            if not self.stuck:
                await self._run("close", self.inner.close)
        finally:
            self.worker.stop()
            self.routing.close()


def _joined(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def declared_reports(connector: Any, target: str) -> tuple[str, ...]:
    """The kinds a class says it reports through ``env.report``: its ``reports`` attribute (none when absent)."""
    kinds = getattr(connector, "reports", None) or ()
    if isinstance(kinds, str) or not isinstance(kinds, tuple | list | set | frozenset) \
            or not all(isinstance(kind, str) and kind.strip() for kind in kinds):
        raise UsageError(f"--connector python:{target}: its reports attribute is {kinds!r}; expected a tuple of "
                         "the kinds it reports through env.report, e.g. (\"unmapped-outlet\",), or (\"*\",) for all")
    return tuple(kind.strip() for kind in kinds)


def _instantiate(cls: type, target: str) -> Any:
    """``cls()``; a class that cannot be built without arguments is bad input, not a crash."""
    try:
        return cls()
    except Exception as exc:  # the user's constructor may raise anything
        raise UsageError(f"--connector python:{target}: cannot instantiate it without arguments "
                         f"({type(exc).__name__}: {exc})") from None
