"""The Lightspeed Retail X-Series twin: ``create_app("2026-07", "registers-1", seed="demo")``.

Demo retailer (seed ``demo``): domain prefix ``demo``; personal token ``stockgate-demo-token``
(the connector's application bucket) and ``stockgate-register-token`` (the in-store users bucket).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stockgate.clock import VirtualClock
    from stockgate.twins.journal import Journal
    from stockgate.twins.lightspeed.app import LightspeedApp


def create_app(release: str, profile: str = "default", *, seed: str | None = "demo",
               clock: VirtualClock | None = None, contracts_dir: Path | None = None,
               as_of: dt.date | None = None, journal: Journal | None = None) -> LightspeedApp:
    """An ASGI app of the Lightspeed release ``release`` under ``profile``; its twin is ``app.twin``.

    ``journal``: bounded, without bodies, unless given (``Journal.full()`` keeps everything).
    """
    from stockgate.twins.lightspeed.app import LightspeedApp
    from stockgate.twins.lightspeed.twin import create_twin

    return LightspeedApp(create_twin(release, profile, seed=seed, clock=clock, contracts_dir=contracts_dir,
                                     as_of=as_of, journal=journal))
