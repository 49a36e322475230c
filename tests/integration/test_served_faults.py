"""A served twin's planted connection drops are quiet: no uvicorn traceback on stderr for a drop on purpose."""

from __future__ import annotations

import httpx
import pytest

from stockgate.clock import VirtualClock
from stockgate.twins.faults import FaultRule
from stockgate.twins.lightspeed import create_app as lightspeed_app
from stockgate.twins.serving import ServedTwin


@pytest.mark.parametrize("kind", ["connection-reset", "lost-response"])
def test_a_planted_drop_prints_no_traceback(kind: str, capfd: pytest.CaptureFixture[str]) -> None:
    app = lightspeed_app("2026-07", clock=VirtualClock())
    app.twin.faults.add(FaultRule(kind=kind, path="/outlets"))
    served = ServedTwin(app)
    try:
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(f"{served.url}/api/2026-07/outlets", headers={"Authorization": "Bearer x"})
        answered = httpx.get(f"{served.url}/api/2026-07/registers", headers={"Authorization": "Bearer x"})
    finally:
        served.stop()
    assert answered.status_code in (200, 401)  # the server lives on after the drop
    err = capfd.readouterr().err
    assert "Exception in ASGI application" not in err
    assert "Traceback" not in err


def test_a_real_error_in_the_app_is_still_logged(capfd: pytest.CaptureFixture[str]) -> None:
    async def broken(scope, receive, send):  # type: ignore[no-untyped-def]
        raise RuntimeError("a real bug")

    served = ServedTwin(broken)
    try:
        assert httpx.get(f"{served.url}/anything").status_code == 500
    finally:
        served.stop()
    assert "a real bug" in capfd.readouterr().err
