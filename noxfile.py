"""nox is the one entry point: tests, lint, typing, gate, upgrade(...), matrix, installed, ... (`nox -l` lists all).

Every session installs what it needs into its own virtual environment, so a clean machine with
Python 3.11 and `pip install nox` can run any of them. uv is used when it is on PATH.
"""

from __future__ import annotations

import os
import shutil

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
    session.log("deselected: -m 'not browser and not long' (the headless-Chromium check of the HTML reports: "
                "`nox -s browser`; minutes-long end-to-end checks: `nox -s long`)")
    # -n auto: one pytest-xdist worker per core (`nox -s tests -- -n 0` runs in one process);
    # success_codes=[0]: exit 5 (no tests) fails too
    session.run("pytest", "-n", "auto", "-m", "not browser and not long", *session.posargs, env=env)


@nox.session(python=PYTHON)
def long(session: nox.Session) -> None:
    """Minutes-long end-to-end checks (gate --drift on a connector an upgrade breaks), kept out of `tests`."""
    session.install("-e", ".[test]")
    session.run("pytest", "-m", "long", *session.posargs)


@nox.session(python=PYTHON)
def browser(session: nox.Session) -> None:
    """gate.html and matrix.html rendered in headless Chromium (Debian's /usr/bin/chromium, through playwright).

    Installs chromium with apt-get when it is missing and this runs as root; otherwise stops with
    one line saying what to install. Not part of `tests` (CI machines have no chromium by default).
    """
    if not shutil.which("chromium"):
        if not hasattr(os, "geteuid") or os.geteuid() != 0:
            session.error("the browser check needs Debian's chromium at /usr/bin/chromium: `sudo apt-get install "
                          "chromium`, then run `nox -s browser` again")
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "chromium", external=True,
                    env={"DEBIAN_FRONTEND": "noninteractive"})
    session.install("-e", ".[test,browser]")
    session.run("pytest", "-m", "browser", "tests/browser", *session.posargs)


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
    """Speed targets: contracts, twins, catalog, replay, gate, matrix, drift week. Writes bench/results/."""
    session.install("-e", ".")
    session.run("python", "bench/contracts_bench.py", *session.posargs)
    session.run("python", "bench/twins_bench.py", *session.posargs)
    session.run("python", "bench/scenarios_bench.py", *session.posargs)
    session.run("python", "bench/cassettes_bench.py", *session.posargs)
    session.run("python", "bench/gate_bench.py", *session.posargs)
    # 1k, 10k, 50k SKUs (seeding cold and cached, page, sync, rate-limit waits), then the catalog, the gate and
    # the 5 x 5 matrix --jobs 2 against issue 18's targets: a few minutes on a quiet machine
    session.run("python", "bench/merchant_bench.py", "--pipeline")
    session.run("python", "bench/real_exchanges_bench.py")
    session.run("python", "bench/drift_bench.py")  # the drift week at 1x/2x/4x of a base scale: minutes


@nox.session(python=PYTHON)
def gate(session: nox.Session) -> None:
    """The main job on the embedded default: valid contracts, then the upgrade gate.

    Without arguments it gates the newest upgrade (the second newest version of each platform to
    the newest) with the twins and the reference connector, no credentials; posargs go to
    `stockgate gate` (e.g. `nox -s gate -- --from magento@2.4.7,lightspeed@2026-04 --to ...`).
    Reports go to reports/.
    """
    session.install("-e", ".")
    session.run("stockgate", "contracts", "validate")
    session.run("stockgate", "gate", "--report-dir", "reports", *session.posargs)


# Upgrades a CI matrix gates one per job: (id, --from, --to). Ids are what `nox -s "upgrade(<id>)"` takes.
UPGRADES = [
    ("magento-2.4.7-to-2.4.8", "magento@2.4.7,lightspeed@2026-10", "magento@2.4.8,lightspeed@2026-10"),
    ("magento-2.4.8-to-2.4.9", "magento@2.4.8,lightspeed@2026-10", "magento@2.4.9,lightspeed@2026-10"),
    ("lightspeed-2026-04-to-2026-07", "magento@2.4.9,lightspeed@2026-04", "magento@2.4.9,lightspeed@2026-07"),
    ("lightspeed-2026-07-to-2026-10", "magento@2.4.9,lightspeed@2026-07", "magento@2.4.9,lightspeed@2026-10"),
]


@nox.session(python=PYTHON)
@nox.parametrize("before,after", [nox.param(b, a, id=i) for i, b, a in UPGRADES])
def upgrade(session: nox.Session, before: str, after: str) -> None:
    """The gate for one upgrade (one CI matrix job); reports in reports/<session>/."""
    session.install("-e", ".")
    folder = "reports/" + session.name.split("(", 1)[-1].rstrip(")")
    session.run("stockgate", "gate", "--from", before, "--to", after, "--report-dir", folder, *session.posargs)


@nox.session(python=PYTHON)
def matrix(session: nox.Session) -> None:
    """The compatibility matrix: the catalog on every version pair (posargs go to `stockgate matrix`)."""
    session.install("-e", ".")
    session.run("stockgate", "matrix", "--report-dir", "reports/matrix", *session.posargs)


@nox.session(python=PYTHON)
def record(session: nox.Session) -> None:
    """Record cassettes from your staging store pair: needs STOCKGATE_* URLs and credentials (never run by default).

    e.g. `nox -s record -- --magento 2.4.8 --lightspeed 2026-07 --scenario 'reservations/*'`
    """
    missing = [name for name in ("STOCKGATE_MAGENTO_URL", "STOCKGATE_LIGHTSPEED_URL", "STOCKGATE_MAGENTO_TOKEN",
                                 "STOCKGATE_LIGHTSPEED_TOKEN") if not os.environ.get(name)]
    if missing:
        session.error(f"set {', '.join(missing)} (see the README: recording your own from staging)")
    session.install("-e", ".")
    session.run("stockgate", "cassettes", "record", "--target", "staging", "--allow-writes", *session.posargs)


@nox.session(python=PYTHON)
def mutants(session: nox.Session) -> None:
    """Mutation scores: every mutant connector against the catalog, then the gate's own (indie) mutants."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "tests.mutants.score")
    # the gate's own mutants beside it: indie defect variants through `stockgate gate` (posargs: --command)
    session.run("python", "-m", "tests.connectors.indie.score", *session.posargs)


@nox.session(python=PYTHON)
def sweep(session: nox.Session) -> None:
    """Every gate between adjacent versions for the correct connectors (reference, indie python: and command:).

    The whole catalog per gate: several minutes per connector, so not part of `tests` (which keeps one
    upgrade of it). Then each defect variant an upgrade brings out, gated on every other adjacent upgrade:
    it blocks its own upgrade and no other. Exit 1 when any of these gates blocks; writes
    bench/results/gate-sweep.json. posargs go through (e.g. `-- --connector command --upgrade
    magento-2.4.6-2.4.7`, or `-- --no-correct` for the defect half only).
    """
    session.install("-e", ".[test]")
    session.run("python", "-m", "tests.mutants.sweep", "--defects", *session.posargs)


@nox.session(python=PYTHON)
def installed(session: nox.Session) -> None:
    """The outsider flow: the built wheel in a fresh venv, used from a sample connector repository in a temp folder.

    ci plan, run, gate, ci gate and pytest must pass there, and planted defects must fail (~2-3 min: a wheel
    build and two installs, so not part of `tests`). See tests/installed/outsider.py; posargs: --keep.
    """
    session.run("python", "-m", "tests.installed.outsider", *session.posargs)


@nox.session(python=PYTHON)
def soak(session: nox.Session) -> None:
    """Fault-and-SIGKILL soak: 100 cron runs of the reference connector, 30 killed (loopback; ~5 min; not in CI).

    Passes when no sale or credit memo was lost or duplicated, the stores converged and the twins'
    memory grew less than 50 MB; writes soak.json. posargs go through (e.g. `-- --iterations 20`).
    """
    session.install("-e", ".[test]")
    session.run("python", "-m", "tests.soak.soak", "--iterations", "100", "--kills", "30", *session.posargs)


