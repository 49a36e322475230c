"""A SKU in a Magento URL path: encoded so that Magento's router gives back exactly that SKU."""

from __future__ import annotations

from urllib.parse import unquote_plus

from hypothesis import given
from hypothesis import strategies as st

from stockgate.connector.clients import segment, unsendable


@given(st.text(min_size=1))
def test_magentos_urldecode_of_an_encoded_segment_is_the_sku(sku: str) -> None:
    encoded = segment(sku)
    assert "/" not in encoded and "?" not in encoded and "#" not in encoded
    assert unquote_plus(encoded) == sku  # PHP urldecode: "+" is a space, so a "+" must travel as %2B


def test_the_skus_of_issue_14() -> None:
    assert segment("MUG-BLK?variant=1") == "MUG-BLK%3Fvariant%3D1"
    assert segment("BOX/10") == "BOX%2F10"
    assert segment("PCT%2F..%2Forders") == "PCT%252F..%252Forders"
    assert segment("S&P+1") == "S%26P%2B1"


def test_control_characters_make_a_sku_unsendable() -> None:
    assert unsendable("BAD\r\nSKU\x1b") == "it holds control characters (U+000A, U+000D, U+001B)"
    assert unsendable("TASSE GRÖSSE M") is None
