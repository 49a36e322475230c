"""Scenarios and mappings the connector could never satisfy: one line, exit 2, at once (issue 14, bad input).

Each row was a run that blamed the connector (exit 1), crashed (exit 3) or hung. The scenario or its
mapping is at fault, so the message names the file and key, and nothing is run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_MAPPING = (ROOT / "scenarios" / "mappings" / "demo.yaml").read_text()
GOOD_WHEN = '  - pos_sale: {outlet: "North Store", sku: MUG-BLK, qty: 2}\n  - settle: {within: 600}\n'
GOOD_THEN = "  sources: {MUG-BLK: {north: 6}}\n"

CASES = {  # id: (given, when, then, mapping edit (old, new) or None, words in the message)
    "negative-pos-quantity": ("", '  - pos_sale: {outlet: "North Store", sku: MUG-BLK, qty: -3}\n', GOOD_THEN, None,
                              ["when[0].pos_sale.qty", "above 0"]),
    "nan-quantity": ("", '  - pos_sale: {outlet: "North Store", sku: MUG-BLK, qty: .nan}\n', GOOD_THEN, None,
                     ["qty", "not a finite number"]),
    "infinite-quantity": ("", '  - web_order: {sku: MUG-BLK, qty: .inf}\n', GOOD_THEN, None,
                          ["qty", "not a finite number"]),
    "advance-1e300": ("", "  - advance: {seconds: 1.0e+300}\n", GOOD_THEN, None, ["advance.seconds", "a year"]),
    "then-unknown-source": ("", GOOD_WHEN, "  sources: {MUG-BLK: {atlantis: 6}}\n", None, ["Magento source atlantis"]),
    "then-unknown-outlet": ("", GOOD_WHEN, '  outlets: {MUG-BLK: {"Nowhere Store": 6}}\n', None,
                            ["Lightspeed outlet Nowhere Store"]),
    "misspelled-outlet": ("", '  - pos_sale: {outlet: "Nort Store", sku: MUG-BLK, qty: 2}\n', GOOD_THEN, None,
                          ["Lightspeed outlet Nort Store"]),
    "unknown-sku": ("", '  - pos_sale: {outlet: "North Store", sku: NOPE-1, qty: 2}\n', GOOD_THEN, None,
                    ["Magento product NOPE-1", "Lightspeed product NOPE-1"]),
    "unknown-order": ("", "  - cancel: {order: never-placed}\n", GOOD_THEN, None,
                      ["when[0].cancel.order", "never-placed"]),
    "connector-api-9999": ("given: {connector_api: '9999-99'}\n", GOOD_WHEN, GOOD_THEN, None,
                           ["given.connector_api", "9999-99"]),
    "mapping-outlet-twice": ("given: {mapping: ../mappings/m.yaml}\n", GOOD_WHEN, GOOD_THEN,
                             ('  - {outlet: "Pop-up Store", source: null}\n',
                              '  - {outlet: "Pop-up Store", source: null}\n'
                              '  - {outlet: "North Store", source: null}\n'),
                             ["m.yaml", "North Store", "twice"]),
    "mapping-source-missing": ("given: {mapping: ../mappings/m.yaml}\n", GOOD_WHEN, GOOD_THEN,
                               ("source: north}", "source: atlantis}"), ["Magento source atlantis"]),
    "mapping-misspelled-outlet": ("given: {mapping: ../mappings/m.yaml}\n", GOOD_WHEN, GOOD_THEN,
                                  ('outlet: "Pop-up Store"', 'outlet: "Popup Store"'),
                                  ["Lightspeed outlet Popup Store"]),
    "mapping-stock-99": ("given: {mapping: ../mappings/m.yaml}\n", GOOD_WHEN, GOOD_THEN,
                         ("stock_id: 2 ", "stock_id: 99 "), ["Magento stock 99"]),
    "mapping-store-path": ("given: {mapping: ../mappings/m.yaml}\n", GOOD_WHEN, GOOD_THEN,
                           ("store: default ", "store: ../../admin "), ["magento.store"]),
    "mapping-api-2099": ("given: {mapping: ../mappings/m.yaml}\n", GOOD_WHEN, GOOD_THEN,
                         ('api_version: "2026-07"', 'api_version: "2099-01"'), ["lightspeed.api_version", "2099-01"]),
}


def _catalog(tmp_path: Path, given: str, when: str, then: str, edit: tuple[str, str] | None) -> Path:
    (tmp_path / "area").mkdir()
    (tmp_path / "mappings").mkdir()
    if edit:
        assert edit[0] in DEMO_MAPPING, edit[0]
        (tmp_path / "mappings" / "m.yaml").write_text(DEMO_MAPPING.replace(edit[0], edit[1]))
    (tmp_path / "area" / "story.yaml").write_text(
        f'scenario_format: 1\nid: area/story\ntitle: "A story the connector cannot satisfy"\nareas: [reservations]\n'
        f"{given}when:\n{when}then:\n{then}")
    return tmp_path


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_scenario_or_mapping_is_blamed_in_one_line(case: str, tmp_path: Path) -> None:
    given, when, then, edit, words = CASES[case]
    catalog = _catalog(tmp_path, given, when, then, edit)
    done = subprocess.run([sys.executable, "-m", "stockgate", "run", "--scenarios", str(catalog)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_a_sound_story_in_the_same_shape_runs() -> None:
    """The control: the same catalog shape with good names passes (the rows fail for their fault alone)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        catalog = _catalog(Path(tmp), "given: {mapping: ../mappings/m.yaml}\n", GOOD_WHEN, GOOD_THEN,
                           ("store: default ", "store: default "))
        done = subprocess.run([sys.executable, "-m", "stockgate", "run", "--scenarios", str(catalog)],
                              capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
