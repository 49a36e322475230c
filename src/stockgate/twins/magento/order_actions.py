"""Order hold/unhold, status history comments, repository saves and document comments (pure).

``Order::hold`` keeps the state and status to return to and moves the order to ``holded``; a held order
takes no invoice, shipment, credit memo or cancel (``Order::canInvoice`` … ``canCancel`` ask
``canUnhold`` first). Comments on invoices, shipments and credit memos are saved by their comment
repositories, which answer any failure of the save, validation included, with one message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.sales import Document, Order

HELD = "holded"
# Order::canHold: an order in one of these states cannot be put on hold
NOT_HOLDABLE = frozenset({"canceled", "payment_review", "complete", "closed", HELD})


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentRule:
    """``orders.comment_status``: what a status history comment does to the order's status.

    ``sets_status``: a comment's ``status`` becomes the order's; ``without_status``: what a comment that
    names none does (``kept``: the history records the order's status; ``cleared``: the order's status is
    emptied, as ``addStatusHistory`` copies the missing status; ``None``: not known for this version).
    """

    sets_status: bool
    without_status: str | None


def hold(order: Order, rule: Mapping[str, Any]) -> bool:
    """``OrderManagement::hold``: true, or Magento's 400 when the order cannot be held (``orders.hold``)."""
    if order.state in NOT_HOLDABLE:
        raise input_error(rule["hold_message"])
    order.hold_before = (order.state, order.status)
    order.state = order.status = HELD
    return True


def unhold(order: Order, rule: Mapping[str, Any]) -> bool:
    """``OrderManagement::unHold``: back to the state and status before the hold, or Magento's 400."""
    if order.state != HELD or order.hold_before is None:
        raise input_error(rule["unhold_message"])
    order.state, order.status = order.hold_before
    order.hold_before = None
    return True


def _flag(value: Any) -> int:
    """A 0/1 integer field as PHP casts it."""
    return 0 if value in (None, False, 0, "0", "", 0.0) else 1


def add_history(order: Order, raw: Mapping[str, Any], rule: CommentRule, now: str) -> dict[str, Any]:
    """``OrderManagement::addComment``: append a status history entry and apply its status as the rule says."""
    given = raw.get("status")
    status: str | None = str(given) if given not in (None, "") else None
    if status is not None and rule.sets_status:
        order.status = status
    elif status is None and rule.without_status == "cleared":
        order.status = ""
    entry = order.add_history(str(raw.get("comment") or ""), now, notified=_flag(raw.get("is_customer_notified")),
                              visible=_flag(raw.get("is_visible_on_front")))
    order.updated_at = now
    return entry


def save_update(order: Order, entity: Mapping[str, Any], rule: Mapping[str, Any], now: str) -> Order:
    """``OrderRepository::save`` of an existing order: the columns the body sets, of those the twin models.

    Nothing else moves: no reservation, no source deduction (``orders.repository_save_update``).
    """
    for key in rule["fields"]:
        value = entity.get(key)
        if isinstance(value, str) and value:
            setattr(order, key, value)
    order.updated_at = now
    return order


def comment_refused(kind: str, rule: Mapping[str, Any]) -> MagentoError:
    """What a comment repository's ``save`` answers for any failure (``sales.comment_save_error``)."""
    return MagentoError(int(rule["status"]), rule["messages"][kind])


def add_document_comment(doc: Document, raw: Mapping[str, Any], now: str, rule: Mapping[str, Any]) -> dict[str, Any]:
    """A comment repository's ``save`` on ``doc`` (its ``parent_id``): ``comment`` is required and not empty."""
    text = raw.get("comment")
    if not isinstance(text, str) or not text:
        raise comment_refused(doc.kind, rule)
    entry = {"comment": text, "created_at": now, "entity_id": doc.entity_id * 100 + len(doc.comments) + 1,
             "is_customer_notified": _flag(raw.get("is_customer_notified")),
             "is_visible_on_front": _flag(raw.get("is_visible_on_front")), "parent_id": doc.entity_id}
    doc.comments.append(entry)
    return entry
