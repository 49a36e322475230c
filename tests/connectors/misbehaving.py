"""python: connectors that misbehave outside what they sync: hang, print a lot, raise in configure or close.

stockgate must contain each one: a hung tick ends as a finding, prints stay out of its own output
(and bounded), a raise in configure() or close() is a finding of the scenario, never exit 3.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time

from stockgate.adapters import ConnectorEnv, TickResult


class _Quiet:
    env: ConnectorEnv

    async def configure(self, env: ConnectorEnv) -> None:
        self.env = env

    async def tick(self) -> TickResult:
        return TickResult(ok=True, output="synced")

    async def close(self) -> None:
        return None


class AwaitsForever(_Quiet):
    """Its tick awaits an event nobody sets."""

    async def tick(self) -> TickResult:
        print("waiting for the lock")
        await asyncio.Event().wait()
        return TickResult(ok=True)


class SleepsForever(_Quiet):
    """Its tick blocks its thread (a synchronous sleep inside async code)."""

    async def tick(self) -> TickResult:
        print("sleeping", flush=True)
        time.sleep(3600)
        return TickResult(ok=True)


class Chatty(_Quiet):
    """Prints on configure, on every tick (stdout and stderr), and its credentials."""

    async def configure(self, env: ConnectorEnv) -> None:
        self.env = env
        print("configured against", env.magento_url)

    async def tick(self) -> TickResult:
        print(f"tick with token {self.env.magento_token}")
        print("a warning", file=sys.stderr)
        await asyncio.to_thread(print, "from a worker thread")
        return TickResult(ok=True, output="synced")


class Flood(_Quiet):
    """Prints many megabytes per tick (STOCKGATE_FLOOD_MB, default 4), its token once in the middle."""

    async def tick(self) -> TickResult:
        line = "x" * 1023 + "\n"
        megabytes = int(os.environ.get("STOCKGATE_FLOOD_MB", "4"))
        for n in range(megabytes * 1024):
            sys.stdout.write(line if n != 100 else f"{self.env.magento_token}\n")
        print("the last line")
        return TickResult(ok=True, output="synced")


class ConfigureRaises(_Quiet):
    """configure() raises (a missing setting, say)."""

    async def configure(self, env: ConnectorEnv) -> None:
        print("reading settings")
        raise KeyError("SYNC_SETTINGS")


class CloseRaises(_Quiet):
    """close() raises."""

    async def close(self) -> None:
        raise RuntimeError("the session was already closed")
