"""Reference-data writes beyond create and update, and two reads: deletes, customer groups, addresses, outlet taxes.

* ``DELETE /brands|suppliers|tags/{id}``: the row is soft-deleted (listed again with ``deleted=true``)
  and the products that named it are disassociated, as the documents say; the answer is the
  documented ``{"data": {"id", "job_id"}}`` (brands: wrapped in ``payload``, as both documents
  declare it; the disassociation job has run by the time it answers).
* Customer groups: create (201) and update answer ``CustomerGroupResponse``; ``DELETE`` (2.0) is a
  204. A customer is in exactly one group (``customer_group_id``), so adding customers to a group
  moves them, and removing them (or deleting their group) puts them back in the retailer's default
  group (profile fact ``customers.group_membership``).
* Addresses (date versions): see :mod:`stockgate.twins.lightspeed.addresses`.
* ``GET /outlet_taxes``: one record per live product and outlet naming the tax a sale of that product
  at that outlet is charged (the outlet's default tax: ``sales.line_tax``), kept in step with the
  catalog when read (a product deleted since, its record deleted) — profile fact ``taxes.outlet_taxes``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import addresses, shapes_catalog
from stockgate.twins.lightspeed.catalog import Named, OutletTax
from stockgate.twins.lightspeed.errors import LightspeedError, invalid
from stockgate.twins.lightspeed.routes_core import listing, no_content
from stockgate.twins.lightspeed.state import live
from stockgate.twins.web import Response

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp
    from stockgate.twins.lightspeed.catalog import Catalog, Customer

_LINKS = {"brand": "brand_id", "supplier": "supplier_id"}


def delete_linked(table: Callable[[Catalog], dict[str, Any]], param: str, what: str, *,
                  wrapped: bool = False) -> Callable[[Call], Any]:
    """``DELETE /brands|suppliers|tags/{id}``: soft-delete, products disassociated, ``{id, job_id}``."""
    def handler(call: Call) -> Any:
        catalog, store = call.twin.catalog, call.twin.store
        row = live(table(catalog).get(call.params[param]), what)
        row.deleted_at = call.twin.now()
        store.touch(row)
        for product in store.products.values():
            if what == "tag" and row.id in product.tag_ids:
                product.tag_ids = [t for t in product.tag_ids if t != row.id]
            elif what in _LINKS and getattr(product, _LINKS[what]) == row.id:
                setattr(product, _LINKS[what], None)
            else:
                continue
            store.product_changed(product)
        answer = {"data": {"id": row.id, "job_id": store.make_id(f"{what}_delete_job")}}
        return {"payload": answer} if wrapped else answer
    return handler


def _group(call: Call) -> Named:
    found: Named = live(call.twin.catalog.customer_groups.get(call.params["customer_group_id"]), "customer group")
    return found


def _group_answer(call: Call, row: Named) -> dict[str, Any]:
    return {"data": shapes_catalog.customer_group(row, call.twin.store.retailer["id"])}


def _write_group(call: Call, row: Named, raw: dict[str, Any]) -> None:
    name = raw.get("name", row.name)
    if not isinstance(name, str) or not name.strip():
        raise invalid("name is required")
    row.name = name.strip()
    if raw.get("group_id") is not None:
        row.description = str(raw["group_id"])
    call.twin.store.touch(row)


def create_group(call: Call) -> Any:
    """``POST /customer_groups`` (201)."""
    raw, catalog = call.obj(), call.twin.catalog
    row = Named(id=call.twin.store.make_id("customer_group"), name="", description=None)
    if "name" not in raw:
        raise invalid("name is required")
    _write_group(call, row, raw)
    catalog.customer_groups[row.id] = row
    return Response(status=201, body=_group_answer(call, row))


def update_group(call: Call) -> Any:
    """``PUT /customer_groups/{customer_group_id}``."""
    row = _group(call)
    _write_group(call, row, call.obj())
    return _group_answer(call, row)


def _move(call: Call, customers: list[Customer], group_id: str) -> None:
    from stockgate.twins.lightspeed.routes_catalog import changed

    for customer in customers:
        if customer.customer_group_id != group_id:
            customer.customer_group_id = group_id
            changed(call, customer)


def delete_group(call: Call) -> Any:
    """``DELETE /customer_groups/{customer_group_id}`` (2.0; 204): its customers go back to the default group."""
    catalog = call.twin.catalog
    row = _group(call)
    default = catalog.default_group()
    if row.id == default.id:
        raise invalid("the retailer's default customer group cannot be deleted")
    row.deleted_at = call.twin.now()
    call.twin.store.touch(row)
    _move(call, [c for c in catalog.customers.values() if c.customer_group_id == row.id], default.id)
    return no_content()


def _customer_ids(call: Call, *, required: bool) -> list[Customer]:
    raw = call.obj() if (required or call.request.body.strip()) else {}
    ids = raw.get("customer_ids")
    if ids is None and not required:
        return []
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise invalid("customer_ids must be a non-empty array of customer ids")
    return [live(call.twin.catalog.customers.get(i), "customer") for i in ids]


def group_members(call: Call) -> Any:
    """``GET /customer_groups/{customer_group_id}/customers``: a version-cursor page of its customers."""
    from stockgate.twins.lightspeed.routes_catalog import customer_answer, spending_of

    row, spent = _group(call), spending_of(call)
    members = [c for c in call.twin.catalog.customers.values() if c.customer_group_id == row.id]
    return listing(call, members, lambda c: customer_answer(call, c, spent))


def add_members(call: Call) -> Any:
    """``POST /customer_groups/{customer_group_id}/customers`` (201 ``true``)."""
    row = _group(call)
    _move(call, _customer_ids(call, required=True), row.id)
    return Response(status=201, body=True)


def remove_members(call: Call) -> Any:
    """``DELETE /customer_groups/{customer_group_id}/customers`` (204): members named go to the default group."""
    row, default = _group(call), call.twin.catalog.default_group()
    if row.id == default.id:
        raise invalid("customers cannot be removed from the retailer's default customer group")
    chosen = _customer_ids(call, required=False)
    _move(call, [c for c in chosen if c.customer_group_id == row.id], default.id)
    return no_content()


def _customer(call: Call) -> Customer:
    found: Customer = live(call.twin.catalog.customers.get(call.params["customer_id"]), "customer")
    return found


def _address(call: Call) -> addresses.Address:
    customer = _customer(call)
    try:
        key = int(call.params["address_id"])
    except ValueError:
        raise LightspeedError(404, "address not found") from None
    found = call.twin.catalog.addresses.get(key)
    if found is None or found.customer_id != customer.id:
        raise LightspeedError(404, "address not found")
    return found


def list_addresses(call: Call) -> Any:
    """``GET /customers/{customer_id}/addresses`` (every address, oldest first; no paging documented)."""
    customer = _customer(call)
    return {"data": [addresses.render(a) for a in call.twin.catalog.addresses.values()
                     if a.customer_id == customer.id]}


def create_address(call: Call) -> Any:
    """``POST /customers/{customer_id}/addresses`` (201, with the ``id_token`` a sale names it by)."""
    customer, catalog = _customer(call), call.twin.catalog
    fields = addresses.checked(call.obj())
    now = call.twin.now()
    row = addresses.Address(id=addresses.FIRST_ID + len(catalog.addresses), customer_id=customer.id,
                            fields=fields, created_at=now, updated_at=now)
    catalog.addresses[row.id] = row
    return Response(status=201, body={"data": addresses.render(row, created=True)})


def update_address(call: Call) -> Any:
    """``PUT /customers/{customer_id}/addresses/{address_id}``: the whole address, validated as on create."""
    row = _address(call)
    row.fields, row.updated_at = addresses.checked(call.obj()), call.twin.now()
    return {"data": addresses.render(row)}


def delete_address(call: Call) -> Any:
    """``DELETE /customers/{customer_id}/addresses/{address_id}`` (204)."""
    row = _address(call)
    del call.twin.catalog.addresses[row.id]
    return no_content()


def sync_outlet_taxes(call: Call) -> list[OutletTax]:
    """Every product x outlet record, brought in step with the catalog (a change stamps a new version)."""
    store, catalog = call.twin.store, call.twin.catalog
    default = catalog.default_tax()
    for outlet in store.outlets.values():
        tax = catalog.taxes.get(outlet.default_tax_id) or default
        for product in store.products.values():
            key = (outlet.id, product.id)
            row = catalog.outlet_taxes.get(key)
            gone = bool(product.deleted_at or outlet.deleted_at) or tax is None
            if row is None and gone:
                continue
            if row is None:
                row = catalog.outlet_taxes[key] = OutletTax(id=f"{outlet.id}:{product.id}", outlet_id=outlet.id,
                                                            product_id=product.id, tax_id="")
            want = (None if not gone else row.deleted_at or call.twin.now(), tax.id if tax else row.tax_id)
            if (row.deleted_at, row.tax_id) != want:
                row.deleted_at, row.tax_id = want
                store.touch(row)
    return list(catalog.outlet_taxes.values())


def outlet_taxes(call: Call) -> Any:
    """``GET /outlet_taxes`` (``outlet_id`` narrows to one outlet)."""
    rows = sync_outlet_taxes(call)
    wanted = call.query.get("outlet_id")
    if wanted:
        rows = [r for r in rows if r.outlet_id == wanted]
    return listing(call, rows, lambda r: {"outlet_id": r.outlet_id, "product_id": r.product_id, "tax_id": r.tax_id,
                                          "deleted_at": r.deleted_at, "version": r.version})


def register(app: LightspeedApp) -> None:
    """Add the routes."""
    r = app.route
    r("DELETE", "/brands/{brand_id}", delete_linked(lambda c: c.brands, "brand_id", "brand", wrapped=True))
    r("DELETE", "/suppliers/{supplier_id}", delete_linked(lambda c: c.suppliers, "supplier_id", "supplier"))
    r("DELETE", "/tags/{tag_id}", delete_linked(lambda c: c.tags, "tag_id", "tag"))
    r("POST", "/customer_groups", create_group)
    r("PUT", "/customer_groups/{customer_group_id}", update_group)
    r("DELETE", "/customer_groups/{customer_group_id}", delete_group)
    r("GET", "/customer_groups/{customer_group_id}/customers", group_members)
    r("POST", "/customer_groups/{customer_group_id}/customers", add_members)
    r("DELETE", "/customer_groups/{customer_group_id}/customers", remove_members)
    r("GET", "/customers/{customer_id}/addresses", list_addresses)
    r("POST", "/customers/{customer_id}/addresses", create_address)
    r("GET", "/customers/{customer_id}/addresses/{address_id}", lambda c: {"data": addresses.render(_address(c))})
    r("PUT", "/customers/{customer_id}/addresses/{address_id}", update_address)
    r("DELETE", "/customers/{customer_id}/addresses/{address_id}", delete_address)
    r("GET", "/outlet_taxes", outlet_taxes)
