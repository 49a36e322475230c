"""``python:tests.connectors.indie.connector:Connector``: the indie connector as a ``python:`` class.

Each defect variant is a subclass named after it (``python:tests.connectors.indie.connector:UntrimmedSkus``);
:data:`VARIANTS` lists them. State lives in memory, one connector per scenario run.
"""

from __future__ import annotations

from typing import Any, ClassVar

import httpx

from stockgate.adapters import ConnectorEnv, TickResult
from tests.connectors.indie.http import Client
from tests.connectors.indie.sync import DEFECTS, Defects, Mapping, Sync


class Connector:
    """The correct indie connector (configure / tick / close)."""

    defect: ClassVar[str] = "correct"

    def __init__(self) -> None:
        """Not configured yet."""
        self.env: ConnectorEnv | None = None
        self.state: dict[str, Any] = {}
        self.clients: list[httpx.AsyncClient] = []

    async def configure(self, env: ConnectorEnv) -> None:
        """Keep the environment; the clients are built here (on the adapter's own event loop)."""
        self.env = env
        self.defects = Defects.named(self.defect)
        self.mapping = Mapping.load(env.mapping)
        mg = httpx.AsyncClient(transport=env.magento_transport, timeout=30.0)
        ls = httpx.AsyncClient(transport=env.lightspeed_transport, timeout=30.0)
        self.clients = [mg, ls]
        signed = bool(env.magento_oauth) and not self.defects.bearer_only
        oauth = {"token": env.magento_token, **env.magento_oauth} if signed else {}
        common = {"now": env.clock.now, "sleep": env.clock.sleep, "ignore_retry_after": self.defects.ignore_retry_after}
        self.magento = Client("magento", env.magento_url.rstrip("/"), mg, bearer=env.magento_token, oauth=oauth,
                              **common)  # type: ignore[arg-type]
        self.lightspeed = Client("lightspeed", env.lightspeed_url.rstrip("/"), ls, bearer=env.lightspeed_token,
                                 **common)  # type: ignore[arg-type]

    async def tick(self) -> TickResult:
        """Run the flows that are due."""
        assert self.env is not None
        sync = Sync(self.mapping, self.magento, self.lightspeed, self.env.lightspeed_api_version, self.state,
                    defects=self.defects)
        self.magento.log.clear()
        self.lightspeed.log.clear()
        report = await sync.tick(self.env.clock.now())
        lines = [*self.magento.log, *self.lightspeed.log, *report]
        return TickResult(ok=not any(": failed:" in line for line in report), output="\n".join(lines))

    async def close(self) -> None:
        """Close the HTTP clients."""
        for client in self.clients:
            await client.aclose()


def _variant(name: str) -> type[Connector]:
    cls = type("".join(part.title() for part in name.split("-")), (Connector,), {"defect": name,
               "__doc__": f"The indie connector with one planted defect: {name}."})
    cls.__module__ = __name__
    return cls


VARIANTS: dict[str, type[Connector]] = {name: _variant(name) for name in DEFECTS}
globals().update({cls.__name__: cls for cls in VARIANTS.values()})
