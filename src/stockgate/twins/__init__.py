"""Twins: stateful, in-process emulators of one platform version (and profile).

Each twin is four parts (STYLE.md rule 10): a pure ``state`` model, a thin ASGI ``app`` (parse →
state → serialize), registered :mod:`fault kinds <stockgate.twins.faults>` and a
:mod:`journal <stockgate.twins.journal>` of every exchange. Behaviour that differs between
versions is read from the contract's profile facts, never from ``if version`` checks.
"""
