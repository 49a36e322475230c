"""The reference connector: a correct, resilient Magento ↔ Lightspeed stock connector driven by a mapping.

``build_connector(...)`` wires the clients, retry policy, state and mapping; ``await
connector.tick()`` runs the flows that are due on the shared clock. See :mod:`.engine` for the
flows and how the connector keeps Magento's salable quantity from counting a web order twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from stockgate.clock import VirtualClock
from stockgate.connector.clients import LightspeedClient, MagentoAuth, MagentoClient
from stockgate.connector.engine import Connector, Event
from stockgate.connector.mapping import Mapping, load_mapping
from stockgate.connector.retry import RetryPolicy
from stockgate.connector.state import State

__all__ = ["Connector", "Event", "MagentoAuth", "Mapping", "build_connector", "load_mapping"]


def lightspeed_facts(version: str) -> dict[str, Any]:
    """The facts of the Lightspeed API version the connector speaks."""
    from stockgate.contracts import load_contract

    profile = load_contract(f"lightspeed@{version}").profile()
    return {fact: profile.value(fact) for fact in ("inventory.read", "sales.write", "returns.endpoint")}


def magento_input_limit(version: str | None, profile: str = "default") -> int | None:
    """The store's source-items limit per call when its profile turns input limits on (None: not known)."""
    if not version:
        return None
    from stockgate.contracts import load_contract

    facts = load_contract(f"magento@{version}").profile(profile)
    return int(facts.value("input_limits.sync_array_max")) if facts.value("input_limits.enabled") else None


def build_connector(mapping: Mapping, *, magento_url: str, magento_auth: MagentoAuth, lightspeed_url: str,
                    lightspeed_token: str, clock: VirtualClock | None = None, state: Path | str = ":memory:",
                    magento_transport: httpx.AsyncBaseTransport | None = None,
                    lightspeed_transport: httpx.AsyncBaseTransport | None = None,
                    magento_version: str | None = None, magento_profile: str = "default") -> Connector:
    """A ready connector (``state``: a SQLite path, or ``:memory:`` for a throw-away run)."""
    clock = clock or VirtualClock()
    policy = RetryPolicy(mapping.retry, clock)
    magento = MagentoClient(magento_url, mapping.store, magento_auth, policy, transport=magento_transport)
    lightspeed = LightspeedClient(lightspeed_url, mapping.lightspeed_version, lightspeed_token, policy,
                                  lightspeed_facts(mapping.lightspeed_version), transport=lightspeed_transport)
    return Connector(mapping, magento, lightspeed, State(state), clock,
                     source_item_limit=magento_input_limit(magento_version, magento_profile))
