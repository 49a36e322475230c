"""How a connector under test is driven: the reference connector, a Python class, or any command.

``--connector`` takes ``reference`` (default), ``python:package.module:Class`` (a class with the
:class:`ConnectorUnderTest` protocol) or ``command:"…"`` (any language: run through ``/bin/sh -c``
once per sync tick in a clean environment holding the platforms' URLs, every credential and the
mapping path; see :mod:`stockgate.adapters.command`). What a connector under test reports is
scrubbed of the credentials it was given before it reaches a report.
"""

from __future__ import annotations

import importlib
import inspect
import os
from typing import Any

from stockgate.adapters.command import (
    BASE_VARIABLES,
    DEFAULT_TICK_TIMEOUT,
    CommandAdapter,
    passed_through,
    tick_timeout,
)
from stockgate.adapters.protocol import ConnectorEnv, ConnectorUnderTest, TickResult
from stockgate.errors import UsageError

__all__ = ["BASE_VARIABLES", "DEFAULT_TICK_TIMEOUT", "CommandAdapter", "ConnectorEnv", "ConnectorUnderTest",
           "PythonAdapter", "ReferenceAdapter", "TickResult", "adapter_for"]


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
        self.env: ConnectorEnv | None = None

    async def configure(self, env: ConnectorEnv) -> None:
        """Delegate."""
        self.env = env
        await self.inner.configure(env)

    async def tick(self) -> TickResult:
        """Delegate (a plain None counts as success); credentials scrubbed from what it reports."""
        result = await self.inner.tick()
        if not isinstance(result, TickResult):
            return TickResult(ok=True)
        scrub = self.env.scrub if self.env is not None else str
        return TickResult(ok=result.ok, output=scrub(result.output), failure=scrub(result.failure))

    async def close(self) -> None:
        """Delegate."""
        await self.inner.close()


def _instantiate(cls: type, target: str) -> Any:
    """``cls()``; a class that cannot be built without arguments is bad input, not a crash."""
    try:
        return cls()
    except Exception as exc:  # the user's constructor may raise anything
        raise UsageError(f"--connector python:{target}: cannot instantiate it without arguments "
                         f"({type(exc).__name__}: {exc})") from None


def adapter_for(spec: str) -> ReferenceAdapter | PythonAdapter | CommandAdapter:
    """Parse ``--connector``."""
    if spec in ("", "reference"):
        return ReferenceAdapter()
    kind, _, rest = spec.partition(":")
    if kind == "python":
        return PythonAdapter(rest)
    if kind == "command":
        return CommandAdapter(rest, timeout=tick_timeout(os.environ), outside=passed_through(os.environ))
    raise UsageError(f"--connector {spec}: expected reference, python:package.module:Class or command:\"...\"")
