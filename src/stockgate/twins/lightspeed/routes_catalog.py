"""Reference-data routes: taxes, payment types, product types, suppliers, brands, tags, groups, customers.

Lists page by version cursor (soft-deleted rows only with ``deleted=true``).

Creating a brand, supplier or tag answers its new id (``{"data": "<id>"}``, as the documents
declare); a tax answers itself with 201, or 409 when one with that name exists ("Conflict - A tax
with the given name already exists"). Customers are created (201), updated and deleted (204).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.lightspeed import shapes_catalog
from stockgate.twins.lightspeed.catalog import CUSTOMER_TEXT, SUPPLIER_CONTACT, Customer, Named, Supplier, Tax, TaxRate
from stockgate.twins.lightspeed.errors import LightspeedError, invalid, number
from stockgate.twins.lightspeed.routes_core import listing, no_content
from stockgate.twins.lightspeed.state import Row, live
from stockgate.twins.web import Response

if TYPE_CHECKING:
    from stockgate.twins.lightspeed.app import Call, LightspeedApp
    from stockgate.twins.lightspeed.catalog import Catalog
    from stockgate.twins.lightspeed.sales import Sale


def _name(raw: dict[str, Any]) -> str:
    name = str(raw.get("name") or "").strip()
    if not name:
        raise invalid("name is required")
    return name


def create_named(table: Callable[[Catalog], dict[str, Any]], kind: str) -> Callable[[Call], Any]:
    """``POST /brands`` and ``POST /tags``: the new row's id."""
    def handler(call: Call) -> Any:
        raw, catalog = call.obj(), call.twin.catalog
        row = Named(id=call.twin.store.make_id(kind), name=_name(raw),
                    description=str(raw["description"]) if raw.get("description") is not None else None)
        return {"data": catalog.add(table(catalog), row).id}
    return handler


def update_named(table: Callable[[Catalog], dict[str, Any]], param: str, what: str,
                 answer: Callable[[Call, Named], Any]) -> Callable[[Call], Any]:
    """``PUT /brands/{id}`` and ``PUT /tags/{id}``: a new name (and description); ``answer`` shapes the reply."""
    def handler(call: Call) -> Any:
        raw, catalog = call.obj(), call.twin.catalog
        row: Named = live(table(catalog).get(call.params[param]), what)
        row.name = _name(raw)
        if "description" in raw:
            row.description = None if raw["description"] is None else str(raw["description"])
        catalog.store.touch(row)
        return answer(call, row)
    return handler


def _tag_answer(call: Call, row: Named) -> Any:
    """2.0 answers the tag's id; the date documents the tag."""
    return {"data": row.id if call.api.legacy else shapes_catalog.tag(row)}


def update_supplier(call: Call) -> Any:
    """``PUT /suppliers/{supplier_id}``: name, description, markup, contact lines; answers ``{"id": ...}``."""
    raw, catalog = call.obj(), call.twin.catalog
    row = live(catalog.suppliers.get(call.params["supplier_id"]), "supplier")
    if "name" in raw:
        row.name = _name(raw)
    if "description" in raw:
        row.description = None if raw["description"] is None else str(raw["description"])
    if raw.get("default_markup") is not None:
        row.default_markup = number(raw["default_markup"], "default_markup")
    contact = raw.get("contact") or {}
    if not isinstance(contact, dict):
        raise invalid("contact must be an object")
    row.contact.update({k: (None if contact[k] is None else str(contact[k])) for k in SUPPLIER_CONTACT if k in contact})
    catalog.store.touch(row)
    return {"id": row.id}


def create_supplier(call: Call) -> Any:
    """``POST /suppliers``: the new supplier's id."""
    raw, catalog = call.obj(), call.twin.catalog
    contact = raw.get("contact") or {}
    if not isinstance(contact, dict):
        raise invalid("contact must be an object")
    row = Supplier(id=call.twin.store.make_id("supplier"), name=_name(raw),
                   description=str(raw["description"]) if raw.get("description") is not None else None,
                   default_markup=number(raw.get("default_markup") or 0, "default_markup"),
                   contact={k: (str(contact[k]) if contact.get(k) is not None else None) for k in SUPPLIER_CONTACT})
    return {"data": catalog.add(catalog.suppliers, row).id}


def create_tax(call: Call) -> Any:
    """``POST /taxes`` (date versions): one rate; 409 for a name already taken."""
    raw, catalog = call.obj(), call.twin.catalog
    name = _name(raw)
    if any(t.name.lower() == name.lower() and not t.deleted_at for t in catalog.taxes.values()):
        raise LightspeedError(409, "A tax with the given name already exists.")
    rate = number(raw.get("rate"), "rate") if raw.get("rate") is not None else None
    if rate is None or rate < 0:
        raise invalid("rate is required and may not be negative")
    store = call.twin.store
    row = Tax(id=store.make_id("tax"), name=name, rates=[TaxRate(id=store.make_id("tax_rate"), name=name, rate=rate)])
    return Response(status=201, body={"data": shapes_catalog.tax(catalog.add(catalog.taxes, row))})


Totals = tuple[float, float, float]


class Spending(Mapping[str, Totals]):
    """Per customer: year to date, loyalty and balance, from that customer's own sales (the sales' index)."""

    def __init__(self, by_customer: Mapping[str, list[Sale]], year: int) -> None:
        """Over ``Sales.index().customers`` in ``year``."""
        self.by_customer, self.year = by_customer, year

    def __getitem__(self, customer_id: str) -> Totals:
        return shapes_catalog.spending(self.by_customer.get(customer_id, []), self.year)[customer_id]

    def __iter__(self) -> Iterator[str]:
        return (k for k in self.by_customer if k in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def spending_of(call: Call) -> Mapping[str, Totals]:
    """Per customer: year to date, loyalty and balance, from the twin's sales (read per customer answered)."""
    return Spending(call.twin.sales.index().customers, shapes_catalog.this_year(call.twin.now()))


def customer_answer(call: Call, row: Customer, spent: Mapping[str, Totals] | None = None) -> Any:
    """A customer as answered (its totals from ``spent``, or from the sales)."""
    totals = (spent if spent is not None else spending_of(call)).get(row.id, (0.0, 0.0, 0.0))
    return call.api.shaped("Customer", shapes_catalog.customer(row, totals))


def _write_customer(call: Call, row: Customer, raw: dict[str, Any]) -> None:
    catalog = call.twin.catalog
    for key in ("first_name", "last_name"):
        if key in raw:
            setattr(row, key, str(raw[key]) if raw[key] is not None else None)
    for key in CUSTOMER_TEXT:
        if key in raw:
            row.text[key] = str(raw[key]) if raw[key] is not None else None
    if row.text.get("tax_id"):
        catalog.tax(str(row.text["tax_id"]))
    for key in ("enable_loyalty", "do_not_email", "enable_promotional_sms"):
        if raw.get(key) is not None:
            setattr(row, key, bool(raw[key]))
    if "on_account_limit" in raw:
        row.on_account_limit = None if raw["on_account_limit"] is None else number(raw["on_account_limit"],
                                                                                   "on_account_limit")
    if raw.get("customer_group_id"):
        row.customer_group_id = str(catalog.relation(catalog.customer_groups, raw["customer_group_id"],
                                                     "customer group"))
    if raw.get("customer_code"):
        row.customer_code = str(raw["customer_code"])


def changed(call: Call, row: Customer) -> None:
    """Stamp a customer and emit ``customer.update`` (0.9-shaped, as every webhook payload is)."""
    catalog = call.twin.catalog
    catalog.store.touch(row)
    group = catalog.customer_groups.get(row.customer_group_id)
    catalog.store.emit("customer.update", lambda: shapes_catalog.customer_event(row, group.name if group else ""))


def create_customer(call: Call) -> Any:
    """``POST /customers`` (201): a code is made from the first name when none is given."""
    raw, catalog = call.obj(), call.twin.catalog
    if not any(raw.get(k) for k in ("first_name", "last_name", "company_name", "email", "customer_code")):
        raise invalid("a customer needs a name, a company name, an email or a customer code")
    row = Customer(id=call.twin.store.make_id("customer"), first_name=None, last_name=None, customer_code="",
                   customer_group_id=catalog.default_group().id, text=dict.fromkeys(CUSTOMER_TEXT))
    _write_customer(call, row, raw)
    row.customer_code = row.customer_code or catalog.customer_code(row.first_name, row.id)
    catalog.customers[row.id] = row
    changed(call, row)
    return Response(status=201, body={"data": customer_answer(call, row)})


def update_customer(call: Call) -> Any:
    """``PUT /customers/{customer_id}``."""
    catalog = call.twin.catalog
    row = live(catalog.customers.get(call.params["customer_id"]), "customer")
    _write_customer(call, row, call.obj())
    changed(call, row)
    return {"data": customer_answer(call, row)}


def delete_customer(call: Call) -> Any:
    """``DELETE /customers/{customer_id}`` (204; the default customer cannot go)."""
    catalog = call.twin.catalog
    row = live(catalog.customers.get(call.params["customer_id"]), "customer")
    if row.id == catalog.store.default_customer_id:
        raise invalid("the retailer's default customer cannot be deleted")
    row.deleted_at = call.twin.now()
    changed(call, row)
    return no_content()


def list_customers(call: Call) -> Any:
    """``GET /customers``."""
    spent = spending_of(call)
    return listing(call, call.twin.catalog.customers.values(), lambda r: customer_answer(call, r, spent), of=Customer)


def _reads(app: LightspeedApp, path: str, param: str, table: Callable[[Catalog], dict[str, Any]],
           render: Callable[[Call, Any], Any], *, what: str) -> None:
    """``GET /<path>`` (a version-cursor list) and ``GET /<path>/{param}``."""
    app.route("GET", f"/{path}", lambda c: listing(c, list(table(c.twin.catalog).values()), lambda r: render(c, r)))
    app.route("GET", f"/{path}/{{{param}}}", lambda c: {"data": render(c, _one(table(c.twin.catalog),
                                                                               c.params[param], what))})


def _one(table: dict[str, Any], row_id: str, what: str) -> Row:
    found: Row = live(table.get(row_id), what)
    return found


def register(app: LightspeedApp) -> None:
    """Add the reference-data routes."""
    _reads(app, "taxes", "tax_id", lambda c: c.taxes, lambda _c, r: shapes_catalog.tax(r), what="tax")
    _reads(app, "product_types", "product_type_id", lambda c: c.product_types,
           lambda _c, r: shapes_catalog.product_type(r), what="product type")
    _reads(app, "suppliers", "supplier_id", lambda c: c.suppliers,
           lambda c, r: shapes_catalog.supplier(r, c.api), what="supplier")
    _reads(app, "brands", "brand_id", lambda c: c.brands, lambda _c, r: shapes_catalog.brand(r), what="brand")
    _reads(app, "tags", "tag_id", lambda c: c.tags, lambda _c, r: shapes_catalog.tag(r), what="tag")
    _reads(app, "customer_groups", "customer_group_id", lambda c: c.customer_groups,
           lambda c, r: shapes_catalog.customer_group(r, c.twin.store.retailer["id"]), what="customer group")
    app.route("GET", "/payment_types", lambda c: listing(c, list(c.twin.catalog.payment_types.values()),
                                                         lambda r: shapes_catalog.payment_type(r, c.api)))
    app.route("POST", "/taxes", create_tax)
    app.route("POST", "/brands", create_named(lambda c: c.brands, "brand"))
    app.route("POST", "/tags", create_named(lambda c: c.tags, "tag"))
    app.route("POST", "/suppliers", create_supplier)
    app.route("PUT", "/suppliers/{supplier_id}", update_supplier)
    app.route("PUT", "/brands/{brand_id}", update_named(lambda c: c.brands, "brand_id", "brand",
                                                        lambda _c, row: {"data": {"id": row.id}}))
    app.route("PUT", "/tags/{tag_id}", update_named(lambda c: c.tags, "tag_id", "tag", _tag_answer))
    app.route("GET", "/customers", list_customers)
    app.route("GET", "/customers/{customer_id}", lambda c: {"data": customer_answer(
        c, live(c.twin.catalog.customers.get(c.params["customer_id"]), "customer"))})
    app.route("POST", "/customers", create_customer)
    app.route("PUT", "/customers/{customer_id}", update_customer)
    app.route("DELETE", "/customers/{customer_id}", delete_customer)
