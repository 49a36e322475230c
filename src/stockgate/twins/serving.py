"""Serve a twin's ASGI app on loopback from a background thread (for connectors that are programs).

``stockgate run --connector command:"…"`` needs real URLs while the runner keeps driving and reading
the same twins in-process; steps and ticks never overlap, so the state is never used concurrently.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any


class ServedTwin:
    """One app on ``http://127.0.0.1:<port>`` until :meth:`stop`."""

    def __init__(self, app: Any) -> None:
        """Bind a free loopback port and start uvicorn in a daemon thread."""
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
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
