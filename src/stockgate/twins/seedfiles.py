"""Seed files shared by both twins: a named seed from a twin's data folder, or a path; loaded strictly."""

from __future__ import annotations

import contextlib
import gc
import json
import pickle
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from stockgate import cache
from stockgate.datafile import load_yaml, read_bytes, validate
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

    Parsing YAML with line numbers and validating it costs about 1 ms per product (a 50,000-SKU seed:
    tens of seconds), so a seed is validated once: the plain data is kept in the on-disk cache under
    the sha256 of the file's bytes and the schema (:mod:`stockgate.cache`, as contracts are), and in
    memory per file state (path, mtime, size), where every scenario's two twins find it.
    """
    path = seed_path(name, data, platform)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, platform)
    with gc_paused():
        if key not in _PARSED:
            raw = read_bytes(path, what=f"{platform} seed")
            digest = cache.digest(SEED_TAG, raw, platform, json.dumps(schema, sort_keys=True))
            _PARSED[key] = pickle.dumps(cache.cached("seeds", digest, lambda: _parsed(path, schema, platform),
                                                     check=lambda value: isinstance(value, dict)),
                                        protocol=pickle.HIGHEST_PROTOCOL)
        result: dict[str, Any] = pickle.loads(_PARSED[key])  # a fresh copy, several times faster than deepcopy
    return result


def _parsed(path: Path, schema: Mapping[str, Any], platform: str) -> dict[str, Any]:
    loaded = load_yaml(path)
    validate(loaded, schema, what=f"{platform} seed")
    if not isinstance(loaded.data, dict):  # the schemas ask for an object: validate has refused anything else
        raise TypeError(f"{path}: not a mapping")
    return loaded.data


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a seed is read or loaded (it only adds objects that stay).

    Building a large twin makes hundreds of thousands of objects; the collector's full passes over
    them cost most of the time (a 10,000-SKU twin: 3.3 s with them, 0.6 s without).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


SEED_TAG = "seed-1"  # bump when what a seed parses to changes (the YAML reader's rules)
_PARSED: dict[tuple[str, int, int, str], bytes] = {}
