"""RFC 5849 signing against a published vector, and a round trip through oauthlib (written by others)."""

from __future__ import annotations

from urllib.parse import urlsplit

from oauthlib.oauth1 import SIGNATURE_HMAC_SHA256, Client

from stockgate import oauth1

# The worked example of Twitter's "Creating a signature" guide (HMAC-SHA1).
PARAMS = [("include_entities", "true"), ("oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"),
          ("oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"), ("oauth_signature_method", "HMAC-SHA1"),
          ("oauth_timestamp", "1318622958"), ("oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"),
          ("oauth_version", "1.0"), ("status", "Hello Ladies + Gentlemen, a signed OAuth request!")]


def test_published_vector() -> None:
    base = oauth1.base_string("POST", "https://api.twitter.com/1.1/statuses/update.json", PARAMS)
    assert base.startswith("POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities")
    signature = oauth1.sign("HMAC-SHA1", base, "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
                            "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")
    assert signature == "hCtSmYh+iHYCEqBWrE7C7hYmtUk="


def test_our_header_matches_oauthlib() -> None:
    url = "http://127.0.0.1:8080/rest/default/V1/inventory/source-items?searchCriteria%5BpageSize%5D=2"
    ours = oauth1.parse_header(oauth1.authorization(
        method="GET", url=url, query=[("searchCriteria[pageSize]", "2")], consumer_key="ck", consumer_secret="cs",
        token="t", token_secret="ts", nonce="n1", timestamp=1700000000))
    client = Client("ck", client_secret="cs", resource_owner_key="t", resource_owner_secret="ts",
                    signature_method=SIGNATURE_HMAC_SHA256, nonce="n1", timestamp="1700000000")
    _uri, headers, _body = client.sign(url)
    theirs = oauth1.parse_header(headers["Authorization"])
    assert ours["oauth_signature"] == theirs["oauth_signature"]
    assert urlsplit(url).path.endswith("source-items")


MAGENTO_RULES = {
    "laminas (2.4.5-2.4.7)": {"query_pairs": "exactly-one-equals", "query_reparsed": "none",
                              "repeated_names": "last-wins", "name_order": "natural-encoded", "url": "normalised"},
    "native (2.4.8-2.4.9)": {"query_pairs": "exactly-one-equals", "query_reparsed": "php-parse-str",
                             "repeated_names": "last-wins", "name_order": "bytes-raw", "url": "as-sent"},
}


def test_a_query_string_both_readings_sign_alike() -> None:
    """query_string writes a space as %20: RFC 5849 and Magento's helper read the same values from it."""
    pairs = [("searchCriteria[filter_groups][0][filters][0][value]", "TASSE GRÖSSE M/+&~"),
             ("searchCriteria[pageSize]", "20")]
    query = oauth1.query_string(pairs)
    assert "+" not in query and "%20" in query
    url = f"http://magento.test/rest/default/V1/inventory/source-items?{query}"
    protocol = {"oauth_consumer_key": "ck", "oauth_nonce": "n", "oauth_signature_method": "HMAC-SHA256",
                "oauth_timestamp": "1", "oauth_token": "t", "oauth_version": "1.0"}
    rfc = oauth1.base_string("GET", url, [*protocol.items(), *pairs])
    for name, rule in MAGENTO_RULES.items():
        assert oauth1.magento_base_string("GET", url, protocol=protocol, query=query, form=[], rule=rule) == rfc, name


def test_magento_reads_a_plus_as_a_plus() -> None:
    url, query = "http://magento.test/rest/V1/x", "searchCriteria%5Bvalue%5D=a+b"
    rfc = oauth1.base_string("GET", url, [("searchCriteria[value]", "a b")])
    for name, rule in MAGENTO_RULES.items():
        assert oauth1.magento_base_string("GET", url, protocol={}, query=query, form=[], rule=rule) != rfc, name
