"""``stockgate cassettes verify``: every recorded answer against its own version's contract, or another's.

Against another version (``--against magento@2.4.9``) it previews an upgrade: would the answers the
connector got yesterday still be what the new version promises? The check is the profile-aware one
the twins are held to (:func:`~stockgate.contracts.conformance.response_problems`), so documented
doc-vs-wire differences are profile facts, not findings. Lightspeed's unversioned 0.9 leftovers
(``/api/register_sales``) are outside every published contract and are not checked.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from stockgate.cassettes.store import no_answer, read_cassette
from stockgate.contracts import load_contract
from stockgate.contracts.conformance import not_json_problems, response_problems
from stockgate.contracts.refs import VersionRef

if TYPE_CHECKING:
    from stockgate.contracts import Contract, Profile

_LS_VERSIONED = re.compile(r"^/api/(?P<version>[0-9][^/]*)(?P<rest>/.*)$")


def verify_cassette(path: Path, against: VersionRef | None = None) -> tuple[list[str], int]:
    """Problems (``file: interaction N: …``) and how many answers were checked."""
    provenance, interactions = read_cassette(path)
    if provenance is None and against is None:
        return [f"{path}: no provenance: its platform version is unknown (re-record it, or pass --against)"], 0
    platform = against.platform.value if against else provenance.platform  # type: ignore[union-attr]
    if provenance is not None and provenance.platform != platform:
        return [], 0  # another platform's cassette: nothing to say about it
    version = against.version if against else provenance.version  # type: ignore[union-attr]
    contract = load_contract(f"{platform}@{version}")
    same = provenance is not None and provenance.version == version
    profile = contract.profile(provenance.profile if same and provenance else "default")
    problems, checked = [], 0
    for n, interaction in enumerate(interactions):
        if no_answer(interaction):
            continue  # the connection dropped: there is no answer to check
        request, response = interaction["request"], interaction["response"]
        url = urlsplit(str(request["uri"]))
        route = url.path
        if platform == "lightspeed":
            found = _LS_VERSIONED.match(route)
            if found is None:
                continue  # 0.9 leftovers: no contract publishes them
            route = f"/api/{contract.wire_version}{found['rest']}"  # the same call, as the version checked serves it
        checked += 1
        problems += [f"{path}: interaction {n}: {problem}" for problem in _problems(
            contract, profile, str(request["method"]), route + (f"?{url.query}" if url.query else ""), response)]
    return problems, checked


def _problems(contract: Contract, profile: Profile, method: str, url: str, response: dict[str, Any]) -> list[str]:
    """What is wrong with one recorded answer (a body that is not JSON is checked too: HTML where JSON is due)."""
    status = int((response.get("status") or {}).get("code") or 0)
    body = _json((response.get("body") or {}).get("string"))
    if body is _NOT_JSON:
        return not_json_problems(contract, method=method, url=url, status=status,
                                 content_type=_header(response, "content-type"))
    return response_problems(contract, profile, method=method, url=url, status=status, body=body)


def _header(response: dict[str, Any], name: str) -> str:
    """A recorded response header's first value ('' when absent); vcrpy keeps a list per name."""
    for key, value in (response.get("headers") or {}).items():
        if str(key).lower() == name:
            return str(value[0] if isinstance(value, list) and value else value)
    return ""


_NOT_JSON = object()


def _json(text: Any) -> Any:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if text is None or text == "":
        return None
    try:
        return json.loads(text)
    except (ValueError, TypeError):
        return _NOT_JSON
