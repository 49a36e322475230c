"""A store the live commands cannot judge is a usage error (exit 2), never "conforms" or "differs".

Found by an outsider's QA run of issue 20's commands: a store answering 401 to everything, a plain
``python3 -m http.server`` (404 HTML pages), wrong credentials, a hanging or disconnecting server, a
closed port, TLS to an http port and an answer that is not JSON all ended in CONFORMS/SAME (exit 0),
DIFFERS (exit 1) or an "internal error" (exit 3). Each is one line, exit 2, naming what to check.
"""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Callable, Iterator
from typing import ClassVar

import httpx
import pytest

from tests.live.conftest import OAUTH, in_process

COMMANDS = {"verify-live": ("verify-live", "magento@2.4.8", "--rate", "50/s", "--examples", "0"),
            "twin-check": ("twin", "check", "magento@2.4.8", "--rate", "50/s"),
            "pull": ("contracts", "pull", "magento", "--as", "never")}


class _Fixed(http.server.BaseHTTPRequestHandler):
    status, media, body = 200, "application/json", b"{}"
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).seen.append(self.path)
        self.send_response(self.status)
        self.send_header("Content-Type", self.media)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def fixed() -> Iterator[Callable[[int, str, bytes], tuple[str, list[str]]]]:
    """A loopback server answering every GET with one answer: its base URL and the paths it was asked."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(status: int, media: str, body: bytes) -> tuple[str, list[str]]:
        seen: list[str] = []
        handler = type("Handler", (_Fixed,), {"status": status, "media": media, "body": body, "seen": seen})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", seen

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str, url: str,
         *extra: str, env: dict[str, str] | None = None, tmp: str = "") -> tuple[int, str]:
    argv = [*COMMANDS[command], "--target", url, *extra]
    if command == "pull":
        argv += ["--contracts-dir", tmp]
    code, out, err = in_process(monkeypatch, capsys, *argv, env=OAUTH if env is None else env)
    return code, out + err


@pytest.fixture
def contracts_copy(tmp_path_factory: pytest.TempPathFactory) -> str:
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "contracts"
    copy = tmp_path_factory.mktemp("cd") / "contracts"
    shutil.copytree(root, copy)
    return str(copy)


ANSWERS = {
    "401": (401, "application/json", b'{"message":"The consumer isn\'t authorized to access %resources."}',
            "credentials rejected (401)"),
    "http.server-404": (404, "text/html", b"<!DOCTYPE HTML><html><body><h1>Error response</h1></body></html>",
                        "answered 404 HTML"),
    "garbage": (200, "application/json", b"\x00\xff{not json", "not JSON"),
    "json-not-magento": (200, "application/json", b'{"hello":"world"}', "not a Magento store"),
    "json-with-items": (200, "application/json", b'{"hello":"world","items":[1,2,3]}', "not a Magento store"),
}


def test_a_json_server_that_is_not_lightspeed_is_exit_2(fixed: Callable[..., tuple[str, list[str]]],
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    url, seen = fixed(200, "application/json", b'{"hello":"world"}')
    code, out, err = in_process(monkeypatch, capsys, "verify-live", "lightspeed@2026-07", "--target", url, "--rate",
                                "50/s", "--examples", "0", env={"STOCKGATE_LIGHTSPEED_TOKEN": "t"})
    assert code == 2 and "not a Lightspeed store" in err and err.count("\n") == 1 and out == "", err
    assert len(seen) == 1


@pytest.mark.parametrize("command", ["verify-live", "twin-check"])
@pytest.mark.parametrize("answer", list(ANSWERS))
def test_a_store_that_cannot_be_judged_is_exit_2(fixed: Callable[..., tuple[str, list[str]]], command: str,
                                                 answer: str, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    status, media, body, says = ANSWERS[answer]
    url, seen = fixed(status, media, body)
    code, text = _run(monkeypatch, capsys, command, url)
    assert code == 2 and says in text and len(text.strip().splitlines()) == 1, text  # the error only: no plan line
    assert "CONFORMS" not in text and "SAME" not in text and "DIFFERS" not in text
    assert len(seen) == 1  # the first answer decides


@pytest.mark.parametrize("command", ["verify-live", "twin-check"])
def test_a_store_that_never_succeeds_is_exit_2(fixed: Callable[..., tuple[str, list[str]]], command: str,
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = fixed(500, "application/json", b'{"message":"Internal Error"}')
    code, text = _run(monkeypatch, capsys, command, url, "--max-requests", "20")
    assert code == 2 and "JSON success" in text and len(text.strip().splitlines()) == 1, text


@pytest.mark.parametrize("command", ["verify-live", "twin-check"])
def test_wrong_credentials_on_a_twin_are_exit_2(demo_store: str, command: str, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    for wrong in ({**OAUTH, "STOCKGATE_MAGENTO_CONSUMER_SECRET": "wrong-secret"},
                  {"STOCKGATE_MAGENTO_TOKEN": "wrong-token"}):
        code, text = _run(monkeypatch, capsys, command, demo_store, env=wrong)
        assert code == 2 and "credentials rejected (401)" in text and "STOCKGATE_MAGENTO_TOKEN" in text, text
        assert "wrong-secret" not in text and "wrong-token" not in text


@pytest.fixture
def raw_server() -> Iterator[Callable[[str], str]]:
    """A TCP server on loopback that accepts and then hangs ("hang") or closes at once ("close")."""
    sockets: list[socket.socket] = []
    stop = threading.Event()

    def start(kind: str) -> str:
        server = socket.create_server(("127.0.0.1", 0))
        sockets.append(server)

        def serve() -> None:
            held: list[socket.socket] = []
            while not stop.is_set():
                try:
                    conn, _ = server.accept()
                except OSError:
                    return
                if kind == "close":
                    conn.recv(65536)
                    conn.close()
                else:
                    held.append(conn)

        threading.Thread(target=serve, daemon=True).start()
        return f"http://127.0.0.1:{server.getsockname()[1]}"

    yield start
    stop.set()
    for server in sockets:
        server.close()


def _closed_port() -> str:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("condition", ["refused", "hang", "disconnect", "tls-to-http"])
def test_ordinary_network_conditions_are_one_line_exit_2(
        condition: str, command: str, *, raw_server: Callable[[str], str],
        fixed: Callable[..., tuple[str, list[str]]], contracts_copy: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("stockgate.live.client.TIMEOUT", 0.5)
    if condition == "refused":
        url, says = _closed_port(), "is the store up, and is the port right?"
    elif condition == "hang":
        url, says = raw_server("hang"), "no answer within 0.5 s"
    elif condition == "disconnect":
        url, says = raw_server("close"), "closed the connection without an answer"
    else:
        url, says = fixed(200, "application/json", b"{}")[0].replace("http://", "https://"), "TLS failed"
    code, text = _run(monkeypatch, capsys, command, url, tmp=contracts_copy)
    assert code == 2 and says in text, text
    assert "internal error" not in text and "Traceback" not in text
    assert "://127.0.0.1:" in text.strip().splitlines()[-1]  # names the target


def test_an_unknown_host_says_host_not_found() -> None:
    from stockgate.live.client import StoreClient
    from stockgate.target import Target

    client = StoreClient(target=Target(magento_url="http://no-such-store.invalid", lightspeed_url="",
                                       magento_token="t", lightspeed_token=""))
    line = client._unreachable(httpx.ConnectError("[Errno -2] Name or service not known"))
    assert line == "--target http://no-such-store.invalid: host not found; check the host name in --target"


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(("target", "says"), [
    ("http://user:hunter2@127.0.0.1:9", "credentials are never arguments"),
    ("http://127.0.0.1:9/?a=1", "base URL"),
    ("http://127.0.0.1:9/#x", "base URL"),
    ("http://127.0.0.1:9/rest/default/V1", "base URL"),
])
def test_a_target_that_is_not_a_base_url_is_refused_before_any_request(
        command: str, target: str, says: str, *, contracts_copy: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _run(monkeypatch, capsys, command, target, tmp=contracts_copy)
    assert code == 2 and says in text and len(text.strip().splitlines()) == 1, text
    assert "hunter2" not in text


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("code_", ["nosuch-store!", "../admin", "", "A" * 40])
def test_store_is_a_store_code(command: str, code_: str, *, fixed: Callable[..., tuple[str, list[str]]],
                               contracts_copy: str, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    url, seen = fixed(200, "application/json", b"{}")
    code, text = _run(monkeypatch, capsys, command, url, "--store", code_, tmp=contracts_copy)
    assert code == 2 and "expected a store code" in text, text
    assert seen == []


def test_twin_check_that_compared_nothing_is_exit_2(demo_store: str, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _run(monkeypatch, capsys, "twin-check", demo_store, "--store", "nosuchstore")
    assert code == 2 and "SAME" not in text, text


def test_a_run_the_budget_stopped_says_how_many_operations_were_not_reached(
        demo_store: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from stockgate.contracts import load_contract
    from stockgate.live.verify import ordered_operations

    planned = len(ordered_operations(load_contract("magento@2.4.8"), False))
    code, out, err = in_process(monkeypatch, capsys, "verify-live", "magento@2.4.8", "--target", demo_store,
                                "--rate", "50/s", "--examples", "0", "--max-requests", "3", env=OAUTH)
    assert code == 0, out + err
    assert f"3 of {planned} operation(s) checked, {planned - 3} not reached" in out, out


@pytest.mark.parametrize("command", ["verify-live", "twin-check"])
@pytest.mark.parametrize("rate", ["-2/s", "-0.5", "0/s"])
def test_a_rate_below_zero_is_refused_by_the_rate_check(command: str, rate: str, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _run(monkeypatch, capsys, command, "http://127.0.0.1:9", "--rate", rate)
    assert code == 2 and "expected more than 0" in text and len(text.strip().splitlines()) == 1, text
