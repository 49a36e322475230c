"""An independent parser agrees: schemathesis loads every contract (published and derived) and
finds exactly the operations stockgate's model finds. The twins' schemathesis runs rely on this."""

from __future__ import annotations

import pytest
import schemathesis

from stockgate.contracts import load_contract, load_index
from tests.conftest import CONTRACTS

INDEX = load_index(CONTRACTS)


@pytest.mark.parametrize("ref", [str(e.ref) for e in INDEX.entries])
def test_schemathesis_sees_the_same_operations(ref: str) -> None:
    contract = load_contract(ref, index=INDEX)
    schema = schemathesis.openapi.from_dict(contract.document)
    found, failed = set(), []
    for result in schema.get_all_operations():
        try:
            op = result.ok()
        except Exception as exc:  # report every operation schemathesis cannot load, not just the first
            failed.append(repr(exc)[:200])
            continue
        found.add(f"{op.method.upper()} {op.path}")
    assert failed == []
    assert found == set(contract.operations)
