"""Scrubbing: planted secrets and customer data never survive; placeholders are stable; the rest is kept."""

from __future__ import annotations

import json

from stockgate.cassettes.scrub import SCRUBBED, Scrubber

SECRETS = ["Bearer abc123secret", "OAuth oauth_signature=\"c2lnbmF0dXJl\"", "sess=deadbeef", "s3cr3t-client"]
PII = ["jane.doe@shop.example", "Jane", "Doe", "12 Elm Road", "5551234567", "90210", "203.0.113.77"]


def _interaction() -> dict:
    order = {"customer_email": "jane.doe@shop.example", "customer_firstname": "Jane", "customer_lastname": "Doe",
             "remote_ip": "203.0.113.77",
             "billing_address": {"street": ["12 Elm Road"], "telephone": "5551234567", "postcode": "90210",
                                 "firstname": "Jane", "lastname": "Doe", "email": "jane.doe@shop.example"},
             "items": [{"sku": "MUG-BLK", "name": "Black Mug", "qty_ordered": 2}],
             "product_codes": [{"type": "CUSTOM", "code": "TS-RED-S"}]}
    return {
        "request": {"method": "POST", "uri": "https://demo.retail.lightspeed.app/api/2026-07/sales?access_token="
                    "s3cr3t-client&page_size=5&code=authcode1",
                    "headers": {"Authorization": ["Bearer abc123secret"], "Cookie": ["sess=deadbeef"],
                                "Content-Type": ["application/json"]},
                    "body": json.dumps({"client_secret": "s3cr3t-client", "order": order})},
        "response": {"status": {"code": 200, "message": "OK"},
                     "headers": {"Set-Cookie": ["sess=deadbeef"],
                                 "X-Signature": ["OAuth oauth_signature=\"c2lnbmF0dXJl\""]},
                     "body": {"string": json.dumps({"data": order})}},
    }


def test_no_planted_secret_or_personal_value_survives() -> None:
    scrubbed = json.dumps(Scrubber().interaction(_interaction()))
    for planted in [*SECRETS, *PII, "authcode1"]:
        assert planted not in scrubbed, planted


def test_what_matters_for_replay_is_kept() -> None:
    out = Scrubber().interaction(_interaction())
    assert "page_size=5" in out["request"]["uri"] and out["request"]["method"] == "POST"
    body = json.loads(out["response"]["body"]["string"])["data"]
    assert body["items"] == [{"sku": "MUG-BLK", "name": "Black Mug", "qty_ordered": 2}]
    assert body["product_codes"] == [{"type": "CUSTOM", "code": "TS-RED-S"}]  # a product code is not a secret
    assert out["request"]["headers"]["Content-Type"] == ["application/json"]
    assert out["request"]["headers"]["Authorization"] == [SCRUBBED]


def test_placeholders_are_stable_within_a_cassette() -> None:
    scrubber = Scrubber()
    first = json.loads(scrubber.interaction(_interaction())["response"]["body"]["string"])["data"]
    again = json.loads(scrubber.interaction(_interaction())["response"]["body"]["string"])["data"]
    assert first["customer_email"] == first["billing_address"]["email"] == again["customer_email"]
    assert first["customer_email"].endswith("@example.invalid")
    assert first["customer_firstname"] == first["billing_address"]["firstname"] != first["customer_lastname"]
    assert first["remote_ip"] == again["remote_ip"] == "192.0.2.1"  # RFC 5737's documentation network


def test_the_log_names_places_never_values() -> None:
    scrubber = Scrubber()
    scrubber.interaction(_interaction())
    log = json.dumps(scrubber.log)
    assert "request.headers.Authorization" in log and "request.query.access_token" in log
    assert "response.body.data.customer_email" in log
    for planted in [*SECRETS, *PII]:
        assert planted not in log


def test_the_input_is_left_untouched() -> None:
    original = _interaction()
    copy = json.loads(json.dumps(original))
    Scrubber().interaction(original)
    assert original == copy


def test_form_encoded_webhook_bodies_are_scrubbed() -> None:
    scrubber = Scrubber()
    text = scrubber.body("type=sale.update&payload=%7B%7D&signature=abc123&email=jane.doe%40shop.example", "request")
    assert text is not None and "abc123" not in text and "jane.doe" not in text and "type=sale.update" in text


def test_customer_data_in_free_text_is_replaced_by_the_same_placeholders() -> None:
    shared: dict[tuple[str, str], str] = {}
    magento, lightspeed = Scrubber(placeholders=shared), Scrubber(placeholders=shared)
    order = magento.value({"customer_firstname": "Jane", "customer_lastname": "Doe",
                           "customer_email": "jane.doe@shop.example"}, "response.body")
    note = lightspeed.value({"note": "Order 7 for Jane Doe <jane.doe@shop.example>, Janet's friend",
                             "description": "Doe-skin gloves"}, "request.body")
    assert note["note"] == (f"Order 7 for {order['customer_firstname']} {order['customer_lastname']} "
                            f"<{order['customer_email']}>, Janet's friend")  # whole words only: Janet stays
    assert note["description"] == f"{order['customer_lastname']}-skin gloves"  # a word boundary, as a reader sees it
    assert {"where": "request.body.note", "rule": "customer-data-in-text"} in lightspeed.log


def test_literal_replacements_reach_urls_headers_and_bodies() -> None:
    scrubber = Scrubber(replace={"shop.staging.example:8443": "magento.test", "tok-123": SCRUBBED})
    out = scrubber.interaction({
        "request": {"method": "GET", "uri": "https://shop.staging.example:8443/rest/V1/orders", "body": None,
                    "headers": {"Host": ["shop.staging.example:8443"], "X-Echo": ["tok-123"]}},
        "response": {"status": {"code": 200, "message": "OK"}, "headers": {},
                     "body": {"string": '{"base_url": "https://shop.staging.example:8443/", "t": "x tok-123"}'}}})
    assert "staging" not in json.dumps(out) and "tok-123" not in json.dumps(out)
    assert out["request"]["uri"] == "https://magento.test/rest/V1/orders"
    assert {e["rule"] for e in scrubber.log} == {"store-specific", "known-secret"}


def test_the_city_goes_with_the_rest_of_the_address() -> None:
    """A street scrubbed next to a city kept still says where the customer lives: both get placeholders."""
    from stockgate.cassettes.lint import lint_interaction

    scrubber = Scrubber()
    address = {"street": ["12 Elm Road"], "city": "Springfield", "postcode": "90210", "region": "Illinois"}
    out = scrubber.value({"billing_address": address, "outlet": {"physical_city": "Springfield",
                                                                  "postal_suburb": "Shelbyville"}}, "response.body")
    assert out["billing_address"]["city"] == out["outlet"]["physical_city"] == "City1"
    assert out["outlet"]["postal_suburb"] == "City2" and out["billing_address"]["region"] == "Illinois"
    kept = {"request": {"method": "GET", "uri": "https://magento.test/rest/V1/orders", "headers": {}, "body": None},
            "response": {"status": {"code": 200}, "headers": {}, "body": {"string": json.dumps(address)}}}
    assert ("response.body.city", "customer data kept") in lint_interaction(kept)
    assert lint_interaction(scrubber.interaction(kept)) == []


def _exchange(path: str, request: object, answer: object, token: str | None = None) -> dict:
    headers = {"Content-Type": ["application/json"]} | ({"Authorization": [f"Bearer {token}"]} if token else {})
    return {"request": {"method": "POST", "uri": f"http://magento.test/rest/default/V1{path}", "headers": headers,
                        "body": json.dumps(request)},
            "response": {"status": {"code": 200, "message": "OK"}, "headers": {},
                         "body": {"string": json.dumps(answer)}}}


def test_customer_tokens_and_passwords_never_reach_a_cassette() -> None:
    """A sign-up, a customer token (as Magento writes one: 32 lower-case letters and digits), its use and a
    password change: no password, token or e-mail survives, wherever it sits."""
    token = "ayw8pqxl3q6v2uemr4ejhowf5ivdp0v3"
    admin = "k2m9x7q4c8v1b6n3z5a0s2d4f6g8h1j3"
    exchanges = [
        _exchange("/customers", {"customer": {"email": "ada@example.com", "firstname": "Ada", "lastname": "King"},
                                 "password": "Secret-pass1"}, {"id": 1, "email": "ada@example.com"}),
        _exchange("/integration/customer/token", {"username": "ada@example.com", "password": "Secret-pass1"}, token),
        _exchange("/integration/admin/token", {"username": "admin", "password": "Admin-pass9"}, admin),
        _exchange("/customers/me/password", {"currentPassword": "Secret-pass1", "newPassword": "Other-pass2"},
                  True, token),
    ]
    scrubber = Scrubber()
    written = json.dumps([scrubber.interaction(e) for e in exchanges])
    for planted in ("Secret-pass1", "Other-pass2", "Admin-pass9", token, admin, "ada@example.com"):
        assert planted not in written, planted
    assert {"where": "response.body", "rule": "issued-token"} in scrubber.log
