"""What one Magento version + profile does, read once from its profile facts.

Handlers consult this object, never the version string (STYLE.md rule 9). A fact whose basis is
``unknown`` arrives as ``None`` and the twin answers with an explicit "unknown" instead of a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stockgate.contracts.profiles import Profile


@dataclass(frozen=True, slots=True, kw_only=True)
class Behaviour:
    """Profile facts the Magento twin acts on."""

    limits_on: bool
    sync_array_max: int
    async_array_max: int
    max_page_size: int
    default_page_size: int
    array_error: Mapping[str, Any]
    page_size_error: Mapping[str, Any]
    sku_whitespace: Mapping[str, Any]
    source_items_validation: Mapping[str, Any]
    unknown_sku_accepted: bool
    two_factor: Mapping[str, Any]
    integration_bearer: bool
    oauth1_accepted: bool
    oauth1_nonces: Mapping[str, Any]
    admin_token_hours: int
    acl_error: Mapping[str, Any]
    auto_return: bool
    unreturned_unshipped_deducted: bool
    concurrent_duplicate_refunds: bool
    partial_refund_sets_complete: bool
    malformed_ship_creditmemo_status: int
    numeric_string_ids: frozenset[str]
    repository_save_reserves: bool
    source_when_unspecified: str
    deduction_floor_message: str
    page_past_end: str
    body_limit: Mapping[str, Any]  # bytes, status, content_type, body
    json_nesting: Mapping[str, Any]  # max_containers, status, message
    float_fields: Mapping[str, Any]  # status, message, field_message, accepts, non_finite_refused
    scalar_coercion: Mapping[str, Any]  # bool, string
    property_names: Mapping[str, Any]  # top_level, nested, unknown_top_level
    unknown_property: Mapping[str, Any]  # answer, status, message
    fields_filter: Mapping[str, Any]  # parameter, characters, invalid, empty_list
    path_slashes: bool
    field_aliases: Mapping[str, Mapping[str, str]]
    oauth1_signature: Mapping[str, Any]
    bulk_route_parameters: Mapping[str, Any]
    answers: Mapping[str, Mapping[str, Any]]  # fact id -> {status, body} for canned error answers
    legacy_sync: Mapping[str, Any]  # catalog_inventory.legacy_sync
    low_stock: Mapping[str, Any]  # catalog_inventory.low_stock
    product_delete: Mapping[str, Any]  # catalog.product_delete
    order_hold: Mapping[str, Any]  # orders.hold
    comment_sets_status: bool  # orders.comment_sets_status
    comment_without_status: str | None  # orders.comment_without_status (None: unknown for this version)
    comment_save_error: Mapping[str, Any]  # sales.comment_save_error
    order_records: Mapping[str, Any]  # sales.order_records
    store_defaults: Mapping[str, Any]  # store.config_defaults
    store_lists: Mapping[str, Any]  # store.lists
    bulk_rows: Mapping[str, Any]  # bulk.operation_rows
    save_update: Mapping[str, Any]  # orders.repository_save_update

    @classmethod
    def from_profile(cls, profile: Profile) -> Behaviour:
        """Read every fact the twin needs from ``profile``."""
        v = profile.value
        return cls(
            limits_on=bool(v("input_limits.enabled")),
            sync_array_max=int(v("input_limits.sync_array_max")),
            async_array_max=int(v("input_limits.async_array_max")),
            max_page_size=int(v("input_limits.max_page_size")),
            default_page_size=int(v("input_limits.default_page_size")),
            array_error=v("input_limits.array_error"),
            page_size_error=v("input_limits.page_size_error"),
            sku_whitespace=v("inventory.sku_whitespace_rejected"),
            source_items_validation=v("inventory.source_items_validation"),
            unknown_sku_accepted=bool(v("inventory.unknown_sku_accepted")),
            two_factor=v("auth.two_factor"),
            integration_bearer=bool(v("auth.integration_bearer")),
            oauth1_accepted=bool(v("auth.oauth1")["accepted"]),
            oauth1_nonces=v("auth.oauth1_nonces"),
            admin_token_hours=int(v("auth.admin_token")["lifetime_hours"]),
            acl_error=v("auth.acl_error"),
            auto_return=bool(v("refunds.auto_return")),
            unreturned_unshipped_deducted=bool(v("refunds.unreturned_unshipped_deducted")),
            concurrent_duplicate_refunds=bool(v("refunds.concurrent_duplicates")),
            partial_refund_sets_complete=bool(v("orders.partial_refund_sets_complete")),
            malformed_ship_creditmemo_status=int(v("errors.malformed_ship_creditmemo_status")),
            numeric_string_ids=frozenset(v("ids.numeric_strings")),
            repository_save_reserves=bool(v("orders.repository_save_reserves")),
            source_when_unspecified=str(v("shipments.source_when_unspecified")["source_code"]),
            deduction_floor_message=str(v("inventory.source_deduction_floor")["message"]),
            page_past_end=str(v("search.page_past_end")["answer"]),
            body_limit=v("request.body_limit"),
            json_nesting=v("request.json_nesting"),
            float_fields=v("validation.float_fields"),
            scalar_coercion=v("validation.scalar_coercion"),
            property_names=v("request.property_names"),
            unknown_property=v("request.unknown_property"),
            fields_filter=v("request.fields_filter"),
            path_slashes=bool(v("url.path_slashes")),
            field_aliases=v("search.field_aliases"),
            oauth1_signature=v("auth.oauth1_signature"),
            bulk_route_parameters=v("bulk.route_parameters"),
            answers={f: v(f) for f in ("auth.admin_sign_in_error", "errors.internal_error")},
            **_operation_facts(profile),
        )


def _operation_facts(profile: Profile) -> dict[str, Any]:
    """Facts of the legacy stock, order, document-comment, store and bulk-read operations."""
    v = profile.value
    return {"legacy_sync": v("catalog_inventory.legacy_sync"), "low_stock": v("catalog_inventory.low_stock"),
            "product_delete": v("catalog.product_delete"), "order_hold": v("orders.hold"),
            "comment_sets_status": bool(v("orders.comment_sets_status")),
            "comment_without_status": v("orders.comment_without_status"),
            "comment_save_error": v("sales.comment_save_error"), "order_records": v("sales.order_records"),
            "store_defaults": v("store.config_defaults"),
            "store_lists": v("store.lists"), "bulk_rows": v("bulk.operation_rows"),
            "save_update": v("orders.repository_save_update")}
