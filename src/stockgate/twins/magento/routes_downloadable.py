"""Downloadable product links and samples over HTTP (issue 15 item 1), one state with ``GET /V1/products/{sku}``.

As ``catalog.downloadable_links`` states them: a save with an id in the body updates that link or sample of
the product (the path's id is not read), one without creates it on a downloadable product; the repositories
check the types, then the content validator, then the title, and answer the id. Deletes take the global id.
A product save carrying ``extension_attributes.downloadable_product_links``/``_samples`` saves each through the
same repository and deletes the stored ones the list leaves out; reads carry them.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import downloadable as d
from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.media_files import filed

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.state import Inventory, Product

FOLDERS = {"link": "/downloadable/files/links", "link_sample": "/downloadable/files/link_samples",
           "sample": "/downloadable/files/samples"}


def facts(call: Call) -> dict[str, Any]:
    """The profile fact ``catalog.downloadable_links``."""
    return dict(call.twin.profile.value("catalog.downloadable_links"))


def _files(inventory: Inventory) -> set[str]:
    """Files the API stored before, as a link names them (a link naming a file without content needs one)."""
    return {name[len(folder):] for name in inventory.media_files for folder in FOLDERS.values()
            if name.startswith(folder + "/")}


def _upload(inventory: Inventory, content: Mapping[str, Any], folder: str) -> str:
    """Store uploaded content; its dispersed path (``/l/i/link.pdf``) as the link or sample reads it."""
    path = filed(str(content["name"]), lambda p: f"{FOLDERS[folder]}{p}" in inventory.media_files)
    inventory.media_files[f"{FOLDERS[folder]}{path}"] = (base64.b64decode(str(content["file_data"])),
                                                         "application/octet-stream")
    return path


def list_links(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/{sku}/downloadable-links`` (any product: none unless downloadable)."""
    return [link.body() for link in _ordered(call.twin.inventory.product(call.params["sku"]).downloadable_links)]


def list_samples(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/products/{sku}/downloadable-links/samples``."""
    return [s.body() for s in _ordered(call.twin.inventory.product(call.params["sku"]).downloadable_samples)]


def _ordered(rows: list[Any]) -> list[Any]:
    return sorted(rows, key=lambda row: (row.sort_order, row.id))


def link_save(call: Call, product: Product, raw: Mapping[str, Any]) -> int:
    """``LinkRepository::save``: update the link the body's id names, or create one."""
    f, inventory = facts(call), call.twin.inventory
    stored = None
    if raw.get("id") is not None:
        stored = _owned(call, product, raw["id"], "link")
    elif product.type_id != "downloadable":
        raise input_error(f["not_downloadable"])
    if raw.get("link_type") not in ("url", "file"):
        raise input_error(f["link_type_invalid"])
    sample = "sample_type" in raw
    if sample and raw.get("sample_type") not in ("url", "file"):
        raise input_error(f["sample_type_invalid"])
    found = d.link_problem(raw, f, _files(inventory), sample=sample)
    if found:
        raise input_error(found)
    if not raw.get("title"):
        raise input_error(f["link_title_empty"])
    link = d.DownloadableLink(
        id=stored.id if stored is not None else inventory.next_id("downloadable_link"), title=str(raw["title"]),
        sort_order=int(raw["sort_order"]), is_shareable=int(raw.get("is_shareable") or 0), price=float(raw["price"]),
        number_of_downloads=int(raw["number_of_downloads"]), link_type=str(raw["link_type"]))
    if link.link_type == "url":
        link.link_url = str(raw["link_url"])
    else:
        content = raw.get("link_file_content")
        link.link_file = _upload(inventory, content, "link") if content else str(raw.get("link_file"))
    _sample_of(inventory, link, raw, stored if not sample else None)
    product.downloadable_links[:] = [x for x in product.downloadable_links if x is not stored] + [link]
    return link.id


def _sample_of(inventory: Inventory, link: d.DownloadableLink, raw: Mapping[str, Any],
               kept: d.DownloadableLink | None) -> None:
    """The link's own sample: as given, or the stored one when an update gives no sample type."""
    if kept is not None:
        link.sample_type, link.sample_url, link.sample_file = kept.sample_type, kept.sample_url, kept.sample_file
    elif raw.get("sample_type") == "url":
        link.sample_type, link.sample_url = "url", str(raw.get("sample_url"))
    elif raw.get("sample_type") == "file":
        content = raw.get("sample_file_content")
        link.sample_type = "file"
        link.sample_file = _upload(inventory, content, "link_sample") if content else str(raw.get("sample_file"))


def _owned(call: Call, product: Product, wanted: Any, kind: str) -> Any:
    """The stored link or sample ``wanted`` names: its 404 when none, refused when another product's."""
    f = facts(call)
    for other in call.twin.inventory.products.values():
        rows = other.downloadable_links if kind == "link" else other.downloadable_samples
        found = next((row for row in rows if str(row.id) == str(wanted).strip()), None)
        if found is not None:
            if other is not product:
                raise input_error(f[f"{kind}_not_related"])
            return found
    raise MagentoError(404, f[f"{kind}_missing"])


def sample_save(call: Call, product: Product, raw: Mapping[str, Any]) -> int:
    """``SampleRepository::save``."""
    f, inventory = facts(call), call.twin.inventory
    stored = None
    if raw.get("id"):
        stored = _owned(call, product, raw["id"], "sample")
    elif product.type_id != "downloadable":
        raise input_error(f["not_downloadable"])
    if raw.get("sample_type") not in ("url", "file"):
        raise input_error(f["sample_kind_invalid"])
    found = d.sample_problem(raw, f, _files(inventory))
    if found:
        raise input_error(found)
    if not raw.get("title"):
        raise input_error(f["sample_title_empty"])
    sample = d.DownloadableSample(id=stored.id if stored is not None else inventory.next_id("downloadable_sample"),
                                  title=str(raw["title"]), sort_order=int(raw["sort_order"]),
                                  sample_type=str(raw["sample_type"]))
    if sample.sample_type == "url":
        sample.sample_url = str(raw["sample_url"])
    else:
        content = raw.get("sample_file_content")
        sample.sample_file = _upload(inventory, content, "sample") if content else str(raw.get("sample_file"))
    product.downloadable_samples[:] = [x for x in product.downloadable_samples if x is not stored] + [sample]
    return sample.id


def delete(call: Call, kind: str) -> bool:
    """``DELETE /V1/products/downloadable-links/{id}`` and ``.../samples/{id}``: by the global id."""
    wanted = call.int_param("id")
    for product in call.twin.inventory.products.values():
        rows: list[Any] = product.downloadable_links if kind == "link" else product.downloadable_samples
        found = next((row for row in rows if row.id == wanted), None)
        if found is not None:
            rows.remove(found)
            return True
    raise MagentoError(404, facts(call)[f"{kind}_missing"])


def save_all(call: Call, product: Product, raw: Mapping[str, Any], *, created: bool) -> None:
    """A product save's links and samples (the Create/Update handlers): each saved, the ones left out deleted.

    A new product's rows are all new (``CreateHandler`` drops their ids).
    """
    if product.type_id != "downloadable":
        return
    for key, kind, save in (("downloadable_product_links", "downloadable_links", link_save),
                            ("downloadable_product_samples", "downloadable_samples", sample_save)):
        rows = [{**row, "id": None} if created else row for row in raw.get(key) or [] if isinstance(row, Mapping)]
        if not rows:
            continue
        kept = {save(call, product, row) for row in rows}
        setattr(product, kind, [row for row in getattr(product, kind) if row.id in kept])


def _saving(body: str, save: Callable[[Call, Product, Mapping[str, Any]], int]) -> Callable[[Call], int]:
    """The POST/PUT handler that saves the body's ``body`` object (a link or a sample) on ``{sku}``."""
    def handler(call: Call) -> int:
        product = call.twin.inventory.product(call.params["sku"])
        saved = save(call, product, call.obj(body))
        product.updated_at = call.twin.clock.magento_time()
        return saved
    return handler


def register(app: MagentoApp) -> None:
    """Add the downloadable link and sample routes."""
    r = app.route
    r("GET", "/V1/products/{sku}/downloadable-links", list_links)
    r("GET", "/V1/products/{sku}/downloadable-links/samples", list_samples)
    save_link, save_sample = _saving("link", link_save), _saving("sample", sample_save)
    r("POST", "/V1/products/{sku}/downloadable-links", save_link)
    r("PUT", "/V1/products/{sku}/downloadable-links/{id}", save_link)
    r("DELETE", "/V1/products/downloadable-links/{id}", lambda call: delete(call, "link"))
    r("POST", "/V1/products/{sku}/downloadable-links/samples", save_sample)
    r("PUT", "/V1/products/{sku}/downloadable-links/samples/{id}", save_sample)
    r("DELETE", "/V1/products/downloadable-links/samples/{id}", lambda call: delete(call, "sample"))
