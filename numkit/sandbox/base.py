"""The request pipeline every sandbox handler shares, and how error answers are written.

Order of events for an API request: body-size gate -> latency -> fault draw -> auth ->
handler. Why here: faults, latency and limits must behave identically on every
endpoint of both APIs, and the catch-all (an unexpected exception becomes a logged 500
with the API's own envelope) must never be forgotten by one handler.

Errors: a handler (or ``prepare``) raises an :class:`Answer` — a Tornado ``HTTPError``
that knows how to write itself in its API's envelope — and ``write_error`` writes it.
Each API subclasses ``Answer`` (V1's JSON ``{category, code, message, details}``, V2's
XML roots); the control endpoints answer plain JSON.

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
from collections.abc import Awaitable, Mapping
from typing import Any, ClassVar

from lxml import etree
from tornado import web
from tornado.concurrent import Future

from numkit.errors import ResponseParseError
from numkit.xmlsafe import parse_xml

from .world import World
from .xmlio import to_bytes

__all__ = [
    "MAX_BODY_BYTES",
    "Answer",
    "BadBody",
    "BaseHandler",
    "EmptyAnswer",
    "JsonAnswer",
    "XmlAnswer",
    "is_loopback_client",
]

log = logging.getLogger("numkit.sandbox")

MAX_BODY_BYTES = 10 * 1024 * 1024
XML_TYPE = "application/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


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


class BodyTooLarge(Exception):
    """Raised when a handler reads a body that exceeded MAX_BODY_BYTES."""


class Answer(web.HTTPError):
    """An error answer; ``write_error`` calls :meth:`render` with the handler.

    The base class answers in whatever envelope the handler's ``send_api_error`` writes.
    """

    def __init__(
        self,
        status: int,
        code: str = "",
        message: str = "",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(status)
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

    def render(self, handler: BaseHandler) -> None:
        handler.send_api_error(self.status_code, self.code, self.message, **self.headers)


class EmptyAnswer(Answer):
    """Status and headers, no body (V2's 401/403/429)."""

    def render(self, handler: BaseHandler) -> None:
        handler.send_empty(self.status_code, **self.headers)


class JsonAnswer(Answer):
    def __init__(self, status: int, payload: Any, headers: Mapping[str, str] | None = None):
        super().__init__(status, headers=headers)
        self.payload = payload

    def render(self, handler: BaseHandler) -> None:
        handler.send_json(self.status_code, self.payload, **self.headers)


class XmlAnswer(Answer):
    """An XML error body (V2: ``ErrorList``, ``ResponseStatus``, ``SearchResult/Error``…)."""

    def __init__(
        self, status: int, root: etree._Element, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(status, headers=headers)
        self.root = root

    def render(self, handler: BaseHandler) -> None:
        handler.send_xml(self.status_code, self.root, **self.headers)


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
    def send_api_error(self, status: int, code: str, message: str, **headers: str) -> None:
        """Answer with this API's error envelope (overridden per API)."""
        self.send_json(status, {"code": code, "message": message}, **headers)

    def fault_answer(self, kind: str) -> Answer:
        """The answer of fault kind ``503`` or ``429`` (overridden per API)."""
        return EmptyAnswer(int(kind))

    def authenticate(self) -> None:
        """Raise an Answer (401/403) when the caller may not proceed."""

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
            self.answer_instead(self.too_large())
            return
        if self.api not in ("v1", "v2"):
            return
        settings = self.world.faults.settings
        if settings.latency > 0:
            await asyncio.sleep(settings.latency)
        kind = self.world.faults.draw(self.request.method or "GET")
        if kind in ("slow", "slow-commit"):
            await asyncio.sleep(settings.slow_seconds)
        elif kind == "drop":
            self._drop_connection()
            return
        elif kind in ("503", "429"):
            self.answer_instead(self.fault_answer(kind))
            return
        elif kind == "commit-drop":
            self._commit_drop = True
        try:
            self.authenticate()
        except Answer as answer:
            self.answer_instead(answer)
            return
        self.world.tick()

    def too_large(self) -> Answer:
        return Answer(413, "request-too-large", f"The request body exceeds {MAX_BODY_BYTES} bytes.")

    def answer_instead(self, answer: Answer) -> None:
        """Raise ``answer`` from the handler method's slot instead of running it.

        Why not answer in ``prepare``: Tornado then has not read the request yet and
        closes the keep-alive connection after the answer, which a client reusing it
        sees as a reset. Deferring to the method slot keeps the connection healthy.
        """

        def replacement(*args: Any, **kwargs: Any) -> None:
            raise answer

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

    def raw_query(self) -> dict[str, str]:
        """Query parameters as sent (names keep their case), first value wins."""
        return {
            k: v[0].decode("utf-8", "replace") for k, v in self.request.query_arguments.items() if v
        }

    def base_url(self) -> str:
        return f"{self.request.protocol}://{self.request.host}"

    def _status_and_headers(self, status: int, headers: Mapping[str, str]) -> None:
        self.set_status(status)
        for name, value in headers.items():
            self.set_header(name.replace("_", "-"), value)

    def send_xml(self, status: int, root: etree._Element | None, **headers: str) -> None:
        self._status_and_headers(status, headers)
        if root is None:
            self.finish()
            return
        self.set_header("Content-Type", XML_TYPE)
        self.finish(self.xml_bytes(root))

    def xml_bytes(self, root: etree._Element) -> bytes:
        """Serialise an answer (V2 under ``/api/v2`` rewrites numbers first)."""
        return to_bytes(root)

    def send_json(self, status: int, payload: Any, **headers: str) -> None:
        self._status_and_headers(status, headers)
        self.set_header("Content-Type", JSON_TYPE)
        self.finish(json.dumps(payload))

    def send_empty(self, status: int, **headers: str) -> None:
        self._status_and_headers(status, headers)
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
        if isinstance(exc, Answer):
            exc.render(self)
        elif isinstance(exc, BodyTooLarge):
            self.too_large().render(self)
        elif isinstance(exc, web.HTTPError) and status_code < 500:
            code, text = {
                404: ("resource-not-found", "The resource does not exist"),
                405: ("method-not-allowed", "Method not allowed"),
            }.get(status_code, ("bad-request", exc.log_message or "Bad request"))
            self.send_api_error(status_code, code, text)
        else:
            self.send_api_error(500, "internal-error", "Internal sandbox error.")

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if isinstance(value, BodyTooLarge | Answer):
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

    get = post = put = delete = patch = options = head = _not_allowed
