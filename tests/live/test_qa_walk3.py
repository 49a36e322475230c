"""Issue 20's third outsider QA walk: small things it found on the merchant's-own-store path.

A store breaking its own contract counted as the twin's distance, a pulled Lightspeed document naming
another version than ``--as``, ``twin serve`` without the --contracts-dir hint, verify-live's duration
estimate, diff's extension counts, Magento wording in Lightspeed errors, and plurals.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from stockgate.diff.model import Change
from tests.live.conftest import OAUTH, PLANTED, in_process

ROOT = Path(__file__).resolve().parents[2]


def test_a_store_breaking_its_own_contract_is_not_the_twins_distance(store: Callable[..., str],
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    url = store("magento@2.4.8", "--fault", PLANTED)
    code, out, err = in_process(monkeypatch, capsys, "twin", "check", "magento@2.4.8", "--target", url, "--rate",
                                "50/s", env=OAUTH)
    last = out.strip().splitlines()[-1]
    assert code == 0 and last.startswith("SAME:"), out + err
    assert "the store breaks its own contract: 3 value(s)" in out, out
    code, out, _ = in_process(monkeypatch, capsys, "twin", "check", "magento@2.4.8", "--target", url, "--rate",
                              "50/s", "--format", "json", env=OAUTH)
    assert code == 0 and json.loads(out)["ok"] is True, out


def _lightspeed_document(tmp_path: Path, server: str, version: str) -> Path:
    """The shipped 2026-07 document, its server URL naming ``/api/<server>`` and its info.version ``version``."""
    data = json.loads((ROOT / "contracts/lightspeed/2026-07/openapi.json").read_text())
    data["info"]["version"] = version
    data["servers"][0]["url"] = data["servers"][0]["url"].replace("/api/2026-07", f"/api/{server}")
    path = tmp_path / f"api-{server}.json"
    path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize(("server", "version", "says"), [
    ("2027-01", "banana", "its server URL names /api/2027-01"),
    ("2027-01", "2027-07", "its server URL names /api/2027-01"),
])
def test_a_document_naming_another_version_than_as_is_refused(
        server: str, version: str, says: str, *, contracts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    document = _lightspeed_document(tmp_path, server, version)
    code, out, err = in_process(monkeypatch, capsys, "contracts", "pull", "lightspeed", "--file", str(document),
                                "--as", "2027-07", "--contracts-dir", str(contracts))
    assert code == 2 and err.count("\n") == 1 and out == "", err
    assert says in err and "--as 2027-07" in err, err
    assert not (contracts / "lightspeed/2027-07").exists()


def test_a_document_naming_its_version_in_info_only_is_checked_too(
        contracts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    document = _lightspeed_document(tmp_path, "", "2027-01")
    code, _, err = in_process(monkeypatch, capsys, "contracts", "pull", "lightspeed", "--file", str(document),
                              "--as", "2027-07", "--contracts-dir", str(contracts))
    assert code == 2 and "its info.version names 2027-01" in err, err
    code, _, err = in_process(monkeypatch, capsys, "contracts", "pull", "lightspeed", "--file", str(document),
                              "--as", "2027-01", "--contracts-dir", str(contracts))
    assert code == 0, err


@pytest.mark.parametrize("command", [("twin", "serve"), ("diff", "lightspeed@2026-07")])
def test_an_unknown_version_newer_than_every_release_hints_at_contracts_dir(
        command: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("STOCKGATE_CONTRACTS_DIR", raising=False)
    code, out, err = in_process(monkeypatch, capsys, *command, "lightspeed@2027-01")
    assert code == 2 and err.count("\n") == 1 and out == "", err
    assert "--contracts-dir DIR or set STOCKGATE_CONTRACTS_DIR" in err, err


def test_a_mistyped_release_among_the_known_ones_keeps_did_you_mean(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = in_process(monkeypatch, capsys, "twin", "serve", "lightspeed@2026-08")
    assert code == 2 and "did you mean" in err and "--contracts-dir" not in err, err


@pytest.mark.parametrize(("extra", "says"), [
    (("--max-requests", "12"), "about 1 s at this pace, the whole budget"),
    (("--max-requests", "99999999999", "--operation", "GET /V1/products", "--examples", "3"),
     "about 1 s at this pace: the 1 operation(s) use at most 4 request(s)"),
])
def test_verify_live_always_estimates_its_duration_bounded_by_the_operations(
        extra: tuple[str, ...], says: str, demo_store: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = in_process(monkeypatch, capsys, "verify-live", "magento@2.4.8", "--target", demo_store, "--rate",
                           "50/s", *extra, env=OAUTH)
    banner = next(line for line in err.splitlines() if line.startswith("verify-live magento@2.4.8"))
    assert says in banner and " h " not in banner, banner


def _extension(operation: str, code: str, *, on_surface: bool) -> Change:
    return Change(rule="response-property-added", platform="magento", from_version="2.4.8", to_version="my-staging",
                  operation=operation, field=f"extension_attributes.{code}", on_surface=on_surface)


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_diff_counts_extension_changes_off_the_connectors_surface_as_extension_changes(fmt: str) -> None:
    from stockgate.diff.model import DiffReport
    from stockgate.diff.rules import Severity
    from stockgate.reports.diff import FORMATS

    changes = (_extension("GET /V1/products", "a", on_surface=True),
               *(_extension(f"GET /V1/other{n}", "b", on_surface=False) for n in range(2)),
               Change(rule="operation-added", platform="magento", from_version="2.4.8", to_version="my-staging",
                      operation="GET /V1/new"))
    report = DiffReport(platform="magento", from_version="2.4.8", to_version="my-staging", consumer="reference",
                        changes=changes)
    shown = FORMATS[fmt](report, Severity.BREAKING, False, ())
    assert "3 extension change(s)" in shown and "1 on operations the connector calls" in shown, shown
    assert "2 more on operations it does not call" in shown, shown
    assert "1 other info change(s) not shown" in shown, shown


def test_a_lightspeed_store_not_serving_the_version_says_so_not_store_code(
        store: Callable[..., str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    url = store("lightspeed@2026-01")
    code, out, err = in_process(monkeypatch, capsys, "verify-live", "lightspeed@2026-07", "--target", url,
                                "--rate", "50/s", "--max-requests", "12", env={"STOCKGATE_LIGHTSPEED_TOKEN": "t"})
    assert code == 2 and err.count("\n") == 1, out + err
    assert "does not serve API version 2026-07" in err and "store code" not in err, err


@pytest.mark.parametrize(("platform", "path", "says", "not_said"), [
    ("lightspeed", "/api/2027-01/products", "does not serve API version 2027-01", "store code"),
    ("magento", "/rest/default/V1/products", "store code", "API version"),
])
def test_an_html_404_is_worded_for_the_platform(platform: str, path: str, says: str, not_said: str) -> None:
    import httpx

    from stockgate.errors import UsageError
    from stockgate.live.client import StoreClient
    from stockgate.target import Target

    target = Target(magento_url="http://shop.test", lightspeed_url="http://shop.test", magento_token="t",
                    lightspeed_token="t")
    page = httpx.MockTransport(lambda request: httpx.Response(404, html="<html>Not found</html>"))
    client = StoreClient(target=target, platform=platform, transport=page)
    with pytest.raises(UsageError) as raised:
        client.get(path)
    assert says in str(raised.value) and not_said not in str(raised.value), raised.value


def test_verify_live_says_paced_and_waited_in_whole_seconds() -> None:
    from stockgate.live.report import headline
    from stockgate.live.verify import VerifyResult

    result = VerifyResult(ref="lightspeed@2026-07", store="staging:abc", budget=200, rate=2.0, writes_allowed=False,
                          paced=154.565, waited=0.2)
    line = headline(result)
    assert "paced 155 s" in line and "waited 1 s" in line, line


def test_twin_check_counts_one_of_a_kind_in_the_singular() -> None:
    from stockgate.cli.twin_check import _headline
    from stockgate.live.twin_check import CheckResult

    result = CheckResult(ref="magento@2.4.8", store="staging:abc",
                         seeded={"websites": 1, "store views": 1, "sources": 3, "extension attributes": 1})
    line = _headline(result)
    assert "seeded 1 website, 1 store view, 3 sources, 1 extension attribute;" in line, line
