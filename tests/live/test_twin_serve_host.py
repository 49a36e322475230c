"""`twin serve --host` that is not an address of this machine is about --host, not --port (issue 20 QA 37)."""

from __future__ import annotations

import pytest

from stockgate.cli import main


@pytest.mark.parametrize("host", ["not-a-host.invalid", "192.0.2.1"])  # no such name; TEST-NET-1, not ours
def test_a_host_this_machine_cannot_listen_on_says_host(host: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["twin", "serve", "magento@2.4.8", "--host", host, "--port", "0"])
    err = capsys.readouterr().err
    assert code == 2 and "--host must be an address of this machine" in err and "--port" not in err, err
    assert err.count("\n") == 1
