"""Invoice, shipment and credit memo reads, searches and comments.

Repositories answer ``An ID is needed. Set the ID and try again.`` for id 0 and the generic entity 404
otherwise; a ``getCommentsList`` searches comments by ``parent_id`` and never looks the document up, so
an unknown id lists none (its search criteria, built by the service, are echoed). Comments are saved
by the comment repositories (``sales.comment_save_error``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import order_actions
from stockgate.twins.magento import serialize as out
from stockgate.twins.magento.errors import input_error, not_found
from stockgate.twins.magento.routes_inventory import listing

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.sales import Document

KINDS = ("invoice", "shipment", "creditmemo")


def entity_id(call: Call, name: str = "id") -> int:
    """A repository ``get``'s id: ``An ID is needed.`` for 0."""
    value = call.int_param(name)
    if not value:
        raise input_error("An ID is needed. Set the ID and try again.")
    return value


def document(call: Call, kind: str, doc_id: int) -> Document:
    """The ``kind`` document ``doc_id``; the repository's 404 otherwise."""
    doc = call.twin.sales.documents[kind].get(doc_id)
    if doc is None:
        raise not_found("entity")
    return doc


def body(call: Call, doc: Document) -> dict[str, Any]:
    """The document as its repository answers it."""
    return out.document(doc, call.twin.sales.order(doc.order_id))


def getter(kind: str) -> Any:
    """``GET /V1/<kind>/{id}``."""
    return lambda call: body(call, document(call, kind, entity_id(call)))


def searcher(kind: str) -> Any:
    """``GET /V1/<kinds>?searchCriteria…`` (searchCriteria required, as for every sales getList)."""
    return lambda call: listing(call, call.twin.sales.index().documents[kind].table(lambda d: body(call, d)),
                                required=True)


def parent_criteria(parent: int) -> dict[str, Any]:
    """The criteria ``getCommentsList`` builds: ``parent_id eq <id>``."""
    return {"filter_groups": [{"filters": [{"field": "parent_id", "value": str(parent), "condition_type": "eq"}]}]}


def comment_lister(kind: str) -> Any:
    """``GET /V1/<kind>/{id}/comments``: a search result, empty for a document that does not exist."""
    def handler(call: Call) -> dict[str, Any]:
        parent = call.int_param("id")
        doc = call.twin.sales.documents[kind].get(parent)
        items = [dict(c) for c in doc.comments] if doc is not None else []
        return {"items": items, "search_criteria": parent_criteria(parent), "total_count": len(items)}
    return handler


def comment_saver(kind: str) -> Any:
    """``POST`` a ``<kind>`` comment (``{entity: {parent_id, comment, …}}``): the saved comment."""
    def handler(call: Call) -> dict[str, Any]:
        rule = call.twin.behaviour.comment_save_error
        raw = call.obj("entity")
        try:
            parent = int(raw.get("parent_id") or 0)
        except (TypeError, ValueError):
            raise order_actions.comment_refused(kind, rule) from None
        doc = call.twin.sales.documents[kind].get(parent)
        if doc is None:  # the comment table's foreign key refuses it; the repository reports any failure alike
            raise order_actions.comment_refused(kind, rule)
        return order_actions.add_document_comment(doc, raw, call.twin.clock.magento_time(), rule)
    return handler


def register(app: MagentoApp) -> None:
    """Add the document read, search and comment routes."""
    r = app.route
    r("GET", "/V1/invoices/{id}", getter("invoice"))
    r("GET", "/V1/invoices", searcher("invoice"))
    r("GET", "/V1/shipment/{id}", getter("shipment"))
    r("GET", "/V1/shipments", searcher("shipment"))
    r("GET", "/V1/invoices/{id}/comments", comment_lister("invoice"))
    r("GET", "/V1/shipment/{id}/comments", comment_lister("shipment"))
    r("GET", "/V1/creditmemo/{id}/comments", comment_lister("creditmemo"))
    r("POST", "/V1/invoices/comments", comment_saver("invoice"))
    r("POST", "/V1/shipment/{id}/comments", comment_saver("shipment"))
    r("POST", "/V1/creditmemo/{id}/comments", comment_saver("creditmemo"))
