"""Category attributes (issue 15 item 1): the reads of Magento_Catalog's category ``AttributeRepository``.

The attributes ``CategorySetup`` installs for ``catalog_category``, then the url and layout-file attributes of
later data patches (profile fact ``catalog.category_attributes``), answered whole as
``catalog-data-category-attribute-interface`` (the product attribute interface's fields), listed with required
searchCriteria, read by code or id, and their options: a Boolean source's Yes/No, no rows for source models
that depend on the store's configuration. The ids are the twin's own, after every product attribute id of the
seed and the product table, so the two entity types never share one (``routes_attributes.next_id`` numbers
created product attributes after them).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento import catalog_eav
from stockgate.twins.magento.errors import MagentoError
from stockgate.twins.magento.routes_inventory import listing

if TYPE_CHECKING:
    from stockgate.twins.magento.app import Call, MagentoApp

# Magento\Eav\Model\Entity\Attribute\Source\Boolean::getAllOptions
BOOLEAN_SOURCE = "Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Boolean"
BOOLEAN_OPTIONS = ({"label": "Yes", "value": "1"}, {"label": "No", "value": "0"})


def _facts(call: Call) -> dict[str, Any]:
    return dict(call.twin.profile.value("catalog.category_attributes"))


def ids(call: Call) -> dict[str, int]:
    """Every category attribute's id, numbered after the product attributes' (seed and table)."""
    products = catalog_eav.attribute_ids(call.twin.inventory.attribute_ids,
                                         call.twin.profile.value("catalog.attributes")["attributes"])
    first = max(products.values(), default=0) + 1
    return {code: first + place for place, code in enumerate(_facts(call)["attributes"])}


def _resolve(call: Call) -> str:
    """The code asked for (a numeric one read as the id, as ``loadByCode`` does); the repository's 404 else."""
    known, wanted = ids(call), call.params["attributeCode"].strip()
    if wanted in known:
        return wanted
    found = next((c for c, i in known.items() if wanted.isdigit() and i == int(wanted)), None)
    if found is None:
        missing = call.twin.profile.value("catalog.attribute_options")["missing_attribute"]
        raise MagentoError(404, missing, [call.params["attributeCode"]])
    return found


def _spec(call: Call, code: str) -> Mapping[str, Any]:
    spec: Mapping[str, Any] = _facts(call)["attributes"][code]
    return spec


def _options(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in BOOLEAN_OPTIONS] if spec.get("source_model") == BOOLEAN_SOURCE else []


def attribute(call: Call, code: str, attribute_id: int) -> dict[str, Any]:
    """One category attribute, whole (not in grids: catalog_eav_attribute's install defaults)."""
    spec = _spec(call, code)
    body = catalog_eav.attribute_body(code, attribute_id, {**spec, "grid": False}, _options(spec),
                                      int(_facts(call)["entity_type_id"]))
    if not spec.get("label"):  # installed with no label: a null field the Web API leaves out
        del body["default_frontend_label"]
    return body


def list_attributes(call: Call) -> dict[str, Any]:
    """``GET /V1/categories/attributes`` (searchCriteria required)."""
    rows = [attribute(call, code, i) for code, i in ids(call).items()]
    return listing(call, rows, required=True, entity="category_attribute")


def get_attribute(call: Call) -> dict[str, Any]:
    """``GET /V1/categories/attributes/{attributeCode}``."""
    code = _resolve(call)
    return attribute(call, code, ids(call)[code])


def get_options(call: Call) -> list[dict[str, Any]]:
    """``GET /V1/categories/attributes/{attributeCode}/options``."""
    return _options(_spec(call, _resolve(call)))


def register(app: MagentoApp) -> None:
    """Add the category attribute reads."""
    r = app.route
    r("GET", "/V1/categories/attributes", list_attributes)
    r("GET", "/V1/categories/attributes/{attributeCode}", get_attribute)
    r("GET", "/V1/categories/attributes/{attributeCode}/options", get_options)
