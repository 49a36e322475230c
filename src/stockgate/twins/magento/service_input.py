"""Request bodies read as Magento's Web API reads them: ``ServiceInputProcessor`` over the contract's schemas.

* Top level (``process``): each service-method parameter is looked up by its declared name, then by
  that name in snake_case (``sourceItems`` or ``source_items``); a null counts as absent (PHP ``isset``)
  and keys that name no parameter are ignored.
* Nested objects (``_createFromArray``): a key is the property whose getter is ``get``/``is`` + the key
  in upper CamelCase (``orderItemId`` and ``order_item_id`` are both ``getOrderItemId``); a key that
  names no getter is ``request.unknown_property``'s answer. An object given as a scalar is an empty
  object; a list of objects given as anything but an array is null.
* Scalars are cast as ``TypeProcessor::setType`` casts them (``validation.float_fields``,
  ``validation.scalar_coercion``); a failure deep inside is wrapped once per object it sits in.

The result keeps the contract's names (top level as declared, nested in snake_case), so handlers read
one spelling. Source: M2 lib/internal/Magento/Framework/Webapi/ServiceInputProcessor.php, Reflection/
NameFinder.php, Reflection/TypeProcessor.php, Api/SimpleDataObjectConverter.php (profile facts cite commits).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stockgate.twins.magento.errors import MagentoError
from stockgate.twins.magento.numbers import php_float, php_int, shown

if TYPE_CHECKING:
    from stockgate.contracts import Contract

_PHP_TYPES = {"integer": "int", "number": "float", "boolean": "bool", "string": "string"}
_FILTER_TRUE = {"1", "true", "on", "yes"}  # PHP filter_var(FILTER_VALIDATE_BOOLEAN) without NULL_ON_FAILURE
_SNAKE = re.compile(r"(?<=\w)(?=[A-Z])")


def upper_camel(name: str) -> str:
    """``SimpleDataObjectConverter::snakeCaseToUpperCamelCase``: ``ucwords($name, '_')`` without the underscores."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def php_snake(name: str) -> str:
    """``ServiceInputProcessor::process``'s snake_case of a parameter name (``sourceItems`` → ``source_items``)."""
    return _SNAKE.sub("_", name).lower()


@dataclass(frozen=True, slots=True)
class Shape:
    """What one schema node takes: ``object`` (a definition), ``array``, a PHP scalar type, or ``any``."""

    kind: str
    type: str = ""  # scalar: int | float | bool | string; object: the definition's name
    item: Shape | None = None


ANY = Shape("any")


@dataclass(frozen=True, slots=True)
class Definition:
    """A data interface: its properties by getter suffix (upper CamelCase) → (declared name, shape)."""

    props: Mapping[str, tuple[str, Shape]]


@dataclass(frozen=True, slots=True)
class Rules:
    """The profile facts input processing follows (read from the twin's behaviour)."""

    names: Mapping[str, Any]  # request.property_names
    unknown: Mapping[str, Any]  # request.unknown_property
    floats: Mapping[str, Any]  # validation.float_fields
    scalars: Mapping[str, Any]  # validation.scalar_coercion
    internal_error: Callable[[], MagentoError] = field(compare=False)


class Unsupported(Exception):
    """A nested key that names no property (Magento's LogicException from ``NameFinder``)."""

    def __init__(self, name: str) -> None:
        """``name``: the key in upper CamelCase, as Magento names it."""
        super().__init__(name)
        self.name = name


class TypeMismatch(Exception):
    """A value the type processing refuses (Magento's SerializationException): the message, interpolated."""


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation's top-level parameters: declared name → shape."""

    params: Mapping[str, Shape]


class Schemas:
    """Shapes compiled from one contract document, each definition once."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        """Nothing compiled yet."""
        self.document = document
        self.definitions: dict[str, Definition] = {}

    def shape(self, node: Any) -> Shape:
        """The shape of a schema node (a ``$ref`` stays a name: definitions compile when first used)."""
        if not isinstance(node, Mapping):
            return ANY
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            return Shape("object", ref.rsplit("/", 1)[1])
        kind = node.get("type")
        if kind == "array":
            return Shape("array", item=self.shape(node.get("items")))
        if kind == "object" and isinstance(node.get("properties"), Mapping):
            return Shape("object", "")  # inline objects do not occur below the top level of Magento's schemas
        return Shape("scalar", _PHP_TYPES[kind]) if kind in _PHP_TYPES else ANY

    def definition(self, name: str) -> Definition:
        """The data interface ``name`` (an unknown name: no properties)."""
        found = self.definitions.get(name)
        if found is None:
            raw = (self.document.get("definitions") or {}).get(name) or {}
            props = raw.get("properties") or {}
            found = Definition({upper_camel(p): (p, self.shape(s)) for p, s in props.items()})
            self.definitions[name] = found
        return found


@functools.lru_cache(maxsize=16)
def schemas_of(contract: Contract) -> Schemas:
    """The compiled shapes of ``contract`` (contracts are loaded once and kept)."""
    return Schemas(contract.document)


@functools.lru_cache(maxsize=4096)
def operation_of(contract: Contract, key: str) -> Operation | None:
    """The top-level parameters of ``METHOD /template`` (path parameters included: bulk bodies carry them)."""
    from stockgate.contracts.model import resolve_pointer

    op = contract.operations.get(key)
    if op is None:
        return None
    schemas = schemas_of(contract)
    params: dict[str, Shape] = {}
    if op.request_body is not None and op.request_body.schema is not None:
        body = resolve_pointer(contract.document, op.request_body.schema)
        for name, node in (body.get("properties") or {}).items():
            params[name] = schemas.shape(node)
    for parameter in op.parameters:
        if parameter.location == "path":
            node = resolve_pointer(contract.document, parameter.schema) if parameter.schema else {}
            params.setdefault(parameter.name, schemas.shape(node))
    return Operation(params)


def process(body: Any, operation: Operation, schemas: Schemas, rules: Rules) -> Any:
    """``body`` with the operation's parameters read, named as declared and cast; other keys dropped."""
    if not isinstance(body, dict):
        return body
    out: dict[str, Any] = {}
    snake = rules.names["top_level"] == "declared-or-snake"
    for name, shape in operation.params.items():
        value = body.get(name)
        if value is None and snake:
            value = body.get(php_snake(name))
        if value is None:
            continue
        try:
            out[name] = _convert(value, shape, schemas, rules)
        except TypeMismatch as exc:  # WebapiException(new Phrase($e->getMessage())): a 400, interpolated
            raise MagentoError(int(rules.floats["status"]), str(exc)) from None
        except Unsupported as exc:
            raise _unsupported(exc.name, rules) from None
    return out


def _unsupported(name: str, rules: Rules) -> MagentoError:
    """``request.unknown_property``: a masked LogicException (500), or the input error that replaced it."""
    answer = rules.unknown
    if answer["answer"] == "internal-error":
        return rules.internal_error()
    return MagentoError(int(answer["status"]), str(answer["message"]), {"fieldName": name})


def _convert(value: Any, shape: Shape, schemas: Schemas, rules: Rules) -> Any:
    if value is None or shape.kind == "any":
        return value
    if shape.kind == "scalar":
        return cast(value, shape.type, rules)
    if shape.kind == "array":
        return _array(value, shape.item or ANY, schemas, rules)
    return _object(value, schemas.definition(shape.type) if shape.type else None, schemas, rules)


def _array(value: Any, item: Shape, schemas: Schemas, rules: Rules) -> Any:
    if item.kind in {"scalar", "any"}:  # settype() on each element: a cast, never a refusal
        if isinstance(value, dict | list):
            items = value.values() if isinstance(value, dict) else value
            return [v if item.kind == "any" or v is None else php_settype(v, item.type) for v in items]
        raise TypeMismatch(_type_message(_gettype(value), f"{item.type}[]", rules))
    if isinstance(value, dict):
        value = list(value.values())
    if not isinstance(value, list):
        return None  # convertValue: "$result = is_array($data) ? [] : null"
    return [_convert(v, item, schemas, rules) for v in value]


def _object(value: Any, definition: Definition | None, schemas: Schemas, rules: Rules) -> dict[str, Any]:
    if isinstance(value, list):
        value = {str(i): v for i, v in enumerate(value)}
    if not isinstance(value, dict):
        return {}  # _createFromArray: "$data = is_array($data) ? $data : []"
    if definition is None:
        return dict(value)
    out: dict[str, Any] = {}
    by_getter = rules.names["nested"] == "getter"
    declared = {name: (name, shape) for name, shape in definition.props.values()} if not by_getter else None
    for key, child in value.items():
        found = definition.props.get(upper_camel(key)) if by_getter else (declared or {}).get(key)
        if found is None:
            raise Unsupported(upper_camel(key))
        name, shape = found
        try:
            out[name] = _custom_attributes(child, rules) if name == "custom_attributes" else \
                _convert(child, shape, schemas, rules)
        except TypeMismatch as exc:
            raise TypeMismatch(str(rules.floats["field_message"]).replace("%field_name", key)
                               .replace("%details", str(exc))) from None
    return out


def _custom_attributes(value: Any, rules: Rules) -> Any:
    """``convertCustomAttributeValue``: ``[{attribute_code, value}]`` (or ``{code: value}``), camelCase code key too."""
    if not isinstance(value, dict | list):
        return value
    pairs = value.items() if isinstance(value, dict) else enumerate(value)
    out = []
    for key, given in pairs:
        attribute = given if isinstance(given, dict) else {"attribute_code": key, "value": given}
        code = attribute.get("attribute_code") or attribute.get("attributeCode")
        if not code and attribute.get("value") is None:
            raise TypeMismatch("An empty custom attribute is specified. Enter the attribute and try again.")
        if not code:
            raise TypeMismatch("A custom attribute is specified with a missing attribute code. Verify the code "
                               "and try again.")
        if "value" not in attribute:
            raise TypeMismatch(f'The "{code}" attribute code doesn\'t have a value set. Enter the value and try '
                               "again.")
        out.append({"attribute_code": code, "value": attribute["value"]})
    return out


def cast(value: Any, php_type: str, rules: Rules) -> Any:
    """One scalar as ``TypeProcessor::processSimpleAndAnyType`` + ``setType`` cast it; TypeMismatch when refused."""
    if isinstance(value, dict | list):
        raise TypeMismatch(_type_message("array", php_type, rules))
    if php_type == "float":
        return _number(php_float, value, rules)
    if php_type == "int":
        return _number(php_int, value, rules)
    if php_type == "bool":
        if rules.scalars["bool"] != "filter-var":
            if not isinstance(value, bool):
                raise TypeMismatch(_type_message(shown(value), "bool", rules))
            return value
        return php_filter_bool(value)
    if rules.scalars["string"] != "cast" and not isinstance(value, str):
        raise TypeMismatch(_type_message(shown(value), "string", rules))
    return php_string(value)


def _number(read: Callable[..., Any], value: Any, rules: Rules) -> Any:
    try:
        return read(value, rules.floats)
    except MagentoError as exc:
        raise TypeMismatch(exc.message) from None


def _type_message(value: str, php_type: str, rules: Rules) -> str:
    return str(rules.floats["message"]).replace("%value", value).replace("%type", php_type)


def php_filter_bool(value: Any) -> bool:
    """``filter_var($value, FILTER_VALIDATE_BOOLEAN)``: "1", "true", "on", "yes" (any case, trimmed) are true."""
    if isinstance(value, bool):
        return value
    return php_string(value).strip().lower() in _FILTER_TRUE


def php_string(value: Any) -> str:
    """``(string) $value`` for a scalar: true is "1", false "", 2.0 is "2"."""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, float):
        return _float_text(value) if math.isfinite(value) else shown(value)
    return str(value)


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    power = int(exponent)
    return f"{mantissa if '.' in mantissa else mantissa + '.0'}E{'+' if power >= 0 else '-'}{abs(power)}"


def php_settype(value: Any, php_type: str) -> Any:
    """``settype($value, $type)`` on an element of a scalar array (no is_numeric check: "abc" becomes 0)."""
    if php_type == "string":
        return php_string(value)
    if php_type == "bool":
        return value not in ("", "0", 0, 0.0, False)
    match = re.match(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", php_string(value))
    number = float(match.group(0)) if match else 0.0
    return number if php_type == "float" else int(number)


def _gettype(value: Any) -> str:
    """PHP's ``gettype()`` of a JSON scalar."""
    if isinstance(value, bool):
        return "boolean"
    return {int: "integer", float: "double", str: "string"}.get(type(value), "NULL")
