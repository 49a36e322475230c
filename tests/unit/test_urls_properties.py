"""Property: any concrete URL built from a path template, under any Magento mount, matches that
template and gives back the parameter values (bounded, derandomized under the ci profile)."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from stockgate.contracts.model import Operation
from stockgate.contracts.refs import Platform, VersionRef
from stockgate.contracts.urls import OperationMatcher

TEMPLATES = [
    "/V1/products/{sku}",
    "/V1/products/attributes",
    "/V1/inventory/get-product-salable-quantity/{sku}/{stockId}",
    "/V1/inventory/is-product-salable-for-requested-qty/{sku}/{stockId}/{requestedQty}",
    "/V1/order/{orderId}/refund",
]
OPS = [Operation(method="GET", path=t, operation_id=None, summary="", deprecated=False, parameters=(),
                 request_body=None, responses=(), pointer="") for t in TEMPLATES]
MATCHER = OperationMatcher(VersionRef(platform=Platform.MAGENTO, version="2.4.8"), OPS)

values = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
stores = st.sampled_from(["", "/default", "/all", "/de_store"])


@given(template=st.sampled_from([t for t in TEMPLATES if "{" in t]), data=st.data(), store=stores)
def test_concrete_urls_match_their_template(template: str, data: st.DataObject, store: str) -> None:
    names = [part[1:-1] for part in template.split("/") if part.startswith("{")]
    chosen = {name: data.draw(values, label=name) for name in names}
    url = template
    for name, value in chosen.items():
        url = url.replace("{" + name + "}", quote(value, safe=""))
    found = MATCHER.match("GET", f"/rest{store}{url}")
    if template == "/V1/products/{sku}" and chosen["sku"] == "attributes":
        assert found is not None and found.operation.path == "/V1/products/attributes"  # literal wins
        return
    assert found is not None
    assert found.operation.path == template
    assert dict(found.path_params) == chosen
