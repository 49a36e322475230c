"""Seed files shared by both twins: a named seed from a twin's data folder, or a path; loaded strictly."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from stockgate.datafile import load_yaml, validate
from stockgate.errors import UsageError, did_you_mean


def seed_path(name: str, data: Path, platform: str) -> Path:
    """``name`` as a named seed in ``data`` (``demo``) or a path to a ``.yaml`` seed file."""
    candidate = Path(name)
    if candidate.suffix in {".yaml", ".yml"}:
        if not candidate.is_file():
            raise UsageError(f"seed file {name} does not exist")
        return candidate
    known = sorted(p.stem for p in data.glob("*.yaml"))
    if name not in known:
        raise UsageError(f"unknown {platform} seed '{name}'{did_you_mean(name, known)}; known: {', '.join(known)}, "
                         "or a path to a seed .yaml file")
    return data / f"{name}.yaml"


def load_seed_file(name: str, data: Path, platform: str, schema: Mapping[str, Any]) -> dict[str, Any]:
    """Read and validate a seed (one DataError with file:line on any problem); a fresh copy each call.

    Every scenario seeds two twins, so a parsed seed is kept per file state (path, mtime, size).
    """
    path = seed_path(name, data, platform)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, platform)
    if key not in _PARSED:
        loaded = load_yaml(path)
        validate(loaded, schema, what=f"{platform} seed")
        _PARSED[key] = loaded.data
    result: dict[str, Any] = copy.deepcopy(_PARSED[key])
    return result


_PARSED: dict[tuple[str, int, int, str], dict[str, Any]] = {}
