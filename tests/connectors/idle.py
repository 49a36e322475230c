"""A connector that never syncs anything: every scenario fails with it, on every version."""

from __future__ import annotations

from stockgate.adapters import ConnectorEnv, TickResult


class Idle:
    """Configures, ticks and closes without a single request (a gate must not call that a clean pass)."""

    async def configure(self, env: ConnectorEnv) -> None:
        """Nothing to set up."""

    async def tick(self) -> TickResult:
        """Finish at once, having done nothing."""
        return TickResult(ok=True, output="idle: nothing synced")

    async def close(self) -> None:
        """Nothing to close."""
