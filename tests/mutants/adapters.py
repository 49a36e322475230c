"""Each mutant as a ``python:`` connector, so scenarios can run it like any user connector."""

from __future__ import annotations

from typing import Any

from stockgate.adapters import ConnectorEnv, ReferenceAdapter
from tests.mutants import MUTANTS


class _Mutant(ReferenceAdapter):
    name = ""

    async def configure(self, env: ConnectorEnv) -> None:
        await super().configure(env)
        MUTANTS[self.name](self.connector)


def _make(name: str) -> Any:
    return type(name.title().replace("-", ""), (_Mutant,), {"name": name})


ADAPTERS = {name: _make(name) for name in MUTANTS}
globals().update({cls.__name__: cls for cls in ADAPTERS.values()})
