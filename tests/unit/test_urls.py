"""URL → operation matching, for both platforms' mount points."""

from __future__ import annotations

import pytest

from stockgate.contracts.model import Operation
from stockgate.contracts.refs import Platform, VersionRef
from stockgate.contracts.urls import LightspeedUrls, MagentoUrls, OperationMatcher


def _op(method: str, path: str) -> Operation:
    return Operation(method=method, path=path, operation_id=None, summary="", deprecated=False,
                     parameters=(), request_body=None, responses=(), pointer="")


MAGENTO_OPS = [
    _op("POST", "/V1/inventory/source-items"),
    _op("GET", "/V1/inventory/source-items"),
    _op("GET", "/V1/products/{sku}"),
    _op("GET", "/V1/products/attributes"),
    _op("GET", "/V1/inventory/get-product-salable-quantity/{sku}/{stockId}"),
    _op("GET", "/V1/configurable-products/{sku}/children"),
]


@pytest.mark.parametrize(
    ("url", "store", "mode", "path"),
    [
        ("/rest/V1/products/ABC", None, "sync", "/V1/products/ABC"),
        ("/rest/default/V1/products/ABC", "default", "sync", "/V1/products/ABC"),
        ("/rest/all/V1/products/ABC", "all", "sync", "/V1/products/ABC"),
        ("/rest/de_store/V1/products/ABC", "de_store", "sync", "/V1/products/ABC"),
        ("/rest/default/async/V1/inventory/source-items", "default", "async", "/V1/inventory/source-items"),
        ("/rest/default/async/bulk/V1/inventory/source-items", "default", "bulk", "/V1/inventory/source-items"),
        ("/pub/rest/default/V1/products/ABC", "default", "sync", "/V1/products/ABC"),
        ("https://shop.example/rest/V1/products/ABC?x=1", None, "sync", "/V1/products/ABC"),
        ("/rest/default/V2/carts/mine/coupons", "default", "sync", "/V2/carts/mine/coupons"),  # in 2.4.8's schema
    ],
    ids=["no-store", "default", "all", "store-code", "async", "bulk", "pub", "absolute-url", "v2"],
)
def test_magento_mounts(url: str, store: str | None, mode: str, path: str) -> None:
    matcher = OperationMatcher(VersionRef(platform=Platform.MAGENTO, version="2.4.8"), MAGENTO_OPS)
    mount = matcher.mount(url)
    assert mount is not None
    assert (mount.store, mount.mode, mount.path) == (store, mode, path)


@pytest.mark.parametrize(
    "url", ["/V1/products/ABC", "/api/2.0/products", "/rest/default/Vx/products/x", "/restful/V1/x"]
)
def test_magento_rejects_foreign_urls(url: str) -> None:
    assert MagentoUrls().split(url) is None


def test_literal_segment_beats_parameter() -> None:
    matcher = OperationMatcher(VersionRef(platform=Platform.MAGENTO, version="2.4.8"), MAGENTO_OPS)
    found = matcher.match("GET", "/rest/default/V1/products/attributes")
    assert found is not None and found.operation.path == "/V1/products/attributes"
    found = matcher.match("GET", "/rest/default/V1/products/attribute")
    assert found is not None and found.operation.path == "/V1/products/{sku}"
    assert found.path_params == {"sku": "attribute"}


def test_path_parameters_are_decoded_and_method_matters() -> None:
    matcher = OperationMatcher(VersionRef(platform=Platform.MAGENTO, version="2.4.8"), MAGENTO_OPS)
    found = matcher.match("get", "/rest/V1/inventory/get-product-salable-quantity/RED%2FXL/2")
    assert found is not None
    assert found.path_params == {"sku": "RED/XL", "stockId": "2"}
    assert matcher.match("DELETE", "/rest/V1/inventory/source-items") is None
    assert matcher.match("POST", "/rest/V1/inventory/source-items") is not None


@pytest.mark.parametrize(
    ("url", "version", "path"),
    [
        ("/api/2.0/inventory", "2.0", "/inventory"),
        ("/api/2026-07/sales/abc/actions/return", "2026-07", "/sales/abc/actions/return"),
        ("/api/register_sales", None, "/register_sales"),
        ("https://acme.retail.lightspeed.app/api/2.1/products/p1", "2.1", "/products/p1"),
    ],
)
def test_lightspeed_mounts(url: str, version: str | None, path: str) -> None:
    mount = LightspeedUrls().split(url.rsplit("lightspeed.app", maxsplit=1)[-1])
    assert mount is not None
    assert (mount.version, mount.path) == (version, path)


def test_lightspeed_version_segment_must_match_the_contract() -> None:
    ops = [_op("POST", "/inventory"), _op("GET", "/sales/{sale_id}")]
    matcher = OperationMatcher(VersionRef(platform=Platform.LIGHTSPEED, version="2026-07"), ops)
    assert matcher.match("POST", "/api/2026-07/inventory") is not None
    assert matcher.match("POST", "/api/2026-04/inventory") is None  # another version's contract answers that
    assert matcher.match("POST", "/api/inventory") is None  # 0.9 is not this contract
    found = matcher.match("GET", "/api/2026-07/sales/s-1")
    assert found is not None and found.path_params == {"sale_id": "s-1"}
