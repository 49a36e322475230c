"""How a connector under test is driven: the reference connector, a Python class, or any command.

``--connector`` takes ``reference`` (default), ``python:package.module:Class`` (a class with the
:class:`ConnectorUnderTest` protocol) or ``command:"…"`` (any language: run once per sync tick
with the twins' URLs, tokens and the mapping path in its environment).
"""

from __future__ import annotations

import asyncio
import importlib
import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import httpx

from stockgate.clock import VirtualClock
from stockgate.errors import UsageError


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectorEnv:
    """What a connector under test is given: where the platforms are, how to authenticate, the mapping."""

    mapping: Path
    magento_url: str
    magento_token: str
    lightspeed_url: str
    lightspeed_token: str
    lightspeed_api_version: str
    clock: VirtualClock
    state: Path | str = ":memory:"
    magento_version: str | None = None
    magento_profile: str = "default"
    magento_oauth: dict[str, str] = field(default_factory=dict)  # consumer_key, consumer_secret, token_secret
    magento_transport: httpx.AsyncBaseTransport | None = None  # in-process only (None: real HTTP)
    lightspeed_transport: httpx.AsyncBaseTransport | None = None

    def variables(self) -> dict[str, str]:
        """The environment a ``command:`` connector gets (documented in the README)."""
        return {"STOCKGATE_MAGENTO_URL": self.magento_url, "STOCKGATE_MAGENTO_TOKEN": self.magento_token,
                "STOCKGATE_LIGHTSPEED_URL": self.lightspeed_url, "STOCKGATE_LIGHTSPEED_TOKEN": self.lightspeed_token,
                "STOCKGATE_LIGHTSPEED_API_VERSION": self.lightspeed_api_version, "STOCKGATE_MAPPING": str(self.mapping)}


@dataclass(frozen=True, slots=True, kw_only=True)
class TickResult:
    """One sync tick: whether it finished, and what it printed or noted (for the report)."""

    ok: bool
    output: str = ""


@runtime_checkable
class ConnectorUnderTest(Protocol):
    """What stockgate drives: configure once, tick per sync, close at the end."""

    async def configure(self, env: ConnectorEnv) -> None:
        """Receive URLs, tokens and the mapping."""

    async def tick(self) -> TickResult:
        """Run one sync pass."""

    async def close(self) -> None:
        """Release resources."""


class ReferenceAdapter:
    """The embedded reference connector."""

    def __init__(self) -> None:
        """Not configured yet."""
        self.connector: Any = None
        self._seen = 0

    async def configure(self, env: ConnectorEnv) -> None:
        """Build the reference connector for ``env``."""
        import dataclasses

        from stockgate.connector import MagentoAuth, build_connector, load_mapping

        mapping = dataclasses.replace(load_mapping(env.mapping), lightspeed_version=env.lightspeed_api_version)
        auth = MagentoAuth(mode="oauth1", token=env.magento_token, **env.magento_oauth) if env.magento_oauth \
            else MagentoAuth(mode="bearer", token=env.magento_token)
        self.connector = build_connector(
            mapping, magento_url=env.magento_url, magento_auth=auth, lightspeed_url=env.lightspeed_url,
            lightspeed_token=env.lightspeed_token, clock=env.clock, state=env.state,
            magento_transport=env.magento_transport, lightspeed_transport=env.lightspeed_transport,
            magento_version=env.magento_version, magento_profile=env.magento_profile)

    async def tick(self) -> TickResult:
        """Run the flows that are due."""
        ran = await self.connector.tick()
        new = self.connector.events[self._seen:]
        self._seen = len(self.connector.events)
        lines = [f"ran {', '.join(ran) or 'nothing (not due)'}"] + [f"{e.flow}: {e.kind}: {e.message}" for e in new]
        return TickResult(ok=not any(e.kind == "failed" for e in new), output="\n".join(lines))

    async def close(self) -> None:
        """Close the connector."""
        if self.connector is not None:
            await self.connector.close()


class PythonAdapter:
    """``python:package.module:Class``: a class implementing :class:`ConnectorUnderTest`."""

    def __init__(self, target: str) -> None:
        """Import and instantiate the class (no arguments)."""
        module_name, _, class_name = target.partition(":")
        if not module_name or not class_name:
            raise UsageError(f"--connector python:{target}: expected python:package.module:Class")
        try:
            cls = getattr(importlib.import_module(module_name), class_name)
        except (ImportError, AttributeError) as exc:
            raise UsageError(f"--connector python:{target}: cannot import it ({exc})") from None
        self.inner = cls()
        missing = [m for m in ("configure", "tick", "close") if not callable(getattr(self.inner, m, None))]
        if missing:
            raise UsageError(f"--connector python:{target}: the class lacks {', '.join(missing)} "
                             "(see stockgate.adapters.ConnectorUnderTest)")

    async def configure(self, env: ConnectorEnv) -> None:
        """Delegate."""
        await self.inner.configure(env)

    async def tick(self) -> TickResult:
        """Delegate (a plain None counts as success)."""
        result = await self.inner.tick()
        return result if isinstance(result, TickResult) else TickResult(ok=True)

    async def close(self) -> None:
        """Delegate."""
        await self.inner.close()


class CommandAdapter:
    """``command:"…"``: any program, run once per tick with the platforms in its environment."""

    def __init__(self, command: str, timeout: float = 120.0) -> None:
        """Split the command line (shell-style quoting)."""
        self.argv = shlex.split(command)
        if not self.argv:
            raise UsageError('--connector command:"...": the command is empty')
        self.timeout = timeout
        self.env: dict[str, str] = {}

    async def configure(self, env: ConnectorEnv) -> None:
        """Remember the variables; the twins must be served on real URLs for an external program."""
        if env.magento_transport is not None or env.lightspeed_transport is not None:
            raise UsageError("a command connector needs the twins served on loopback, not in-process")
        self.env = {**os.environ, **env.variables()}

    async def tick(self) -> TickResult:
        """Run the command once; its output (stdout then stderr) goes to the report."""
        process = await asyncio.create_subprocess_exec(*self.argv, env=self.env, stdout=asyncio.subprocess.PIPE,
                                                       stderr=asyncio.subprocess.PIPE)
        try:
            out, err = await asyncio.wait_for(process.communicate(), self.timeout)
        except TimeoutError:
            process.kill()
            await process.wait()
            return TickResult(ok=False, output=f"timed out after {self.timeout:.0f} s")
        text = (out + err).decode("utf-8", "replace").strip()
        return TickResult(ok=process.returncode == 0, output=f"exit {process.returncode}\n{text}".strip())

    async def close(self) -> None:
        """Nothing to release."""


def adapter_for(spec: str) -> ReferenceAdapter | PythonAdapter | CommandAdapter:
    """Parse ``--connector``."""
    if spec in ("", "reference"):
        return ReferenceAdapter()
    kind, _, rest = spec.partition(":")
    if kind == "python":
        return PythonAdapter(rest)
    if kind == "command":
        return CommandAdapter(rest.strip().strip('"'))
    raise UsageError(f"--connector {spec}: expected reference, python:package.module:Class or command:\"...\"")
