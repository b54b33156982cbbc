"""A webhook listener beside the kernel: where the Dashboard (or the sandbox) POSTs
``<Notification>`` bodies when an order or disconnect finishes.

Why its own thread and IOLoop: inside a notebook the kernel's asyncio loop is already
running (and busy running the cell that waits), so a server scheduled on it would never
get to answer. A private loop in a daemon thread works the same in a kernel, under
nbclient and in a plain script.

What it promises (contract "Order notifications"):

* loopback by default (``host="127.0.0.1"``); ``public_url`` is what to subscribe when a
  tunnel or reverse proxy forwards to it;
* with credentials it answers the documented challenge (``401`` + ``WWW-Authenticate:
  Basic``), compares credentials in constant time and rejects wrong ones with 401;
* bodies go through the one hardened parser: malformed, hostile or oversized → 400,
  and nothing is recorded as a notification;
* duplicates (same subscription, order, state and time) are acknowledged and dropped;
* every request it answers is kept in ``.exchanges`` (Authorization masked), so the
  :class:`~numkit.ui.ExchangeInspector` shows the challenge round-trip.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import collections
import hmac
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from ..errors import ConfigurationError, PollTimeout, ResponseParseError, ValidationError
from ..transport import MASK, Exchange
from .models import (
    MAX_NOTIFICATION_BYTES,
    Notification,
    parse_notification,
    with_received_at,
)

__all__ = ["FRAME_COLUMNS", "Receiver"]

log = logging.getLogger("numkit.notifications")

REALM = "numkit receiver"
PASSWORD_HINT = "$NUMKIT_RECEIVER_PASSWORD"  # noqa: S105 - a variable name, not a secret
#: Bodies above this are refused by Tornado itself (connection closed); below it, a body
#: over MAX_NOTIFICATION_BYTES is answered 400 like any other hostile body.
SERVER_MAX_BODY = 4 * 1024 * 1024
_KEEP_BODY = 4000  # characters of a request body kept in an exchange record
FRAME_COLUMNS: dict[str, str] = {
    "received_at": "datetime64[ns, UTC]",
    "subscription_id": "str",
    "order_type": "category",
    "order_id": "str",
    "customer_order_id": "str",
    "status": "category",
    "message": "str",
    "completed_numbers": "object",
}


class Receiver:
    """``Receiver(host="127.0.0.1", port=0, username=None, password=None, public_url=None)``.

    >>> with Receiver(username="hook", password="s3cret") as rx:      # doctest: +SKIP
    ...     v2.subscribe(rx.url, username="hook", password="s3cret")
    ...     status = v2.wait_for_order(order, notifications=rx)

    Without credentials it accepts any POST that reaches it: on a shared host (a hub,
    where loopback is shared by every user) set credentials.
    """

    api = "Receiver"

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        username: str | None = None,
        password: str | None = None,
        public_url: str | None = None,
        *,
        history: int = 200,
    ) -> None:
        if not isinstance(host, str) or not host.strip():
            raise ConfigurationError("host must be an address such as '127.0.0.1'")
        if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
            raise ConfigurationError(f"port must be 0..65535, not {port!r}")
        if (username is None) != (password is None):
            raise ConfigurationError("give both username and password, or neither")
        for name, value in (("username", username), ("password", password)):
            if value is not None and (not isinstance(value, str) or not value):
                raise ConfigurationError(f"{name} must be a non-empty string")
        if username is not None and ":" in username:
            raise ConfigurationError("username must not contain ':' (Basic Auth splits there)")
        if public_url is not None:
            parts = urlsplit(public_url) if isinstance(public_url, str) else None
            if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
                raise ConfigurationError(
                    f"public_url must be an absolute http(s) URL, not {public_url!r}"
                )
        self.host = host.strip()
        self.port = port
        self.username = username
        self._password = password
        self.public_url = public_url
        self.exchanges: collections.deque[Exchange] = collections.deque(maxlen=history)
        self._notifications: list[Notification] = []
        self._seen: set[tuple[Any, ...]] = set()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: Any = None
        self._listeners: list[Callable[[Notification], Any]] = []

    # -- public -------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """What to subscribe: ``public_url`` when given, else the local address."""
        if self.public_url:
            return self.public_url
        if not self.running:
            raise ConfigurationError("the receiver is not listening yet: call start() first")
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.host in ("0.0.0.0", "::"):  # noqa: S104 - only naming what was bound
            host = "127.0.0.1"
        return f"http://{host}:{self.port}/"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def notifications(self) -> list[Notification]:
        """Every notification accepted, oldest first (duplicates dropped)."""
        with self._cond:
            return list(self._notifications)

    def start(self) -> Receiver:
        """Listen (returns once the socket is bound; errors are raised here)."""
        if self.running:
            return self
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self._loop = loop
            try:
                loop.run_until_complete(self._listen())
            except BaseException as exc:  # reported to start()'s caller
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            try:
                loop.run_forever()
            finally:
                loop.run_until_complete(self._close())
                loop.close()

        self._thread = threading.Thread(target=run, name="numkit-receiver", daemon=True)
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise ConfigurationError(
                f"could not listen on {self.host}:{self.port}: {failure[0]}"
            ) from failure[0]
        return self

    def stop(self, timeout: float = 5.0) -> None:
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        if thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout)
        self._thread = None

    def __enter__(self) -> Receiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if (self.running or self.public_url) else "not listening"
        auth = f" username={self.username!r} password=***" if self.username else ""
        return f"<Receiver {where}{auth} notifications={len(self._notifications)}>"

    def __getstate__(self) -> dict[str, Any]:
        raise ConfigurationError("a Receiver cannot be pickled (it holds a password)")

    def wait(self, order_id: str, timeout: float = 60.0) -> Notification:
        """The first notification for ``order_id`` (already received or yet to come);
        PollTimeout after ``timeout`` seconds."""
        if not isinstance(order_id, str) or not order_id:
            raise ValidationError("order_id", order_id, "an order id string is required")
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
            raise ValidationError("timeout", timeout, "must be positive seconds")
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for n in self._notifications:
                    if n.order_id == order_id:
                        return n
                left = deadline - time.monotonic()
                if left <= 0:
                    raise PollTimeout(
                        f"no notification for {order_id} within {timeout:g} s", last_status=None
                    )
                self._cond.wait(left)

    def since(self, index: int) -> tuple[list[Notification], int]:
        """Notifications from ``index`` on, and the next index (for waiting loops)."""
        with self._cond:
            return self._notifications[index:], len(self._notifications)

    def wait_for_more(self, index: int, timeout: float) -> bool:
        """Block until more than ``index`` notifications exist, or ``timeout`` passes."""
        with self._cond:
            if len(self._notifications) > index:
                return True
            if timeout > 0:
                self._cond.wait(timeout)
            return len(self._notifications) > index

    def on_notification(self, callback: Callable[[Notification], Any]) -> None:
        """Call ``callback(notification)`` (from the receiver's thread) for each new one."""
        self._listeners.append(callback)

    def to_frame(self) -> Any:
        """One row per notification (the contract's columns)."""
        from ..frames import build_frame

        rows = self.notifications
        columns: dict[str, list[Any]] = {
            "received_at": [n.received_at for n in rows],
            "subscription_id": [n.subscription_id for n in rows],
            "order_type": [n.order_type for n in rows],
            "order_id": [n.order_id for n in rows],
            "customer_order_id": [n.customer_order_id for n in rows],
            "status": [n.status for n in rows],
            "message": [n.message for n in rows],
            "completed_numbers": [list(n.completed_numbers) for n in rows],
        }
        return build_frame(columns, FRAME_COLUMNS)

    # -- server -------------------------------------------------------------------------
    async def _listen(self) -> None:
        from tornado import httpserver, httputil, netutil, web

        receiver = self

        class Hook(web.RequestHandler):
            SUPPORTED_METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH")

            def compute_etag(self) -> None:
                return None

            async def _any(self, *args: Any) -> None:
                started = time.monotonic()
                status, headers, body = receiver._answer(self.request)
                self.set_status(status)
                for name, value in headers.items():
                    self.set_header(name, value)
                if body:
                    self.set_header("Content-Type", "text/plain; charset=utf-8")
                reason = httputil.responses.get(status, "")
                receiver._record(self.request, status, reason, headers, body, started)
                self.finish(body)

            get = post = put = delete = head = options = patch = _any

        app = web.Application(
            [(r"/.*", Hook)], compress_response=False, log_function=lambda _handler: None
        )
        sockets = netutil.bind_sockets(self.port, address=self.host)
        self.port = sockets[0].getsockname()[1]
        server = httpserver.HTTPServer(
            app, max_body_size=SERVER_MAX_BODY, idle_connection_timeout=30, body_timeout=10
        )
        server.add_sockets(sockets)
        self._server = server

    async def _close(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    def _paths(self) -> set[str]:
        paths = {"/"}
        if self.public_url:
            path = urlsplit(self.public_url).path or "/"
            paths |= {path, path.rstrip("/") or "/"}
        return paths

    def _authorized(self, header: str) -> bool:
        """Constant-time comparison of both parts (no early exit on the user name)."""
        assert self.username is not None and self._password is not None
        scheme, _, value = header.partition(" ")
        user, password = "", ""
        if scheme.lower() == "basic" and value:
            try:
                decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
                user, _, password = decoded.partition(":")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                user, password = "", ""
        ok_user = hmac.compare_digest(user.encode(), self.username.encode())
        ok_password = hmac.compare_digest(password.encode(), self._password.encode())
        return ok_user and ok_password

    def _answer(self, request: Any) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) for one request; records an accepted notification."""
        if request.path not in self._paths():
            return 404, {}, b"not found\n"
        if request.method != "POST":
            return 405, {"Allow": "POST"}, b"only POST\n"
        if self.username is not None:
            header = request.headers.get("Authorization", "")
            if not header or not self._authorized(header):
                return 401, {"WWW-Authenticate": f'Basic realm="{REALM}"'}, b""
        body = request.body or b""
        if len(body) > MAX_NOTIFICATION_BYTES:
            return 400, {}, b"body too large for a notification\n"
        try:
            notification = parse_notification(body)
        except ResponseParseError:
            return 400, {}, b"not a well-formed <Notification>\n"
        notification = with_received_at(notification, datetime.now(UTC))
        with self._cond:
            if notification.key in self._seen:
                return 200, {}, b""
            self._seen.add(notification.key)
            self._notifications.append(notification)
            self._cond.notify_all()
        for listener in list(self._listeners):
            try:
                listener(notification)
            except Exception:  # a view's bug must not turn a delivery into a 500
                log.exception("a notification listener failed")
        return 200, {}, b""

    def _record(
        self,
        request: Any,
        status: int,
        reason: str,
        headers: dict[str, str],
        body: bytes,
        started: float,
    ) -> None:
        sent = {k: v for k, v in request.headers.get_all()}
        for name in list(sent):
            if name.lower() == "authorization":
                scheme = sent[name].partition(" ")[0] or "Basic"
                sent[name] = f"{scheme} {MASK}"
        raw = request.body or b""
        text = raw[:_KEEP_BODY].decode("utf-8", "replace")
        if len(raw) > _KEEP_BODY:
            text += f"\n… ({len(raw)} bytes in all)"
        self.exchanges.append(
            Exchange(
                method=request.method,
                url=f"{request.protocol}://{request.host}{request.uri}",
                request_headers=sent,
                request_body=text or None,
                status=status,
                reason=reason,
                response_headers=dict(headers),
                response_body=body.decode("utf-8", "replace") or None,
                elapsed=time.monotonic() - started,
                secret_hint=PASSWORD_HINT,
                api=self.api,
                user=self.username or "",
            )
        )
