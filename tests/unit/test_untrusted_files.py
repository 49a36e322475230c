"""Cassettes and contract documents are read by the one safe YAML reader (issue 14, items 11-12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stockgate.cassettes.store import Provenance, read_cassette, write_cassette
from stockgate.contracts.documents import parse_document
from stockgate.errors import DataError

BOMB = "lol: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"l{n}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n"
    for n, (a, b) in enumerate(zip("abcdefgh", "bcdefghi", strict=True)))
PROVENANCE = Provenance(platform="magento", version="2.4.8", profile="default", pair="p", scenario="a/b",
                        scenario_sha256="0" * 64, recorded_from="twin", recorded_at="2026-01-01T00:00:00+00:00",
                        stockgate_version="0", connector="reference", ticks=(1.0,))


def test_a_recorded_binary_body_reads_back(tmp_path: Path) -> None:
    interaction = {"request": {"method": "GET", "uri": "http://m/rest/V1/x", "body": None, "headers": {}},
                   "response": {"status": {"code": 200, "message": "OK"}, "headers": {},
                                "body": {"string": b"\xff\x00not text"}}}
    path = tmp_path / "c.yaml"
    write_cassette(path, PROVENANCE, [interaction])
    provenance, interactions = read_cassette(path)
    assert provenance == PROVENANCE
    assert interactions == [interaction]


@pytest.mark.parametrize(("text", "problem"), [
    ("version: 1\ninteractions:\n- &x {request: {}, response: {}}\n" + BOMB, "aliases expand"),
    ("version: 1\ninteractions: []\nprovenance: !!python/object/apply:os.system [ls]\n", "unsupported YAML tag"),
    ("version: 1\ninteractions: !!python/tuple []\n", "unsupported YAML tag"),
    ("version: 1\ninteractions:\n- request: {uri: 'http://m/rest/V1/x", "c.yaml:3: not valid YAML"),
], ids=["bomb", "python-apply", "python-tuple", "truncated"])
def test_a_hostile_cassette_is_one_data_error(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=problem) as caught:
        read_cassette(path)
    assert "\n" not in str(caught.value) and "c.yaml:" in str(caught.value)


@pytest.mark.parametrize(("text", "problem"), [
    ("openapi: 3.0.0\n" + BOMB, "aliases expand"),
    ("openapi: 3.0.0\ninfo: !!python/name:os.system\n", "unsupported YAML tag"),
    ("openapi: 3.0.0\npaths: {}\npaths: {}\n", "duplicate key 'paths'"),
], ids=["bomb", "python-name", "duplicate-paths"])
def test_a_hostile_contract_document_is_one_data_error(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "openapi.yaml"
    with pytest.raises(DataError, match=problem) as caught:
        parse_document(path, text.encode())
    assert "\n" not in str(caught.value) and "openapi.yaml:" in str(caught.value)
