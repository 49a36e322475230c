"""An independent stock connector, written as a user would from the README: one sync pass per run.

Standard library only (no stockgate import), for ``stockgate run --connector command:"python stock_command.py"``.
Each run reads every POS stock level of the mapped outlets and every Magento source item, and posts
the ones that differ (absolute quantities, in batches of 20). It honours rate limits the way a
standard HTTP client does: a 429's ``Retry-After`` (seconds, or an HTTP date minus the answer's
``Date``; a date names a whole second, so one more second is added) or the legacy body timestamp,
else 30 s; and it waits through ``$STOCKGATE_SLEEP`` when stockgate gives it one (the run's clock),
else with ``time.sleep``. Magento calls are signed with OAuth 1.0a (HMAC-SHA256, RFC 5849) or sent
with a Bearer token, as ``STOCKGATE_MAGENTO_AUTH`` says; the OAuth timestamp is the run's time
(``STOCKGATE_NOW`` plus what it slept).

Usage: ``stock_command.py [--outlet "North Store=north" ...] [--ignore-retry-after]``; the last
option is a planted defect (retry a 429 after 1 s) that the Retry-After scenarios must catch.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from email.utils import parsedate_to_datetime
from typing import Any

BATCH = 20
PAGE = 100
ATTEMPTS = 6
WAIT_BUDGET = 1800.0  # what one call may spend waiting for rate limits (a cron rerun would only be refused)


class Failed(Exception):
    """A call that cannot succeed (or ran out of attempts)."""


class Clock:
    """The run's time: STOCKGATE_NOW at the start plus what was slept (wall time outside stockgate)."""

    def __init__(self) -> None:
        stamp = os.environ.get("STOCKGATE_NOW")
        self.start = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else None
        self.slept = 0.0

    def now(self) -> dt.datetime:
        if self.start is None:
            return dt.datetime.now(dt.UTC)
        return self.start + dt.timedelta(seconds=self.slept)

    def sleep(self, seconds: float) -> None:
        hook = os.environ.get("STOCKGATE_SLEEP")
        if hook:
            subprocess.run([hook, f"{seconds:.3f}"], check=True)
        else:
            time.sleep(seconds)
        self.slept += seconds


class Http:
    """Calls with the retry policy: 429 waits as asked, 5xx and dropped connections back off."""

    def __init__(self, clock: Clock, *, ignore_retry_after: bool = False) -> None:
        self.clock = clock
        self.ignore_retry_after = ignore_retry_after
        self.log: list[str] = []

    def call(self, method: str, url: str, headers: dict[str, str], body: Any = None,
             sign: Any = None) -> Any:
        waited = 0.0
        for attempt in range(1, ATTEMPTS + 1):
            status, answer_headers, payload = self._send(method, url, headers, body, sign)
            if 200 <= status < 300:
                return json.loads(payload) if payload else None
            if status == 429:
                wait = 1.0 if self.ignore_retry_after else self._retry_after(answer_headers, payload)
                waited += wait
                if waited > WAIT_BUDGET:
                    raise Failed(f"{method} {urllib.parse.urlsplit(url).path}: rate-limited for over {WAIT_BUDGET:g} s")
                self.log.append(f"429 from {urllib.parse.urlsplit(url).path}: waiting {wait:g} s")
                self.clock.sleep(wait)
                continue
            if status >= 500 or status == 0:
                self.clock.sleep(2.0 ** attempt)
                continue
            raise Failed(f"{method} {urllib.parse.urlsplit(url).path}: {status} {payload[:300]!r}")
        raise Failed(f"{method} {urllib.parse.urlsplit(url).path}: still refused after {ATTEMPTS} attempts")

    def _send(self, method: str, url: str, headers: dict[str, str], body: Any,
              sign: Any) -> tuple[int, dict[str, str], str]:
        data = json.dumps(body).encode() if body is not None else None
        sent = {**headers, "Accept": "application/json"}
        if data is not None:
            sent["Content-Type"] = "application/json"
        if sign is not None:
            sent["Authorization"] = sign(method, url)
        request = urllib.request.Request(url, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, dict(answer.headers), answer.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, {}, ""

    def _retry_after(self, headers: dict[str, str], payload: str) -> float:
        """Seconds to wait: the header as seconds or a date (against the answer's Date), the body timestamp, 30 s."""
        named = {k.lower(): v for k, v in headers.items()}
        text = named.get("retry-after", "").strip()
        server_now = _date(named.get("date", "")) or self.clock.now()
        if text.isdigit():
            return max(1.0, float(text))
        when = _date(text) if text else _body_stamp(payload)
        if when is None:
            return 30.0
        return max(1.0, (when - server_now).total_seconds() + 1.0)  # a date names a whole second


def _date(text: str) -> dt.datetime | None:
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else None


def _body_stamp(payload: str) -> dt.datetime | None:
    try:
        stamp = json.loads(payload).get("retry-after")
        return dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None


def _enc(text: str) -> str:
    return urllib.parse.quote(text, safe="~-._")


def oauth_signer(clock: Clock) -> Any:
    """An OAuth 1.0a HMAC-SHA256 Authorization header for (method, url), RFC 5849 section 3."""
    secrets = (os.environ["STOCKGATE_MAGENTO_CONSUMER_SECRET"], os.environ["STOCKGATE_MAGENTO_TOKEN_SECRET"])
    key = "&".join(_enc(secret) for secret in secrets)
    counter = iter(range(1 << 30))

    def sign(method: str, url: str) -> str:
        parts = urllib.parse.urlsplit(url)
        stamp = str(int(clock.now().timestamp()))
        nonce = hashlib.sha256(f"{stamp}-{os.getpid()}-{next(counter)}-{url}".encode()).hexdigest()[:32]
        params = {"oauth_consumer_key": os.environ["STOCKGATE_MAGENTO_CONSUMER_KEY"], "oauth_nonce": nonce,
                  "oauth_signature_method": "HMAC-SHA256", "oauth_timestamp": stamp,
                  "oauth_token": os.environ["STOCKGATE_MAGENTO_TOKEN"], "oauth_version": "1.0"}
        pairs = sorted((_enc(k), _enc(v)) for k, v in [*params.items(), *urllib.parse.parse_qsl(parts.query)])
        port = parts.port
        default = (parts.scheme, port) in {("http", 80), ("https", 443)} or port is None
        origin = f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}{'' if default else f':{port}'}"
        base = "&".join([method.upper(), _enc(origin + parts.path), _enc("&".join(f"{k}={v}" for k, v in pairs))])
        signature = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha256).digest()).decode()
        fields = {**params, "oauth_signature": signature}
        return "OAuth " + ", ".join(f'{_enc(k)}="{_enc(v)}"' for k, v in fields.items())

    return sign


class Sync:
    """One pass: POS levels of the mapped outlets -> Magento source items that differ."""

    def __init__(self, http: Http, outlets: dict[str, str]) -> None:
        self.http = http
        self.outlets = outlets
        self.ls_url = os.environ["STOCKGATE_LIGHTSPEED_URL"].rstrip("/")
        self.version = os.environ["STOCKGATE_LIGHTSPEED_API_VERSION"]
        self.ls_headers = {"Authorization": f"Bearer {os.environ['STOCKGATE_LIGHTSPEED_TOKEN']}"}
        self.mg_url = os.environ["STOCKGATE_MAGENTO_URL"].rstrip("/") + "/rest/default/V1"
        oauth = os.environ.get("STOCKGATE_MAGENTO_AUTH") == "oauth1"
        self.mg_headers = {} if oauth else {"Authorization": f"Bearer {os.environ['STOCKGATE_MAGENTO_TOKEN']}"}
        self.sign = oauth_signer(http.clock) if oauth else None

    def ls(self, method: str, path: str, query: dict[str, Any] | None = None, body: Any = None) -> Any:
        url = f"{self.ls_url}/api/{self.version}{path}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
        return self.http.call(method, url, self.ls_headers, body)

    def mg(self, method: str, path: str, query: list[tuple[str, str]] | None = None, body: Any = None) -> Any:
        url = f"{self.mg_url}{path}" + (f"?{urllib.parse.urlencode(query, quote_via=urllib.parse.quote)}"
                                        if query else "")
        return self.http.call(method, url, self.mg_headers, body, self.sign)

    def pos_levels(self) -> dict[tuple[str, str], float]:
        """(SKU, source code) -> POS on-hand, for the mapped outlets."""
        outlets = {o["id"]: self.outlets[o["name"]] for o in self.ls("GET", "/outlets")["data"]
                   if o["name"] in self.outlets}
        skus = {p["id"]: str(p.get("sku") or "").strip() for p in self._walk("/products")}
        return {(skus[row["product_id"]], outlets[row["outlet_id"]]): level for row, level in self._inventory()
                if row["outlet_id"] in outlets and skus.get(row["product_id"])}

    def _walk(self, path: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        after = 0
        while True:
            page = self.ls("GET", path, {"after": after, "page_size": PAGE})
            if not page.get("data"):
                return rows
            rows += page["data"]
            after = page["version"]["max"]

    def _inventory(self) -> list[tuple[dict[str, Any], float]]:
        """Every inventory row and its on-hand: GET before 2026-04, POST (owed stock apart) since."""
        if self.version == "2.0" or self.version < "2026-04":
            return [(row, float(row.get("inventory_level") or 0)) for row in self._walk("/inventory")]
        out: list[tuple[dict[str, Any], float]] = []
        after = 0
        while True:
            rows = self.ls("POST", "/inventory", body={"after": after, "size": 5000})
            out += [(r, float(r.get("current_inventory_level") or 0) - float(r.get("quantity_to_procure") or 0))
                    for r in rows]
            if len(rows) < 5000:
                return out
            after = max(int(r["version"]) for r in rows)

    def magento_levels(self) -> dict[tuple[str, str], float]:
        """(SKU, source code) -> quantity, for every source item of the mapped sources."""
        levels: dict[tuple[str, str], float] = {}
        page = 1
        while True:
            answer = self.mg("GET", "/inventory/source-items", [("searchCriteria[pageSize]", str(PAGE)),
                                                                 ("searchCriteria[currentPage]", str(page))])
            for item in answer.get("items") or []:
                if item["source_code"] in self.outlets.values():
                    levels[(item["sku"], item["source_code"])] = float(item["quantity"])
            if page * PAGE >= int(answer.get("total_count") or 0):
                return levels
            page += 1

    def run(self) -> list[str]:
        pos, magento = self.pos_levels(), self.magento_levels()
        changed = sorted((key, level) for key, level in pos.items() if key in magento and magento[key] != level)
        for start in range(0, len(changed), BATCH):
            batch = changed[start:start + BATCH]
            self.mg("POST", "/inventory/source-items", body={"sourceItems": [
                {"sku": sku, "source_code": source, "quantity": level, "status": 1 if level > 0 else 0}
                for (sku, source), level in batch]})
        return [f"{sku}@{source}={level:g}" for (sku, source), level in changed]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlet", action="append", metavar="NAME=SOURCE",
                        help="a POS outlet and the Magento source it feeds (default: the demo's two)")
    parser.add_argument("--ignore-retry-after", action="store_true", help="planted defect: retry a 429 after 1 s")
    args = parser.parse_args(argv)
    outlets = dict(o.split("=", 1) for o in args.outlet or ["Central Store=central", "North Store=north"])
    http = Http(Clock(), ignore_retry_after=args.ignore_retry_after)
    try:
        posted = Sync(http, outlets).run()
    except Failed as exc:
        print("\n".join([*http.log, f"failed: {exc}"]))
        return 1
    print("\n".join([*http.log, f"posted {len(posted)}: {' '.join(posted) or 'nothing changed'}"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
