"""Scrubbing: secrets and customer data out of an exchange before it is written anywhere.

One :class:`Scrubber` per cassette. Secrets become ``<scrubbed>``: by name (headers, query
parameters, body fields, everything under a secret's name, JSON held in a string), by shape in any
text (:mod:`stockgate.cassettes.detect`: credentials in URLs, known token formats, high entropy), a
token a token endpoint answers (everywhere it appears after),
and in the connector's command line the provenance names (:meth:`Scrubber.command`). Customer data
(emails, names, streets, cities, phones, postcodes, a shopper's IP address) becomes a *stable
placeholder*: the same value gets the same placeholder throughout the cassette, so a replayed request
still matches the recorded one and a scenario can still follow "the same customer" across calls. The log says what
was scrubbed and where (never the value), for the cassette's provenance header.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from stockgate.cassettes.detect import (
    SCRUBBED,
    command_secrets,
    find_secrets,
    is_cursor_name,
    is_secret_header,
    is_secret_name,
    json_in_text,
    normalise,
    replace_secrets,
)

# customer data, by the field names Magento orders/addresses and Lightspeed customers/sales use
PII_KINDS = {
    "email": "email", "customer_email": "email", "email_address": "email",
    "firstname": "name", "lastname": "name", "middlename": "name", "first_name": "name", "last_name": "name",
    "customer_firstname": "name", "customer_lastname": "name", "customer_middlename": "name",
    "customer_name": "name", "company_name": "name", "display_name": "name",
    "street": "street", "street1": "street", "street2": "street", "physical_address_1": "street",
    "physical_address_2": "street", "postal_address_1": "street", "postal_address_2": "street",
    "city": "city", "physical_city": "city", "postal_city": "city", "suburb": "city", "physical_suburb": "city",
    "postal_suburb": "city",
    "telephone": "phone", "phone": "phone", "mobile": "phone", "fax": "phone",
    "postcode": "postcode", "postal_code": "postcode", "zip": "postcode", "physical_postcode": "postcode",
    "postal_postcode": "postcode",
    "remote_ip": "ip", "x_forwarded_for": "ip",  # the shopper's address, which Magento keeps on an order
}
# token endpoints answering the token itself as a JSON string (Magento's integration/admin and customer tokens)
ISSUED_TOKEN_PATH = re.compile(r"/integration/(?:admin|customer)/token/?$")
_PII = {normalise(name): kind for name, kind in PII_KINDS.items()}


def pii_kind(name: str) -> str | None:
    """The kind of customer data a field called ``name`` holds (``firstName`` = ``first_name``), or None."""
    return _PII.get(normalise(name))


PLACEHOLDER_PATTERNS = {"email": r"customer-\d+@example\.invalid", "name": r"Customer\d+", "city": r"City\d+",
                        "street": r"\d+ Placeholder Street", "phone": r"555-01\d{2,}", "postcode": r"\d{5,}",
                        "ip": r"192\.0\.2\.\d+"}  # RFC 5737's documentation network


FREE_TEXT_KINDS = ("name", "street")  # looked for inside free text once seen (digits would hit quantities)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def is_placeholder(kind: str, value: str) -> bool:
    """Whether ``value`` is one of the placeholders :class:`Scrubber` writes for ``kind``."""
    return re.fullmatch(PLACEHOLDER_PATTERNS[kind], value) is not None


def _placeholder(kind: str, n: int) -> str:
    return {"email": f"customer-{n}@example.invalid", "name": f"Customer{n}", "street": f"{n} Placeholder Street",
            "phone": f"555-01{n:02d}", "postcode": f"{n:05d}", "city": f"City{n}", "ip": f"192.0.2.{n}"}[kind]


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
        """Secret headers replaced, credentials in other headers' text too (vcrpy keeps a list per header)."""
        out = {}
        for name, values in headers.items():
            if is_secret_header(name):
                out[name] = [SCRUBBED for _ in values]
                self._note(f"{where}.headers.{name}", "secret-header")
            else:
                out[name] = [self.secrets_in_text(str(v), f"{where}.headers.{name}") for v in values]
        return out

    def uri(self, uri: str, where: str) -> str:
        """Userinfo and secret query parameters replaced, customer data by placeholders; the rest kept."""
        parts = urlsplit(uri)
        userinfo, at, host = parts.netloc.rpartition("@")
        if at and userinfo != SCRUBBED:
            parts = parts._replace(netloc=f"{SCRUBBED}@{host}")
            self._note(f"{where}.uri", "credentials-in-url")
        parts = parts._replace(path=self.secrets_in_text(parts.path, f"{where}.uri"))
        if parts.query:
            pairs = [(key, self._parameter(key, value, f"{where}.query.{key}"))
                     for key, value in parse_qsl(parts.query, keep_blank_values=True)]
            parts = parts._replace(query=urlencode(pairs, safe="[]{}/:,"))
        return urlunsplit(parts)

    def _parameter(self, key: str, value: str, where: str) -> str:
        if is_secret_name(key, query=True) and value:
            self._note(where, "secret-parameter")
            return SCRUBBED
        return self._scalar(key, value, where)

    def body(self, text: str | None, where: str) -> str | None:
        """A JSON or form-encoded body with secrets and customer data replaced; credentials in other text too."""
        if not text:
            return text
        try:
            data = json.loads(text)
        except ValueError:
            if "=" in text and " " not in text.strip():
                pairs = parse_qsl(text, keep_blank_values=True)
                if pairs:
                    return urlencode([(k, self._scalar(k, v, f"{where}.body.{k}")) for k, v in pairs])
            return self._free_text(self.secrets_in_text(text, f"{where}.body"), f"{where}.body")
        return json.dumps(self.value(data, f"{where}.body"), separators=(",", ":"), ensure_ascii=False)

    def value(self, node: Any, where: str, key: str = "") -> Any:
        """Walk a JSON value, replacing by key name (everything under a secret's name) and by shape."""
        if isinstance(node, dict | list) and is_secret_name(key):
            return self._all_secret(node, where)
        if isinstance(node, dict):
            return {k: self.value(v, f"{where}.{k}", str(k)) for k, v in node.items()}
        if isinstance(node, list):
            if pii_kind(key):  # Magento's street is a list of lines
                return [self._scalar(key, v, f"{where}[]") for v in node]
            return [self.value(v, f"{where}[]", key) for v in node]
        if isinstance(node, str):
            return self._scalar(key, node, where)
        return node

    def _all_secret(self, node: Any, where: str) -> Any:
        """Every string under a secret's name (``credentials: {user, pass}``) replaced."""
        if isinstance(node, dict):
            return {k: self._all_secret(v, where) for k, v in node.items()}
        if isinstance(node, list):
            return [self._all_secret(v, where) for v in node]
        if isinstance(node, str) and node:
            self._note(where, "secret-field")
            return SCRUBBED
        return node

    def _scalar(self, key: str, value: str, where: str) -> str:
        if not isinstance(value, str) or not value:
            return value
        if is_secret_name(key):
            self._note(where, "secret-field")
            return SCRUBBED
        nested = self._nested_json(value, where)
        if nested is not None:
            return nested
        kind = pii_kind(key)
        if kind is None and is_cursor_name(key):
            return value
        return self._customer_data(kind, self.secrets_in_text(value, where), where)

    def _customer_data(self, kind: str | None, value: str, where: str) -> str:
        """An email (whatever the field is called) or a customer field by its placeholder; else free text."""
        if EMAIL.fullmatch(value) and not is_placeholder("email", value):
            kind = "email"
        if kind is None:
            return self._free_text(value, where)
        self._note(where, "customer-data")
        return self.stable(kind, value)

    def _nested_json(self, value: str, where: str) -> str | None:
        """A string holding a JSON object or list, scrubbed inside (None: it holds none); untouched when clean."""
        data = json_in_text(value)
        if data is None:
            return None
        scrubbed = self.value(data, f"{where}(json)")
        return value if scrubbed == data else json.dumps(scrubbed, separators=(",", ":"), ensure_ascii=False)

    def secrets_in_text(self, text: str, where: str) -> str:
        """``text`` with every credential-shaped part (:func:`find_secrets`) replaced, noted by kind."""
        found = find_secrets(text)
        for what, _secret in found:
            self._note(where, f"secret-in-text: {what}")
        return replace_secrets(text, found)

    def command(self, command: str, where: str) -> str:
        """A connector command line (for the provenance) with secret options, variables and shapes replaced."""
        command = self.literal(command, where) or ""
        found = command_secrets(command)
        for what, _secret in found:
            self._note(where, f"secret-in-text: {what}")
        return replace_secrets(command, found)

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
        self._issued_token(str(interaction["request"].get("uri", "")), before)
        body["string"] = self.body(self.literal(before, "response.body"), "response")
        response["body"] = body
        if body["string"] != before:  # placeholders change the length: keep the header true
            response["headers"] = {k: ([str(len((body["string"] or "").encode()))] if k.lower() == "content-length"
                                       else v) for k, v in response["headers"].items()}
        return {**interaction, "request": request, "response": response}

    def _issued_token(self, uri: str, answer: str | None) -> None:
        """A token endpoint's bare JSON string answer (Magento's admin and customer tokens) is a secret from here on.

        Its shape (lower-case letters and digits) is not random-looking enough to be caught by shape, so its
        value is scrubbed wherever it appears in this cassette.
        """
        if not answer or not ISSUED_TOKEN_PATH.search(urlsplit(uri).path):
            return
        try:
            value = json.loads(answer)
        except ValueError:
            return
        if isinstance(value, str) and value and value != SCRUBBED:
            self.replace[value] = SCRUBBED
            self._note("response.body", "issued-token")

    def _literal_headers(self, headers: dict[str, list[str]], where: str) -> dict[str, list[str]]:
        return {name: [self.literal(str(v), f"{where}.headers.{name}") or "" for v in values]
                for name, values in headers.items()}


def _text(body: Any) -> str | None:
    if isinstance(body, bytes):
        return body.decode("utf-8", "replace")
    return None if body is None else str(body)
