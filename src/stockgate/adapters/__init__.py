"""How a connector under test is driven: the reference connector, a Python class, or any command.

``--connector`` takes ``reference`` (default), ``python:package.module:Class`` (a class with the
:class:`ConnectorUnderTest` protocol) or ``command:"…"`` (any language: run through ``/bin/sh -c``
once per sync tick in a clean environment holding the platforms' URLs, every credential, the
mapping path and the run's time; see :mod:`stockgate.adapters.command`). Both end a tick that
outlives ``STOCKGATE_TICK_TIMEOUT`` (default :data:`DEFAULT_TICK_TIMEOUT` s) with a failure. What
a connector under test prints or reports is kept bounded (the last :data:`OUTPUT_LIMIT` bytes) and
scrubbed of the credentials it was given before it reaches a report.
"""

from __future__ import annotations

import os
from typing import Any

from stockgate.adapters.command import (
    BASE_VARIABLES,
    DEFAULT_TICK_TIMEOUT,
    CommandAdapter,
    passed_through,
    tick_timeout,
)
from stockgate.adapters.output import OUTPUT_LIMIT
from stockgate.adapters.protocol import (
    EVERY_KIND,
    ConnectorEnv,
    ConnectorFailed,
    ConnectorUnderTest,
    Reports,
    TickResult,
)
from stockgate.adapters.python import PythonAdapter
from stockgate.errors import UsageError

__all__ = ["BASE_VARIABLES", "DEFAULT_TICK_TIMEOUT", "EVERY_KIND", "OUTPUT_LIMIT", "CommandAdapter", "ConnectorEnv",
           "ConnectorFailed", "ConnectorUnderTest", "PythonAdapter", "ReferenceAdapter", "Reports", "TickResult",
           "adapter_for"]


class ReferenceAdapter:
    """The embedded reference connector."""

    def __init__(self) -> None:
        """Not configured yet."""
        self.connector: Any = None
        self.hook: Reports | None = None
        self._seen = 0

    async def configure(self, env: ConnectorEnv) -> None:
        """Build the reference connector for ``env``."""
        import dataclasses

        from stockgate.connector import MagentoAuth, build_connector, load_mapping

        self.hook = env.reports
        env.reports.declare([EVERY_KIND])  # its events are the catalog's vocabulary
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
        if self.hook is not None:  # the same hook as any connector's; its output below already shows them
            for event in new:
                self.hook.add(event.kind, event.message)
            self.hook.shown = len(self.hook.seen)
        lines = [f"ran {', '.join(ran) or 'nothing (not due)'}"] + [f"{e.flow}: {e.kind}: {e.message}" for e in new]
        return TickResult(ok=not any(e.kind == "failed" for e in new), output="\n".join(lines))

    async def close(self) -> None:
        """Close the connector."""
        if self.connector is not None:
            await self.connector.close()


def adapter_for(spec: str) -> ReferenceAdapter | PythonAdapter | CommandAdapter:
    """Parse ``--connector``."""
    if spec in ("", "reference"):
        return ReferenceAdapter()
    kind, _, rest = spec.partition(":")
    if kind == "python":
        return PythonAdapter(rest, timeout=tick_timeout(os.environ))
    if kind == "command":
        return CommandAdapter(rest, timeout=tick_timeout(os.environ), outside=passed_through(os.environ))
    raise UsageError(f"--connector {spec}: expected reference, python:package.module:Class or command:\"...\"")
