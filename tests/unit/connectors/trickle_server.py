"""A real local HTTP server that answers slowly on purpose: it sends its answer a few bytes at a
time with pauses in between, so that no single read ever waits long enough to time out while the
whole answer takes as long as the server likes (a source that "trickles")."""

from __future__ import annotations

import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.request.recv(65536)  # the request: its contents do not matter
        server: _TrickleServer = self.server  # type: ignore[assignment]
        server.hits += 1
        try:
            for piece, pause in server.script:
                if pause:
                    time.sleep(pause)
                self.request.sendall(piece)
        except OSError:  # the client hung up: that is what a deadline does
            return


class _TrickleServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, script: list[tuple[bytes, float]]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.hits = 0

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"


def body_trickle(*, length: int = 60, every: float = 0.1) -> list[tuple[bytes, float]]:
    """Headers at once, then the body one byte every ``every`` seconds."""
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + str(length).encode() + b"\r\n\r\n")
    return [(head, 0.0)] + [(b" ", every)] * length


def header_trickle(*, length: int = 60, every: float = 0.1) -> list[tuple[bytes, float]]:
    """The status line, then a header one byte every ``every`` seconds."""
    return [(b"HTTP/1.1 200 OK\r\nX-Slow: ", 0.0)] + [(b"a", every)] * length + [
        (b"\r\nContent-Length: 2\r\n\r\n{}", 0.0)]


@contextmanager
def trickling(script: list[tuple[bytes, float]]) -> Iterator[_TrickleServer]:
    """Serve ``script`` (pieces and the pause before each) to every request, in threads."""
    server = _TrickleServer(script)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
