"""The gate's own mutants: each indie defect variant, the upgrade where it surfaces, and what the gate must say.

A defect that a platform change brings out (untrimmed SKUs on Magento 2.4.7, the 2.0 inventory read
on Lightspeed 2026-04, parked returns on 2026-07, a sale re-sent where date versions record sales)
must **block** that upgrade with a **new** finding of the scenario that names it. A defect that is
wrong on every version (a 1-second retry, a double deduction …) is not caused by any upgrade: the
gate passes the upgrade but carries it as **pre-existing**, and with ``--fail-on-pre-existing`` it
blocks, naming it. Either way the mutant is killed only when the named (scenario, check) is among
the blocking findings and nothing else blocks for another reason.

Each row runs only the scenarios named (``--scenario`` globs) to keep the suite's cost bounded.
"""

from __future__ import annotations

from dataclasses import dataclass

NEWEST_M = "magento@2.4.8,lightspeed@2026-10", "magento@2.4.9,lightspeed@2026-10"


@dataclass(frozen=True)
class GateMutant:
    """One defect variant and the gate run that must kill it."""

    defect: str
    before: str
    after: str
    scenarios: tuple[str, ...]
    scenario: str  # the scenario whose finding names the defect
    check: str  # the finding's check (the start of its field: then.sources, salable-truth …)
    state: str  # "new": blocks the upgrade; "pre-existing": on both sides, blocks with --fail-on-pre-existing


MUTANTS = (
    GateMutant("untrimmed-skus", "magento@2.4.6,lightspeed@2026-10", "magento@2.4.7,lightspeed@2026-10",
               ("upgrades/magento-sku-whitespace",), "upgrades/magento-sku-whitespace", "then.sources MUG-BLK@central",
               "new"),
    GateMutant("old-inventory-read", "magento@2.4.9,lightspeed@2026-01", "magento@2.4.9,lightspeed@2026-04",
               ("per-location/sale-moves-only-its-source",), "per-location/sale-moves-only-its-source",
               "then.sources", "new"),
    GateMutant("credit-parked", "magento@2.4.9,lightspeed@2026-04", "magento@2.4.9,lightspeed@2026-07",
               ("upgrades/lightspeed-2026-07-parked-returns", "returns/partial-return"),
               "upgrades/lightspeed-2026-07-parked-returns", "then.credit_memos", "new"),
    GateMutant("blind-resend", "magento@2.4.9,lightspeed@2026-07", "magento@2.4.9,lightspeed@2026-10",
               ("api-limits/lost-sale-answer-one-sale",), "api-limits/lost-sale-answer-one-sale", "exactly-once",
               "pre-existing"),
    GateMutant("legacy-stock", *NEWEST_M, ("per-location/sale-moves-only-its-source",),
               "per-location/sale-moves-only-its-source", "then.sources", "pre-existing"),
    GateMutant("double-deduct", *NEWEST_M, ("reservations/web-order-counted-once",),
               "reservations/web-order-counted-once", "salable-truth", "pre-existing"),
    GateMutant("salable-to-pos", *NEWEST_M, ("reservations/pos-keeps-on-hand",),
               "reservations/pos-keeps-on-hand", "then.outlets", "pre-existing"),
    GateMutant("ignore-retry-after", *NEWEST_M, ("api-limits/lightspeed-429-http-date",),
               "api-limits/lightspeed-429-http-date", "retry-after-honoured", "pre-existing"),
    GateMutant("page-size-1000", *NEWEST_M, ("api-limits/magento-page-size-capped",),
               "api-limits/magento-page-size-capped", "then.pos_sales", "pre-existing"),
    GateMutant("no-return-to-stock", *NEWEST_M, ("returns/credit-memo-returns-to-stock",),
               "returns/credit-memo-returns-to-stock", "then.requests", "pre-existing"),
    GateMutant("restock-twice", *NEWEST_M, ("returns/return-restocked-once",),
               "returns/return-restocked-once", "restocked-once", "pre-existing"),
    GateMutant("bearer-only", *NEWEST_M, ("upgrades/integration-token-needs-oauth",),
               "upgrades/integration-token-needs-oauth", "then.sources", "pre-existing"),
    GateMutant("unbatched", *NEWEST_M, ("api-limits/magento-input-limits-on",),
               "api-limits/magento-input-limits-on", "then.sources", "pre-existing"),
)

# The newest five adjacent upgrades: what the correct connectors must pass.
NEWEST_FIVE = (
    ("magento@2.4.6,lightspeed@2026-10", "magento@2.4.7,lightspeed@2026-10"),
    ("magento@2.4.7,lightspeed@2026-10", "magento@2.4.8,lightspeed@2026-10"),
    ("magento@2.4.8,lightspeed@2026-10", "magento@2.4.9,lightspeed@2026-10"),
    ("magento@2.4.9,lightspeed@2026-04", "magento@2.4.9,lightspeed@2026-07"),
    ("magento@2.4.9,lightspeed@2026-07", "magento@2.4.9,lightspeed@2026-10"),
)


PYTHON_SPEC = "python:tests.connectors.indie.connector:{cls}"
COMMAND_SPEC = 'command:"{python}" -m tests.connectors.indie.command --once{flag}'


def spec(defect: str, kind: str = "python") -> str:
    """The ``--connector`` of the indie connector (``correct``) or one defect variant, as python: or command:."""
    import sys

    if kind == "python":
        from tests.connectors.indie.connector import VARIANTS, Connector

        return PYTHON_SPEC.format(cls=(VARIANTS[defect] if defect != "correct" else Connector).__name__)
    return COMMAND_SPEC.format(python=sys.executable, flag="" if defect == "correct" else f" --defect {defect}")


def gate(before: str, after: str, connector: str, patterns: tuple[str, ...] = (), *,
         fail_on_pre_existing: bool = False) -> object:
    """``stockgate gate`` in-process (sides one after the other; no cassettes: they hold the reference's traffic)."""
    from stockgate.cli.gate_cmd import parse_side
    from stockgate.gate.run import GateOptions, run_gate

    options = GateOptions(before=parse_side(before, "--from", []), after=parse_side(after, "--to", []),
                          connector=connector, patterns=patterns, fail_on_pre_existing=fail_on_pre_existing)
    return run_gate(options)


def judge(mutant: GateMutant, kind: str = "python") -> tuple[bool, str]:
    """Run the gate that must kill ``mutant``: (killed, the reason: the finding that names it, or what went wrong)."""
    result = gate(mutant.before, mutant.after, spec(mutant.defect, kind), mutant.scenarios,
                  fail_on_pre_existing=mutant.state == "pre-existing")
    blocking = result.blocking  # type: ignore[attr-defined]
    naming = [f for f in blocking if f.kind == "scenario" and f.subject == mutant.scenario
              and f.field.startswith(mutant.check) and f.state == mutant.state]
    others = [f for f in blocking if f.kind != "scenario" or f.state != mutant.state]
    if not naming:
        return False, (f"{mutant.before} -> {mutant.after}: no blocking {mutant.state} {mutant.check} finding in "
                       f"{mutant.scenario}; blocking: {[f.line() for f in blocking][:3] or 'nothing'}")
    if others:
        return False, f"also blocked for another reason: {others[0].line()}"
    first = naming[0]
    return True, (f"{mutant.before} -> {mutant.after}: BLOCKS {first.state} {mutant.scenario}: {first.field}: "
                  f"expected {first.expected}, got {first.actual}")
