"""``stockgate contracts pull``: a store's own schema (or a downloaded document) as a first-class contract.

A Magento store publishes the Swagger 2.0 document of what *it* serves — vanilla plus its modules'
extension attributes and routes, filtered by the integration's ACL — at ``GET /rest/<store>/schema
?services=all`` (WEBAPI ``src/pages/rest/quick-reference/generate-local.md``; MAGENTO.md §1) and the
async one at ``/rest/<store>/async/schema``. Pulled, it becomes ``magento@NAME`` in the contracts
folder's ``index.toml`` (``status = "pulled"``) with:

* provenance: ``pulled_from = "staging:<12 hex digits of sha256(host)>"``, ``retrieved_at``, the
  sha256 of the stored file, and ``extends``, the nearest known release (the schema's
  ``info.version``, e.g. ``2.4.8-p3`` → ``magento@2.4.8``, else ``--extends``);
* ``magento/NAME/openapi.json``: the store's answer with its host replaced by
  ``staging-<hash>.invalid`` and any credential value by ``<scrubbed>`` (hosts and credentials never
  reach a file);
* ``magento/NAME/profile.yaml``: ``extends`` the nearest release's profile and states nothing itself;
  every inherited fact is marked "assumed, confirm on this store" when loaded (``contracts.profiles``):
  a store's schema says nothing about behaviour, so nothing is presented as known for it.

Lightspeed publishes no per-store schema; ``pull lightspeed --file FILE --as NAME`` vendors a document
the user downloaded (byte for byte, ``pulled_from = "file"``). Everything is checked before anything
is written; the index is written last, so a failure leaves no contract half there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stockgate.contracts.index import INDEX_NAME, INDEX_SCHEMA, ContractIndex, load_index
from stockgate.contracts.model import spec_kind
from stockgate.contracts.profiles import ASSUMED, Profile
from stockgate.contracts.refs import ContractStatus, Platform, VersionRef
from stockgate.datafile import LoadedData, display_path, validate
from stockgate.errors import DataError, StockgateError, UsageError
from stockgate.live.client import StoreClient, printable
from stockgate.safewrite import write_atomic
from stockgate.shipped import PACKAGE

NAME = re.compile(r"^[a-z0-9][a-z0-9.\-]{0,63}$")  # a folder name on every file system (at most 64 characters)
MAX_FILE = 64 * 1024 * 1024  # a published OpenAPI document is a few MB; Lightspeed's 2026-07 one is ~1 MB
SCRUBBED = "<scrubbed>"


@dataclass(frozen=True, slots=True, kw_only=True)
class Pulled:
    """A contract ready to be written: what was fetched or read, and where it came from."""

    ref: VersionRef
    extends: VersionRef
    pulled_from: str
    retrieved_at: str
    text: str  # the stored document (scrubbed)
    suffix: str  # .json or .yaml
    asked: str  # what produced it, without the host (``GET /rest/default/schema?services=all``)
    operations: int
    notes: str
    async_text: str | None = None  # Magento's async schema when the store served one (stored beside, scrubbed)


@dataclass(frozen=True, slots=True, kw_only=True)
class Written:
    """What :func:`write` put in the contracts folder."""

    document: Path
    profile: Path
    index: Path
    facts: int


def contracts_root(root: Path | None) -> Path:
    """Where pulled contracts go: ``--contracts-dir``, else the contracts in use (never the installed package)."""
    index = load_index(root)
    folder = index.root.resolve()
    if folder.is_relative_to(PACKAGE):
        raise UsageError(f"the contracts in use are the installed package's ({folder}), read-only: run "
                         "`stockgate contracts copy my-contracts`, then pull with --contracts-dir my-contracts")
    return index.root


def check_name(index: ContractIndex, platform: Platform, name: str) -> VersionRef:
    """``--as NAME`` as a new version of ``platform``; one usage line when it is malformed or taken."""
    if not NAME.match(name):
        shown = ascii(name[:40]) + ("..." if len(name) > 40 else "")
        raise UsageError(f"--as {shown}: expected lowercase letters, digits, '.' and '-', starting with a letter or "
                         "digit, at most 64 characters (e.g. my-staging)")
    ref = VersionRef(platform=platform, version=name)
    if ref in index.refs(platform):
        raise UsageError(f"--as {name}: {ref} already exists in {display_path(index.root / INDEX_NAME)}; choose "
                         "another name, or remove its [[contracts]] entry and folder to pull it again")
    if (index.root / platform.value / name).exists():
        raise UsageError(f"--as {name}: {display_path(index.root / platform.value / name)} already exists; "
                         "choose another name or remove that folder")
    return ref


def fetch_magento(client: StoreClient, store: str) -> tuple[str, dict[str, Any], str, str | None]:
    """The store's schema answer (text scrubbed, parsed), a note on its async schema, and that schema's text."""
    asked = f"/rest/{store}/schema"
    response = client.get(asked, [("services", "all")])
    text = _schema_text(response, f"GET {asked}?services=all", client)
    document = _parsed(text, f"GET {asked}?services=all")
    if spec_kind_or_none(document) != "swagger-2.0":
        raise UsageError(f"GET {asked}?services=all: the answer is JSON but not a Swagger 2.0 document (no "
                         "'swagger: \"2.0\"' at the top); is --target a Magento store's base URL?")
    if not isinstance(document.get("paths"), dict) or not document["paths"]:
        raise UsageError(f"GET {asked}?services=all: the schema lists no operations: the integration's API "
                         "resources allow none (System > Extensions > Integrations > API); grant what the "
                         "connector uses and pull again")
    _refuse_anonymous(client, asked, document)
    asked_async = f"GET /rest/{store}/async/schema"
    async_answer = client.get(f"/rest/{store}/async/schema")
    async_text = scrub(async_answer.text, client) if async_answer.status_code == 200 else None
    if async_text is not None and spec_kind_or_none(_parsed_or_empty(async_text)) != "swagger-2.0":
        async_text = None
    note = (f"async schema ({asked_async}): stored beside as async-openapi.json (not among the contract's "
            "operations: stockgate checks synchronous answers)" if async_text is not None else
            f"async schema ({asked_async}): answered {async_answer.status_code} without a Swagger document, "
            "not stored")
    return text, document, note, async_text


def operation_keys(document: dict[str, Any]) -> set[str]:
    """``METHOD /path`` of every operation a Swagger/OpenAPI document lists."""
    methods = {"get", "put", "post", "delete", "patch", "head", "options"}
    paths = document.get("paths")
    return {f"{m.upper()} {p}" for p, item in (paths if isinstance(paths, dict) else {}).items()
            if isinstance(item, dict) for m in item if m in methods}


def _refuse_anonymous(client: StoreClient, asked: str, document: dict[str, Any]) -> None:
    """Refuse a schema that lists no more than a guest sees: the store did not accept the credentials.

    Magento answers the schema to anyone, filtered by the caller's ACL; a caller it does not recognise
    (a wrong token, a wrong consumer secret) is a guest and gets the anonymous operations only
    (``Webapi/Model/AbstractSchemaGenerator.php`` ``getAllowedServicesMetadata``). So the same request
    is sent once without credentials: the same operations mean the credentials were not accepted.
    """
    answer = client.get(asked, [("services", "all")], anonymous=True)
    if answer.status_code != 200:
        return  # the store shows a guest nothing: what the credentials got is theirs
    guest = operation_keys(_parsed_or_empty(answer.text))
    if guest and operation_keys(document) <= guest:
        raise UsageError(f"GET {asked}?services=all: the schema lists only the {len(guest)} operation(s) a guest "
                         "sees, so the store did not accept the credentials; check STOCKGATE_MAGENTO_TOKEN (and "
                         "STOCKGATE_MAGENTO_CONSUMER_KEY, _CONSUMER_SECRET, _TOKEN_SECRET for OAuth 1.0a) against "
                         "the integration in System > Extensions > Integrations")


def _parsed_or_empty(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def spec_kind_or_none(document: dict[str, Any]) -> str | None:
    """``swagger-2.0``, ``openapi-3.0``, ``openapi-3.1`` or None."""
    try:
        return spec_kind(document)
    except ValueError:
        return None


def _schema_text(response: Any, asked: str, client: StoreClient) -> str:
    status = response.status_code
    if status in (401, 403):
        raise UsageError(f"{asked}: the store answered {status}; check STOCKGATE_MAGENTO_TOKEN (and the OAuth "
                         "variables) against the integration in System > Extensions > Integrations")
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    text = response.text
    if media == "text/html" or text.lstrip()[:1] == "<":
        raise UsageError(f"{asked}: the store answered {status} with an HTML page, not a schema (a maintenance "
                         "page, a WAF or a login page?); check --target and pull again when the store answers")
    if not 200 <= status < 300:
        raise UsageError(f"{asked}: the store answered {status}; expected 200 with the schema (is --target the "
                         "store's base URL, and is the store code right?)")
    return scrub(text, client)


def scrub(text: str, client: StoreClient) -> str:
    """``text`` with the store's host (→ ``staging-<hash>.invalid``) and every credential (→ ``<scrubbed>``)."""
    target = client.target
    host = target.host("magento")
    label = target.label("magento").removeprefix("staging:")
    for value in sorted({host, host.split("@")[-1].rsplit(":", 1)[0]} - {""}, key=len, reverse=True):
        text = text.replace(value, f"staging-{label}.invalid")
    for secret in target.secrets:
        text = text.replace(secret, SCRUBBED)
    return text


def _parsed(text: str, asked: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        raise UsageError(f"{asked}: the answer is not JSON (starts {text.strip()[:40]!a}); expected Magento's "
                         "Swagger 2.0 schema") from None
    if not isinstance(value, dict):
        raise UsageError(f"{asked}: the answer is JSON {type(value).__name__}, not a schema object")
    return value


def nearest(index: ContractIndex, platform: Platform, document: dict[str, Any], name: str,
            given: str | None) -> VersionRef:
    """The known release a pulled document extends: ``--extends``, else its ``info.version`` (or a date name)."""
    from stockgate.scenarios.model import version_key

    known = [e.ref for e in index.entries if e.ref.platform == platform and e.status != ContractStatus.PULLED]
    if given:
        ref = VersionRef.parse(given if "@" in given else f"{platform.value}@{given}")
        if ref not in known:
            raise UsageError(f"--extends {given}: not a known {platform.value} release; known: "
                             f"{', '.join(map(str, known))}")
        return ref
    info = document.get("info")
    stated = str(info.get("version", "")) if isinstance(info, dict) else ""
    shape = r"\d+\.\d+\.\d+" if platform == Platform.MAGENTO else r"\d{4}-\d{2}|\d+\.\d+"
    found = re.match(shape, stated) or re.fullmatch(shape, name)
    if found is None:
        raise UsageError(f"the document names no {platform.value} release (info.version {stated!r}); give the "
                         f"nearest with --extends, e.g. --extends {known[-1] if known else platform.value}")
    key = version_key(platform.value, found[0])
    older = [r for r in known if version_key(platform.value, r.version) <= key]
    if not older:
        raise UsageError(f"info.version {stated!r} is older than every known {platform.value} release; give "
                         "--extends")
    return max(older, key=lambda r: version_key(platform.value, r.version))


def profile_text(pulled: Pulled, base: Profile, base_file: Path, folder: Path) -> str:
    """The pulled version's profile: ``extends`` the nearest's and states nothing of its own yet.

    Every inherited fact is marked "assumed, confirm on this store" when the profile is loaded
    (``contracts.profiles``); a fact confirmed on the store goes under ``facts`` with its own basis.
    """
    extends = os.path.relpath(base_file.absolute(), folder.absolute())  # links kept: the copy stays movable
    return "\n".join([
        f"# {pulled.ref}: pulled from {pulled.pulled_from} at {pulled.retrieved_at}. A store's schema says what it",
        f"# serves, not how it behaves: the {len(base.facts)} facts of {base.ref}'s profile apply here, each marked",
        f"# '{ASSUMED}' until you state it below with what you saw on the store, e.g.",
        _EXAMPLE_FACT[pulled.ref.platform],
        "profile_format: 1", f"platform: {pulled.ref.platform.value}", f"version: {json.dumps(pulled.ref.version)}",
        f"extends: {json.dumps(extends)}", "facts: {}", ""])


_EXAMPLE_FACT = {
    Platform.MAGENTO: "#   input_limits.enabled: {value: true, basis: recorded, "
                      "source: \"our staging store, admin config\"}",
    Platform.LIGHTSPEED: "#   rate_limit.registers: {value: 3, basis: recorded, "
                         "source: \"our retailer's Setup > Registers\"}",
}


def index_block(pulled: Pulled, index: ContractIndex, sha256: str) -> str:
    """The ``[[contracts]]`` table appended to ``index.toml``."""
    base = index.get(pulled.extends)
    folder = f"{pulled.ref.platform.value}/{pulled.ref.version}"
    label = pulled.pulled_from
    rows = {
        "ref": str(pulled.ref), "status": "pulled",
        "title": f"{pulled.ref} ({'pulled from ' + label if label != 'file' else 'a downloaded document'}, "
                 f"nearest {pulled.extends})",
        "document": f"{folder}/openapi{pulled.suffix}", "sha256": sha256, "profile": f"{folder}/profile.yaml",
        "publisher": "the merchant's store" if label != "file" else "the document's publisher (see its info)",
        "source": f"{pulled.asked} on {label} (host not recorded)" if label != "file" else pulled.asked,
        "licence": "the store owner's; not for redistribution" if label != "file" else "as the document states",
        "retrieved": pulled.retrieved_at[:10], "released": "unknown",
        "released_source": "a pulled document names no release date",
        "support_ends": "unknown",
        "support_source": f"pulled: no support window is published for this document ({pulled.extends}, the "
                          f"release it extends: support ends {base.support_ends}; confirm which release the "
                          "store or document is)",
        "notes": pulled.notes, "extends": str(pulled.extends), "pulled_from": label,
        "retrieved_at": pulled.retrieved_at,
    }
    return "\n[[contracts]]\n" + "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in rows.items())


def write(pulled: Pulled, root: Path) -> Written:
    """Check everything, then write the document, the profile and (last) the index entry."""
    index = load_index(root)
    folder = root / pulled.ref.platform.value / pulled.ref.version
    base_entry = index.get(pulled.extends)
    base = _base_profile(index, pulled.extends)
    sha256 = hashlib.sha256(pulled.text.encode()).hexdigest()
    index_path = root / INDEX_NAME
    new_index = index_path.read_text(encoding="utf-8").rstrip("\n") + "\n" + index_block(pulled, index, sha256)
    validate(LoadedData(path=index_path, data=tomllib.loads(new_index)), INDEX_SCHEMA, what="the contract index")
    profile = profile_text(pulled, base, base_entry.profile, folder)
    written: list[Path] = []
    try:
        files = [(f"openapi{pulled.suffix}", pulled.text), ("profile.yaml", profile)]
        if pulled.async_text is not None:
            files.append(("async-openapi.json", pulled.async_text))
        for name, text in files:
            write_atomic(folder / name, text, within=root)
            written.append(folder / name)
        write_atomic(index_path, new_index, within=root)
    except (StockgateError, OSError):
        for path in written:
            path.unlink(missing_ok=True)
        if folder.exists() and not any(folder.iterdir()):
            folder.rmdir()
        raise
    return Written(document=folder / f"openapi{pulled.suffix}", profile=folder / "profile.yaml", index=index_path,
                   facts=len(base.facts))


def _base_profile(index: ContractIndex, ref: VersionRef) -> Profile:
    from stockgate.contracts.contract import load_contract

    return load_contract(ref, index=index).profile()


def pull_magento(client: StoreClient, index: ContractIndex, *, name: str | None, store: str,
                 extends: str | None) -> Pulled:
    """Fetch and check the store's schema; nothing is written yet."""
    label = client.target.label("magento")
    default = f"staging-{label.removeprefix('staging:')[:8]}"
    ref = check_name(index, Platform.MAGENTO, name if name is not None else default)
    retrieved = client.now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    text, document, note, async_text = fetch_magento(client, store)
    return Pulled(ref=ref, extends=nearest(index, Platform.MAGENTO, document, ref.version, extends),
                  pulled_from=label, retrieved_at=retrieved, text=text, suffix=".json",
                  asked=f"GET /rest/{store}/schema?services=all", operations=_count(document),
                  notes=f"The store's own schema (its modules and the integration's ACL included). {note}.",
                  async_text=async_text)


def pull_file(path: Path, index: ContractIndex, *, platform: Platform, name: str, extends: str | None,
              now: dt.datetime) -> Pulled:
    """A downloaded OpenAPI document (Lightspeed publishes no per-store schema), vendored byte for byte."""
    ref = check_name(index, platform, name)
    raw = read_file(path)
    document, is_json = parse_file(path, raw)
    kind = spec_kind_or_none(document)
    if kind is None or not isinstance(document.get("paths"), dict) or not document["paths"]:
        raise UsageError(f"--file {display_path(path)}: not an OpenAPI document with operations (expected "
                         "'openapi: 3.x' or 'swagger: \"2.0\"' and a non-empty 'paths')")
    if platform == Platform.LIGHTSPEED:
        _refuse_magento(document, f"--file {display_path(path)}")
        _refuse_other_version(document, name, f"--file {display_path(path)}")
    base = nearest(index, platform, document, name, extends)
    _refuse_partial(document, base, index, f"--file {display_path(path)}")
    suffix = ".json" if is_json else ".yaml"
    return Pulled(ref=ref, extends=base, pulled_from="file",
                  retrieved_at=now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                  text=raw.decode("utf-8"), suffix=suffix, asked=f"the file {path.name}",
                  operations=_count(document), notes=f"{kind} document vendored byte for byte from {path.name}.")


def _refuse_magento(document: dict[str, Any], shown: str) -> None:
    """A Magento schema given as a Lightspeed document: its ``basePath`` is ``/rest/...``, its paths ``/V1/...``.

    Lightspeed's documents (OpenAPI 3, as shipped) name ``/api/<version>`` in their server URL; Magento's are
    Swagger 2.0 with ``basePath: /rest/<store>`` and every path under ``/V1/``.
    """
    paths = [p for p in document.get("paths", {}) if isinstance(p, str)]
    magento = sum(1 for p in paths if p.startswith("/V1/"))
    base = str(document.get("basePath") or "")
    if base.startswith("/rest") or (paths and magento * 2 > len(paths)):
        raise UsageError(f"{shown}: a Magento schema (Swagger {document.get('swagger', '2.0')}, basePath "
                         f"{base or 'none'}, {magento} /V1/... path(s)), not a Lightspeed document; pull a Magento "
                         "store's own schema with `stockgate contracts pull magento --target URL`")


def _refuse_other_version(document: dict[str, Any], name: str, shown: str) -> None:
    """A Lightspeed document naming another date version than ``--as`` (a date version) is refused.

    Its server URL (``/api/<version>``) is where the twin answers; without one, its ``info.version``.
    """
    if not re.fullmatch(r"\d{4}-\d{2}", name):
        return
    info = document.get("info")
    stated = str(info.get("version", "")) if isinstance(info, dict) else ""
    server = re.search(r"/api/(\d{4}-\d{2})(?:/|$)", _server_path(document))
    if server is not None:
        named, what = server[1], f"its server URL names /api/{server[1]}"
    elif re.fullmatch(r"\d{4}-\d{2}", stated):
        named, what = stated, f"its info.version names {stated}"
    else:
        return
    if named != name:
        raise UsageError(f"{shown}: {what}, not --as {name}; give --as the version the document is (or a name "
                         "that is not a date, e.g. --as ls-mine)")


def _refuse_partial(document: dict[str, Any], base: VersionRef, index: ContractIndex, shown: str) -> None:
    """A document must list most (more than half) of what the connector calls on the release it is nearest.

    Fewer is an excerpt or another API: its diff and gate would report the connector's operations as removed.
    """
    from stockgate.contracts.contract import load_contract
    from stockgate.live.verify import connector_first

    release = load_contract(base, index=index)
    prefix = "/rest/default" if base.platform == Platform.MAGENTO else _server_path(document)
    calls = connector_first(release, prefix)
    if not calls:
        return
    have = operation_keys(document)
    missing = [op for op in calls if op not in have]
    if len(missing) * 2 >= len(calls):
        raise UsageError(f"{shown}: lists {len(calls) - len(missing)} of the {len(calls)} operation(s) the connector "
                         f"calls on {base}; missing {', '.join(missing[:6])}{', ...' if len(missing) > 6 else ''}; "
                         "give the whole published document (an excerpt or another API cannot stand for a release)")


def _server_path(document: dict[str, Any]) -> str:
    """``/api/2027-01`` from an OpenAPI 3 server URL (or a Swagger ``basePath``); ``""`` when neither names one."""
    from urllib.parse import urlsplit

    servers = document.get("servers")
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        return urlsplit(str(servers[0].get("url", ""))).path.rstrip("/")
    return str(document.get("basePath") or "").rstrip("/")


def read_file(path: Path) -> bytes:
    """``--file``: a regular file of at most :data:`MAX_FILE` bytes; one usage line naming --file otherwise."""
    import stat

    shown = f"--file {display_path(path)}"
    try:
        mode = path.stat()
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file; check --file (the OpenAPI document you downloaded)") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot be read ({exc.strerror}); check --file") from None
    if stat.S_ISDIR(mode.st_mode):
        raise UsageError(f"{shown}: is a folder; check --file (give the OpenAPI document itself)")
    if not stat.S_ISREG(mode.st_mode):
        raise UsageError(f"{shown}: not a regular file (a device, pipe or socket); check --file")
    if mode.st_size > MAX_FILE:
        raise UsageError(f"{shown}: {mode.st_size} bytes, more than the {MAX_FILE // 2**20} MB an OpenAPI document "
                         "takes; check --file")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE + 1)
    except OSError as exc:
        raise UsageError(f"{shown}: cannot be read ({exc.strerror}); check --file") from None
    if len(raw) > MAX_FILE:
        raise UsageError(f"{shown}: more than {MAX_FILE // 2**20} MB; check --file")
    return raw


def parse_file(path: Path, raw: bytes) -> tuple[dict[str, Any], bool]:
    """The document and whether it is JSON, by content first: a text starting with ``{`` is tried as JSON.

    A JSON document saved as .yaml may hold escapes the YAML reader refuses; anything else is parsed by the
    file's extension.
    """
    from stockgate.contracts.documents import parse_document

    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    shown = f"--file {display_path(path)}"
    if _binary(raw):
        raise UsageError(f"{shown}: not text (binary bytes, e.g. a compressed or encrypted file), so not an "
                         "OpenAPI document; check --file (the JSON or YAML document you downloaded, unzipped)")
    if text[:1] == "<":
        kind = "an HTML page" if re.match(r"<(!doctype\s+html|html|head|body)\b", text[:200], re.IGNORECASE) else \
            "markup (HTML or XML)"
        raise UsageError(f"{shown}: looks like {kind}, not an OpenAPI document (starts {printable(text[:40])}); "
                         "save the document itself (JSON or YAML, e.g. the API reference's download link), not the "
                         "page that shows it, and give that file as --file")
    if path.suffix != ".json" and text.startswith("{"):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if isinstance(value, dict):
            return value, True
    try:
        document = parse_document(path, raw)
    except DataError as exc:
        if exc.actual is None:  # a syntax error: the reader's own message, line included
            raise
        raise UsageError(f"{shown}: not an OpenAPI document (its top level is a {exc.actual}, not a mapping); "
                         "check --file (the OpenAPI document you downloaded, JSON or YAML)") from None
    return document, path.suffix == ".json"


def _binary(raw: bytes) -> bool:
    """Whether ``raw`` is not text: a NUL byte, or not UTF-8 in its first 4 KB."""
    head = raw[:4096]
    if b"\0" in head:
        return True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(head) - 4  # a character cut at the 4 KB boundary is still text
    return False


def _count(document: dict[str, Any]) -> int:
    methods = {"get", "put", "post", "delete", "patch", "head", "options"}
    return sum(1 for item in document.get("paths", {}).values() if isinstance(item, dict) for m in item
               if m in methods)
