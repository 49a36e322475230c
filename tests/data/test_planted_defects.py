"""Planted defects: every check `contracts validate` makes must fail on a file that breaks it."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from stockgate.contracts import load_index
from stockgate.contracts.validation import Issue, validate_contracts


def _errors(root: Path) -> list[Issue]:
    return [i for i in validate_contracts(load_index(root)) if i.level == "error"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"planting failed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _rehash(root: Path, rel: str) -> None:
    """Update the index's sha256 for ``rel`` so that only the planted content defect remains."""
    index = root / "index.toml"
    digest = hashlib.sha256((root / rel).read_bytes()).hexdigest()
    text = index.read_text(encoding="utf-8")
    pattern = re.compile(rf'(document = "{re.escape(rel)}"\nsha256 = ")[0-9a-f]{{64}}(")')
    assert pattern.search(text)
    index.write_text(pattern.sub(rf"\g<1>{digest}\g<2>", text), encoding="utf-8")


def test_a_changed_vendored_byte_is_caught(contracts_copy: Path) -> None:
    path = contracts_copy / "magento/2.4.8/openapi.yaml"
    path.write_bytes(path.read_bytes() + b"\n")
    (error,) = _errors(contracts_copy)
    assert error.where.endswith("magento/2.4.8/openapi.yaml")
    assert "sha256 is" in error.message and "restore it byte-for-byte" in error.message


def test_an_invalid_openapi_document_is_an_error_with_its_line(contracts_copy: Path) -> None:
    rel = "lightspeed/2.0/openapi.json"
    doc = json.loads((contracts_copy / rel).read_text(encoding="utf-8"))
    doc["paths"]["/inventory"]["get"]["parameters"][0]["in"] = "cookiejar"
    (contracts_copy / rel).write_text(json.dumps(doc, indent=1), encoding="utf-8")
    _rehash(contracts_copy, rel)
    (error,) = _errors(contracts_copy)
    assert re.search(r"lightspeed/2\.0/openapi\.json:\d+$", error.where)
    assert "#/paths/~1inventory/get/parameters/0" in error.message


def test_a_document_the_validator_trips_on_is_still_one_error(contracts_copy: Path) -> None:
    rel = "lightspeed/2.0/openapi.json"
    doc = json.loads((contracts_copy / rel).read_text(encoding="utf-8"))
    doc["paths"]["/inventory"]["get"]["responses"] = "none"
    (contracts_copy / rel).write_text(json.dumps(doc), encoding="utf-8")
    _rehash(contracts_copy, rel)
    messages = [e.message for e in _errors(contracts_copy)]
    assert any("openapi-spec-validator could not check the document" in m for m in messages)
    assert any(m.startswith("#/paths/~1inventory/get/responses:") for m in messages)


def test_an_unlisted_upstream_defect_is_an_error_not_a_warning(contracts_copy: Path) -> None:
    index = contracts_copy / "index.toml"
    text = index.read_text(encoding="utf-8")
    start = text.index('ref = "magento@2.4.9"')
    block_start = text.index("known_defects = [", start)
    block_end = text.index("]\n", block_start) + 2
    index.write_text(text[:block_start] + text[block_end:], encoding="utf-8")
    (error,) = _errors(contracts_copy)
    assert error.where.endswith("magento/2.4.9/openapi.yaml:12")
    assert "#/info/description" in error.message


def test_an_overlay_target_that_drifted_is_caught(contracts_copy: Path) -> None:
    _edit(contracts_copy / "lightspeed/2026-01/overlay.yaml", "$.paths['/inventory'].post", "$.paths['/inventry'].post")
    errors = _errors(contracts_copy)
    assert any("selects nothing" in e.message and "overlay.yaml:" in e.where for e in errors)


def test_a_derived_document_must_say_it_is_derived(contracts_copy: Path) -> None:
    _edit(contracts_copy / "lightspeed/2026-04/overlay.yaml", "        x-stockgate-status: derived\n", "")
    (error,) = _errors(contracts_copy)
    assert "x-stockgate-status" in error.message


def test_overlay_metadata_must_agree_with_the_index(contracts_copy: Path) -> None:
    _edit(contracts_copy / "lightspeed/2026-10/overlay.yaml", "derives: lightspeed@2026-10",
          "derives: lightspeed@2026-07")
    (error,) = _errors(contracts_copy)
    assert "x-stockgate.derives" in error.message


def test_a_fact_without_source_is_refused(contracts_copy: Path) -> None:
    _edit(contracts_copy / "magento/2.4.7/profile.yaml",
          '    source: "OPS help/release/release-notes/open-source/2-4-7.md L227"\n', "")
    (error,) = _errors(contracts_copy)
    assert error.where.endswith("magento/2.4.7/profile.yaml:7")
    assert "missing a required key: 'source'" in error.message


def test_an_unknown_fact_key_suggests_the_nearest(contracts_copy: Path) -> None:
    _edit(contracts_copy / "lightspeed/2026-07/profile.yaml", "  returns.other_parked_returns_voided:",
          "  returns.other_parked_return_voided:")
    (error,) = _errors(contracts_copy)
    assert "unknown key 'returns.other_parked_return_voided'" in error.message
    assert "did you mean 'returns.other_parked_returns_voided'" in error.message


def test_unknown_basis_needs_a_null_value(contracts_copy: Path) -> None:
    _edit(contracts_copy / "magento/2.4.8/profile.yaml", "    value: null\n    basis: unknown",
          '    value: "1.2.8"\n    basis: unknown')
    (error,) = _errors(contracts_copy)
    assert "null when basis is unknown" in error.message


def test_a_root_profile_must_state_every_fact(contracts_copy: Path) -> None:
    path = contracts_copy / "lightspeed/2.0/profile.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  validation.postal_code_strict:")
    end = text.index("  webhooks:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    errors = _errors(contracts_copy)
    assert {e.message for e in errors} == {
        "fact 'validation.postal_code_strict' is not stated for lightspeed@2.0; state it with its source, or with "
        "basis: unknown and a note saying what public material lacks",
        "fact 'validation.postal_code_strict' is not stated for lightspeed@2026-01; state it with its source, or "
        "with basis: unknown and a note saying what public material lacks",
        "fact 'validation.postal_code_strict' is not stated for lightspeed@2026-04; state it with its source, or "
        "with basis: unknown and a note saying what public material lacks",
    }  # 2026-07 and 2026-10 state it themselves


def test_a_broken_named_configuration_is_caught(contracts_copy: Path) -> None:
    _edit(contracts_copy / "magento/profiles/auto-return-on.yaml", "  refunds.auto_return:", "  refunds.autoreturn:")
    errors = _errors(contracts_copy)
    assert errors and all("auto-return-on.yaml:" in e.where for e in errors)
    assert "did you mean 'refunds.auto_return'" in errors[0].message


def test_a_version_folder_missing_from_the_index_is_caught(contracts_copy: Path) -> None:
    (contracts_copy / "magento/2.4.10").mkdir()
    (error,) = _errors(contracts_copy)
    assert error.where.endswith("magento/2.4.10")
    assert "not listed in index.toml" in error.message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('status = "derived"\ntitle = "API 2026-04', 'status = "drafted"\ntitle = "API 2026-04', "'drafted'"),
        ('ref = "lightspeed@2026-10"', 'ref = "lightspeed@2026-07"', "listed twice"),
        ('base = "lightspeed@2026-07"\noverlay = "lightspeed/2026-04', 'base = "lightspeed@2026-08"\noverlay = '
         '"lightspeed/2026-04', "base lightspeed@2026-08 is not in the index"),
        ('retrieved = "2026-11-27"', 'retrieved = "27.11.2026"', "a date YYYY-MM-DD"),
        ('sha256 = "e852', 'sha = "e852', "unknown key 'sha'"),
    ],
    ids=["status", "duplicate", "base", "date", "key"],
)
def test_a_malformed_index_is_one_clear_error(contracts_copy: Path, old: str, new: str, expected: str) -> None:
    from stockgate.errors import DataError

    _edit(contracts_copy / "index.toml", old, new)
    with pytest.raises(DataError) as caught:
        load_index(contracts_copy)
    assert "index.toml" in str(caught.value)
    assert expected in str(caught.value)


def test_a_named_configuration_listing_an_unknown_version_is_caught(contracts_copy: Path) -> None:
    _edit(contracts_copy / "magento/profiles/auto-return-on.yaml", "applies_to: all", 'applies_to: ["2.4.8", "2.48"]')
    (error,) = _errors(contracts_copy)
    assert error.where.endswith("auto-return-on.yaml:7")
    assert "magento@2.48, which is not in index.toml" in error.message
