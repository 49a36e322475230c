"""nox is the one entry point: `nox -s tests`, `lint`, `typing`, `bench`, `gate`.

Every session installs what it needs into its own virtual environment, so a clean machine with
Python 3.11 and `pip install nox` can run any of them. uv is used when it is on PATH.
"""

from __future__ import annotations

import os

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = True

PYTHON = "3.11"


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The test suite (bounded: seeded, derandomized property runs). Exit 5 (no tests) fails."""
    session.install("-e", ".[test]")
    session.run("stockgate", "--version")
    env = {"HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "ci")}
    session.run("pytest", *session.posargs, env=env)  # success_codes=[0]: exit 5 (no tests) fails too


@nox.session(python=PYTHON)
def deep(session: nox.Session) -> None:
    """Deeper property-based runs (2,000 examples each, not derandomized): not part of CI."""
    session.install("-e", ".[test]")
    session.run("pytest", "tests/unit", *session.posargs, env={"HYPOTHESIS_PROFILE": "deep"})


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff, with the curated rule set in pyproject.toml."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", "src", "tests", "noxfile.py", "bench")


@nox.session(python=PYTHON)
def typing(session: nox.Session) -> None:
    """Mypy --strict over src/."""
    session.install("-e", ".[typing]")
    session.run("mypy")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Speed targets (contracts load; twin throughput in-process and on loopback). Writes bench/results/."""
    session.install("-e", ".")
    session.run("python", "bench/contracts_bench.py", *session.posargs)
    session.run("python", "bench/twins_bench.py", *session.posargs)
    session.run("python", "bench/scenarios_bench.py", *session.posargs)
    session.run("python", "bench/cassettes_bench.py", *session.posargs)


@nox.session(python=PYTHON)
def gate(session: nox.Session) -> None:
    """The main job on the embedded default: valid contracts, then the scenario catalog.

    The catalog runs on the newest supported pair with the twins and the reference connector (no
    credentials); results go to reports/.
    """
    session.install("-e", ".")
    session.run("stockgate", "contracts", "validate")
    session.run("stockgate", "run", "--report-dir", "reports", *session.posargs)


@nox.session(python=PYTHON)
def mutants(session: nox.Session) -> None:
    """Mutation score: every mutant connector against the whole catalog (a few minutes; not in CI)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "tests.mutants.score", *session.posargs)


@nox.session(python=PYTHON)
def matrix(session: nox.Session) -> None:
    """The scenario catalog on a version matrix (oldest, middle and newest of each platform)."""
    session.install("-e", ".")
    pairs = ["--magento", "2.4.5", "--magento", "2.4.7", "--magento", "2.4.9",
             "--lightspeed", "2.0", "--lightspeed", "2026-04", "--lightspeed", "2026-10"]
    session.run("stockgate", "run", *pairs, "--report-dir", "reports/matrix", *session.posargs)
