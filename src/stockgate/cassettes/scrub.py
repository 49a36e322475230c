"""Scrubbing: secrets and customer data out of an exchange before it is written anywhere.

One :class:`Scrubber` per cassette. Secrets (authorization headers, cookies, OAuth 1.0a parameters
and signatures, tokens in query strings and bodies, webhook signatures) become ``<scrubbed>``.
Customer data (emails, names, streets, phones, postcodes) becomes a *stable placeholder*: the same
value gets the same placeholder throughout the cassette, so a replayed request still matches the
recorded one and a scenario can still follow "the same customer" across calls. The log says what
was scrubbed and where (never the value), for the cassette's provenance header.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SCRUBBED = "<scrubbed>"
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
                            "x-signature", "x-vend-signature", "x-lightspeed-signature", "x-hub-signature"})
SECRET_KEYS = frozenset({"token", "access_token", "refresh_token", "id_token", "client_secret", "password",
                         "secret", "signature", "api_key", "apikey", "consumer_secret", "token_secret",
                         "oauth_token", "oauth_signature", "oauth_nonce", "oauth_consumer_key"})
SECRET_QUERY_KEYS = SECRET_KEYS | {"code"}  # an OAuth authorization code; in bodies "code" is a product code
# customer data, by the field names Magento orders/addresses and Lightspeed customers/sales use
PII_KINDS = {
    "email": "email", "customer_email": "email", "email_address": "email",
    "firstname": "name", "lastname": "name", "middlename": "name", "first_name": "name", "last_name": "name",
    "customer_firstname": "name", "customer_lastname": "name", "customer_middlename": "name",
    "customer_name": "name", "company_name": "name", "display_name": "name",
    "street": "street", "street1": "street", "street2": "street", "physical_address_1": "street",
    "physical_address_2": "street", "postal_address_1": "street", "postal_address_2": "street",
    "telephone": "phone", "phone": "phone", "mobile": "phone", "fax": "phone",
    "postcode": "postcode", "postal_code": "postcode", "zip": "postcode", "physical_postcode": "postcode",
    "postal_postcode": "postcode",
}


PLACEHOLDER_PATTERNS = {"email": r"customer-\d+@example\.invalid", "name": r"Customer\d+",
                        "street": r"\d+ Placeholder Street", "phone": r"555-01\d{2,}", "postcode": r"\d{5,}"}


FREE_TEXT_KINDS = ("name", "street")  # looked for inside free text once seen (digits would hit quantities)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def is_placeholder(kind: str, value: str) -> bool:
    """Whether ``value`` is one of the placeholders :class:`Scrubber` writes for ``kind``."""
    return re.fullmatch(PLACEHOLDER_PATTERNS[kind], value) is not None


def _placeholder(kind: str, n: int) -> str:
    return {"email": f"customer-{n}@example.invalid", "name": f"Customer{n}", "street": f"{n} Placeholder Street",
            "phone": f"555-01{n:02d}", "postcode": f"{n:05d}"}[kind]


@dataclass
class Scrubber:
    """Scrubs exchanges of one cassette; keeps the placeholder table and the log.

    ``placeholders`` may be shared by the cassettes of one recording: a customer's name the
    connector reads from Magento and sends on to Lightspeed gets the same placeholder in both, so
    the replayed request still matches. ``replace`` maps literal text (a staging store's host, a
    credential's value) to what is written instead, wherever it appears: URL, header or body.
    """

    log: list[dict[str, str]] = field(default_factory=list)
    placeholders: dict[tuple[str, str], str] = field(default_factory=dict)
    replace: dict[str, str] = field(default_factory=dict)
    _kinds: dict[str, str] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _pattern_size: int = field(default=0, repr=False)

    def stable(self, kind: str, value: str) -> str:
        """The placeholder of ``value`` (the same one every time in this cassette)."""
        key = (kind, value)
        if key not in self.placeholders:
            self.placeholders[key] = _placeholder(kind, sum(1 for k in self.placeholders if k[0] == kind) + 1)
        return self.placeholders[key]

    def _note(self, where: str, rule: str) -> None:
        entry = {"where": where, "rule": rule}
        if entry not in self.log:
            self.log.append(entry)

    def headers(self, headers: dict[str, list[str]], where: str) -> dict[str, list[str]]:
        """Secret headers replaced (vcrpy keeps each header as a list of values)."""
        out = {}
        for name, values in headers.items():
            if name.lower() in SECRET_HEADERS:
                out[name] = [SCRUBBED for _ in values]
                self._note(f"{where}.headers.{name}", "secret-header")
            else:
                out[name] = values
        return out

    def uri(self, uri: str, where: str) -> str:
        """Secret query parameters replaced; the rest of the URL kept as recorded."""
        parts = urlsplit(uri)
        if not parts.query:
            return uri
        pairs = []
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            if key.lower() in SECRET_QUERY_KEYS or key.lower().startswith("oauth_"):
                pairs.append((key, SCRUBBED))
                self._note(f"{where}.query.{key}", "secret-parameter")
            elif key.lower() in PII_KINDS:
                pairs.append((key, self.stable(PII_KINDS[key.lower()], value)))
                self._note(f"{where}.query.{key}", "customer-data")
            else:
                pairs.append((key, value))
        return urlunsplit(parts._replace(query=urlencode(pairs, safe="[]{}/:,")))

    def body(self, text: str | None, where: str) -> str | None:
        """A JSON or form-encoded body with secrets and customer data replaced; other text kept."""
        if not text:
            return text
        try:
            data = json.loads(text)
        except ValueError:
            if "=" in text and " " not in text.strip():
                pairs = parse_qsl(text, keep_blank_values=True)
                if pairs:
                    return urlencode([(k, self._scalar(k, v, f"{where}.body.{k}")) for k, v in pairs])
            return text
        return json.dumps(self.value(data, f"{where}.body"), separators=(",", ":"), ensure_ascii=False)

    def value(self, node: Any, where: str, key: str = "") -> Any:
        """Walk a JSON value, replacing by key name."""
        if isinstance(node, dict):
            return {k: self.value(v, f"{where}.{k}", str(k)) for k, v in node.items()}
        if isinstance(node, list):
            if key.lower() in PII_KINDS:  # Magento's street is a list of lines
                return [self._scalar(key, v, f"{where}[]") for v in node]
            return [self.value(v, f"{where}[]", key) for v in node]
        if isinstance(node, str):
            return self._scalar(key, node, where)
        return node

    def _scalar(self, key: str, value: str, where: str) -> str:
        lowered = key.lower()
        if not isinstance(value, str) or not value:
            return value
        if lowered in SECRET_KEYS or lowered.startswith("oauth_"):
            self._note(where, "secret-field")
            return SCRUBBED
        if EMAIL.fullmatch(value) and not is_placeholder("email", value):  # whatever the field is called
            self._note(where, "customer-data")
            return self.stable("email", value)
        if lowered in PII_KINDS:
            self._note(where, "customer-data")
            return self.stable(PII_KINDS[lowered], value)
        return self._free_text(value, where)

    def _free_text(self, text: str, where: str) -> str:
        """Customer data copied into free text (a note, a comment), by its placeholder.

        Emails anywhere; names and streets once seen in a customer field (so replays still match).
        """
        def email(m: re.Match[str]) -> str:
            return m.group(0) if is_placeholder("email", m.group(0)) else self.stable("email", m.group(0))

        out = EMAIL.sub(email, text)
        known = self._known()
        if known is not None:
            out = known.sub(lambda m: self.placeholders[self._kinds[m.group(0)], m.group(0)], out)
        if out != text:
            self._note(where, "customer-data-in-text")
        return out

    def _known(self) -> re.Pattern[str] | None:
        """One pattern for every name and street seen so far (whole words; rebuilt when the table grows)."""
        if self._pattern_size != len(self.placeholders):
            self._kinds = {value: kind for kind, value in self.placeholders if kind in FREE_TEXT_KINDS
                           and len(value.strip()) >= 3}
            words = sorted(self._kinds, key=len, reverse=True)
            self._pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b") if words else None
            self._pattern_size = len(self.placeholders)
        return self._pattern

    def literal(self, text: str | None, where: str) -> str | None:
        """``text`` with every :attr:`replace` key replaced (longest first), noted in the log."""
        if not text or not self.replace:
            return text
        for old in sorted(self.replace, key=len, reverse=True):
            if old and old in text:
                text = text.replace(old, self.replace[old])
                self._note(where, "store-specific" if self.replace[old] != SCRUBBED else "known-secret")
        return text

    def interaction(self, interaction: dict[str, Any]) -> dict[str, Any]:
        """One vcrpy interaction (``request``/``response``), scrubbed (a new dict; the input is untouched)."""
        request, response = dict(interaction["request"]), dict(interaction["response"])
        request["uri"] = self.uri(self.literal(str(request.get("uri", "")), "request.uri") or "", "request")
        request["headers"] = self.headers(self._literal_headers(request.get("headers") or {}, "request"), "request")
        request["body"] = self.body(self.literal(_text(request.get("body")), "request.body"), "request")
        response["headers"] = self.headers(self._literal_headers(response.get("headers") or {}, "response"),
                                           "response")
        body = dict(response.get("body") or {})
        before = _text(body.get("string"))
        body["string"] = self.body(self.literal(before, "response.body"), "response")
        response["body"] = body
        if body["string"] != before:  # placeholders change the length: keep the header true
            response["headers"] = {k: ([str(len((body["string"] or "").encode()))] if k.lower() == "content-length"
                                       else v) for k, v in response["headers"].items()}
        return {**interaction, "request": request, "response": response}


    def _literal_headers(self, headers: dict[str, list[str]], where: str) -> dict[str, list[str]]:
        return {name: [self.literal(str(v), f"{where}.headers.{name}") or "" for v in values]
                for name, values in headers.items()}


def _text(body: Any) -> str | None:
    if isinstance(body, bytes):
        return body.decode("utf-8", "replace")
    return None if body is None else str(body)
