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


class TalkativeCrash(Crashing):
    """Prints, then raises: both must reach the result (an outsider lost them)."""

    async def configure(self, env: ConnectorEnv) -> None:
        print("configured against", env.magento_url)
        self.env = env

    async def tick(self) -> TickResult:
        print("reading outlets with token", self.env.lightspeed_token)
        return self.fail()

    def fail(self) -> TickResult:
        raise RuntimeError(f"no outlets (token {self.env.lightspeed_token})")
