"""Magento media gallery writes, emulated statefully (issue 15 item 1): ``GalleryManagement`` create, update and
remove, and the media attribute list, as ``catalog.media_writes`` states them.

Images are made here (a 1x1 PNG and GIF); every answer is checked against its version's contract by the
``magento`` fixture and every write is read back through the gallery reads and ``GET /V1/products/{sku}``.
"""

from __future__ import annotations

import base64
import struct
import zlib
from typing import Any

import pytest

from tests.integration.conftest import custom, ok, refused

pytestmark = pytest.mark.anyio
VERSIONS = ["2.4.5", "2.4.9"]


def png() -> bytes:
    """A 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + \
        chunk(b"IEND", b"")


GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00" \
      b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"


def entry(name: str = "Side View.png", data: bytes | None = None, mime: str = "image/png",
          **more: Any) -> dict[str, Any]:
    content = {"base64_encoded_data": base64.b64encode(png() if data is None else data).decode(), "type": mime,
               "name": name}
    return {"entry": {"media_type": "image", "label": "Side", "position": 3, "disabled": False, "types": [],
                      "content": content, **more}}


@pytest.mark.parametrize("version", VERSIONS)
async def test_a_new_image_is_filed_as_the_uploader_files_it(magento: Any, version: str) -> None:
    m = magento(version)
    before = await ok(m, "GET", "/products/MUG-BLK/media")
    new_id = await ok(m, "POST", "/products/MUG-BLK/media", json=entry())
    assert isinstance(new_id, int) and new_id not in [e["id"] for e in before]
    read = await ok(m, "GET", f"/products/MUG-BLK/media/{new_id}")
    assert {k: read[k] for k in ("id", "media_type", "label", "position", "disabled", "types", "file")} == {
        "id": new_id, "media_type": "image", "label": "Side", "position": 3, "disabled": False, "types": [],
        "file": "/s/i/side_view.png"}
    product = await ok(m, "GET", "/products/MUG-BLK")
    assert [e["id"] for e in product["media_gallery_entries"]] == [*[e["id"] for e in before], new_id]
    assert "content" not in product["media_gallery_entries"][-1]  # the product read loads no image bytes
    again = await ok(m, "POST", "/products/MUG-WHT/media", json=entry(name="side view.png"))
    assert (await ok(m, "GET", f"/products/MUG-WHT/media/{again}"))["file"] == "/s/i/side_view_1.png"
    bare = await ok(m, "POST", "/products/MUG-WHT/media", json=entry(name="front", data=GIF, mime="image/gif"))
    assert (await ok(m, "GET", f"/products/MUG-WHT/media/{bare}"))["file"] == "/f/r/front.gif"


async def test_reads_carry_the_image_content_from_2_4_7(magento: Any) -> None:
    """ACSD-49129: GET media answers each entry's file as base64 from 2.4.7; earlier releases leave it out."""
    for version, expected in (("2.4.6", False), ("2.4.7", True)):
        m = magento(version)
        new_id = await ok(m, "POST", "/products/MUG-BLK/media", json=entry())
        one = await ok(m, "GET", f"/products/MUG-BLK/media/{new_id}")
        listed = (await ok(m, "GET", "/products/MUG-BLK/media"))[-1]
        assert ("content" in one, "content" in listed) == (expected, expected), version
        if expected:
            assert one["content"] == {"base64_encoded_data": base64.b64encode(png()).decode(), "type": "image/png",
                                      "name": "side_view.png"}


@pytest.mark.parametrize("version", VERSIONS)
async def test_roles_move_to_the_entry_that_takes_them(magento: Any, version: str) -> None:
    m = magento(version)
    old = (await ok(m, "GET", "/products/MUG-BLK/media"))[0]
    assert old["types"] == ["image", "small_image", "thumbnail"]
    new_id = await ok(m, "POST", "/products/MUG-BLK/media", json=entry(types=["image", "swatch_image"]))
    media = {e["id"]: e for e in await ok(m, "GET", "/products/MUG-BLK/media")}
    assert media[new_id]["types"] == ["image"]  # swatch_image is not a media attribute the twin models
    assert media[old["id"]]["types"] == ["small_image", "thumbnail"]
    product = await ok(m, "GET", "/products/MUG-BLK")
    assert (custom(product, "image"), custom(product, "thumbnail")) == ("/s/i/side_view.png", old["file"])
    # an update: label, position, disabled and roles; the entry named by the body's id
    changed = {**media[new_id], "label": "Side (new)", "position": 0, "disabled": True, "types": ["thumbnail"]}
    assert await ok(m, "PUT", f"/products/MUG-BLK/media/{new_id}", json={"entry": changed}) is True
    media = {e["id"]: e for e in await ok(m, "GET", "/products/MUG-BLK/media")}
    assert (media[new_id]["label"], media[new_id]["position"], media[new_id]["disabled"]) == ("Side (new)", 0, True)
    assert media[new_id]["types"] == ["thumbnail"]  # the entry's roles are those given: image is dropped
    assert media[old["id"]]["types"] == ["small_image"]
    assert custom(await ok(m, "GET", "/products/MUG-BLK"), "image") is None
    assert await ok(m, "DELETE", f"/products/MUG-BLK/media/{new_id}") is True
    left = await ok(m, "GET", "/products/MUG-BLK/media")
    assert [e["id"] for e in left] == [old["id"]]
    assert custom(await ok(m, "GET", "/products/MUG-BLK"), "thumbnail") is None  # the role left with the image


async def test_a_first_image_takes_every_role_when_none_are_given(magento: Any) -> None:
    m = magento("2.4.8")
    await ok(m, "POST", "/products", json={"product": {"sku": "TOTE", "name": "Tote", "price": 15}})
    new_id = await ok(m, "POST", "/products/TOTE/media", json={"entry": {**entry()["entry"], "types": None}})
    assert (await ok(m, "GET", f"/products/TOTE/media/{new_id}"))["types"] == ["image", "small_image", "thumbnail"]


@pytest.mark.parametrize("version", VERSIONS)
async def test_content_is_validated_as_the_image_content_validator_does(magento: Any, version: str) -> None:
    m = magento(version)
    cases = [
        (entry(data=b"not an image"), "The image content must be valid base64 encoded data."),
        ({"entry": {**entry()["entry"], "content": {**entry()["entry"]["content"], "base64_encoded_data": "@@"}}},
         "The image content must be valid base64 encoded data."),
        (entry(mime="image/jpeg"), "The image MIME type is not valid or not supported."),
        (entry(name="a/b.png"), "Provided image name contains forbidden characters."),
        (entry(name="front", mime="image/png", data=b"BM" + b"\0" * 60), None),
    ]
    for body, message in cases:
        answer = await refused(m, "POST", "/products/MUG-BLK/media", 400, json=body)
        if message is not None:
            assert answer == {"message": message}, body
    # the content is checked before the product is loaded
    assert (await refused(m, "POST", "/products/NOPE/media", 400, json=entry(data=b"x")))["message"] == \
        "The image content must be valid base64 encoded data."
    await refused(m, "POST", "/products/NOPE/media", 404, json=entry())
    assert len(await ok(m, "GET", "/products/MUG-BLK/media")) == 1


@pytest.mark.parametrize("version", VERSIONS)
async def test_update_and_remove_refuse_an_unknown_image(magento: Any, version: str) -> None:
    m = magento(version)
    missing = {"message": "No image with the provided ID was found. Verify the ID and try again."}
    assert await refused(m, "DELETE", "/products/MUG-BLK/media/999", 404) == missing
    assert await refused(m, "PUT", "/products/MUG-BLK/media/999", 404,
                         json={"entry": {**entry()["entry"], "id": 999}}) == missing
    await refused(m, "DELETE", "/products/NOPE/media/1", 404)
    await ok(m, "POST", "/products", json={"product": {"sku": "TOTE", "name": "Tote", "price": 15}})
    assert await refused(m, "DELETE", "/products/TOTE/media/1", 404) == missing


@pytest.mark.parametrize("version", VERSIONS)
async def test_media_types_are_the_sets_media_image_attributes(magento: Any, version: str) -> None:
    m = magento(version)
    types = await ok(m, "GET", "/products/media/types/Default")
    assert [t["attribute_code"] for t in types] == ["image", "small_image", "thumbnail"]
    assert {t["frontend_input"] for t in types} == {"media_image"}
    assert await ok(m, "GET", "/products/media/types/Nope") == []


async def test_media_types_follow_the_sets_as_written(magento: Any) -> None:
    """A product set made from the Default skeleton holds its media attributes (its name compared as MySQL
    compares); a customer set of that name adds nothing, and no product set of a name answers nothing."""
    m = magento("2.4.8")
    assert await ok(m, "GET", "/products/media/types/Bags") == []
    await ok(m, "POST", "/eav/attribute-sets", json={
        "entityTypeCode": "customer", "attributeSet": {"attribute_set_name": "Bags", "sort_order": 2}, "skeletonId": 1})
    assert await ok(m, "GET", "/products/media/types/Bags") == []
    await ok(m, "POST", "/products/attribute-sets", json={
        "attributeSet": {"attribute_set_name": "Bags", "sort_order": 2}, "skeletonId": 4})
    assert [t["attribute_code"] for t in await ok(m, "GET", "/products/media/types/bags")] == \
        ["image", "small_image", "thumbnail"]
