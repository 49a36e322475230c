"""The Magento 2 / Adobe Commerce twin: ``create_app("2.4.8", "input-limits-on", seed="demo")``.

Demo credentials (seed ``demo``): admin user ``admin`` / ``stockgate-demo1``; integration access
token ``stockgate-demo-token`` (consumer key ``stockgate-demo-consumer-key``, consumer secret
``stockgate-demo-consumer-secret``, token secret ``stockgate-demo-token-secret``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stockgate.clock import VirtualClock
    from stockgate.twins.journal import Journal
    from stockgate.twins.magento.app import MagentoApp


def create_app(version: str, profile: str = "default", *, seed: str | None = "demo",
               clock: VirtualClock | None = None, contracts_dir: Path | None = None,
               journal: Journal | None = None) -> MagentoApp:
    """An ASGI app of ``magento@version`` under ``profile``; its twin is ``app.twin``.

    ``journal``: bounded, without bodies, unless given (``Journal.full()`` keeps everything).
    """
    from stockgate.twins.magento.app import MagentoApp
    from stockgate.twins.magento.twin import create_twin

    return MagentoApp(create_twin(version, profile, seed=seed, clock=clock, contracts_dir=contracts_dir,
                                  journal=journal))
