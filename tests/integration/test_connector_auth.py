"""A wrong Magento token is an authentication failure, not a missing ACL grant (issue 14)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import httpx
import pytest

from stockgate.clock import VirtualClock
from stockgate.connector import MagentoAuth, build_connector, load_mapping
from stockgate.twins.lightspeed import create_app as lightspeed_app
from stockgate.twins.magento import create_app as magento_app

pytestmark = pytest.mark.anyio
MAPPING = Path(__file__).resolve().parents[2] / "scenarios" / "mappings" / "demo.yaml"


@pytest.mark.parametrize(("token", "kind"), [("not-the-token", "auth-failed"), ("stockgate-demo-token", None)])
async def test_a_wrong_token_is_reported_as_an_authentication_failure(token: str, kind: str | None) -> None:
    clock = VirtualClock()
    m = magento_app("2.4.8", "integration-bearer-on", clock=clock)
    ls = lightspeed_app("2026-07", "registers-3", clock=clock)
    mapping = dataclasses.replace(load_mapping(MAPPING), lightspeed_version="2026-07")
    connector = build_connector(
        mapping, magento_url="http://magento.test", magento_auth=MagentoAuth(mode="bearer", token=token),
        lightspeed_url="https://demo.retail.lightspeed.app", lightspeed_token="stockgate-demo-token", clock=clock,
        state=":memory:", magento_transport=httpx.ASGITransport(app=m),
        lightspeed_transport=httpx.ASGITransport(app=ls), magento_version="2.4.8")
    await connector.tick(force=True)
    kinds = {e.kind for e in connector.events}
    assert "acl-missing" not in kinds
    if kind:
        assert kind in kinds
        assert any("STOCKGATE_MAGENTO_TOKEN" in e.message for e in connector.events)
    else:
        assert "failed" not in kinds
    await connector.close()
