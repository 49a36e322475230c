"""Media gallery writes and reads over HTTP (issue 15 item 1): ``GalleryManagement`` and the media attribute list.

As ``catalog.media_writes`` states them: a new image's content is checked before the product is loaded
(``twins.magento.media_files``), filed as the uploader files it, and appended; a product's first image takes every
media attribute when no types are given; the roles an entry takes are the product's ``image``/``small_image``/
``thumbnail`` (each held by one entry: the last to take it). An update names its entry by the body's id (the
path's is not passed), takes the given roles from every other entry and replaces the entry; a remove drops the
entry and the roles it held. From 2.4.7 the gallery reads carry each image's bytes (``catalog.media_read_content``)
- for images written through the API: the seed's images have no bytes in the twin.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import media_files
from stockgate.twins.magento.errors import MagentoError
from stockgate.twins.magento.gallery import MediaEntry
from stockgate.twins.magento.numbers import php_int

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Product


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.media_writes"))


def media_attributes(call: Call) -> list[str]:
    """The store's media attributes (``media_image`` input in ``catalog.attributes``), in table order."""
    table = call.twin.profile.value("catalog.attributes")["attributes"]
    return [code for code, spec in table.items() if spec.get("input") == "media_image"]


def _roles(call: Call, types: Any) -> tuple[str, ...]:
    """The given types that are media attributes (``Processor::setMediaAttribute`` ignores others)."""
    wanted = [str(t) for t in types] if isinstance(types, list) else []
    return tuple(code for code in media_attributes(call) if code in wanted)


def _taken(call: Call) -> Any:
    files = {entry.file for product in call.twin.inventory.products.values() for entry in product.media}
    return lambda candidate: candidate in files or candidate in call.twin.inventory.media_files


def _without(entries: list[MediaEntry], roles: tuple[str, ...], keep: MediaEntry | None = None) -> list[MediaEntry]:
    """``entries`` with ``roles`` taken from every entry but ``keep``."""
    return [e if e is keep else replace(e, types=tuple(t for t in e.types if t not in roles)) for e in entries]


def _touch(call: Call, product: Product) -> None:
    product.updated_at = call.twin.clock.magento_time()


def create(call: Call) -> int:
    """``POST /V1/products/{sku}/media``: the new entry's id."""
    facts = _facts(call)
    raw = call.obj("entry")
    if raw.get("content") is None:
        raise call.internal_error()  # isValid(null): PHP's TypeError, not a LocalizedException
    data, mime, name = media_files.decoded(raw["content"], facts)
    inventory = call.twin.inventory
    product = inventory.product(call.params["sku"])
    file = media_files.filed(media_files.file_name(name, mime, facts), _taken(call))
    roles = _roles(call, raw.get("types"))
    if not product.media and raw.get("types") is None and facts["first_image_roles"] == "all":
        roles = tuple(media_attributes(call))
    position = raw.get("position")
    entry = MediaEntry(id=inventory.next_media_id(1), file=file, label=str(raw.get("label") or ""),
                       position=php_int(position, call.twin.behaviour.float_fields, "position")
                       if position is not None else max((e.position for e in product.media), default=0) + 1,
                       types=roles, disabled=bool(raw.get("disabled")))
    product.media[:] = [*_without(product.media, roles), entry]
    inventory.media_files[file] = (data, mime)
    _touch(call, product)
    return entry.id


def _found(call: Call, product: Product, wanted: Any) -> MediaEntry:
    entry = next((e for e in product.media if str(e.id) == str(wanted).strip()), None)
    if entry is None:
        raise MagentoError(404, _facts(call)["entry_missing"])
    return entry


def update(call: Call) -> bool:
    """``PUT /V1/products/{sku}/media/{entryId}``: the entry named by the body's ``id`` takes the body's values."""
    raw = call.obj("entry")
    product = call.twin.inventory.product(call.params["sku"])
    old = _found(call, product, raw.get("id"))
    roles = _roles(call, raw.get("types"))
    file = old.file
    if raw.get("content") is not None:  # new image bytes: the image is made again under a new name
        facts = _facts(call)
        data, mime, name = media_files.decoded(raw["content"], facts)
        file = media_files.filed(media_files.file_name(name, mime, facts), _taken(call))
        call.twin.inventory.media_files[file] = (data, mime)
    position = raw.get("position", old.position)
    new = replace(old, file=file, label=str(raw.get("label") or ""), types=roles, disabled=bool(raw.get("disabled")),
                  position=php_int(position, call.twin.behaviour.float_fields, "position") if position is not None
                  else old.position)
    product.media[:] = [new if e is old else e for e in _without(product.media, roles, keep=old)]
    _touch(call, product)
    return True


def remove(call: Call) -> bool:
    """``DELETE /V1/products/{sku}/media/{entryId}``: the entry and the roles it held go."""
    product = call.twin.inventory.product(call.params["sku"])
    entry = _found(call, product, call.params["entryId"])
    product.media.remove(entry)
    _touch(call, product)
    return True


def _read(call: Call, entry: MediaEntry) -> dict[str, Any]:
    """An entry as the gallery reads answer it: with its image's bytes where the version sends them."""
    body = entry.body()
    stored = call.twin.inventory.media_files.get(entry.file)
    if stored is not None and call.twin.profile.value("catalog.media_read_content"):
        body["content"] = media_files.content_body(entry.file, *stored)
    return body


def list_media(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/{sku}/media``: the product's gallery."""
    product = call.twin.inventory.product(call.params["sku"])
    return [_read(call, entry) for entry in product.media]


def get_media(call: Call) -> dict[str, Any]:
    """``GET /V1/products/{sku}/media/{entryId}`` (``catalog.link_and_media_reads``'s refusals)."""
    facts = call.twin.profile.value("catalog.link_and_media_reads")
    product = call.twin.inventory.products.get(call.params["sku"])
    if product is None:
        raise MagentoError(404, facts["media_product_missing"])
    entry = next((e for e in product.media if str(e.id) == call.params["entryId"].strip()), None)
    if entry is None:
        raise MagentoError(404, facts["media_entry_missing"])
    return _read(call, entry)


def media_types(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/media/types/{attributeSetName}``: the media image attributes of the product sets so named.

    ``MediaAttributeManagement::getList`` filters the product attributes by set name
    (``setAttributeSetFilterBySetName``, compared as MySQL's collation compares) and by ``frontend_input =
    media_image``: a set made or changed through the attribute set services answers what it holds now; no
    product set of that name answers ``[]``.
    """
    from stockgate.twins.magento import routes_attribute_sets
    from stockgate.twins.magento.routes_attributes import attribute

    sets = routes_attribute_sets.state(call)
    product = routes_attribute_sets.product_type(call)
    wanted = call.params["attributeSetName"]
    held: set[str] = set()
    for found in sets.sets.values():
        if found.entity_type_id == product and routes_attribute_sets.same_name(found.name, wanted):
            held.update(sets.codes_in(found.id))
    return [attribute(call, code) for code in media_attributes(call) if code in held]


def register(app: MagentoApp) -> None:
    """Add the gallery routes (the reads replace ``routes_catalog``'s and ``routes_product_parts``')."""
    r = app.route
    r("GET", "/V1/products/{sku}/media", list_media)
    r("GET", "/V1/products/{sku}/media/{entryId}", get_media)
    r("POST", "/V1/products/{sku}/media", create)
    r("PUT", "/V1/products/{sku}/media/{entryId}", update)
    r("DELETE", "/V1/products/{sku}/media/{entryId}", remove)
    r("GET", "/V1/products/media/types/{attributeSetName}", media_types)
