"""Whole-response deadlines for requests: a watchdog that shuts a socket when time is up.

Why: ``requests``' read timeout is per socket read, not per response. A server that
drips one byte a second never trips a 30 s read timeout and can hold a call for minutes
(issue 12.2). The contract says ``read`` in ``timeout=(connect, read)`` bounds the whole
response, headers and body, counted from sending. urllib3 has no such deadline, so:

* the adapter's connections tell the *current* :class:`Watch` (a thread-local set by the
  transport around one exchange) their socket when a request is sent;
* one shared scheduler thread fires each watch at its deadline and shuts that socket
  down, which makes the blocked ``recv`` return at once;
* the transport sees the resulting connection error, notices ``watch.fired`` and raises
  :class:`~numkit.errors.Timeout`.

One daemon thread serves every client (a heap of deadlines), so a request costs no
thread of its own.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import socket
import threading
import time
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

__all__ = ["Watch", "WatchingAdapter", "watching"]

_local = threading.local()


class Watch:
    """The deadline of one exchange; shuts the attached socket when it passes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._armed = False
        self._done = False

    def arm(self) -> None:
        """Start the clock (first call only: 'counted from sending')."""
        with self._lock:
            if self._armed or self._done:
                return
            self._armed = True
        _SCHEDULER.add(time.monotonic() + self.seconds, self)

    def attach(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sock = sock
            fired = self.fired
        if fired:
            _shut(sock)

    def fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.fired = True
            sock = self._sock
        if sock is not None:
            _shut(sock)

    def close(self) -> None:
        """The exchange is over: never fire (and forget the socket)."""
        with self._lock:
            self._done = True
            self._sock = None


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing left to interrupt
        sock.shutdown(socket.SHUT_RDWR)


class _Scheduler:
    """One daemon thread firing watches at their deadlines."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Watch]] = []
        self._cond = threading.Condition()
        self._count = itertools.count()
        self._thread: threading.Thread | None = None

    def add(self, when: float, watch: Watch) -> None:
        with self._cond:
            heapq.heappush(self._heap, (when, next(self._count), watch))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="numkit-deadlines", daemon=True
                )
                self._thread.start()
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                when, _n, watch = self._heap[0]
                delay = when - time.monotonic()
                if delay > 0:
                    self._cond.wait(min(delay, 3600.0))  # (Condition.wait refuses huge values)
                    continue
                heapq.heappop(self._heap)
            watch.fire()


_SCHEDULER = _Scheduler()


class watching:
    """Make ``watch`` the current thread's watch for the duration of the block."""

    def __init__(self, watch: Watch) -> None:
        self.watch = watch

    def __enter__(self) -> Watch:
        _local.watch = self.watch
        return self.watch

    def __exit__(self, *exc: object) -> None:
        _local.watch = None


def _current() -> Watch | None:
    return getattr(_local, "watch", None)


class _HTTPConnection(HTTPConnection):
    """Arms the current watch when a request is sent and tells it the socket."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        watch = _current()
        if watch is not None:
            watch.arm()
        super().request(*args, **kwargs)
        if watch is not None:
            watch.attach(self.sock)

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        watch = _current()
        if watch is not None:
            watch.attach(self.sock)
        return super().getresponse(*args, **kwargs)


class _HTTPSConnection(_HTTPConnection, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class WatchingAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections report their sockets to the current watch."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
