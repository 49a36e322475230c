"""The outsider flow, repeatable: stockgate's wheel in a fresh venv, used from a connector repository elsewhere.

``python -m tests.installed.outsider`` (``nox -s installed``): builds the wheel, installs it into a new
virtual environment in a temporary folder, copies the sample connector repository beside it
(``tests/installed/sample``: ``[tool.stockgate]`` and pytest settings in its pyproject.toml, a
``python:`` connector that builds its own httpx clients and reports through ``env.report``, a test
using the plugin), installs that repository as its users would (``pip install -e .``) and runs there,
asserting each outcome: ``stockgate ci plan``, ``stockgate run``, ``stockgate gate``, ``stockgate ci
gate ID`` and ``pytest`` pass; with a planted defect (``ACME_DEFECT``) ``run`` and ``pytest`` fail,
naming the scenario file inside the installed package; without the reporting hook the gate passes and
its reports (from the wheel's templates) list ``then.reported`` as not checked. Exit 0 when every check
holds, 1 otherwise. Minutes, not seconds: not part of ``nox -s tests``. ``--keep`` leaves the folder for a look.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = Path(__file__).resolve().parent / "sample"
CONNECTOR = "python:acme_sync.connector:Connector"
FROM_TABLE = f"connector {CONNECTOR} (from pyproject.toml [tool.stockgate])"
STEP_TIMEOUT = 900


class Outsider:
    """A temporary folder holding the venv and the sample repository; each check prints ok or FAIL."""

    def __init__(self, work: Path) -> None:
        """Use ``work`` (outside the checkout)."""
        self.work = work
        self.venv = work / "venv"
        self.repo = work / "acme-connector"
        self.failures: list[str] = []

    def sh(self, *args: str, cwd: Path | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
        """Run a command with the venv first on PATH and nothing of the checkout in the environment."""
        keep = {k: v for k, v in os.environ.items()  # pip's own settings (an index, a proxy), nothing else
                if k in ("HOME", "LANG", "TMPDIR", "SSL_CERT_FILE") or k.startswith("PIP_")}
        env = {**keep, "PATH": f"{self.venv / 'bin'}{os.pathsep}/usr/bin:/bin",
               "STOCKGATE_CACHE_DIR": str(self.work / "cache"), **extra}
        return subprocess.run(args, cwd=cwd or self.repo, env=env, capture_output=True, text=True, check=False,
                              timeout=STEP_TIMEOUT)

    def check(self, label: str, done: subprocess.CompletedProcess[str], *tests: Callable[[str], bool],
              code: int = 0) -> str:
        """The step exited ``code`` and each test holds on its output; print ok or FAIL with the output's tail."""
        out = done.stdout + done.stderr
        broken = [n for n, test in enumerate(tests, start=1) if not test(out)]
        if done.returncode == code and not broken:
            print(f"ok    {label}", flush=True)
            return out
        tail = "\n".join(f"        {line}" for line in out.strip().splitlines()[-15:])
        print(f"FAIL  {label}: exit {done.returncode} (expected {code}), failed test(s) {broken}\n{tail}", flush=True)
        self.failures.append(label)
        return out

    def setup(self) -> None:
        """Wheel, venv, the repository copied and installed; a failure here stops the check."""
        steps = [("venv", [sys.executable, "-m", "venv", str(self.venv)], self.work),
                 ("wheel", [str(self.venv / "bin" / "pip"), "wheel", "-q", "--no-deps", "-w", str(self.work / "dist"),
                            str(ROOT)], self.work)]
        for label, args, cwd in steps:
            self.check(label, self.sh(*args, cwd=cwd))
        wheels = sorted((self.work / "dist").glob("stockgate-*.whl"))
        self.check("install the wheel", self.sh(str(self.venv / "bin" / "pip"), "install", "-q", *map(str, wheels),
                                                cwd=self.work), lambda _: len(wheels) == 1)
        shutil.copytree(SAMPLE, self.repo)
        self.check("pip install -e . (the connector repository)",
                   self.sh(str(self.venv / "bin" / "pip"), "install", "-q", "-e", "."))
        if self.failures:
            raise SystemExit(f"setup failed: {', '.join(self.failures)}")

    def flow(self) -> None:
        """The commands a connector repository runs, and the planted defects they must catch."""
        bin_ = self.venv / "bin"
        self.check("stockgate ci plan", self.sh(str(bin_ / "stockgate"), "ci", "plan"),
                   lambda out: f"1 upgrade gate(s) for {CONNECTOR}" in out and "magento-2.4.9:" in out)
        self.check("stockgate run", self.sh(str(bin_ / "stockgate"), "run"),
                   lambda out: out.startswith(FROM_TABLE), lambda out: "5 of 5 scenario runs passed" in out,
                   lambda out: str(ROOT) not in out)
        self.check("stockgate gate", self.sh(str(bin_ / "stockgate"), "gate", "--report-dir", "reports"),
                   lambda out: f"(connector {CONNECTOR}, from pyproject.toml [tool.stockgate])" in out,
                   lambda out: "\nPASS for magento@2.4.8-lightspeed@2026-07+integration-bearer-on -> " in out,
                   lambda _: (self.repo / "reports" / "gate.html").is_file())
        self.check("stockgate ci gate magento-2.4.9", self.sh(str(bin_ / "stockgate"), "ci", "gate", "magento-2.4.9"),
                   lambda out: "\nPASS for " in out, lambda _: (self.repo / "reports" / "magento-2.4.9").is_dir())
        self.check("pytest", self.sh(str(bin_ / "pytest"), "-q", "-p", "no:cacheprovider"),
                   lambda out: "5 passed" in out)
        self.check("planted wrong-source: stockgate run fails", self.sh(str(bin_ / "stockgate"), "run",
                                                                        ACME_DEFECT="wrong-source"),
                   lambda out: "source-truth MUG-BLK@north" in out, code=1)
        self.check("planted wrong-source: pytest fails, naming the scenario file in the installed package",
                   self.sh(str(bin_ / "pytest"), "-q", "-p", "no:cacheprovider", ACME_DEFECT="wrong-source"),
                   lambda out: "site-packages/stockgate/_data/scenarios/per-location/" in out,
                   lambda out: "stockgate connector output" in out, code=1)
        self.check("planted silent: then.reported fails for a connector that declares it reports",
                   self.sh(str(bin_ / "stockgate"), "run", "--scenario", "per-location/unmapped-outlet-reported",
                           ACME_DEFECT="silent"),
                   lambda out: "then.reported unmapped-outlet: expected reported by the connector" in out, code=1)
        self.no_hook(bin_)

    def no_hook(self, bin_: Path) -> None:
        """A connector declaring no reporting hook passes, and every report says then.reported was not checked."""
        reports = self.repo / "reports-no-hook"
        self.check("no reporting hook: stockgate gate passes and its reports say what was not checked",
                   self.sh(str(bin_ / "stockgate"), "gate", "--scenario", "per-location/unmapped-outlet-reported",
                           "--report-dir", str(reports), ACME_DEFECT="no-hook"),
                   lambda out: "\nPASS for " in out and "not checked: 1 scenario(s)" in out,
                   lambda _: "| per-location/unmapped-outlet-reported | then.reported unmapped-outlet | --from, --to |"
                   in _read(reports / "gate.md"),
                   lambda _: 'name="stockgate.unchecked"' in _read(reports / "junit.xml"),
                   lambda _: 'id="unchecked"' in _read(reports / "gate.html"),
                   lambda _: '"check": "then.reported unmapped-outlet"' in _read(reports / "gate.json"))


def _read(path: Path) -> str:
    """A report's text ("" when it was not written)."""
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def main(argv: list[str]) -> int:
    """Run the whole flow in a new temporary folder; 0 when every check holds."""
    work = Path(tempfile.mkdtemp(prefix="stockgate-outsider-"))
    assert ROOT not in work.parents, f"{work} is inside the checkout"
    started = time.monotonic()
    outsider = Outsider(work)
    try:
        outsider.setup()
        outsider.flow()
    finally:
        if "--keep" in argv:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"outsider flow: {len(outsider.failures)} failing, {time.monotonic() - started:.0f} s")
    return 1 if outsider.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
