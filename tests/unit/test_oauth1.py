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
