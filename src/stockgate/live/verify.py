"""``stockgate verify-live``: schemathesis cases against a live store, every answer checked by its contract and profile.

Requests come from schemathesis (``as_strategy`` on the contract's operations, derandomized by
``seed``) but are sent by :class:`~stockgate.live.client.StoreClient`, so the store is only ever asked
what the run allows: read operations (``GET``; Magento's searches are ``GET`` with ``searchCriteria``)
unless ``--allow-writes``, within the request budget and rate, Retry-After honoured. Order: the
operations a stock connector calls first (``twins/<platform>/connector-operations.yaml``), then every
other read of the contract, so a small budget spends itself where the connector lives.

Per operation: first an explicit case a person would send (a search asks for page 1 of 5; path
parameters take values earlier answers carried, e.g. a ``sku`` from the product search), then
``examples`` generated ones. Every answer goes through the check the twin suites use
(:func:`stockgate.contracts.conformance.response_problems`, profile-aware; ``not_json_problems``
for a success that is not JSON) and a 5xx is a finding of its own. A twin's 501 for an operation it
does not emulate (``X-Stockgate-Not-Emulated``) is noted, not a finding.

A finding carries the request that reproduces it without host or credentials: the path and query
(the base URL and the integration's credentials come from the environment when it is replayed).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from stockgate.contracts.conformance import not_json_problems, response_problems
from stockgate.contracts.contract import Contract
from stockgate.contracts.profiles import Profile
from stockgate.live.client import BudgetSpent, Refused, StoreClient
from stockgate.twins.contract_routes import NOT_EMULATED

READS = ("GET",)
_ITEM = re.compile(r"/\d+/")


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One way the store broke its own contract or a profile fact."""

    operation: str  # METHOD /template
    status: int
    problem: str
    request: str  # METHOD /rest/<store>/V1/...?query: no host, no credentials


@dataclass(slots=True, kw_only=True)
class VerifyResult:
    """What a run did and found (the report formats render this)."""

    ref: str
    store: str  # staging:<host hash>
    budget: int
    rate: float
    writes_allowed: bool
    sent: int = 0
    waited: float = 0.0  # seconds waited on a 429/503's Retry-After
    paced: float = 0.0  # seconds the run held itself back to keep half of a rate-limit window (Lightspeed)
    checked: dict[str, int] = field(default_factory=dict)  # operation -> answers checked
    not_emulated: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)  # what --allow-writes created (not undone)
    stopped: str = ""  # why the run ended early ("" when every operation got its cases)
    planned: int = 0  # operations the run meant to check (those not reached = planned - checked - not emulated)
    order: list[str] = field(default_factory=list)  # those operations, in the order the run took them
    connector: list[str] = field(default_factory=list)  # the planned operations the connector calls (its surface)
    connector_area: list[str] = field(default_factory=list)  # planned, in a connector area but not on its surface
    no_case: list[str] = field(default_factory=list)  # planned, but no case could be built (no value for a path id)
    write_walk_not_run: str = ""  # --allow-writes: why the write walk did not start ("" when it ran or was not asked)

    @property
    def connector_not_reached(self) -> list[str]:
        """The connector's planned operations the run never got an answer for (the budget ended it first)."""
        return [op for op in self.connector if op not in self.checked and op not in self.not_emulated]

    @property
    def checked_planned(self) -> int:
        """Planned operations with at least one answer checked (the write walk's own are not planned)."""
        if not self.order:
            return len(self.checked)
        return sum(1 for op in self.order if op in self.checked)

    @property
    def not_reached(self) -> int:
        """Planned operations the run never sent a case for (the budget ended it first)."""
        if not self.order:
            return max(0, self.planned - len(self.checked) - len(self.not_emulated) - len(self.no_case))
        done = {*self.checked, *self.not_emulated, *self.no_case}
        return sum(1 for op in self.order if op not in done)

    @property
    def exit_code(self) -> int:
        """0 conforming, 1 findings."""
        return 1 if self.findings else 0


@dataclass(slots=True, kw_only=True)
class Plan:
    """Which operations, how many generated cases each, and the generator's seed."""

    examples: int = 3
    seed: int = 0
    operations: list[str] | None = None  # METHOD /template, in order (None: the connector's first, then the rest)


def verify(contract: Contract, profile: Profile, client: StoreClient, plan: Plan, *, store_code: str = "default",
           on_answer: Callable[[str, int], None] | None = None) -> VerifyResult:
    """Run the plan against the store behind ``client``; the findings and what was spent."""
    result = VerifyResult(ref=str(contract.ref), store=client.label, budget=client.limits.max_requests,
                          rate=client.limits.rate, writes_allowed=client.limits.allow_writes)
    prefix = api_prefix(contract, store_code)
    runner = _Runner(contract=contract, profile=profile, client=client, prefix=prefix, result=result)
    keys = plan.operations or ordered_operations(contract, False, prefix, profile)
    result.planned, result.order = len(keys), list(keys)
    connector, areas = set(connector_first(contract, prefix)), set(connector_areas(contract, prefix))
    result.connector = [k for k in keys if k in connector]
    result.connector_area = [k for k in keys if k in areas and k not in connector]
    writes = client.limits.allow_writes and contract.ref.platform.value == "magento"
    try:
        for key in keys:
            built = False
            for case in runner.cases(key, plan):
                built = True
                runner.send(key, case)
                if on_answer is not None:
                    on_answer(key, result.sent)
            if not built:
                result.no_case.append(key)
    except BudgetSpent as exc:
        result.stopped = str(exc)
        if writes:
            result.write_walk_not_run = "budget used by reads"
    else:
        try:
            if writes:
                write_walk(runner, client.target.run_id)
        except BudgetSpent as exc:
            result.stopped = f"{exc} (during the write walk)"
    finally:
        result.sent, result.waited, result.paced = client.sent, client.waited, client.paced
    return result


def not_the_platform(contract: Contract, method: str, url: str, body: Any) -> str | None:
    """Why a JSON success is not ``contract``'s platform answering at all, or None (it may be; conformance judges).

    Only the top level is looked at: an answer whose operation promises an object with named fields but that
    carries none of them, or lacks most of its required ones (a Magento search without ``total_count`` and
    ``search_criteria``, a Lightspeed list without ``data``), or an object where a list is promised. What is
    left (a field missing, a type wrong) is for the conformance check.
    """
    found = contract.match(method, url)
    declared = found.operation.response(200) if found is not None else None
    schema = contract.schemas.resolve(declared.body.schema, max_depth=1) if (
        declared is not None and declared.body is not None and declared.body.schema is not None) else None
    if found is None or not isinstance(schema, dict):
        return None
    fields = sorted((schema.get("properties") or {}).keys())
    if schema.get("type") == "array" and isinstance(body, dict):
        return f"an object (fields {', '.join(sorted(body)[:4]) or 'none'}) where {found.operation.key} answers a list"
    required = [r for r in schema.get("required") or [] if isinstance(r, str)]
    missing = [r for r in required if not isinstance(body, dict) or r not in body]
    shown = f"fields {', '.join(sorted(body)[:4]) or 'none'}" if isinstance(body, dict) else ""
    if fields and isinstance(body, dict) and not set(body) & set(fields) and (body or required):
        return (f"{shown} where {found.operation.key} answers {', '.join(fields[:4])}"
                f"{'...' if len(fields) > 4 else ''}")
    if isinstance(body, dict) and required and len(missing) * 2 > len(required):
        return f"{shown}, without {', '.join(missing)} that {found.operation.key} always answers"
    return None


def budget_seconds(requests: int, rate: float, window: tuple[int, float] | None) -> float:
    """About how long ``requests`` take at ``rate`` a second within ``window`` (N per S seconds), answers aside.

    Each full window is waited out (``StoreClient._within_window``); within one, requests go at ``rate``.
    """
    if requests <= 0:
        return 0.0
    interval = 1.0 / rate if rate > 0 else 0.0
    if window is None or window[0] >= requests:
        return (requests - 1) * interval
    most, seconds = window
    full = (requests - 1) // most
    return full * max(seconds, (most - 1) * interval) + (requests - full * most - 1) * interval


def api_prefix(contract: Contract, store_code: str) -> str:
    """What precedes the contract's paths on the wire: ``/rest/<store>`` (Magento), ``/api/<version>`` (Lightspeed).

    A Lightspeed document names its version in its server URL (``https://{domain_prefix}.retail.lightspeed.app/
    api/2026-07``): that path is the prefix, so a pulled document is addressed as its publisher addressed it.
    """
    if contract.ref.platform.value == "magento":
        return f"/rest/{store_code}"
    servers = contract.document.get("servers") or [{}]
    path = urlsplit(str(servers[0].get("url", ""))).path.rstrip("/")
    return path or f"/api/{contract.ref.version}"


def ordered_operations(contract: Contract, writes: bool, prefix: str = "", profile: Profile | None = None) -> list[str]:
    """The contract's operations the run may send: the connector's first, then its areas', then the rest.

    Read-only, that is every GET and the reads a profile fact says are sent as POST (:func:`post_reads`).
    """
    allowed = set(READS) if not writes else {"GET", "POST", "PUT", "DELETE", "PATCH"}
    posted = set(post_reads(contract, profile)) if profile is not None else set()
    usable = [k for k in contract.operations if k.split(" ", 1)[0] in allowed or k in posted]
    areas = connector_areas(contract, prefix)
    first = [op for op in areas if op in usable]
    calls = sorted((op for op in connector_first(contract, prefix) if op in usable),
                   key=lambda op: first.index(op) if op in first else len(first))
    return list(dict.fromkeys([*calls, *first, *sorted(usable)]))


def post_reads(contract: Contract, profile: Profile | None) -> list[str]:
    """The contract's reads sent as POST, as profile facts ``<area>.read`` name them (``inventory.read``).

    Lightspeed's inventory list is ``POST /inventory`` with a JSON body from 2026-04 ("List inventory
    records"; LIGHTSPEED.md §2026-04, fact ``inventory.read``): a read a read-only run sends.
    """
    if profile is None:
        return []
    out = []
    for name, fact in profile.facts.items():
        value = fact.value
        operation = value.get("operation") if name.endswith(".read") and isinstance(value, dict) else None
        if isinstance(operation, str) and operation.startswith("POST ") and operation in contract.operations:
            out.append(operation)
    return out


_VERSIONED = re.compile(r"^(\S+) /api/(\d+\.\d+|\d{4}-\d{2})(/.*)$")


def connector_first(contract: Contract, prefix: str = "") -> list[str]:
    """The contract's operations the connector calls: its surface (``contracts/surfaces/reference.yaml``).

    The same list ``stockgate diff`` filters by (the reference connector's surface in the contracts in
    use): Lightspeed's under the API family of the document (``prefix`` ``/api/2027-01``: dated).
    """
    from stockgate.contracts.index import default_contracts_dir
    from stockgate.diff.surface import load_surface
    from stockgate.shipped import shipped

    platform, version = contract.ref.platform.value, contract.ref.version
    if platform == "lightspeed":
        own = re.fullmatch(r"/api/(\d{4}-\d{2}|\d+\.\d+)", prefix)
        version = own[1] if own else (contract.entry.extends.version if contract.entry.extends else version)
    path = default_contracts_dir() / "surfaces" / "reference.yaml"
    if not path.is_file():
        path = shipped("contracts", marker="index.toml") / "surfaces" / "reference.yaml"
    uses = load_surface(path).operations(platform, version)
    return list(dict.fromkeys(u.operation for u in uses if u.operation in contract.operations))


def connector_areas(contract: Contract, prefix: str = "") -> list[str]:
    """The contract's operations in a stock connector's areas (``connector-operations.yaml``), in the list's order.

    Wider than what the connector calls (:func:`connector_first`): every operation of the areas a stock
    connector works in. Magento's list is addressed as the contract is. Lightspeed's names each operation with
    the API version it arrived in (``GET /api/2026-07/outlets``); a dated version serves what earlier dated versions
    introduced, so a release's document (shipped, derived or pulled, addressed by ``prefix``, e.g.
    ``/api/2027-01``) matches every dated operation up to its own date, then the connector's 2.0 reads whose
    path the document also serves (the same resource under the dated API).
    """
    from stockgate.twins.registry import connector_operations

    listed = [op for _area, op in connector_operations(contract.ref.platform.value)]
    if contract.ref.platform.value != "lightspeed":
        return list(dict.fromkeys(op for op in listed if op in contract.operations))
    own = re.fullmatch(r"/api/(\d{4}-\d{2})", prefix)
    dated: list[str] = []
    legacy: list[str] = []
    for op in listed:
        found = _VERSIONED.match(op)
        if found is None:
            continue
        method, version, path = found.groups()
        key = f"{method} {path}"
        if key not in contract.operations:
            continue
        if re.fullmatch(r"\d{4}-\d{2}", version):
            if own is None or version <= own[1]:
                dated.append(key)
        elif version == "2.0":
            legacy.append(key)
    return list(dict.fromkeys([*dated, *legacy]))


@dataclass(slots=True, kw_only=True)
class _Case:
    path: str  # formatted path below /rest/<store>
    query: list[tuple[str, str]]
    body: Any = None  # a read sent as POST (Lightspeed's POST /inventory): its JSON body


@dataclass(slots=True, kw_only=True)
class _Runner:
    contract: Contract
    profile: Profile
    client: StoreClient
    prefix: str  # /rest/<store> or /api/<version>
    result: VerifyResult
    seen: dict[str, list[str]] = field(default_factory=dict)  # key -> values answers carried
    repeats: dict[tuple[str, str], int] = field(default_factory=dict)  # (operation, problem) -> answers
    _schema: Any = None

    def cases(self, key: str, plan: Plan) -> Iterator[_Case]:
        """The explicit case, then ``plan.examples`` generated ones."""
        method, template = key.split(" ", 1)
        explicit = self._explicit(template) if method == "GET" else self._posted(template)
        if explicit is not None:
            yield explicit
        yield from self._generated(method, template, plan)

    def send(self, key: str, case: _Case, body: Any = None) -> Any:
        """Send one case and check its answer; the answer (None when refused or not emulated)."""
        method = key.split(" ", 1)[0]
        path = f"{self.prefix}{case.path}"
        body = case.body if body is None else body
        try:
            content = None if body is None else json.dumps(body).encode()
            response = self.client.request(method, path, query=case.query, body=content,
                                           headers={"Content-Type": "application/json"} if content else None)
        except Refused:
            return None
        shown = f"{method} {path}" + (f"?{urlencode(case.query)}" if case.query else "")
        if response.status_code == 501 and NOT_EMULATED in response.headers:
            if key not in self.result.not_emulated:
                self.result.not_emulated.append(key)
            return None
        self.result.checked[key] = self.result.checked.get(key, 0) + 1
        for problem in self._problems(method, shown.split(" ", 1)[1], response):
            self._add(Finding(operation=key, status=response.status_code, problem=problem, request=shown))
        return response

    def _add(self, finding: Finding) -> None:
        """Keep the first request per problem (list positions ignored); count the answers that repeat it."""
        same = (finding.operation, _ITEM.sub("/*/", finding.problem))
        if same in self.repeats:
            self.repeats[same] += 1
            return
        self.repeats[same] = 1
        self.result.findings.append(finding)

    def _problems(self, method: str, url: str, response: Any) -> list[str]:
        status = response.status_code
        problems = [f"a server error ({status}) for a request the contract allows"] if status >= 500 else []
        try:
            body = response.json()
        except ValueError:
            media = response.headers.get("content-type", "")
            return problems + not_json_problems(self.contract, method=method, url=url, status=status,
                                                content_type=media)
        if 200 <= status < 300:
            self.remember(body)
        return problems + response_problems(self.contract, self.profile, method=method, url=url, status=status,
                                            body=body)

    def remember(self, body: Any) -> None:
        """Note the scalar values an answer carried, by key (what later path parameters may take)."""
        stack = [body]
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                for k, v in node.items():
                    if isinstance(v, str | int) and not isinstance(v, bool):
                        values = self.seen.setdefault(k, [])
                        if str(v) not in values and len(values) < 5:
                            values.append(str(v))
                    else:
                        stack.append(v)
            elif isinstance(node, list):
                stack.extend(node)

    def _explicit(self, template: str) -> _Case | None:
        operation = self.contract.operations.get(f"GET {template}")
        names = re.findall(r"\{([^}]+)\}", template)
        values = {n: self._known(n) for n in names}
        if any(v is None for v in values.values()):
            return None
        path = template
        for name, value in values.items():
            path = path.replace("{" + name + "}", _quote(str(value)))
        names_in_query = {p.name for p in operation.parameters} if operation is not None else set()
        query: list[tuple[str, str]] = []
        if "searchCriteria[pageSize]" in names_in_query:  # a Magento search: page 1 of 5
            query = [("searchCriteria[pageSize]", "5"), ("searchCriteria[currentPage]", "1")]
        elif "page_size" in names_in_query:  # a Lightspeed list
            query = [("page_size", "5")]
        return _Case(path=path, query=query)

    def _posted(self, template: str) -> _Case | None:
        """A read sent as POST: its first page, sized by the fact that names it (``inventory.read``)."""
        for fact in self.profile.facts.values():
            value = fact.value
            if isinstance(value, dict) and value.get("operation") == f"POST {template}":
                size = value.get("page_size_field")
                return _Case(path=template, query=[], body={str(size): 5} if size else {})
        return None

    def _known(self, name: str) -> str | None:
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
        ids = ("entity_id", "id") if snake.endswith("id") else ()
        for key in (name, snake, *ids):
            if key and self.seen.get(key):
                return self.seen[key][0]
        return None

    def _generated(self, method: str, template: str, plan: Plan) -> list[_Case]:
        if plan.examples <= 0:  # hypothesis refuses max_examples=0: nothing generated, nothing to build
            return []
        import schemathesis
        from hypothesis import HealthCheck, Phase, given, seed, settings

        _hypothesis_home()
        if self._schema is None:
            self._schema = schemathesis.openapi.from_dict(self.contract.document)
        try:
            operation = self._schema[template][method]
        except KeyError:
            return []
        found: list[_Case] = []

        @seed(plan.seed)
        @given(case=operation.as_strategy())
        @settings(max_examples=plan.examples, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        def collect(case: Any) -> None:
            query = [(str(k), _text(v)) for k, v in (case.query or {}).items()]
            body = case.body if method != "GET" and isinstance(case.body, dict) else None
            found.append(_Case(path=case.formatted_path, query=query, body=body))

        collect()
        return found[:plan.examples]


def _hypothesis_home() -> None:
    """Hypothesis keeps files (its constants cache) in ``./.hypothesis`` unless told: under stockgate's cache instead.

    ``STOCKGATE_CACHE_DIR`` (else the platform cache folder, :func:`stockgate.cache.cache_dir`) ``/hypothesis``;
    with the cache off, a folder under the system's temporary directory. ``HYPOTHESIS_STORAGE_DIRECTORY``, when
    set, is left to decide.
    """
    import os
    import tempfile

    from hypothesis.configuration import set_hypothesis_home_dir

    from stockgate.cache import cache_dir

    if os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        return
    root = cache_dir()
    set_hypothesis_home_dir((root if root is not None else Path(tempfile.gettempdir()) / "stockgate") / "hypothesis")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def write_walk(runner: _Runner, run_id: str) -> None:
    """``--allow-writes`` on Magento: a test SKU named with the run id, created, read back, stocked at 0, read.

    Each step follows from the one before it (the SKU the create answered is the one read and stocked),
    every answer is checked like the reads, and every write is listed in the result: stockgate does not
    undo them (see ARCHITECTURE.md: writes to a store are listed, not reverted). The product is created
    disabled and not visible (``status`` 2, ``visibility`` 1), in the attribute set an existing product
    of the store answered with (none seen: no write is made, and ``write_walk_not_run`` says why).
    """
    attribute_set = runner.seen.get("attribute_set_id")
    if not attribute_set:
        runner.result.write_walk_not_run = ("no product answered an attribute_set_id to create the test SKU in "
                                            "(add --operation 'GET /V1/products')")
        return
    sku = f"{run_id}-1"
    product = {"product": {"sku": sku, "name": f"stockgate test {run_id}", "attribute_set_id": int(attribute_set[0]),
                           "price": 1, "type_id": "simple", "status": 2, "visibility": 1}}
    created = runner.send("POST /V1/products", _Case(path="/V1/products", query=[]), product)
    if created is None or created.status_code != 200:
        return
    runner.result.writes.append(f"product {sku} (id {created.json().get('id')}), disabled, not visible")
    quoted = _quote(sku)
    runner.send("GET /V1/products/{sku}", _Case(path=f"/V1/products/{quoted}", query=[]))
    item = {"sourceItems": [{"sku": sku, "source_code": "default", "quantity": 0, "status": 0}]}
    stocked = runner.send("POST /V1/inventory/source-items", _Case(path="/V1/inventory/source-items", query=[]), item)
    if stocked is not None and stocked.status_code == 200:
        runner.result.writes.append(f"source item {sku} on source default: quantity 0, out of stock")
    prefix = "searchCriteria[filter_groups][0][filters][0]"
    runner.send("GET /V1/inventory/source-items", _Case(path="/V1/inventory/source-items", query=[
        (f"{prefix}[field]", "sku"), (f"{prefix}[value]", sku), (f"{prefix}[condition_type]", "eq")]))
