"""Malformed contracts, caches, cassettes, scenarios and twin options, as the CLI meets them (issue 14, bad input).

One row per input the sweep found wrong: each runs the real CLI (a child process, or ``main`` in-process where
a read error has to be simulated: the suite runs as root, which reads any file) and expects one line on
stderr naming the file or option, exit 2, never a traceback. Two kinds of rows expect something else: the
on-disk cache only ever saves time (a bad entry is rebuilt, the command succeeds), and an HTML answer where
the contract promises JSON is a finding of ``cassettes verify`` (exit 1), not a usage error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from stockgate.cli import main

ROOT = Path(__file__).resolve().parents[2]
CMD = [sys.executable, "-m", "stockgate"]
LS20 = "lightspeed/2.0/openapi.json"
BIG = "9" * 100_000
DANGLING = "#/components/schemas/NoSuchThing"
SCENARIO = """scenario_format: 1
id: area/bad
title: a scenario with one malformed value
areas: [x]
{extra}when:
  - {step}
  - advance: {{seconds: 1}}
then: {{}}
"""
FAULT = "fault: {{platform: lightspeed, kind: {kind}, path: /inventory{more}}}"
PROVENANCE = ("{platform: lightspeed, version: '2026-07', profile: default, pair: magento@2.4.8-lightspeed@2026-07, "
              "scenario: x/y, scenario_sha256: '', recorded_from: twin, recorded_at: '2026-12-01T00:00:00+00:00', "
              "stockgate_version: '0', connector: reference}")
CASSETTE = """version: {version}
provenance: {provenance}
interactions:
- request: {{method: GET, uri: 'https://x.test/api/2026-07/outlets', body: '', headers: {{}}}}
  response:
    status: {{code: 200, message: OK}}
    headers: {{content-type: [{content_type}]}}
    body: {{string: '{body}'}}
"""


@dataclass(frozen=True)
class Case:
    """A command (``{c}``: a private copy of the contracts, ``{t}``: the test's folder) after ``plant`` ran."""

    argv: tuple[str, ...]
    words: tuple[str, ...]  # each must be in the one stderr line (code 2) or in stdout (code 1)
    plant: Callable[[Path], None] = lambda _t: None
    env: dict[str, str] = field(default_factory=dict)
    code: int = 2
    unreadable: str | None = None  # in-process: reading this file (under {c}) raises PermissionError
    timeout: float = 120
    prefix: str = "stockgate: error: "  # contracts validate reports its findings as ``error: where: message``


def _edit(path: Path, change: Callable[[bytes], bytes]) -> None:
    path.write_bytes(change(path.read_bytes()))


def _repin(t: Path, relative: str = LS20) -> None:
    """Keep index.toml's sha256 true to an edited vendored file (the edit, not the hash, is under test)."""
    index = t / "c" / "index.toml"
    sha = hashlib.sha256((t / "c" / relative).read_bytes()).hexdigest()
    text = index.read_text(encoding="utf-8")
    at = text.index(f'document = "{relative}"')
    start = text.index('sha256 = "', at)
    index.write_text(text[:start] + f'sha256 = "{sha}"' + text[start + len('sha256 = "') + 65:], encoding="utf-8")


def _document(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def plant(t: Path) -> None:
        _edit(t / "c" / LS20, change)
        _repin(t)
    return plant


def _index(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    return lambda t: _edit(t / "c" / "index.toml", change)


def _document_is_a_folder(t: Path) -> None:
    _edit(t / "c" / "index.toml", lambda b: b.replace(f'document = "{LS20}"'.encode(), b'document = "lightspeed/2.0"'))


def _dangling(raw: bytes) -> bytes:
    return raw.replace(b'"#/components/schemas/BrandCollection"', f'"{DANGLING}"'.encode(), 1)


def _write(relative: str, text: str) -> Callable[[Path], None]:
    def plant(t: Path) -> None:
        (t / relative).parent.mkdir(parents=True, exist_ok=True)
        (t / relative).write_text(text, encoding="utf-8")
    return plant


def _scenario(step: str, extra: str = "") -> Callable[[Path], None]:
    return _write("cat/area/bad.yaml", SCENARIO.format(step=step, extra=extra))


def _cassette(version: object = 1, provenance: str = PROVENANCE, content_type: str = "application/json",
              body: str = '{"data": []}') -> Callable[[Path], None]:
    return _write("c.yaml", CASSETTE.format(version=version, provenance=provenance, content_type=content_type,
                                            body=body))


SHOW = ("contracts", "show", "lightspeed@2.0", "--contracts-dir", "{c}")
LIST = ("contracts", "list", "--contracts-dir", "{c}")
RUN = ("run", "--scenarios", "{t}/cat")
SERVE = ("twin", "serve", "lightspeed@2026-07", "--port", "0")
HTML = "<html><body>Service Unavailable</body></html>"

CASES = [
    pytest.param(Case(SHOW, ("openapi.json:1", "UTF-8"), _document(lambda b: b.replace(b"{", b'{"x": "caf\xe9",', 1))),
                 id="document-latin-1"),
    pytest.param(Case(SHOW, ("openapi.json:1", "UTF-8"), _document(lambda b: b"\x7fELF\x02\x01\x01\x00\xd0\xff" + b)),
                 id="document-binary"),
    pytest.param(Case(LIST, ("index.toml:1", "UTF-8"), _index(lambda b: b"# caf\xe9\n" + b)), id="index-latin-1"),
    pytest.param(Case(LIST, ("index.toml:1", "UTF-8"), _index(lambda b: b"\x00\xd0\xff\xfe" + b)), id="index-binary"),
    pytest.param(Case(LIST, ("index.toml", "cannot read", "Permission denied"), unreadable="index.toml"),
                 id="index-unreadable"),
    pytest.param(Case(SHOW, ("openapi.json", "cannot read", "Permission denied"), unreadable=LS20),
                 id="document-unreadable"),
    pytest.param(Case(SHOW, ("openapi.json:1", "100000 digits"),
                      _document(lambda b: b.replace(b"{", b'{"x": ' + BIG.encode() + b",", 1))),
                 id="document-100000-digit-integer"),
    pytest.param(Case(LIST, ("index.toml:1", "100000 digits"), _index(lambda b: f"x = {BIG}\n".encode() + b)),
                 id="index-100000-digit-integer"),
    pytest.param(Case(("contracts", "list", "--contracts-dir", "{c}/index.toml"), ("index.toml", "not a folder")),
                 id="contracts-dir-names-a-file"),
    pytest.param(Case(("contracts", "list"), ("STOCKGATE_CONTRACTS_DIR", "not a folder"),
                      env={"STOCKGATE_CONTRACTS_DIR": "{c}/index.toml"}), id="contracts-dir-env-names-a-file"),
    pytest.param(Case(SHOW, ("lightspeed/2.0", "a folder", "index.toml"), _document_is_a_folder),
                 id="document-path-is-a-folder"),
    pytest.param(Case((*SHOW, "--operation", "GET /brands"), ("openapi.json", DANGLING, "points at nothing"),
                      _document(_dangling)), id="show-operation-dangling-ref"),
    pytest.param(Case(("contracts", "validate", "--contracts-dir", "{c}", f"{{c}}/{LS20}"),
                      ("openapi.json", DANGLING, "points at nothing"), _document(_dangling),
                      prefix="error: "), id="validate-dangling-ref-is-short"),
    pytest.param(Case(RUN, ("bad.yaml:5", "applies_to.magento", ">>>garbage<<<"),
                      _scenario("advance: {seconds: 1}", "applies_to: {magento: '>>>garbage<<<'}\n")),
                 id="scenario-applies-to-garbage"),
    pytest.param(Case(("cassettes", "lint", "{t}/c.yaml"), ("c.yaml:1", "version", "7"), _cassette(version=7)),
                 id="cassette-unknown-version"),
    pytest.param(Case(("cassettes", "verify", "{t}/c.yaml"), ("c.yaml:2", "provenance", "a mapping"),
                      _cassette(provenance="42")), id="cassette-provenance-42"),
    pytest.param(Case(("cassettes", "verify", "{t}/c.yaml"), ("c.yaml: interaction 0", "GET /outlets", "not JSON"),
                      _cassette(content_type="text/html", body=HTML), code=1), id="verify-html-body-is-a-finding"),
    pytest.param(Case((*SERVE, "--fault", "http-429@/api/*,retry_after=abc"), ("--fault", "retry_after", "'abc'"),
                      timeout=30), id="serve-fault-retry-after-abc"),
    pytest.param(Case((*SERVE, "--fault", "http-429@/api/*,times=-1"), ("--fault", "times", "-1"), timeout=30),
                 id="serve-fault-times-negative"),
    pytest.param(Case((*SERVE, "--fault", "latency@/api/*,seconds=1e309"), ("--fault", "seconds", "1e309"),
                      timeout=30), id="serve-fault-seconds-1e309"),
    pytest.param(Case((*SERVE, "--fault", "http-5xx@/api/*,method=YEET"), ("--fault", "method", "YEET", "GET"),
                      timeout=30), id="serve-fault-method-yeet"),
    pytest.param(Case((*SERVE, "--fault", "http-429@/api/*,retry_after_format=carrier-pigeon"),
                      ("--fault", "retry_after_format", "carrier-pigeon", "http-date"), timeout=30),
                 id="serve-fault-retry-after-format-carrier-pigeon"),
    pytest.param(Case(RUN, ("bad.yaml:6", "retry_after", "'abc'"),
                      _scenario(FAULT.format(kind="http-429", more=", params: {retry_after: abc}"))),
                 id="scenario-fault-retry-after-abc"),
    pytest.param(Case(RUN, ("bad.yaml:6", "seconds", "1e309"),
                      _scenario(FAULT.format(kind="latency", more=", params: {seconds: '1e309'}"))),
                 id="scenario-fault-seconds-1e309"),
    pytest.param(Case(RUN, ("bad.yaml:6", "method", "YEET"),
                      _scenario(FAULT.format(kind="http-5xx", more=", method: YEET"))),
                 id="scenario-fault-method-yeet"),
    pytest.param(Case(RUN, ("bad.yaml:6", "retry_after_format", "carrier-pigeon"),
                      _scenario(FAULT.format(kind="http-429", more=", params: {retry_after_format: carrier-pigeon}"))),
                 id="scenario-fault-retry-after-format-carrier-pigeon"),
    pytest.param(Case((*SERVE, "--as-of", "1999-01-01"), ("--as-of 1999-01-01", "before", "lightspeed@2.0"),
                      timeout=30), id="serve-as-of-before-every-version"),
]


def _format(text: str, t: Path) -> str:
    return text.format(c=t / "c", t=t)


def _run(case: Case, t: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[
        int, str, str]:
    argv = [_format(a, t) for a in case.argv]
    env = {k: _format(v, t) for k, v in case.env.items()}
    if case.unreadable is None:
        try:
            done = subprocess.run([*CMD, *argv], check=False, capture_output=True, text=True, cwd=t,
                                  env={**os.environ, **env}, timeout=case.timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"no answer within {case.timeout} s: the input was accepted (the command went on to work)")
        return done.returncode, done.stdout, done.stderr
    _unreadable(monkeypatch, t / "c" / case.unreadable)
    monkeypatch.chdir(t)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _unreadable(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """Reading ``target`` fails as it does for a chmod 000 file (root reads those: simulate it)."""
    for name in ("read_bytes", "read_text", "open"):
        original = getattr(Path, name)

        def refuse(self: Path, *args: object, _original: Callable[..., object] = original, **kwargs: object) -> object:
            if self.resolve() == target.resolve():
                raise PermissionError(13, "Permission denied", str(self))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Path, name, refuse)


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str], case: Case) -> None:
    shutil.copytree(ROOT / "contracts", tmp_path / "c")
    case.plant(tmp_path)
    code, out, err = _run(case, tmp_path, monkeypatch, capsys)
    assert "Traceback" not in err and "internal error" not in err, err[-2000:]
    assert code == case.code, (out[-1000:], err[-2000:])
    if case.code == 1:  # a finding: reported on stdout, naming the interaction
        assert not err.strip(), err
        finding = next((line for line in out.splitlines() if "interaction" in line), "")
        assert all(word in finding for word in case.words), out
        return
    (line,) = err.strip().splitlines()
    assert line.startswith(case.prefix) and len(line) < 600, line[:2000]
    assert all(word in line for word in case.words), line


# the cache only ever saves time: a bad entry is dropped and rebuilt, never an error (and never run)

def _code_in_a_pickle(marker: Path) -> bytes:
    return b"cos\nmkdir\n(V" + str(marker).encode() + b"\ntR."


CACHE_ENTRIES = {
    "cache-garbage": lambda _m: b"\x80\x09not a pickle at all",
    "cache-wrong-type": lambda _m: pickle.dumps(42),
    "cache-wrong-shape": lambda _m: pickle.dumps([("only one",)]),
    "cache-runs-no-code": _code_in_a_pickle,
}


@pytest.mark.parametrize("entry", list(CACHE_ENTRIES))
def test_a_bad_cache_entry_is_rebuilt(tmp_path: Path, entry: str) -> None:
    shutil.copytree(ROOT / "contracts", tmp_path / "c")
    env = {**os.environ, "STOCKGATE_CACHE_DIR": str(tmp_path / "cache")}
    argv = [*CMD, "contracts", "validate", "--contracts-dir", str(tmp_path / "c"), str(tmp_path / "c" / LS20)]
    first = subprocess.run(argv, check=False, capture_output=True, text=True, env=env, timeout=180)
    assert first.returncode == 0, first.stderr
    entries = sorted((tmp_path / "cache").rglob("*.pickle"))
    assert {p.parent.name for p in entries} >= {"documents", "index-valid", "spec-violations"}
    marker = tmp_path / "ran"
    for path in entries:
        path.write_bytes(CACHE_ENTRIES[entry](marker))
    again = subprocess.run(argv, check=False, capture_output=True, text=True, env=env, timeout=180)
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, first.stderr)
    assert not marker.exists(), "a cache entry ran code"
    assert all(p.read_bytes() != CACHE_ENTRIES[entry](marker) for p in entries), "not rebuilt"


def test_serving_beyond_loopback_warns_in_one_line(tmp_path: Path) -> None:
    proc = subprocess.Popen([*CMD, *SERVE, "--host", "0.0.0.0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=tmp_path)
    try:
        assert proc.stdout is not None and proc.stdout.readline().startswith("READY http://0.0.0.0:")
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "0.0.0.0" in warnings[0] and "loopback" in warnings[0], err
    assert "demo credentials" in warnings[0] and "Traceback" not in err
