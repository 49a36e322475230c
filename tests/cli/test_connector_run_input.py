"""`stockgate connector run` refuses what cannot work in one line, exit 2, before any waiting (issue 14)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CMD = [sys.executable, "-m", "stockgate"]
MAPPING = str(ROOT / "scenarios" / "mappings" / "demo.yaml")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("STOCKGATE_")}
    base.update({"STOCKGATE_MAGENTO_TOKEN": "t", "STOCKGATE_LIGHTSPEED_TOKEN": "t", **env})
    return subprocess.run([*CMD, "connector", "run", "--mapping", MAPPING, "--once", *args], env=base,
                          capture_output=True, text=True, timeout=60, check=False)


def _one_line_exit_2(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_a_non_ascii_token_is_refused_naming_the_variable_not_the_value(tmp_path: Path) -> None:
    port = _free_port()
    done = _run("--magento", f"http://127.0.0.1:{port}", "--lightspeed", f"http://127.0.0.1:{port}",
                "--state", str(tmp_path / "s.sqlite"), STOCKGATE_MAGENTO_TOKEN="tökén-sécret")
    _one_line_exit_2(done, "STOCKGATE_MAGENTO_TOKEN", "ASCII")
    assert "tökén" not in done.stderr


@pytest.mark.parametrize("url", ["notaurl", "ftp://example.com", "http://"])
def test_a_base_url_that_is_no_url_is_refused(url: str, tmp_path: Path) -> None:
    done = _run("--magento", url, "--lightspeed", "http://127.0.0.1:1", "--state", str(tmp_path / "s.sqlite"))
    _one_line_exit_2(done, "--magento")


def test_a_refused_connection_is_one_line_at_once(tmp_path: Path) -> None:
    port = _free_port()
    start = time.monotonic()
    done = _run("--magento", f"http://127.0.0.1:{port}", "--lightspeed", f"http://127.0.0.1:{port}",
                "--state", str(tmp_path / "s.sqlite"))
    _one_line_exit_2(done, f"127.0.0.1:{port}")
    assert time.monotonic() - start < 30  # it retried for about 250 s before


@pytest.mark.parametrize("kind", ["folder", "not-a-database"])
def test_a_state_path_that_is_no_state_file_is_refused(kind: str, tmp_path: Path) -> None:
    state = tmp_path / "state"
    if kind == "folder":
        state.mkdir()
    else:
        state.write_text("these are my notes, not a database\n")
    port = _free_port()
    done = _run("--magento", f"http://127.0.0.1:{port}", "--lightspeed", f"http://127.0.0.1:{port}",
                "--state", str(state))
    _one_line_exit_2(done, "--state")
    if kind == "not-a-database":
        assert state.read_text() == "these are my notes, not a database\n"
