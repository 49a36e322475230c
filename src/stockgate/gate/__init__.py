"""The upgrade gate: diff + scenarios + cassettes for a ``--from`` → ``--to`` upgrade, ending in a verdict."""

from stockgate.gate.model import GateEvent, GateFinding, GateResult, ScenarioOutcome
from stockgate.gate.run import GateOptions, check_direction, run_gate

__all__ = ["GateEvent", "GateFinding", "GateOptions", "GateResult", "ScenarioOutcome", "check_direction", "run_gate"]
