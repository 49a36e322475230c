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

from stockgate.cli.common import add_contracts_dir, platform_version


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
    parser.add_argument("--lightspeed-version", type=platform_version("lightspeed"), metavar="V",
                        help="API version to speak, lightspeed@2026-07 or 2026-07 (default: the mapping's)")
    parser.add_argument("--magento-version", type=platform_version("magento"), metavar="V",
                        help="the store's version, magento@2.4.8 or 2.4.8 (input limits)")
    parser.add_argument("--magento-profile", default="default", metavar="NAME",
                        help="the store's configuration, e.g. input-limits-on (default: default)")
    add_contracts_dir(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Configure the connector, tick once or until interrupted, print what happened."""
    from stockgate.adapters import ConnectorEnv, adapter_for
    from stockgate.clock import WallClock
    from stockgate.connector import load_mapping
    from stockgate.target import base_url, credentials

    magento_url, lightspeed_url = base_url(args.magento, "--magento"), base_url(args.lightspeed, "--lightspeed")
    mapping = load_mapping(args.mapping)
    _check_state(args.state)
    magento_token, lightspeed_token, oauth = credentials()
    adapter = adapter_for(args.connector)
    asyncio.run(_reachable({"--magento": magento_url, "--lightspeed": lightspeed_url}))
    env = ConnectorEnv(mapping=args.mapping, magento_url=magento_url, magento_token=magento_token,
                       lightspeed_url=lightspeed_url, lightspeed_token=lightspeed_token,
                       lightspeed_api_version=args.lightspeed_version or mapping.lightspeed_version,
                       clock=WallClock(), state=args.state, magento_version=args.magento_version,
                       magento_profile=args.magento_profile, magento_oauth=oauth)
    interval = min(mapping.polling.values())
    return asyncio.run(_loop(adapter, env, once=args.once, interval=interval))


SQLITE_HEADER = b"SQLite format 3\x00"


def _check_state(path: Path) -> None:
    """The state file must be a SQLite database or not exist yet (never overwrite the user's other files)."""
    from stockgate.errors import UsageError

    if path.is_dir():
        raise UsageError(f"--state {path}: is a folder; give a file path (created on the first run)")
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise UsageError(f"--state {path}: cannot be read ({exc.strerror})") from None
        if header and header != SQLITE_HEADER:
            raise UsageError(f"--state {path}: is not a stockgate state file (not an SQLite database); give a new "
                             "path, or the file an earlier `connector run` wrote")


async def _reachable(urls: dict[str, str]) -> None:
    """One request to each base URL before any work: a refused or unknown host is one line, not minutes of retries.

    Any HTTP answer (even a 404) means the host is there; only a connection that cannot be made is refused.
    """
    import httpx

    from stockgate.errors import UsageError

    async with httpx.AsyncClient(timeout=10.0) as client:
        for option, url in urls.items():
            try:
                await client.get(url)
            except httpx.TransportError as exc:
                reason = " ".join(str(exc).split()) or type(exc).__name__
                raise UsageError(f"{option} {url}: cannot connect ({reason}); is the store up and the URL right?"
                                 ) from None


async def _loop(adapter: Any, env: Any, *, once: bool, interval: float) -> int:
    """Configure, tick (once or until interrupted), close; a configure() or close() that fails is exit 1."""
    from stockgate.adapters import ConnectorFailed

    code = 1
    try:
        await adapter.configure(env)
        code = await _ticks(adapter, once=once, interval=interval)
    except ConnectorFailed as exc:  # the connector's failure, not stockgate's: exit 1 with what it said
        print(f"stockgate: the connector failed: {exc}", file=sys.stderr)
    finally:
        try:
            await adapter.close()
        except ConnectorFailed as exc:
            print(f"stockgate: the connector failed: {exc}", file=sys.stderr)
            code = 1
    return code


async def _ticks(adapter: Any, *, once: bool, interval: float) -> int:
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
