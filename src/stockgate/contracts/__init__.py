"""Contracts: what each platform version promises — its OpenAPI document plus a behaviour profile.

Load one with :func:`load_contract` (``load_contract("magento@2.4.8")``); list them with
:func:`load_index`; check them with :func:`stockgate.contracts.validation.validate_contracts`.
Everything here reads files only; no network, no twin. Names are imported lazily so that cheap
commands (``stockgate contracts list``) do not pay for jsonschema and the OpenAPI validator.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stockgate.contracts.contract import Contract, load_contract
    from stockgate.contracts.index import ContractEntry, ContractIndex, default_contracts_dir, load_index
    from stockgate.contracts.model import Operation
    from stockgate.contracts.profiles import Fact, Profile
    from stockgate.contracts.refs import ContractStatus, Platform, VersionRef
    from stockgate.contracts.urls import OperationMatch

_WHERE = {
    "Contract": "contract", "load_contract": "contract",
    "ContractEntry": "index", "ContractIndex": "index", "default_contracts_dir": "index", "load_index": "index",
    "Operation": "model", "Fact": "profiles", "Profile": "profiles",
    "ContractStatus": "refs", "Platform": "refs", "VersionRef": "refs", "OperationMatch": "urls",
}

__all__ = [
    "Contract", "ContractEntry", "ContractIndex", "ContractStatus", "Fact", "Operation", "OperationMatch",
    "Platform", "Profile", "VersionRef", "default_contracts_dir", "load_contract", "load_index",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'stockgate.contracts' has no attribute {name!r}")
    return getattr(importlib.import_module(f"stockgate.contracts.{_WHERE[name]}"), name)
