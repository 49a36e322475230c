"""Hostile YAML in every file a user hands stockgate: one line naming file and line, exit 2 (issue 14, 11-12).

Each case runs the real CLI in a child process with its address space capped, so a regression (an alias
bomb expanded again) ends as a failed test, not as a machine out of memory.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CMD = [sys.executable, "-m", "stockgate"]
MEMORY_CAP = 2 * 1024**3  # bytes of address space; the bombs below want hundreds of gigabytes

# 9 levels of 9 aliases: 387 million values from 600 bytes; the budget runs out on the fifth line (l3)
BOMB = "lol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"l{n}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n"
    for n, (a, b) in enumerate(zip("abcdefgh", "bcdefghi", strict=True)))
PYTHON_TAG = "oops: !!python/name:os.system\n"
SCENARIO_HEAD = "scenario_format: 1\nid: area/hostile\ntitle: a hostile scenario file\nareas: [x]\n"
CASSETTE_HEAD = "version: 1\ninteractions: []\n"


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _stockgate(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CMD, *argv], check=False, capture_output=True, text=True, timeout=180, cwd=cwd,
                          preexec_fn=_capped)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _assert_one_line(done: subprocess.CompletedProcess[str], shown: str, line: int) -> None:
    assert done.returncode == 2, done.stderr[-2000:]
    (message,) = done.stderr.strip().splitlines()
    assert message.startswith("stockgate: error: ") and f"{shown}:{line}: " in message, message
    assert "internal error" not in message and "Traceback" not in done.stderr


def _diff(*extra: str) -> list[str]:
    return ["diff", "lightspeed@2026-01", "lightspeed@2026-04", *extra]


CASES = {  # name: (file to write, its text, the command reading it, the line named)
    "scenario-bomb": ("cat/area/hostile.yaml", SCENARIO_HEAD + BOMB, ["run", "--scenarios", "{dir}/cat"], 9),
    "scenario-python-tag": ("cat/area/hostile.yaml", SCENARIO_HEAD + PYTHON_TAG, ["run", "--scenarios", "{dir}/cat"],
                            5),
    "cassette-bomb-lint": ("c.yaml", CASSETTE_HEAD + BOMB, ["cassettes", "lint", "{file}"], 7),
    "cassette-bomb-verify": ("c.yaml", CASSETTE_HEAD + BOMB, ["cassettes", "verify", "{file}"], 7),
    "cassette-python-tag": ("c.yaml", CASSETTE_HEAD + PYTHON_TAG, ["cassettes", "lint", "{file}"], 3),
    "mapping-bomb": ("m.yaml", BOMB, ["connector", "run", "--once", "--mapping", "{file}", "--magento",
                                      "http://127.0.0.1:9", "--lightspeed", "http://127.0.0.1:9", "--state",
                                      "{dir}/state.sqlite"], 5),
    "accepted-bomb": ("accepted.yaml", BOMB, _diff("--accepted", "{file}"), 5),
    "surface-python-tag": ("surface.yaml", PYTHON_TAG, _diff("--consumer", "{file}"), 1),
    "seed-bomb": ("seed.yaml", BOMB, ["twin", "serve", "magento@2.4.8", "--port", "0", "--seed", "{file}"], 5),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_yaml_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    relative, text, argv, line = CASES[case]
    path = _write(tmp_path / relative, text)
    done = _stockgate(*(a.format(dir=tmp_path, file=path) for a in argv), cwd=tmp_path)
    _assert_one_line(done, relative, line)


@pytest.mark.parametrize("relative", ["magento/2.4.8/profile.yaml", "lightspeed/2026-10/overlay.yaml"],
                         ids=["profile", "overlay"])
def test_a_bomb_in_a_profile_or_overlay_is_refused(tmp_path: Path, relative: str) -> None:
    contracts = tmp_path / "contracts"
    shutil.copytree(ROOT / "contracts", contracts)
    original = (contracts / relative).read_text(encoding="utf-8")
    _write(contracts / relative, BOMB + original)
    platform, version, _ = relative.split("/")
    done = _stockgate("contracts", "show", f"{platform}@{version}", "--profile", "--contracts-dir", str(contracts),
                      cwd=tmp_path)
    _assert_one_line(done, f"contracts/{relative}", 5)
