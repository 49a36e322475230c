"""``stockgate completion bash|zsh|fish``: scripts generated from the parser, working in a real bash."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stockgate.cli import main

CMD = [sys.executable, "-m", "stockgate"]


def _script(shell: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["completion", shell]) == 0
    out: str = capsys.readouterr().out
    return out


def _complete(script: Path, *words: str) -> list[str]:
    """What bash offers for the last of ``words`` after sourcing ``script`` (as the shell does on Tab)."""
    line = " ".join(words)
    probe = (f"source {script}\n"
             f"COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}\n"
             f"_shtab_stockgate stockgate '{words[-1]}' '{words[-2]}'\n"
             'printf "%s\\n" "${COMPREPLY[@]}"\n')
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", probe], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return [word.strip() for word in done.stdout.splitlines() if word.strip()]


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash on this machine")
def test_bash_completes_commands_and_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "stockgate.bash"
    script.write_text(_script("bash", capsys), encoding="utf-8")
    assert _complete(script, "stockgate", "ga") == ["gate"]
    assert sorted(_complete(script, "stockgate", "co")) == ["completion", "connector", "contracts"]
    offered = _complete(script, "stockgate", "run", "--scen")
    assert set(offered) == {"--scenario", "--scenario-dir"}  # the hidden --scenarios alias is not offered
    assert _complete(script, "stockgate", "gate", "--form") == ["--format"]
    assert _complete(script, "stockgate", "frob", "--form") == []  # the planted opposite: no such command


def test_zsh_and_fish_scripts_are_generated(capsys: pytest.CaptureFixture[str]) -> None:
    zsh = _script("zsh", capsys)
    assert zsh.startswith("#compdef stockgate") and "gate" in zsh and "--scenario-dir" in zsh
    fish = _script("fish", capsys)
    assert "complete -c stockgate" in fish and "gate" in fish and "scenario-dir" in fish


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "tcsh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stockgate completion: error: argument SHELL: invalid choice: 'tcsh'") and \
        err.count("\n") == 1


def test_the_console_script_prints_it(tmp_path: Path) -> None:
    done = subprocess.run([*CMD, "completion", "bash"], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and "complete -o bashdefault -F _shtab_stockgate stockgate" in done.stdout
