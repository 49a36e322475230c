"""Magento downloadable links and samples, emulated statefully (issue 15 item 1): the link and sample repositories
and a product save carrying them, one state with ``GET /V1/products/{sku}``, as ``catalog.downloadable_links``
states them. Every answer is checked against its version's contract by the ``magento`` fixture.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from tests.integration.conftest import ok, refused

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]
EBOOK = {"product": {"sku": "EBOOK", "name": "E-book", "type_id": "downloadable", "price": 5}}
URL_LINK = {"title": "Chapter 1", "sort_order": 1, "is_shareable": 0, "price": 1.5, "number_of_downloads": 3,
            "link_type": "url", "link_url": "https://example.com/chapter-1.pdf"}
PDF = {"file_data": base64.b64encode(b"%PDF-1.4 tiny").decode(), "name": "Whole Book.pdf"}


@pytest.mark.parametrize("version", VERSIONS)
async def test_links_and_samples_are_saved_read_and_deleted(magento: Any, version: str) -> None:
    m = magento(version)
    await ok(m, "POST", "/products", json=EBOOK)
    assert await ok(m, "GET", "/products/EBOOK/downloadable-links") == []
    first = await ok(m, "POST", "/products/EBOOK/downloadable-links", json={"link": URL_LINK})
    file_link = {**URL_LINK, "title": "Whole book", "sort_order": 0, "link_type": "file", "link_file_content": PDF,
                 "sample_type": "url", "sample_url": "http://example.com/preview.pdf"}
    second = await ok(m, "POST", "/products/EBOOK/downloadable-links", json={"link": file_link})
    assert isinstance(first, int) and second > first
    links = await ok(m, "GET", "/products/EBOOK/downloadable-links")
    assert [link["id"] for link in links] == [second, first]  # by sort order
    assert links[0]["link_file"] == "/w/h/whole_book.pdf" and "link_url" not in links[0]
    assert (links[0]["sample_type"], links[0]["sample_url"]) == ("url", "http://example.com/preview.pdf")
    assert links[1]["link_url"] == URL_LINK["link_url"] and "sample_type" not in links[1]
    sample = await ok(m, "POST", "/products/EBOOK/downloadable-links/samples", json={"sample": {
        "title": "Excerpt", "sort_order": 1, "sample_type": "file", "sample_file_content": PDF}})
    samples = await ok(m, "GET", "/products/EBOOK/downloadable-links/samples")
    assert samples == [{"id": sample, "title": "Excerpt", "sort_order": 1, "sample_type": "file",
                        "sample_file": "/w/h/whole_book.pdf"}]
    product = await ok(m, "GET", "/products/EBOOK")
    assert product["extension_attributes"]["downloadable_product_links"] == links
    assert product["extension_attributes"]["downloadable_product_samples"] == samples
    assert await ok(m, "DELETE", f"/products/downloadable-links/{first}") is True
    assert await ok(m, "DELETE", f"/products/downloadable-links/samples/{sample}") is True
    assert [x["id"] for x in await ok(m, "GET", "/products/EBOOK/downloadable-links")] == [second]
    assert await ok(m, "GET", "/products/EBOOK/downloadable-links/samples") == []
    gone = await refused(m, "DELETE", f"/products/downloadable-links/{first}", 404)
    assert gone["message"] == "No downloadable link with the provided ID was found. Verify the ID and try again."


@pytest.mark.parametrize("version", VERSIONS)
async def test_an_update_names_the_link_in_its_body_and_keeps_its_sample(magento: Any, version: str) -> None:
    m = magento(version)
    await ok(m, "POST", "/products", json=EBOOK)
    link_id = await ok(m, "POST", "/products/EBOOK/downloadable-links", json={"link": {
        **URL_LINK, "sample_type": "url", "sample_url": "https://example.com/s.pdf"}})
    updated = await ok(m, "PUT", f"/products/EBOOK/downloadable-links/{link_id}",
                       json={"link": {**URL_LINK, "id": link_id, "title": "Chapter one", "price": 2}})
    assert updated == link_id
    (link,) = await ok(m, "GET", "/products/EBOOK/downloadable-links")
    assert (link["title"], link["price"], link["sample_url"]) == ("Chapter one", 2, "https://example.com/s.pdf")
    # without an id in the body the PUT creates a link (the path's id is not read)
    fresh = await ok(m, "PUT", f"/products/EBOOK/downloadable-links/{link_id}", json={"link": URL_LINK})
    assert fresh != link_id


@pytest.mark.parametrize("version", VERSIONS)
async def test_the_repositories_refuse_as_magento_does(magento: Any, version: str) -> None:
    m = magento(version)
    await ok(m, "POST", "/products", json=EBOOK)

    async def refusal(body: dict[str, Any], sku: str = "EBOOK", status: int = 400) -> str:
        answer = await refused(m, "POST", f"/products/{sku}/downloadable-links", status, json={"link": body})
        return str(answer["message"])

    assert await refusal(URL_LINK, "MUG-BLK") == \
        "The product needs to be the downloadable type. Verify the product and try again."
    assert await refusal({**URL_LINK, "link_type": "ftp"}) == "The link type is invalid. Verify and try again."
    assert await refusal({**URL_LINK, "price": -1}) == "Link price must have numeric positive value."
    assert await refusal({**URL_LINK, "number_of_downloads": -2}) == "Number of downloads must be a positive integer."
    assert await refusal({**URL_LINK, "link_url": "not a url"}) == "Link URL must have valid format."
    assert await refusal({**URL_LINK, "link_url": "https://cdn.other.com/a.pdf"}) == \
        "Link URL's domain is not in list of downloadable_domains in env.php."
    assert await refusal({**URL_LINK, "link_type": "file", "link_file": "/n/o/nothing.pdf"}) == \
        "Link file not found. Please try again."
    assert await refusal({**URL_LINK, "link_type": "file", "link_file_content": {**PDF, "name": "a:b.pdf"}}) == \
        "Provided file name contains forbidden characters."
    assert await refusal({**URL_LINK, "link_type": "file", "link_file_content": {**PDF, "file_data": "%%%"}}) == \
        "Provided content must be valid base64 encoded data."
    assert await refusal({**URL_LINK, "title": ""}) == "The link title is empty. Enter the link title and try again."
    sample = await refused(m, "POST", "/products/EBOOK/downloadable-links/samples", 400, json={"sample": {
        "title": "x", "sort_order": 1, "sample_type": "disk"}})
    assert sample["message"] == "The sample type is invalid. Verify the sample type and try again."
    other = await ok(m, "POST", "/products", json={"product": {**EBOOK["product"], "sku": "EBOOK-2"}})
    mine = await ok(m, "POST", "/products/EBOOK/downloadable-links", json={"link": URL_LINK})
    foreign = await refused(m, "PUT", f"/products/{other['sku']}/downloadable-links/{mine}", 400,
                            json={"link": {**URL_LINK, "id": mine}})
    assert foreign["message"] == "The downloadable link isn't related to the product. Verify the link and try again."


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_product_save_carries_links_and_samples(magento: Any, version: str) -> None:
    m = magento(version)
    body = {"product": {**EBOOK["product"], "extension_attributes": {
        "downloadable_product_links": [URL_LINK],
        "downloadable_product_samples": [{"title": "Teaser", "sort_order": 0, "sample_type": "url",
                                          "sample_url": "https://example.com/teaser.pdf"}]}}}
    saved = await ok(m, "POST", "/products", json=body)
    (link,) = saved["extension_attributes"]["downloadable_product_links"]
    assert link["title"] == "Chapter 1" and saved["extension_attributes"]["downloadable_product_samples"][0]["title"] \
        == "Teaser"
    assert await ok(m, "GET", "/products/EBOOK/downloadable-links") == [link]
    bad = {"product": {**EBOOK["product"], "sku": "EBOOK-BAD", "extension_attributes": {
        "downloadable_product_links": [{**URL_LINK, "link_url": "https://elsewhere.org/x"}]}}}
    await refused(m, "POST", "/products", 400, json=bad)
    await refused(m, "GET", "/products/EBOOK-BAD", 404)  # the save's transaction: nothing stays
    assert "downloadable_product_links" not in (await ok(m, "GET", "/products/MUG-BLK"))["extension_attributes"]
