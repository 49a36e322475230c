"""``stockgate contracts show``: one version, one operation's shapes, or one behaviour profile."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from stockgate.cli.common import add_contracts_dir, add_format, print_json, require
from stockgate.contracts.profiles import DEFAULT

if TYPE_CHECKING:
    from stockgate.contracts import Contract, Operation, Profile
    from stockgate.contracts.model import Body


def register(commands: Any) -> None:
    """Add the subcommand."""
    parser = commands.add_parser("show", help="a version's operations, one operation's shapes, or its profile")
    parser.add_argument("ref", metavar="PLATFORM@VERSION", help="e.g. magento@2.4.8 or lightspeed@2026-07")
    parser.add_argument("--operation", metavar="'METHOD /path'",
                        help="an operation by template or concrete URL, e.g. 'POST /V1/inventory/source-items'")
    parser.add_argument("--profile", nargs="?", const=DEFAULT, metavar="NAME",
                        help="print the behaviour profile (default, or a named configuration)")
    add_contracts_dir(parser)
    add_format(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print what was asked for."""
    from stockgate.contracts import load_contract

    require(not (args.operation and args.profile), "choose one of --operation and --profile")
    contract = load_contract(args.ref, args.contracts_dir)
    if args.profile:
        _show_profile(contract.profile(args.profile), args.format)
    elif args.operation:
        _show_operation(contract, contract.operation(args.operation), args.format)
    else:
        _show_summary(contract, args.format)
    return 0


def _show_summary(contract: Contract, fmt: str) -> None:
    from stockgate.contracts.profiles import available_overlays

    entry = contract.entry
    profiles = [DEFAULT, *(o.name for o in available_overlays(contract.index, entry))]
    ops = sorted(contract.operations)
    if fmt == "json":
        print_json({"ref": str(contract.ref), "status": entry.status.value, "title": entry.title,
                    "kind": contract.kind, "source": entry.source, "profiles": profiles, "operations": ops})
        return
    origin = f"derived from {entry.base} by {entry.overlay}" if entry.base else f"vendored from {entry.source}"
    if entry.extends is not None:  # a pulled contract: where, when, and the release its profile assumes
        origin = (f"pulled from {entry.pulled_from} at {entry.retrieved_at} ({entry.source}); nearest "
                  f"{entry.extends}, whose profile facts are assumed until confirmed on the store")
    print(f"{contract.ref} — {entry.title}")
    print(f"status: {entry.status.value} ({origin})")
    print(f"format: {contract.kind}; {len(ops)} operations; profiles: {', '.join(profiles)}")
    if entry.notes:
        print(f"notes: {entry.notes}")
    print()
    for key in ops:
        print(f"  {key}")


def _show_operation(contract: Contract, op: Operation, fmt: str) -> None:
    params = [{"name": p.name, "in": p.location, "required": p.required, "description": p.description,
               "schema": _param_schema(contract, p.schema)} for p in op.parameters]
    body = _body(contract, op.request_body)
    responses = {r.status: {"description": r.description, **(_body(contract, r.body) or {}),
                            "headers": list(r.headers)} for r in op.responses}
    if fmt == "json":
        print_json({"ref": str(contract.ref), "operation": op.key, "operation_id": op.operation_id,
                    "summary": op.summary, "deprecated": op.deprecated, "parameters": params,
                    "request_body": body, "responses": responses})
        return
    print(f"{contract.ref} {op.key}" + (" (deprecated)" if op.deprecated else ""))
    if op.summary:
        print(f"  {op.summary}")
    print("\nparameters:" if params else "\nparameters: none")
    for p in params:
        flag = "*" if p["required"] else ""
        print(f"  {p['in']:<6} {p['name']}{flag}: {_type_label(p['schema'] or {})}")
    print("\nrequest body:" if body else "\nrequest body: none")
    if body:
        print(f"  {', '.join(body['media_types'])}" + (" (required)" if body.get("required") else ""))
        _print_schema(body.get("schema"), 2)
    print("\nresponses:")
    for status, resp in responses.items():
        print(f"  {status}: {resp['description'] or '(no description)'}")
        _print_schema(resp.get("schema"), 4)
    print("\n(* = required; shapes are the published schema with $refs inlined)")


def _param_schema(contract: Contract, ptr: str | None) -> Any:
    if ptr is None:
        return None
    from stockgate.contracts.model import resolve_pointer
    from stockgate.contracts.schema import parameter_schema

    node = resolve_pointer(contract.document, ptr)
    if contract.kind == "swagger-2.0" and "in" in node:
        return parameter_schema(node)
    return contract.schemas.resolve(ptr)


def _body(contract: Contract, body: Body | None) -> dict[str, Any] | None:
    if body is None:
        return None
    schema = contract.schemas.resolve(body.schema) if body.schema else None
    return {"media_types": list(body.media_types), "required": body.required, "schema": schema}


def _type_label(schema: dict[str, Any]) -> str:
    kind = schema.get("type", "object" if "properties" in schema else "any")
    kind = "|".join(kind) if isinstance(kind, list) else str(kind)
    name = schema.get("x-stockgate-ref")
    if kind == "array" or (isinstance(schema.get("type"), list) and "array" in schema["type"]):
        inner = schema.get("items") or {}
        label = f"array of {_type_label(inner)}"
    else:
        label = kind + (f" <{name}>" if name else "")
    if schema.get("format"):
        label += f" ({schema['format']})"
    if "enum" in schema:
        label += " one of " + ", ".join(json.dumps(v) for v in schema["enum"])
    if schema.get("x-stockgate-cut"):
        label += f" [{schema['x-stockgate-cut']}, not expanded]"
    return label


def _print_schema(schema: Any, indent: int) -> None:
    if not isinstance(schema, dict):
        if schema is not None:
            print(" " * indent + json.dumps(schema))
        return
    print(" " * indent + _type_label(schema))
    _print_properties(schema, indent + 2)


def _print_properties(schema: dict[str, Any], indent: int) -> None:
    target = schema
    while target.get("type") == "array" or "items" in target:
        target = target.get("items") or {}
    required = set(target.get("required") or [])
    for name, raw in (target.get("properties") or {}).items():
        sub = raw if isinstance(raw, dict) else {}
        flag = "*" if name in required else ""
        desc = str(sub.get("description", "")).strip().split("\n")[0]
        line = f"{' ' * indent}{name}{flag}: {_type_label(sub)}"
        print(line + (f" — {desc}" if desc else ""))
        if indent < 14:
            _print_properties(sub, indent + 2)


def _show_profile(profile: Profile, fmt: str) -> None:
    if fmt == "json":
        print_json({"ref": str(profile.ref), "profile": profile.name, "description": profile.description,
                    "files": list(profile.files),
                    "facts": {f.id: {"value": f.value, "basis": f.basis, "source": f.source, "note": f.note,
                                     "stated_at": f.origin} for f in profile.facts.values()}})
        return
    print(f"{profile.ref} profile '{profile.name}': {profile.description}")
    print(f"from: {' extends '.join(profile.files)}\n")
    for fact in sorted(profile.facts.values(), key=lambda f: f.id):
        print(f"{fact.id} = {json.dumps(fact.value, ensure_ascii=False)}")
        print(f"    basis: {fact.basis}; source: {fact.source}")
        if fact.note:
            print(f"    note: {fact.note}")
