"""The behaviour facts a profile may state, per platform: a registry keyed by stable fact ids.

A profile fact is what a platform version does that its OpenAPI document cannot say (limits,
auth, error bodies, Retry-After format, semantics). Each fact id has a value schema here; each
fact in a profile file carries ``value``, ``source`` (the public citation) and ``basis``:

* ``documented`` — the vendor's docs, release notes or published code say so;
* ``recorded`` — seen in recorded traffic from a real store (named in ``source``);
* ``third-party`` — stated by a third party, not verified against the vendor;
* ``inferred`` — stockgate's reading of code or docs (``note`` says how);
* ``unknown`` — not found in public material: ``value`` is null and ``note`` says what is missing.

Twins and the diff read facts by id; a duplicate id fails at import.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stockgate.contracts.refs import Platform


class FactRegistryError(Exception):
    """Raised at import when two facts share an id."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FactSpec:
    """What one fact id means and which values it takes."""

    id: str
    description: str
    value: Mapping[str, Any]


BASES = ("documented", "recorded", "third-party", "inferred", "unknown")

_STR = {"type": "string", "minLength": 1}
_INT = {"type": "integer"}
_BOOL = {"type": "boolean"}
_OP = {"type": "string", "pattern": r"^(GET|POST|PUT|PATCH|DELETE) /", "description": "METHOD /path"}
_OPS = {"type": "array", "items": _OP}
_STRS = {"type": "array", "items": _STR}


def _obj(required: Mapping[str, Any], optional: Mapping[str, Any] | None = None) -> dict[str, Any]:
    props = {**required, **(optional or {})}
    return {"type": "object", "additionalProperties": False, "required": list(required), "properties": props}


_ERROR_BODY = _obj({"status": _INT, "body": {"type": "object"}})
_REGISTRY: dict[Platform, dict[str, FactSpec]] = {Platform.MAGENTO: {}, Platform.LIGHTSPEED: {}}


def fact(platform: Platform, fact_id: str, description: str, value: Mapping[str, Any]) -> None:
    """Register one fact id; a duplicate id is a defect and fails at import."""
    table = _REGISTRY[platform]
    if fact_id in table:
        raise FactRegistryError(f"duplicate fact id {platform}:{fact_id}")
    table[fact_id] = FactSpec(id=fact_id, description=description, value=value)


def facts_of(platform: Platform) -> Mapping[str, FactSpec]:
    """Every fact id a profile of ``platform`` may state."""
    return _REGISTRY[platform]


M, L = Platform.MAGENTO, Platform.LIGHTSPEED

# --- Magento ---------------------------------------------------------------------------------
fact(M, "platform.msi_version", "Inventory (MSI) module release shipped with this Magento version", _STR)
fact(M, "schema.generated_from", "What instance the published schema was generated from, and what that means",
     _obj({"edition": {"enum": ["adobe-commerce", "open-source"]}, "open_source_returns_subset": _BOOL}))
fact(M, "url.prefixes", "URL prefixes real stores serve the REST API under", _STRS)
fact(M, "routing.precedence", "Which route answers a request, and the answer when none does",
     _obj({"order": {"type": "array", "items": {"enum": ["method", "exact_path", "literal_over_parameter"]}},
           "no_route": _ERROR_BODY}))
fact(M, "auth.admin_token", "Admin token endpoint, lifetime and answer shape",
     _obj({"operation": _OP, "lifetime_hours": _INT, "answer": {"enum": ["json-string"]}}))
fact(M, "auth.two_factor", "Whether Magento_TwoFactorAuth refuses the plain admin-token endpoint, and how",
     _obj({"blocks_admin_token": _BOOL, "message": _STR, "parameters_key": _STR},
          {"http_status": {"type": ["integer", "null"]}}))
fact(M, "auth.integration_bearer", "Whether integration access tokens are accepted as a Bearer token", _BOOL)
fact(M, "auth.oauth1", "OAuth 1.0a signed integration requests: accepted, and which implementation signs them",
     _obj({"accepted": _BOOL, "implementation": _STR}))
fact(M, "auth.oauth1_nonces", "How long OAuth 1.0a nonces are held, what makes one a replay, and its answer",
     _obj({"scope": {"enum": ["consumer"]}, "kept_minutes": _INT, "future_skew_seconds": _INT, "message": _STR}))
fact(M, "auth.oauth1_signature", "How Magento builds the OAuth 1.0a signature base string (RFC 5849 deviations)",
     _obj({"methods": _STRS, "method_refused": _ERROR_BODY,
           "query_pairs": {"enum": ["exactly-one-equals", "all"]},
           "query_reparsed": {"enum": ["none", "php-parse-str"]},
           "repeated_names": {"enum": ["last-wins", "all"]},
           "name_order": {"enum": ["natural-encoded", "bytes-raw", "bytes-encoded"]},
           "url": {"enum": ["normalised", "as-sent"]},
           "header": {"enum": ["request-helper", "rfc5849"]}}))
fact(M, "auth.acl.source_items_write", "ACL resource guarding POST source-items and source-items-delete", _STR)
fact(M, "auth.acl_error", "The answer when an integration lacks an ACL resource", _ERROR_BODY)
fact(M, "input_limits.enabled", "Whether Web API input limiting is on (webapi/validation/input_limit_enabled)", _BOOL)
fact(M, "input_limits.sync_array_max", "Max items in an array input on synchronous routes when limits are on", _INT)
fact(M, "input_limits.async_array_max", "Max items in an array input on async/bulk routes when limits are on", _INT)
fact(M, "input_limits.max_page_size", "Max searchCriteria[pageSize] when limits are on", _INT)
fact(M, "input_limits.default_page_size", "pageSize applied when a request sends none and limits are on", _INT)
fact(M, "input_limits.array_error", "The answer to an array input over the limit", _ERROR_BODY)
fact(M, "input_limits.page_size_error", "The answer to a pageSize over the maximum", _ERROR_BODY)
fact(M, "search.unpaged_when_limits_off", "A getList without pageSize returns every row when limits are off", _BOOL)
fact(M, "search.criteria_spellings", "Query spellings Magento accepts for searchCriteria parts", _STRS)
fact(M, "search.condition_types", "searchCriteria condition_type values", _STRS)
fact(M, "errors.body", "Shape of error bodies",
     _obj({"placeholders_interpolated": _BOOL, "parameters_shapes": _STRS, "optional_keys": _STRS}))
fact(M, "errors.void_answer", "Body a void service method answers with", {"type": "array", "maxItems": 0})
fact(M, "ids.numeric_strings", "Operations whose integer id answer arrives as a JSON string on the wire", _OPS)
fact(M, "inventory.source_items_validation", "How POST source-items validates a batch",
     _obj({"whole_batch_rejected": _BOOL, "status": _INT, "message": _STR, "empty_message": _STR}))
fact(M, "validation.float_fields", "What a float field takes, and the type error for anything else",
     _obj({"status": _INT, "message": _STR, "field_message": _STR, "accepts": {"enum": ["php-is-numeric"]},
           "non_finite_refused": _BOOL}))
fact(M, "validation.scalar_coercion", "How bool and string fields take other JSON scalars",
     _obj({"bool": {"enum": ["filter-var", "strict"]}, "string": {"enum": ["cast", "strict"]}}))
fact(M, "request.property_names", "Which spellings of a body's keys the Web API reads",
     _obj({"top_level": {"enum": ["declared-or-snake", "declared"]}, "nested": {"enum": ["getter", "declared"]},
           "unknown_top_level": {"enum": ["ignored"]}}))
fact(M, "request.unknown_property", "The answer to a nested body key that names no property",
     _obj({"answer": {"enum": ["internal-error", "input-error"]}}, {"status": _INT, "message": _STR}))
fact(M, "request.fields_filter", "The query parameter that trims an answer to the fields it names, and its grammar",
     _obj({"parameter": _STR, "characters": _STR, "invalid": {"type": "array", "maxItems": 0},
           "empty_list": {"type": "null"}}))
fact(M, "url.path_slashes", "Whether leading and trailing slashes of the path below the store are trimmed", _BOOL)
fact(M, "search.field_aliases", "searchCriteria fields per entity that filter a property answered under another name",
     {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": _STR}})
fact(M, "bulk.route_parameters", "How async/bulk routes stand for path parameters, and where their values come from",
     _obj({"placeholder": {"enum": ["by-ucfirst", "parameter"]}, "values_from": {"enum": ["body", "url"]}}))
fact(M, "inventory.sku_whitespace_rejected", "Whether a SKU with leading/trailing spaces fails the batch",
     _obj({"rejected": _BOOL}, {"message": _STR}))
fact(M, "inventory.unknown_sku_accepted", "Whether source items for a SKU with no product are accepted", _BOOL)
fact(M, "inventory.quantity_is_absolute", "Whether source item quantity is the absolute on-hand (not a delta)", _BOOL)
fact(M, "inventory.salable_quantity", "How get-product-salable-quantity is computed",
     _obj({"formula": _STR, "composite_error": _STR}))
fact(M, "inventory.source_deduction_floor", "Shipment source deduction refuses to go below zero",
     _obj({"refused": _BOOL, "message": _STR}))
fact(M, "reservations.events", "Events that append reservations", _STRS)
fact(M, "refunds.return_to_stock", "What return_to_stock_items does for shipped and unshipped units",
     _obj({"shipped": _STR, "unshipped": _STR}))
fact(M, "refunds.auto_return", "Default of 'Automatically Return Credit Memo Item to Stock'", _BOOL)
fact(M, "refunds.unreturned_unshipped_deducted",
     "Refunded-not-returned unshipped units are deducted by the default SSA", _BOOL)
fact(M, "refunds.concurrent_duplicates", "Whether concurrent identical refunds can create two credit memos", _BOOL)
fact(M, "orders.partial_refund_sets_complete", "A partial refund of a partially shipped order sets it complete", _BOOL)
fact(M, "orders.state_status_always_present", "GET /V1/orders always includes state and status", _BOOL)
fact(M, "errors.malformed_ship_creditmemo_status", "HTTP status for malformed /ship and /creditmemo bodies", _INT)
fact(M, "orders.repository_save_reserves",
     "Whether orders saved through the repository (POST /V1/orders, PUT /V1/orders/create) append reservations", _BOOL)
fact(M, "shipments.source_when_unspecified", "Source a /ship call deducts from when it names none",
     _obj({"source_code": _STR}))
fact(M, "search.page_past_end", "What a getList answers for a currentPage past the last page",
     _obj({"answer": {"enum": ["last-page", "empty"]}}))
fact(M, "auth.admin_sign_in_error", "The answer to a wrong admin user name or password", _ERROR_BODY)
fact(M, "errors.internal_error", "The body of a 500 in production mode", _ERROR_BODY)
fact(M, "schema.required_nulls",
     "Schema-required properties real stores answer with null (JSON pointers to the property schemas)", _STRS)
fact(M, "schema.untyped_values",
     "Properties real stores answer with values of another JSON type than declared (JSON pointers)", _STRS)
fact(M, "schema.omitted_when_null",
     "Declared properties real stores leave out of an answer while the object holds no value for them, "
     "per definition and per condition (when they are null)",
     {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": _STRS}})
fact(M, "schema.commerce_only",
     "Declared properties of the published (Adobe Commerce) schema only Commerce or optional modules fill: "
     "an Open Source store leaves them out, per definition",
     {"type": "object", "additionalProperties": _STRS})
fact(M, "rate_limit.admin_rest", "Built-in rate limiting of admin REST routes",
     _obj({"enabled": _BOOL}, {"edge_429_body": {"type": "object"}}))
fact(M, "rate_limit.payment_information", "The optional payment-information/order rate limiter",
     _obj({"available": _BOOL, "enabled_by_default": _BOOL}, {"body": {"type": "object"}}))
fact(M, "request.body_limit", "The largest request body the store takes, and the answer to a bigger one",
     _obj({"bytes": _INT, "status": _INT, "content_type": _STR, "body": _STR}))
fact(M, "request.json_nesting", "How deeply arrays and objects may nest in a JSON body, and the answer past it",
     _obj({"max_containers": _INT, "status": _INT, "message": _STR}))
fact(M, "bulk.status_codes", "Operation status codes of GET /V1/bulk/{uuid}/status",
     {"type": "object", "additionalProperties": _STR})
fact(M, "bulk.operation_rows", "What detailed status and GET /V1/bulk answer for each operation",
     _obj({"scheduled_serialized_data": _STR, "completed_serialized_data": {"enum": ["null", "kept"]},
           "unknown_bulk": _ERROR_BODY}))
fact(M, "catalog_inventory.legacy_sync", "How the legacy CatalogInventory stock item mirrors MSI's default source",
     _obj({"source": _STR, "write_back": _BOOL, "out_of_stock_at_or_below_min_qty": _BOOL,
           "unknown_sku": _ERROR_BODY}))
fact(M, "catalog_inventory.low_stock", "Which legacy stock items GET /V1/stockItems/lowStock/ lists",
     _obj({"condition": {"enum": ["lteq"]}, "scope_id": _INT}))
fact(M, "catalog.product_delete", "What DELETE /V1/products/{sku} does to the product's stock",
     _obj({"answer": _BOOL, "source_items": {"enum": ["removed"]}, "reservations": {"enum": ["kept"]}}))
fact(M, "orders.hold", "Hold and unhold of orders, and what a held order refuses",
     _obj({"hold_message": _STR, "unhold_message": _STR, "refuses": _STRS}))
fact(M, "orders.comment_sets_status", "Whether POST /V1/orders/{id}/comments with a status changes the order's status",
     _BOOL)
fact(M, "orders.comment_without_status", "What a status history comment without a status does to the order's status",
     {"enum": ["kept", "cleared"]})
fact(M, "orders.updated_at", "When an order's updated_at moves (what an updated_at search finds)",
     _obj({"moves_on": _STRS, "column": _STR}))
fact(M, "orders.repository_save_update", "What POST /V1/orders changes on an existing order (entity_id given)",
     _obj({"fields": _STRS, "stock_effect": _BOOL}))
fact(M, "sales.comment_save_error", "The answer when a sales document comment cannot be saved",
     _obj({"status": _INT, "messages": _obj(dict.fromkeys(("invoice", "shipment", "creditmemo"), _STR))}))
fact(M, "sales.order_records", "What an order and its documents record as they happen: the status history comment "
     "of an offline refund, the e-mail of a document created with notify, the client address of a checkout order",
     _obj({"refund_comment": _STR, "notify_sends_email": _BOOL, "checkout_remote_ip": _BOOL}))
fact(M, "catalog.reads", "The category tree's store root and the product attribute set a new store answers in "
     "GET /V1/categories and GET /V1/products/attribute-sets",
     _obj({"tree_root": _obj(dict.fromkeys(("id", "parent_id", "position", "level"), _INT) | {"name": _STR}),
           "attribute_set": _obj(dict.fromkeys(("attribute_set_id", "sort_order", "entity_type_id"), _INT)
                                 | {"attribute_set_name": _STR})}))
_ATTR = {"type": "object", "additionalProperties": False, "required": ["input", "backend", "scope", "required"],
         "properties": {"input": _STR, "backend": _STR, "label": _STR,
                        "scope": {"enum": ["global", "website", "store"]}, "required": _BOOL,
                        "user_defined": _BOOL, "unique": _BOOL, "searchable": _BOOL,
                        "filterable": _BOOL, "comparable": _BOOL, "listing": _BOOL, "sort_by": _BOOL, "visible": _BOOL,
                        "html_on_front": _BOOL, "wysiwyg": _BOOL, "apply_to": _STRS, "default": {"type": "string"},
                        "backend_model": _STR, "source_model": _STR}}
fact(M, "catalog.attributes", "The product attributes a store answers in GET /V1/products/attributes and the attribute "
     "set reads: each core attribute's input, backend type, label, scope and flags as Magento installs them",
     _obj({"entity_type_id": _INT, "attributes": {"type": "object", "additionalProperties": _ATTR},
           "user_defined_select": {**_ATTR, "required": ["input", "backend", "scope", "required"]}}))
fact(M, "catalog.category_attributes", "The category attributes a store answers in GET /V1/categories/attributes: "
     "each one's input, backend type, label, scope and flags as Magento installs them",
     _obj({"entity_type_id": _INT, "attributes": {"type": "object", "additionalProperties": _ATTR}}))
fact(M, "catalog.attribute_types", "What GET /V1/products/attributes/types lists (product attribute input types)",
     {"type": "array", "items": _obj({"value": _STR, "label": _STR})})
fact(M, "catalog.configurable_writes", "How configurable options and children are saved, linked and refused",
     _obj(dict.fromkeys(("option_missing", "option_get_missing", "option_delete_missing", "aggregate_message",
                         "not_configurable", "child_attached", "no_options", "child_lacks_value",
                         "remove_not_configurable", "remove_missing"), _STR)
          | {"option_validation": _STRS, "existing_attribute": {"enum": ["update", "refuse"]}}))
fact(M, "catalog.attribute_options", "How attribute options are added and deleted, and what is refused",
     _obj(dict.fromkeys(("empty_label", "duplicate_label", "no_options", "missing_option", "missing_attribute",
                         "update_missing", "update_duplicate"), _STR) | {"products_keep_value": _BOOL}))
fact(M, "catalog.attribute_sets", "Attribute sets and groups of a new store, how sets, groups and set membership are "
     "saved and deleted, and the refusals",
     _obj({"entity_types": {"type": "object", "additionalProperties": _INT},
           "product_groups": {"type": "array", "items": _obj({"name": _STR, "code": _STR, "sort_order": _INT},
                                                             {"default": _BOOL})},
           "delete_removes_products": _BOOL}
          | dict.fromkeys(("non_product", "skeleton_missing", "skeleton_non_product", "invalid_field", "name_empty",
                           "name_taken", "entity_type_missing", "save_failed", "default_delete", "group_missing",
                           "group_other_set", "group_save_failed", "group_system", "assign_set_missing",
                           "assign_wrong_type", "assign_group_other_set", "unassign_set_missing",
                           "unassign_not_in_set", "system_attribute", "locked", "configurable_lock",
                           "invalid_product_set", "invalid_product_set_detail"), _STR)))
fact(M, "auth.customer_token", "Customer tokens: lifetime, the sign-in refusals and lockout, revoking, and what a "
     "self route answers a caller who is not a customer",
     _obj({"operation": _OP, "lifetime_hours": _INT, "answer": {"enum": ["json-string"]}, "sign_in_error": _ERROR_BODY,
           "lockout": _obj({"max_failures": _INT, "lock_seconds": _INT, "status": _INT, "message": _STR}),
           "no_tokens": _STR, "not_a_customer": _ERROR_BODY, "delete_revokes": _BOOL}))
fact(M, "customers.search_fields", "Customer search fields the EAV collection refuses, and its message",
     _obj({"refused": _STRS, "invalid_attribute": _STR}))
fact(M, "customers.accounts", "Customer accounts, addresses and groups: a new store's groups and defaults, the "
     "password rules and the refusals",
     _obj({"groups": {"type": "array", "items": _obj({"id": _INT, "code": _STR, "tax_class_id": _INT,
                                                     "tax_class_name": _STR})},
           "default_group_id": _INT, "extension_attributes": {"type": "object"},
           "password": _obj({"min_length": _INT, "character_classes": _INT, "too_short": _STR,
                             "too_few_classes": _STR, "edge_spaces": _STR})}
          | dict.fromkeys(("email_taken", "email_missing", "required_value", "wrong_password"), _STR)))
fact(M, "catalog.attribute_writes", "Product attribute saves and deletes, is-filterable, and what is refused",
     _obj({"backend_types": {"type": "object", "additionalProperties": _STR}, "code_pattern": _STR,
           "default_table_source": _STRS}
          | dict.fromkeys(("required_field", "invalid_field", "system_attribute", "duplicate", "duplicate_title"),
                          _STR)))
fact(M, "catalog.price_storage", "The price storage APIs (base prices, cost): which product types take them, "
     "the failed items they answer and how their parameters are listed",
     _obj({"base_price_types": _STRS, "cost_types": _STRS, "invalid": _STR, "store_missing": _STR,
           "parameters": {"enum": ["values"]}}))
fact(M, "catalog.link_and_media_reads", "Product links by type and one gallery entry: the link types and the refusals",
     _obj({"link_types": _STRS} | dict.fromkeys(("unknown_link_type", "media_product_missing", "media_entry_missing"),
                                                 _STR)))
fact(M, "inventory.transfers_and_dump", "MSI bulk and partial source transfers (refusals) and what the stock index "
     "dump answers", _obj(dict.fromkeys(("bulk_refused", "partial_refused", "origin_missing", "destination_missing",
                                         "same_source", "not_available", "item_missing"), _STR)
                          | {"dump_quantity": {"enum": ["physical"]}}))
fact(M, "catalog.special_price_storage", "The special price storage API: product types, refusals, date format and "
     "price scope", _obj({"types": _STRS, "price_scope": {"enum": ["global", "website"]}}
                         | dict.fromkeys(("sku_missing", "not_global", "store_missing", "price_invalid",
                                          "date_invalid", "date_format"), _STR)))
fact(M, "catalog.product_websites", "Assigning a product to websites and removing it: the refusals",
     _obj(dict.fromkeys(("no_website", "assign_failed", "delete_failed"), _STR)))
fact(M, "catalog.link_writes", "Product link types, their attributes, and how links are added, saved and deleted",
     _obj({"type_ids": {"type": "object", "additionalProperties": _INT},
           "attributes": {"type": "object", "additionalProperties": {"type": "array", "items": _STRS}},
           "set_links": {"enum": ["append", "replace"]}}
          | dict.fromkeys(("empty_items", "type_missing", "unknown_type", "invalid_links", "not_linked"), _STR)))
fact(M, "catalog.category_writes", "Creating, updating, moving and deleting categories: placement and refusals",
     _obj(dict.fromkeys(("save_failed", "required", "delete_failed", "move_into_child", "move_failed",
                         "url_key_invalid", "url_name_invalid"), _STR)
          | {"new_position": {"enum": ["last"]}, "update_moves": _BOOL}))
fact(M, "catalog.tier_price_storage", "The tier price storage API: product types, customer groups, refusals",
     _obj({"types": _STRS, "customer_groups": {"type": "object", "additionalProperties": _INT},
           "all_groups": _obj({"code": _STR, "id": _INT}), "unknown_sku_fails_request": _BOOL}
          | dict.fromkeys(("row", "sku_invalid", "price_invalid", "type_invalid", "qty_invalid", "website_invalid",
                           "duplicate", "group_missing"), _STR)))
fact(M, "catalog.type_lists", "What GET /V1/products/types and GET /V1/products/options/types list",
     _obj({"product_types": {"type": "array", "items": _obj({"name": _STR, "label": _STR})},
           "custom_option_types": {"type": "array", "items": _obj({"code": _STR, "label": _STR, "group": _STR})}}))
fact(M, "catalog.custom_options", "How product custom options are saved, read, deleted and refused (the option "
     "repository, its validators, and a product save carrying options)",
     _obj(dict.fromkeys(("sku_empty", "option_missing", "required_fields", "invalid_type", "invalid_value",
                         "message_separator"), _STR)
          | {"select_types": _STRS, "price_types": _STRS, "update_id": {"enum": ["body", "path"]},
             "values_left_out": {"enum": ["removed", "kept"]}, "product_save": {"enum": ["replace", "merge"]}}))
fact(M, "catalog.bundle_options", "How a bundle product's options and their selections (links) are saved, read, "
     "deleted and refused (the option repository and management, the link management, a product save carrying "
     "bundle_product_options)",
     _obj(dict.fromkeys(("not_bundle", "not_bundle_sku", "option_missing", "option_not_saved", "option_not_in_product",
                         "composite_child", "child_assigned", "link_id_missing", "link_missing", "child_missing"), _STR)
          | {"types": {"type": "array", "items": _obj({"code": _STR, "label": _STR})},
             "update_id": {"enum": ["body", "path"]}, "unknown_update_id": {"enum": ["creates", "refused"]},
             "product_save": {"enum": ["replace", "merge"]}, "salable": {"enum": ["required_options", "any_child"]}}))
fact(M, "catalog.downloadable_links", "How a downloadable product's links and samples are saved, read, deleted and "
     "refused (the link and sample repositories and their content validators)",
     _obj(dict.fromkeys(("not_downloadable", "link_type_invalid", "sample_type_invalid", "link_invalid_price",
                         "downloads_invalid", "sort_order_invalid", "link_url_invalid", "link_domain_invalid",
                         "sample_url_invalid", "sample_domain_invalid", "content_invalid", "name_invalid",
                         "link_file_missing", "link_sample_file_missing", "sample_file_missing", "link_title_empty",
                         "sample_title_empty", "link_missing", "sample_missing", "link_not_related",
                         "sample_not_related", "sample_kind_invalid"), _STR)
          | {"domains": _STRS, "url_schemes": _STRS, "name_forbidden": _STR, "update_id": {"enum": ["body", "path"]},
             "file_path": {"enum": ["dispersed", "flat"]}}))
fact(M, "catalog.group_price_tiers", "The group price tier service (ProductTierPriceManagementInterface): list, add "
     "and remove one group's tier prices of a product",
     _obj(dict.fromkeys(("invalid", "tier_missing"), _STR)
          | {"all_groups": _STR, "website_id": _INT, "matched_discount": {"enum": ["kept", "replaced"]}}))
fact(M, "catalog.product_save_values", "What a product save writes besides its own fields: custom attribute values "
     "(which are stored, which ignored) and tier prices (replaced, kept, refused)",
     _obj({"custom_attributes": {"type": "object"}, "tier_prices": {"type": "object"}}
          | dict.fromkeys(("tier_percentage", "tier_duplicate", "tier_price", "tier_save_failed"), _STR)))
fact(M, "catalog.media_writes", "How media gallery entries are created, updated and removed, the image content "
     "check and file naming, and what the media attribute list answers",
     _obj(dict.fromkeys(("content_invalid", "mime_invalid", "name_invalid", "no_extension", "entry_missing",
                         "save_failed"), _STR)
          | {"mime_types": _STRS, "extensions": {"type": "object", "additionalProperties": _STR},
             "name_forbidden": _STR, "update_id": {"enum": ["body", "path"]},
             "first_image_roles": {"enum": ["all", "none"]}}))
fact(M, "catalog.media_read_content", "Whether GET /V1/products/{sku}/media and media/{entryId} carry each entry's "
     "image file as base64 content", _BOOL)
fact(M, "catalog.configurable_variation", "What PUT /V1/configurable-products/variation answers: the generated, "
     "unsaved products", _obj({"order": {"enum": ["last-option-fastest"]}, "suffix": {"enum": ["option-id"]},
                               "visibility": _INT, "saved": _BOOL}))
fact(M, "catalog.products_render_info", "What GET /V1/products-render-info renders for each product: the theme's "
     "image codes and sizes, price formatting, URLs, and the storefront parts the twin answers plainly",
     _obj({"image_codes": {"type": "array", "items": _obj({"code": _STR, "type": {"enum": ["small_image", "thumbnail"]},
                                                            "width": _INT, "height": _INT})},
           "price_container": _STR, "currency_symbols": {"type": "object", "additionalProperties": _STR},
           "url_suffix": _STR, "placeholder_path": _STR, "msrp_explanation": _STR, "review_html": {"type": "string"}}))
fact(M, "store.config_defaults", "Store configuration values a new store answers in GET /V1/store/storeConfigs",
     _obj(dict.fromkeys(("locale", "base_currency_code", "default_display_currency_code", "timezone",
                         "weight_unit"), _STR)))
fact(M, "store.lists", "What GET /V1/store/websites, storeGroups and storeViews list, and in which order",
     _obj({"includes_admin": _BOOL, "current_first": _BOOL}))
fact(M, "sales.document_actions", "What the sales document actions answer on a store whose payments are offline "
     "methods: e-mails, credit memo cancel, invoice capture, void and refund, shipment labels, transactions, tracks",
     _obj({"emails_answer": _BOOL, "creditmemo_cancel": _STR, "capture": _STR, "void": _STR, "invoice_refund": _STR,
           "label": {"type": "string"}, "track_save_error": _STR, "transactions": {"enum": ["none"]}}))
fact(M, "inventory.bulk_and_notify", "MSI bulk source assign/unassign and low-quantity notification settings: the "
     "default notify quantity and the save error", _obj({"default_notify_stock_qty": {"type": "number"},
                                                         "save_error": _STR}))
fact(M, "inventory.in_store_pickup", "MSI in-store pickup: what a source save keeps of its pickup values and refuses, "
     "and how GET /V1/inventory/in-store-pickup/pickup-locations/ reads its search request",
     _obj({"search_term_delimiter": _STR, "default_country": _STR,
           "postcode_patterns": {"type": "object", "additionalProperties": _STRS},
           "field_required": _STR, "default_source_refused": _STR, "phone_check_reads": {"enum": ["city", "phone"]},
           "active_kept_when_absent": _BOOL, "frontend_name_default": {"enum": ["name"]}}))
fact(M, "inventory.distance_provider", "MSI distance-based source selection services: the provider a store uses, "
     "and what each service answers without an API key or imported geonames",
     _obj({"provider_default": {"enum": ["google", "offline"]}, "api_key_missing": _STR, "no_geoname": _STR,
           "offline_earth_radius": {"type": "number"}}))
fact(M, "sales.repository_saves", "What the sales repositories' saves (invoice, shipment, credit memo, order address) "
     "and the management refund and ready-for-pickup notice answer, and what they register and move",
     _obj({"invoice_save_error": _STR, "shipment_save_error": _STR, "creditmemo_save_error": _STR,
           "address_save_error": _STR, "single_source_default": _STR,
           "refund_existing": _STR, "refund_over": _STR, "refund_quantity": _STR, "refund_refused": _STR,
           "pickup_not_ready": _STR, "pickup_comment": _STR}))
fact(M, "schema.response_overrides",
     "Operations whose success body the profile describes instead of the document (JSON Schema; local $refs allowed)",
     {"type": "object", "additionalProperties": {"type": "object"}})

# --- Lightspeed ------------------------------------------------------------------------------
fact(L, "host", "Base host of the API, and the legacy host", _obj(
    {"template": _STR}, {"legacy_template": _STR, "legacy_cutoff": _STR}))
fact(L, "version_path", "Path prefix that selects this API version", _STR)
fact(L, "versioning.eol_behaviour", "What happens to requests for an end-of-life version", _STR)
fact(L, "auth.schemes", "Accepted ways to authenticate", _STRS)
fact(L, "auth.oauth_token", "OAuth 2.0 token exchange",
     _obj({"operation": _OP, "encoding": _STR, "refresh_rotates": _BOOL, "scope_required_from": _STR}))
fact(L, "rate_limit.formula", "Requests allowed per window",
     _obj({"per_register": _INT, "base": _INT, "window_seconds": _INT, "buckets": _STRS}))
fact(L, "rate_limit.registers", "Register count of the retailer the profile describes",
     {"type": "integer", "minimum": 1})
fact(L, "rate_limit.headers", "Rate-limit headers on every JSON response", _obj(
    {"present": _STRS, "absent": _STRS}))
fact(L, "rate_limit.response", "The answer when the limit is hit", _obj(
    {"status": _INT, "body": {"type": "object"}, "retry_after": {"enum": ["http-date", "seconds", "absent"]},
     "retry_after_example": _STR}))
fact(L, "pagination.cursor", "Version-cursor pagination of 2.x-style list endpoints", _obj(
    {"after": _STR, "before": _STR, "page_size": _STR, "version_keys": _STRS, "stop_when": _STR,
     "version_type": {"enum": ["int64"]}}, {"include_deleted": _STR}))
fact(L, "pagination.page_size_caps", "Page-size caps of list endpoints", {"type": "object",
     "additionalProperties": {"type": ["integer", "null"]}})
fact(L, "pagination.search", "Offset paging of /search", _obj({"offset": _STR, "page_size_max": _INT},
                                                             {"over_max": {"enum": ["capped", "refused"]}}))
fact(L, "inventory.read", "How inventory levels are read", _obj(
    {"operation": _OP, "envelope": {"enum": ["data", "bare-array"]}, "level_field": _STR},
    {"owed_field": _STR, "page_size_field": _STR, "page_size_max": _INT}))
fact(L, "inventory.negative_levels", "How stock owed to orders appears", _STR)
fact(L, "inventory.write", "Ways to change inventory, as Lightspeed recommends them", _obj(
    {"recommended": _STRS, "direct": _OP, "direct_value": {"enum": ["absolute"]}}))
fact(L, "inventory.stock_adjustments", "Stock adjustments: whether the API has them, batch size, signs by reason",
     _obj({"available": _BOOL}, {"batch_max": _INT, "atomic_batches": _BOOL, "negative": _STRS, "positive": _STRS}))
fact(L, "sales.write", "Endpoints that create and update sales", _obj({"create": _OP}, {"update": _OP}))
fact(L, "sales.status_model", "How a sale's lifecycle is expressed", _obj(
    {"field": _STR, "values": _STRS}, {"deprecated": _STRS}))
fact(L, "sales.inventory_effect", "Inventory effect of sale statuses (only what the docs state)", {
    "type": "object", "additionalProperties": {"enum": ["decrement", "restore"]}})
fact(L, "sales.get_by_id", "Which sales GET /sales/{id} returns", _STRS)
fact(L, "sales.line_tax", "The tax a sale line is charged when it names none, and when it names an unknown one",
     _obj({"unset": {"enum": ["outlet-default"]}, "unknown_id": {"enum": ["refused"]}}))
fact(L, "sales.line_amounts", "How a sale line's totals, tax components, defaults and the receipt number are derived",
     _obj({"totals": {"enum": ["unit-times-quantity"]}, "tax_components": {"enum": ["per-rate-of-the-line-tax"]},
           "sale_taxes": {"enum": ["per-rate"]}, "receipt_number": {"enum": ["invoice_number"]},
           "cost_default": {"enum": ["product-supply-price"]}, "tax_default": {"enum": ["price-times-rate"]},
           "line_status": {"enum": ["follows-sale"]}}))
fact(L, "returns.endpoint", "How a return of a sale is started", _OP)
fact(L, "returns.result", "What the return action creates", _obj(
    {"status": _STR, "return_for": _BOOL, "negative_quantities": _BOOL, "is_return_lines": _BOOL}))
fact(L, "returns.restock", "Whether a closed return restocks, and per-line control", _obj(
    {"per_line_flag": {"type": ["boolean", "null"]}}))
fact(L, "returns.mixed_referenced_unreferenced_rejected",
     "Mixing referenced and unreferenced return lines is refused", _BOOL)
fact(L, "returns.other_parked_returns_voided", "Starting a return voids other parked returns of the sale", _BOOL)
fact(L, "products.create", "Product creation rules", _obj(
    {"sku_generated_when_omitted": _BOOL, "codes_required": _BOOL},
    {"family_model": _BOOL, "generate_codes": _OP, "generate_codes_max": _INT}))
fact(L, "products.variant_limit", "Max variants per family", _INT)
fact(L, "sales.recognised_lines_immutable", "Updates to revenue-recognised line items are rejected", _BOOL)
fact(L, "validation.postal_code_strict", "Strict postal-code validation (40 countries)", _BOOL)
fact(L, "webhooks", "Webhook delivery", _obj(
    {"encoding": _STR, "field": _STR, "object_shape": _STR, "timeout_seconds": _INT, "retries": _INT,
     "retry_window_hours": _INT, "backoff": _STR, "signature_header": _STR, "signature_format": _STR,
     "signature_key": _STR, "types": _STRS, "guaranteed": _BOOL}))
fact(L, "endpoints.gone", "Sunset endpoints and their answer", _obj(
    {"status": _INT, "operations": _OPS}, {"since": _STR}))
fact(L, "products.patch", "PATCH /products/{id}: whether the version has it, the product-level fields it takes, "
     "which the twin emulates, the status of a refused body and what it answers",
     _obj({"available": _BOOL}, {"status": _INT, "fields": _STRS, "emulated": _STRS, "answer": {"enum": ["id"]}}))
fact(L, "products.families", "How the family model (2026-10) shows products as families",
     _obj({"family_id": _STR, "classifications": _STRS, "family_fields": _STRS, "product_fields": _STRS}))
fact(L, "products.price_book_products",
     "What GET /products/{id}/price_book_products answers for a product only the general price book holds",
     _obj({"price_book_id": _STR, "adjustment_type": _STR, "rounding": _STR}))
fact(L, "routing.no_route", "The answer to a path, or a method on a path, the requested API version does not have",
     _ERROR_BODY)
fact(L, "endpoints.legacy", "The deprecated 0.9 API's operations a store still answers (beside endpoints.gone)", _OPS)
fact(L, "errors.body", "Shape of error bodies", _obj({"shape": {"type": "object"}}))
fact(L, "errors.validation_status", "HTTP status of a refused (invalid) write", _INT)
fact(L, "errors.undeclared_statuses", "Error statuses the API answers although operations do not declare them",
     {"type": "array", "items": _INT})
fact(L, "errors.invalid_token", "The answer to a missing or unknown access token", _ERROR_BODY)
fact(L, "rate_limit.window", "How the 300 s window runs", _obj(
    {"kind": {"enum": ["fixed", "sliding"]}, "starts": _STR, "refused_requests_count": _BOOL}))
fact(L, "pagination.empty_page", "The version object of a list page with no rows", {"type": "object"})
fact(L, "schema.wire_envelopes", "Operations whose wire body wraps the declared body in a key",
     {"type": "object", "additionalProperties": _STR})
fact(L, "schema.response_overrides",
     "Operations whose success body the profile describes instead of the document (JSON Schema; local $refs allowed)",
     {"type": "object", "additionalProperties": {"type": "object"}})
fact(L, "schema.undeclared_properties",
     "Properties the wire carries that the version's document (or, for the 0.9 endpoints, the 0.9 specification) "
     "does not declare, per component, as real exchanges and vendor examples show them",
     {"type": "object", "additionalProperties": _STRS})
fact(L, "schema.omitted_properties",
     "Properties a later version's document declares that this version's answers leave out, per component: its own "
     "document does not declare them and no real exchange or vendor example of this version shows them",
     {"type": "object", "additionalProperties": _STRS})
fact(L, "schema.legacy_register_sale", "The shape of the 0.9 register sale POST /api/register_sales answers",
     _obj({"declared_by": _STR, "properties": _STRS, "line_attributes": _STRS, "not_served": _STRS}))
fact(L, "request.body_limit", "The largest request body the API takes, and the answer to a bigger one",
     _obj({"bytes": _INT, "status": _INT, "content_type": _STR, "body": _STR}))
fact(L, "request.json_nesting", "How deeply arrays and objects may nest in a JSON body, and the answer past it",
     _obj({"max_containers": _INT, "status": _INT, "message": _STR}))
fact(L, "consignments.inventory_effects", "When each consignment type moves inventory",
     {"type": "object", "additionalProperties": _STR})
fact(L, "customers.group_membership", "How customers belong to groups, and where removed members go",
     _obj({"groups_per_customer": _INT, "removed_to": {"enum": ["default-group"]}}))
fact(L, "customers.addresses", "Customer address book: whether the version has it, and how an address is validated",
     _obj({"available": _BOOL}, {"required": _STRS, "max_length": {"type": "object"}, "state_code_required": _STRS,
                                 "postcode_format": {"enum": ["required-only"]}, "status": _INT}))
fact(L, "taxes.outlet_taxes", "Which outlet-product-tax records GET /outlet_taxes lists",
     _obj({"rows": {"enum": ["every-product-at-every-outlet"]}, "tax": {"enum": ["outlet-default"]}}))
fact(L, "users.sale_totals", "What GET /users/{id}/sale_totals adds up: periods and which sales",
     _obj({"periods": _STRS, "zone": _STR, "sales": _STR}))
fact(L, "products.images", "Product image uploads and positions",
     _obj({"upload": _STR, "position_base": _INT, "status_on_upload": _STR}))
fact(L, "request.parameters", "How list and search query parameters are read: unknown ones, bad values, ids, dates",
     _obj({"unknown": {"enum": ["ignored"]}, "bad_integer": _INT, "malformed_id": _INT, "deleted_true": _STRS,
           "dates": _STR}))

fact(L, "request.query.integers", "Which query texts an integer parameter (after, before, page_size, offset) takes",
     _obj({"syntax": {"enum": ["ascii-decimal"]}, "range": {"enum": ["int64"]}, "status": _INT}))
fact(L, "request.query.page_size", "A list's page size: below 1, absent, and over the maximum the document declares",
     _obj({"below_one": _INT, "absent": {"enum": ["declared-default-else-cap"]},
           "over_declared_maximum": {"enum": ["refused", "capped"]}, "status": _INT,
           "undeclared_maximum": {"enum": ["pagination.page_size_caps"]}}))
fact(L, "request.products_lookup", "GET /products by sku, name or family_name: what each matches, and the rest ignored",
     _obj({"parameters": _STRS, "others_ignored": _BOOL, "sku_matches": _STRS, "name_matches": {"enum": ["family"]},
           "family_name": {"enum": ["alias-of-name"]}, "deleted": {"enum": ["left-out"]}}))
fact(L, "request.search", "GET /search: how SKU values match and how order_by and order_direction are read",
     _obj({"sku_values": {"enum": ["lowercase"]}, "sku_with_capitals": {"enum": ["no-match"]},
           "order_by": {"enum": ["documented-attributes"]}, "order_direction": _STRS, "default_direction": _STR,
           "refused_status": _INT}))
fact(L, "request.inventory_body", "POST /inventory and /inventory_levels bodies: defaults, types, enums, variants",
     _obj({"defaults": {"enum": ["declared"]}, "types": {"enum": ["strict"]}, "unknown_keys": {"enum": ["ignored"]},
           "include_deleted": {"enum": ["records-of-deleted-products"]}, "variants": {"enum": ["root-product-family"]},
           "sort": {"enum": ["page-then-order"]}}))


def profile_fact_schema(platform: Platform) -> dict[str, Any]:
    """JSON Schema of a profile's ``facts`` mapping (and of an overlay's ``set``)."""
    props = {}
    for spec in facts_of(platform).values():
        props[spec.id] = {
            "type": "object",
            "additionalProperties": False,
            "required": ["value", "source", "basis"],
            "properties": {
                "value": {"anyOf": [spec.value, {"type": "null"}]},
                "source": {"type": "string", "minLength": 3, "description": "a public source for this fact"},
                "basis": {"enum": list(BASES)},
                "note": {"type": "string", "minLength": 1},
            },
            "allOf": [
                {"if": {"properties": {"basis": {"const": "unknown"}}},
                 "then": {"properties": {"value": {"type": "null", "description": "null when basis is unknown"}},
                          "required": ["note"]},
                 "else": {"properties": {"value": {"not": {"type": "null"},
                                                   "description": "a value (null only with basis: unknown)"}}}},
                {"if": {"properties": {"basis": {"const": "inferred"}}},
                 "then": {"required": ["note"]}},
            ],
        }
    return {"type": "object", "additionalProperties": False, "properties": props}
