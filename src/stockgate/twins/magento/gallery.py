"""Product images (the media gallery) and product links (related, up-sell, cross-sell) as data (pure).

A gallery entry is a file under ``pub/media/catalog/product`` named the way Magento's uploader files it
(M2 lib/internal/Magento/Framework/File/Uploader.php ``getDispersionPath``: the first two characters of
the lower-cased name as folders, a dot as ``_``: ``/m/u/mug-blk.jpg``), with its alternative text,
position and roles; the entry holding a role is the product's ``image``, ``small_image`` or ``thumbnail``
attribute. Links name the linked SKU, their type
and position, as ``catalog_product_link`` keeps them (Magento_Catalog's own link types).
"""

from __future__ import annotations

from dataclasses import dataclass

LINK_TYPES = ("related", "upsell", "crosssell")  # Magento_Catalog's product link types
ROLES = ("image", "small_image", "thumbnail")  # the roles a product's first image takes


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaEntry:
    """One image of a product's gallery (``catalog-data-product-attribute-media-gallery-entry-interface``)."""

    id: int
    file: str  # the path under catalog/product: "/m/u/mug-blk.jpg"
    label: str  # the alternative text
    position: int
    types: tuple[str, ...] = ()
    disabled: bool = False

    def body(self) -> dict[str, object]:
        """The entry as a product answer carries it."""
        return {"id": self.id, "media_type": "image", "label": self.label, "position": self.position,
                "disabled": self.disabled, "types": list(self.types), "file": self.file}


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductLink:
    """A related, up-sell or cross-sell product."""

    link_type: str
    sku: str
    position: int


def dispersed(name: str) -> str:
    """Where the uploader files ``name``: ``/<1st>/<2nd>/<name>``, lower case, a dot as ``_``."""
    base = name.lower()
    folders = "".join(f"/{'_' if c == '.' else c}" for c in base[:2])
    return f"{folders}/{base}"


def gallery(files: list[str], label: str, first_id: int) -> list[MediaEntry]:
    """Entries for ``files`` in order; the first takes the product's image roles."""
    return [MediaEntry(id=first_id + n, file=dispersed(name), label=label, position=n + 1,
                       types=ROLES if n == 0 else ()) for n, name in enumerate(files)]


def role_files(entries: list[MediaEntry]) -> list[tuple[str, str]]:
    """``(role, file)`` for each role an entry holds: the ``image``/``small_image``/``thumbnail`` attributes."""
    holders = ((role, next((e for e in entries if role in e.types), None)) for role in ROLES)
    return [(role, entry.file) for role, entry in holders if entry is not None]
