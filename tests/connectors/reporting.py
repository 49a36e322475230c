"""Connectors that report through stockgate's hook (``env.report``), and one that says it reports and never does."""

from __future__ import annotations

from stockgate.adapters import ConnectorEnv, TickResult


class SaysItReports:
    """Declares that it reports every kind, does nothing and reports nothing: each then.reported must fail."""

    reports = ("*",)

    async def configure(self, env: ConnectorEnv) -> None:
        """Nothing to set up."""

    async def tick(self) -> TickResult:
        """Finish at once, having done nothing."""
        return TickResult(ok=True)

    async def close(self) -> None:
        """Nothing to close."""


class ReportsUnmatched(SaysItReports):
    """Declares and reports ``unmatched-product`` on every tick (and nothing else)."""

    reports = ("unmatched-product",)

    async def configure(self, env: ConnectorEnv) -> None:
        """Keep the hook."""
        self.env = env

    async def tick(self) -> TickResult:
        """Report one kind through the hook."""
        self.env.report("unmatched-product", "Lightspeed product WRAP-1 matches no Magento SKU")
        return TickResult(ok=True)


class BadDeclaration(SaysItReports):
    """Declares its kinds as one string (a common slip for a one-element tuple)."""

    reports = "unmapped-outlet"  # type: ignore[assignment]  # planted: not a tuple
