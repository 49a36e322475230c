"""Recording, linting and strict replay of real vcrpy cassettes, with planted secrets, PII and drift."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from stockgate.cassettes.lint import lint_paths
from stockgate.cassettes.store import cassette_path, read_cassette
from stockgate.cli import main
from stockgate.errors import UsageError
from stockgate.scenarios.loader import discover
from stockgate.scenarios.model import Pair
from stockgate.scenarios.recording import record_scenario, replay_scenario
from stockgate.scenarios.world import ADDRESS, DEMO
from tests.mutants.adapters import ADAPTERS

PAIR = Pair(magento="2.4.9", lightspeed="2026-10")
SCENARIO = next(s for s in discover() if s.id == "reservations/cancel-releases")  # a web order: customer data


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cassettes")
    result, paths = asyncio.run(record_scenario(SCENARIO, PAIR, root, recorded_at="2026-11-28T00:00:00+00:00"))
    assert result.passed and len(paths) == 2
    return root


def test_two_cassettes_with_provenance(recorded: Path) -> None:
    for platform, version in (("magento", "2.4.9"), ("lightspeed", "2026-10")):
        provenance, interactions = read_cassette(cassette_path(recorded, platform, version, SCENARIO.id))
        assert provenance is not None and interactions
        assert (provenance.platform, provenance.version, provenance.recorded_from) == (platform, version, "twin")
        assert provenance.scenario == SCENARIO.id and len(provenance.scenario_sha256) == 64
        assert provenance.ticks and provenance.scrubbed  # the authorization header, at least
    raw = yaml.safe_load(cassette_path(recorded, "magento", "2.4.9", SCENARIO.id).read_text())
    assert raw["version"] == 1 and {"request", "response"} <= set(raw["interactions"][0])  # vcrpy's own format


def test_only_the_connector_traffic_is_recorded(recorded: Path) -> None:
    text = "".join(p.read_text() for p in recorded.rglob("*.yaml"))
    assert "x-stockgate-observer" not in text and "x-stockgate-actor" not in text
    assert "guest-carts" not in text  # the storefront's checkout is the scenario's, not the connector's


def test_no_secret_or_customer_data_reaches_disk(recorded: Path) -> None:
    text = "".join(p.read_text() for p in recorded.rglob("*.yaml"))
    planted = [DEMO["token"], DEMO["consumer_key"], ADDRESS["email"], ADDRESS["lastname"], ADDRESS["street"][0],
               ADDRESS["city"], ADDRESS["telephone"], ADDRESS["postcode"], "oauth_signature=\""]
    for value in planted:
        assert value not in text, value
    assert lint_paths([recorded]) == ([], 2)


def test_replay_of_the_recording_passes(recorded: Path) -> None:
    result = asyncio.run(replay_scenario(SCENARIO, PAIR, recorded))
    assert result.passed, [f.line() for f in result.findings]


def test_a_drifting_connector_fails_replay_with_vcrpys_explanation(recorded: Path) -> None:
    drifting = f"python:tests.mutants.adapters:{ADAPTERS['aggregates-into-default'].__name__}"
    result = asyncio.run(replay_scenario(SCENARIO, PAIR, recorded, drifting))
    unmatched = [f for f in result.findings if f.check == "replay.unmatched"]
    assert unmatched and "json_body" in unmatched[0].actual and "source-items" in unmatched[0].actual
    assert any(f.check == "replay.unused" for f in result.findings)


def test_lint_names_file_interaction_and_field_of_planted_secrets(recorded: Path, tmp_path: Path) -> None:
    source = cassette_path(recorded, "magento", "2.4.9", SCENARIO.id)
    data = yaml.safe_load(source.read_text())
    first = data["interactions"][0]
    first["request"]["headers"]["Authorization"] = ["Bearer 9f8e7d6c5b4a3210"]
    first["request"]["uri"] += "&access_token=abcdef123456"
    first["response"]["body"]["string"] = '{"customer_email": "jane.doe@shop.example", "note": "call 555 about it"}'
    planted = tmp_path / "planted.yaml"
    planted.write_text(yaml.safe_dump(data))
    problems, files = lint_paths([planted])
    assert files == 1
    assert {p.split(": ", 2)[2].split(":")[0] for p in problems} >= {
        "request.headers.Authorization", "request.query.access_token", "response.body.customer_email"}
    assert all(p.startswith(f"{planted}: interaction 0: ") for p in problems)
    assert main(["cassettes", "lint", str(planted)]) == 1


def test_a_malformed_cassette_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ninteractions: {}\n")
    assert main(["cassettes", "lint", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "interactions" in err and err.count("\n") == 1


def test_replay_without_cassettes_says_how_to_record(tmp_path: Path) -> None:
    result = asyncio.run(replay_scenario(SCENARIO, PAIR, tmp_path))
    assert result.status == "error" and "stockgate cassettes record" in result.error


def test_the_commands_record_lint_and_replay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--magento", "2.4.9", "--lightspeed", "2026-10", "--scenario", "per-location/two-sources-roll-up"]
    assert main(["cassettes", "record", *args, "--cassettes", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sum(line.startswith("recorded ") for line in lines) == 2  # one line per cassette, then the summary
    assert main(["cassettes", "lint", str(tmp_path)]) == 0
    assert main(["run", "--mode", "replay", "--cassettes", str(tmp_path), *args]) == 0
    assert main(["run", "--mode", "replay", "--cassettes", str(tmp_path), "--connector", "command:true", *args]) == 2
    assert main(["run", "--cassettes", str(tmp_path), *args]) == 2  # --cassettes belongs to --mode replay


def _copy(recorded: Path, tmp_path: Path) -> Path:
    root = tmp_path / "cassettes"
    for path in recorded.rglob("*.yaml"):
        target = root / path.relative_to(recorded)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text())
    return root


def test_verify_passes_the_recording_and_catches_a_planted_schema_break(recorded: Path, tmp_path: Path) -> None:
    from stockgate.cassettes.verify import verify_cassette

    root = _copy(recorded, tmp_path)
    path = cassette_path(root, "magento", "2.4.9", SCENARIO.id)
    assert verify_cassette(path)[0] == []
    data = yaml.safe_load(path.read_text())
    n, item = next((n, i) for n, i in enumerate(data["interactions"])
                   if "/V1/products?" in i["request"]["uri"] and i["request"]["method"] == "GET")
    body = json.loads(item["response"]["body"]["string"])
    body["items"][0]["price"] = "lots"
    item["response"]["body"]["string"] = json.dumps(body)
    path.write_text(yaml.safe_dump(data))
    problems, _checked = verify_cassette(path)
    assert problems == [f"{path}: interaction {n}: GET /V1/products 200 /items/0/price: 'lots' is not of type "
                        "'number'"]
    assert main(["cassettes", "verify", str(path)]) == 1


def test_verify_against_another_version_previews_the_upgrade(recorded: Path) -> None:
    path = cassette_path(recorded, "lightspeed", "2026-10", SCENARIO.id)
    assert main(["cassettes", "verify", str(path)]) == 0
    assert main(["cassettes", "verify", str(path), "--against", "lightspeed@2.0"]) == 1  # the 2.0 shapes differ


def test_audit_finds_stale_orphaned_changed_misplaced_and_missing(recorded: Path, tmp_path: Path) -> None:
    import shutil

    from stockgate.scenarios.audit import audit

    root = _copy(recorded, tmp_path)
    scenarios = tmp_path / "scenarios"
    (scenarios / "reservations").mkdir(parents=True)
    shutil.copy(SCENARIO.path, scenarios / "reservations" / "cancel-releases.yaml")
    shutil.copytree(SCENARIO.path.parent.parent / "mappings", scenarios / "mappings")
    mine = discover([scenarios])
    today = dt.date(2026, 11, 28)
    assert audit(root, mine, [PAIR], today=today) == []

    kinds = lambda: sorted(f.kind for f in audit(root, mine, [PAIR], today=today))  # noqa: E731
    assert [f.kind for f in audit(root, mine, [PAIR], today=today + dt.timedelta(days=60), max_age_days=30)] == [
        "stale", "stale"]
    magento = cassette_path(root, "magento", "2.4.9", SCENARIO.id)
    moved = magento.parent / "gone.yaml"
    magento.rename(moved)
    assert kinds() == ["misplaced", "missing"]
    moved.rename(magento)
    (scenarios / "reservations" / "cancel-releases.yaml").write_text(SCENARIO.path.read_text() + "# edited\n")
    mine = discover([scenarios])
    assert kinds() == ["scenario-changed", "scenario-changed"]
    (scenarios / "reservations" / "cancel-releases.yaml").unlink()
    mine = discover([scenarios]) if any(scenarios.rglob("reservations/*.yaml")) else []
    assert kinds() == ["orphan", "orphan"]
    data = yaml.safe_load(magento.read_text())
    del data["provenance"]
    magento.write_text(yaml.safe_dump(data))
    assert kinds() == ["no-provenance", "orphan"]


def test_fidelity_holds_for_the_twin_and_catches_a_twin_that_changed(
        recorded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stockgate.scenarios.recording import fidelity
    from stockgate.twins.lightspeed import shapes

    scenarios = {s.id: s for s in discover()}
    path = cassette_path(recorded, "lightspeed", "2026-10", SCENARIO.id)
    assert asyncio.run(fidelity(path, scenarios)) == []
    real = shapes.outlet
    monkeypatch.setattr(shapes, "outlet", lambda row: {k: v for k, v in {**real(row), "version": str(row.version)}
                                                       .items() if k != "time_zone"})
    problems = asyncio.run(fidelity(path, scenarios))
    first = f"{path}: interaction 0 (GET /api/2026-10/outlets)"
    assert f"{first}: /data/0/time_zone: recorded has it, the twin does not" in problems
    assert f"{first}: /data/0/version: recorded number, twin string" in problems
    assert main(["cassettes", "fidelity", "lightspeed@2026-10", "--cassettes", str(recorded)]) == 1


def test_a_pair_reads_back_from_its_text() -> None:
    pair = Pair(magento="2.4.8", lightspeed="2026-07", magento_profile="input-limits-on",
                lightspeed_profile="registers-1")
    assert Pair.parse(str(pair)) == pair and Pair.parse(str(PAIR)) == PAIR
    with pytest.raises(UsageError):
        Pair.parse("2.4.8/2026-07")


def test_the_shipped_cassettes_are_clean() -> None:
    """Everything committed under cassettes/ passes lint (the planted tests above prove lint can fail)."""
    from stockgate.cassettes.store import ROOT

    problems, _files = lint_paths([ROOT])
    assert problems == []


SHIPPED = [Pair(magento="2.4.9", lightspeed="2026-10"), Pair(magento="2.4.8", lightspeed="2026-07")]


def test_the_shipped_cassettes_are_complete_current_and_conform() -> None:
    """Every scenario has its cassettes on the shipped pairs, none outdated by a scenario edit; all answers conform.

    A scenario edited without re-recording fails here (`stockgate cassettes record` for both pairs).
    """
    from stockgate.cassettes.lint import cassette_files
    from stockgate.cassettes.store import ROOT
    from stockgate.cassettes.verify import verify_cassette
    from stockgate.scenarios.audit import audit

    findings = audit(ROOT, discover(), SHIPPED, max_age_days=100_000)
    assert [f.line() for f in findings] == []
    problems = [p for path in cassette_files([ROOT]) for p in verify_cassette(path)[0]]
    assert problems == []


def test_the_reference_connector_replays_the_shipped_cassettes() -> None:
    """A change to the reference connector's traffic shows here first: re-record when it is intended."""
    from stockgate.cassettes.store import ROOT
    from stockgate.scenarios.runner import run_all

    results = asyncio.run(run_all(discover(), SHIPPED[:1], run=lambda s, p, c: replay_scenario(s, p, ROOT, c)))
    assert results and [r.scenario for r in results if not r.passed] == []


def test_fidelity_compares_asserted_values_and_the_headers_a_connector_acts_on() -> None:
    from stockgate.cassettes.compare import answer_diff, value_diff

    recorded = {"items": [{"sku": "MUG-BLK", "quantity": 20, "source_code": "central"},
                          {"sku": "OTHER", "quantity": 1}]}
    twin = {"items": [{"sku": "MUG-BLK", "quantity": 19, "source_code": "central"},
                      {"sku": "OTHER", "quantity": 2}]}
    assert value_diff(recorded, twin, {"MUG-BLK"}) == [
        "/items/0/quantity: recorded 20, twin 19 (MUG-BLK, asserted by the scenario)"]
    assert value_diff(recorded, recorded, {"MUG-BLK"}) == []

    def answer(headers: dict[str, list[str]]) -> dict:
        return {"status": {"code": 429}, "headers": {"content-type": ["application/json"], **headers},
                "body": {"string": "{}"}}

    assert answer_diff(answer({"Retry-After": ["Mon, 05 Jan 2026 09:05:00 GMT"]}), answer({}), set()) == [
        "header retry-after: recorded has it, the twin does not"]
    assert answer_diff(answer({"Retry-After": ["1"]}), answer({"retry-after": ["300"]}), set()) == []


def test_customer_data_a_connector_copies_into_a_request_is_scrubbed_and_still_replays(tmp_path: Path) -> None:
    """The customer read from Magento and written into the POS sale's note: one placeholder on both sides."""
    connector = "python:tests.cassettes.connectors:CustomerOnTheSale"
    result, paths = asyncio.run(record_scenario(SCENARIO, PAIR, tmp_path, connector))
    assert result.passed and len(paths) == 2
    lightspeed = cassette_path(tmp_path, "lightspeed", "2026-10", SCENARIO.id).read_text()
    assert "for Customer1 Customer2 <customer-1@example.invalid>" in lightspeed.replace("\n      ", " ")
    for value in (ADDRESS["email"], ADDRESS["lastname"], ADDRESS["firstname"] + " "):
        assert value not in lightspeed, value
    replayed = asyncio.run(replay_scenario(SCENARIO, PAIR, tmp_path, connector))
    assert replayed.passed, [f.line() for f in replayed.findings]


def test_another_connector_replaying_the_shipped_cassettes_is_told_to_record_its_own() -> None:
    """Issue 16: the shipped cassettes hold the reference connector's traffic; an independent connector's
    replay fails on that, and the findings must say so instead of reading as a regression."""
    from stockgate.cassettes.store import ROOT

    indie = "python:tests.connectors.indie.connector:Connector"
    result = asyncio.run(replay_scenario(SCENARIO, PAIR, ROOT, indie))
    assert not result.passed
    for finding in result.findings:
        assert "recorded with the reference connector" in finding.hint, finding.line()
        assert f"cassettes record --connector {indie}" in finding.hint, finding.line()
