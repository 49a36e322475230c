"""Connectors with a planted defect for the drift test's proofs (python: specs, never shipped)."""

from __future__ import annotations

from typing import Any

from stockgate.adapters import ConnectorEnv, ReferenceAdapter, TickResult

DELAY = 20 * 60.0  # the planted inventory delay, seconds


class DelayedInventory(ReferenceAdapter):
    """The reference connector, except that every inventory write waits :data:`DELAY` before it is sent."""

    async def configure(self, env: ConnectorEnv) -> None:
        """Build the reference connector and hold its stock writes back."""
        await super().configure(env)
        self.clock = env.clock
        self.held: list[tuple[float, dict[tuple[str, str], float]]] = []
        self.send = self.connector.post_levels

        async def post_levels(quantities: dict[tuple[str, str], float]) -> None:
            self.held.append((self.clock.elapsed + DELAY, dict(quantities)))

        self.connector.post_levels = post_levels

    async def tick(self) -> TickResult:
        """The due flows, then every write whose delay is over, oldest first."""
        result = await super().tick()
        while self.held and self.held[0][0] <= self.clock.elapsed + 1e-9:
            _due, quantities = self.held.pop(0)
            await self.send(quantities)
        return result


def build(name: str) -> Any:
    """A mutant of tests/mutants by name, as an adapter instance."""
    from tests.mutants.adapters import ADAPTERS

    return ADAPTERS[name]()
