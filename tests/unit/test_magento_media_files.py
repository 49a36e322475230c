"""The gallery's image check and file naming as data (``twins.magento.media_files``, ``catalog.media_writes``)."""

from __future__ import annotations

import base64

import pytest

from stockgate.contracts import load_contract
from stockgate.twins.magento import media_files
from stockgate.twins.magento.errors import MagentoError

FACTS = dict(load_contract("magento@2.4.8").profile().value("catalog.media_writes"))
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00"


@pytest.mark.parametrize(("data", "mime"), [
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01", "image/png"), (GIF, "image/gif"),
    (b"\xff\xd8\xff\xe0", "image/jpeg"), (b"BM" + b"\0" * 30, "image/bmp"), (b"RIFF\0\0\0\0WEBPVP8 ", "image/webp"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\0\0\0\0\0", None), (b"hello", None)], ids=str)
def test_the_header_names_the_image_type(data: bytes, mime: str | None) -> None:
    assert media_files.sniff(data) == mime


def test_names_are_corrected_lowered_dispersed_and_renamed_while_taken() -> None:
    taken = {"/s/i/side_view.png", "/s/i/side_view_1.png"}
    assert media_files.filed("Side View.png", taken.__contains__) == "/s/i/side_view_2.png"
    assert media_files.filed("(( )).GIF", set().__contains__) == "/f/i/file.gif"
    assert media_files.file_name("front", "image/gif", FACTS) == "front.gif"
    with pytest.raises(MagentoError) as refused:
        media_files.file_name("front", "image/bmp", FACTS)
    assert refused.value.message == "Cannot recognize image extension."


@pytest.mark.parametrize(("content", "message"), [
    ({"base64_encoded_data": "%%%", "type": "image/gif", "name": "a.gif"}, "content_invalid"),
    ({"base64_encoded_data": base64.b64encode(GIF).decode(), "type": "image/png", "name": "a.gif"}, "mime_invalid"),
    ({"base64_encoded_data": base64.b64encode(b"BM" + b"\0" * 30).decode(), "type": "image/bmp", "name": "a.bmp"},
     "mime_invalid"),
    ({"base64_encoded_data": base64.b64encode(GIF).decode(), "type": "image/gif", "name": "a;b.gif"}, "name_invalid"),
    ({"base64_encoded_data": base64.b64encode(GIF).decode(), "type": "image/gif", "name": ""}, "name_invalid"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_content_refusals_are_the_validators(content: dict[str, str], message: str) -> None:
    with pytest.raises(MagentoError) as refused:
        media_files.decoded(content, FACTS)
    assert (refused.value.status, refused.value.message) == (400, FACTS[message])


def test_valid_content_is_decoded() -> None:
    content = {"base64_encoded_data": base64.b64encode(GIF).decode(), "type": "image/gif", "name": "Cap.gif"}
    assert media_files.decoded(content, FACTS) == (GIF, "image/gif", "Cap.gif")
