"""Order items, hold/unhold, status history comments and repository saves of existing orders.

``GET /V1/orders/items`` searches every order's lines (``OrderItemRepository::getList``); hold and
unhold follow ``orders.hold``; a comment's status follows ``orders.comment_sets_status`` and
``orders.comment_without_status``; ``POST /V1/orders`` with an existing ``entity_id`` updates the
columns ``orders.repository_save_update`` names (a new order is still imported by ``routes_sales``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import order_actions
from stockgate.twins.magento import serialize as out
from stockgate.twins.magento.errors import MagentoError, not_found
from stockgate.twins.magento.routes_documents import entity_id, parent_criteria
from stockgate.twins.magento.routes_inventory import listing

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp
    from stockgate.twins.magento.sales import Order


def _order(call: Call) -> Order:
    return call.twin.sales.order(call.int_param("id"))


def list_items(call: Call) -> dict[str, Any]:
    """``GET /V1/orders/items`` (searchCriteria required)."""
    return listing(call, call.twin.sales.index().lines.table(lambda pair: out.order_item(*pair)), required=True)


def get_item(call: Call) -> dict[str, Any]:
    """``GET /V1/orders/items/{id}``."""
    item_id = entity_id(call)
    for order in call.twin.sales.orders.values():
        line = order.item(item_id)
        if line is not None:
            return out.order_item(order, line)
    raise not_found("entity")


def comments(call: Call) -> dict[str, Any]:
    """``GET /V1/orders/{id}/comments``: the status history, searched by ``parent_id`` (none for an unknown id)."""
    order_id = call.int_param("id")
    order = call.twin.sales.orders.get(order_id)
    items = [dict(h) for h in order.histories] if order is not None else []
    return {"items": items, "search_criteria": parent_criteria(order_id), "total_count": len(items)}


def comment_rule(call: Call) -> order_actions.CommentRule:
    """The version's comment facts."""
    b = call.twin.behaviour
    return order_actions.CommentRule(sets_status=b.comment_sets_status, without_status=b.comment_without_status)


def add_comment(call: Call) -> bool:
    """``POST /V1/orders/{id}/comments`` with ``statusHistory``: true."""
    order = _order(call)
    raw = call.obj("statusHistory")
    rule = comment_rule(call)
    if raw.get("status") in (None, "") and rule.without_status is None:
        raise MagentoError(501, "stockgate twin: what a comment without a status does to the order's status is not "
                           "known for this version (profile fact orders.comment_without_status, basis unknown); "
                           "send the order's status (%1) with the comment", [order.status])
    order_actions.add_history(order, raw, rule, call.twin.clock.magento_time())
    return True


def update_order(call: Call, entity: dict[str, Any]) -> dict[str, Any]:
    """``POST /V1/orders`` naming an existing ``entity_id``: the columns it sets, no stock effect."""
    order = call.twin.sales.order(int(entity["entity_id"]))
    rule = call.twin.behaviour.save_update
    return out.order(order_actions.save_update(order, entity, rule, call.twin.clock.magento_time()))


def existing_order_id(call: Call, entity: dict[str, Any]) -> bool:
    """Whether ``entity`` names an order the store has (a repository save then updates it)."""
    try:
        return int(entity.get("entity_id") or 0) in call.twin.sales.orders
    except (TypeError, ValueError):
        return False


def register(app: MagentoApp) -> None:
    """Add the order item, hold/unhold and comment routes."""
    r = app.route
    r("GET", "/V1/orders/items", list_items)
    r("GET", "/V1/orders/items/{id}", get_item)
    r("POST", "/V1/orders/{id}/hold", lambda c: order_actions.hold(_order(c), c.twin.behaviour.order_hold))
    r("POST", "/V1/orders/{id}/unhold", lambda c: order_actions.unhold(_order(c), c.twin.behaviour.order_hold))
    r("GET", "/V1/orders/{id}/comments", comments)
    r("POST", "/V1/orders/{id}/comments", add_comment)
