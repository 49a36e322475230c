"""``command:"python -m tests.connectors.indie.command --once"``: the indie connector as a program.

One sync pass per run, from the ``STOCKGATE_*`` variables the README documents for ``command:``
connectors: the platforms' URLs and credentials (``STOCKGATE_MAGENTO_AUTH`` = ``oauth1`` signs with
all four Magento credentials, ``bearer`` sends the token), the Lightspeed API version, the mapping,
the run's time (``STOCKGATE_NOW``) and ``STOCKGATE_SLEEP`` (sleep on the run's clock; plain
``sleep`` outside stockgate).

State is a JSON file: ``--state PATH``, else ``$STOCKGATE_STATE`` (stockgate gives every command
connector a path there, fresh for each scenario run, kept between its ticks). Without either it
refuses to run (exit 2): a sync without memory would send every sale again.

``--defect NAME`` plants one of the gate's mutants (:data:`tests.connectors.indie.sync.DEFECTS`).
Exit 0 when every flow ran, 1 when one failed (it is retried next run), 2 on bad input.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from tests.connectors.indie.http import Client
from tests.connectors.indie.sync import DEFECTS, Defects, Mapping, Sync

NEEDED = ("STOCKGATE_MAGENTO_URL", "STOCKGATE_MAGENTO_TOKEN", "STOCKGATE_LIGHTSPEED_URL", "STOCKGATE_LIGHTSPEED_TOKEN",
          "STOCKGATE_LIGHTSPEED_API_VERSION", "STOCKGATE_MAPPING")
OAUTH = {"consumer_key": "STOCKGATE_MAGENTO_CONSUMER_KEY", "consumer_secret": "STOCKGATE_MAGENTO_CONSUMER_SECRET",
         "token_secret": "STOCKGATE_MAGENTO_TOKEN_SECRET"}


class RunClock:
    """The run's time: ``STOCKGATE_NOW`` plus what this run slept (the wall clock outside stockgate)."""

    def __init__(self, stamp: str) -> None:
        self.start = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None
        self.slept = 0.0

    def now(self) -> dt.datetime:
        if self.start is None:
            return dt.datetime.now(dt.UTC)
        return self.start + dt.timedelta(seconds=self.slept)

    async def sleep(self, seconds: float) -> None:
        hook = os.environ.get("STOCKGATE_SLEEP")
        if hook:
            await asyncio.to_thread(subprocess.run, [hook, f"{seconds:.3f}"], check=True)
        else:
            await asyncio.to_thread(time.sleep, seconds)
        self.slept += seconds


def state_path(explicit: str | None) -> Path | None:
    """Where the state lives: ``--state``, else ``$STOCKGATE_STATE``; None when neither is given."""
    chosen = explicit or os.environ.get("STOCKGATE_STATE")
    return Path(chosen) if chosen else None


def load_state(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def save_state(path: Path, state: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    part.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    part.replace(path)


async def run(args: argparse.Namespace) -> int:
    clock = RunClock(os.environ.get("STOCKGATE_NOW", ""))
    defects = Defects.named(args.defect)
    mapping = Mapping.load(Path(os.environ["STOCKGATE_MAPPING"]))
    path = state_path(args.state)
    if path is None:
        print("indie connector: no state location: give --state PATH (stockgate sets STOCKGATE_STATE)",
              file=sys.stderr)
        return 2
    state = load_state(path)
    oauth = {"token": os.environ["STOCKGATE_MAGENTO_TOKEN"], **{k: os.environ.get(v, "") for k, v in OAUTH.items()}} \
        if os.environ.get("STOCKGATE_MAGENTO_AUTH") == "oauth1" and not defects.bearer_only else {}
    async with httpx.AsyncClient(timeout=30.0) as mg_http, httpx.AsyncClient(timeout=30.0) as ls_http:
        magento = Client("magento", os.environ["STOCKGATE_MAGENTO_URL"].rstrip("/"), mg_http, clock.now,
                         clock.sleep, bearer=os.environ["STOCKGATE_MAGENTO_TOKEN"], oauth=oauth,
                         ignore_retry_after=defects.ignore_retry_after)
        lightspeed = Client("lightspeed", os.environ["STOCKGATE_LIGHTSPEED_URL"].rstrip("/"), ls_http, clock.now,
                            clock.sleep, bearer=os.environ["STOCKGATE_LIGHTSPEED_TOKEN"],
                            ignore_retry_after=defects.ignore_retry_after)
        start = clock.now()
        sync = Sync(mapping, magento, lightspeed, os.environ["STOCKGATE_LIGHTSPEED_API_VERSION"], state,
                    defects=defects)
        try:
            report = await sync.tick(start)
        finally:
            state["last_run"] = start.timestamp()
            save_state(path, state)
    print("\n".join([*magento.log, *lightspeed.log, *report]) or "nothing to do")
    return 1 if any(": failed:" in line for line in report) else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.connectors.indie.command",
                                     description="One sync pass of the indie Magento <-> Lightspeed connector.")
    parser.add_argument("--once", action="store_true", help="one pass (the only mode; accepted for cron lines)")
    parser.add_argument("--state", help="the state file (default: $STOCKGATE_STATE)")
    parser.add_argument("--defect", default="correct", choices=("correct", *DEFECTS),
                        help="plant one of the gate's mutants")
    args = parser.parse_args(argv)
    missing = [name for name in NEEDED if not os.environ.get(name)]
    if missing:
        print(f"indie connector: {', '.join(missing)} not set: expected the variables stockgate gives a "
              "command: connector (see README, 'Your own connector')", file=sys.stderr)
        return 2
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
