"""`stockgate contracts …` as a user runs it: good input, and one clear line + exit 2 for bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from stockgate.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_version_with_status_source_and_support(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "contracts", "list", "--as-of", "2026-11-27")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["VERSION", "STATUS", "RELEASED", "SUPPORT", "RETRIEVED", "SOURCE"]
    rows = {line.split()[0]: line for line in lines[1:11]}
    assert len(rows) == 10
    assert "published" in rows["magento@2.4.8"] and "until 2028-04-08" in rows["magento@2.4.8"]
    assert "ended 2026-08-11" in rows["magento@2.4.5"]
    assert "derived" in rows["lightspeed@2026-04"] and "overlay on lightspeed@2026-07" in rows["lightspeed@2026-04"]
    assert "2026-11-27" in rows["lightspeed@2.0"]


def test_list_json_is_machine_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "contracts", "list", "--format", "json", "--as-of", "2027-02-01")
    assert code == 0
    data = json.loads(out)
    states = {c["ref"]: (c["status"], c["support_state"]) for c in data["contracts"]}
    assert states["lightspeed@2026-01"] == ("derived", "ended")
    assert states["lightspeed@2026-04"] == ("derived", "supported")
    assert states["lightspeed@2.0"] == ("published", "unknown")
    assert all(c["source"] and c["retrieved"] for c in data["contracts"])


def test_show_operation_prints_resolved_shapes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "contracts", "show", "magento@2.4.8", "--operation", "POST /V1/inventory/source-items")
    assert code == 0
    assert "magento@2.4.8 POST /V1/inventory/source-items" in out
    assert "sourceItems*: array of object <inventory-api-data-source-item-interface>" in out
    assert "quantity: number" in out
    assert "400: 400 Bad Request" in out


def test_show_operation_accepts_a_concrete_url(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "contracts", "show", "magento@2.4.8", "--operation",
                       "GET /rest/default/V1/inventory/get-product-salable-quantity/TEE-RED/2", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["operation"] == "GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}"
    assert [p["name"] for p in data["parameters"]] == ["sku", "stockId"]
    assert data["responses"]["200"]["schema"]["type"] == "number"


def test_show_profile_text_and_named_configuration(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "contracts", "show", "lightspeed@2026-07", "--profile")
    assert code == 0
    assert "lightspeed@2026-07 profile 'default'" in out
    assert 'rate_limit.response = {"status": 429' in out
    assert "basis: documented; source: https://docs.vendhq.com/reference/rate_limiting" in out
    code, out, _ = run(capsys, "contracts", "show", "lightspeed@2026-07", "--profile", "registers-3",
                       "--format", "json")
    assert code == 0
    assert json.loads(out)["facts"]["rate_limit.registers"]["value"] == 3


def test_show_summary_lists_operations_and_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "contracts", "show", "lightspeed@2026-01")
    assert code == 0
    assert "status: derived (derived from lightspeed@2026-07" in out
    assert "profiles: default, registers-N" in out
    assert "  GET /inventory\n" in out


def test_validate_everything_and_single_paths(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "contracts", "validate")
    assert code == 0
    assert out.splitlines()[-1] == "ok: 10 contracts; 0 error(s), 4 warning(s)"
    root = Path(__file__).resolve().parents[2] / "contracts"
    code, out, _ = run(capsys, "contracts", "validate", str(root / "lightspeed/2026-10/overlay.yaml"))
    assert code == 0 and out.startswith("ok:")


def _one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert re.match(r"stockgate( [a-z-]+)*: error: ", lines[0]), lines[0]  # the command once, then the message
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["contracts", "show", "magento@2.4.4"], "known magento versions: magento@2.4.5, magento@2.4.6"),
        (["contracts", "show", "lightspeed@2026-11"], "did you mean 'lightspeed@2026-10'"),
        (["contracts", "show", "magento-2.4.8"], "expected platform@version"),
        (["contracts", "show", "shopify@1.0"], "unknown platform 'shopify'; valid values: magento, lightspeed"),
        (["contracts", "show", "magento@2.4.8", "--operation", "POST /V1/inventory/source-item"],
         "did you mean 'POST /V1/inventory/source-items'"),
        (["contracts", "show", "magento@2.4.8", "--operation", "source-items"], "expected 'METHOD /path'"),
        (["contracts", "show", "magento@2.4.8", "--profile", "input-limit-on"],
         "did you mean 'input-limits-on'"),
        (["contracts", "show", "lightspeed@2.0", "--profile", "registers-0"], "N must be between 1 and 1000"),
        (["contracts", "list", "--as-of", "yesterday"], "'yesterday' is not a date YYYY-MM-DD"),
        (["contracts", "list", "--format", "xml"], "invalid choice: 'xml'"),
        (["contracts", "frobnicate"], "invalid choice: 'frobnicate'"),
        (["contracts"], "required: SUBCOMMAND"),
    ],
    ids=["old-version", "near-version", "bad-ref", "bad-platform", "near-operation", "not-an-operation",
         "near-profile", "parameter-range", "bad-date", "bad-format", "bad-subcommand", "missing-subcommand"],
)
def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], expected: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert expected in _one_line_error(err)


def test_missing_index_names_the_fix(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "contracts", "list", "--contracts-dir", str(tmp_path))
    assert code == 2
    assert "no contract index here" in _one_line_error(err) and "--contracts-dir" in err


def test_malformed_yaml_profile_names_file_and_line(capsys: pytest.CaptureFixture[str], contracts_copy: Path) -> None:
    path = contracts_copy / "magento/2.4.9/profile.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("facts:\n", "facts:\n  - [\n", 1), encoding="utf-8")
    code, _, err = run(capsys, "contracts", "show", "magento@2.4.9", "--profile",
                       "--contracts-dir", str(contracts_copy))
    assert code == 2
    line = _one_line_error(err)
    assert "magento/2.4.9/profile.yaml:" in line and "not valid YAML" in line


def test_profile_with_unknown_key_fails_validate(capsys: pytest.CaptureFixture[str], contracts_copy: Path) -> None:
    path = contracts_copy / "magento/2.4.9/profile.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    basis: documented\n", "    basis: documented\n"
                                                               "    sorce: x\n", 1), encoding="utf-8")
    code, out, err = run(capsys, "contracts", "validate", "--contracts-dir", str(contracts_copy))
    assert code == 2
    assert "unknown key 'sorce' in the profile — did you mean 'source'?" in err
    assert "magento/2.4.9/profile.yaml:10" in err
    assert out.splitlines()[-1] == "FAILED: 10 contracts; 1 error(s), 4 warning(s)"


def test_validate_a_users_own_schema_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    schema = tmp_path / "staging-schema.json"
    schema.write_text(json.dumps({"swagger": "2.0", "info": {"title": "x", "version": "1"},
                                  "paths": {"/V1/x": {"get": {"responses": {"200": {"description": 5}}}}}}))
    code, _, err = run(capsys, "contracts", "validate", str(schema))
    assert code == 2
    assert "staging-schema.json:1: #/paths/~1V1~1x/get/responses/200: " in err
    other = tmp_path / "notes.yaml"
    other.write_text("hello: world\n")
    code, _, err = run(capsys, "contracts", "validate", str(other))
    assert code == 2 and "not a contract file" in err


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    """The installed `stockgate` entry point, in a real process."""
    proc = subprocess.run([sys.executable, "-m", "stockgate", "contracts", "show", "magento@9.9.9"],
                          capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert _one_line_error(proc.stderr)
