"""`stockgate contracts pull`: a served twin's own schema becomes magento@NAME, usable by diff and the index.

The store is `stockgate twin serve` in another process with a seed whose (pretend) loyalty module adds
a product extension attribute; the CLI runs in another process with credentials from the environment.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from stockgate.contracts import load_contract, load_index
from stockgate.contracts.refs import VersionRef
from tests.live.conftest import OAUTH, in_process, lightspeed_document, stockgate

ROOT = Path(__file__).resolve().parents[2]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_pull_stores_the_stores_schema_as_a_first_class_contract(
        store: Callable[..., str], extended_seed: Path, contracts: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    url = store("magento@2.4.8", "--seed", str(extended_seed))
    before = _snapshot(contracts)
    done = stockgate("contracts", "pull", "magento", "--target", url, "--as", "my-staging",
                     "--contracts-dir", str(contracts), env=OAUTH)
    assert done.returncode == 0, done.stderr
    assert "pulled magento@my-staging from staging:" in done.stdout and "nearest magento@2.4.8" in done.stdout
    index = load_index(contracts)
    entry = index.get(VersionRef.parse("magento@my-staging"))
    assert (entry.status.value, str(entry.extends)) == ("pulled", "magento@2.4.8")
    assert entry.pulled_from.startswith("staging:") and entry.retrieved_at.endswith("Z")
    pulled = load_contract("magento@my-staging", contracts)
    vanilla = load_contract("magento@2.4.8", contracts)
    assert set(pulled.operations) == set(vanilla.operations)  # the demo integration holds every resource
    ext = pulled.document["definitions"]["catalog-data-product-extension-interface"]["properties"]
    assert ext["loyalty_points_rate"] == {"type": "number"}
    profile = pulled.profile()
    assert profile.facts.keys() == vanilla.profile().facts.keys()
    assert all(f.note.startswith("assumed, confirm on this store (stated for magento@2.4.8")
               for f in profile.facts.values())
    assert profile.value("input_limits.enabled") == vanilla.profile().value("input_limits.enabled")
    assert pulled.profile("input-limits-on").value("input_limits.enabled") is True  # named configurations apply
    # a fact confirmed on the store is stated in the pulled profile, with its own basis, and is not marked
    own = contracts / "magento" / "my-staging" / "profile.yaml"
    own.write_text(own.read_text().replace("facts: {}", "facts:\n  input_limits.enabled: {value: true, basis: "
                                           "recorded, source: \"our staging store, admin configuration\"}"))
    confirmed = load_contract("magento@my-staging", contracts).profile().facts["input_limits.enabled"]
    assert (confirmed.value, confirmed.basis, confirmed.note) == (True, "recorded", "")
    checked = stockgate("contracts", "validate", "--contracts-dir", str(contracts))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    listed = stockgate("contracts", "list", "--contracts-dir", str(contracts), "--format", "json")
    assert {"ref": "magento@my-staging", "status": "pulled"}.items() <= next(
        c for c in json.loads(listed.stdout)["contracts"] if c["ref"] == "magento@my-staging").items()
    _, shown, _ = in_process(monkeypatch, capsys, "contracts", "show", "magento@my-staging", "--contracts-dir",
                             str(contracts))
    assert f"status: pulled (pulled from {entry.pulled_from} at {entry.retrieved_at}" in shown
    _, listed_text, _ = in_process(monkeypatch, capsys, "contracts", "list", "--contracts-dir", str(contracts))
    assert "magento@my-staging (nearest magento@2.4.8)" in listed_text
    # hosts and credentials never reach a file (planted: the served host and port, every credential value)
    after = _snapshot(contracts)
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    assert set(changed) == {"index.toml", "magento/my-staging/openapi.json", "magento/my-staging/profile.yaml"}
    host = url.split("//")[1]
    for name, data in changed.items():
        for planted in (host, host.split(":")[0], *OAUTH.values()):
            assert planted.encode() not in data, f"{planted} in {name}"


def test_diff_shows_what_the_stores_modules_changed(store: Callable[..., str], extended_seed: Path,
                                                    contracts: Path) -> None:
    url = store("magento@2.4.8", "--seed", str(extended_seed))
    assert stockgate("contracts", "pull", "magento", "--target", url, "--as", "my-staging", "--contracts-dir",
                     str(contracts), env=OAUTH).returncode == 0
    done = stockgate("diff", "magento@2.4.8", "magento@my-staging", "--contracts-dir", str(contracts),
                     "--format", "json", "--all")
    assert done.returncode == 0, done.stderr
    fields = {(c["operation"], c.get("field") or "") for c in json.loads(done.stdout)["changes"]}
    assert ("GET /V1/products/{sku}", "extension_attributes.loyalty_points_rate") in fields
    assert ("GET /V1/products", "items[].extension_attributes.loyalty_points_rate") in fields
    extension = {c["operation"]: c for c in json.loads(done.stdout)["changes"] if c["extension"]}
    assert extension["GET /V1/products"]["why"] and extension["GET /V1/products"]["on_surface"]
    assert not extension["GET /V1/products/{sku}"]["on_surface"]  # the reference connector does not call it
    shown = stockgate("diff", "magento@2.4.8", "magento@my-staging", "--contracts-dir", str(contracts))
    assert shown.returncode == 0, shown.stderr  # without --all: the store's extension fields on the connector's surface
    assert "5 on operations the connector calls, 6 more on operations it does not call" in shown.stdout, shown.stdout
    assert "info change(s) not shown" not in shown.stdout  # all 11 are extension changes (the gate's note says 11)
    line = next(x for x in shown.stdout.splitlines() if "GET /V1/products items[].extension_attributes." in x)
    assert "loyalty_points_rate" in line and "(the connector calls it" in line, line
    assert "POST /V1/sharedCatalog" not in shown.stdout  # not on the connector's surface: counted, not listed
    md = stockgate("diff", "magento@2.4.8", "magento@my-staging", "--contracts-dir", str(contracts), "--format", "md")
    assert "### Extension changes" in md.stdout and "loyalty_points_rate" in md.stdout, md.stdout
    plain = stockgate("contracts", "pull", "magento", "--target", url, "--as", "plain", "--contracts-dir",
                      str(contracts), "--extends", "2.4.8", env=OAUTH)
    assert plain.returncode == 0, plain.stderr


class _Answer(http.server.BaseHTTPRequestHandler):
    status, media, body = 200, "application/json", b"{}"
    seen: ClassVar[list[str]] = []

    anonymous: bytes | None = None  # the answer to a request without credentials (None: the same answer)

    def do_GET(self) -> None:
        type(self).seen.append(self.path)
        body = self.body if isinstance(self.body, bytes) else self.body(self.headers["Host"])
        if self.anonymous is not None and "Authorization" not in self.headers:
            body = self.anonymous
        self.send_response(self.status)
        self.send_header("Content-Type", self.media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


Answering = Callable[..., tuple[str, list[str]]]


@pytest.fixture
def answering() -> Iterator[Answering]:
    """A loopback server answering every GET with one fixed answer (a WAF page, a 401, a non-schema).

    Returns its base URL and the list of paths it was asked for.
    """
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(status: int, media: str, body: bytes | Callable[[str], bytes],
              anonymous: bytes | None = None) -> tuple[str, list[str]]:
        seen: list[str] = []
        answer = body if isinstance(body, bytes) else staticmethod(body)  # body(host) -> bytes: per request
        handler = type("Handler", (_Answer,), {"status": status, "media": media, "body": answer, "seen": seen,
                                               "anonymous": anonymous})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", seen

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("case", [
    (200, "text/html", b"<html><body>We'll be back soon</body></html>", "HTML page"),
    (503, "text/html", b"<html>maintenance</html>", "HTML page"),
    (401, "application/json", b'{"message":"The consumer isn\'t authorized to access %resources."}', "answered 401"),
    (403, "application/json", b'{"message":"Forbidden"}', "answered 403"),
    (200, "application/json", b'{"openapi":"3.0.1","paths":{"/x":{"get":{}}}}', "not a Swagger 2.0 document"),
    (200, "application/json", b'{"swagger":"2.0","paths":{}}', "lists no operations"),
    (200, "application/json", b"[1, 2]", "not a schema object"),
    (200, "application/json", b"not json", "not JSON"),
    (302, "application/json", b"{}", "answered 302"),
], ids=["waf-html", "maintenance", "401", "403", "openapi-3", "no-operations", "array", "not-json", "redirect"])
def test_a_bad_answer_is_one_line_exit_2_and_nothing_written(
        answering: Answering, contracts: Path, case: tuple[int, str, bytes, str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    status, media, body, says = case
    url, seen = answering(status, media, body)
    before = _snapshot(contracts)
    code, out, err = in_process(monkeypatch, capsys, "contracts", "pull", "magento", "--target", url, "--as", "bad",
                                "--contracts-dir", str(contracts), env={"STOCKGATE_MAGENTO_TOKEN": "planted-token"})
    assert code == 2, out + err
    assert says in err and len(err.strip().splitlines()) == 1, err
    assert "planted-token" not in err + out
    assert _snapshot(contracts) == before
    assert seen and all(p.startswith("/rest/default/") for p in seen)  # the named store, nothing else


def test_no_credentials_and_a_taken_name_are_refused_before_any_request(
        answering: Answering, contracts: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    url, seen = answering(200, "application/json", b"{}")
    before = _snapshot(contracts)
    code, _, err = in_process(monkeypatch, capsys, "contracts", "pull", "magento", "--target", url,
                              "--contracts-dir", str(contracts))
    assert code == 2 and "set STOCKGATE_MAGENTO_TOKEN" in err
    code, _, err = in_process(monkeypatch, capsys, "contracts", "pull", "magento", "--target", url, "--as", "2.4.8",
                              "--contracts-dir", str(contracts), env=OAUTH)
    assert code == 2 and "magento@2.4.8 already exists" in err
    assert _snapshot(contracts) == before
    assert seen == []  # neither reached the store


def test_lightspeed_vendors_a_downloaded_document(contracts: Path, tmp_path: Path) -> None:
    downloaded = tmp_path / "api-2027-01.json"
    downloaded.write_bytes(lightspeed_document("2027-01"))
    done = stockgate("contracts", "pull", "lightspeed", "--file", str(downloaded), "--as", "2027-01",
                     "--contracts-dir", str(contracts))
    assert done.returncode == 0, done.stderr
    entry = load_index(contracts).get(VersionRef.parse("lightspeed@2027-01"))
    assert (entry.pulled_from, str(entry.extends)) == ("file", "lightspeed@2026-07")  # its info.version
    assert (contracts / "lightspeed" / "2027-01" / "openapi.json").read_bytes() == downloaded.read_bytes()
    assert stockgate("contracts", "validate", "--contracts-dir", str(contracts)).returncode == 0
    not_openapi = tmp_path / "notes.json"
    not_openapi.write_text('{"title": "release notes"}')
    refused = stockgate("contracts", "pull", "lightspeed", "--file", str(not_openapi), "--as", "2027-04",
                        "--contracts-dir", str(contracts))
    assert refused.returncode == 2 and "not an OpenAPI document" in refused.stderr
    assert not (contracts / "lightspeed" / "2027-04").exists()


def test_a_served_async_schema_is_stored_beside_scrubbed(answering: Answering, contracts: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """The loopback server answers both schema requests with a small Swagger document naming its own host."""
    document = {"swagger": "2.0", "info": {"version": "2.4.8-p2"}, "host": "HOST", "basePath": "/rest/default",
                "paths": {"/V1/inventory/sources": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    guest = {"swagger": "2.0", "info": {"version": "2.4.8-p2"}, "paths": {"/V1/guest-carts": {"post": {}}}}
    url, seen = answering(200, "application/json", lambda host: json.dumps(document).replace("HOST", host).encode(),
                          json.dumps(guest).encode())
    host = url.split("//")[1]
    code, out, err = in_process(monkeypatch, capsys, "contracts", "pull", "magento", "--target", url, "--as",
                                "tiny", "--contracts-dir", str(contracts), env=OAUTH)
    assert code == 0, err
    assert "nearest magento@2.4.8" in out  # 2.4.8-p2 extends 2.4.8
    assert seen == ["/rest/default/schema?services=all", "/rest/default/schema?services=all",  # and as a guest
                    "/rest/default/async/schema"]
    for name in ("async-openapi.json", "openapi.json"):
        stored = (contracts / "magento" / "tiny" / name).read_text()
        assert host not in stored and '"host": "staging-' in stored  # the answer named the host: scrubbed


@pytest.mark.parametrize(("wrong", "says"), [
    ({"STOCKGATE_MAGENTO_TOKEN": "wrong-token"}, "lists only the 33 operation(s) a guest sees"),
    ({**OAUTH, "STOCKGATE_MAGENTO_CONSUMER_SECRET": "wrong-secret"}, "answered 401"),  # a bad signature: 401
], ids=["bearer-token", "oauth-consumer-secret"])
def test_credentials_the_store_does_not_accept_are_refused_not_pulled_as_the_guest_schema(
        demo_store: str, contracts: Path, *, wrong: dict[str, str], says: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong token gets Magento's guest schema (33 operations on the twin, 594 with the demo integration)."""
    before = _snapshot(contracts)
    code, out, err = in_process(monkeypatch, capsys, "contracts", "pull", "magento", "--target", demo_store, "--as",
                                "guest", "--contracts-dir", str(contracts), env=wrong)
    assert code == 2, out + err
    assert says in err and "STOCKGATE_MAGENTO_TOKEN" in err
    assert len(err.strip().splitlines()) == 1 and "wrong-" not in err
    assert _snapshot(contracts) == before


def _pull_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], contracts: Path, file: str,
               name: str) -> tuple[int, str]:
    code, out, err = in_process(monkeypatch, capsys, "contracts", "pull", "lightspeed", "--file", file, "--as", name,
                                "--contracts-dir", str(contracts))
    return code, out + err


@pytest.mark.parametrize(("name", "says"), [
    ("", "--as '': expected lowercase letters"),
    ("a" * 300, "at most 64 characters"),
])
def test_an_empty_or_overlong_name_is_one_line_exit_2(contracts: Path, name: str, says: str, *,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = _snapshot(contracts)
    document = ROOT / "contracts" / "lightspeed" / "2026-07" / "openapi.json"
    code, text = _pull_file(monkeypatch, capsys, contracts, str(document), name)
    assert code == 2 and says in text and len(text.strip().splitlines()) == 1, text
    assert _snapshot(contracts) == before


def test_an_empty_name_on_magento_is_refused_not_defaulted(answering: Answering, contracts: Path,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    url, seen = answering(200, "application/json", b"{}")
    code, _, err = in_process(monkeypatch, capsys, "contracts", "pull", "magento", "--target", url, "--as", "",
                              "--contracts-dir", str(contracts), env=OAUTH)
    assert code == 2 and "--as ''" in err and seen == []


@pytest.mark.parametrize("kind", ["missing", "folder", "device"])
def test_a_file_that_is_not_a_document_says_check_file(contracts: Path, tmp_path: Path, kind: str,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    file = {"missing": str(tmp_path / "nope.json"), "folder": str(tmp_path), "device": "/dev/zero"}[kind]
    code, text = _pull_file(monkeypatch, capsys, contracts, file, "ls-bad")  # /dev/zero: refused, not read forever
    assert code == 2 and "check --file" in text and "index.toml" not in text, text


def test_a_json_document_saved_as_yaml_is_read_as_json(contracts: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    document = json.loads((ROOT / "contracts" / "lightspeed" / "2026-07" / "openapi.json").read_text())
    document["info"]["description"] = "\U0001f600"  # written as a surrogate-pair escape, which YAML refuses
    saved = tmp_path / "ok.yaml"
    saved.write_text(json.dumps(document), encoding="utf-8")
    assert "\\ud83d\\ude00" in saved.read_text()
    code, text = _pull_file(monkeypatch, capsys, contracts, str(saved), "ls-json")
    assert code == 0, text
    assert (contracts / "lightspeed" / "ls-json" / "openapi.json").read_bytes() == saved.read_bytes()


def test_a_binary_answer_is_shown_escaped(answering: Answering, contracts: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = answering(200, "application/json", b"\x00\xff{not json")
    code, _, err = in_process(monkeypatch, capsys, "contracts", "pull", "magento", "--target", url, "--as", "bin",
                              "--contracts-dir", str(contracts), env=OAUTH)
    assert code == 2 and "not JSON (starts '\\x00\\ufffd{not json')" in err, err
    assert err.isascii() and err.rstrip("\n").isprintable() and err.count("\n") == 1  # one line, printable ASCII


def test_help_says_contracts_dir_is_required_from_an_installed_package(monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        in_process(monkeypatch, capsys, "contracts", "pull", "--help")
    shown = " ".join(capsys.readouterr().out.split())
    assert "Required when stockgate is installed as a package" in shown
    assert "default: the contracts shipped with stockgate" not in shown


def test_an_unknown_pulled_name_hints_contracts_dir_not_a_release(monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = in_process(monkeypatch, capsys, "diff", "magento@2.4.8", "magento@my-staging")
    assert code == 2 and "give --contracts-dir DIR or set STOCKGATE_CONTRACTS_DIR" in err, err
    assert "did you mean" not in err and err.count("\n") == 1
    code, _, err = in_process(monkeypatch, capsys, "diff", "magento@2.4.8", "magento@2.4.10")
    assert code == 2 and "did you mean 'magento@2.4.9'" in err  # a release-looking name: the nearest release
