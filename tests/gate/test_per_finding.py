"""The gate compares findings, not scenarios: new breakage on --to blocks even where --from already failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stockgate.cli import main
from stockgate.gate.model import ScenarioOutcome
from stockgate.scenarios.model import Finding, ScenarioResult

MAPPING = Path(__file__).resolve().parents[2] / "scenarios" / "mappings" / "demo-catalog.yaml"
UNTRIMMED = "python:tests.connectors.untrimmed_full_push:UntrimmedFullPush"
SCENARIO = "upgrades/sku-whitespace-then-sale"
# the spaced SKU reaches Magento first; a sale of another SKU comes once every batch carries it
STORY = f"""scenario_format: 1
id: {SCENARIO}
title: "A spaced POS SKU synced first, then a sale of another SKU"
areas: [upgrades]
given: {{mapping: {MAPPING}}}
when:
  - new_product: {{name: "Spaced SKU", sku: " SPACE-1 ", price: 5, stock: {{"Central Store": 3}}}}
  - sync: {{ticks: 20}}
  - pos_sale: {{outlet: "Central Store", sku: MUG-BLK, qty: 1}}
  - advance: {{seconds: 900}}
  - settle: {{within: 1200}}
then:
  sources: {{MUG-BLK: {{central: 19}}, SPACE-1: {{central: 3}}}}
"""


def _story(tmp_path: Path) -> Path:
    folder = tmp_path / "scenarios" / "upgrades"
    folder.mkdir(parents=True)
    (folder / "sku-whitespace-then-sale.yaml").write_text(STORY)
    return folder.parent


def test_untrimmed_skus_block_246_to_247_on_the_whole_batch_rejection(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """2.4.6: the spaced SKU alone is wrong (cosmetic); 2.4.7: the whole batch is refused, MUG-BLK stops."""
    code = main(["gate", "--from", "magento@2.4.6,lightspeed@2026-01", "--to", "magento@2.4.7,lightspeed@2026-01",
                 "--scenarios", str(_story(tmp_path)), "--scenario", SCENARIO, "--connector", UNTRIMMED,
                 "--report-dir", str(tmp_path / "reports"), "--jobs", "1"])
    out, _ = capsys.readouterr()
    assert code == 1, out
    data = json.loads((tmp_path / "reports" / "gate.json").read_text())
    scenario = {f["field"]: f for f in data["findings"] if f["kind"] == "scenario"}
    assert scenario["then.sources MUG-BLK@central"]["state"] == "new"
    assert scenario["then.sources MUG-BLK@central"]["blocking"] is True
    assert scenario["then.sources SPACE-1@central"]["state"] == "pre-existing"
    assert scenario["then.sources SPACE-1@central"]["blocking"] is False
    assert [s["outcome"] for s in data["scenarios"]] == ["regression"]
    assert data["finding_states"]["new"] >= 1 and data["finding_states"]["pre-existing"] >= 1
    assert "not caused by the upgrade" not in next(line for line in out.splitlines() if "MUG-BLK@central" in line)


def _result(pair: str, *subjects: str, scenario: str = "s/one") -> ScenarioResult:
    findings = tuple(Finding(scenario=scenario, pair=pair, check="then.sources", subject=s, expected="1", actual="0")
                     for s in subjects)
    return ScenarioResult(scenario=scenario, title="t", pair=pair, status="failed" if findings else "passed",
                          findings=findings, convergence_seconds=None, requests={})


@pytest.mark.parametrize(("before", "after", "states", "outcome"), [
    (("A",), ("A", "B"), {"A": "pre-existing", "B": "new"}, "regression"),
    (("A",), ("A",), {"A": "pre-existing"}, "pre-existing"),
    (("A", "B"), ("A",), {"A": "pre-existing", "B": "fixed"}, "pre-existing"),
    ((), ("A",), {"A": "new"}, "regression"),
    (("A",), (), {"A": "fixed"}, "fixed"),
], ids=["one-more", "same", "one-fixed", "new", "all-fixed"])
def test_findings_compare_by_check_and_subject_across_the_pairs(
        before: tuple[str, ...], after: tuple[str, ...], states: dict[str, str], outcome: str) -> None:
    o = ScenarioOutcome(scenario="s/one", title="t", before=_result("m@1-l@1", *before),
                        after=_result("m@2-l@1", *after))
    assert {s.finding.subject: s.state for s in o.states()} == states
    assert o.outcome == outcome


def test_a_scenario_on_one_side_only_is_judged_by_its_findings() -> None:
    """Only on --to: a finding --from has in another scenario is pre-existing; only on --from: not applicable."""
    known = ScenarioOutcome(scenario="s/one", title="t", before=None, after=_result("m@2-l@1", "A"),
                            baseline=frozenset({("then.sources", "A")}))
    assert [s.state for s in known.states()] == ["pre-existing"] and known.outcome == "pre-existing"
    unknown = ScenarioOutcome(scenario="s/one", title="t", before=None, after=_result("m@2-l@1", "A"))
    assert [s.state for s in unknown.states()] == ["new"] and unknown.outcome == "new-failure"
    retired = ScenarioOutcome(scenario="s/one", title="t", before=_result("m@1-l@1", "A"), after=None)
    assert [s.state for s in retired.states()] == ["not-applicable"] and not retired.blocking
