"""A `fields=` answer is partial by request (Magento's FieldsFilter): what it leaves out is not missing."""

from __future__ import annotations

from stockgate.contracts import load_contract
from stockgate.contracts.conformance import response_problems

BODY = {"items": [{"sku": "MUG-BLK", "price": 12}], "total_count": 1}


def _problems(url: str) -> list[str]:
    contract = load_contract("magento@2.4.8")
    return response_problems(contract, contract.profile("default"), method="GET", url=url, status=200, body=BODY)


def test_a_fields_filtered_product_page_conforms() -> None:
    assert _problems("/rest/default/V1/products?searchCriteria[pageSize]=1&fields=items[sku,price],total_count") == []


def test_the_same_page_without_fields_lacks_search_criteria() -> None:
    assert any("'search_criteria' is a required property" in p
               for p in _problems("/rest/default/V1/products?searchCriteria[pageSize]=1"))
