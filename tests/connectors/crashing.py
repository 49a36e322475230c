"""A connector that raises on every tick (the runner must report it, not crash)."""

from __future__ import annotations

from stockgate.adapters import ConnectorEnv, TickResult


class Crashing:
    async def configure(self, env: ConnectorEnv) -> None:
        self.env = env

    async def tick(self) -> TickResult:
        raise RuntimeError("boom")

    async def close(self) -> None:
        return None
