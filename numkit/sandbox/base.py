"""The request pipeline every sandbox handler shares.

Order of events for an API request: body-size gate -> latency -> fault draw -> auth ->
handler. Why here: faults, latency and limits must behave identically on every
endpoint of both APIs, and the catch-all (an unexpected exception becomes a logged 500
with the API's own envelope) must never be forgotten by one handler.

Bodies are streamed (``stream_request_body``) so an oversized upload is refused with a
413 envelope instead of being buffered.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import ipaddress
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar

from lxml import etree
from tornado import web
from tornado.concurrent import Future

from numkit.errors import ResponseParseError
from numkit.xmlsafe import parse_xml

from .faults import SLOW_SECONDS
from .world import World
from .xmlout import to_bytes

__all__ = ["MAX_BODY_BYTES", "BadBody", "BaseHandler"]

log = logging.getLogger("numkit.sandbox")

MAX_BODY_BYTES = 10 * 1024 * 1024
XML_TYPE = "application/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
LOOPBACK = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})


def is_loopback_client(remote_ip: str | None) -> bool:
    """True for any loopback peer (127.0.0.0/8, ::1, IPv4-mapped loopback)."""
    if not remote_ip:
        return False
    try:
        address = ipaddress.ip_address(remote_ip.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


class BadBody(Exception):
    """The request body could not be read as the API's format."""


@web.stream_request_body
class BaseHandler(web.RequestHandler):
    """Shared plumbing; subclasses set ``api`` and implement the envelopes."""

    api: ClassVar[str] = "none"  # "v1", "v2" or "control"
    SUPPORTED_METHODS = ("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH")

    def initialize(self, world: World) -> None:
        self.world = world
        self._chunks = bytearray()
        self._too_large = False
        self._commit_drop = False
        self._done = False

    # ---- hooks for subclasses -------------------------------------------------
    def send_api_error(self, status: int, code: str, message: str) -> None:
        """Answer with this API's error envelope (overridden per API)."""
        self.set_status(status)
        self.set_header("Content-Type", JSON_TYPE)
        self.finish(json.dumps({"code": code, "message": message}))

    def fault_429(self) -> None:
        self.set_status(429)
        self.finish()

    def fault_503(self) -> None:
        self.set_status(503)
        self.finish()

    def authenticate(self) -> bool:
        """Return False after arranging a 401/403 answer with ``answer_instead``."""
        return True

    # ---- pipeline -------------------------------------------------------------
    def compute_etag(self) -> None:
        return None  # API answers are not cacheable

    def set_default_headers(self) -> None:
        self.clear_header("Content-Type")
        self.set_header("Server", "numkit-sandbox")

    async def prepare(self) -> None:
        length = self.request.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > MAX_BODY_BYTES:
            self._too_large = True
            self.answer_instead(
                lambda: self.send_api_error(
                    413, "request-too-large", f"The request body exceeds {MAX_BODY_BYTES} bytes."
                )
            )
            return
        if self.api in ("v1", "v2"):
            settings = self.world.faults.settings
            if settings.latency > 0:
                await asyncio.sleep(settings.latency)
            kind = self.world.faults.draw(self.request.method or "GET")
            if kind == "slow":
                await asyncio.sleep(SLOW_SECONDS)
            elif kind == "drop":
                self._drop_connection()
                return
            elif kind == "503":
                self.answer_instead(self.fault_503)
                return
            elif kind == "429":
                self.answer_instead(self.fault_429)
                return
            elif kind == "commit-drop":
                self._commit_drop = True
            if not self.authenticate():
                return
            self.world.tick()

    def answer_instead(self, respond: Callable[[], None]) -> None:
        """Answer with ``respond()`` instead of the handler method.

        Why not answer in ``prepare``: Tornado then has not read the request yet and
        closes the keep-alive connection after the answer, which a client reusing it
        sees as a reset. Deferring to the method slot keeps the connection healthy.
        """

        def replacement(*args: Any, **kwargs: Any) -> None:
            respond()

        setattr(self, (self.request.method or "GET").lower(), replacement)

    def data_received(self, chunk: bytes) -> None:
        if self._done or self._too_large:
            return
        if len(self._chunks) + len(chunk) > MAX_BODY_BYTES:
            self._too_large = True
            self._chunks = bytearray()
            return
        self._chunks.extend(chunk)

    @property
    def body(self) -> bytes:
        if self._too_large:
            raise BodyTooLarge
        return bytes(self._chunks)

    def xml_body(self) -> etree._Element:
        """The request body through the one hardened parser, or BadBody."""
        try:
            return parse_xml(self.body, max_bytes=MAX_BODY_BYTES)
        except ResponseParseError as exc:
            raise BadBody(str(exc)) from exc

    def json_body(self) -> Any:
        raw = self.body
        if not raw.strip():
            return None
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            # RecursionError: absurdly deep nesting ("[[[[…") must be a 400, not a 500.
            raise BadBody(f"the body is not valid JSON: {type(exc).__name__}") from exc

    def basic_credentials(self) -> tuple[str, str] | None:
        header = self.request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic" or not value:
            return None
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
        user, sep, password = decoded.partition(":")
        return (user, password) if sep else None

    def query(self) -> dict[str, str]:
        """Query parameters, names lower-cased, first value wins."""
        out: dict[str, str] = {}
        for name, values in self.request.query_arguments.items():
            if values and name.lower() not in out:
                out[name.lower()] = values[0].decode("utf-8", "replace")
        return out

    def base_url(self) -> str:
        return f"{self.request.protocol}://{self.request.host}"

    def send_xml(self, status: int, root: etree._Element | None, **headers: str) -> None:
        self.set_status(status)
        for name, value in headers.items():
            self.set_header(name.replace("_", "-"), value)
        if root is None:
            self.finish()
            return
        self.set_header("Content-Type", XML_TYPE)
        self.finish(to_bytes(root))

    def send_json(self, status: int, payload: Any, **headers: str) -> None:
        self.set_status(status)
        for name, value in headers.items():
            self.set_header(name.replace("_", "-"), value)
        self.set_header("Content-Type", JSON_TYPE)
        self.finish(json.dumps(payload))

    def send_empty(self, status: int, **headers: str) -> None:
        self.set_status(status)
        for name, value in headers.items():
            self.set_header(name.replace("_", "-"), value)
        self.finish()

    def _drop_connection(self) -> None:
        """Close the socket with no answer at all (fault kinds drop / commit-drop)."""
        self._done = True
        try:
            stream = self.detach()
        except Exception:  # pragma: no cover - already closed
            return
        stream.close()

    def finish(self, chunk: str | bytes | dict[str, Any] | None = None) -> Future[None]:
        if self._commit_drop and self.request.method in ("POST", "DELETE"):
            # The change is committed by now; the client just never hears about it.
            self._drop_connection()
            done: Future[None] = Future()
            done.set_result(None)
            return done
        self._done = True
        return super().finish(chunk)

    def on_connection_close(self) -> None:
        self._done = True

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, BodyTooLarge):
            self.send_api_error(413, "request-too-large", "The request body is too large.")
        elif isinstance(exc, web.HTTPError) and status_code < 500:
            code, text = {
                404: ("resource-not-found", "The resource does not exist"),
                405: ("method-not-allowed", "Method not allowed"),
            }.get(status_code, ("bad-request", exc.log_message or "Bad request"))
            self.send_api_error(status_code, code, text)
        else:
            self.send_api_error(500, "internal-error", "Internal sandbox error.")

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, BodyTooLarge):
            return
        if isinstance(value, web.HTTPError) and value.status_code < 500:
            return
        log.error(
            "unexpected error on %s %s",
            self.request.method,
            self.request.path,
            exc_info=(typ, value, tb),
        )

    # Methods the subclasses do not implement answer 405 in the API's envelope.
    def _not_allowed(self, *args: Any, **kwargs: Any) -> Awaitable[None] | None:
        raise web.HTTPError(405)

    get = post = put = delete = patch = options = head = _not_allowed  # type: ignore[assignment]


class BodyTooLarge(Exception):
    """Raised when a handler reads a body that exceeded MAX_BODY_BYTES."""
