"""``stockgate twin serve``: one twin on loopback, for connectors that are not Python.

Prints ``READY <base-url>`` once the socket accepts connections (``--port 0`` picks a free port)
and stops cleanly on SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import ipaddress
import signal
import socket
import sys
from collections.abc import Iterator
from typing import Any

from stockgate.cli.common import add_contracts_dir, parse_date, require
from stockgate.twins.registry import LIGHTSPEED_CREDENTIALS, MAGENTO_CREDENTIALS


def register(commands: Any) -> None:
    """Add the subcommand."""
    parser = commands.add_parser(
        "serve", help="serve a twin over HTTP on loopback",
        description="Serve a twin over HTTP. Magento " + MAGENTO_CREDENTIALS + ". Lightspeed "
                    + LIGHTSPEED_CREDENTIALS + ".")
    parser.add_argument("ref", metavar="PLATFORM@VERSION", help="e.g. magento@2.4.8")
    parser.add_argument("--profile", action="append", default=[], metavar="NAME",
                        help="merchant configuration, e.g. input-limits-on (repeatable: all apply, in order, as "
                        "a store has several settings at once; default: default)")
    parser.add_argument("--seed", default="demo", metavar="NAME|FILE", help="seed dataset (default: demo)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one (default: 0)")
    parser.add_argument("--as-of", type=parse_date, default=None, metavar="YYYY-MM-DD",
                        help="Lightspeed: serve the API versions live on this date (retired ones answered by the "
                             "oldest supported one); default: the release's month")
    parser.add_argument("--fault", action="append", default=[], metavar="KIND@PATH[,key=value...]",
                        help="inject a fault, repeatable, e.g. 'http-429@/V1/inventory/*,retry_after=60,times=3' or "
                             "'lost-response@/V1/order/*/refund,method=POST'; kinds: http-429, http-5xx, latency, "
                             "connection-reset, lost-response, corrupt-field (field=NAME,value=JSON: a planted "
                             "conformance bug)")
    parser.add_argument("--clock", choices=["wall", "frozen"], default="wall",
                        help="wall (default): time passes as it does for a real store (rate-limit windows reset, "
                             "Retry-After waits end); frozen: the suite's virtual epoch, never moving")
    add_contracts_dir(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build the twin, bind, announce, serve until a signal."""
    import uvicorn

    from stockgate.contracts.refs import VersionRef
    from stockgate.twins.registry import twin_for

    require(0 <= args.port <= 65535, f"--port {args.port} is not a port number (0-65535)")
    ref = VersionRef.parse(args.ref)
    from stockgate.contracts import load_contract

    contract = load_contract(ref)  # an unknown version fails here with the list of known ones
    profile = _profile(args.profile)
    contract.profile(profile)  # and an unknown profile with the nearest known one
    rules = _faults(args.fault)
    require(args.as_of is None or ref.platform.value == "lightspeed", "--as-of applies to Lightspeed twins only")
    if args.as_of is not None:
        _check_as_of(args.as_of)
    extra: dict[str, Any] = {"as_of": args.as_of} if args.as_of else {}
    if args.clock == "wall":
        from stockgate.clock import WallClock

        extra["clock"] = WallClock()
    app = twin_for(ref.platform.value).factory(ref.version, profile, seed=args.seed, **extra)
    for rule in rules:
        app.twin.faults.add(rule)
    sock = _bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    _warn_unless_loopback(args.host, host)
    base = f"http://{host}:{port}"

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            # uvicorn re-raises the signal after shutdown (exit by signal); a twin stopping on request exits 0
            previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)

        def _stop(self, _sig: int, _frame: object) -> None:
            self.should_exit = True

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets)
            print(f"READY {base}", flush=True)
            print(f"stockgate: {ref} profile {profile} seed {args.seed} on {base}; Ctrl-C stops",
                  file=sys.stderr, flush=True)

    from stockgate.twins.serving import dated, quiet_planted_drops

    config = uvicorn.Config(dated(app, app.twin.clock), log_level="warning", lifespan="on", access_log=False,
                            date_header=False)  # the Date on the twin's clock, as Retry-After dates are
    quiet_planted_drops()
    Server(config).run(sockets=[sock])
    return 0


def _profile(names: list[str]) -> str:
    """Every ``--profile`` combined (``input-limits-on+integration-bearer-on``); one ``registers-N`` at most."""
    from stockgate.scenarios.model import combined

    registers = list(dict.fromkeys(n for n in names if n.startswith("registers-")))
    require(len(registers) <= 1, f"--profile {' and '.join(registers)}: one register count at a time; choose one")
    return combined(*names)


def _check_as_of(as_of: dt.date) -> None:
    """A date before every Lightspeed API version would serve nothing: say so instead of serving it."""
    from stockgate.contracts import load_index
    from stockgate.twins.lightspeed.versions import first_release

    first, month = first_release(load_index())
    require(as_of.isoformat()[:7] >= month, f"--as-of {as_of}: before every Lightspeed API version stockgate "
            f"knows (the first, {first}, was released {month}); choose a date from {month} on")


def _warn_unless_loopback(asked: str, bound: str) -> None:
    """One line on stderr when the twin is reachable from other machines (its demo credentials are public)."""
    if ipaddress.ip_address(bound.partition("%")[0]).is_loopback:
        return
    print(f"stockgate: warning: --host {asked} is not a loopback address: anyone who can reach {bound} can use "
          "the twin with its published demo credentials; bind 127.0.0.1 unless that is what you want",
          file=sys.stderr, flush=True)


def _faults(texts: list[str]) -> list[Any]:
    from stockgate.errors import UsageError
    from stockgate.twins.faults import parse_rule

    try:
        return [parse_rule(text) for text in texts]
    except ValueError as exc:
        raise UsageError(f"--fault: {exc}") from None


def _bind(host: str, port: int) -> socket.socket:
    from stockgate.errors import UsageError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # accepted sockets inherit TCP_NODELAY: no 40 ms delayed-ACK stall between header and body writes
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:  # the host, not the port
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}; --host must be an address of this "
                             "machine (default 127.0.0.1, loopback)") from None
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port "
                         "(0 picks a free one)") from None
    sock.listen(128)
    return sock
