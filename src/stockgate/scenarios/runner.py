"""The one engine: run scenarios on version pairs with a connector, and return results with findings.

The CLI (``stockgate run``) and the pytest plugin both call :func:`run_scenario` / :func:`run_all`;
nothing here prints. Steps drive the platforms' APIs on the virtual clock; the connector ticks
through its adapter; expectations and invariants are then read back through the APIs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

from stockgate.adapters import ConnectorEnv, ConnectorFailed, adapter_for
from stockgate.adapters.output import transcript
from stockgate.connector import load_mapping
from stockgate.connector.clients import segment
from stockgate.errors import DataError, StockgateError, UsageError
from stockgate.routing import BLOCKED_HINT, NOT_A_TWIN
from stockgate.scenarios.model import Pair, Scenario, ScenarioResult, combined
from stockgate.scenarios.oracles import Checker
from stockgate.scenarios.steps import PASSIVE, STEPS
from stockgate.scenarios.world import DEMO, StepFailed, StoreWorld, World
from stockgate.target import OAUTH_KEYS, Target

DEFAULT_PAIR = Pair(magento="2.4.8", lightspeed="2026-07")


def newest_pair(today: Any = None) -> Pair:
    """The newest supported version of each platform on ``today`` (contracts/index.toml)."""
    import datetime as dt

    from stockgate.contracts import load_index
    from stockgate.scenarios.model import version_key

    day = today or dt.date.today()
    newest: dict[str, str] = {}
    for entry in load_index().entries:
        platform, version = entry.ref.platform.value, entry.ref.version
        if entry.support_state(day) == "ended":
            continue
        if platform not in newest or version_key(platform, version) > version_key(platform, newest[platform]):
            newest[platform] = version
    return Pair(magento=newest["magento"], lightspeed=newest["lightspeed"])


class StoreLacks(StockgateError):
    """The real store pair lacks a product, outlet or source the scenario names."""


PROBED = ("source-truth", "exactly-once", "salable-truth")  # what "the platforms agree" means; dearest last


class Driver:
    """The connector as the steps see it: tick now, or tick until the platforms agree."""

    def __init__(self, adapter: Any, world: World, checker: Checker) -> None:
        """Wrap a configured adapter."""
        self.adapter = adapter
        self.world = world
        self.checker = checker
        self.output: list[str] = []
        self.crashes: list[str] = []
        self.hangs: list[str] = []  # ticks that did not end (the adapter's tick timeout)
        self.convergence: float | None = None
        self.agreed_at: tuple[int, int, float] | None = None  # World.marker() when a probe last passed
        self.ticks: list[float] = []

    async def tick_now(self) -> None:
        """One tick of the connector; its output is kept, and a crash is a finding, never the runner's end."""
        self.ticks.append(self.world.clock.elapsed)
        mark = self.checker.tick_mark()
        try:
            result = await self.adapter.tick()
        except Exception as exc:  # a connector under test may raise anything: that is its result
            message = f"{type(exc).__name__}: {exc}"
            report = getattr(self.adapter, "crash_report", None)  # what it printed, and its traceback
            if message not in self.crashes:
                self.crashes.append(message)
                if report is not None:
                    self.output.append(report(exc))
            return
        finally:
            await self.checker.after_tick(mark)  # what must hold at the moment, not only once agreed
        if result.output:
            transcript(self.output, result.output)  # the latest, bounded: a connector may print megabytes
        failure = getattr(result, "failure", "")  # an adapter passed in may predate the field
        if failure and not any(hang.endswith(failure) for hang in self.hangs):
            self.hangs.append(f"tick {len(self.ticks)} (at {self.ticks[-1]:g} s of the run): {failure}")

    async def settle(self, within: float) -> float | None:
        """Tick at polling intervals until the platforms agree, and still agree after one more cycle.

        Agreement right after a step proves little: a shipment makes Magento right before the
        connector has reacted to it, and a connector that then reposts a wrong figure breaks it. So
        once the probed invariants hold, the connector keeps running for one cycle of its stock,
        orders and returns flows; agreement must survive that. Returns the virtual seconds until the
        (lasting) agreement began, or None when it did not within ``within``.
        """
        start = self.world.clock.elapsed
        self.convergence = None  # the result's convergence is the last settle's
        interval = min(self.world.mapping.polling.values())
        cycle = max(self.world.mapping.polling[flow] for flow in ("stock", "orders", "returns"))
        agreed: float | None = None
        while True:
            await self.tick_now()
            probe = Checker(self.world, self.checker.scenario, self.checker.pair)
            if await probe.invariants(PROBED, first_failure=True):
                agreed = None
            elif agreed is None:
                agreed = self.world.clock.elapsed  # held: now let the connector run one full cycle
            elif self.world.clock.elapsed - agreed >= cycle:
                self.convergence = agreed - start
                self.agreed_at = self.world.marker()
                return self.convergence
            if agreed is None and self.world.clock.elapsed - start + interval > within:
                return None
            await self.world.clock.sleep(interval if agreed is None else cycle)


def _wrapped(wrap: Callable[[Any], Any] | None, transport: Any) -> Any:
    """The connector's transport, wrapped when the caller asked (recording wraps it)."""
    return wrap(transport) if wrap else transport


def connector_mapping(scenario: Scenario, pair: Pair) -> Any:
    """The scenario's mapping, speaking its ``connector_api`` (default: the pair's Lightspeed version).

    The pair's version as the store serves it: a pulled contract (``lightspeed@ls-mine``) answers
    ``/api/<the version its document names>`` (``Contract.wire_version``).
    """
    from stockgate.contracts import load_contract

    mapping = load_mapping(Path(scenario.given["mapping"]))
    served = load_contract(f"lightspeed@{pair.lightspeed}").wire_version
    return dataclasses.replace(mapping, lightspeed_version=scenario.given.get("connector_api", served))


def pair_for(scenario: Scenario, pair: Pair) -> Pair:
    """``pair`` with the profiles the scenario asks for added to its own.

    The scenario's Magento ones come after the pair's, so they win a fact both set; one Lightspeed
    configuration is in force at a time, and the scenario's story needs its own.
    """
    given = scenario.given
    magento = combined(pair.magento_profile, given.get("magento_profile", ""))
    return dataclasses.replace(pair, magento_profile=magento,
                               lightspeed_profile=given.get("lightspeed_profile", pair.lightspeed_profile))


def _seed_stock(world: World, stock: dict[str, dict[str, float]]) -> None:
    """``given.stock``: the same quantity at the outlet and its mapped source (a converged start)."""
    ls, inv = world.lightspeed.twin.store, world.magento.twin.inventory
    for code, per_outlet in stock.items():
        product = next(p for p in ls.products.values() if p.sku == code or any(c["code"] == code for c in
                                                                                 p.product_codes))
        for outlet_name, qty in per_outlet.items():
            outlet = next(o for o in ls.outlets.values() if o.name == outlet_name)
            ls.set_level(product.id, outlet.id, qty)
            source = world.mapping.outlets.get(outlet_name)
            if source:
                inv.set_source_item(code, source, qty, 1 if qty > 0 else 0)


def _serve(world: World) -> list[Any]:
    """Both twins on loopback, for a connector that is a program (``command:``)."""
    from stockgate.twins.serving import ServedTwin

    return [ServedTwin(world.magento), ServedTwin(world.lightspeed)]


def _named_skus(scenario: Scenario) -> set[str]:
    """SKUs a scenario names in its steps and checks (they join the invariants' watch list)."""
    names = {str(step.args["sku"]).strip() for step in scenario.when if "sku" in step.args}
    for key in ("sources", "salable", "prices", "outlets"):
        names |= set((scenario.then.get(key) or {}).keys())
    return names


def store_refusals(scenario: Scenario) -> list[str]:
    """Why ``scenario`` cannot run on a real store pair (empty: it can).

    ``given.stock`` and steps that reach into a twin (faults, rate-limit budgets, integration
    access) have no API to do them with.
    """
    reasons = ["given.stock sets both platforms' stock directly (no API does that in one move)"] \
        if scenario.given.get("stock") else []
    reasons += [f"step {step.kind} (line {step.line}) reaches into a twin" for step in scenario.when
                if STEPS[step.kind].twin_only]
    return reasons


async def _missing_on_store(world: World, scenario: Scenario) -> list[str]:
    """What the scenario names that the store pair lacks: SKUs on either platform, outlets, sources."""
    missing = []
    created = {str(step.args.get("sku")).strip() for step in scenario.when if step.kind == "new_product"}
    for sku in sorted(world.named - created):
        if (await world.admin("GET", f"/products/{segment(sku)}")).status_code == 404:
            missing.append(f"Magento product {sku}")
        try:
            await world.product(sku)
        except KeyError:
            missing.append(f"Lightspeed product {sku}")
    outlets = {str(step.args[k]) for step in scenario.when for k in ("outlet", "from", "to") if k in step.args}
    outlets |= {name for per_outlet in (scenario.then.get("outlets") or {}).values() for name in per_outlet}
    known = {o["name"] for o in (await world.ls_get("/outlets")).get("data") or []}
    missing += [f"Lightspeed outlet {name}" for name in sorted((outlets | set(world.mapping.outlets)) - known)]
    sources = {str(step.args["source"]) for step in scenario.when if "source" in step.args}
    sources |= {source for source in world.mapping.outlets.values() if source}
    sources |= {code for per_source in (scenario.then.get("sources") or {}).values() for code in per_source}
    codes = {s["source_code"] for s in await world.admin_list("/inventory/sources")}
    missing += [f"Magento source {code}" for code in sorted(sources - codes)]
    if (await world.admin("GET", f"/inventory/stocks/{world.mapping.stock_id}")).status_code == 404:
        missing.append(f"Magento stock {world.mapping.stock_id} (the mapping's magento.stock_id)")
    return missing


def _world(scenario: Scenario, pair: Pair, mapping: Any, target: Target | None) -> World:
    """The twins seeded for ``scenario``, or the target store pair (refusing what it cannot do)."""
    if target is None:
        world = World(pair, mapping, seed=scenario.given.get("seed", "demo"))
        _seed_stock(world, scenario.given.get("stock") or {})
        return world
    refusals = store_refusals(scenario)
    if refusals:
        raise UsageError(f"{scenario.id} cannot run on a real store: {'; '.join(refusals)}")
    return StoreWorld(pair, mapping, target)


async def _perform(world: World, scenario: Scenario, driver: Driver, checker: Checker) -> None:
    """The ``when`` steps in order; a step the platform refuses is a finding and ends them."""
    for step in scenario.when:
        try:
            result = await STEPS[step.kind].action(world, step.args, driver)
        except StepFailed as exc:
            checker.fail("step", f"{step.kind} (line {step.line})", "the step to succeed", str(exc))
            return
        if "as" in step.args:
            world.labels[step.args["as"]] = result
        if step.kind not in PASSIVE:
            made = f" -> {result}" if isinstance(result, str | int) else ""
            world.wrote(f"{scenario.id} line {step.line}: {step.kind}{made}")


_FAILED_HINT = "the connector raised or hung outside its ticks: start from what the message names"


async def run_scenario(scenario: Scenario, pair: Pair = DEFAULT_PAIR, connector: str = "reference", *,
                       wrap: Callable[[Any], Any] | None = None, target: Target | None = None,
                       adapter: Any = None, inspect: Callable[[World], None] | None = None) -> ScenarioResult:
    """Run one scenario on one pair; never raises for a failing connector (that is a finding).

    ``target``: act on that real store pair instead of the twins (wall time; checks that need the
    twins are listed as unchecked). A scenario :func:`store_refusals` names is a usage error there.
    ``adapter``: drive this adapter instead of the one ``connector`` names (``connector`` still
    names it in results); ``inspect``: called with the world once the checks are done.
    """
    pair = pair_for(scenario, pair)
    mapping = connector_mapping(scenario, pair)
    world = _world(scenario, pair, mapping, target)
    checker = Checker(world, scenario.id, str(pair), invariants=scenario.invariants)
    world.named = _named_skus(scenario)
    adapter = adapter or adapter_for(connector)
    served = _serve(world) if connector.startswith("command:") and target is None else []
    urls = [s.url for s in served] or [world.magento_url, world.lightspeed_url]
    credentials = world.credentials
    env = ConnectorEnv(mapping=mapping.path, magento_url=urls[0], magento_token=credentials["token"],
                       lightspeed_url=urls[1], lightspeed_token=target.lightspeed_token if target else DEMO["token"],
                       lightspeed_api_version=mapping.lightspeed_version, clock=world.clock,
                       magento_version=pair.magento, magento_profile=pair.magento_profile,
                       magento_oauth={} if world.bearer else {k: credentials[k] for k in OAUTH_KEYS},
                       magento_transport=None if served else _wrapped(wrap, world.m_transport),
                       lightspeed_transport=None if served else _wrapped(wrap, world.l_transport))
    driver = Driver(adapter, world, checker)
    error = ""
    try:
        missing = await _missing_on_store(world, scenario)
        if missing and target is not None:
            raise StoreLacks(f"the store pair lacks what {scenario.id} names: {', '.join(missing)}")
        if missing:  # on the twins the scenario (or its mapping) is wrong, not the connector
            raise DataError(f"{scenario.id} names what its seeded twins do not have", where=str(scenario.path),
                            actual=", ".join(missing), hint="Fix the names in the scenario or its mapping "
                            f"({scenario.given['mapping']}), or seed the twins with them (given.seed)")
        await adapter.configure(env)
        await world.start_watching()
        await _perform(world, scenario, driver, checker)
        for crash in driver.crashes:
            checker.fail("connector", "tick", "a tick that returns", crash, BLOCKED_HINT if NOT_A_TWIN in crash
                         else "the connector raised instead of handling the platform's answer")
        for hang in driver.hangs:
            checker.fail("connector", "tick", "a sync pass that ends", hang, "find where the connector waits; "
                         "STOCKGATE_TICK_TIMEOUT sets how long a connector's tick may take")
        names = scenario.invariants
        marker = world.marker()
        if marker is not None and driver.agreed_at == marker:  # nothing happened since a probe saw these hold
            names = tuple(name for name in names if name not in PROBED)
        await checker.invariants(names)
        await checker.expectations(scenario.then, convergence=driver.convergence, journals=world.journals(),
                                   reported=env.reports)
        if inspect is not None:
            inspect(world)
    except StockgateError as exc:
        if isinstance(exc, DataError) and target is None:
            raise
        error = str(exc)
    except ConnectorFailed as exc:  # configure() raised or hung: the connector's finding, not stockgate's error
        checker.fail("connector", exc.stage, f"{exc.stage}() to return", exc.message, _FAILED_HINT)
    finally:
        try:
            await adapter.close()
        except ConnectorFailed as exc:
            checker.fail("connector", exc.stage, f"{exc.stage}() to return", exc.message, _FAILED_HINT)
        await world.close()
        for twin in served:
            twin.stop()
    status = "error" if error else "failed" if checker.findings else "passed"
    journals = world.journals()
    return ScenarioResult(scenario=scenario.id, title=scenario.title, pair=str(pair), status=status,
                          findings=tuple(checker.findings), convergence_seconds=driver.convergence,
                          requests={name: len(entries) for name, entries in (journals or {}).items()},
                          connector_output=tuple(driver.output), error=error, areas=scenario.areas,
                          ticks=tuple(driver.ticks), unchecked=tuple(checker.unchecked))


async def run_all(scenarios: Iterable[Scenario], pairs: Iterable[Pair], connector: str = "reference",
                  on_result: Callable[[ScenarioResult], None] | None = None,
                  run: Callable[[Scenario, Pair, str], Awaitable[ScenarioResult]] | None = None
                  ) -> list[ScenarioResult]:
    """Every applicable scenario on every pair, in a stable order (``run``: another way to run one)."""
    results = []
    for pair in pairs:
        for scenario in scenarios:
            if scenario.applies(pair):
                result = await (run or run_scenario)(scenario, pair, connector)
                results.append(result)
                if on_result:
                    on_result(result)
    return results
