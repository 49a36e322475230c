"""43 planted secrets: `cassettes lint` names every one, and the recording scrubber removes every one.

Each case plants one secret value in one place of an exchange (or of the provenance's connector
command line). Lint must report a problem; the scrubber must leave the value nowhere, and what it
writes must lint clean. The second table is what must *not* be taken for a secret: the ids, version
cursors, hashes and codes the shipped cassettes are full of.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from stockgate.cassettes.lint import lint_interaction, lint_provenance
from stockgate.cassettes.scrub import SCRUBBED, Scrubber
from stockgate.cassettes.store import Provenance

URI = "https://magento.test/rest/default/V1/orders"
PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n" \
      "-----END RSA PRIVATE KEY-----"


def exchange(*, uri: str = URI, headers: dict[str, str] | None = None, body: Any = None,
             answer_headers: dict[str, str] | None = None, answer: Any = None) -> dict[str, Any]:
    """A vcrpy interaction; a dict or list body is JSON, a string is sent as it is."""
    def text(value: Any) -> str | None:
        return json.dumps(value) if isinstance(value, dict | list) else value

    return {"request": {"method": "POST", "uri": uri, "body": text(body),
                        "headers": {"Content-Type": ["application/json"],
                                    **{k: [v] for k, v in (headers or {}).items()}}},
            "response": {"status": {"code": 200, "message": "OK"},
                         "headers": {"Content-Type": ["application/json"],
                                     **{k: [v] for k, v in (answer_headers or {}).items()}},
                         "body": {"string": text(answer) or "{}"}}}


def q(query: str) -> dict[str, Any]:
    """An exchange with ``query`` on the request URL."""
    return exchange(uri=f"{URI}?searchCriteria[pageSize]=5&{query}")


CASES: list[tuple[str, dict[str, Any] | str, str]] = [
    # request and response headers
    ("header-authorization", exchange(headers={"Authorization": "Bearer tok9f8e7d6c5b4a"}), "tok9f8e7d6c5b4a"),
    ("header-proxy-authorization", exchange(headers={"Proxy-Authorization": "Basic cHJveHk6c2VjcmV0"}),
     "cHJveHk6c2VjcmV0"),
    ("header-cookie", exchange(headers={"Cookie": "session=c00k1e-v4lue"}), "c00k1e-v4lue"),
    ("header-x-api-key", exchange(headers={"X-Api-Key": "xk-5e3f1a9b"}), "xk-5e3f1a9b"),
    ("header-x-auth-token", exchange(headers={"X-Auth-Token": "xat-77aa11bb"}), "xat-77aa11bb"),
    ("header-api-key", exchange(headers={"Api-Key": "ak-31cd8e02"}), "ak-31cd8e02"),
    ("header-x-access-token", exchange(headers={"X-Access-Token": "xacc-0b1c2d3e"}), "xacc-0b1c2d3e"),
    ("answer-header-set-cookie", exchange(answer_headers={"Set-Cookie": "sid=s3t-c00kie"}), "s3t-c00kie"),
    ("answer-header-signature", exchange(answer_headers={"X-Vend-Signature": "signed=v3nd-s1g"}), "v3nd-s1g"),
    # query parameters
    ("query-access_token", q("access_token=qat-112233"), "qat-112233"),
    ("query-oauth_signature", q("oauth_signature=qs1g-445566"), "qs1g-445566"),
    ("query-code", q("code=auth-c0de-778899"), "auth-c0de-778899"),
    ("query-api_key", q("api_key=qak-aabbcc"), "qak-aabbcc"),
    ("query-api-key", q("api-key=qak2-ddeeff"), "qak2-ddeeff"),
    ("query-key", q("key=qk-010203"), "qk-010203"),
    ("query-accessToken", q("accessToken=qacc-040506"), "qacc-040506"),
    ("query-sig", q("sig=qsig-070809"), "qsig-070809"),
    ("query-auth", q("auth=qauth-0a0b0c"), "qauth-0a0b0c"),
    # request bodies
    ("body-client_secret", exchange(body={"client_secret": "bcs-123abc"}), "bcs-123abc"),
    ("body-password", exchange(body={"username": "admin", "password": "bpw-456def"}), "bpw-456def"),
    ("body-clientSecret", exchange(body={"clientSecret": "bcs2-789abc"}), "bcs2-789abc"),
    ("body-accessToken", exchange(body={"accessToken": "bacc-cafe01"}), "bacc-cafe01"),
    ("body-api-key", exchange(body={"api-key": "bak-cafe02"}), "bak-cafe02"),
    ("body-private_key", exchange(body={"private_key": "bpk-cafe03"}), "bpk-cafe03"),
    ("body-passwd", exchange(body={"passwd": "bpwd-cafe04"}), "bpwd-cafe04"),
    ("body-authorization", exchange(body={"authorization": "Token bauth-cafe05"}), "bauth-cafe05"),
    ("body-credentials", exchange(body={"credentials": {"user": "admin", "pass": "bcred-cafe06"}}), "bcred-cafe06"),
    ("body-json-string-password", exchange(body={"payload": json.dumps({"password": "bjson-cafe07"})}),
     "bjson-cafe07"),
    ("body-form-signature", exchange(body="type=sale.update&payload=%7B%7D&signature=bform-cafe08"), "bform-cafe08"),
    # response bodies
    ("answer-access_token", exchange(answer={"access_token": "racc-d00d01", "token_type": "Bearer"}),
     "racc-d00d01"),
    ("answer-refresh-token", exchange(answer={"refresh-token": "rref-d00d02"}), "rref-d00d02"),
    # credentials in free text, whatever the field is called
    ("text-bearer", exchange(body={"note": "retry with Bearer tbear-d00d03x"}), "tbear-d00d03x"),
    ("text-jwt", exchange(answer={"comment": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXZhbHVl"}),
     "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXZhbHVl"),
    ("text-oauth-signature", exchange(answer={"note": 'OAuth oauth_signature="dG9vc2VjcmV0"'}), "dG9vc2VjcmV0"),
    ("uri-userinfo", exchange(uri="https://shop:p4ssw0rd-u@staging.example.com/rest/V1/orders"), "p4ssw0rd-u"),
    ("text-url-userinfo", exchange(answer={"mirror": "https://bot:gh0st-pw@git.example.org/x"}), "gh0st-pw"),
    ("provenance-command-line", "command:./sync.sh --verbose --token cmdl1ne-t0ken", "cmdl1ne-t0ken"),
    # known formats and entropy, under names nobody would call secret
    ("format-aws-key", exchange(body={"note": "AKIAZ3MQ7XKD4P2LQW5N"}), "AKIAZ3MQ7XKD4P2LQW5N"),
    ("format-github-token", exchange(answer={"label": "ghp_R8xk2LmN4pQ7sT1vW3yB5dF9hJ0kLmNoPqRs"}),
     "ghp_R8xk2LmN4pQ7sT1vW3yB5dF9hJ0kLmNoPqRs"),
    ("format-slack-token", exchange(body={"hook": "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp"}),
     "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp"),
    ("format-stripe-key", exchange(answer={"gateway": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"}),
     "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
    ("format-private-key", exchange(body={"description": PEM}), "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4"),
    ("entropy", exchange(answer={"x_value": "q8Zk2LmN4pR7sT1vW3yB5dF9hJ0k"}), "q8Zk2LmN4pR7sT1vW3yB5dF9hJ0k"),
]


def provenance(connector: str) -> Provenance:
    """A provenance header naming ``connector``."""
    return Provenance(platform="magento", version="2.4.9", profile="default", pair="magento@2.4.9-lightspeed@2026-10",
                      scenario="reservations/cancel-releases", scenario_sha256="ab" * 32,
                      recorded_from="staging:0123456789ab", recorded_at="2026-11-28T00:00:00+00:00",
                      stockgate_version="0.1.0", connector=connector, ticks=(0.0, 60.0))


def test_the_table_plants_43_secrets() -> None:
    assert len(CASES) == 43 and len({case[0] for case in CASES}) == 43


@pytest.mark.parametrize(("planted", "value"), [(case[1], case[2]) for case in CASES], ids=[c[0] for c in CASES])
def test_lint_catches_it(planted: dict[str, Any] | str, value: str) -> None:
    problems = lint_provenance(provenance(planted)) if isinstance(planted, str) else lint_interaction(planted)
    assert problems, f"{value} not reported"
    assert all(value not in where + what for where, what in problems)  # lint names places, never values


@pytest.mark.parametrize(("planted", "value"), [(case[1], case[2]) for case in CASES], ids=[c[0] for c in CASES])
def test_the_scrubber_removes_it(planted: dict[str, Any] | str, value: str) -> None:
    scrubber = Scrubber()
    if isinstance(planted, str):
        kept = replace(provenance(planted), connector=scrubber.command(planted, "provenance.connector"))
        assert value not in json.dumps(kept.connector) and lint_provenance(kept) == []
    else:
        scrubbed = scrubber.interaction(planted)
        assert value not in json.dumps(scrubbed)
        assert lint_interaction(scrubbed) == []
    assert scrubber.log and value not in json.dumps(scrubber.log)


NOT_SECRETS = [
    ("uuid-id", exchange(answer={"id": "d48b41a2-79f1-53af-a441-2df9916e2850", "outlet_id":
                                 "e1da29c9-299d-5c33-a2ba-88f86c808d90"})),
    ("version-cursor", exchange(uri="https://demo.retail.lightspeed.app/api/2026-07/inventory?after=4284638490",
                                answer={"version": 4284638490, "data": []})),
    ("sha256-hash", exchange(answer={"checksum": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"})),
    ("product-code", exchange(body={"product_codes": [{"type": "CUSTOM", "code": "TS-RED-S"}]})),
    ("token-type", exchange(answer={"token_type": "Bearer", "expires_in": 3600})),
    ("acl-resource", exchange(answer={"message": "The consumer isn't authorized to access %resources.",
                                      "parameters": {"resources": "Magento_InventoryApi::source"}})),
    ("search-criteria", q("searchCriteria[filter_groups][0][filters][0][field]=increment_id"
                          "&searchCriteria[filter_groups][0][filters][0][value]=000000001")),
    ("scrubbed-already", exchange(headers={"Authorization": SCRUBBED}, body={"password": SCRUBBED},
                                  uri=f"https://{SCRUBBED}@magento.test/rest/V1/orders?access_token={SCRUBBED}")),
    ("placeholders", exchange(answer={"customer_email": "customer-1@example.invalid", "city": "City1",
                                      "street": ["1 Placeholder Street"], "postcode": "00001"})),
    ("page-token", q("pageToken=CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA")),
]


@pytest.mark.parametrize("exchange_", [case[1] for case in NOT_SECRETS], ids=[case[0] for case in NOT_SECRETS])
def test_ids_cursors_hashes_and_codes_are_not_secrets(exchange_: dict[str, Any]) -> None:
    assert lint_interaction(exchange_) == []


def test_a_plain_connector_name_in_the_provenance_is_clean() -> None:
    for connector in ("reference", "python:tests.mutants.adapters:Drifting", "command:./sync.sh --once --verbose"):
        assert lint_provenance(provenance(connector)) == []
        assert Scrubber().command(connector, "provenance.connector") == connector
