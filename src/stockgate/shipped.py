"""Where the data stockgate ships lives: the checkout's folders, or their copies inside an installed wheel.

``contracts/``, ``scenarios/`` (the catalog and its mappings) and ``cassettes/`` sit at the top of a
source checkout and are read only by code. A wheel carries them under ``stockgate/_data/`` (see
``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml), so an installed stockgate
runs the same catalog against the same cassettes.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parents[1]  # src/stockgate -> the repository root, in a source checkout


def shipped(name: str, *, marker: str) -> Path:
    """The shipped folder ``name``: the checkout's when it holds ``marker``, else the wheel's copy."""
    source = CHECKOUT / name
    if (source / marker).exists():
        return source
    return PACKAGE / "_data" / name
