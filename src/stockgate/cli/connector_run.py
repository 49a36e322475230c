"""``stockgate connector run``: a connector against any base URLs (twins on loopback, or a staging store).

Credentials come from the environment, never from arguments (they would show in process lists):
``STOCKGATE_MAGENTO_TOKEN`` (with ``STOCKGATE_MAGENTO_CONSUMER_KEY``, ``_CONSUMER_SECRET`` and
``_TOKEN_SECRET`` requests are OAuth 1.0a-signed, otherwise it is sent as a Bearer token) and
``STOCKGATE_LIGHTSPEED_TOKEN`` (details in :mod:`stockgate.target`).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    """Add the subcommand."""
    parser = commands.add_parser("run", help="run a connector against Magento and Lightspeed base URLs",
                                 description=__doc__.split("\n\n", 1)[1] if __doc__ else None)
    parser.add_argument("--mapping", type=Path, required=True, metavar="FILE", help="the mapping file")
    parser.add_argument("--magento", required=True, metavar="URL", help="Magento store base URL (REST under /rest)")
    parser.add_argument("--lightspeed", required=True, metavar="URL", help="Lightspeed retailer base URL (/api)")
    parser.add_argument("--once", action="store_true", help="run every flow once and exit")
    parser.add_argument("--state", type=Path, default=Path(".stockgate-connector.sqlite"), metavar="PATH",
                        help="SQLite state file: cursors, idempotency keys (default: .stockgate-connector.sqlite)")
    parser.add_argument("--connector", default="reference", metavar="SPEC",
                        help='reference (default), python:package.module:Class or command:"..."')
    parser.add_argument("--lightspeed-version", metavar="V", help="API version to speak (default: the mapping's)")
    parser.add_argument("--magento-version", metavar="V", help="the store's version, e.g. 2.4.8 (input limits)")
    parser.add_argument("--magento-profile", default="default", metavar="NAME",
                        help="the store's configuration, e.g. input-limits-on (default: default)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Configure the connector, tick once or until interrupted, print what happened."""
    from stockgate.adapters import ConnectorEnv, adapter_for
    from stockgate.clock import WallClock
    from stockgate.connector import load_mapping

    mapping = load_mapping(args.mapping)
    from stockgate.target import credentials

    magento_token, lightspeed_token, oauth = credentials()
    adapter = adapter_for(args.connector)
    env = ConnectorEnv(mapping=args.mapping, magento_url=args.magento, magento_token=magento_token,
                       lightspeed_url=args.lightspeed, lightspeed_token=lightspeed_token,
                       lightspeed_api_version=args.lightspeed_version or mapping.lightspeed_version,
                       clock=WallClock(), state=args.state, magento_version=args.magento_version,
                       magento_profile=args.magento_profile, magento_oauth=oauth)
    interval = min(mapping.polling.values())
    return asyncio.run(_loop(adapter, env, once=args.once, interval=interval))


async def _loop(adapter: Any, env: Any, *, once: bool, interval: float) -> int:
    await adapter.configure(env)
    try:
        while True:
            result = await adapter.tick()
            print(result.output, flush=True)
            if once:
                return 0 if result.ok else 1
            await asyncio.sleep(interval)
    except KeyboardInterrupt:  # pragma: no cover - interactive stop
        print("stockgate: connector stopped", file=sys.stderr)
        return 0
    finally:
        await adapter.close()
