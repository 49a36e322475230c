"""Serve a twin's ASGI app on loopback from a background thread (for connectors that are programs).

``stockgate run --connector command:"…"`` needs real URLs while the runner keeps driving and reading
the same twins in-process; steps and ticks never overlap, so the state is never used concurrently.
Every answer carries a ``Date`` on the twin's clock (virtual when a scenario drives it), not
uvicorn's wall-clock one: a client that computes a ``Retry-After`` date's wait from the answer's
``Date``, as a standard client does, then waits the virtual time the twin asked for.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from typing import Any

from stockgate.clock import VirtualClock
from stockgate.twins.faults import ConnectionDropped


class ServedTwin:
    """One app on ``http://127.0.0.1:<port>`` until :meth:`stop`."""

    def __init__(self, app: Any, clock: VirtualClock | None = None) -> None:
        """Bind a free loopback port and start uvicorn in a daemon thread; ``clock``: default the twin's."""
        import uvicorn

        clock = clock or getattr(getattr(app, "twin", None), "clock", None)

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        served = dated(app, clock) if clock is not None else app
        config = uvicorn.Config(served, log_level="warning", lifespan="off", access_log=False,
                                date_header=clock is None)
        quiet_planted_drops()
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop serving and release the port."""
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()


class _PlantedDrop(logging.Filter):
    """Drop uvicorn's traceback for a connection a fault dropped on purpose (the journal records it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, ConnectionDropped)


_FILTER = _PlantedDrop()


def quiet_planted_drops() -> None:
    """Keep ``connection-reset``/``lost-response`` faults off stderr; any other error is still logged."""
    logger = logging.getLogger("uvicorn.error")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)


def dated(app: Any, clock: VirtualClock) -> Any:
    """``app`` with a ``Date`` header on ``clock`` in every HTTP answer (RFC 9110 §6.6.1)."""
    async def asgi(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_dated(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                message = {**message, "headers": [*headers, (b"date", clock.http_date().encode())]}
            await send(message)

        await app(scope, receive, send_dated)

    return asgi
