r"""Product attribute saves and deletes, and is-filterable (issue 15 item 1).

``Magento\Catalog\Model\Product\Attribute\Repository`` as the profile fact ``catalog.attribute_writes``
states it: a save naming an ``attribute_id`` updates the attribute of its code (code, id, user-defined flag and
input kept); any other save creates one - a label is required, the code comes from the request or the label,
the input must be a known type, the backend type follows the input, the attribute is user-defined - and a code
already taken is the unique check's refusal. A delete refuses an attribute a configurable uses (the lock
validator runs first) and a system attribute; a deleted attribute leaves every set and every product.
``is-filterable`` (2.4.7 and later) reads and writes the attribute's ``is_filterable``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import catalog_eav
from stockgate.twins.magento import routes_attribute_sets as sets
from stockgate.twins.magento import routes_attributes as attributes
from stockgate.twins.magento.errors import MagentoError, input_error
from stockgate.twins.magento.numbers import php_int
from stockgate.twins.web import Response

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp

# request property -> the twin's attribute spec key (catalog.attributes' vocabulary)
_FLAGS = {"is_required": "required", "is_unique": "unique", "is_searchable": "searchable",
          "is_filterable": "filterable", "is_comparable": "comparable", "used_in_product_listing": "listing",
          "used_for_sort_by": "sort_by", "is_visible": "visible", "is_html_allowed_on_front": "html_on_front",
          "is_wysiwyg_enabled": "wysiwyg"}


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.attribute_writes"))


def _flag(value: Any) -> bool | int:
    """A flag as sent (``"1"``, ``true``, ``2`` for is_filterable's "filterable, no results")."""
    if isinstance(value, bool):
        return value
    try:
        number = int(str(value))
    except ValueError:
        return bool(value)
    return number if number > 1 else bool(number)


def _label(body: dict[str, Any]) -> str | None:
    """``updateDefaultFrontendLabel``: the default label, else the admin store's (store 0) label."""
    if body.get("default_frontend_label"):
        return str(body["default_frontend_label"])
    admin = [row for row in body.get("frontend_labels") or [] if isinstance(row, dict) and
             str(row.get("store_id")) == "0" and row.get("label")]
    return str(admin[0]["label"]) if admin else None


def _merged(spec: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The attribute's spec with what the request sets."""
    for key, name in _FLAGS.items():
        if body.get(key) is not None:
            spec[name] = _flag(body[key])
    if body.get("scope") in ("global", "website", "store"):
        spec["scope"] = body["scope"]
    if isinstance(body.get("apply_to"), list):
        spec["apply_to"] = [str(t) for t in body["apply_to"]]
    if body.get("default_value") is not None:
        spec["default"] = str(body["default_value"])
    label = _label(body)
    if label:
        spec["label"] = label
    return spec


def _update(call: Call, body: dict[str, Any]) -> str:
    """A save naming an attribute id: the attribute of the body's code, its identity kept."""
    code = attributes.resolve(call, str(body.get("attribute_code") or ""))
    current = dict(attributes.spec(call, code))
    call.twin.inventory.eav.specs[code] = _merged(current, body)
    _add_options(call, code, body)
    return code


def _create(call: Call, body: dict[str, Any]) -> str:
    """A new, user-defined attribute (``Repository::save`` without an id)."""
    f = _facts(call)
    label = _label(body)
    if not label:
        if not body.get("frontend_labels"):
            raise input_error(f["required_field"], {"fieldName": "frontend_label"})
        raise input_error(f["invalid_field"], {"fieldName": "frontend_label", "value": None})
    code = str(body.get("attribute_code") or "") or _code_from(label)
    if not re.fullmatch(f["code_pattern"], code):
        raise input_error(f["invalid_field"], {"fieldName": "attribute_code", "value": code})
    kind = body.get("frontend_input")
    valid = {str(row["value"]) for row in call.twin.profile.value("catalog.attribute_types")}
    if kind not in valid:
        raise input_error(f["invalid_field"], {"fieldName": "frontend_input", "value": kind})
    if str(kind) not in f["backend_types"]:
        raise MagentoError(501, "stockgate twin: the backend type of a %1 attribute is set by its module's plugin "
                           "(catalog.attribute_writes); not emulated", [kind])
    if code in attributes.ids(call):
        raise input_error(f["duplicate"], [f["duplicate_title"]])
    eav = call.twin.inventory.eav
    spec: dict[str, Any] = {"input": str(kind), "backend": f["backend_types"][str(kind)], "scope": "global",
                            "required": False, "user_defined": True}
    eav.specs[code] = _merged(spec, body)
    eav.created_ids[code] = attributes.next_id(call)
    eav.deleted.discard(code)
    _add_options(call, code, body)
    return code


def _code_from(label: str) -> str:
    """``generateCode``: the label lower-cased, other characters to ``_``, ``attr_`` first when it cannot start one."""
    code = re.sub(r"[^a-z_0-9]", "_", label.lower())[:60]
    return code if re.fullmatch(r"[a-z][a-z_0-9]{0,29}[a-z0-9]", code) else f"attr_{code}"


def _add_options(call: Call, code: str, body: dict[str, Any]) -> None:
    """Options sent with the attribute, added to the option table (a table-sourced attribute's)."""
    if not catalog_eav.uses_table(attributes.spec(call, code)):
        return
    inventory = call.twin.inventory
    for row in body.get("options") or []:
        label = str(row.get("label") or "").strip() if isinstance(row, dict) else ""
        if label and (code, label) not in inventory.option_ids:
            inventory.option_ids[(code, label)] = max(inventory.option_ids.values(), default=4999) + 1


def save(call: Call) -> dict[str, Any]:
    """``POST /V1/products/attributes`` and ``PUT /V1/products/attributes/{attributeCode}`` (the path's code wins)."""
    body = call.obj("attribute")
    if "attributeCode" in call.params:
        body = {**body, "attribute_code": call.params["attributeCode"]}
    code = _update(call, body) if body.get("attribute_id") else _create(call, body)
    return attributes.attribute(call, code)


def delete(call: Call) -> bool:
    """``DELETE /V1/products/attributes/{attributeCode}``: it leaves every set and product."""
    code = attributes.resolve(call, call.params["attributeCode"])
    inventory = call.twin.inventory
    f = sets.facts(call)
    if any(code in p.configurable_attributes for p in inventory.products.values()):
        raise input_error(f["configurable_lock"])
    if not attributes.spec(call, code).get("user_defined"):
        raise input_error(_facts(call)["system_attribute"])
    sets.state(call).forget(code)
    sets.drop_values(inventory, code)
    inventory.eav.specs.pop(code, None)
    if code in inventory.eav.created_ids:
        inventory.eav.retired_ids.append(inventory.eav.created_ids.pop(code))
    inventory.eav.deleted.add(code)
    return True


def in_contract(call: Call) -> Response | None:
    """The no-route answer where the version's contract lacks the operation (is-filterable before 2.4.7)."""
    if f"{call.request.method} {call.template}" in call.twin.contract.operations:
        return None
    answer = call.twin.profile.value("routing.precedence")["no_route"]
    return Response(status=int(answer["status"]), body=dict(answer["body"]))


def get_filterable(call: Call) -> int | Response:
    """``GET /V1/products/attributes/{attributeCode}/is-filterable``: ``(int) is_filterable``."""
    missing = in_contract(call)
    if missing is not None:
        return missing
    code = attributes.resolve(call, call.params["attributeCode"])
    return int(attributes.spec(call, code).get("filterable") or 0)


def set_filterable(call: Call) -> bool | Response:
    """``PUT /V1/products/attributes/{attributeCode}/is-filterable/{isFilterable}``: saved, true."""
    missing = in_contract(call)
    if missing is not None:
        return missing
    value = php_int(call.params["isFilterable"], call.twin.behaviour.float_fields, "isFilterable")
    code = attributes.resolve(call, call.params["attributeCode"])
    eav = call.twin.inventory.eav
    eav.specs[code] = {**attributes.spec(call, code), "filterable": value if value > 1 else bool(value)}
    return True


def register(app: MagentoApp) -> None:
    """Add attribute saves, deletes and is-filterable."""
    r = app.route
    r("POST", "/V1/products/attributes", save)
    r("PUT", "/V1/products/attributes/{attributeCode}", save)
    r("DELETE", "/V1/products/attributes/{attributeCode}", delete)
    r("GET", "/V1/products/attributes/{attributeCode}/is-filterable", get_filterable)
    r("PUT", "/V1/products/attributes/{attributeCode}/is-filterable/{isFilterable}", set_filterable)
