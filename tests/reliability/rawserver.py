"""A tiny hostile HTTP server on 127.0.0.1 for client tests: each connection is handed
to a function that reads the request and writes whatever bytes it likes (drip, bomb,
redirect, HTML...). Real sockets, no mocking of the client."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator

Handler = Callable[[socket.socket, bytes, threading.Event], None]


def read_request(conn: socket.socket) -> bytes:
    """The request head (and a small body, if Content-Length says so)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            need = int(line.split(b":", 1)[1]) - len(rest)
            while need > 0:
                chunk = conn.recv(need)
                if not chunk:
                    break
                need -= len(chunk)
    return head


@contextlib.contextmanager
def serve(handler: Handler) -> Iterator[str]:
    """Run ``handler(conn, request_head, stop)`` per connection; yields the root URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    stop = threading.Event()

    def one(conn: socket.socket) -> None:
        with conn:
            try:
                while not stop.is_set():
                    head = read_request(conn)
                    if not head:
                        return
                    handler(conn, head, stop)
            except OSError:
                return  # the client went away (that is usually the point)

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=one, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()


def answer(status: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Handler:
    """A handler that sends one complete response (keep-alive)."""

    def handle(conn: socket.socket, head: bytes, stop: threading.Event) -> None:
        lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    return handle
