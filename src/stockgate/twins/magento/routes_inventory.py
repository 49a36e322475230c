"""MSI routes: sources, stocks, links, source items, salable quantity, source selection, bulk.

Source-item validation follows MSI's validator chain (``Inventory/Model/SourceItem/Validator``,
``SourceItemsSaveHandler``): every item is checked before any is written, and one bad item fails
the whole batch with ``Validation Failed`` (``inventory.source_items_validation``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import search
from stockgate.twins.magento import serialize as out
from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.numbers import php_float

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp

SOURCE_ITEM_TYPE = "\\Magento\\InventoryApi\\Api\\Data\\SourceItemInterface"
LINK_TYPE = "\\Magento\\InventoryApi\\Api\\Data\\StockSourceLinkInterface"
ALGORITHMS = [
    {"code": "priority", "title": "Source Priority",
     "description": "Algorithm which provides Source Selections based on predefined priority of Source"},
]


def paging(call: Call) -> search.Paging:
    """The profile's paging rules."""
    b = call.twin.behaviour
    return search.Paging(limits_on=b.limits_on, max_page_size=b.max_page_size,
                         default_page_size=b.default_page_size, page_size_error=b.page_size_error,
                         past_end=b.page_past_end)


def listing(call: Call, rows: Sequence[dict[str, Any]], *, required: bool = False,
            entity: str = "") -> dict[str, Any]:
    """Apply the request's searchCriteria to ``rows`` (``entity``: whose ``search.field_aliases`` apply)."""
    criteria = search.parse(call.request.query)
    if required and not criteria.present:
        raise input_error('"%fieldName" is required. Enter and try again.', {"fieldName": "searchCriteria"})
    aliases = call.twin.behaviour.field_aliases.get(entity, {})
    page, total, applied = search.apply(rows, criteria, paging(call), aliases=aliases)
    return {"items": page, "search_criteria": applied.echo(), "total_count": total}


def check_array(call: Call, items: list[Any], type_name: str) -> None:
    """Web API input limiting: too many array items → the profile's 400 (only when limits are on)."""
    b = call.twin.behaviour
    limit = b.sync_array_max if call.mount.mode == "sync" else b.async_array_max
    if b.limits_on and len(items) > limit:
        body = b.array_error["body"]
        raise MagentoError(int(b.array_error["status"]), body["message"], {"type": type_name, "max": limit})


def _validation_failed(message: str, field: str) -> MagentoError:
    b_message = "Validation Failed"
    return MagentoError(400, b_message, errors=[{"message": message, "parameters": {"field": field}}])


def _source_items(call: Call) -> list[dict[str, Any]]:
    body = call.obj()
    items = body.get("sourceItems", body.get("source_items"))
    if not isinstance(items, list):
        raise input_error('"%fieldName" is required. Enter and try again.', {"fieldName": "sourceItems"})
    check_array(call, items, SOURCE_ITEM_TYPE)
    if not items:
        raise input_error(call.twin.behaviour.source_items_validation["empty_message"])
    return items


def _validate_item(call: Call, item: Any, *, save: bool) -> tuple[str, str, float, int]:
    b = call.twin.behaviour
    if not isinstance(item, dict):
        raise _validation_failed('"%field" can not be empty.', "sku")
    sku = str(item.get("sku") or "")
    if not sku.strip():
        raise _validation_failed('"%field" can not be empty.', "sku")
    if b.sku_whitespace.get("rejected") and sku != sku.strip():
        raise MagentoError(400, "Validation Failed", errors=[{"message": b.sku_whitespace["message"],
                                                               "parameters": []}])
    code = str(item.get("source_code") or "")
    if not code:
        raise _validation_failed('"%field" can not be empty.', "source_code")
    if code not in call.twin.inventory.sources:
        raise input_error("Could not save Source Item")
    if not b.unknown_sku_accepted and sku not in call.twin.inventory.products:
        raise input_error("The product that was requested doesn't exist. Verify the product and try again.")
    if not save:
        return sku, code, 0.0, 0
    quantity, status = item.get("quantity"), item.get("status", 1)
    if isinstance(quantity, bool) or not isinstance(quantity, int | float | str):
        raise _validation_failed('"%field" should be numeric.', "quantity")
    qty = php_float(quantity, b.float_fields, "quantity")  # "NaN", "Infinity", "1e309": the type error
    if str(status) not in {"0", "1"}:
        raise _validation_failed('"%field" should be known status.', "status")
    return sku, code, qty, int(status)


def save_source_items(call: Call) -> list[Any]:
    """``POST /V1/inventory/source-items``: absolute quantities, whole batch or nothing."""
    rows = [_validate_item(call, item, save=True) for item in _source_items(call)]
    for sku, code, qty, status in rows:
        call.twin.inventory.set_source_item(sku, code, qty, status)
    return []


def delete_source_items(call: Call) -> list[Any]:
    """``POST /V1/inventory/source-items-delete``."""
    rows = [_validate_item(call, item, save=False) for item in _source_items(call)]
    for sku, code, _q, _s in rows:
        call.twin.inventory.delete_source_item(sku, code)
    return []


def list_source_items(call: Call) -> dict[str, Any]:
    """``GET /V1/inventory/source-items``."""
    return listing(call, call.twin.inventory.source_item_table(out.source_item), required=True)


def _stock_id(call: Call, name: str = "stockId") -> int:
    return call.int_param(name)


def salable_qty(call: Call) -> float | int:
    """``get-product-salable-quantity``."""
    sku, stock_id = call.params["sku"], _stock_id(call)
    inventory = call.twin.inventory
    if sku not in inventory.products and sku not in inventory.items_of:
        raise MagentoError(404, "The product that was requested doesn't exist. Verify the product and try again.")
    return out.number(inventory.salable_quantity(sku, stock_id))


def is_salable(call: Call) -> bool:
    """``is-product-salable``."""
    return call.twin.inventory.is_salable(call.params["sku"], _stock_id(call))


def is_salable_for_qty(call: Call) -> dict[str, Any]:
    """``is-product-salable-for-requested-qty``."""
    sku, stock_id = call.params["sku"], _stock_id(call)
    wanted = php_float(call.params["requestedQty"], call.twin.behaviour.float_fields)
    return salable_for_qty(call, sku, stock_id, wanted)


def salable_for_qty(call: Call, sku: str, stock_id: int, wanted: float) -> dict[str, Any]:
    """``IsProductSalableForRequestedQty``: ``{salable, errors}`` for ``wanted`` units of ``sku`` on a stock."""
    inventory = call.twin.inventory
    ok = inventory.salable_quantity(sku, stock_id) >= wanted if sku in inventory.products or \
        sku in inventory.items_of else False
    errors = [] if ok else [{"code": "is_correct_qty-not_enough", "message": "The requested qty is not available"}]
    return {"salable": ok, "errors": errors}


def are_salable(call: Call) -> list[dict[str, Any]]:
    """``are-products-salable?skus[0]=…&stockId=…``."""
    stock_id = query_stock_id(call)
    skus = [v for k, v in call.request.query if k.startswith("skus")]
    return [{"sku": s, "stock_id": stock_id, "salable": call.twin.inventory.is_salable(s, stock_id)} for s in skus]


def query_stock_id(call: Call) -> int:
    """The query's ``stockId`` as an int; Magento's required-field or type 400 otherwise."""
    stock = next((v for k, v in call.request.query if k in {"stockId", "stock_id"}), None)
    if stock is None:
        raise input_error('"%fieldName" is required. Enter and try again.', {"fieldName": "stockId"})
    try:
        stock_id = int(stock)
    except ValueError:
        raise input_error('The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try '
                          "again.", {"value": stock, "type": "int"}) from None
    return stock_id


def stock_resolver(call: Call) -> dict[str, Any]:
    """``stock-resolver/{type}/{code}`` (type ``website``)."""
    if call.params["type"] != "website":
        raise input_error('Sales channel type "%type" is not supported.', {"type": call.params["type"]})
    return out.stock(call.twin.inventory.stock(call.twin.inventory.stock_for_website(call.params["code"])))


def ssa_result(call: Call) -> dict[str, Any]:
    """``source-selection-algorithm-result`` with the priority algorithm."""
    body = call.obj()
    request = body.get("inventoryRequest") or body.get("inventory_request") or {}
    code = body.get("algorithmCode") or body.get("algorithm_code")
    if code not in {a["code"] for a in ALGORITHMS}:
        raise input_error('Source Selection Algorithm with code "%code" is not found.', {"code": code})
    stock_id = int(request.get("stockId") or request.get("stock_id") or 0)
    rule = call.twin.behaviour.float_fields
    wanted = [(str(i.get("sku")), php_float(i.get("qty") or 0, rule, "qty")) for i in request.get("items") or []]
    rows = call.twin.inventory.priority_selection(stock_id, wanted)
    shippable = not any("shortage" in r for r in rows)
    return {"source_selection_items": [{k: (out.number(v) if isinstance(v, float) else v) for k, v in r.items()
                                        if k != "shortage"} for r in rows if r["source_code"]],
            "shippable": shippable}


def _source_body(call: Call) -> dict[str, Any]:
    return dict(call.obj("source"))


def create_source(call: Call) -> list[Any]:
    """``POST /V1/inventory/sources``."""
    call.twin.inventory.add_source(_source_body(call))
    return []


def update_source(call: Call) -> list[Any]:
    """``PUT /V1/inventory/sources/{sourceCode}``."""
    call.twin.inventory.source(call.params["sourceCode"])
    call.twin.inventory.add_source({**_source_body(call), "source_code": call.params["sourceCode"]})
    return []


def update_stock(call: Call) -> int:
    """``PUT /V1/inventory/stocks/{stockId}``."""
    call.twin.inventory.stock(_stock_id(call))
    return call.twin.inventory.add_stock(call.obj("stock"), _stock_id(call))


def delete_stock(call: Call) -> list[Any]:
    """``DELETE /V1/inventory/stocks/{stockId}``."""
    call.twin.inventory.delete_stock(_stock_id(call))
    return []


def _links(call: Call) -> list[dict[str, Any]]:
    links = call.body().get("links") if isinstance(call.body(), dict) else None
    if not isinstance(links, list):
        raise input_error('"%fieldName" is required. Enter and try again.', {"fieldName": "links"})
    check_array(call, links, LINK_TYPE)
    return [link for link in links if isinstance(link, dict)]


def save_links(call: Call) -> list[Any]:
    """``POST /V1/inventory/stock-source-links``."""
    for link in _links(call):
        call.twin.inventory.link(int(link.get("stock_id") or 0), str(link.get("source_code")),
                                 int(link.get("priority") or 0))
    return []


def delete_links(call: Call) -> list[Any]:
    """``POST /V1/inventory/stock-source-links-delete``."""
    for link in _links(call):
        call.twin.inventory.unlink(int(link.get("stock_id") or 0), str(link.get("source_code")))
    return []


def accept_async(call: Call, handler: Callable[[Call], Any], template: str) -> dict[str, Any]:
    """Queue an ``/async`` or ``/async/bulk`` request; each body runs later as its own operation.

    A bulk route stands for each path parameter with ``by`` + its name (``/V1/products/bySku``) and each
    body carries the values (``bulk.route_parameters``). Every body is read before the request is accepted:
    one that the input processing refuses refuses the request (``InputParamsResolver::resolve``).
    """
    if call.request.method == "GET":
        raise MagentoError(404, "Request does not match any route.")
    rule = call.twin.behaviour.bulk_route_parameters
    bulk = call.mount.mode == "bulk"
    if bulk and rule["placeholder"] == "by-ucfirst":
        _check_placeholders(call)
    body = call.raw_body()
    bodies = body if bulk else [body]
    if not isinstance(bodies, list):
        raise input_error("Bulk request body must be an array of request bodies.")
    check_array(call, bodies, SOURCE_ITEM_TYPE if "source-items" in template else "array")
    for one in bodies:
        call.process(one)

    def run(op_body: Any) -> Any:
        request = dataclasses.replace(call.request, body=json.dumps(op_body).encode())
        params = _body_params(call, op_body) if bulk and rule["values_from"] == "body" else call.params
        return handler(call.again(request=request, mount=dataclasses.replace(call.mount, mode="async"),
                                  params=params))

    twin = call.twin
    topic = ".".join(part.strip("{}") for part in template.strip("/").split("/"))  # generateTopicName: ltrim ':'
    return twin.bulk.accept(bodies, run, description=f"Topic async.{topic}.{call.request.method}",
                            now=twin.clock.magento_time(), elapsed=twin.clock.elapsed)


def _check_placeholders(call: Call) -> None:
    """A bulk URL names ``by<Param>`` where the route has a parameter; any other value matches no bulk route."""
    for name, value in call.params.items():
        if value != "by" + name[:1].upper() + name[1:]:
            raise MagentoError(404, "Request does not match any route.")


def _body_params(call: Call, body: Any) -> dict[str, str]:
    """The path parameters of one bulk body: its top-level keys of the same names (bulk.route_parameters)."""
    read = call.process(body)
    if not isinstance(read, dict):
        return {}
    return {name: str(read[name]) for name in call.params if read.get(name) is not None}


def register(app: MagentoApp) -> None:
    """Add the inventory routes."""
    r = app.route
    r("GET", "/V1/inventory/sources", lambda c: listing(c, list(c.twin.inventory.sources.values())))
    r("POST", "/V1/inventory/sources", create_source)
    r("GET", "/V1/inventory/sources/{sourceCode}", lambda c: c.twin.inventory.source(c.params["sourceCode"]))
    r("PUT", "/V1/inventory/sources/{sourceCode}", update_source)
    r("GET", "/V1/inventory/stocks", lambda c: listing(c, [out.stock(s) for s in c.twin.inventory.stocks.values()]))
    r("POST", "/V1/inventory/stocks", lambda c: c.twin.inventory.add_stock(c.obj("stock")))
    r("GET", "/V1/inventory/stocks/{stockId}", lambda c: out.stock(c.twin.inventory.stock(_stock_id(c))))
    r("PUT", "/V1/inventory/stocks/{stockId}", update_stock)
    r("DELETE", "/V1/inventory/stocks/{stockId}", delete_stock)
    r("GET", "/V1/inventory/stock-source-links", lambda c: listing(c, [
        {"stock_id": sid, "source_code": code, "priority": p} for (sid, code), p in c.twin.inventory.links.items()],
        required=True))
    r("POST", "/V1/inventory/stock-source-links", save_links)
    r("POST", "/V1/inventory/stock-source-links-delete", delete_links)
    r("GET", "/V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/{stockId}",
      lambda c: c.twin.inventory.sources_by_priority(_stock_id(c)))
    r("GET", "/V1/inventory/source-items", list_source_items)
    r("POST", "/V1/inventory/source-items", save_source_items)
    r("POST", "/V1/inventory/source-items-delete", delete_source_items)
    r("GET", "/V1/inventory/get-product-salable-quantity/{sku}/{stockId}", salable_qty)
    r("GET", "/V1/inventory/is-product-salable/{sku}/{stockId}", is_salable)
    r("GET", "/V1/inventory/is-product-salable-for-requested-qty/{sku}/{stockId}/{requestedQty}", is_salable_for_qty)
    r("GET", "/V1/inventory/are-products-salable", are_salable)
    r("GET", "/V1/inventory/stock-resolver/{type}/{code}", stock_resolver)
    r("GET", "/V1/inventory/source-selection-algorithm-list", lambda c: ALGORITHMS)
    r("POST", "/V1/inventory/source-selection-algorithm-result", ssa_result)
    r("GET", "/V1/bulk/{bulkUuid}/status", lambda c: c.twin.bulk.status(c.params["bulkUuid"]))
