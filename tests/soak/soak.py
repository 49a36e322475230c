"""The fault-and-SIGKILL soak: the reference connector run from cron against served twins, killed at random.

Both twins serve on loopback on wall time, in this process, so that faults change between runs and
their memory can be measured. Between runs a shopper, a back office and a cashier act (web orders,
invoices, shipments, cancellations, POS sales, returns of web orders). Each run is ``stockgate
connector run --once`` in its own process, on one state file; ``--kills`` of the runs are SIGKILLed
at a random moment. Then the faults stop and the connector runs undisturbed until the stores agree,
and the scenario oracles judge: *exactly once* (no web order lost or recorded twice, one credit
memo per return) and *source truth* (Magento's sources hold what the POS holds).

``python -m tests.soak.soak --iterations 100 --kills 30`` (what ``nox -s soak`` runs) prints a
summary and writes ``soak.json``; exit 0 when nothing was lost or duplicated, the stores
converged and the twins' memory grew less than ``--max-growth-mb``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from stockgate.clock import WallClock
from stockgate.connector import load_mapping
from stockgate.scenarios.model import Pair
from stockgate.scenarios.oracles import Checker
from stockgate.scenarios.steps import STEPS
from stockgate.scenarios.world import DEMO, StepFailed, StoreWorld
from stockgate.target import Target
from stockgate.twins.faults import FaultRule
from stockgate.twins.lightspeed import create_app as lightspeed_app
from stockgate.twins.magento import create_app as magento_app
from stockgate.twins.serving import ServedTwin

ROOT = Path(__file__).resolve().parents[2]
SKUS = ("MUG-BLK", "MUG-WHT", "CAP-NVY", "SOCK-3PK", "BOTTLE-1L")
FAULTS = (  # (platform, kind, method, path): what a run may meet
    ("lightspeed", "lost-response", "POST", "/sales"),
    ("lightspeed", "http-5xx", "GET", "/search"),
    ("lightspeed", "connection-reset", None, "/inventory"),
    ("lightspeed", "http-429", None, "/products"),
    ("magento", "lost-response", "POST", "/V1/order/*/refund"),
    ("magento", "http-5xx", "GET", "/V1/orders"),
    ("magento", "connection-reset", "POST", "/V1/inventory/source-items"),
)


@dataclass(slots=True)
class Report:
    """What the soak saw."""

    iterations: int = 0
    kills: int = 0
    exits: dict[str, int] = field(default_factory=dict)  # exit code of the runs not killed -> how many
    web_orders: int = 0
    returns: int = 0
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    unconverged: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)  # a run that ended in neither success nor a reported failure
    growth_mb: float = 0.0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Nothing lost, nothing duplicated, converged, no run crashed."""
        return not (self.lost or self.duplicated or self.unconverged or self.crashes)


def rss_mb() -> float:
    """This process's resident memory (the twins live here), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Soak:
    """One soak: served twins, actors, a cron of connector processes."""

    def __init__(self, *, seed: int, workdir: Path, connector: str = "reference",
                 faults: tuple[tuple[str, str, str | None, str], ...] = FAULTS) -> None:
        """Serve the twins and write a mapping whose flows are due every second."""
        self.rng = random.Random(seed)
        self.durations: list[float] = []  # wall time of the runs not killed
        self.faults = faults
        self.workdir = workdir
        self.connector = connector
        self.pair = Pair(magento="2.4.8", lightspeed="2026-07", lightspeed_profile="registers-20")
        clock = WallClock()
        self.magento = magento_app("2.4.8", clock=clock)
        self.lightspeed = lightspeed_app("2026-07", "registers-20", clock=clock)
        self.served = [ServedTwin(self.magento), ServedTwin(self.lightspeed)]
        logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL)  # dropped connections are the point
        raw = yaml.safe_load((ROOT / "scenarios" / "mappings" / "demo.yaml").read_text())
        raw["polling"] = {"stock": 1, "orders": 1, "returns": 1, "catalog": 1}
        raw["retry"] = {**raw.get("retry", {}), "wait_budget": 20}
        self.mapping_path = workdir / "mapping.yaml"
        self.mapping_path.write_text(yaml.safe_dump(raw))
        target = Target(magento_url=self.served[0].url, lightspeed_url=self.served[1].url,
                        magento_token=DEMO["token"], lightspeed_token=DEMO["token"],
                        magento_oauth={k: DEMO[k] for k in ("consumer_key", "consumer_secret", "token_secret")},
                        register_token="stockgate-register-token", run_id="soak")
        self.world = StoreWorld(self.pair, load_mapping(self.mapping_path), target)
        self.orders: list[str] = []
        self.report = Report()

    def close(self) -> None:
        """Stop serving."""
        for twin in self.served:
            twin.stop()

    # --- the people around the connector -----------------------------------------------------------
    async def act(self) -> None:
        """A few things happen between two runs."""
        for _ in range(self.rng.randint(1, 3)):
            await self._one_act()

    async def _one_act(self) -> None:
        roll = self.rng.random()
        try:
            if roll < 0.35 or not self.orders:
                await self._step("web_order", sku=self.rng.choice(SKUS), qty=self.rng.randint(1, 2), label=True)
            elif roll < 0.55:
                order = self.rng.choice(self.orders)
                await self._step("invoice", order=order)
                await self._step("ship", order=order, source="central")
            elif roll < 0.65:
                await self._step("cancel", order=self.rng.choice(self.orders))
            elif roll < 0.85:
                await self._step("pos_sale", outlet=self.rng.choice(["Central Store", "North Store"]),
                                 sku=self.rng.choice(SKUS), qty=1)
            else:
                order = self.rng.choice(self.orders)
                await self._step("invoice", order=order)
                await self._step("pos_return", of=order, qty=1)
                self.report.returns += 1
        except StepFailed:
            pass  # the platform refused (an order already canceled, a sale not synced yet): people retry later

    async def _step(self, kind: str, *, label: bool = False, **args: Any) -> Any:
        result = await STEPS[kind].action(self.world, args, None)
        if label:
            name = f"o{result}"
            self.world.labels[name] = result
            self.orders.append(name)
            self.report.web_orders += 1
        return result

    def fault(self) -> None:
        """A new misbehaviour on a random route (each acts on one request, or a short burst)."""
        platform, kind, method, path = self.rng.choice(self.faults)
        app = self.magento if platform == "magento" else self.lightspeed
        params = {"retry_after": 2} if kind == "http-429" else {}
        app.twin.faults.add(FaultRule(kind=kind, method=method, path=path, times=self.rng.randint(1, 3),
                                      params=params))

    # --- the connector, from cron -------------------------------------------------------------------
    def run_once(self, *, kill: bool) -> int:
        """``connector run --once`` in its own process; SIGKILLed at a random moment when ``kill``."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("STOCKGATE_")}
        env.update({"STOCKGATE_MAGENTO_TOKEN": DEMO["token"], "STOCKGATE_LIGHTSPEED_TOKEN": DEMO["token"],
                    "STOCKGATE_MAGENTO_CONSUMER_KEY": DEMO["consumer_key"],
                    "STOCKGATE_MAGENTO_CONSUMER_SECRET": DEMO["consumer_secret"],
                    "STOCKGATE_MAGENTO_TOKEN_SECRET": DEMO["token_secret"]})
        argv = [sys.executable, "-m", "stockgate", "connector", "run", "--once", "--connector", self.connector,
                "--mapping", str(self.mapping_path), "--magento", self.served[0].url, "--lightspeed",
                self.served[1].url, "--state", str(self.workdir / "state.sqlite"), "--magento-version", "2.4.8"]
        errors = self.workdir / "stderr.txt"
        with errors.open("w") as err:
            proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err)
        started = time.monotonic()
        if kill:
            # a moment inside a run as long as the ones seen so far (about 0.8 s, 0.5 s of it starting Python; a
            # faster connector must still be killed mid-run, not outlive a fixed window)
            typical = statistics.median(self.durations) if self.durations else 0.8
            try:
                proc.wait(timeout=self.rng.uniform(0.45, 0.95) * typical)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                self.report.kills += 1
        try:
            code = proc.wait(timeout=180)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
        if code != -signal.SIGKILL:
            self.report.exits[str(code)] = self.report.exits.get(str(code), 0) + 1
            self.durations.append(time.monotonic() - started)
        if code not in (0, 1, -signal.SIGKILL):  # 1: a flow failed on a fault, and says so; anything else is a defect
            last = (errors.read_text().strip().splitlines() or ["(no output)"])[-1]
            self.report.crashes.append(f"exit {code}: {last[:300]}")
        return code

    async def judge(self) -> list[Any]:
        """The oracles' findings on the stores as they are now."""
        checker = Checker(self.world, "soak", str(self.pair))
        return await checker.invariants(("exactly-once", "source-truth"))


async def soak(*, iterations: int, kills: int, seed: int, workdir: Path, connector: str = "reference",
               settle_runs: int = 12, progress: bool = False,
               faults: tuple[tuple[str, str, str | None, str], ...] = FAULTS) -> Report:
    """Run the soak; the report says what was lost, duplicated or left unconverged."""
    started = time.monotonic()
    run = Soak(seed=seed, workdir=workdir, connector=connector, faults=faults)
    try:
        baseline = 0.0
        for i in range(iterations):
            await run.act()
            run.fault()
            left = min(kills, iterations) - run.report.kills  # a run that ends before its kill moment passes it on
            run.run_once(kill=left > 0 and run.rng.random() < left / (iterations - i))
            time.sleep(1.05)  # every flow is due again (polling 1 s)
            if i == 0:
                baseline = rss_mb()
            if progress:
                print(f"soak: {i + 1}/{iterations} runs, {run.report.kills} killed", file=sys.stderr, flush=True)
            run.report.iterations = i + 1
        run.report.growth_mb = max(0.0, rss_mb() - baseline)
        run.magento.twin.faults.clear()
        run.lightspeed.twin.faults.clear()
        findings = await _settle(run, settle_runs)
        _classify(run.report, findings)
    finally:
        await run.world.close()
        run.close()
    run.report.seconds = round(time.monotonic() - started, 1)
    return run.report


async def _settle(run: Soak, runs: int) -> list[Any]:
    findings: list[Any] = []
    for _ in range(runs):
        run.run_once(kill=False)
        findings = await run.judge()
        if not findings:
            break
        time.sleep(1.05)
    return findings


def _classify(report: Report, findings: list[Any]) -> None:
    for finding in findings:
        text = f"{finding.subject}: expected {finding.expected}, got {finding.actual}"
        if finding.check == "exactly-once" and _number(finding.actual) > _number(finding.expected):
            report.duplicated.append(text)
        elif finding.check == "exactly-once":
            report.lost.append(text)
        else:
            report.unconverged.append(text)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.soak.soak``: run, print, write soak.json, exit 0 on a clean soak."""
    parser = argparse.ArgumentParser(prog="soak", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--connector", default="reference")
    parser.add_argument("--max-growth-mb", type=float, default=50.0)
    parser.add_argument("--report", type=Path, default=Path("soak.json"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        report = asyncio.run(soak(iterations=args.iterations, kills=args.kills, seed=args.seed, workdir=Path(tmp),
                                  connector=args.connector, progress=True))
    args.report.write_text(json.dumps({**asdict(report), "ok": report.ok}, indent=2) + "\n")
    print(f"soak: {report.iterations} runs ({report.kills} killed), {report.web_orders} web orders, "
          f"{report.returns} returns; lost {len(report.lost)}, duplicated {len(report.duplicated)}, "
          f"unconverged {len(report.unconverged)}, crashed {len(report.crashes)}; "
          f"twin memory +{report.growth_mb:.1f} MB; {report.seconds} s")
    for line in report.lost + report.duplicated + report.unconverged + report.crashes:
        print(f"  {line}")
    return 0 if report.ok and report.growth_mb < args.max_growth_mb else 1


if __name__ == "__main__":
    sys.exit(main())
