"""The `command:` adapter: a clean, documented environment with every demo credential, run through the shell,
credentials scrubbed from what it prints, and a tick timeout that ends in a finding, never a hang."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import sys
import time
import tracemalloc
from pathlib import Path
from xml.etree import ElementTree

import pytest

from stockgate.adapters import BASE_VARIABLES, OUTPUT_LIMIT, ConnectorEnv, adapter_for
from stockgate.adapters.output import margin_for
from stockgate.cli import main
from stockgate.clock import VirtualClock
from stockgate.errors import UsageError
from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.runner import run_scenario
from stockgate.scenarios.world import DEMO

ROOT = Path(__file__).resolve().parents[2]
PRINT_ENV = ROOT / "tests" / "connectors" / "print_env.py"
MAPPING = ROOT / "scenarios" / "mappings" / "demo.yaml"
ONE = "per-location/sale-moves-only-its-source"
OUTSIDE = {"STOCKGATE_MAGENTO_CONSUMER_SECRET": "users-real-consumer-secret",
           "STOCKGATE_LIGHTSPEED_REGISTER_TOKEN": "users-real-register-token",
           "STOCKGATE_MAGENTO_TOKEN": "users-real-magento-token", "AWS_SECRET_ACCESS_KEY": "users-real-aws-key",
           "GITHUB_TOKEN": "users-real-github-token", "PYTHONPATH": "/somewhere/else"}
DEMO_VALUES = [*DEMO.values(), "stockgate-demo-token"]


def _env(*, oauth: bool = True) -> ConnectorEnv:
    return ConnectorEnv(mapping=MAPPING, magento_url="http://127.0.0.1:9", magento_token=DEMO["token"],
                        lightspeed_url="http://127.0.0.1:10", lightspeed_token="stockgate-demo-token",
                        lightspeed_api_version="2026-07", clock=VirtualClock(),
                        magento_oauth={k: DEMO[k] for k in ("consumer_key", "consumer_secret", "token_secret")}
                        if oauth else {})


def _tick(spec: str, env: ConnectorEnv | None = None, ticks: int = 1) -> list[object]:
    async def go() -> list[object]:
        adapter = adapter_for(spec)
        await adapter.configure(env or _env())
        try:
            return [await adapter.tick() for _ in range(ticks)]
        finally:
            await adapter.close()

    return asyncio.run(go())


@pytest.fixture
def outside_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's real credentials (and other secrets) in stockgate's own environment."""
    for name, value in OUTSIDE.items():
        monkeypatch.setenv(name, value)


@pytest.mark.usefixtures("outside_secrets")
@pytest.mark.parametrize("oauth", [True, False], ids=["oauth1-twin", "bearer-twin"])
def test_the_connector_gets_the_demo_credentials_and_nothing_from_outside(tmp_path: Path, oauth: bool) -> None:
    seen = tmp_path / "env.json"
    (result,) = _tick(f'command:"{sys.executable} {PRINT_ENV} {seen}"', _env(oauth=oauth))
    given = json.loads(seen.read_text())
    text = seen.read_text()
    assert not [value for value in OUTSIDE.values() if value in text]
    assert set(given) <= {*BASE_VARIABLES, *_env(oauth=oauth).variables(), "STOCKGATE_NOW", "STOCKGATE_SLEEP",
                          "STOCKGATE_REPORT", "STOCKGATE_STATE", "PWD", "SHLVL", "_", "OLDPWD"}
    assert given["PATH"] and given["STOCKGATE_MAGENTO_TOKEN"] == DEMO["token"]
    assert given["STOCKGATE_MAGENTO_AUTH"] == ("oauth1" if oauth else "bearer")
    oauth_given = {k: given.get(f"STOCKGATE_MAGENTO_{k.upper()}") for k in ("consumer_key", "consumer_secret",
                                                                           "token_secret")}
    assert oauth_given == ({k: DEMO[k] for k in oauth_given} if oauth else dict.fromkeys(oauth_given))
    assert result.output.startswith("exit 1\nerror: synced nothing; my credentials are <scrubbed>")  # type: ignore[attr-defined]
    assert not [value for value in DEMO_VALUES if value in result.output]  # type: ignore[attr-defined]


@pytest.mark.parametrize("spec", ['command:"exit 3"', "command:exit 3", 'command:sh -c "exit 3"',
                                  "command:'exit 3'", 'command:"echo one; exit 3"'])
def test_the_command_runs_through_the_shell(spec: str) -> None:
    (result,) = _tick(spec)
    assert (result.ok, result.output.splitlines()[0]) == (False, "exit 3")  # type: ignore[attr-defined]


@pytest.mark.parametrize("spec", ['command:""', "command:", 'command:"unbalanced'])
def test_an_empty_or_unbalanced_command_is_a_usage_error(spec: str) -> None:
    with pytest.raises(UsageError, match="--connector command:"):
        adapter_for(spec)


def test_a_hanging_command_ends_its_tick_with_a_failure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STOCKGATE_TICK_TIMEOUT", "0.5")
    pid = tmp_path / "pid"
    start = time.monotonic()
    first, second = _tick(f"command:echo started; sleep 1000 & echo $! > {pid}; wait", ticks=2)
    assert time.monotonic() - start < 10
    assert first.failure.startswith("the command did not finish within 0.5 s")  # type: ignore[attr-defined]
    assert "STOCKGATE_TICK_TIMEOUT" in first.failure and "started" in first.output  # type: ignore[attr-defined]
    assert (second.ok, second.failure) == (False, first.failure)  # type: ignore[attr-defined]
    assert not _alive(int(pid.read_text()))  # the whole process group was killed, not only the shell
    start = time.monotonic()
    (next_scenario,) = _tick(f"command:echo started; sleep 1000 & echo $! > {pid}; wait")
    assert next_scenario.failure == first.failure and time.monotonic() - start < 0.4  # type: ignore[attr-defined]


def test_the_command_reads_an_empty_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not stockgate's: here that is a pipe nobody writes to or closes, where `cat` would wait forever."""
    monkeypatch.setenv("STOCKGATE_TICK_TIMEOUT", "3")
    read, write = os.pipe()
    saved = os.dup(0)
    os.dup2(read, 0)
    try:
        (result,) = _tick("command:cat; echo read-all")
    finally:
        os.dup2(saved, 0)
        for fd in (saved, read, write):
            os.close(fd)
    assert result.output == "exit 0\nread-all"  # type: ignore[attr-defined]


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for init does not count)."""
    for _ in range(50):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        if state == "Z":
            return False
        time.sleep(0.05)
    return True


@pytest.mark.parametrize("value", ["abc", "0", "-1", "nan", "inf", "1e309"])
def test_a_bad_tick_timeout_is_one_line_exit_2(value: str, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STOCKGATE_TICK_TIMEOUT", value)
    assert main(["run", "--scenario", ONE, "--connector", "command:true"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stockgate: error: STOCKGATE_TICK_TIMEOUT") and err.count("\n") == 1


@pytest.mark.parametrize("spec", ["python:os:sep", "python:os:path", "python:tests.connectors.print_env:CREDENTIALS",
                                  "python:json:JSONDecodeError"])
def test_a_python_spec_naming_no_connector_class_is_one_line_exit_2(spec: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--scenario", ONE, "--connector", spec]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"stockgate: error: --connector {spec}") and err.count("\n") == 1


def test_a_hanging_connector_is_a_finding_of_the_scenario(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STOCKGATE_TICK_TIMEOUT", "0.3")
    scenario = next(s for s in discover() if s.id == ONE)
    start = time.monotonic()
    result = asyncio.run(run_scenario(scenario, Pair(magento="2.4.8", lightspeed="2026-07"), "command:sleep 1000"))
    assert time.monotonic() - start < 60
    hung = [f for f in result.findings if f.check == "connector" and "did not finish within 0.3 s" in f.actual]
    assert result.status == "failed" and len(hung) == 1


@pytest.mark.usefixtures("outside_secrets")
def test_credentials_a_connector_prints_never_reach_the_gate_reports(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    reports = tmp_path / "reports"
    code = main(["gate", "--from", "magento@2.4.8,lightspeed@2026-07", "--to", "magento@2.4.9,lightspeed@2026-07",
                 "--scenario", ONE, "--connector", f'command:"{sys.executable} {PRINT_ENV}"', "--jobs", "1",
                 "--report-dir", str(reports)])
    out = capsys.readouterr().out
    assert code in (0, 1), out
    written = {path.name: path.read_text() for path in reports.iterdir() if path.is_file()}
    assert {"gate.md", "gate.json", "gate.html"} <= set(written)
    assert "my credentials are &lt;scrubbed&gt;" in written["gate.html"] or "<scrubbed>" in written["gate.html"]
    assert "my credentials are <scrubbed> <scrubbed>" in written["gate.md"]  # what it said reached the report
    said = "error: synced nothing; my credentials are <scrubbed>"
    evidence = json.loads(written["gate.json"])["scenarios"][0]
    assert all(said in "\n".join(evidence[side]["connector_output"]) for side in ("from", "to"))
    junit = ElementTree.fromstring(written["junit.xml"])
    outs = [case.findtext("system-out") or "" for case in junit.iter("testcase") if ONE in case.get("name", "")]
    assert len(outs) == 2 and all(said in out for out in outs)
    assert "<summary>--to: " in written["gate.html"] and said.replace("<", "&lt;").replace(">", "&gt;") in \
        written["gate.html"]
    for name, text in [*written.items(), ("console", out)]:
        leaked = [value for value in [*DEMO_VALUES, *OUTSIDE.values()] if value in text]
        assert not leaked, f"{name}: {leaked}"


def test_a_command_printing_megabytes_keeps_a_bounded_tail() -> None:
    """8 MB on stdout and stderr: stockgate keeps the last 64 KiB, and its own memory stays small."""
    script = ("import sys\nfor n in range(8 * 1024):\n"
              "    (sys.stderr if n % 2 else sys.stdout).write('x' * 1023 + '\\n')\n"
              "sys.stdout.flush()\nprint('the last line', file=sys.stderr)")
    tracemalloc.start()
    try:
        (result,) = _tick(f"command:{sys.executable} -c {shlex.quote(script)}")
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024
    lines = result.output.splitlines()  # type: ignore[attr-defined]
    assert lines[0] == "exit 0" and lines[-1] == "the last line"
    assert lines[1].startswith("[") and "earlier bytes of output not kept: stockgate keeps the last 65,536" in lines[1]
    assert OUTPUT_LIMIT - 2048 < len(result.output.encode()) <= OUTPUT_LIMIT + 200  # type: ignore[attr-defined]


def test_the_cut_of_a_long_output_never_leaves_part_of_a_credential() -> None:
    env = _env()
    margin = margin_for(env.secret_forms())
    token = DEMO["token"]
    # the raw tail stockgate reads starts inside the token: all of it but its first character
    script = (f"import sys\nsys.stdout.write('a' * 5000 + {token!r} + "
              f"'b' * ({OUTPUT_LIMIT + margin} - {len(token) - 1}))")
    (result,) = _tick(f"command:{sys.executable} -c {shlex.quote(script)}", env)
    assert token[1:] not in result.output and token[len(token) // 2:] not in result.output  # type: ignore[attr-defined]
    assert result.output.rstrip("b").endswith("]\n")  # type: ignore[attr-defined]


def test_a_scenario_keeps_only_the_latest_64_kib_of_a_flooding_command() -> None:
    """2 MB per tick (issue 16: stockgate grew to 4.2 GB): the result holds the latest output, bounded."""
    scenario = next(s for s in discover() if s.id == ONE)
    command = "command:head -c 2000000 /dev/zero | tr '\\0' x; echo; echo done"
    result = asyncio.run(run_scenario(scenario, Pair(magento="2.4.8", lightspeed="2026-07"), command))
    kept = result.connector_output
    assert len(result.ticks) > 3 and kept[-1].endswith("\ndone")
    assert sum(len(text.encode()) for text in kept[1:]) <= OUTPUT_LIMIT
    assert kept[0].startswith("[output of earlier ticks not kept: ")
