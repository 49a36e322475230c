"""Product images (read, reorder, delete, upload) and deleting a whole variant family.

An image belongs to one product; its ``position`` is its place in the product's list, from 1 (the
documents type it as a number and give no base: profile fact ``products.images``). An upload is
``multipart/form-data`` with the file in the ``image`` part, as the document says; the twin files
it under the SHA-1 of its bytes (as the image CDN names files) and its processing is done when the
upload answers (``status: uploaded``). ``DELETE /products/{id}/all`` soft-deletes every member of the
product's family (its parent and every variant; a product without variants alone) and answers 200
without a body.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed.errors import LightspeedError, number
from stockgate.twins.lightspeed.routes_core import no_content
from stockgate.twins.lightspeed.state import Image, Product
from stockgate.twins.web import Response

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp


def _find(call: Call) -> tuple[Product, Image]:
    wanted = call.params["product_image_id"]
    for product in call.twin.store.products.values():
        for image in product.images:
            if image.id == wanted and not product.deleted_at:
                return product, image
    raise LightspeedError(404, "product image not found")


def _answer(product: Product, image: Image) -> dict[str, Any]:
    return {"data": {"id": image.id, "product_id": product.id, "position": product.images.index(image) + 1,
                     "status": "uploaded", "version": image.version}}


def _stamp(call: Call, product: Product, image: Image | None = None) -> None:
    if image is not None:
        image.version = call.twin.store.next_version
        call.twin.store.next_version += 1
    call.twin.store.product_changed(product)


def reposition(call: Call) -> Any:
    """``PUT /product_images/{id}``: move the image to ``position`` (clamped to the list)."""
    product, image = _find(call)
    raw = call.obj()
    if raw.get("position") is None:
        raise LightspeedError(400, "position is required")
    place = int(number(raw["position"], "position"))
    product.images.remove(image)
    product.images.insert(min(max(place, 1), len(product.images) + 1) - 1, image)
    _stamp(call, product, image)
    return _answer(product, image)


def delete_image(call: Call) -> Any:
    """``DELETE /product_images/{id}`` (204)."""
    product, image = _find(call)
    product.images.remove(image)
    _stamp(call, product)
    return no_content()


def _image_part(call: Call) -> bytes:
    kind = call.request.headers.get("content-type", "")
    if not kind.lower().startswith("multipart/form-data"):
        raise LightspeedError(400, "the image must be sent as multipart/form-data")
    head = f"Content-Type: {kind}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + call.request.body)
    for part in message.iter_parts() if message.is_multipart() else ():
        if part.get_param("name", header="content-disposition") == "image":
            data = part.get_payload(decode=True)
            if isinstance(data, bytes) and data:
                return data
    raise LightspeedError(400, "the form has no image file (the part named 'image')")


def upload(call: Call) -> Any:
    """``POST /products/{id}/actions/image_upload`` (201)."""
    product = call.twin.store.product(call.params["product_id"])
    data = _image_part(call)
    image = Image(id=call.twin.store.make_id("product_image"), file=f"{hashlib.sha1(data).hexdigest()}.jpg")
    product.images.append(image)
    _stamp(call, product, image)
    return Response(status=201, body=_answer(product, image))


def delete_family(call: Call) -> Any:
    """``DELETE /products/{id}/all``: the product's whole variant family (200, no body)."""
    store = call.twin.store
    product = store.product(call.params["product_id"])
    parent = store.products.get(product.variant_parent_id or "") or product
    for member in [parent, *store.children(parent.id)]:
        if not member.deleted_at:
            member.deleted_at = call.twin.now()
            store.touch(member)
    return Response(status=200, body=b"", content_type="")


def register(app: LightspeedApp) -> None:
    """Add the routes."""
    r = app.route
    r("GET", "/product_images/{product_image_id}", lambda c: _answer(*_find(c)))
    r("PUT", "/product_images/{product_image_id}", reposition)
    r("DELETE", "/product_images/{product_image_id}", delete_image)
    r("POST", "/products/{product_id}/actions/image_upload", upload)
    r("DELETE", "/products/{product_id}/all", delete_family)
