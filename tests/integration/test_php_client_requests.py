"""Requests that published PHP API clients send, answered as a real store answers them (issue 15, "Done when").

Each request here is one a PHP client nobody here wrote sent to a served twin, copied byte for byte from a
capture (``tests/clients/README.md`` lists the clients; ``tests/clients/manual/check_*.php`` drive them). No
PHP is needed to run these tests. Each names the profile fact it exercises and failed before the fix, but for
the rows marked as controls.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.anyio

# --- auth.oauth1_signature (header): magentix/magento-php-api-client 1.2.0 ---------------------------------------
# The client writes its Authorization header with http_build_query($oauth, '', ','): no quotes, no space after
# the commas, the signature form-encoded, and the query's own parameters (double-encoded) beside the oauth_ ones.
# Magento's request helper reads it (Request::_processHeader: explode(','), explode('=', 2), trim('"'),
# rawurldecode, only names matching /oauth_[a-z_-]+/); RFC 5849 section 3.5.1 requires quoted values.
MAGENTIX_HOST = "http://127.0.0.1:47001"
MAGENTIX_KEYS = ("oauth_consumer_key=stockgate-demo-consumer-key,oauth_nonce={nonce},oauth_signature_method="
                 "HMAC-SHA256,oauth_timestamp=1796410125,oauth_token=stockgate-demo-token,oauth_version=1.0,")
SKU_LIKE = ("searchCriteria[filter_groups][0][filters][0][field]=sku&searchCriteria[filter_groups][0][filters][0]"
            "[value]=TS-%&searchCriteria[filter_groups][0][filters][0][condition_type]=like&searchCriteria[pageSize]=5"
            "&searchCriteria[currentPage]=1")
SKU_LIKE_SIGNED = ("searchCriteria%255Bfilter_groups%255D%255B0%255D%255Bfilters%255D%255B0%255D%255Bfield%255D=sku,"
                   "searchCriteria%255Bfilter_groups%255D%255B0%255D%255Bfilters%255D%255B0%255D%255Bvalue%255D="
                   "TS-%2525,searchCriteria%255Bfilter_groups%255D%255B0%255D%255Bfilters%255D%255B0%255D%255B"
                   "condition_type%255D=like,searchCriteria%255BpageSize%255D=5,searchCriteria%255BcurrentPage%255D=1,")
MAGENTIX = {  # what the client sent: method, path and query as on the wire, nonce, the header's tail
    "product by SKU": ("GET", "/rest/V1/products/TS-RED-S?", "be14e0f2812f4f102dd8c97bc4c281af",
                       "oauth_signature=FkbPVE7z%2F4sglqqZAL1f7UoW8%2BISTgpIqcXy7gOsdRE%3D"),
    "stock item": ("GET", "/rest/V1/stockItems/TS-RED-S?", "70bc0209ff8b9aab3d4909e4fb513c27",
                   "oauth_signature=ul8Bfmh%2FXi%2FQONPnrvUeE2ex8D7qfNpuMs491MEw4Zw%3D"),
    "sku like TS-%": ("GET", f"/rest/V1/products?{SKU_LIKE}", "6e063b2e74b4a1f4e8361b77ed2b5322",
                      SKU_LIKE_SIGNED + "oauth_signature=lN1V9bc6Ah10b3J1o1xEcW7CwcdCrgSU7fHHCoDHCE0%3D"),
}


def magentix_request(name: str, *, quoted: bool = False) -> httpx.Request:
    """The captured request ``name``; ``quoted`` rewrites its header the RFC way (control)."""
    method, raw_path, nonce, tail = MAGENTIX[name]
    header = "OAuth " + MAGENTIX_KEYS.format(nonce=nonce) + tail
    if quoted:
        header = "OAuth " + ", ".join(f'{k}="{v}"' for k, v in (p.split("=", 1) for p in header[6:].split(",")))
    url = httpx.URL(MAGENTIX_HOST, raw_path=raw_path.encode())
    return httpx.Request(method, url, headers={"Authorization": header, "Content-Type": "application/json"})


@pytest.mark.parametrize("version", ["2.4.5", "2.4.8"])
@pytest.mark.parametrize("name", list(MAGENTIX))
async def test_an_unquoted_oauth_header_is_read_as_magentos_request_helper_reads_it(magento: Any, version: str,
                                                                                   name: str) -> None:
    m = magento(version, "default")
    r = await m.send(magentix_request(name))
    assert r.status_code == 200, r.text


async def test_the_same_signature_quoted_is_accepted_too(magento: Any) -> None:  # control
    m = magento("2.4.8", "default")
    r = await m.send(magentix_request("product by SKU", quoted=True))
    assert r.status_code == 200, r.text


async def test_a_tampered_unquoted_signature_is_refused(magento: Any) -> None:  # control: the signature is checked
    m = magento("2.4.8", "default")
    request = magentix_request("product by SKU")
    request.headers["Authorization"] = request.headers["Authorization"].replace("FkbPVE7z", "FkbPVE7y")
    r = await m.send(request)
    assert (r.status_code, r.json()["message"]) == (401, "The signature is invalid. Verify and try again.")
