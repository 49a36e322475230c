"""Images sent to the media gallery as data (pure): the content check and where the uploader files them.

``ImageContentValidator::isValid`` decodes the base64 strictly and reads the image's header
(``getimagesizefromstring``): no image is the base64 error; a detected type other than the one given, or one
outside the allowed list, is the MIME error; a name holding a forbidden character is the name error.
``ImageProcessor`` adds the MIME type's extension to a name without one; the uploader then replaces characters
other than letters, digits, ``_``, ``-`` and ``.`` with ``_``, lower-cases the name, files it under its first two
characters (``gallery.dispersed``) and renames it ``_1``, ``_2`` … when the file is taken
(``catalog.media_writes``).
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from collections.abc import Callable, Mapping
from typing import Any

from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.gallery import dispersed

_UNSAFE = re.compile(r"[^a-z0-9_\-.]+", re.IGNORECASE)


def sniff(data: bytes) -> str | None:
    """The MIME type PHP's image-size reader reports for ``data`` (None: not an image it reads)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24 and data[12:16] == b"IHDR":
        return "image/png" if struct.unpack(">II", data[16:24]) > (0, 0) else None
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return "image/gif"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"BM") and len(data) >= 26:
        return "image/bmp"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def decoded(content: Any, facts: Mapping[str, Any]) -> tuple[bytes, str, str]:
    """``(bytes, MIME type, name)`` of a valid image content; the validator's 400 otherwise."""
    if not isinstance(content, Mapping):
        raise input_error(facts["content_invalid"])
    try:
        data = base64.b64decode(str(content.get("base64_encoded_data") or ""), validate=True)
    except (binascii.Error, ValueError):
        data = b""
    found = sniff(data) if data else None
    if found is None:
        raise input_error(facts["content_invalid"])
    if found != content.get("type") or found not in facts["mime_types"]:
        raise input_error(facts["mime_invalid"])
    name = str(content.get("name") or "")
    if not name or any(c in str(facts["name_forbidden"]) for c in name):
        raise input_error(facts["name_invalid"])
    return data, found, name


def file_name(name: str, mime: str, facts: Mapping[str, Any]) -> str:
    """The name ``ImageProcessor::getFileName`` gives the upload (an extension from the MIME type when none)."""
    if "." not in name.strip(".") or name.endswith("."):
        extension = facts["extensions"].get(mime)
        if not extension:
            raise MagentoError(400, facts["no_extension"])
        name = f"{name}.{extension}"
    return name


def filed(name: str, taken: Callable[[str], bool]) -> str:
    """Where the uploader files ``name``: corrected, lower case, dispersed, renamed while the file is taken."""
    base = _UNSAFE.sub("_", name).lower()
    stem, dot, extension = base.rpartition(".")
    if not stem.strip("_"):
        stem = "file"
    candidate, n = dispersed(f"{stem}{dot}{extension}"), 0
    while taken(candidate):
        n += 1
        candidate = dispersed(f"{stem}_{n}{dot}{extension}")
    return candidate


def content_body(file: str, data: bytes, mime: str) -> dict[str, str]:
    """``framework-data-image-content-interface`` of a stored file, as a 2.4.7+ gallery read fills it."""
    return {"base64_encoded_data": base64.b64encode(data).decode(), "type": mime, "name": file.rsplit("/", 1)[-1]}
